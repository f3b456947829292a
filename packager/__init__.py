"""packager: scraped news articles in, validated paragraph-level dataset releases out.

Everything the CLI does is here too::

    import packager

    settings = packager.BuildSettings(name="city-news", version="1.0.0")
    result = packager.build_release(["articles/"], settings, out="dist")
    release = packager.open_release(result.release)
    assert release.verify().valid

Every function that takes a path accepts a ``str`` or any ``os.PathLike``.

``import packager`` is cheap: each public name is imported from its module the
first time it is used (PEP 562), so a script that only needs ``split_paragraphs``
never loads pyarrow, datasets or trafilatura.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from packager._version import __version__

if TYPE_CHECKING:
    from packager.build import BuildResult, build_release
    from packager.check.report import ValidationReport, validate_path
    from packager.errors import (
        BuildInProgressError,
        ConfigError,
        IdCollisionError,
        NothingToPublishError,
        OutputError,
        PackagerError,
        ReleaseConflictError,
        ReleaseError,
        SchemaError,
        StrictModeError,
    )
    from packager.identify import ID_SCHEME, article_id, paragraph_id, split_for
    from packager.labeling.adopt import adopt_annotations
    from packager.labeling.carry import CarryResult, carry_annotations
    from packager.labeling.importing import ImportResult, import_annotations
    from packager.labeling.label_studio_api import (
        LabelStudioClient,
        LabelStudioError,
        PushResult,
    )
    from packager.labeling.label_studio_api import pull as pull_from_label_studio
    from packager.labeling.label_studio_api import push as push_to_label_studio
    from packager.labeling.merge import MergeResult, merge_annotations
    from packager.labeling.models import ClassificationTask, LabelScheme, SpanTask
    from packager.labeling.scheme import load_scheme
    from packager.labeling.stats import AnnotationStats, annotation_stats
    from packager.labeling.task_files import ExportResult, export_release
    from packager.models import ArticleRecord, Manifest, ParagraphRecord, RejectRecord, Source
    from packager.releases.diff import ReleaseDiff, diff_releases
    from packager.releases.opened import PublishedRelease, open_release
    from packager.releases.stats import ReleaseStats
    from packager.releases.stats import release_stats as inspect_release
    from packager.releases.verify import VerifyReport, verify_release
    from packager.schema_models import write_schemas
    from packager.segment import split_paragraphs
    from packager.settings import BuildSettings

# public name -> "module" (same name there) or "module:name"
_LAZY: dict[str, str] = {
    # build and check
    "BuildResult": "packager.build",
    "BuildSettings": "packager.settings",
    "build_release": "packager.build",
    "ValidationReport": "packager.check.report",
    "validate_path": "packager.check.report",
    "write_schemas": "packager.schema_models",
    # records and IDs
    "ArticleRecord": "packager.models",
    "Manifest": "packager.models",
    "ParagraphRecord": "packager.models",
    "RejectRecord": "packager.models",
    "Source": "packager.models",
    "ID_SCHEME": "packager.identify",
    "article_id": "packager.identify",
    "paragraph_id": "packager.identify",
    "split_for": "packager.identify",
    "split_paragraphs": "packager.segment",
    # releases over time
    "PublishedRelease": "packager.releases.opened",
    "open_release": "packager.releases.opened",
    "VerifyReport": "packager.releases.verify",
    "verify_release": "packager.releases.verify",
    "ReleaseDiff": "packager.releases.diff",
    "diff_releases": "packager.releases.diff",
    "ReleaseStats": "packager.releases.stats",
    "inspect_release": "packager.releases.stats:release_stats",
    # labeling round trip
    "LabelScheme": "packager.labeling.models",
    "ClassificationTask": "packager.labeling.models",
    "SpanTask": "packager.labeling.models",
    "load_scheme": "packager.labeling.scheme",
    "ExportResult": "packager.labeling.task_files",
    "export_release": "packager.labeling.task_files",
    "ImportResult": "packager.labeling.importing",
    "import_annotations": "packager.labeling.importing",
    "adopt_annotations": "packager.labeling.adopt",
    "AnnotationStats": "packager.labeling.stats",
    "annotation_stats": "packager.labeling.stats",
    "MergeResult": "packager.labeling.merge",
    "merge_annotations": "packager.labeling.merge",
    "CarryResult": "packager.labeling.carry",
    "carry_annotations": "packager.labeling.carry",
    "LabelStudioClient": "packager.labeling.label_studio_api",
    "LabelStudioError": "packager.labeling.label_studio_api",
    "PushResult": "packager.labeling.label_studio_api",
    "push_to_label_studio": "packager.labeling.label_studio_api:push",
    "pull_from_label_studio": "packager.labeling.label_studio_api:pull",
    # errors
    "PackagerError": "packager.errors",
    "ConfigError": "packager.errors",
    "SchemaError": "packager.errors",
    "IdCollisionError": "packager.errors",
    "OutputError": "packager.errors",
    "ReleaseError": "packager.errors",
    "ReleaseConflictError": "packager.errors",
    "BuildInProgressError": "packager.errors",
    "NothingToPublishError": "packager.errors",
    "StrictModeError": "packager.errors",
}

__all__ = [
    "ID_SCHEME",
    "AnnotationStats",
    "ArticleRecord",
    "BuildInProgressError",
    "BuildResult",
    "BuildSettings",
    "CarryResult",
    "ClassificationTask",
    "ConfigError",
    "ExportResult",
    "IdCollisionError",
    "ImportResult",
    "LabelScheme",
    "LabelStudioClient",
    "LabelStudioError",
    "Manifest",
    "MergeResult",
    "NothingToPublishError",
    "OutputError",
    "PackagerError",
    "ParagraphRecord",
    "PublishedRelease",
    "PushResult",
    "RejectRecord",
    "ReleaseConflictError",
    "ReleaseDiff",
    "ReleaseError",
    "ReleaseStats",
    "SchemaError",
    "Source",
    "SpanTask",
    "StrictModeError",
    "ValidationReport",
    "VerifyReport",
    "__version__",
    "adopt_annotations",
    "annotation_stats",
    "article_id",
    "build_release",
    "carry_annotations",
    "diff_releases",
    "export_release",
    "import_annotations",
    "inspect_release",
    "load_scheme",
    "merge_annotations",
    "open_release",
    "paragraph_id",
    "pull_from_label_studio",
    "push_to_label_studio",
    "split_for",
    "split_paragraphs",
    "validate_path",
    "verify_release",
    "write_schemas",
]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'packager' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(module_name), attribute or name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
