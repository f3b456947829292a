"""``packager annotations adopt``: annotations made elsewhere, without packager's IDs.

The records are read in the tool's own export shape (the same per-record readers as
``import``), but their texts carry no paragraph ID: each record's text is found in the
release (:mod:`packager.labeling.text_match`): one paragraph, a run of paragraphs or a
whole article. Spans are converted from the tool's unit to code points of the tool's
copy, mapped through the folded texts onto the release paragraph that holds them,
and checked by slicing the release. Whatever cannot be placed is a reject with its
reason: ``no-match``, ``ambiguous-match`` (unless the record's URL or ID decides),
``span-outside-release`` (the span is on text the release does not have),
``span-crosses-paragraphs``, ``span-out-of-range``, ``span-mismatch``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from packager._types import StrPath
from packager.check.validator import RecordChecker
from packager.errors import ConfigError
from packager.labeling.importing import (
    ImportResult,
    _classes,
    _offset,
    _Reject,
    _RejectWriter,
    build_record,
    checked,
    export_files,
    ingest,
)
from packager.labeling.models import TOOLS
from packager.labeling.offsets import OffsetUnit
from packager.labeling.raw import RawAnnotation, RawProblem, guarded, jsonl_rows
from packager.labeling.task_files import FORMATS
from packager.labeling.text_match import Folded, Match, ReleaseIndex, fold, match
from packager.labeling.tools import argilla, doccano, label_studio, prodigy
from packager.layout import PARAGRAPHS_NAME

_HINT_KEYS = ("url", "article_id", "external_id", "doc_id", "document_id")


def adopt_annotations(
    exports: StrPath | Sequence[StrPath],
    tool: str,
    release: StrPath,
    out: StrPath,
    *,
    offset_unit: OffsetUnit | None = None,
) -> ImportResult:
    """Find each record of ``tool``'s exports in ``release`` and add its annotations to
    ``out`` (as ``import`` does), or reject them with a reason."""
    release, out = Path(release), Path(out)
    if tool not in FORMATS:
        raise ConfigError(f"unknown tool {tool!r}; choose one of {', '.join(TOOLS)}")
    if not (release / PARAGRAPHS_NAME).exists():
        raise ConfigError(f"{release} is not a release folder (no paragraphs.jsonl)")
    files = export_files(exports)
    unit: OffsetUnit = offset_unit or FORMATS[tool].OFFSET_UNIT
    index = ReleaseIndex.of(release)
    folded_paragraph = lru_cache(maxsize=4096)(fold)

    def records_of(
        path: Path, reject: _RejectWriter, checker: RecordChecker, seen: set[str]
    ) -> Iterator[dict[str, Any] | None]:
        read = _reader(tool, path)
        for item in _rows(tool, path):
            if isinstance(item, RawProblem):
                reject(item.record, item.reason, item.message, None)
                continue
            number, row = item
            text, hints = _text_and_hints(tool, row)
            raws = guarded(number, read(number, _as_reader_reads(tool, row, text)))
            found = (
                match(text, index, hints)
                if isinstance(text, str) and text.strip()
                else Match(problem="invalid-record", message="the record has no text")
            )
            for raw in raws:
                if isinstance(raw, RawProblem):
                    reject(raw.record, raw.reason, raw.message, None, found.article_id)
                    continue
                try:
                    record = _adopted(raw, tool, unit, text, found, folded_paragraph)
                except _Reject as problem:
                    reject(raw.record, problem.reason, str(problem), None, found.article_id)
                    continue
                yield checked(
                    record | {"source": {"file": reject.file, "record": raw.record}},
                    raw.record,
                    reject,
                    checker,
                    seen,
                    record["paragraph_id"],
                    record["article_id"],
                )

    return ingest(files, out, records_of)


def _adopted(
    raw: RawAnnotation,
    tool: str,
    unit: OffsetUnit,
    text: str,
    found: Match,
    folded_paragraph: Callable[[str], Folded],
) -> dict[str, Any]:
    """The annotation record of one adopted annotation, or _Reject."""
    if found.problem is not None:
        raise _Reject(found.problem, found.message)
    assert found.article_id is not None
    if raw.task != "span":
        labels = _classes(raw)
        label = labels[0] if len(labels) == 1 else None
        span: tuple[int | None, int | None, str | None] = (None, None, None)
        return build_record(
            raw, tool, found.paragraph_id, found.article_id, labels, label, span, ""
        )
    if not isinstance(raw.label, str) or not raw.label:
        raise _Reject("invalid-record", f"span label {raw.label!r} is not a name")
    start = _offset(raw.start, text, unit, "start")
    end = _offset(raw.end, text, unit, "end")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not start < end:
        raise _Reject("span-out-of-range", f"span {raw.start}..{raw.end} is empty or reversed")
    holding = [
        s
        for s in found.segments
        if s.folded.starts and s.folded.starts[0] < end and start < s.folded.ends[-1]
    ]
    if len(holding) > 1:
        raise _Reject(
            "span-crosses-paragraphs", f"span {raw.start}..{raw.end} runs over paragraphs"
        )
    if not holding:
        raise _Reject("span-out-of-range", f"span {raw.start}..{raw.end} covers no text")
    [segment] = holding
    if segment.paragraph is None:
        raise _Reject(
            "span-outside-release",
            f"span {raw.start}..{raw.end} is on text the release does not have "
            f"(a paragraph of article {found.article_id} it dropped or never had)",
        )
    at = segment.folded.span(start, end)
    if at is None:
        raise _Reject("span-out-of-range", f"span {raw.start}..{raw.end} ends inside a character")
    paragraph = segment.paragraph
    release_folded = folded_paragraph(paragraph.text)
    if release_folded.text != segment.folded.text:  # a hash collision, in theory
        raise _Reject("span-mismatch", "the tool's paragraph differs from the release's")
    first, last = at
    release_start, release_end = release_folded.starts[first], release_folded.ends[last - 1]
    span_text = paragraph.text[release_start:release_end]
    if fold(span_text).text != segment.folded.text[first:last]:
        raise _Reject("span-mismatch", f"the release has {span_text!r} there")
    if raw.quoted is not None and (
        not isinstance(raw.quoted, str) or fold(raw.quoted).text != fold(span_text).text
    ):
        raise _Reject(
            "span-mismatch", f"the tool quotes {raw.quoted!r} but the release has {span_text!r}"
        )
    span = (release_start, release_end, span_text)
    return build_record(
        raw, tool, paragraph.paragraph_id, paragraph.article_id, [], raw.label, span, ""
    )


def _rows(tool: str, path: Path) -> Iterator[tuple[int, dict[str, Any]] | RawProblem]:
    """The export's records, numbered as ``import`` numbers them."""
    if tool == "doccano" and path.suffix == ".csv":
        yield from doccano._csv_rows(path)
        return
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        whole = None
    if isinstance(whole, dict):
        whole = [whole]
    if not isinstance(whole, list):
        yield from jsonl_rows(path)
        return
    for number, row in enumerate(whole, start=1):
        if isinstance(row, dict):
            yield number, row
        else:
            yield RawProblem(number, "invalid-record", "not a JSON object")


