"""``--unit article`` and ``--context N``: label in context, bring spans back onto paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.labeling.article_tasks import SEPARATOR
from packager.labeling.importing import import_annotations
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release

from ..conftest import EXAMPLE_RELEASE
from .test_labeling import PARAGRAPHS, SCHEME, SPANS, paragraphs, release, utf16  # noqa: F401

runner = CliRunner()


def batches(folder: Path) -> list[dict]:
    """Every task of an export, batch after batch (JSON lists or JSONL)."""
    found = []
    for batch in sorted(folder.glob("tasks-*")):
        text = batch.read_text(encoding="utf-8")
        if batch.suffix == ".json":
            found.extend(json.loads(text))
        else:
            found.extend(json.loads(line) for line in text.splitlines())
    return found


def rows(folder: Path, name: str = "annotations.jsonl") -> list[dict]:
    return [json.loads(x) for x in (folder / name).read_text(encoding="utf-8").splitlines()]


def _regatta(tasks: list[dict], text_of) -> dict:
    [task] = [t for t in tasks if text_of(t).startswith(PARAGRAPHS[0]) and len(text_of(t)) > 200]
    return task


# The spans annotators mark in the article text: every span of SPANS, plus one that
# runs from the end of the first paragraph into the second (rejected).
CROSSING = ("Friday.", "The")


def _article_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, quoted) in code points of the article text."""
    found = []
    for _, quoted, label in SPANS:
        quoted = quoted.replace("e\u0301", "é").replace("a\u0301", "á")
        start = text.index(quoted)
        found.append((start, start + len(quoted), label, quoted))
    start = text.index(CROSSING[0])
    end = text.index(CROSSING[1], start) + len(CROSSING[1])
    found.append((start, end, "PLACE", text[start:end]))
    return found


def _tool_export(tool: str, task: dict, folder: Path) -> Path:
    """The tool's export of one annotated article task, in the tool's real shape and units."""
    if tool == "label-studio":  # JSON export: the task with its annotations; code points
        text = task["data"]["text"]
        result = [
            {
                "id": f"r{n}",
                "from_name": "span",
                "to_name": "paragraph",
                "type": "labels",
                "origin": "manual",
                "value": {"start": s, "end": e, "text": q, "labels": [label]},
            }
            for n, (s, e, label, q) in enumerate(_article_spans(text))
        ]
        result.append(
            {
                "id": "c",
                "from_name": "label",
                "to_name": "paragraph",
                "type": "choices",
                "origin": "manual",
                "value": {"choices": ["news"]},
            }
        )
        exported = {
            "id": 11,
            "data": task["data"],
            "annotations": [
                {
                    "id": 21,
                    "completed_by": {"id": 1, "email": "ana@example.org"},
                    "result": result,
                    "was_cancelled": False,
                    "ground_truth": False,
                    "created_at": "2026-11-20T10:00:00.000000Z",
                    "lead_time": 12.5,
                }
            ],
            "predictions": [],
            "meta": {},
            "created_at": "2026-11-20T09:00:00.000000Z",
        }
        path = folder / "project-1-at-2026-11-20.json"
        path.write_text(json.dumps([exported], ensure_ascii=False), encoding="utf-8")
        return path
    if tool == "doccano":  # Intent Detection and Slot Filling JSONL; UTF-16 units
        text = task["text"]
        spans = [[utf16(text, s), utf16(text, e), label] for s, e, label, _ in _article_spans(text)]
        meta = {k: v for k, v in task.items() if k not in ("text", "entities", "cats")}
        exported = {"id": 5, "text": text, "entities": spans, "cats": ["news"], **meta}
        path = folder / "ana.jsonl"
        path.write_text(json.dumps(exported, ensure_ascii=False) + "\n", encoding="utf-8")
        return path
    if tool == "prodigy":  # db-out: the task with spans and the answer; code points
        text = task["text"]
        spans = [{"start": s, "end": e, "label": label} for s, e, label, _ in _article_spans(text)]
        exported = task | {
            "spans": spans,
            "accept": ["news"],
            "answer": "accept",
            "_annotator_id": "news-ana",
            "_timestamp": 1767225600,
        }
        path = folder / "db-out.jsonl"
        path.write_text(json.dumps(exported, ensure_ascii=False) + "\n", encoding="utf-8")
        return path
    assert tool == "argilla"  # Record.to_dict(): responses by question; UTF-16 units
    text = task["fields"]["text"]
    spans = [
        {"start": utf16(text, s), "end": utf16(text, e), "label": label}
        for s, e, label, _ in _article_spans(text)
    ]
    user = "5f0c7d3e-0000-4000-8000-00000000a11a"
    exported = task | {
        "responses": {
            "spans": [{"value": spans, "user_id": user, "status": "submitted"}],
            "label": [{"value": "news", "user_id": user, "status": "submitted"}],
        },
        "status": "completed",
    }
    path = folder / "records.json"
    path.write_text(json.dumps([exported], ensure_ascii=False), encoding="utf-8")
    return path


