"""Versions are SemVer 2.0.0 in every command: accepted, refused and ordered alike."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.versions import VERSION_PATTERN, is_version

ACCEPTED = ["1.0.0", "0.1.0", "1.0.0-foo.1", "1.0.0-rc.1+build.5", "2.0.0+20260101", "1.0.0-0a"]
REFUSED = ["1.0", "01.0.0", "v1.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0\n", "١.0.0", "1.0.0 "]
ARTICLES = {"a.txt": "The harbour reopened on Monday.\nBoats came back.\n"}


def build(root, out, version: str, extra: tuple[str, ...] = ()):
    return CliRunner().invoke(
        app,
        ["build", str(root), "--out", str(out), "--name", "city", "--version", version, *extra],
    )


@pytest.mark.parametrize("version", ACCEPTED + REFUSED)
def test_the_schema_pattern_and_the_library_agree(version):
    assert is_version(version) == (re.fullmatch(VERSION_PATTERN, version) is not None) or (
        version.endswith("\n")  # Python's $ matches before a final newline; JSON Schema's not
    )
    assert is_version(version) == (version in ACCEPTED)


def test_build_refuses_what_is_not_semver(write_files, tmp_path):
    root = write_files(ARTICLES)
    result = build(root, tmp_path / "dist", "1.0")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: invalid settings: version '1.0' is not a semantic version (SemVer 2.0.0) such "
        "as 1.0.0, 1.1.0-rc.1 or 1.0.0+build.5 (at most 64 characters)"
    )
    assert not (tmp_path / "dist" / "city" / "1.0").exists()


def test_pre_release_and_build_metadata_versions_build_and_diff_by_precedence(
    write_files, tmp_path
):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    for version in ("1.0.0-foo.1", "1.0.0-rc.1", "1.0.0", "1.0.0+build.5"):
        result = build(root, out, version)
        assert result.exit_code == 0, result.output
        assert (out / "city" / version / "manifest.json").is_file()

    def diff(old: str, new: str) -> dict:
        result = CliRunner().invoke(
            app, ["diff", str(out / "city" / old), str(out / "city" / new), "--json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    # the same records: only the card and metadata differ, a patch change
    after_pre = diff("1.0.0-foo.1", "1.0.0-rc.1")  # foo < rc (ASCII order of identifiers)
    assert (after_pre["suggested_bump"], after_pre["required_version"]) == ("patch", "1.0.0")
    assert after_pre["version_ok"] is False  # 1.0.0-rc.1 < 1.0.0
    release = diff("1.0.0-rc.1", "1.0.0")
    assert (release["required_version"], release["version_ok"]) == ("1.0.0", True)
    backwards = diff("1.0.0", "1.0.0-rc.1")  # a pre-release is below its release
    assert (backwards["required_version"], backwards["version_ok"]) == ("1.0.1", False)
    metadata_only = diff("1.0.0+build.5", "1.0.0")  # build metadata does not order
    assert (metadata_only["required_version"], metadata_only["version_ok"]) == ("1.0.1", False)
    refused = CliRunner().invoke(
        app,
        ["diff", str(out / "city" / "1.0.0"), str(out / "city" / "1.0.0-rc.1"), "--check-version"],
    )
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "Error: version 1.0.0-rc.1 is below the suggested 1.0.1 (patch change since 1.0.0)"
    )


def test_previous_must_be_below_by_precedence(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    assert build(root, out, "1.0.0").exit_code == 0
    refused = build(root, out, "1.0.0-rc.1", ("--previous", str(out / "city" / "1.0.0")))
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f"Error: --previous {out / 'city' / '1.0.0'} is version 1.0.0, which is not below the "
        "version being built (1.0.0-rc.1); give an earlier release"
    )
    accepted = build(root, out, "1.0.1", ("--previous", str(out / "city" / "1.0.0")))
    assert accepted.exit_code == 0, accepted.output
