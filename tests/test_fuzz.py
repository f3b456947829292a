"""Property-based fuzzing of the segmenter, the ID scheme, the readers and the importers.

Text is drawn from everything scraped news throws at us: astral characters and
emoji, combining marks (composable or not), right-to-left scripts and marks,
zero-width joiners, no-break spaces, control characters and every mix of line
endings. Invariants: offsets and byte ranges slice back, IDs are deterministic
and unique, and nothing escapes but a reject or packager's own error.

The budget scales with ``PACKAGER_FUZZ_SCALE`` (default 1);
``benchmarks/fuzz_run.py`` runs the long version and prints the examples run.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packager.assemble import AssembledArticle, assemble
from packager.build import build_release
from packager.errors import PackagerError
from packager.ingest.jsonl_files import read_jsonl_articles
from packager.ingest.raw import Metadata, RawArticle, Rejection
from packager.ingest.text_files import read_text_article
from packager.labeling.importing import import_annotations
from packager.settings import BuildSettings, InputLimits

SCALE = int(os.environ.get("PACKAGER_FUZZ_SCALE", "1"))


def budget(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


PIECES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(
        [
            "harbour ",
            "Zo\u00eb ",
            "Zoe\u0308 ",  # decomposed: NFC composes it
            "q\u0307\u0323 ",  # combining marks with no precomposed form
            "\U0001f469\u200d\U0001f467 ",  # ZWJ family
            "\U0001f44d\U0001f3fd",  # emoji + skin tone
            "\U00020000\U0002a6d6",  # CJK extension B
            "\u05e9\u05dc\u05d5\u05dd ",  # Hebrew
            "\u0645\u0631\u062d\u0628\u0627 \u200f",  # Arabic + RLM
            "\u00a0",
            "\u2028",
            "\t",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            "\x1b[1m",
            "\x00",
            "caf\u00c3\u00a9 ",
        ]
    ),
)
TEXT = st.lists(PIECES, max_size=40).map("".join)


def _normalised(raw: str) -> str:
    """What the segmenter promises of a paragraph's raw slice: lines trimmed, joined, NFC."""
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", raw)]
    return unicodedata.normalize("NFC", " ".join(line for line in lines if line))


def _raw_article(text: str, encoding: str = "utf-8") -> RawArticle:
    return RawArticle("fuzz/a.txt", "0" * 64, text, Metadata(), "file", encoding=encoding)


CONVENTIONS = st.sampled_from(["auto", "line", "blank-line"])


@budget(300)
@given(TEXT, CONVENTIONS)
def test_offsets_and_byte_ranges_slice_back(text, convention):
    build = BuildSettings(name="fuzz", version="1.0.0", paragraph_convention=convention)
    item = assemble(_raw_article(text), build)
    if isinstance(item, Rejection):
        assert item.reason == "empty-article"
        assert not text.strip()
        return
    assert isinstance(item, AssembledArticle)
    article_text = item.article["text"]
    data = text.encode("utf-8", "surrogatepass")
    for paragraph in item.paragraphs:
        assert article_text[paragraph["char_start"] : paragraph["char_end"]] == paragraph["text"]
        source = paragraph["source"]
        raw = data[source["byte_start"] : source["byte_end"]].decode("utf-8")
        assert _normalised(raw) == paragraph["text"]
        assert source["line_start"] <= source["line_end"]


@budget(200)
@given(
    st.lists(
        st.text(alphabet="abc\u00e9\u00e8 \u2019\u201c\u201d\u2013-", min_size=1, max_size=30),
        max_size=12,
    )
)
def test_windows_1252_byte_ranges_count_the_files_own_bytes(lines):
    text = "\n".join(lines)
    item = assemble(_raw_article(text, "cp1252"), BuildSettings(name="fuzz", version="1.0.0"))
    if isinstance(item, Rejection):
        return
    data = text.encode("cp1252")
    for paragraph in item.paragraphs:
        source = paragraph["source"]
        raw = data[source["byte_start"] : source["byte_end"]].decode("cp1252")
        assert _normalised(raw) == paragraph["text"]


@budget(300)
@given(
    st.lists(
        TEXT.filter(lambda t: t.strip() and "\r" not in t and "\n" not in t),
        min_size=1,
        max_size=10,
    )
)
def test_ids_are_deterministic_unique_and_survive_line_endings_nfd_and_trailing_spaces(lines):
    build = BuildSettings(name="fuzz", version="1.0.0", paragraph_convention="line")
    plain = "\n".join(lines)
    variant = "\r\n".join(unicodedata.normalize("NFD", line) + "  " for line in lines)
    first, again, changed = (assemble(_raw_article(t), build) for t in (plain, plain, variant))
    if isinstance(first, Rejection):
        assert isinstance(changed, Rejection)
        return
    ids = [p["paragraph_id"] for p in first.paragraphs]
    assert len(set(ids)) == len(ids)
    assert ids == [p["paragraph_id"] for p in again.paragraphs]
    assert ids == [p["paragraph_id"] for p in changed.paragraphs]
    assert first.article_id == changed.article_id


