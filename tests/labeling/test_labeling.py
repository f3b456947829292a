"""Export to each labeling tool, bring annotations back, and land on the same paragraph IDs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import regex

from packager.build import build_release
from packager.labeling.importing import import_annotations
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release
from packager.settings import BuildSettings

from ..conftest import REPO

SCHEME = REPO / "tests" / "data" / "labeling" / "scheme.yaml"
GOLDEN = REPO / "tests" / "golden" / "export"

# Texts that break offsets: astral emoji with a skin tone, a ZWJ family, right-to-left
# scripts, a combining accent (NFD in the input, NFC in the release), a no-break space.
PARAGRAPHS = [
    "Zoë 👍🏽 met Ana in Gullhaven on Friday.",
    "The 👨‍👩‍👧 family from Tarrowmere won the regatta.",
    "ראש העיר דנה לוי פתחה את הגשר בחיפה.",
    "افتتحت رئيسة البلدية الجسر الجديد في صور.",
    "Rene\u0301e Ma\u0301rquez spoke in Oxlow Green.",
    "Fares rose to £4.50\u00a0per trip in Saltmarsh.",
]
# (paragraph index, quoted text, label) of the spans the "annotators" mark
SPANS = [
    (0, "Gullhaven", "PLACE"),
    (1, "Tarrowmere", "PLACE"),
    (2, "דנה לוי", "PERSON"),
    (3, "صور", "PLACE"),
    (4, "Renée Márquez", "PERSON"),
    (5, "Saltmarsh", "PLACE"),
]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    records = [
        {
            "id": "harbour-1",
            "title": "Regatta day",
            "url": "https://gullhaven.example/regatta",
            "text": "\n".join(PARAGRAPHS),
            "publisher": "Gullhaven Gazette",
        },
        {"id": "harbour-2", "title": "Copy desk", "text": PARAGRAPHS[0], "publisher": "Other"},
    ]
    (root / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    )
    settings = BuildSettings(name="labeling-fixture", version="1.0.0", splits={"train": 1.0})
    return build_release([root], settings, tmp_path_factory.mktemp("dist")).release


def paragraphs(release: Path) -> list[dict]:
    return [json.loads(line) for line in (release / "paragraphs.jsonl").read_text().splitlines()]


def utf16(text: str, index: int) -> int:
    """UTF-16 code units before code point ``index`` (what JavaScript counts)."""
    return len(text[:index].encode("utf-16-le")) // 2


def span_positions(text: str, quoted: str) -> tuple[int, int]:
    start = text.index(quoted)
    return start, start + len(quoted)


@pytest.mark.parametrize("tool", ["label-studio", "doccano", "prodigy", "argilla"])
def test_exports_match_their_golden_files(tool, release, tmp_path):
    out = tmp_path / tool
    export_release(release, tool, load_scheme(SCHEME), out, batch_size=4)
    produced = sorted(p.name for p in out.iterdir())
    golden = GOLDEN / tool
    if os.environ.get("PACKAGER_UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden)
    assert produced == sorted(p.name for p in golden.iterdir())
    for name in produced:
        assert (out / name).read_text() == (golden / name).read_text(), (
            f"{tool}/{name} changed; if on purpose: PACKAGER_UPDATE_GOLDEN=1 pytest {__file__}"
        )


def test_every_task_carries_its_ids_and_context(release, tmp_path):
    scheme = load_scheme(SCHEME)
    by_tool = {}
    for tool in ("label-studio", "doccano", "prodigy", "argilla"):
        export_release(release, tool, scheme, tmp_path / tool)
        index = json.loads((tmp_path / tool / "export-index.json").read_text())
        assert index["scheme"] == scheme.model_dump(mode="json")
        assert index["tasks"] == len(paragraphs(release))
        by_tool[tool] = index
    [ls_task, *_] = json.loads((tmp_path / "label-studio" / "tasks-00000.json").read_text())
    assert "id" not in ls_task["data"] and {
        "text",
        "paragraph_id",
        "article_id",
        "title",
        "url",
        "position",
    } <= set(ls_task["data"])
    prodigy = [
        json.loads(x) for x in (tmp_path / "prodigy" / "tasks-00000.jsonl").read_text().splitlines()
    ]
    same_text = [task for task in prodigy if task["text"] == PARAGRAPHS[0]]
    assert len(same_text) == 2 and len({t["_input_hash"] for t in same_text}) == 2  # not collapsed
    [argilla, *_] = json.loads((tmp_path / "argilla" / "tasks-00000.json").read_text())
    assert argilla["id"] == paragraphs(release)[0]["paragraph_id"]
    assert {index["repeated_texts"] for index in by_tool.values()} == {2}  # the copy desk's


def test_only_new_leaves_out_paragraphs_of_the_previous_release(release, tmp_path):
    result = export_release(
        release, "prodigy", load_scheme(SCHEME), tmp_path / "p", only_new=release
    )
    assert (result.tasks, result.skipped_known) == (0, len(paragraphs(release)))


def _label_studio_export(release: Path) -> list[dict]:
    tasks = []
    for number, paragraph in enumerate(paragraphs(release)[: len(SPANS)], start=1):
        _, quoted, label = SPANS[number - 1]
        start, end = span_positions(paragraph["text"], quoted)  # code points
        tasks.append(
            {
                "id": number,
                "data": {"text": paragraph["text"], "paragraph_id": paragraph["paragraph_id"]},
                "annotations": [
                    {
                        "id": 100 + number,
                        "completed_by": {"id": 3, "email": "ana@example.org"},
                        "created_at": "2026-11-20T10:00:00Z",
                        "was_cancelled": False,
                        "result": [
                            {
                                "from_name": "span",
                                "to_name": "paragraph",
                                "type": "labels",
                                "value": {
                                    "start": start,
                                    "end": end,
                                    "text": quoted,
                                    "labels": [label],
                                },
                            },
                            {
                                "from_name": "label",
                                "to_name": "paragraph",
                                "type": "choices",
                                "value": {"choices": ["news"]},
                            },
                        ],
                    }
                ],
            }
        )
    return tasks


def _write(path: Path, rows, jsonl: bool) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        if jsonl
        else json.dumps(rows, ensure_ascii=False)
    )
    return path


def tool_export(tool: str, release: Path, folder: Path) -> Path:
    """What each tool's export of these annotations looks like, in the tool's own units."""
    rows = []
    if tool == "label-studio":
        return _write(folder / "project-1.json", _label_studio_export(release), jsonl=False)
    for paragraph, (_, quoted, label) in zip(paragraphs(release), SPANS, strict=False):
        text, pid = paragraph["text"], paragraph["paragraph_id"]
        start, end = span_positions(text, quoted)
        if tool == "label-studio-min":
            rows.append(
                {
                    "text": text,
                    "paragraph_id": pid,
                    "id": 9,
                    "annotator": "ana@example.org",
                    "span": [{"start": start, "end": end, "text": quoted, "labels": [label]}],
                    "label": "news",
                    "created_at": "2026-11-20T10:00:00Z",
                }
            )
        elif tool == "doccano":
            rows.append(
                {
                    "id": 41,
                    "text": text,
                    "paragraph_id": pid,
                    "label": [[utf16(text, start), utf16(text, end), label]],
                }
            )
        elif tool == "prodigy":
            rows.append(
                {
                    "text": text,
                    "paragraph_id": pid,
                    "meta": {"paragraph_id": pid},
                    "spans": [{"start": start, "end": end, "label": label}],
                    "answer": "accept",
                    "_annotator_id": "spans-ana",
                    "_timestamp": 1767225600,
                }
            )
        elif tool == "argilla":
            rows.append(
                {
                    "id": pid,
                    "text": text,
                    "spans.responses": [
                        [{"start": utf16(text, start), "end": utf16(text, end), "label": label}]
                    ],
                    "spans.responses.users": ["5f0c-ana"],
                    "spans.responses.status": ["submitted"],
                    "label.responses": ["news"],
                    "label.responses.users": ["5f0c-ana"],
                    "label.responses.status": ["submitted"],
                }
            )
    name = {
        "label-studio-min": "project-1-min.json",
        "doccano": "ana.jsonl",
        "prodigy": "db-out.jsonl",
        "argilla": "records.json",
    }[tool]
    return _write(folder / name, rows, jsonl=tool in ("doccano", "prodigy"))


@pytest.mark.parametrize(
    "tool", ["label-studio", "label-studio-min", "doccano", "prodigy", "argilla"]
)
def test_annotations_come_back_on_the_right_paragraph_with_exact_spans(tool, release, tmp_path):
    export_file = tool_export(tool, release, tmp_path)
    result = import_annotations(export_file, tool.removesuffix("-min"), release, tmp_path / "out")
    assert sum(result.rejected.values()) == 0, (
        tmp_path / "out" / "annotation-rejects.jsonl"
    ).read_text()
    rows = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    spans = [r for r in rows if r["task"] == "span"]
    by_pid = {p["paragraph_id"]: p for p in paragraphs(release)}
    assert [(r["text"], r["label"]) for r in spans] == [
        (quoted.replace("e\u0301", "é").replace("a\u0301", "á"), label)
        for _, quoted, label in SPANS
    ]
    for row in spans:
        assert by_pid[row["paragraph_id"]]["text"][row["start"] : row["end"]] == row["text"]
    if tool not in ("prodigy", "doccano"):  # their exports here are span projects
        assert {r["labels"][0] for r in rows if r["task"] == "classification"} == {"news"}
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out" / "annotations.parquet").num_rows == len(rows)


def test_what_cannot_come_back_is_rejected_with_counts(release, tmp_path):
    tasks = _label_studio_export(release)
    first_value = tasks[0]["annotations"][0]["result"][0]["value"]
    broken = [
        {**tasks[0], "data": {**tasks[0]["data"], "paragraph_id": "0" * 20}},  # unknown paragraph
        _with_span(tasks[1], start=5, end=900),  # out of range
        _with_span(tasks[2], start=6, end=2),  # reversed
        _with_span(tasks[3], start=-1, end=3),  # negative
        _with_span(tasks[4], text="someone else"),  # quoted text does not match
        {**tasks[5], "annotations": [{**tasks[5]["annotations"][0], "was_cancelled": True}]},
        {**tasks[0], "annotations": [{**tasks[0]["annotations"][0], "result": []}]},  # empty
        tasks[0],
        tasks[0],  # the same annotation twice
    ]
    assert first_value["text"] == "Gullhaven"
    export_file = _write(tmp_path / "export.json", broken, jsonl=False)
    result = import_annotations(export_file, "label-studio", release, tmp_path / "out")
    assert dict(result.rejected) == {
        "unknown-paragraph": 2,
        "span-out-of-range": 3,
        "span-mismatch": 1,
        "cancelled": 1,
        "empty": 1,
        "duplicate": 2,
    }
    rejects = [
        json.loads(x)
        for x in (tmp_path / "out" / "annotation-rejects.jsonl").read_text().splitlines()
    ]
    assert (
        rejects[0]["message"] == f'export.json:1: paragraph_id "{"0" * 20}" is not in the release'
    )
    assert all(r["source"]["file"] == "export.json" for r in rejects)


def _with_span(task: dict, **value) -> dict:
    annotation = task["annotations"][0]
    span = {**annotation["result"][0], "value": {**annotation["result"][0]["value"], **value}}
    return {**task, "annotations": [{**annotation, "result": [span]}]}


def test_doccano_grapheme_offsets(release, tmp_path):
    text = paragraphs(release)[1]["text"]  # the ZWJ family is one grapheme, five code points
    start, end = span_positions(text, "Tarrowmere")
    graphemes = lambda i: len(regex.findall(r"\X", text[:i]))  # noqa: E731
    row = {
        "text": text,
        "paragraph_id": paragraphs(release)[1]["paragraph_id"],
        "label": [[graphemes(start), graphemes(end), "PLACE"]],
    }
    export_file = _write(tmp_path / "all.jsonl", [row], jsonl=True)
    import_annotations(export_file, "doccano", release, tmp_path / "out", offset_unit="grapheme")
    [annotation] = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    assert annotation["text"] == "Tarrowmere" and annotation["annotator"] is None


def test_doccano_classification_export(release, tmp_path):
    rows = [
        {"id": n, "text": p["text"], "paragraph_id": p["paragraph_id"], "label": ["opinion"]}
        for n, p in enumerate(paragraphs(release)[:3], start=1)
    ]
    export_file = _write(tmp_path / "maria.jsonl", rows, jsonl=True)
    result = import_annotations(export_file, "doccano", release, tmp_path / "out")
    imported = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    assert result.imported == 3
    assert {(r["task"], r["label"], r["annotator"]) for r in imported} == {
        ("classification", "opinion", "maria")
    }


def test_pre_annotations_reach_each_tool_in_its_own_units(release, tmp_path):
    scheme = load_scheme(SCHEME)
    first = paragraphs(release)[0]
    start, end = span_positions(first["text"], "Gullhaven")
    rows = [
        {"paragraph_id": first["paragraph_id"], "labels": ["news"]},
        {
            "paragraph_id": first["paragraph_id"],
            "labels": [],
            "start": start,
            "end": end,
            "label": "PLACE",
        },
    ]
    model = tmp_path / "model.jsonl"
    model.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = export_release(release, "label-studio", scheme, tmp_path / "ls", predictions=model)
    assert result.predicted == 1
    [task, *_] = json.loads((tmp_path / "ls" / "tasks-00000.json").read_text())
    [prediction] = task["predictions"]
    span, choice = prediction["result"]
    assert (span["value"]["start"], span["value"]["end"], span["value"]["text"]) == (
        start,
        end,
        "Gullhaven",
    )
    assert choice["value"] == {"choices": ["news"]} and prediction["model_version"] == "model"
    export_release(release, "argilla", scheme, tmp_path / "rg", predictions=model)
    [record, *_] = json.loads((tmp_path / "rg" / "tasks-00000.json").read_text())
    assert record["suggestions"]["spans"]["value"] == [
        {"start": utf16(first["text"], start), "end": utf16(first["text"], end), "label": "PLACE"}
    ]
    assert record["suggestions"]["label"]["value"] == "news"
    export_release(release, "doccano", scheme, tmp_path / "dc", predictions=model)
    [line, *_] = (tmp_path / "dc" / "tasks-00000.jsonl").read_text().splitlines()
    assert {k: json.loads(line)[k] for k in ("cats", "entities")} == {
        "cats": ["news"],
        "entities": [[utf16(first["text"], start), utf16(first["text"], end), "PLACE"]],
    }
    by_kind = export_release(
        release,
        "prodigy",
        scheme.model_copy(
            update={
                "classification": scheme.classification.model_copy(
                    update={"labels": ["body", "boilerplate"]}
                )
            }
        ),
        tmp_path / "pg",
        predict_column="kind",
    )
    assert by_kind.predicted == by_kind.tasks > 0
    tasks = [
        json.loads(x) for x in (tmp_path / "pg" / "tasks-00000.jsonl").read_text().splitlines()
    ]
    assert {tuple(t["accept"]) for t in tasks} == {("body",)}


@pytest.mark.parametrize("tool", ["label-studio", "doccano", "prodigy", "argilla"])
def test_the_example_release_goes_out_to_every_tool_and_comes_back(tool, tmp_path):
    from ..conftest import EXAMPLE_RELEASE

    result = export_release(EXAMPLE_RELEASE, tool, load_scheme(SCHEME), tmp_path / "export")
    body = [p for p in paragraphs(EXAMPLE_RELEASE) if p["kind"] == "body"]
    assert result.tasks == len(body) > 0
    everything = export_release(
        EXAMPLE_RELEASE, tool, load_scheme(SCHEME), tmp_path / "all", all_kinds=True
    )
    assert everything.tasks == len(paragraphs(EXAMPLE_RELEASE))
    # one annotation per tool on the first body paragraph, in the tool's own format
    first = body[0]
    word = first["text"].split()[1]
    start = first["text"].index(word)
    rows = {
        "label-studio": [
            {
                "data": {"paragraph_id": first["paragraph_id"], "text": first["text"]},
                "annotations": [
                    {
                        "completed_by": 1,
                        "result": [
                            {
                                "type": "labels",
                                "value": {
                                    "start": start,
                                    "end": start + len(word),
                                    "text": word,
                                    "labels": ["PLACE"],
                                },
                            }
                        ],
                    }
                ],
            }
        ],
        "doccano": [
            {
                "paragraph_id": first["paragraph_id"],
                "text": first["text"],
                "label": [
                    [utf16(first["text"], start), utf16(first["text"], start + len(word)), "PLACE"]
                ],
            }
        ],
        "prodigy": [
            {
                "paragraph_id": first["paragraph_id"],
                "text": first["text"],
                "answer": "accept",
                "spans": [{"start": start, "end": start + len(word), "label": "PLACE"}],
            }
        ],
        "argilla": [
            {
                "id": first["paragraph_id"],
                "text": first["text"],
                "spans.responses": [
                    [
                        {
                            "start": utf16(first["text"], start),
                            "end": utf16(first["text"], start + len(word)),
                            "label": "PLACE",
                        }
                    ]
                ],
            }
        ],
    }[tool]
    export_file = _write(
        tmp_path / ("back.json" if tool in ("label-studio", "argilla") else "back.jsonl"),
        rows,
        jsonl=tool in ("doccano", "prodigy"),
    )
    back = import_annotations(export_file, tool, EXAMPLE_RELEASE, tmp_path / "back")
    [row] = [
        json.loads(x) for x in (tmp_path / "back" / "annotations.jsonl").read_text().splitlines()
    ]
    assert back.imported == 1 and (row["paragraph_id"], row["text"]) == (
        first["paragraph_id"],
        word,
    )
