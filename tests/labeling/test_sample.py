"""``export --sample N [--stratify KEYS] [--seed S]``: a deterministic, proportional sample."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.labeling.sample import allocate
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release

from ..conftest import EXAMPLE_RELEASE
from .test_labeling import SCHEME, paragraphs

runner = CliRunner()
ARTICLES = {
    a["article_id"]: a
    for a in map(json.loads, (EXAMPLE_RELEASE / "articles.jsonl").read_text().splitlines())
}
BODY = [p for p in paragraphs(EXAMPLE_RELEASE) if p["kind"] == "body"]


def exported_ids(folder: Path) -> list[str]:
    return [
        json.loads(line)["paragraph_id"]
        for batch in sorted(folder.glob("tasks-*.jsonl"))
        for line in batch.read_text().splitlines()
    ]


def stratum(paragraph: dict) -> tuple:
    article = ARTICLES[paragraph["article_id"]]
    return (article["publisher"], article["language"])


def test_largest_remainder_allocation():
    assert allocate({("a",): 5, ("b",): 3, ("c",): 2}, 5) == {("a",): 3, ("b",): 1, ("c",): 1}
    assert allocate({("a",): 1, ("b",): 1}, 1) == {("a",): 1, ("b",): 0}  # tie: first stratum
    assert allocate({("a",): 2, ("b",): 1}, 10) == {("a",): 2, ("b",): 1}  # all there is


def test_stratified_sample_is_reproducible_and_proportional(tmp_path):
    scheme = load_scheme(SCHEME)
    keys = ["publisher", "language"]

    def run(name: str, seed: int) -> tuple[list[str], dict]:
        export_release(
            EXAMPLE_RELEASE, "prodigy", scheme, tmp_path / name, sample=30, stratify=keys, seed=seed
        )
        index = json.loads((tmp_path / name / "export-index.json").read_text())
        return exported_ids(tmp_path / name), index["sample"]

    first, definition = run("a", 7)
    again, _ = run("b", 7)
    other, _ = run("c", 8)
    assert first == again and len(first) == 30  # same seed, same IDs, same order
    assert set(other) != set(first)
    population = Counter(stratum(p) for p in BODY)
    assert definition["population"] == len(BODY) and definition["selected"] == 30
    assert definition["seed"] == 7 and definition["stratify"] == keys
    chosen = Counter(stratum(p) for p in BODY if p["paragraph_id"] in set(first))
    for entry in definition["strata"]:
        key = (entry["stratum"]["publisher"], entry["stratum"]["language"])
        assert entry["population"] == population[key]
        assert entry["selected"] == entry["allocated"] == chosen[key]
        assert abs(entry["allocated"] - 30 * population[key] / len(BODY)) < 1  # rounding only
    assert sum(e["allocated"] for e in definition["strata"]) == 30


def test_sample_composes_with_only_new(tmp_path):
    previous = tmp_path / "previous"
    shutil.copytree(EXAMPLE_RELEASE, previous)
    lines = (EXAMPLE_RELEASE / "paragraphs.jsonl").read_text().splitlines(keepends=True)
    (previous / "paragraphs.jsonl").write_text("".join(lines[: len(lines) // 2]))
    known = {json.loads(line)["paragraph_id"] for line in lines[: len(lines) // 2]}
    result = export_release(
        EXAMPLE_RELEASE,
        "doccano",
        load_scheme(SCHEME),
        tmp_path / "out",
        only_new=previous,
        sample=10,
        seed=1,
    )
    ids = exported_ids(tmp_path / "out")
    assert len(ids) == result.tasks == 10 and not set(ids) & known
    index = json.loads((tmp_path / "out" / "export-index.json").read_text())
    new_body = [p for p in BODY if p["paragraph_id"] not in known]
    assert index["sample"]["population"] == len(new_body)
    assert result.skipped_known == len(BODY) - len(new_body)


def test_article_sample_by_split(tmp_path):
    export_release(
        EXAMPLE_RELEASE,
        "label-studio",
        load_scheme(SCHEME),
        tmp_path / "a",
        unit="article",
        sample=5,
        stratify=["split"],
    )
    index = json.loads((tmp_path / "a" / "export-index.json").read_text())
    assert index["tasks"] == 5 and index["sample"]["population"] == len(ARTICLES)
    assert {e["stratum"]["split"] for e in index["sample"]["strata"]} == {
        a["split"] for a in ARTICLES.values()
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stratify", "publisher"], "--stratify needs --sample N"),
        (["--sample", "0"], "--sample must be at least 1"),
        (["--sample", "3", "--stratify", "colour"], "cannot stratify by 'colour'"),
    ],
)
def test_sample_options_are_checked(args, message, tmp_path):
    base = ["export", str(EXAMPLE_RELEASE), "--to", "prodigy", "--classes", "a,b"]
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "x"), *args])
    assert result.exit_code != 0 and message in result.output


def test_export_cli_sample_stratify_seed(tmp_path):
    base = ["export", str(EXAMPLE_RELEASE), "--to", "prodigy", "--scheme", str(SCHEME)]
    options = ["--sample", "12", "--stratify", "language,split", "--seed", "42", "--json"]
    first = runner.invoke(app, [*base, *options, "--out", str(tmp_path / "a")])
    second = runner.invoke(app, [*base, *options, "--out", str(tmp_path / "b")])
    assert first.exit_code == second.exit_code == 0, first.output
    assert json.loads(first.stdout)["tasks"] == 12
    assert exported_ids(tmp_path / "a") == exported_ids(tmp_path / "b")
    index = json.loads((tmp_path / "a" / "export-index.json").read_text())
    assert index["sample"]["stratify"] == ["language", "split"] and index["sample"]["seed"] == 42
