"""Build a release: discover inputs, run the two passes, write, describe, publish."""

from __future__ import annotations

import errno
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from packager._types import StrPath
from packager._version import __version__
from packager.build.checkpoint import Checkpoint
from packager.build.passes import ProcessedBatch, process_corpus, survey_corpus
from packager.build.publishable import require_accepted, require_input_files
from packager.build.reading import Inventory, read_inputs
from packager.build.unique import IdEntry, UniqueIds
from packager.build.workspace import checkpoint_folder, private_folder
from packager.check.schemas import RECORD_KINDS, schema_filename, schema_id, schemas_dir
from packager.check.validator import RecordChecker
from packager.engines import open_engine
from packager.errors import ConfigError, PackagerError, ReleaseError, StrictModeError
from packager.export.card import card_license, citation_bibtex, render_card
from packager.export.croissant import croissant
from packager.export.datapackage import datapackage
from packager.export.manifest import manifest_text, output_files
from packager.export.writer import ReleaseWriter
from packager.identify import ID_SCHEME
from packager.ingest.discover import Discovery, discover
from packager.layout import (
    CARD_NAME,
    CROISSANT_NAME,
    DATAPACKAGE_NAME,
    MANIFEST_NAME,
    SCHEMAS_FOLDER,
)
from packager.publish.version import (
    PublishOutcome,
    build_lock,
    publish,
    release_path,
    staging_folder,
)
from packager.quality.classify import KINDS
from packager.releases.changes import previous_release, write_changes
from packager.releases.diff import ReleaseContent, ReleaseDiff, changelog_markdown
from packager.settings import BuildSettings

EXAMPLE_CORPUS = Path(__file__).parents[1] / "examples" / "corpus"


class ProgressHook(Protocol):
    """Told the input bytes to read once they are known, each file's bytes when read,
    and each input unit (article or reject) when written."""

    def start(self, total_bytes: int) -> None: ...

    def advance(self, done_bytes: int) -> None: ...

    def article_done(self) -> None: ...


@dataclass
class BuildResult:
    """What a build did; ``counts`` is the manifest's counts block."""

    release: Path
    outcome: PublishOutcome | None
    counts: dict[str, Any]
    ignored: list[str] = field(default_factory=list)
    reject_messages: list[str] = field(default_factory=list)
    resumed_batches: int = 0  # batches a killed earlier run had finished, reused
    warnings: list[str] = field(default_factory=list)  # what the user should know, not errors
    changes: ReleaseDiff | None = None  # against --previous, also in changes.json

    def to_dict(self) -> dict[str, Any]:
        """What ``packager build --json`` prints."""
        return {
            "release": str(self.release),
            "outcome": self.outcome,
            "counts": self.counts,
            "ignored": self.ignored,
            "reject_messages": self.reject_messages,
            "resumed_batches": self.resumed_batches,
            "warnings": self.warnings,
            "changes": None if self.changes is None else self.changes.to_dict(),
        }


