"""diff: the example release against an edited copy of its corpus, change by change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.build import EXAMPLE_CORPUS, build_release
from packager.cli import app
from packager.identify import article_id, article_key
from packager.releases.diff import diff_releases
from packager.releases.verify import verify_release
from packager.settings import BuildSettings

from ..conftest import EXAMPLE_RELEASE

SEAWALL = "gullhaven-gazette/seawall-repairs-delayed.txt"
ORCHARD = "tarrowmere-courier/orchard-frost-losses.txt"


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> dict:
    corpus = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    lines = (corpus / SEAWALL).read_text().splitlines()
    edited_old, deleted = lines[1], lines[3]
    lines[1] = lines[1].replace("good news", "welcome news")  # edited
    del lines[3]  # deleted
    inserted = "A spokesperson for the county said the grant would not be withdrawn."
    lines.insert(5, inserted)  # inserted
    (corpus / SEAWALL).write_text("\n".join(lines) + "\n")
    (corpus / ORCHARD).unlink()  # an article removed
    (corpus / "gullhaven-gazette" / "new-pier-lights.txt").write_text(
        "New lights were fitted to the pier on Thursday.\nThe council paid for them.\n"
    )  # an article added
    out = tmp_path_factory.mktemp("dist")
    release = build_release(
        [corpus], BuildSettings(name="example-news", version="1.1.0"), out
    ).release
    return {
        "release": release,
        "corpus": corpus,
        "edited": edited_old,
        "deleted": deleted,
        "inserted": inserted,
    }


def ids(release: Path, path: str) -> list[dict]:
    return [
        p
        for p in map(json.loads, (release / "paragraphs.jsonl").read_text().splitlines())
        if p["source"]["path"] == path
    ]


def test_every_kind_of_change_is_found(edited):
    result = diff_releases(EXAMPLE_RELEASE, edited["release"])
    seawall, orchard = (
        article_id(
            article_key(
                None,
                json.loads(
                    (
                        EXAMPLE_CORPUS / "gullhaven-gazette" / "seawall-repairs-delayed.meta.json"
                    ).read_text()
                )["url"],
                SEAWALL,
            )
        ),
        article_id(article_key(None, None, ORCHARD)),
    )
    added = article_id(article_key(None, None, "gullhaven-gazette/new-pier-lights.txt"))
    assert result.articles["added"] == [added]
    assert result.articles["removed"] == [orchard]
    assert seawall in result.articles["changed"]
    [modified] = [
        m
        for m in result.modified
        if m["old_id"] in {p["paragraph_id"] for p in ids(EXAMPLE_RELEASE, SEAWALL)}
    ]
    old_text = next(
        p["text"] for p in ids(EXAMPLE_RELEASE, SEAWALL) if p["paragraph_id"] == modified["old_id"]
    )
    assert old_text == edited["edited"] and 0.9 < modified["similarity"] < 1
    new_seawall = {p["paragraph_id"]: p["text"] for p in ids(edited["release"], SEAWALL)}
    assert edited["inserted"] in [
        new_seawall[pid] for pid in result.added_paragraphs if pid in new_seawall
    ]
    deleted_id = next(
        p["paragraph_id"] for p in ids(EXAMPLE_RELEASE, SEAWALL) if p["text"] == edited["deleted"]
    )
    assert deleted_id in result.removed_paragraphs
    # The syndicated copy of the seawall story was its near-duplicate, so it shared its
    # split; the edits push it below the similarity threshold, out of the group and into
    # its own split. Splits by duplicate group can move when the original is edited: the
    # diff warns of exactly this.
    coastwire = article_id(article_key("coastwire-2026-0311", None, ""))
    assert result.split_moves == [{"article_id": coastwire, "old": "test", "new": "train"}]
    assert (result.suggested_bump, result.required_version, result.version_ok) == (
        "major",
        "2.0.0",
        False,
    )
    # untouched paragraphs of the edited article keep their IDs
    assert result.paragraphs["unchanged"] > 150


def test_an_unchanged_release_suggests_nothing():
    result = diff_releases(EXAMPLE_RELEASE, EXAMPLE_RELEASE)
    assert (result.suggested_bump, result.version_ok) == ("none", True)
    assert (
        result.paragraphs["added"]
        == result.paragraphs["removed"]
        == result.paragraphs["modified"]
        == 0
    )


def test_added_records_only_suggest_a_minor_bump(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    (corpus / "extra.txt").write_text("One more story about the harbour.\n")
    new = build_release(
        [corpus], BuildSettings(name="example-news", version="1.1.0"), tmp_path / "d"
    ).release
    result = diff_releases(EXAMPLE_RELEASE, new)
    assert (result.suggested_bump, result.required_version, result.version_ok) == (
        "minor",
        "1.1.0",
        True,
    )


def test_cli_check_version_json_and_the_listed_articles(edited):
    runner = CliRunner()
    refused = runner.invoke(
        app, ["diff", str(EXAMPLE_RELEASE), str(edited["release"]), "--check-version"]
    )
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == (
        "Error: version 1.1.0 is below the suggested 2.0.0 (major change since 1.0.0)"
    )
    as_json = runner.invoke(app, ["diff", str(EXAMPLE_RELEASE), str(edited["release"]), "--json"])
    assert as_json.exit_code == 0
    printed = json.loads(as_json.stdout)  # stdout is the JSON alone; warnings are on stderr
    assert printed == json.loads(
        json.dumps(diff_releases(EXAMPLE_RELEASE, edited["release"]).to_dict())
    )
    assert "moved from split test to train" in as_json.stderr
    changes = printed["article_changes"]
    assert [a["article_id"] for a in changes["changed"]] == printed["articles"]["changed"]
    [added] = changes["added"]
    assert added["path"] == "gullhaven-gazette/new-pier-lights.txt" and added["url"] is None
    [removed] = changes["removed"]
    assert (removed["path"], removed["title"]) == (ORCHARD, None)  # no title in the input
    table = runner.invoke(
        app, ["diff", str(EXAMPLE_RELEASE), str(edited["release"]), "--limit", "1"]
    ).stdout
    assert "added: gullhaven-gazette/new-pier-lights.txt\n" in table
    assert f"removed: {ORCHARD}\n" in table
    first = changes["changed"][0]
    assert f"changed: {first['url'] or first['path']}" in table
    none_listed = runner.invoke(
        app, ["diff", str(EXAMPLE_RELEASE), str(edited["release"]), "--limit", "0"]
    ).stdout
    assert "added: ... and 1 more (--limit N, or --json)\n" in none_listed
    assert f"changed: ... and {len(changes['changed'])} more" in none_listed
    gone = runner.invoke(
        app, ["diff", str(EXAMPLE_RELEASE), str(edited["release"]), "--write-changelog"]
    )
    assert gone.exit_code == 2  # releases are never edited: the option is gone


def test_build_previous_writes_the_changes_into_the_new_release(edited, tmp_path):
    def tree(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    before = tree(EXAMPLE_RELEASE)
    command = [
        "build",
        str(edited["corpus"]),
        "--name",
        "example-news",
        "--version",
        "2.0.0",
        "--out",
        str(tmp_path / "dist"),
        "--previous",
        str(EXAMPLE_RELEASE),
        "--json",
    ]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    release = tmp_path / "dist" / "example-news" / "2.0.0"
    assert summary["release"] == str(release) and summary["outcome"] == "created"
    written = json.loads((release / "changes.json").read_text())
    assert written == summary["changes"]
    expected = json.loads(json.dumps(diff_releases(EXAMPLE_RELEASE, release).to_dict()))
    for key in ("articles", "article_changes", "paragraphs", "modified", "split_moves"):
        assert written[key] == expected[key]
    assert (written["suggested_bump"], written["version_ok"]) == ("major", True)
    card = (release / "README.md").read_text()
    assert "## Changes since example-news 1.0.0" in card
    assert "- suggested version bump: major (at least 2.0.0)" in card
    assert verify_release(release, load=False).valid
    assert tree(EXAMPLE_RELEASE) == before  # the previous release is never touched
    built = tree(release)
    again = CliRunner().invoke(app, command)
    assert again.exit_code == 0 and json.loads(again.stdout)["outcome"] == "unchanged"
    assert tree(release) == built


def test_build_previous_must_be_an_earlier_version(tmp_path):
    result = CliRunner().invoke(
        app, ["build", "--out", str(tmp_path), "--previous", str(EXAMPLE_RELEASE)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: --previous {EXAMPLE_RELEASE} is version 1.0.0, which is not below the "
        "version being built (1.0.0); give an earlier release"
    )
    assert not (tmp_path / "example-news" / "1.0.0").exists()


def test_annotations_carry_forward_into_four_groups(edited, tmp_path):
    from packager.labeling.carry import carry_annotations

    old = {
        p["paragraph_id"]: p
        for p in map(json.loads, (EXAMPLE_RELEASE / "paragraphs.jsonl").read_text().splitlines())
    }
    seawall = ids(EXAMPLE_RELEASE, SEAWALL)
    edited_paragraph = next(p for p in seawall if p["text"] == edited["edited"])
    deleted_paragraph = next(p for p in seawall if p["text"] == edited["deleted"])
    untouched = seawall[0]
    orchard = ids(EXAMPLE_RELEASE, ORCHARD)[0]

    def span(paragraph, quoted, annotator="ana"):
        start = paragraph["text"].index(quoted)
        return {
            "annotation_id": f"{len(quoted):020d}",
            "paragraph_id": paragraph["paragraph_id"],
            "article_id": paragraph["article_id"],
            "tool": "label-studio",
            "annotator": annotator,
            "task": "span",
            "label": "PLACE",
            "labels": [],
            "start": start,
            "end": start + len(quoted),
            "text": quoted,
            "created_at": None,
            "status": "submitted",
            "source": {"file": "x.json", "record": 1},
        }

    rows = [
        span(untouched, untouched["text"].split()[0]),  # carried
        span(edited_paragraph, "Kępiński"),  # still there after the edit: re-anchored
        span(edited_paragraph, "good news"),  # the edited words: needs review
        span(deleted_paragraph, deleted_paragraph["text"].split()[0]),  # orphaned
        span(orchard, orchard["text"].split()[0]),  # article removed: orphaned
    ]
    assert all(old[r["paragraph_id"]]["text"][r["start"] : r["end"]] == r["text"] for r in rows)
    source = tmp_path / "annotations.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    result = CliRunner().invoke(
        app,
        [
            "annotations",
            "carry",
            str(source),
            str(edited["release"]),
            "--from-release",
            str(EXAMPLE_RELEASE),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "carried 1, reanchored 1, needs-review 1, orphaned 2" in result.output
    [moved] = [
        json.loads(x) for x in (tmp_path / "out" / "reanchored.jsonl").read_text().splitlines()
    ]
    new = {
        p["paragraph_id"]: p
        for p in map(json.loads, (edited["release"] / "paragraphs.jsonl").read_text().splitlines())
    }
    assert new[moved["paragraph_id"]]["text"][moved["start"] : moved["end"]] == "Kępiński"
    [review] = [
        json.loads(x) for x in (tmp_path / "out" / "needs-review.jsonl").read_text().splitlines()
    ]
    assert (
        review["selector"]["exact"] == "good news"
        and review["new_paragraph_id"] == moved["paragraph_id"]
    )
    kept = (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    assert len(kept) == 2
    assert carry_annotations(
        source, EXAMPLE_RELEASE, edited["release"], tmp_path / "again"
    ).counts == result_counts(result.output)


def result_counts(output: str) -> dict:
    first = output.split(";")[0]
    return {group: int(number) for group, number in (part.split() for part in first.split(", "))}


def test_a_quote_selector_uses_its_context_to_choose_between_repeats():
    from packager.labeling.carry import anchor, quote_selector

    old = "The ferry left Gullhaven at six. Later the ferry returned to Gullhaven at nine."
    start = old.rindex("Gullhaven")
    selector = quote_selector(old, start, start + len("Gullhaven"))
    new = (
        "The ferry left Gullhaven at 6:00. Later that day the ferry returned to Gullhaven at nine."
    )
    assert anchor(selector, new) == new.rindex("Gullhaven")
    assert anchor(selector, "Gullhaven Gullhaven") is None  # no context tells them apart
    assert anchor(selector, "No harbour named here.") is None
