"""Readers: text files with sidecars, JSONL and gzip, metadata kept, positions exact."""

from __future__ import annotations

import gzip
import json
import re

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from packager.build import EXAMPLE_CORPUS, build_release
from packager.cli import app
from packager.ingest.json_values import _DIGITS_AS_ZERO, _LONG_RUN
from packager.settings import BuildSettings


def records(release, name):
    return [json.loads(line) for line in (release / name).read_text().splitlines()]


def test_a_sidecar_gives_metadata_and_keeps_unknown_keys(write_files, tmp_path, settings):
    root = write_files(
        {
            "city/budget.txt": "The council passed the budget.\n",
            "city/budget.meta.json": json.dumps(
                {
                    "url": "https://city.example/budget",
                    "title": "Budget passes",
                    "publisher": "City Paper",
                    "published_at": "2026-02-01",
                    "authors": ["Ann Lee", "Bo Kim"],
                    "language": "en",
                    "license": "CC-BY-4.0",
                    "section": "Politics",
                    "tags": ["budget", "council"],
                }
            ),
        }
    )
    release = build_release([root], settings, tmp_path / "dist").release
    [article] = records(release, "articles.jsonl")
    assert article["title"] == "Budget passes"
    assert article["authors"] == ["Ann Lee", "Bo Kim"]
    assert json.loads(article["extra"]) == {"section": "Politics", "tags": ["budget", "council"]}
    assert article["source"]["url"] == "https://city.example/budget"


def test_title_line_takes_the_first_paragraph_as_title(tmp_path):
    settings = BuildSettings(name="t", version="1.0.0", title_line=True)
    release = build_release([EXAMPLE_CORPUS / "tarrowmere-courier"], settings, tmp_path).release
    orchard = next(
        a
        for a in records(release, "articles.jsonl")
        if a["source"]["path"] == "orchard-frost-losses.txt"
    )
    first_line = (
        (EXAMPLE_CORPUS / "tarrowmere-courier" / "orchard-frost-losses.txt")
        .read_text()
        .splitlines()[0]
    )
    assert orchard["title"] == first_line.strip()
    assert not orchard["text"].startswith(first_line.strip())
    paragraphs = [
        p for p in records(release, "paragraphs.jsonl") if p["article_id"] == orchard["article_id"]
    ]
    assert paragraphs[0]["index"] == 0 and paragraphs[0]["source"]["line_start"] == 2


def test_a_utf8_bom_is_dropped_and_byte_offsets_count_it(write_files, tmp_path, settings):
    root = write_files({"bom.txt": b"\xef\xbb\xbfFirst.\nSecond.\n"})
    release = build_release([root], settings, tmp_path / "dist").release
    first, second = records(release, "paragraphs.jsonl")
    assert first["text"] == "First."
    assert (first["source"]["byte_start"], first["source"]["byte_end"]) == (3, 9)
    assert (second["source"]["byte_start"], second["source"]["byte_end"]) == (10, 17)


def test_jsonl_gz_records_are_read_with_their_lines_and_extras(write_files, tmp_path, settings):
    lines = [
        {"id": 7, "text": "Seven.\nSeven again.", "authors": "Ann Lee", "crawled_at": "2026-03-01"},
        {"id": "b", "text": "Bee.", "url": "https://x.example/b"},
    ]
    payload = "".join(json.dumps(line) + "\n" for line in lines).encode()
    root = write_files({"feed.jsonl.gz": gzip.compress(payload, mtime=0)})
    release = build_release([root], settings, tmp_path / "dist").release
    seven, bee = records(release, "articles.jsonl")
    assert seven["external_id"] == "7"
    assert seven["authors"] == ["Ann Lee"]
    assert json.loads(seven["extra"]) == {"crawled_at": "2026-03-01"}
    assert seven["source"]["line_start"] == 1 and bee["source"]["line_start"] == 2
    first_line = payload.split(b"\n")[0]
    assert (seven["source"]["byte_start"], seven["source"]["byte_end"]) == (0, len(first_line))
    assert bee["source"]["url"] == "https://x.example/b"


def test_other_files_are_listed_as_ignored(write_files, tmp_path, settings):
    root = write_files({"a.txt": "Text.\n", "notes.md": "# notes", "orphan.meta.json": "{}"})
    result = build_release([root], settings, tmp_path / "dist")
    assert result.ignored == [
        "notes.md: not .txt, .jsonl(.gz), .html/.htm(.gz) or .meta.json",
        "orphan.meta.json: metadata sidecar without a matching .txt or .html",
    ]
    assert result.counts["inputs"] == 1


# --- which files a build reads, and under which names ---

STORY = "The harbour council met on Tuesday about the winter ferry.\n"


def _titles_by_path(release) -> dict[str, str | None]:
    return {a["source"]["path"]: a["title"] for a in records(release, "articles.jsonl")}


def test_two_inputs_with_the_same_file_names_stay_apart_with_their_own_sidecars(
    write_files, tmp_path, settings
):
    north = write_files({"story.txt": STORY, "story.meta.json": '{"title": "North"}'}, "north")
    south = write_files(
        {"story.txt": STORY.upper(), "story.meta.json": '{"title": "South"}'}, "south"
    )
    result = build_release([north, south], settings, tmp_path / "dist")
    assert (result.counts["accepted"], result.counts["rejected"]) == (2, 0)
    assert _titles_by_path(result.release) == {
        "north/story.txt": "North",
        "south/story.txt": "South",
    }


