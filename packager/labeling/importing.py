"""``packager annotations import``: a tool's export files in, one normalised table out.

Every span is re-anchored on the release: offsets are converted from the tool's
unit to code points and the span's text is the release paragraph sliced there.
The tool's own copy of the text is only checked, never trusted. Whatever cannot
be brought back (unknown paragraph, offsets out of range or not matching,
cancelled or empty, the same annotation twice) is written to
``annotation-rejects.jsonl`` with its reason and counted; nothing is dropped
silently.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from packager._types import StrPath
from packager.check.validator import RecordChecker, as_json
from packager.errors import ConfigError, PackagerError
from packager.labeling.annotation_folder import (
    REJECTS,
    TABLE,
    existing_records,
    existing_rejects,
    staged_folder,
    write_table,
)
from packager.labeling.article_tasks import ArticleLayouts
from packager.labeling.models import TOOLS
from packager.labeling.offsets import OffsetUnit, to_codepoints
from packager.labeling.raw import RawAnnotation, RawProblem
from packager.labeling.task_files import FORMATS
from packager.layout import PARAGRAPHS_NAME
from packager.publish.files import OutputFile, child, write_bytes
from packager.releases.records import read_records


@dataclass
class ImportResult:
    """What one import did (annotations in per task type, rejects per reason);
    ``to_dict()`` is what ``--json`` prints."""

    out: Path
    files: list[str] = field(default_factory=list)
    imported: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    by_task: Counter[str] = field(default_factory=Counter)
    kept: int = 0  # annotations an earlier import had left in ``out``

    @property
    def total(self) -> int:
        return self.kept + self.imported

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "files": self.files,
            "imported": self.imported,
            "by_task": dict(sorted(self.by_task.items())),
            "rejected": dict(sorted(self.rejected.items())),
            "kept": self.kept,
            "total": self.total,
        }


class _Reject(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _paragraphs(release: Path) -> dict[str, tuple[str, str]]:
    if not (release / PARAGRAPHS_NAME).exists():
        raise ConfigError(f"{release} is not a release folder (no paragraphs.jsonl)")
    return {
        p["paragraph_id"]: (p["article_id"], p["text"])
        for p in read_records(release / PARAGRAPHS_NAME)
    }


def _offset(value: Any, text: str, unit: OffsetUnit, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Reject("invalid-record", f"span {name} {as_json(value)} is not an integer")
    converted = to_codepoints(text, value, unit)
    if converted is None:
        raise _Reject(
            "span-out-of-range",
            f"span {name} {value} ({unit}) is outside the paragraph or inside a character",
        )
    return converted


def _span(raw: RawAnnotation, text: str, unit: OffsetUnit) -> tuple[int, int, str]:
    """A span's code-point offsets and text, checked against the release paragraph."""
    if raw.tool_text is not None and unicodedata.normalize("NFC", str(raw.tool_text)) != text:
        raise _Reject("span-mismatch", "the tool's text differs from the release paragraph")
    if not isinstance(raw.label, str) or not raw.label:
        raise _Reject("invalid-record", f"span label {as_json(raw.label)} is not a name")
    start = _offset(raw.start, text, unit, "start")
    end = _offset(raw.end, text, unit, "end")
    if not start < end:
        raise _Reject("span-out-of-range", f"span {raw.start}..{raw.end} is empty or reversed")
    span_text = text[start:end]
    quoted = raw.quoted
    if quoted is not None and (
        not isinstance(quoted, str) or unicodedata.normalize("NFC", quoted) != span_text
    ):
        raise _Reject(
            "span-mismatch",
            f"the tool quotes {as_json(raw.quoted)} but the release has {as_json(span_text)} there",
        )
    return start, end, span_text


def _classes(raw: RawAnnotation) -> list[str]:
    """The classes chosen, each a name."""
    if not raw.labels:
        raise _Reject("empty", "no classes chosen")
    for item in raw.labels:
        if not isinstance(item, str) or not item:
            raise _Reject("invalid-record", f"class {as_json(item)} is not a name")
    return list(raw.labels)


def normalise(
    raw: RawAnnotation,
    tool: str,
    unit: OffsetUnit,
    paragraphs: dict[str, tuple[str, str]],
    file: str,
    articles: ArticleLayouts | None = None,
) -> dict[str, Any]:
    """The annotation record of one raw annotation; raises _Reject when it cannot be one.

    ``raw.paragraph_id`` names a paragraph, or (a task of ``--unit article``) an article
    of ``articles``: its spans go onto the paragraph that holds them, its classes stay on
    the article.
    """
    pid = raw.paragraph_id
    if isinstance(pid, str) and pid not in paragraphs and articles is not None and pid in articles:
        return _article_record(raw, tool, unit, articles, file)
    if not isinstance(pid, str) or pid not in paragraphs:
        raise _Reject("unknown-paragraph", f"paragraph_id {as_json(pid)} is not in the release")
    article_id, text = paragraphs[pid]
    start = end = span_text = None
    labels: list[str] = []
    if raw.task == "span":
        start, end, span_text = _span(raw, text, unit)
        label: str | None = raw.label
    else:
        labels = _classes(raw)
        label = labels[0] if len(labels) == 1 else None
    return build_record(raw, tool, pid, article_id, labels, label, (start, end, span_text), file)


