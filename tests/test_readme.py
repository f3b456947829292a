"""The README cannot drift: its quick start and walk-through are run, its map and links hold.

The reference in docs/ is kept true by tests/test_docs.py.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import datasets
from typer.testing import CliRunner

from packager.cli import app

from .conftest import EXAMPLE_RELEASE, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def quick_start() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", section("Quick start"))


def test_the_readme_is_a_tour_of_at_most_150_lines():
    assert len(README.splitlines()) <= 150


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


def _label_in_label_studio(tasks: Path, export: Path) -> None:
    """What the walk-through's person does in Label Studio: two annotators, one class each."""
    exported = []
    for number, task in enumerate(json.loads(tasks.read_text(encoding="utf-8")), 1):
        annotations = [
            {
                "completed_by": annotator,
                "result": [
                    {
                        "type": "choices",
                        "from_name": "label",
                        "to_name": "paragraph",
                        "value": {"choices": ["opinion" if number % 7 == annotator else "news"]},
                    }
                ],
            }
            for annotator in (1, 2)
        ]
        exported.append({"id": number, "data": task["data"], "annotations": annotations})
    export.write_text(json.dumps(exported), encoding="utf-8")


def test_the_five_minute_walk_through_runs(tmp_path, monkeypatch):
    """Every command of the walk-through, in its order, on the bundled example."""
    walk = section("Five minutes")
    lines = [
        line.split("  #", 1)[0].strip()
        for block in re.findall(r"```bash\n(.+?)\n```", walk, re.DOTALL)
        for line in block.splitlines()
    ]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    ran = []
    for line in lines:
        if line.startswith("python -c "):
            exec(shlex.split(line)[2], {})
            continue
        command = shlex.split(line)
        assert command[0] == "packager", line
        if command[1:3] == ["annotations", "import"]:
            _label_in_label_studio(Path("tour/tasks/tasks-00000.json"), Path(command[3]))
        result = CliRunner().invoke(app, command[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
        ran.append((" ".join(command[1:3]), result.output))
    assert [name.split(" tour")[0] for name, _ in ran] == [
        "build --out",
        "inspect",
        "export",
        "annotations import",
        "annotations stats",
        "annotations merge",
        "build --out",
        "diff",
        "annotations carry",
    ]
    outputs = dict(ran)
    assert "suggested bump" in outputs["diff tour/example-news/1.0.0"]
    assert "major" in outputs["diff tour/example-news/1.0.0"]
    assert "needs-review 0, orphaned 0" in " ".join(outputs["annotations carry"].split())
    assert (tmp_path / "tour" / "labeled" / "README.md").is_file()


def test_the_map_of_the_code_names_every_module_and_folder():
    (block,) = re.findall(r"```\n(.+?)\n```", section("The map of the code"), re.DOTALL)
    named = {line.split()[0] for line in block.splitlines() if line.strip()}
    package = REPO / "packager"
    present = {
        path.name + ("/" if path.is_dir() else "")
        for path in package.iterdir()
        if path.name != "__pycache__" and (path.is_dir() or path.suffix == ".py")
    } - {"__main__.py"}
    assert named == present, f"not in the map: {present - named}; gone: {named - present}"


def test_the_readme_links_to_every_docs_page_and_each_link_holds():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    for link in links:
        if "://" not in link:
            assert (REPO / link).exists(), link
    pages = {path.relative_to(REPO).as_posix() for path in (REPO / "docs").glob("*.md")}
    assert pages <= set(links), f"README does not link {pages - set(links)}"