@budget(300)
@given(st.binary(max_size=400) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_in_a_text_file_give_an_article_or_a_reject(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("txt") / "a.txt"
    path.write_bytes(data)
    limits = InputLimits(text_fallback_encoding="windows-1252")
    for fallback in (None, limits):
        item = read_text_article(path, "a.txt", "0" * 64, None, fallback or InputLimits())
        assert isinstance(item, RawArticle | Rejection)
        if isinstance(item, Rejection):
            assert "\n" not in item.message and item.message.startswith("a.txt")
        else:
            errors = "surrogatepass" if item.encoding == "utf-8" else "strict"
            assert item.text.encode(item.encoding, errors) == data[item.text_byte_base :]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "text": TEXT | JSON_VALUES,
        "title": JSON_VALUES,
        "url": JSON_VALUES,
        "authors": JSON_VALUES,
        "published_at": JSON_VALUES,
    },
).map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass"))
LINES = st.lists(RECORDS | st.binary(max_size=60), max_size=8)


@budget(300)
@given(LINES, st.booleans())
def test_any_json_lines_give_one_article_or_reject_per_line(tmp_path_factory, lines, final_newline):
    path = tmp_path_factory.mktemp("jsonl") / "a.jsonl"
    path.write_bytes(
        b"\n".join(line.replace(b"\n", b" ") for line in lines) + (b"\n" if final_newline else b"")
    )
    items = list(read_jsonl_articles(path, "a.jsonl", "0" * 64))
    assert all(isinstance(item, RawArticle | Rejection) for item in items)
    assert all("\n" not in item.message for item in items if isinstance(item, Rejection))
    whole_file = {"binary-file", "json-array", "empty-file", "unreadable"}
    if not any(isinstance(i, Rejection) and i.reason in whole_file for i in items):
        content = [line for line in path.read_bytes().split(b"\n") if line.strip(b" \t\r\f\v")]
        assert len(items) == len(content)


@budget(15)
@given(
    st.dictionaries(
        st.sampled_from(["a.txt", "b.jsonl", "c.html", "d/e.txt"]),
        st.binary(max_size=300) | LINES.map(b"\n".join),
        min_size=1,
    )
)
def test_a_build_over_any_files_accounts_for_every_input(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("in")
    for relpath, data in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_bytes(data)
    result = build_release(
        [root], BuildSettings(name="fuzz", version="1.0.0"), tmp_path_factory.mktemp("dist")
    )
    counts = result.counts
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]


ANNOTATION_TEXT = (
    "Ana Ruiz opened the \U0001f6a2 Gullhaven ferry office in \u05d7\u05d9\u05e4\u05d4."
)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("in")
    (root / "a.jsonl").write_text(json.dumps({"id": "a1", "text": ANNOTATION_TEXT}) + "\n")
    build = BuildSettings(name="fuzz-spans", version="1.0.0", splits={"train": 1.0})
    built = build_release([root], build, tmp_path_factory.mktemp("dist")).release
    first = json.loads((built / "paragraphs.jsonl").read_bytes().split(b"\n")[0])
    return built, first["paragraph_id"]


OFFSETS = st.integers(-5, 80) | st.sampled_from([None, "3", 2.5, True])


@budget(150)
@given(
    st.lists(
        st.tuples(OFFSETS, OFFSETS, st.sampled_from(["PLACE", "", None, 7]), st.booleans(), TEXT),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["label-studio", "doccano"]),
)
def test_any_annotation_export_comes_back_exact_or_rejected(release, tmp_path_factory, spans, tool):
    built, pid = release
    folder = tmp_path_factory.mktemp("import")
    rows = []
    for start, end, label, known, quote in spans:
        if tool == "label-studio":
            value = {"start": start, "end": end, "labels": [label], "text": quote or None}
            rows.append(
                {
                    "id": len(rows) + 1,
                    "data": {"text": ANNOTATION_TEXT, "paragraph_id": pid if known else "x"},
                    "annotations": [
                        {
                            "id": 1,
                            "completed_by": 1,
                            "result": [
                                {
                                    "type": "labels",
                                    "from_name": "span",
                                    "to_name": "paragraph",
                                    "value": value,
                                }
                            ],
                        }
                    ],
                }
            )
        else:
            rows.append(
                {
                    "text": ANNOTATION_TEXT,
                    "paragraph_id": pid if known else "x",
                    "label": [[start, end, label]],
                }
            )
    export = folder / ("export.json" if tool == "label-studio" else "export.jsonl")
    if tool == "label-studio":
        export.write_text(json.dumps(rows))
    else:
        export.write_text("".join(json.dumps(r) + "\n" for r in rows))
    try:
        result = import_annotations(export, tool, built, folder / "out")
    except PackagerError:
        return
    records = [
        json.loads(x) for x in (folder / "out" / "annotations.jsonl").read_bytes().split(b"\n") if x
    ]
    assert result.imported == len(records)
    for record in records:
        if record["task"] == "span":
            assert record["text"] == ANNOTATION_TEXT[record["start"] : record["end"]]
            assert 0 <= record["start"] < record["end"] <= len(ANNOTATION_TEXT)
