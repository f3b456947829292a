"""croissant.json and datapackage.json, checked by their ecosystems' own validators."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import EXAMPLE_RELEASE


def test_mlcroissant_validates_the_croissant_file_and_reads_paragraphs():
    import mlcroissant

    path = EXAMPLE_RELEASE / "croissant.json"
    document = json.loads(path.read_text())
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    manifest = {
        f["path"]: f["sha256"]
        for f in json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())["files"]
    }
    for entry in document["distribution"]:
        if entry["@type"] == "cr:FileObject":
            assert entry["sha256"] == manifest[entry["contentUrl"]]
    dataset = mlcroissant.Dataset(jsonld=str(path))  # raises on validation errors
    for record_set, kind in (("paragraphs", "paragraph"), ("articles", "article")):
        lines = (EXAMPLE_RELEASE / f"{record_set}.jsonl").read_text().splitlines()
        expected = {row[f"{kind}_id"]: row for row in map(json.loads, lines)}
        records = list(dataset.records(record_set=record_set))
        assert len(records) == len(expected)
        for record in records:
            original = expected[record[f"{record_set}/{kind}_id"].decode()]
            assert record[f"{record_set}/text"].decode() == original["text"]
            source = record[f"{record_set}/source"]  # a struct comes back as a dict
            assert source[f"{record_set}/source/path"].decode() == original["source"]["path"]
            assert source[f"{record_set}/source/line_start"] == original["source"]["line_start"]
            if kind == "paragraph":
                codes = [
                    flag["paragraphs/flags/code"].decode() for flag in record["paragraphs/flags"]
                ]
                assert codes == [flag["code"] for flag in original["flags"]]
            else:
                authors = [name.decode() for name in record["articles/authors"]]
                assert authors == original["authors"]
                external = record["articles/external_id"]
                assert (external.decode() if external else None) == original["external_id"]
    validator = shutil.which("mlcroissant", path=str(Path(sys.executable).parent))
    assert validator, "the mlcroissant command is missing (test extras)"
    cli = subprocess.run(
        [validator, "validate", "--jsonld", str(path)], capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert "Done." in cli.stderr


def test_frictionless_validates_the_data_package():
    from frictionless import Package

    package = json.loads((EXAMPLE_RELEASE / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} >= {"paragraphs.jsonl", "articles.jsonl"}
    report = Package(str(EXAMPLE_RELEASE / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "frictionless",
            "validate",
            str(EXAMPLE_RELEASE / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stdout[-2000:]