def _reader(tool: str, path: Path) -> Callable[[int, dict[str, Any]], Iterator[Any]]:
    """The tool's reader of one export record (the one ``import`` uses)."""
    if tool == "label-studio":
        return label_studio._task
    if tool == "doccano":
        annotator = None if path.stem in ("all", "admin") else path.stem
        return lambda number, row: doccano._row(number, row, annotator)
    if tool == "prodigy":
        return prodigy._row
    return argilla._row


def _as_reader_reads(tool: str, row: dict[str, Any], text: Any) -> dict[str, Any]:
    """Older Doccano exports: ``data`` for the text and ``labels`` for the spans."""
    if tool != "doccano":
        return row
    row = dict(row)
    if "label" not in row and isinstance(row.get("labels"), list):
        row["label"] = row.pop("labels")
    row["text"] = text
    return row


def _text_and_hints(tool: str, row: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The record's text as the tool holds it, and what in it could name an article."""
    data = row.get("data")
    data = data if isinstance(data, dict) else {}
    fields = row.get("fields")
    fields = fields if isinstance(fields, dict) else {}
    if tool == "label-studio":
        text = data.get("text") if "annotations" in row else row.get("text")
    elif tool == "doccano":
        text = row.get("text") if isinstance(row.get("text"), str) else row.get("data")
    elif tool == "argilla":
        text = fields.get("text", row.get("text"))
    else:
        text = row.get("text")
    hints: dict[str, Any] = {}
    for source in (row, data, row.get("meta"), row.get("metadata")):
        if isinstance(source, dict):
            for key in _HINT_KEYS:
                if source.get(key) is not None:
                    hints[f"{key}:{len(hints)}"] = source[key]
            if source is not row and source.get("id") is not None:
                hints[f"id:{len(hints)}"] = source["id"]
    return text, hints