def _article_record(
    raw: RawAnnotation, tool: str, unit: OffsetUnit, articles: ArticleLayouts, file: str
) -> dict[str, Any]:
    """An annotation of an article task: a span on the paragraph holding it, or the
    article's classes (``paragraph_id`` null)."""
    article_id = raw.paragraph_id
    tool_text = raw.tool_text
    if tool_text is not None:
        tool_text = unicodedata.normalize("NFC", str(tool_text))
    layout = articles.choose(article_id, tool_text)
    if layout is None:
        raise _Reject("span-mismatch", "the tool's text differs from the release article")
    if raw.task != "span":
        labels = _classes(raw)
        label = labels[0] if len(labels) == 1 else None
        return build_record(raw, tool, None, article_id, labels, label, (None,) * 3, file)
    start, end, span_text = _span(replace(raw, tool_text=None), layout.text, unit)
    found = layout.locate(start, end)
    if found is None:
        raise _Reject(
            "span-crosses-paragraphs",
            f"span {raw.start}..{raw.end} is not inside one paragraph of the article",
        )
    pid, start, end = found
    return build_record(raw, tool, pid, article_id, [], raw.label, (start, end, span_text), file)


def build_record(
    raw: RawAnnotation,
    tool: str,
    pid: str | None,
    article_id: str,
    labels: list[str],
    label: str | None,
    span: tuple[int | None, int | None, str | None],
    file: str,
) -> dict[str, Any]:
    """The annotation record, its ID a hash of its identity; _Reject if not JSON-writable."""
    start, end, span_text = span
    record: dict[str, Any] = {
        "annotation_id": "",  # set below from the annotation's identity
        "paragraph_id": pid,
        "article_id": article_id,
        "tool": tool,
        "annotator": raw.annotator,
        "task": raw.task,
        "label": label,
        "labels": labels,
        "start": start,
        "end": end,
        "text": span_text,
        "created_at": raw.created_at,
        "status": raw.status,
        "source": {"file": file, "record": raw.record},
    }
    on = pid if pid is not None else f"article:{article_id}"
    try:
        identity = orjson.dumps(
            [tool, on, raw.annotator, raw.task, labels, label, start, end, raw.status]
        )
        orjson.dumps(record)
    except orjson.JSONEncodeError as exc:  # a lone surrogate, an integer beyond 64 bits
        raise _Reject("invalid-record", f"cannot be written as JSON: {exc}") from None
    record["annotation_id"] = hashlib.blake2b(identity, digest_size=10).hexdigest()
    return record


def _writable(text: str) -> str:
    """``text`` with lone surrogates (which JSON cannot carry) as backslash escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class _RejectWriter:
    """Writes annotation rejects (validated) and counts them by reason."""

    def __init__(self, stream: BinaryIO, checker: RecordChecker, counts: Counter[str]):
        self._stream = stream
        self._checker = checker
        self._counts = counts
        self.file = ""

    def __call__(
        self, record: int, reason: str, message: str, pid: Any, article_id: str | None = None
    ) -> None:
        entry = {
            "reason": reason,
            "message": _writable(f"{self.file}:{record}: {message}"),
            "source": {"file": self.file, "record": record},
            "paragraph_id": _writable(pid) if isinstance(pid, str) else None,
        }
        if article_id is not None:
            entry["article_id"] = article_id
        if self._checker.findings("annotation-reject", entry):
            raise PackagerError(f"internal error: invalid annotation reject {entry}")
        self._stream.write(orjson.dumps(entry) + b"\n")
        self._counts[reason] += 1


def export_files(exports: StrPath | Sequence[StrPath]) -> list[Path]:
    """The export files to read: each file given, and each folder's ``*.json``/``*.jsonl``."""
    files: list[Path] = []
    given = [exports] if isinstance(exports, str | os.PathLike) else exports
    for path in map(Path, given):
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix in (".json", ".jsonl") and not p.name.startswith(".") and p.is_file()
            )
            if not found:
                raise ConfigError(f"{path} holds no .json or .jsonl export file")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError(f"{path} does not exist")
    if not files:
        raise ConfigError("no export file given")
    return files


