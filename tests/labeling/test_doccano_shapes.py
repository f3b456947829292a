"""Every text export shape of Doccano comes back: each record an annotation or a reject.

The shapes are those of Doccano's ``backend/data_export`` (formatters and examples per
project type): Text Classification as JSONL, JSON, CSV and fastText; Sequence Labeling
as JSONL, with or without relations; Intent Detection and Slot Filling as JSONL.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from packager.labeling.importing import import_annotations
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release

from ..conftest import EXAMPLE_RELEASE
from .test_labeling import SCHEME, paragraphs, span_positions, utf16

BODY = [p for p in paragraphs(EXAMPLE_RELEASE) if p["kind"] == "body"][:3]


def _span(paragraph: dict) -> tuple[int, int, str]:
    """The second word of the paragraph, in Doccano's UTF-16 units, and its text."""
    text = paragraph["text"]
    word = text.split()[1]
    start, end = span_positions(text, word)
    return utf16(text, start), utf16(text, end), word


def _example(number: int, paragraph: dict) -> dict:
    """What Doccano exports of an example: its id, text and metadata (our task's keys)."""
    return {"id": number, "text": paragraph["text"], "paragraph_id": paragraph["paragraph_id"]}


def _import(path: Path, tmp_path: Path):
    result = import_annotations(path, "doccano", EXAMPLE_RELEASE, tmp_path / "out")
    rows = [
        json.loads(line)
        for line in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    rejects = [
        json.loads(line)
        for line in (tmp_path / "out" / "annotation-rejects.jsonl").read_text().splitlines()
    ]
    return result, rows, rejects


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    return path


def test_intent_detection_keeps_classes_and_spans(tmp_path):
    rows = []
    for number, paragraph in enumerate(BODY, start=1):
        start, end, _ = _span(paragraph)
        rows.append(
            _example(number, paragraph)
            | {"entities": [[start, end, "PLACE"]], "cats": ["opinion"], "Comments": []}
        )
    result, imported, rejects = _import(_jsonl(tmp_path / "maria.jsonl", rows), tmp_path)
    assert rejects == [] and dict(result.by_task) == {"classification": 3, "span": 3}
    assert {(r["task"], r["label"], r["annotator"]) for r in imported} == {
        ("classification", "opinion", "maria"),
        ("span", "PLACE", "maria"),
    }
    for row in (r for r in imported if r["task"] == "span"):
        paragraph = next(p for p in BODY if p["paragraph_id"] == row["paragraph_id"])
        assert row["text"] == _span(paragraph)[2]


def test_sequence_labeling_with_relations_keeps_the_entities_and_rejects_the_relations(
    tmp_path,
):
    rows = []
    for number, paragraph in enumerate(BODY, start=1):
        start, end, _ = _span(paragraph)
        entities = [
            {"id": 10, "label": "PLACE", "start_offset": start, "end_offset": end},
            {"id": 11, "label": "PERSON", "start_offset": 0, "end_offset": start - 1},
        ]
        relations = [{"id": 5, "from_id": 11, "to_id": 10, "type": "lives-in"}]
        rows.append(
            _example(number, paragraph)
            | {"entities": entities, "relations": relations if number == 1 else []}
        )
    result, imported, rejects = _import(_jsonl(tmp_path / "all.jsonl", rows), tmp_path)
    assert dict(result.by_task) == {"span": 6} and dict(result.rejected) == {"invalid-record": 1}
    assert rejects[0]["message"] == ("all.jsonl:1: relations are not read (only their entities)")
    assert {r["annotator"] for r in imported} == {None}


def test_classification_json_export(tmp_path):
    rows = [
        _example(n, p) | {"label": ["news", "other"] if n == 1 else ["news"], "Comments": []}
        for n, p in enumerate(BODY, start=1)
    ]
    path = tmp_path / "all.json"
    path.write_text(json.dumps(rows, ensure_ascii=False))  # pandas' orient="records"
    result, imported, _ = _import(path, tmp_path)
    assert result.imported == 3 and sum(result.rejected.values()) == 0
    assert [r["labels"] for r in imported] == [["news", "other"], ["news"], ["news"]]
    assert [r["source"]["record"] for r in imported] == [1, 2, 3]


def test_classification_csv_export(tmp_path):
    path = tmp_path / "all.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["id", "text", "paragraph_id", "label", "Comments"])
        writer.writeheader()
        writer.writerow(_example(1, BODY[0]) | {"label": "news#opinion", "Comments": ""})
        writer.writerow(_example(2, BODY[1]) | {"label": "other", "Comments": "unsure"})
        writer.writerow(_example(3, BODY[2]) | {"label": "", "Comments": ""})
    _, imported, rejects = _import(path, tmp_path)
    assert [(r["labels"], r["source"]["record"]) for r in imported] == [
        (["news", "opinion"], 2),
        (["other"], 3),
    ]
    assert [(r["reason"], r["source"]["record"]) for r in rejects] == [("empty", 4)]


def test_fasttext_export_has_no_paragraph_ids_so_each_line_is_rejected(tmp_path):
    path = tmp_path / "all.txt"
    path.write_text("".join(f"__label__news {p['text']}\n" for p in BODY))
    result, imported, rejects = _import(path, tmp_path)
    assert imported == [] and dict(result.rejected) == {"invalid-record": 3}
    assert rejects[0]["message"] == (
        "all.txt:1: a fastText export has no paragraph_id; export JSONL (or CSV) from Doccano"
    )


@pytest.mark.parametrize(
    ("classes", "spans", "keys"),
    [
        ("news,opinion", None, {"label"}),
        (None, "PLACE", {"label"}),
        ("news,opinion", "PLACE", {"cats", "entities"}),
    ],
)
def test_exported_tasks_labeled_in_doccano_come_back(classes, spans, keys, tmp_path):
    """The export's label keys are the project type's; labels put there come back."""
    from packager.labeling.scheme import scheme_from_options

    scheme = scheme_from_options(
        classes.split(",") if classes else None, spans.split(",") if spans else None, False
    )
    export_release(EXAMPLE_RELEASE, "doccano", scheme, tmp_path / "tasks")
    tasks = [
        json.loads(line)
        for line in (tmp_path / "tasks" / "tasks-00000.jsonl").read_text().splitlines()
    ][:3]
    assert {k for k in ("label", "cats", "entities") if k in tasks[0]} == keys
    labeled = []
    for number, task in enumerate(tasks, start=1):
        start, end, _ = _span(task)
        span = [start, end, "PLACE"]
        if keys == {"cats", "entities"}:
            task |= {"cats": ["news"], "entities": [span]}
        else:
            task["label"] = ["news"] if classes else [span]
        labeled.append({"id": number} | task)
    result, _, rejects = _import(_jsonl(tmp_path / "all.jsonl", labeled), tmp_path)
    assert rejects == []
    assert dict(result.by_task) == (
        {"classification": 3, "span": 3}
        if len(keys) == 2
        else {"classification" if classes else "span": 3}
    )


def test_the_golden_scheme_exports_an_intent_detection_project(tmp_path):
    export_release(EXAMPLE_RELEASE, "doccano", load_scheme(SCHEME), tmp_path)
    first = json.loads((tmp_path / "tasks-00000.jsonl").read_text().splitlines()[0])
    assert (first["cats"], first["entities"]) == ([], []) and "label" not in first