TEXT_OF = {
    "label-studio": lambda t: t["data"]["text"],
    "doccano": lambda t: t["text"],
    "prodigy": lambda t: t["text"],
    "argilla": lambda t: t["fields"]["text"],
}


@pytest.mark.parametrize("tool", ["label-studio", "doccano", "prodigy", "argilla"])
def test_article_task_round_trip_lands_spans_on_paragraphs(tool, release, tmp_path):  # noqa: F811
    scheme = load_scheme(SCHEME)
    result = export_release(release, tool, scheme, tmp_path / "export", unit="article")
    assert result.tasks == 2  # two articles
    index = json.loads((tmp_path / "export" / "export-index.json").read_text())
    assert index["unit"] == "article" and index["batches"][0]["first_article_id"]
    task = _regatta(batches(tmp_path / "export"), TEXT_OF[tool])
    text = TEXT_OF[tool](task)
    assert text == SEPARATOR.join(p["text"] for p in paragraphs(release)[: len(PARAGRAPHS)])
    exported = _tool_export(tool, task, tmp_path)
    out = tmp_path / "out"
    imported = import_annotations(exported, tool, release, out)
    assert dict(imported.rejected) == {"span-crosses-paragraphs": 1}
    [reject] = rows(out, "annotation-rejects.jsonl")
    assert reject["paragraph_id"] is None and reject["article_id"]
    found = rows(out)
    by_pid = {p["paragraph_id"]: p for p in paragraphs(release)}
    spans = [r for r in found if r["task"] == "span"]
    assert len(spans) == len(SPANS)
    for row, (at, _, label) in zip(spans, SPANS, strict=True):
        paragraph = by_pid[row["paragraph_id"]]
        assert paragraph["index"] == at and paragraph["article_id"] == reject["article_id"]
        assert paragraph["text"][row["start"] : row["end"]] == row["text"]
        assert row["label"] == label
    [article_class] = [r for r in found if r["task"] == "classification"]
    assert article_class["paragraph_id"] is None
    assert article_class["article_id"] == reject["article_id"]
    assert article_class["labels"] == ["news"]
    # stats count the article-level class as one more annotated unit
    stats = runner.invoke(app, ["annotations", "stats", str(out), "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["classification_labels"] == {"news": 1}
    # merge writes paragraph rows: the article-level class is counted, not a reject
    merged = runner.invoke(
        app, ["annotations", "merge", str(out), "--release", str(release),
              "--out", str(tmp_path / "labeled"), "--json"],
    )  # fmt: skip
    assert merged.exit_code == 0, merged.output
    summary = json.loads(merged.stdout)
    assert (summary["article_classes"], summary["dropped"]) == (1, 0)
    assert (tmp_path / "labeled" / "merge-rejects.jsonl").read_text() == ""


def test_article_tasks_leave_out_non_body_paragraphs_and_map_across_the_gaps(tmp_path):
    scheme = load_scheme(SCHEME)
    export_release(EXAMPLE_RELEASE, "label-studio", scheme, tmp_path / "e", unit="article")
    tasks = batches(tmp_path / "e")
    by_pid = {p["paragraph_id"]: p for p in paragraphs(EXAMPLE_RELEASE)}
    with_gaps = 0
    exported = []
    for number, task in enumerate(tasks, start=1):
        data = task["data"]
        table = data["paragraphs"]
        for entry in table:
            paragraph = by_pid[entry["paragraph_id"]]
            assert paragraph["kind"] == "body"
            assert data["text"][entry["char_start"] : entry["char_end"]] == paragraph["text"]
        article = [p for p in by_pid.values() if p["article_id"] == data["article_id"]]
        with_gaps += len(article) > len(table)
        last = table[-1]  # a span on the last paragraph's last three characters
        start = max(last["char_start"], last["char_end"] - 3)
        value = {"start": start, "end": last["char_end"], "labels": ["PLACE"]}
        result = [{"from_name": "span", "to_name": "paragraph", "type": "labels", "value": value}]
        exported.append({"id": number, "data": data, "annotations": [{"result": result}]})
    assert with_gaps  # the example corpus has headings and bylines
    (tmp_path / "export.json").write_text(json.dumps(exported), encoding="utf-8")
    result = import_annotations(
        tmp_path / "export.json", "label-studio", EXAMPLE_RELEASE, tmp_path / "o"
    )
    assert not result.rejected and result.imported == len(tasks)
    for row, task in zip(rows(tmp_path / "o"), tasks, strict=True):
        assert row["paragraph_id"] == task["data"]["paragraphs"][-1]["paragraph_id"]
        assert by_pid[row["paragraph_id"]]["text"].endswith(row["text"])


def test_a_span_in_the_blank_line_between_paragraphs_is_rejected(release, tmp_path):  # noqa: F811
    export_release(release, "prodigy", load_scheme(SCHEME), tmp_path / "e", unit="article")
    task = _regatta(batches(tmp_path / "e"), TEXT_OF["prodigy"])
    gap = task["paragraphs"][0]["char_end"]
    row = task | {"spans": [{"start": gap, "end": gap + 2, "label": "PLACE"}], "answer": "accept"}
    (tmp_path / "db.jsonl").write_text(json.dumps(row) + "\n")
    result = import_annotations(tmp_path / "db.jsonl", "prodigy", release, tmp_path / "o")
    assert dict(result.rejected) == {"span-crosses-paragraphs": 1}


def test_context_tasks_carry_neighbours_read_only(release, tmp_path):  # noqa: F811
    scheme = load_scheme(SCHEME)
    texts = [p["text"] for p in paragraphs(release)[: len(PARAGRAPHS)]]
    for tool in ("label-studio", "doccano", "prodigy", "argilla"):
        export_release(release, tool, scheme, tmp_path / tool, context=2)
    ls = batches(tmp_path / "label-studio")
    assert ls[0]["data"]["context_before"] == "" and ls[0]["data"]["context_after"] == (
        SEPARATOR.join(texts[1:3])
    )
    assert ls[3]["data"]["context_before"] == SEPARATOR.join(texts[1:3])
    assert ls[-1]["data"]["context_before"] == ""  # the copy desk's article: alone
    config = (tmp_path / "label-studio" / "label_config.xml").read_text()
    assert '<Text name="before" value="$context_before" />' in config
    assert '<Text name="after" value="$context_after" />' in config
    assert config.count('toName="paragraph"') == 2  # the controls label the paragraph only
    doccano = batches(tmp_path / "doccano")
    assert doccano[5]["context_before"] == SEPARATOR.join(texts[3:5])
    assert doccano[5]["context_after"] == ""
    prodigy = batches(tmp_path / "prodigy")
    assert prodigy[1]["meta"]["context_before"] == texts[0]
    argilla = batches(tmp_path / "argilla")
    assert "context_before" not in argilla[0]["fields"]  # nothing before the first
    assert argilla[1]["fields"]["context_after"] == SEPARATOR.join(texts[2:4])
    settings = json.loads((tmp_path / "argilla" / "settings.json").read_text())
    assert [f["name"] for f in settings["fields"]] == [
        "context_before",
        "text",
        "context_after",
        "title",
    ]
    [span_question] = [q for q in settings["questions"] if q["name"] == "spans"]
    assert span_question["settings"]["field"] == "text"
    index = json.loads((tmp_path / "argilla" / "export-index.json").read_text())
    assert index["context"] == 2


def test_export_cli_unit_and_context_options(release, tmp_path):  # noqa: F811
    base = ["export", str(release), "--scheme", str(SCHEME)]
    article = runner.invoke(
        app, [*base, "--to", "doccano", "--unit", "article", "--out", str(tmp_path / "a")]
    )
    assert article.exit_code == 0, article.output
    assert article.output.startswith("2 tasks")
    assert (tmp_path / "a" / "article-paragraphs.jsonl").exists()
    context = runner.invoke(
        app, [*base, "--to", "prodigy", "--context", "1", "--out", str(tmp_path / "c")]
    )
    assert context.exit_code == 0, context.output
    assert batches(tmp_path / "c")[1]["meta"]["context_after"] == paragraphs(release)[2]["text"]
    both = runner.invoke(
        app, [*base, "--to", "prodigy", "--unit", "article", "--context", "1", "--out", "x"]
    )
    assert both.exit_code != 0 and "--context is for paragraph tasks" in both.output
    bad = runner.invoke(app, [*base, "--to", "prodigy", "--unit", "sentence", "--out", "x"])
    assert bad.exit_code != 0
    negative = runner.invoke(app, [*base, "--to", "prodigy", "--context", "-1", "--out", "x"])
    assert negative.exit_code != 0
