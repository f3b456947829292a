"""The README cannot drift: its quick start is run, its tables cover the schemas and codes."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import datasets
from typer.testing import CliRunner

from packager.check.schemas import load_schema
from packager.cli import app
from packager.models import REASON_CODES

from .conftest import EXAMPLE_RELEASE, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_the_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = quick_start()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert commands[0].endswith("packager build")
    assert commands[1].endswith("pytest")
    ci = (REPO / ".ci" / "run").read_text()
    assert commands[1] in ci.splitlines()


def test_the_quick_start_build_reproduces_the_committed_release(tmp_path, monkeypatch):
    command = shlex.split(quick_start()[0].split("&&")[-1])
    assert command[0].endswith("packager")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, command[1:])
    assert result.exit_code == 0, result.output
    built = tmp_path / "dist" / "example-news" / "1.0.0"
    for path in EXAMPLE_RELEASE.rglob("*"):
        if path.is_file():
            relpath = path.relative_to(EXAMPLE_RELEASE)
            assert (built / relpath).read_bytes() == path.read_bytes(), relpath


def test_the_library_use_example_runs(tmp_path, monkeypatch, capsys):
    section = README.split("## Library use", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```python\n(.+?)\n```", section, re.DOTALL)
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(6):
        (articles / f"story-{number}.txt").write_text(
            f"Story {number} opens here.\n\nIt goes on for a while, story {number}.\n"
        )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    namespace: dict = {}
    exec(compile(example, "README.md (Library use)", "exec"), namespace)
    assert namespace["result"].release == Path("dist/city-news/1.0.0")
    assert isinstance(namespace["dataset"], datasets.DatasetDict)
    assert namespace["table"].num_rows == 6
    assert namespace["export"].tasks == 12
    assert capsys.readouterr().out.startswith("6 ['train', 'validation', 'test']\n")


def _properties(schema: dict) -> set[str]:
    names = set(schema.get("properties", {}))
    for definition in schema.get("$defs", {}).values():
        names |= set(definition.get("properties", {}))
    return names


def test_every_record_field_is_documented():
    for kind in ("paragraph", "article", "reject"):
        for name in _properties(load_schema(kind)):
            assert f"`{name}`" in README, f"README does not document {kind} field {name!r}"


def test_every_reason_code_is_documented():
    for code in REASON_CODES:
        assert f"| `{code}` |" in README, code


def test_the_id_scheme_is_documented():
    manifest = json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())
    assert f"scheme `{manifest['id_scheme']}`" in README


def test_every_guarantee_names_tests_that_exist():
    section = README.split("## What packager guarantees", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) >= 12
    for row in rows[1:]:
        promise, kept_by = row.strip("|").rsplit("|", 1)
        current = None
        named = 0
        for token in re.findall(r"`([^`]+)`", kept_by):
            match = re.fullmatch(r"(tests/\w+\.py)(?:::(\w+))?", token)
            if match:
                current = REPO / match.group(1)
                assert current.exists(), token
                names = [match.group(2)] if match.group(2) else []
            elif re.fullmatch(r"test_\w+", token):
                names = [token]
            else:
                continue
            source = current.read_text() if current else ""
            for name in names:
                assert f"def {name}(" in source, f"{promise.strip()}: {name} not in {current}"
            named += 1
        assert named, f"{promise.strip()}: names no test"