def test_an_input_given_twice_or_inside_another_is_read_once(write_files, tmp_path, settings):
    root = write_files({"a.txt": STORY, "b.txt": STORY.upper()})
    result = build_release([root, root, root / "a.txt"], settings, tmp_path / "dist")
    assert (result.counts["inputs"], result.counts["accepted"]) == (2, 2)
    assert f"{root}: given twice, read once" in result.ignored
    assert f"{root / 'a.txt'}: given twice, read once" in result.ignored
    (root / "link.txt").symlink_to(root / "b.txt")
    linked = build_release([root], settings, tmp_path / "linked")
    assert linked.counts["inputs"] == 2
    assert "link.txt: the same file as b.txt, read once" in linked.ignored


def test_a_file_given_directly_brings_its_sidecar(write_files, tmp_path, settings):
    root = write_files({"story.txt": STORY, "story.META.JSON": '{"title": "Ferry vote"}'})
    result = build_release([root / "story.txt"], settings, tmp_path / "dist")
    assert _titles_by_path(result.release) == {"story.txt": "Ferry vote"}
    walked = build_release([root], settings, tmp_path / "walked")
    assert _titles_by_path(walked.release) == {"story.txt": "Ferry vote"}  # any case of .meta.json


def test_hidden_files_and_the_output_folder_are_not_read(write_files, tmp_path, settings):
    root = write_files(
        {
            "story.txt": STORY,
            "._story.txt": b"\x00\x05\x16\x07 Mac resource fork",
            ".cache/copy.txt": STORY,
        }
    )
    first = build_release([root], settings, root / "dist")
    again = build_release([root], BuildSettings(name="test-news", version="1.0.1"), root / "dist")
    assert first.counts["inputs"] == again.counts["inputs"] == 1
    assert again.ignored == [
        "._story.txt: a hidden file, not read",
        ".cache/: a hidden folder, not read",
        "dist/: the output folder, not read",
    ]


def test_adding_an_input_renames_only_the_files_two_inputs_share(write_files, tmp_path, settings):
    north = write_files({"story.txt": STORY, "tides.txt": STORY.lower()}, "north")
    alone = build_release([north], settings, tmp_path / "alone")
    south = write_files({"story.txt": STORY.upper(), "ferry.txt": STORY.title()}, "south")
    both = build_release([north, south], settings, tmp_path / "both")
    assert sorted(_titles_by_path(alone.release)) == ["story.txt", "tides.txt"]
    assert sorted(_titles_by_path(both.release)) == [
        "ferry.txt",
        "north/story.txt",
        "south/story.txt",
        "tides.txt",
    ]


def test_a_shell_glob_of_files_and_their_sidecars_reads_each_once(write_files, tmp_path, settings):
    root = write_files(
        {
            "a.txt": STORY,
            "a.html": f"<html><body><article><p>{STORY * 3}</p></article></body></html>",
            "a.meta.json": '{"title": "Shared"}',
        }
    )
    given = sorted(root.iterdir())  # what `packager build in/*` passes
    result = build_release(given, settings, tmp_path / "dist")
    assert (result.counts["inputs"], result.counts["accepted"]) == (2, 2)
    assert set(_titles_by_path(result.release).values()) == {"Shared"}
    assert result.ignored == []


def test_a_sidecar_shared_through_a_link_is_read_for_each_article(write_files, tmp_path, settings):
    root = write_files(
        {"a.txt": STORY, "b.txt": STORY.upper(), "a.meta.json": '{"publisher": "P"}'}
    )
    (root / "b.meta.json").symlink_to(root / "a.meta.json")
    result = build_release([root], settings, tmp_path / "dist")
    publishers = {
        a["source"]["path"]: a["publisher"] for a in records(result.release, "articles.jsonl")
    }
    assert publishers == {"a.txt": "P", "b.txt": "P"}


def test_packagers_own_outputs_inside_an_input_are_not_read(write_files, tmp_path, settings):
    root = write_files({"story.txt": STORY})
    first = build_release([root], settings, root)  # --out is the input folder itself
    code = CliRunner().invoke(
        app,
        [
            "export",
            str(first.release),
            "--to",
            "doccano",
            "--classes",
            "news",
            "--out",
            str(root / "exports"),
        ],
    )
    assert code.exit_code == 0, code.output
    # what annotations merge and carry write (their JSONL is annotations, not news)
    (root / "labeled").mkdir()
    (root / "labeled" / "merge-rejects.jsonl").write_text("")
    (root / "carried").mkdir()
    for group in ("carried", "reanchored", "needs-review", "orphaned"):
        (root / "carried" / f"{group}.jsonl").write_text('{"annotation_id": "a"}\n')
    again = build_release([root], BuildSettings(name="test-news", version="1.0.1"), root)
    assert again.counts["inputs"] == 1
    assert "test-news/1.0.0/: written by packager (manifest.json), not read" in again.ignored
    assert "exports/: written by packager (export-index.json), not read" in again.ignored
    assert "labeled/: written by packager (merge-rejects.jsonl), not read" in again.ignored
    assert "carried/: written by packager (carried.jsonl), not read" in again.ignored


@given(
    st.binary(max_size=80)
    | st.lists(st.sampled_from([b"0", b"9", b"12345", b"a", b" "])).map(b"".join)
)
def test_the_long_number_scan_finds_what_the_regex_finds(content):
    found = _LONG_RUN in content.translate(_DIGITS_AS_ZERO)
    assert found == bool(re.search(rb"[0-9]{19}", content))