def created_at_from_env() -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO 8601 UTC time stamp, or None when unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={value!r} is not a Unix time in seconds") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_release(
    inputs: Sequence[StrPath] | None,
    settings: BuildSettings,
    out: StrPath = "dist",
    *,
    strict: bool = False,
    force: bool = False,
    progress: ProgressHook | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    previous: StrPath | None = None,
) -> BuildResult:
    """Build ``out/NAME/VERSION`` from ``inputs`` (the bundled example corpus when None).

    Every input unit ends in the release or in ``rejects.jsonl``. Publishes nothing and
    raises :class:`NothingToPublishError` when no article is accepted, and
    :class:`StrictModeError` when ``strict`` and any input was rejected. The per-article
    work runs on ``engine`` ("local" with ``workers`` processes, or "dask" on the cluster
    at ``scheduler``, a local one when None); the release is the same bytes either way.
    With ``previous`` (an earlier published release), what changed since it is written
    into the new release: ``changes.json`` and a section of the card.
    """
    out = Path(out)
    final = release_path(out, settings.name, settings.version)
    earlier = previous_release(Path(previous), settings) if previous is not None else None
    roots = [Path(path) for path in inputs] if inputs else [EXAMPLE_CORPUS]
    discovery = discover(roots, follow_links=settings.limits.follow_links, exclude=out)
    require_input_files(discovery, roots)  # before the lock: nothing under out
    created_at = created_at_from_env()
    checker = RecordChecker()
    inventory = Inventory()
    if progress is not None:
        progress.start(discovery.total_bytes())  # each input is read once
    advance = progress.advance if progress is not None else None
    context = _Context(checker, inventory, created_at, strict, force, progress, earlier)
    with build_lock(final):
        work = checkpoint_folder(final, settings, discovery)
        trusted = private_folder(work)
        checkpoint = Checkpoint(work if trusted else None)
        spill = work if trusted else Path(tempfile.mkdtemp(prefix="packager-spill-"))
        try:
            with open_engine(engine, workers, scheduler, checkpoint) as runner:
                raws = read_inputs(discovery, inventory, settings, advance)
                survey, spilled = survey_corpus(runner, raws, settings, spill)
                processed = process_corpus(runner, spilled, settings, survey, spill)
                scratch = replace(context, scratch=spill)
                result = _write_release(final, discovery, settings, processed, scratch)
                result.resumed_batches = checkpoint.reused
                if not trusted:
                    result.warnings.append(
                        f"{work.parent} is not a private folder of this user (a link, another "
                        "user's, or writable by others), so its saved batches cannot be trusted: "
                        "built without saving or reusing any; remove it to make builds "
                        "resumable again"
                    )
                return result
        except OSError as exc:  # a full disk, a quota, a file size limit, permissions
            raise ReleaseError(_write_failure(exc, out)) from exc
        finally:  # a finished or failed build needs no resuming; only a killed one leaves it
            shutil.rmtree(work.parent if trusted else spill, ignore_errors=True)


def _write_failure(exc: OSError, out: Path) -> str:
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    advice = (
        f"free space under {out} or choose another --out"
        if full
        else f"check that {out} is writable, or choose another --out"
    )
    return f"cannot write the release ({exc.strerror or exc}): {advice}; nothing was published"


@dataclass(frozen=True)
class _Context:
    checker: RecordChecker
    inventory: Inventory
    created_at: str | None
    strict: bool
    force: bool
    progress: ProgressHook | None = None
    previous: ReleaseContent | None = None
    scratch: Path | None = None  # a private folder for the unique-ID check's files


def _write_release(
    final: Path,
    discovery: Discovery,
    settings: BuildSettings,
    processed: Iterable[ProcessedBatch],
    context: _Context,
) -> BuildResult:
    """Write every processed item into a staging folder, describe it, and publish it."""
    checker, inventory, created_at = context.checker, context.inventory, context.created_at
    strict, force = context.strict, context.force
    with staging_folder(final) as staging:
        writer = ReleaseWriter(staging, settings, checker)
        ids = UniqueIds(context.scratch)
        result = BuildResult(final, None, {}, discovery.ignored)
        try:
            result.counts = _write_all(
                processed, ids, writer, settings, result.reject_messages, context.progress
            )
            stats = writer.close()
        except BaseException:
            writer.abort()
            raise
        finally:  # a failed or abandoned build closes its files too
            ids.remove()
        require_accepted(result.counts, result.reject_messages, discovery)
        if strict and result.counts["rejected"]:
            raise StrictModeError(
                f"--strict: {result.counts['rejected']} input(s) rejected, nothing published; "
                "see the messages above"
            ).with_result(result)
        _copy_schemas(staging / SCHEMAS_FOLDER)
        if context.previous is not None:
            result.changes = write_changes(staging, settings, context.previous)
            if not result.changes.version_ok:
                result.warnings.append(result.changes.version_warning())
        license_id = card_license(writer.licenses, settings)
        (staging / CARD_NAME).write_text(
            render_card(
                settings,
                stats,
                sorted(writer.languages),
                license_id,
                result.counts,
                dict(writer.sources),
                writer.dates,
                id_scheme=ID_SCHEME,
                changes=changelog_markdown(result.changes) if result.changes is not None else "",
            ),
            encoding="utf-8",
        )
        _write_ecosystem_metadata(staging, settings, license_id, writer.dates)
        _write_manifest(staging, settings, created_at, inventory, result.counts, checker)
        result.outcome = publish(staging, final, force=force)
    return result


