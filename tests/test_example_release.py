"""End to end on the bundled example corpus: raw files to datasets.load_dataset, offline."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import datasets
import lxml.html
import pytest
from datasets.exceptions import NonMatchingSplitsSizesError

from packager.build import EXAMPLE_CORPUS, build_release
from packager.check.report import validate_path
from packager.export.arrow import arrow_schema
from packager.settings import BuildSettings

from .conftest import EXAMPLE_RELEASE


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    settings = BuildSettings(name="example-news", version="1.0.0")
    return build_release(None, settings, out).release


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_committed_example_release_rebuilds_byte_for_byte(release):
    built = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    committed = sorted(
        p.relative_to(EXAMPLE_RELEASE).as_posix() for p in EXAMPLE_RELEASE.rglob("*") if p.is_file()
    )
    assert built == committed
    for relpath in built:
        assert (release / relpath).read_bytes() == (EXAMPLE_RELEASE / relpath).read_bytes(), relpath


def test_every_input_is_accepted_or_rejected(release):
    manifest = json.loads((release / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]
    assert counts["accepted"] == len(jsonl(release / "articles.jsonl"))
    assert counts["rejected"] == len(jsonl(release / "rejects.jsonl"))
    assert sum(counts["paragraphs"].values()) == len(jsonl(release / "paragraphs.jsonl"))
    # the corpus's deliberately broken JSONL record is in the rejects report
    assert [r["reason"] for r in jsonl(release / "rejects.jsonl")] == ["missing-text"]


def test_the_release_validates(release):
    report = validate_path(release)
    assert report.valid, report.findings
    assert report.records > 0


def test_offsets_slice_the_article_text(release):
    articles = {a["article_id"]: a for a in jsonl(release / "articles.jsonl")}
    for paragraph in jsonl(release / "paragraphs.jsonl"):
        article = articles[paragraph["article_id"]]
        assert article["text"][paragraph["char_start"] : paragraph["char_end"]] == paragraph["text"]
        assert paragraph["n_chars"] == len(paragraph["text"])
        assert paragraph["split"] == article["split"]


def test_byte_ranges_give_back_the_raw_paragraph(release):
    checked = 0
    for paragraph in jsonl(release / "paragraphs.jsonl"):
        source = paragraph["source"]
        raw_file = (EXAMPLE_CORPUS / source["path"]).read_bytes()
        raw = raw_file[source["byte_start"] : source["byte_end"]].decode("utf-8")
        if source["path"].endswith(".jsonl"):
            record = json.loads(raw)  # the byte range is the whole record line
            assert paragraph["text"] in unicodedata.normalize("NFC", record["text"])
            assert source["line_start"] == source["line_end"]
            continue
        if source["path"].endswith(".html"):  # the line of the paragraph's element
            element = lxml.html.fragment_fromstring(raw, create_parent="div")
            assert " ".join(element.text_content().split()) == paragraph["text"]
            assert source["element"] in ("p", "h2", "item")
            continue
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert unicodedata.normalize("NFC", " ".join(x.strip() for x in lines)) == paragraph["text"]
        assert raw_file.count(b"\n", 0, source["byte_start"]) + 1 == source["line_start"]
        assert len(lines) == source["line_end"] - source["line_start"] + 1
        checked += 1
    assert checked > 0


def test_the_corpus_shows_what_scraped_news_looks_like(release):
    articles = jsonl(release / "articles.jsonl")
    assert {a["paragraph_convention"] for a in articles} == {"line", "blank-line", "html"}
    assert any(any(ord(ch) > 0x370 for ch in a["text"]) for a in articles)  # non-Latin script
    raw = [p.read_bytes() for p in EXAMPLE_CORPUS.rglob("*.txt")]
    assert any(b"\r\n" in data for data in raw)
    assert any(not unicodedata.is_normalized("NFC", data.decode()) for data in raw)
    assert all(unicodedata.is_normalized("NFC", a["text"]) for a in articles)
    texts = [p["text"] for p in jsonl(release / "paragraphs.jsonl")]
    repeated_in_article = {
        (p["article_id"], p["text"])
        for p in jsonl(release / "paragraphs.jsonl")
        if sum(1 for q in texts if q == p["text"]) > 1
    }
    assert repeated_in_article


def test_all_splits_are_used_and_an_article_keeps_its_split_when_articles_are_added(
    release, tmp_path
):
    articles = jsonl(release / "articles.jsonl")
    assert {a["split"] for a in articles} == {"train", "validation", "test"}
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    for n in range(20):
        (corpus / f"added-{n}.txt").write_text(f"An added story number {n}.\n")
    bigger = build_release(
        [corpus], BuildSettings(name="bigger", version="1.0.0"), tmp_path / "dist"
    ).release
    new_splits = {a["article_id"]: a["split"] for a in jsonl(bigger / "articles.jsonl")}
    assert all(new_splits[a["article_id"]] == a["split"] for a in articles)


def test_load_dataset_reads_both_configs_with_the_declared_features(release, tmp_path):
    cache = str(tmp_path / "hf-cache")
    paragraphs = datasets.load_dataset(str(release), cache_dir=cache)
    articles = datasets.load_dataset(str(release), "articles", cache_dir=cache)
    manifest = json.loads((release / "manifest.json").read_text())
    for loaded, kind, key in (
        (paragraphs, "paragraph", "paragraphs"),
        (articles, "article", "articles"),
    ):
        assert set(loaded) == {"train", "validation", "test"}
        expected = datasets.Features.from_arrow_schema(arrow_schema(kind))
        for split, dataset in loaded.items():
            assert dataset.features == expected
            assert dataset.num_rows == manifest["counts"][key][split]
    first = paragraphs["train"][0]
    assert set(first) == set(arrow_schema("paragraph").names)


def test_load_dataset_checks_the_split_counts_of_the_card(release, tmp_path):
    copy = tmp_path / "tampered"
    shutil.copytree(release, copy)
    card = (copy / "README.md").read_text()
    count = json.loads((release / "manifest.json").read_text())["counts"]["paragraphs"]["train"]
    (copy / "README.md").write_text(
        card.replace(f"num_examples: {count}\n", f"num_examples: {count + 1}\n", 1)
    )
    with pytest.raises(NonMatchingSplitsSizesError, match=f"num_examples={count + 1}"):
        datasets.load_dataset(str(copy), cache_dir=str(tmp_path / "c"))
