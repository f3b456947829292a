"""docs/ cannot drift: its example runs, its tables cover the schemas and codes, its tests exist.

Each page checked here is named by the test; `mkdocs build --strict` in .ci/run checks
the links between pages.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import typing
from pathlib import Path

import datasets
import typer.main
import yaml

import packager
from packager.check.schemas import load_schema
from packager.cli import app
from packager.labeling.models import AnnotationReject
from packager.models import REASON_CODES, FlagCode, Kind

from .conftest import EXAMPLE_RELEASE, REPO

DOCS = REPO / "docs"
REGENERATE_CLI = (
    "python -m typer packager.cli utils docs --name packager --title 'CLI reference' "
    "--output docs/cli.md"
)


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(name: str, title: str) -> str:
    return page(name).split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_the_library_use_example_runs(tmp_path, monkeypatch, capsys):
    example = re.findall(r"```python\n(.+?)\n```", page("api.md"), re.DOTALL)[0]
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(6):
        (articles / f"story-{number}.txt").write_text(
            f"Story {number} opens here.\n\nIt goes on for a while, story {number}.\n"
        )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    namespace: dict = {}
    exec(compile(example, "docs/api.md", "exec"), namespace)
    assert namespace["result"].release == Path("dist/city-news/1.0.0")
    assert isinstance(namespace["dataset"], datasets.DatasetDict)
    assert namespace["table"].num_rows == 6
    assert namespace["export"].tasks == 12
    assert capsys.readouterr().out.startswith("6 ['train', 'validation', 'test']\n")


def test_every_public_name_is_on_the_api_page():
    text = page("api.md")
    missing = [
        name
        for name in packager.__all__
        if f"`{name}`" not in text and not re.search(rf"^[│├└─ ]*{name}\b", text, re.MULTILINE)
    ]
    assert not missing, f"docs/api.md does not name {missing}"


def _properties(schema: dict) -> set[str]:
    names = set(schema.get("properties", {}))
    for definition in schema.get("$defs", {}).values():
        names |= set(definition.get("properties", {}))
    return names


def test_every_record_field_is_documented():
    text = page("records.md")
    for kind in ("paragraph", "article", "reject"):
        for name in _properties(load_schema(kind)):
            assert f"`{name}`" in text, f"docs/records.md does not document {kind} field {name!r}"


def test_every_annotation_field_and_reject_reason_is_documented():
    text = page("labeling.md")
    for name in _properties(load_schema("annotation")):
        assert f"`{name}`" in text, f"docs/labeling.md does not document annotation field {name!r}"
    reasons = typing.get_args(AnnotationReject.model_fields["reason"].annotation)
    for reason in reasons:
        assert f"`{reason}`" in text, f"docs/labeling.md does not document {reason!r}"


def test_every_reason_code_is_in_the_bad_input_table():
    table = section("guarantees.md", "Bad input")
    for code in REASON_CODES:
        assert f"| `{code}` |" in table, code


def test_every_kind_and_flag_is_in_the_quality_tables():
    text = page("quality.md")
    for code in (*typing.get_args(Kind), *typing.get_args(FlagCode)):
        assert f"| `{code}` |" in text, code


def test_the_id_scheme_is_documented():
    manifest = json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())
    assert f"scheme `{manifest['id_scheme']}`" in page("records.md")


def test_every_guarantee_names_tests_that_exist():
    rows = [
        line
        for line in section("guarantees.md", "What packager guarantees").splitlines()
        if line.startswith("| ") and "---" not in line
    ]
    assert len(rows) >= 12
    for row in rows[1:]:
        promise, kept_by = row.strip("|").rsplit("|", 1)
        current = None
        named = 0
        for token in re.findall(r"`([^`]+)`", kept_by):
            match = re.fullmatch(r"(tests/(?:\w+/)?\w+\.py)(?:::(\w+))?", token)
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


def _leaf_commands(command, path=()):
    children = getattr(command, "commands", None)
    if not children:
        yield " ".join(path)
        return
    for name, child in sorted(children.items()):
        yield from _leaf_commands(child, (*path, name))


LEAVES = list(_leaf_commands(typer.main.get_command(app)))


def test_the_cli_reference_is_what_the_code_renders(tmp_path):
    """docs/cli.md is typer's rendering of the app; regenerate it when a command changes."""
    rendered = tmp_path / "cli.md"
    # In a process of its own: typer's docs command renames the app it loads.
    arguments = [sys.executable, *shlex.split(REGENERATE_CLI)[1:-1], str(rendered)]
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert rendered.read_text() == page("cli.md"), (
        f"docs/cli.md differs from what the CLI renders; regenerate it: {REGENERATE_CLI}"
    )


def test_every_command_is_in_the_cli_reference_and_a_topic_page():
    reference = page("cli.md")
    topics = "\n".join(page(path.name) for path in DOCS.glob("*.md") if path.name != "cli.md")
    assert len(LEAVES) >= 14
    for command in LEAVES:
        assert f"`packager {command}`\n" in reference, command
        assert f"packager {command}" in topics, f"no page but cli.md explains {command}"


def test_mkdocs_lists_every_page_once():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    assert config["strict"] is True
    listed = [next(iter(entry.values())) for entry in config["nav"]]
    assert sorted(listed) == sorted(path.name for path in DOCS.glob("*.md"))