def import_annotations(
    exports: StrPath | Sequence[StrPath],
    tool: str,
    release: StrPath,
    out: StrPath,
    *,
    offset_unit: OffsetUnit | None = None,
    keep_copies: bool = False,
) -> ImportResult:
    """Read ``tool``'s export files (or folders of them) and add them, normalised, to ``out``.

    With ``keep_copies``, a copy of each export file is published in ``out`` together
    with the tables, in the same step (``pull`` keeps the server's export this way).

    Annotations already in ``out`` are kept; one that comes again (same tool, paragraph,
    annotator and content) is a ``duplicate`` reject, as within one import.

    Each annotation is put on the release's paragraph IDs with code-point spans
    (``offset_unit``: the export's unit, the tool's own when None), or rejected with a
    reason into ``annotation-rejects.jsonl``.
    """
    release, out = Path(release), Path(out)
    if tool not in FORMATS:
        raise ConfigError(f"unknown tool {tool!r}; choose one of {', '.join(TOOLS)}")
    files = export_files(exports)
    module = FORMATS[tool]
    unit: OffsetUnit = offset_unit or module.OFFSET_UNIT
    paragraphs = _paragraphs(release)
    articles = ArticleLayouts(release)

    def records_of(
        export_file: Path, reject: _RejectWriter, checker: RecordChecker, seen: set[str]
    ) -> Iterator[dict[str, Any] | None]:
        for item in _read(module, export_file, tool):
            yield _accepted(item, tool, unit, (paragraphs, articles), reject, checker, seen)

    return ingest(files, out, records_of, keep_copies=keep_copies)


RecordsOf = Callable[
    [Path, "_RejectWriter", RecordChecker, set[str]], Iterable[dict[str, Any] | None]
]


def ingest(
    files: list[Path], out: Path, records_of: RecordsOf, *, keep_copies: bool = False
) -> ImportResult:
    """Add the annotation records ``records_of`` makes of each file to the folder ``out``
    (None: a record whose reject it has written), keeping what is there; staged, then
    published."""
    checker = RecordChecker(("annotation", "annotation-reject"))
    result = ImportResult(out, files=[_writable(f.name) for f in files])
    with staged_folder(out) as staging:  # read what is there under the folder's lock
        for export_file in files if keep_copies else []:
            write_bytes(child(staging, export_file.name), export_file.read_bytes())
        records = existing_records(out)
        for number, record in enumerate(records, start=1):
            if checker.findings("annotation", record):
                raise ConfigError(
                    f"{out / TABLE}:{number} does not match the annotation schema; "
                    "import into a new --out"
                )
        result.kept = len(records)
        seen = {record["annotation_id"] for record in records}
        with OutputFile(staging / REJECTS) as stream:
            stream.writelines(existing_rejects(out))
            reject = _RejectWriter(stream, checker, result.rejected)
            for export_file in files:
                reject.file = _writable(export_file.name)
                for made in records_of(export_file, reject, checker, seen):
                    if made is not None:
                        records.append(made)
                        result.by_task[made["task"]] += 1
        result.imported = len(records) - result.kept
        write_table(staging, records)
    return result


def _read(module: Any, export_file: Path, tool: str) -> list[RawAnnotation | RawProblem]:
    try:
        return list(module.read_export(export_file))
    except (OSError, ValueError, RecursionError) as exc:
        raise ConfigError(f"cannot read {export_file} as a {tool} export: {exc}") from None


def _accepted(
    item: RawAnnotation | RawProblem,
    tool: str,
    unit: OffsetUnit,
    release: tuple[dict[str, tuple[str, str]], ArticleLayouts],
    reject: _RejectWriter,
    checker: RecordChecker,
    seen: set[str],
) -> dict[str, Any] | None:
    """The annotation record of ``item``, or None once its reject is written."""
    paragraphs, articles = release
    pid, article_id = item.paragraph_id, None
    if isinstance(pid, str) and pid not in paragraphs and pid in articles:
        pid, article_id = None, pid
    if isinstance(item, RawProblem):
        reject(item.record, item.reason, item.message, pid, article_id)
        return None
    try:
        record = normalise(item, tool, unit, paragraphs, reject.file, articles)
    except _Reject as problem:
        reject(item.record, problem.reason, str(problem), pid, article_id)
        return None
    return checked(record, item.record, reject, checker, seen, pid, article_id)


def checked(
    record: dict[str, Any],
    number: int,
    reject: _RejectWriter,
    checker: RecordChecker,
    seen: set[str],
    pid: Any,
    article_id: str | None = None,
) -> dict[str, Any] | None:
    """``record`` if it is new and valid, else None once its reject is written."""
    findings = checker.findings("annotation", record)
    if record["annotation_id"] in seen:
        reject(number, "duplicate", "the same annotation again", pid, article_id)
        return None
    if findings:
        detail = f"{findings[0]['message']} at {findings[0]['pointer']}"
        reject(number, "invalid-record", detail, pid, article_id)
        return None
    seen.add(record["annotation_id"])
    return record
