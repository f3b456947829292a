"""``packager build --previous OLD``: what changed since OLD, written into the new release.

Published releases are never edited. Instead the release being built carries
its own comparison with the previous one: ``changes.json`` (the full
:class:`ReleaseDiff`) and a "Changes since" section of its card. Both depend
only on the two releases' records and settings, so a rebuild with the same
``--previous`` is byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from packager.check.schemas import RECORD_KINDS, schema_id
from packager.errors import ConfigError
from packager.export.manifest import manifest_text
from packager.layout import CHANGES_NAME
from packager.releases.diff import (
    ReleaseContent,
    ReleaseDiff,
    check_version,
    compare,
    load_release,
    read_articles,
)
from packager.settings import BuildSettings
from packager.versions import at_least


def previous_release(path: Path, settings: BuildSettings) -> ReleaseContent:
    """The release given as ``--previous``, read (and checked) before the build starts."""
    earlier = load_release(path)
    check_version(earlier.manifest)
    version = earlier.manifest["version"]
    if at_least(version, settings.version):
        raise ConfigError(
            f"--previous {path} is version {version}, which is not below the version being "
            f"built ({settings.version}); give an earlier release"
        )
    return earlier


def write_changes(staging: Path, settings: BuildSettings, earlier: ReleaseContent) -> ReleaseDiff:
    """Compare the records written to ``staging`` with ``earlier``; write changes.json."""
    manifest = {
        "name": settings.name,
        "version": settings.version,
        "schemas": {kind: schema_id(kind) for kind in RECORD_KINDS},
        "settings": settings.model_dump(mode="json"),
        "files": None,  # not written yet, so counted as changed
    }
    changes = compare(earlier, ReleaseContent(manifest, read_articles(staging)))
    (staging / CHANGES_NAME).write_text(manifest_text(changes.to_dict()), encoding="utf-8")
    return changes
