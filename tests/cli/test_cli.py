"""The CLI: a thin twin of the library, with exact messages and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from packager.check.report import validate_path
from packager.cli import app

runner = CliRunner()

ARTICLES = {
    "harbour/ferry.txt": "The ferry returns on Monday.\nCaptain Ruiz said so.\nSubscribe\nSubscribe\n",
    "feed.jsonl": '{"id": "a1", "text": "Council votes.\\nBudget passes."}\n{"id": "a2"}\n',
}


def invoke(*args: str):
    return runner.invoke(app, list(args))


def _commands(command, path=()):
    """Every leaf command of the CLI with its path, e.g. ('annotations', 'import')."""
    children = getattr(command, "commands", None)
    if not children:
        yield path, command
        return
    for name, child in sorted(children.items()):
        yield from _commands(child, (*path, name))


def test_every_command_has_help_text():
    import typer.main

    root = typer.main.get_command(app)
    leaves = list(_commands(root))
    names = {" ".join(path) for path, _ in leaves}
    assert {
        "build",
        "validate",
        "inspect",
        "schemas",
        "export",
        "annotations import",
        "annotations stats",
        "annotations merge",
        "push label-studio",
        "pull label-studio",
    } <= names
    for path, command in leaves:
        assert command.help, f"packager {' '.join(path)} has no help text"
        result = invoke(*path, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_build_prints_rejects_and_a_summary_and_succeeds(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    result = invoke("build", str(root), "--out", str(out), "--name", "city", "--version", "1.0.0")
    assert result.exit_code == 0, result.output
    assert 'rejected: feed.jsonl:2: the record has no "text" field; add it' in result.output
    assert "missing-text" in result.output
    assert (out / "city" / "1.0.0" / "manifest.json").exists()


def test_strict_fails_and_publishes_nothing_when_anything_is_rejected(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    result = invoke(
        "build", str(root), "--out", str(out), "--name", "city", "-V", "1.0.0", "--strict"
    )
    assert result.exit_code == 1
    assert "Error: --strict: 1 input(s) rejected, nothing published" in result.output
    assert not (out / "city" / "1.0.0").exists()
    # no staging folder left behind, only the empty lock file (see build_lock)
    assert [p.name for p in (out / "city").iterdir()] == [".1.0.0.lock"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--name", "../../etc", "--version", "1.0.0"],
            "Error: invalid settings: release name '../../etc' is not allowed",
        ),
        (
            ["--name", "ok", "--version", "1"],
            "Error: invalid settings: version '1' is not a semantic version (SemVer 2.0.0) "
            "such as 1.0.0",
        ),
        (
            ["--name", "ok", "--version", "1.0.0", "--splits", "train=80,test=x"],
            "Error: --splits: share 'x' of 'test' is not a number",
        ),
        (
            ["--name", "ok", "--version", "1.0.0", "--splits", "a=1,a=2"],
            "Error: --splits: split 'a' is given more than once; name each split once "
            "(e.g. train=80,test=20)",
        ),
        (
            ["--name", "ok", "--version", "1.0.0", "--shard-mb", "0"],
            "Error: --shard-mb must be 1 or more, not 0 (MB per Parquet shard)",
        ),
        (
            ["--name", "ok", "--version", "1.0.0", "--max-paragraphs-per-article", "0"],
            "Error: --max-paragraphs-per-article must be 1 or more, not 0",
        ),
        ([], "Error: pass --name and --version for your own inputs"),
    ],
)
def test_bad_options_give_one_clear_line(write_files, tmp_path, args, message):
    root = write_files(ARTICLES)
    result = invoke("build", str(root), "--out", str(tmp_path / "dist"), *args)
    assert result.exit_code == 1
    assert result.output.strip().startswith(message), result.output


def test_max_paragraphs_per_article_rejects_a_longer_article_and_shows_in_help(
    write_files, tmp_path
):
    root = write_files(ARTICLES)
    args = ["--out", str(tmp_path / "dist"), "--name", "city", "--version", "1.0.0"]
    result = invoke("build", str(root), *args, "--max-paragraphs-per-article", "3")
    assert result.exit_code == 0, result.output
    assert (
        "rejected: harbour/ferry.txt: the article splits into 4 paragraphs, more than one "
        "article may (3); split it, or raise --max-paragraphs-per-article"
    ) in " ".join(result.output.split())
    assert "too-many-paragraphs" in result.output
    help_text = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "200"}).output
    assert "--max-paragraphs-per-article" in help_text and "too-many-paragraphs" in help_text


def test_a_missing_input_is_an_error(tmp_path):
    result = invoke("build", str(tmp_path / "nope"), "--name", "x", "--version", "1.0.0")
    assert result.exit_code == 1
    assert f"Error: input {tmp_path / 'nope'} does not exist" in result.output


def test_validate_passes_a_release_and_its_json_equals_the_library_report(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    invoke("build", str(root), "--out", str(out), "--name", "city", "--version", "1.0.0")
    release = out / "city" / "1.0.0"
    result = invoke("validate", str(release))
    assert result.exit_code == 0
    assert "valid" in result.output
    as_json = invoke("validate", str(release), "--json")
    assert json.loads(as_json.output) == validate_path(release).to_dict()


def test_validate_reports_file_line_record_and_pointer_and_exits_1(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    invoke("build", str(root), "--out", str(out), "--name", "city", "--version", "1.0.0")
    paragraphs = out / "city" / "1.0.0" / "paragraphs.jsonl"
    lines = paragraphs.read_text().splitlines()
    record = json.loads(lines[1])
    record["char_start"] = -5
    del record["source"]["sha256"]
    lines[1] = json.dumps(record)
    lines.append("{broken")
    paragraphs.write_text("\n".join(lines) + "\n")
    result = invoke("validate", str(paragraphs), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    found = {(f["line"], f["pointer"], f["code"]) for f in report["findings"]}
    assert (2, "/char_start", "schema-invalid") in found
    assert (2, "/source", "schema-invalid") in found  # 'sha256' is a required property
    assert (len(lines), None, "invalid-json") in found
    assert all(f["file"] == "paragraphs.jsonl" for f in report["findings"])
    assert {f["record"] for f in report["findings"] if f["line"] == 2} == {record["paragraph_id"]}


def test_validate_needs_to_know_the_record_kind(tmp_path):
    path = tmp_path / "stuff.jsonl"
    path.write_text("{}\n")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "Error: cannot tell which records" in result.output
    assert invoke("validate", str(path), "--schema", "article").exit_code == 1


def test_inspect_counts_kinds_and_flags_and_its_json_equals_the_library():
    from packager.releases.stats import release_stats

    from ..conftest import EXAMPLE_RELEASE

    table = invoke("inspect", str(EXAMPLE_RELEASE))
    assert table.exit_code == 0
    for word in ("kind body", "kind boilerplate", "flag call-to-action", "duplicate articles"):
        assert word in table.output
    as_json = json.loads(invoke("inspect", str(EXAMPLE_RELEASE), "--json").output)
    assert as_json == json.loads(json.dumps(release_stats(EXAMPLE_RELEASE).to_dict()))
    manifest = json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())
    assert as_json["kinds"] == {k: v for k, v in manifest["counts"]["kinds"].items() if v}
    assert as_json["flags"] == manifest["counts"]["flags"]


def test_inspect_needs_a_release(tmp_path):
    result = invoke("inspect", str(tmp_path))
    assert result.exit_code == 1
    assert f"Error: {tmp_path} is not a release folder (no paragraphs.jsonl)" in result.output
