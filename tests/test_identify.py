"""The ID scheme packager-ids/1: pinned values, invariances, uniqueness, splits."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packager.assemble import assemble
from packager.build.unique import unique_ids
from packager.errors import IdCollisionError
from packager.identify import (
    article_id,
    article_key,
    canonical_url,
    id_text,
    paragraph_id,
    paragraph_ids,
    split_for,
)
from packager.ingest.raw import Metadata, RawArticle
from packager.quality.survey import paragraph_key
from packager.settings import DEFAULT_SPLITS


def test_the_scheme_is_pinned():
    """These values are the scheme. If this test fails, IDs of published releases changed."""
    by_id = article_id(article_key("vcd-2026-0412", None, "x"))
    assert by_id == "a2ff03e192decf71b512"
    url = "https://harbourside.example/news/ferry?utm_source=x"
    assert article_id(article_key(None, url, "x")) == "273bb8539b9e864f0234"
    assert article_id(article_key(None, None, "city/ferry.txt")) == "af4271720d40647811fd"
    record = article_key(None, None, "feed.jsonl", ["The ferry runs again.", "Subscribe"])
    assert article_id(record) == "2e37906c4ca952c60b43"  # of "text:The ferry runs again.\\n..."
    assert paragraph_ids(by_id, ["The ferry runs again.", "Subscribe", "Subscribe"]) == [
        "73010f3c2fada509fb2b",
        "76def2d1cac421209605",
        "c9f21ba20eac9f0cc8c2",
    ]
    assert split_for(by_id, DEFAULT_SPLITS) == "train"


def test_article_key_prefers_id_then_url_then_path():
    assert article_key("a1", "https://x.example/", "p.txt") == "id:a1"
    assert article_key(None, "https://X.example", "p.txt") == "url:https://x.example/"
    assert article_key("  ", None, "p.txt") == "path:p.txt"
    assert article_key(None, " ", "f.jsonl", ["One  para.\r\n", "Two"]) == "text:One para.\nTwo"


def test_records_without_id_or_url_are_told_apart_by_their_text_not_their_line():
    first = article_key(None, None, "feed.jsonl", ["The harbour ferry runs again."])
    second = article_key(None, None, "feed.jsonl", ["The tram depot reopened."])
    assert article_id(first) != article_id(second)
    wrapped = article_key(None, None, "other.jsonl", ["The harbour\nferry runs  again. "])
    assert article_id(wrapped) == article_id(first)  # same ID text: same article


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://News.Example:443/a?b=1#top", "https://news.example/a?b=1"),
        ("http://news.example:8080", "http://news.example:8080/"),
        ("https://news.example/a?utm_source=x&id=7&fbclid=z", "https://news.example/a?id=7"),
        ("  https://news.example/a/  ", "https://news.example/a/"),
        # URLs that do not parse are their own canonical form (packager-ids/2)
        ("https://news.example:99999/a ", "https://news.example:99999/a"),
        ("http://[::1/a", "http://[::1/a"),
        ("https://news.example:abc/", "https://news.example:abc/"),
    ],
)
def test_canonical_url(given, canonical):
    assert canonical_url(given) == canonical


def _raw(text: str, **meta) -> RawArticle:
    return RawArticle("news/a.txt", "0" * 64, text, Metadata(**meta), "file")


def _ids(text: str, settings) -> list[str]:
    assembled = assemble(_raw(text), settings)
    return [p["paragraph_id"] for p in assembled.paragraphs]


BODY = [
    "The Harbourside ferry returns on Monday — after “a long winter”.",
    "Captain Zoë Márquez said the new timetable adds two sailings.",
    "Subscribe",
    "Subscribe",
]


def test_line_endings_normalisation_trailing_spaces_and_wrapping_keep_every_id(settings):
    reference = _ids("\n".join(BODY) + "\n", settings)
    assert _ids("\r\n".join(BODY) + "\r\n", settings) == reference
    assert _ids(unicodedata.normalize("NFD", "\n".join(BODY)), settings) == reference
    assert _ids("\n".join(line + "  \t" for line in BODY), settings) == reference
    wrapped = "\n\n".join(
        "The Harbourside ferry returns on Monday —\nafter “a long winter”." if i == 0 else line
        for i, line in enumerate(BODY)
    )
    assert _ids(wrapped, settings) == reference
    rewrapped = wrapped.replace("Monday —\nafter", "Monday — after").replace(
        "Captain Zoë", "Captain\nZoë"
    )
    assert _ids(rewrapped, settings) == reference


def test_identical_paragraphs_get_distinct_ids_in_order_of_appearance(settings):
    ids = _ids("\n".join(BODY), settings)
    aid = assemble(_raw("x"), settings).article_id
    assert ids[2] == paragraph_id(aid, "Subscribe", 0)
    assert ids[3] == paragraph_id(aid, "Subscribe", 1)
    assert len(set(ids)) == len(ids)


PARAGRAPH = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), min_size=1, max_size=30
).filter(lambda t: t.strip())


@given(
    st.lists(PARAGRAPH, min_size=1, max_size=8, unique_by=lambda t: " ".join(t.split())),
    st.data(),
)
def test_inserting_deleting_or_moving_other_paragraphs_keeps_ids(paragraphs, data):
    aid = "0" * 20
    before = dict(zip(paragraphs, paragraph_ids(aid, paragraphs), strict=True))
    edited = list(paragraphs)
    operation = data.draw(st.sampled_from(["insert", "delete", "move"]))
    if operation == "insert":
        new = data.draw(
            PARAGRAPH.filter(
                lambda t: " ".join(t.split()) not in {" ".join(p.split()) for p in paragraphs}
            )
        )
        edited.insert(data.draw(st.integers(0, len(edited))), new)
    elif operation == "delete":
        del edited[data.draw(st.integers(0, len(edited) - 1))]
    else:
        edited.insert(data.draw(st.integers(0, len(edited) - 1)), edited.pop(0))
    after = dict(zip(edited, paragraph_ids(aid, edited), strict=True))
    for text in set(paragraphs) & set(edited):
        assert after[text] == before[text]


@given(st.lists(PARAGRAPH, max_size=10))
def test_ids_are_unique_within_an_article(paragraphs):
    ids = paragraph_ids("1" * 20, paragraphs)
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 20 and set(i) <= set("0123456789abcdef") for i in ids)


def test_splits_follow_their_shares_and_depend_only_on_the_article():
    keys = [article_id(f"path:{n}.txt") for n in range(20_000)]
    counts = Counter(split_for(key, DEFAULT_SPLITS) for key in keys)
    assert abs(counts["train"] / 20_000 - 0.8) < 0.015
    assert abs(counts["validation"] / 20_000 - 0.1) < 0.01
    assert [split_for(k, DEFAULT_SPLITS) for k in keys[:50]] == [
        split_for(k, DEFAULT_SPLITS) for k in keys[:50]
    ]


def test_a_paragraph_id_collision_is_a_hard_error_naming_both_records(settings):
    first = assemble(_raw("Alpha.\nBeta."), settings)
    second = assemble(RawArticle("news/b.txt", "0" * 64, "Gamma.", Metadata(), "file"), settings)
    clash = first.paragraphs[1]["paragraph_id"]
    second.paragraphs[0]["paragraph_id"] = clash  # what a hash collision would look like
    with pytest.raises(IdCollisionError) as error:
        list(unique_ids([first, second]))
    assert "news/a.txt:1 paragraph 1" in str(error.value)
    assert "news/b.txt:1 paragraph 0" in str(error.value)


def test_every_white_space_character_but_the_space_is_unprintable():
    # id_text's shortcut (printable, no double/leading/trailing space: folded already)
    # rests on this; a Unicode update that broke it would fail here
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]


@given(
    st.lists(st.sampled_from([*"ab \t\n\r\x0b\x0c\x85\xa0\u2028\u3000\xad", "e\u0301", "Å"])).map(
        "".join
    )
    | st.text()
)
def test_id_text_is_nfc_with_white_space_folded(text):
    expected = " ".join(unicodedata.normalize("NFC", text).split())
    assert id_text(text) == expected
    assert id_text(text) == expected  # remembered
    assert (
        paragraph_key(text)
        == hashlib.blake2b(expected.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    )
