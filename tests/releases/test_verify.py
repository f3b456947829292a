"""verify: a whole release passes; each way of tampering with a copy is named exactly."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.releases.verify import verify_release

from ..conftest import EXAMPLE_RELEASE


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "example-news" / "1.0.0"
    shutil.copytree(EXAMPLE_RELEASE, target)
    return target


def reseal(release: Path, relpath: str) -> None:
    """Update the manifest's entry for a file, as someone covering their tracks would."""
    manifest = json.loads((release / "manifest.json").read_text())
    data = (release / relpath).read_bytes()
    for entry in manifest["files"]:
        if entry["path"] == relpath:
            entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (release / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )


def edit_jsonl(path: Path, index: int, change) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[index])
    change(record)
    lines[index] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return record


def codes(report) -> list[tuple[str, str]]:
    return sorted({(f.code, f.file) for f in report.findings})


def test_the_example_release_verifies():
    report = verify_release(EXAMPLE_RELEASE)
    assert report.valid, report.findings
    assert report.checked == ["files", "schemas", "invariants", "load_dataset"]


def test_a_changed_byte_is_a_tampered_file(copy):
    path = copy / "data" / "paragraphs" / "train-00000-of-00001.parquet"
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    report = verify_release(copy, load=False)
    assert ("tampered-file", "data/paragraphs/train-00000-of-00001.parquet") in codes(report)


def test_a_missing_and_an_extra_file_are_named(copy):
    (copy / "rejects.jsonl").unlink()
    (copy / "notes.txt").write_text("not part of the release")
    report = verify_release(copy, load=False)
    assert ("missing-file", "rejects.jsonl") in codes(report)
    assert ("extra-file", "notes.txt") in codes(report)


def test_an_invalid_record_is_found_even_when_the_manifest_is_resealed(copy):
    edit_jsonl(copy / "articles.jsonl", 0, lambda r: r.update(published_at="yesterday"))
    reseal(copy, "articles.jsonl")
    report = verify_release(copy, load=False)
    assert [(f.code, f.file, f.pointer) for f in report.findings] == [
        ("schema-invalid", "articles.jsonl", "/published_at")
    ]


def test_broken_offsets_and_duplicate_ids_are_invariant_failures(copy):
    paragraphs = copy / "paragraphs.jsonl"
    first = edit_jsonl(paragraphs, 0, lambda r: r.update(char_start=r["char_start"] + 1))
    lines = paragraphs.read_text().splitlines()
    lines.append(lines[1])  # the same paragraph twice
    paragraphs.write_text("\n".join(lines) + "\n")
    reseal(copy, "paragraphs.jsonl")
    report = verify_release(copy, load=False)
    found = {(f.code, f.record) for f in report.findings}
    assert ("offsets", first["paragraph_id"]) in found
    assert ("duplicate-id", json.loads(lines[1])["paragraph_id"]) in found
    assert ("split-count", None) in found  # one more train paragraph than the card says


def test_a_card_count_that_lies_is_named_and_load_dataset_refuses_it(copy):
    card = (copy / "README.md").read_text()
    count = json.loads((copy / "manifest.json").read_text())["counts"]["paragraphs"]["train"]
    (copy / "README.md").write_text(
        card.replace(f"num_examples: {count}\n", f"num_examples: {count + 5}\n", 1)
    )
    reseal(copy, "README.md")
    report = verify_release(copy)
    assert codes(report) == [("load-failed", "README.md"), ("split-count", "README.md")]


def test_verify_cli_exit_codes_and_json(copy):
    runner = CliRunner()
    assert runner.invoke(app, ["verify", str(copy), "--no-load"]).exit_code == 0
    (copy / "rejects.jsonl").write_text("")
    result = runner.invoke(app, ["verify", str(copy), "--no-load", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert [f["code"] for f in report["findings"]] == ["tampered-file"]
