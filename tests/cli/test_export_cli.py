"""``packager export``: every option, through the command line a user types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release

from ..conftest import EXAMPLE_RELEASE
from ..labeling.test_labeling import SCHEME, paragraphs

runner = CliRunner()
RELEASE = str(EXAMPLE_RELEASE)
BODY = [p for p in paragraphs(EXAMPLE_RELEASE) if p["kind"] == "body"]


def export(*args: str | Path):
    return runner.invoke(app, ["export", RELEASE, *map(str, args)], env={"COLUMNS": "200"})


def tasks(folder: Path) -> list[dict]:
    """Every task of a JSONL export (Prodigy, Doccano), batch after batch."""
    return [
        json.loads(line)
        for batch in sorted(folder.glob("tasks-*.jsonl"))
        for line in batch.read_text().splitlines()
    ]


def test_help_lists_the_tools_and_both_forms_of_each_flag():
    result = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "label-studio|doccano|prodigy|argilla" in result.output
    for flag in ("--multi-label", "--all-kinds", "--json"):
        name = flag.removeprefix("--")
        assert flag in result.output and f"--no-{name}" in result.output


def test_an_unknown_tool_is_refused_with_the_choices(tmp_path):
    result = export("--to", "brat", "--classes", "news", "--out", tmp_path / "x")
    assert result.exit_code == 2
    assert "'brat' is not one of 'label-studio', 'doccano', 'prodigy', 'argilla'" in result.output
    assert not (tmp_path / "x").exists()


def test_to_and_out_write_that_tools_files_there(tmp_path):
    result = export("--to", "label-studio", "--classes", "news", "--out", tmp_path / "ls")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{len(BODY)} tasks in 1 file(s) written to {tmp_path / 'ls'}")
    assert {p.name for p in (tmp_path / "ls").iterdir()} == {
        "tasks-00000.json",
        "label_config.xml",
        "export-index.json",
    }


def test_without_out_the_folder_is_named_after_the_release(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = export("--to", "prodigy", "--classes", "news")
    assert result.exit_code == 0, result.output
    texts = [t["text"] for t in BODY]
    repeated = sum(1 for text in texts if texts.count(text) > 1)
    assert f"; {repeated} share their text with another task" in result.stdout
    assert len(tasks(tmp_path / "exports" / "example-news-1.0.0" / "prodigy")) == len(BODY)


def test_scheme_file_classes_spans_and_multi_label(tmp_path):
    from_file = export("--to", "argilla", "--scheme", SCHEME, "--out", tmp_path / "file")
    assert from_file.exit_code == 0, from_file.output
    index = json.loads((tmp_path / "file" / "export-index.json").read_text())
    assert index["scheme"] == load_scheme(SCHEME).model_dump(mode="json")
    options = [
        "--to",
        "argilla",
        "--classes",
        "news,opinion",
        "--spans",
        "PERSON,PLACE",
        "--multi-label",
    ]
    result = export(*options, "--out", tmp_path / "opts")
    assert result.exit_code == 0, result.output
    scheme = json.loads((tmp_path / "opts" / "export-index.json").read_text())["scheme"]
    assert scheme["classification"] == {"labels": ["news", "opinion"], "multi_label": True}
    assert scheme["spans"] == {"labels": ["PERSON", "PLACE"]}
    settings = json.loads((tmp_path / "opts" / "settings.json").read_text())
    assert [q["type"] for q in settings["questions"]] == ["multi_label_selection", "span"]
    single = export(*options[:-1], "--no-multi-label", "--out", tmp_path / "single")
    assert single.exit_code == 0, single.output
    settings = json.loads((tmp_path / "single" / "settings.json").read_text())
    assert [q["type"] for q in settings["questions"]] == ["label_selection", "span"]


def test_no_scheme_at_all_is_one_clear_error(tmp_path):
    result = export("--to", "prodigy", "--out", tmp_path / "x")
    assert result.exit_code == 1
    assert result.output == (
        "Error: give a label scheme: --scheme FILE, or --classes a,b and/or --spans X,Y\n"
    )


def test_all_kinds_exports_every_paragraph(tmp_path):
    body = export("--to", "prodigy", "--classes", "news", "--no-all-kinds", "--out", tmp_path / "b")
    every = export("--to", "prodigy", "--classes", "news", "--all-kinds", "--out", tmp_path / "a")
    assert body.exit_code == every.exit_code == 0, body.output + every.output
    assert len(tasks(tmp_path / "b")) == len(BODY)
    assert len(tasks(tmp_path / "a")) == len(paragraphs(EXAMPLE_RELEASE)) > len(BODY)


def test_only_new_leaves_out_what_the_previous_release_had(tmp_path):
    result = export(
        "--to", "doccano", "--classes", "news", "--only-new", RELEASE, "--out", tmp_path / "d"
    )
    assert result.exit_code == 0, result.output
    assert f"0 tasks in 0 file(s) written to {tmp_path / 'd'}" in result.stdout
    assert f"{len(BODY)} already in {RELEASE} left out" in result.stdout


def test_batch_size_splits_the_tasks(tmp_path):
    result = export("--to", "prodigy", "--classes", "news", "--batch-size", "40", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    sizes = [len(p.read_text().splitlines()) for p in sorted(tmp_path.glob("tasks-*.jsonl"))]
    assert sizes == [40, 40, len(BODY) - 80]
    zero = export("--to", "prodigy", "--classes", "news", "--batch-size", "0", "--out", tmp_path)
    assert (zero.exit_code, zero.output) == (1, "Error: --batch-size must be at least 1\n")


def _predictions(tmp_path: Path, rows: list) -> Path:
    path = tmp_path / "model.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_predictions_reach_the_tasks(tmp_path):
    first = BODY[0]
    word = first["text"].split()[1]
    start = first["text"].index(word)
    model = _predictions(
        tmp_path,
        [
            {"paragraph_id": first["paragraph_id"], "labels": ["opinion"]},
            {
                "paragraph_id": first["paragraph_id"],
                "start": start,
                "end": start + len(word),
                "label": "PLACE",
            },
        ],
    )
    out = tmp_path / "p"
    result = export("--scheme", SCHEME, "--to", "prodigy", "--predictions", model, "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 with pre-annotations" in result.stdout
    [task] = [t for t in tasks(out) if "accept" in t]
    assert task["paragraph_id"] == first["paragraph_id"] and task["accept"] == ["opinion"]
    assert task["spans"] == [{"start": start, "end": start + len(word), "label": "PLACE"}]
    assert json.loads((out / "export-index.json").read_text())["predictions"] == ["model"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "predictions file {path} does not exist"),
        ("{not json\n", "predictions file {path}:1: not JSON"),
        ('["a list"]\n', "predictions file {path}:1: not a JSON object"),
        ("\n", "predictions file {path} holds no rows"),
        ('{"labels": ["news"]}\n', "predictions file {path}:1: no paragraph_id"),
        (
            '{"paragraph_id": "P", "labels": ["sports"]}\n',
            "predictions file {path}:1: class 'sports' is not in the scheme (news, opinion, other)",
        ),
        (
            '{"paragraph_id": "P", "labels": "news"}\n',
            "predictions file {path}:1: labels must be a list of names, found 'news'",
        ),
        (
            '{"paragraph_id": "P", "start": 4, "end": 2, "label": "PLACE"}\n',
            "predictions file {path}:1: span 4..2 is empty, reversed or negative",
        ),
        (
            '{"paragraph_id": "P", "start": 0, "end": "3", "label": "PLACE"}\n',
            "predictions file {path}:1: span start 0 and end '3' must be integers",
        ),
        (
            '{"paragraph_id": "P", "start": 0, "end": 3, "label": "ORG"}\n',
            "predictions file {path}:1: span label 'ORG' is not in the scheme (PERSON, PLACE)",
        ),
        (
            '{"paragraph_id": "P", "start": 0, "end": 100000, "label": "PLACE"}\n',
            "predicted span 0..100000 (PLACE) is outside paragraph {pid}",
        ),
        (
            '{"paragraph_id": "P", "labels": ["news"]}\n{"paragraph_id": "P", "labels": ["other"]}\n',
            "predictions file {path}: paragraph {pid} has classes news, other, but the scheme "
            "allows one (multi_label: false)",
        ),
        (
            '{"paragraph_id": "00000000000000000000", "labels": ["news"]}\n',
            "none of the 1 paragraph IDs in predictions file {path} is in " + RELEASE,
        ),
    ],
)
def test_an_unusable_predictions_file_is_one_error_and_writes_nothing(content, message, tmp_path):
    path = tmp_path / "model.jsonl"
    if content is not None:
        path.write_text(content.replace('"P"', json.dumps(BODY[0]["paragraph_id"])))
    out = tmp_path / "out"
    result = export("--scheme", SCHEME, "--to", "label-studio", "--predictions", path, "--out", out)
    assert result.exit_code == 1
    expected = message.format(path=path, pid=BODY[0]["paragraph_id"])
    assert result.output.startswith(f"Error: {expected}"), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_predict_column_pre_labels_from_the_release(tmp_path):
    classes = "body,heading,byline,boilerplate"
    out = tmp_path / "k"
    result = export(
        "--to", "prodigy", "--classes", classes, "--all-kinds", "--predict-column", "kind",
        "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    every = paragraphs(EXAMPLE_RELEASE)
    assert f"{len(every)} with pre-annotations" in result.stdout
    assert [t["accept"] for t in tasks(out)] == [[p["kind"]] for p in every]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--classes", "news,opinion", "--predict-column", "kind"],
            "Error: no value of column 'kind' (body, boilerplate, byline, heading) is a class of "
            "the scheme (news, opinion); name the classes after the column's values",
        ),
        (
            ["--classes", "news", "--predict-column", "colour"],
            "Error: the release's paragraphs have no column 'colour'",
        ),
        (
            ["--spans", "PLACE", "--predict-column", "kind"],
            "Error: --predict-column needs classification labels in the scheme",
        ),
        (
            ["--classes", "body", "--predict-column", "kind", "--predictions", "model.jsonl"],
            "Error: give --predictions FILE or --predict-column COLUMN, not both",
        ),
    ],
)
def test_predict_column_problems_are_one_clear_line(args, message, tmp_path):
    result = export("--to", "prodigy", *args, "--out", tmp_path / "x")
    assert (result.exit_code, result.output) == (1, message + "\n")


def test_json_prints_the_librarys_result_on_stdout(tmp_path):
    args = ["--scheme", SCHEME, "--all-kinds", "--batch-size", "50"]
    result = export("--to", "doccano", *args, "--json", "--out", tmp_path / "cli")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    library = export_release(
        EXAMPLE_RELEASE,
        "doccano",
        load_scheme(SCHEME),
        tmp_path / "lib",
        all_kinds=True,
        batch_size=50,
    )
    assert summary == library.to_dict() | {"out": str(tmp_path / "cli")}
    assert summary["repeated_texts"] > 0 and summary["tasks"] == len(paragraphs(EXAMPLE_RELEASE))
    plain = export("--to", "doccano", *args, "--no-json", "--out", tmp_path / "plain")
    assert plain.exit_code == 0 and not plain.stdout.startswith("{")


def test_json_errors_stay_on_stderr(tmp_path):
    result = export("--to", "prodigy", "--json", "--out", tmp_path / "x")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: give a label scheme")


def test_a_folder_that_is_not_a_release_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path), "--to", "prodigy", "--classes", "a"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