def _write_all(
    batches: Iterable[ProcessedBatch],
    ids: UniqueIds,
    writer: ReleaseWriter,
    settings: BuildSettings,
    messages: list[str],
    progress: ProgressHook | None = None,
) -> dict[str, Any]:
    """Write every input unit (article or reject), each article once its ID is known
    to be unique; returns the manifest's counts block."""
    inputs_seen = accepted = 0
    articles = dict.fromkeys(settings.splits, 0)
    paragraphs = dict.fromkeys(settings.splits, 0)
    for batch in batches:
        rendered = iter(enumerate(batch.rendered.articles))
        kept = []
        for unit in batch.units:
            inputs_seen += 1
            if progress is not None:
                progress.article_done()
            if isinstance(unit, IdEntry):
                position, article = next(rendered)
                refused = ids.check(unit)
                if refused is None:
                    writer.write_rendered(article)
                    kept.append(position)
                    accepted += 1
                    articles[article.split] += 1
                    paragraphs[article.split] += len(article.paragraph_sizes)
                    continue
                unit = refused
            writer.write_reject(unit)
            messages.append(unit.message)
        writer.add_rows(batch.rendered, kept)
    ids.finish()
    return {
        "inputs": inputs_seen,
        "accepted": accepted,
        "rejected": inputs_seen - accepted,
        "rejected_by_reason": dict(sorted(writer.rejected.items())),
        "articles": articles,
        "paragraphs": paragraphs,
        "paragraphs_dropped": dict(sorted(writer.dropped.items())),
        "kinds": {kind: writer.kinds[kind] for kind in KINDS},
        "flags": dict(sorted(writer.flags.items())),
        "languages": dict(sorted(writer.languages.items())),
        "duplicates": writer.duplicates,
    }


def tool_versions() -> dict[str, str]:
    """Versions of the libraries whose output lands in a release."""
    return {
        name: importlib.metadata.version(name)
        for name in ("datasets", "datasketch", "orjson", "py3langid", "pyarrow", "trafilatura")
    }


def _write_ecosystem_metadata(
    staging: Path, settings: BuildSettings, license_id: str, dates: list[str]
) -> None:
    """croissant.json and datapackage.json, from the final data files' checksums."""
    files = output_files(staging)
    published = dates[1] if dates else None
    documents = {
        CROISSANT_NAME: croissant(
            settings, files, license_id, citation_bibtex(settings, ID_SCHEME), published
        ),
        DATAPACKAGE_NAME: datapackage(settings, files, license_id),
    }
    for name, document in documents.items():
        (staging / name).write_text(manifest_text(document), encoding="utf-8")


def _copy_schemas(target: Path) -> None:
    target.mkdir()
    for kind in RECORD_KINDS:
        shutil.copyfile(schemas_dir() / schema_filename(kind), target / schema_filename(kind))


def _write_manifest(
    staging: Path,
    settings: BuildSettings,
    created_at: str | None,
    inventory: Inventory,
    counts: dict[str, Any],
    checker: RecordChecker,
) -> None:
    manifest = {
        "name": settings.name,
        "version": settings.version,
        "packager_version": __version__,
        "id_scheme": ID_SCHEME,
        "created_at": created_at,
        "schemas": {kind: schema_id(kind) for kind in RECORD_KINDS},
        "tools": tool_versions(),
        "settings": settings.model_dump(mode="json"),
        "inputs": inventory.files,
        "counts": counts,
        "files": output_files(staging),
    }
    problems = checker.findings("manifest", manifest)
    if problems:
        raise PackagerError(f"internal error: the manifest does not match its schema: {problems}")
    (staging / MANIFEST_NAME).write_text(manifest_text(manifest), encoding="utf-8")
