"""A build that would publish a release no one can load stops: one error, exit 1, nothing out."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import packager
from packager.cli import app

runner = CliRunner()
READS = "packager reads .txt, .jsonl(.gz) and .html/.htm(.gz) files"


def build(root, out):
    return runner.invoke(
        app, ["build", str(root), "--out", str(out), "--name", "city", "-V", "1.0.0"]
    )


def test_no_input_files_is_one_error_and_nothing_under_out(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    out = tmp_path / "dist"
    result = build(root, out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: nothing to publish: no input files found under {root}; {READS}\n"
    )
    assert not out.exists()


def test_only_ignored_files_lists_them_and_publishes_nothing(write_files, tmp_path):
    root = write_files({"notes.md": "# notes", "photo.png": b"\x89PNG"})
    out = tmp_path / "dist"
    result = build(root, out)
    assert result.exit_code == 1
    not_input = "not .txt, .jsonl(.gz), .html/.htm(.gz) or .meta.json"
    assert result.stderr.splitlines() == [
        f"ignored: notes.md: {not_input}",
        f"ignored: photo.png: {not_input}",
        f"Error: nothing to publish: no input files found under {root} (2 ignored); {READS}",
    ]
    assert not out.exists()


def test_every_article_rejected_prints_the_rejects_and_publishes_nothing(write_files, tmp_path):
    root = write_files({"a.txt": "", "b.txt": b"\xff\xfe bad", "c.txt": "   \n", "d.txt": " \n"})
    out = tmp_path / "dist"
    result = build(root, out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "rejected: a.txt: the file is empty; remove it or fill it"
    assert lines[1].startswith("rejected: b.txt:1: not valid UTF-8")
    assert lines[2:] == [
        "rejected: c.txt: the article has no text; remove it",
        "rejected: d.txt: the article has no text; remove it",
        "Error: nothing to publish: 0 of 4 articles accepted (2 empty-article, 1 empty-file, "
        "1 invalid-utf8); each rejected: line above says how to fix one",
    ]
    assert result.stdout == ""
    # no release and no staging folder: only the empty lock file stays (see build_lock)
    assert [p.name for p in (out / "city").iterdir()] == [".1.0.0.lock"]


def test_the_library_error_carries_the_rejects(write_files, tmp_path):
    root = write_files({"a.txt": "", "notes.md": "x"})
    with pytest.raises(packager.NothingToPublishError) as caught:
        packager.build_release([root], packager.BuildSettings(name="c", version="1.0.0"), tmp_path)
    assert caught.value.rejected == ["a.txt: the file is empty; remove it or fill it"]
    assert caught.value.ignored == [
        "notes.md: not .txt, .jsonl(.gz), .html/.htm(.gz) or .meta.json"
    ]
