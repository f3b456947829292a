"""Releases are byte-identical on rebuild, written atomically, and immutable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from packager.build import build_release
from packager.errors import ReleaseConflictError
from packager.publish.version import first_difference
from packager.settings import BuildSettings

ARTICLES = {
    "harbour/ferry.txt": "The ferry returns — on Monday.\r\nCaptain Zoe\u0308 Ruiz said so.\r\n",
    "harbour/ferry.meta.json": '{"url": "https://harbour.example/ferry", "language": "en"}',
    "wire.jsonl": "".join(
        json.dumps({"id": f"w{n}", "text": f"Story {n}.\nMore on story {n}.", "desk": "city"})
        + "\n"
        for n in range(30)
    ),
}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical_whatever_the_hash_seed(write_files, tmp_path):
    root = write_files(ARTICLES)
    releases = []
    for seed in ("0", "12345"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "packager",
                "build",
                str(root),
                "--out",
                str(out),
                "--name",
                "city",
                "--version",
                "1.0.0",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        releases.append(tree(out / "city" / "1.0.0"))
    assert releases[0] == releases[1]
    assert "data/paragraphs/train-00000-of-00001.parquet" in releases[0]


def test_rebuilding_an_identical_version_is_a_quiet_success(write_files, tmp_path, settings):
    root = write_files(ARTICLES)
    first = build_release([root], settings, tmp_path / "dist")
    before = tree(first.release)
    again = build_release([root], settings, tmp_path / "dist")
    assert (first.outcome, again.outcome) == ("created", "unchanged")
    assert tree(again.release) == before
    assert sorted(p.name for p in first.release.parent.iterdir()) == [".1.0.0.lock", "1.0.0"]


def test_a_different_build_of_an_existing_version_is_refused_unless_forced(
    write_files, tmp_path, settings
):
    root = write_files(ARTICLES)
    build_release([root], settings, tmp_path / "dist")
    (root / "harbour" / "ferry.txt").write_text("The ferry is cancelled.\n")
    with pytest.raises(ReleaseConflictError) as error:
        build_release([root], settings, tmp_path / "dist")
    assert "already exists and differs from this build (first difference: README.md)" in str(
        error.value
    )
    assert "choose a new --version, or --force" in str(error.value)
    replaced = build_release([root], settings, tmp_path / "dist", force=True)
    assert replaced.outcome == "replaced"
    assert "The ferry is cancelled." in (replaced.release / "paragraphs.jsonl").read_text()
    assert sorted(p.name for p in replaced.release.parent.iterdir()) == [".1.0.0.lock", "1.0.0"]


def test_first_difference_names_missing_extra_and_changed_files(tmp_path):
    left, right = tmp_path / "l", tmp_path / "r"
    for folder in (left, right):
        (folder / "data").mkdir(parents=True)
        (folder / "a.txt").write_text("same")
    assert first_difference(left, right) is None
    (right / "data" / "x.parquet").write_text("extra")
    assert first_difference(left, right) == "data/x.parquet"
    (left / "data" / "x.parquet").write_text("other")
    assert first_difference(left, right) == "data/x.parquet"


def test_a_failed_build_leaves_no_folder_behind(write_files, tmp_path, settings):
    root = write_files({"only.txt": b""})
    with pytest.raises(Exception):  # noqa: B017 - strict mode refuses
        build_release([root], settings, tmp_path / "dist", strict=True)
    # only the empty lock file stays (see build_lock); no staging folder
    assert [p.name for p in (tmp_path / "dist" / "test-news").iterdir()] == [".1.0.0.lock"]


def test_source_date_epoch_sets_created_at(write_files, tmp_path, settings, monkeypatch):
    root = write_files(ARTICLES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = build_release([root], settings, tmp_path / "dist")
    manifest = json.loads((result.release / "manifest.json").read_text())
    assert manifest["created_at"] == "2026-01-01T00:00:00Z"


def test_the_manifest_lists_inputs_and_every_file_with_its_checksum(
    write_files, tmp_path, settings
):
    root = write_files(ARTICLES)
    result = build_release([root], settings, tmp_path / "dist")
    manifest = json.loads((result.release / "manifest.json").read_text())
    assert [i["path"] for i in manifest["inputs"]] == [
        "harbour/ferry.txt",
        "harbour/ferry.meta.json",
        "wire.jsonl",
    ]
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(tree(result.release)) - {"manifest.json"}
    import hashlib

    for entry in manifest["files"]:
        data = (result.release / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"], entry["sha256"])
    assert manifest["settings"] == BuildSettings(name="test-news", version="1.0.0").model_dump(
        mode="json"
    )
    assert manifest["id_scheme"] == "packager-ids/2"


def test_shards_roll_over_at_the_target_size(write_files, tmp_path):
    root = write_files(ARTICLES)
    small = BuildSettings(
        name="s", version="1.0.0", splits={"train": 1.0}, shard_max_bytes=2048, row_group_rows=7
    )
    result = build_release([root], small, tmp_path / "dist")
    shards = sorted((result.release / "data" / "paragraphs").glob("*.parquet"))
    assert len(shards) > 1
    assert shards[0].name == f"train-00000-of-{len(shards):05d}.parquet"
    import pyarrow.parquet as pq

    assert (
        sum(pq.ParquetFile(s).metadata.num_rows for s in shards)
        == result.counts["paragraphs"]["train"]
    )
    import datasets

    loaded = datasets.load_dataset(str(result.release), cache_dir=str(tmp_path / "cache"))
    assert loaded["train"].num_rows == result.counts["paragraphs"]["train"]


def test_the_release_is_the_same_byte_for_byte_with_any_number_of_workers(tmp_path):
    from packager.build import EXAMPLE_CORPUS

    built = []
    for workers in (1, 2, 3):
        settings = BuildSettings(name="example-news", version="1.0.0")
        release = build_release(
            [EXAMPLE_CORPUS], settings, tmp_path / f"w{workers}", workers=workers
        ).release
        built.append(tree(release))
    assert built[0] == built[1] == built[2]
