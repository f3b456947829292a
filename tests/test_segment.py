"""The segmenter: both paragraph conventions, the detection rule, exact raw positions."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from packager.segment import (
    detect_convention,
    paragraph_count,
    split_lines,
    split_paragraphs,
    utf8_offsets,
)

WRAPPED = (
    "The council met on Tuesday to discuss the\n"
    "new ferry timetable for the harbour.\n"
    "\n"
    "Residents asked for later sailings on\n"
    "weekends.\n"
)


def texts(text: str, **kwargs) -> list[str]:
    return [span.text for span in split_paragraphs(text, **kwargs)[1]]


def test_one_paragraph_per_line_is_the_default_without_blank_lines():
    convention, spans = split_paragraphs("First paragraph.  \nSecond one.\n\tThird.\n")
    assert convention == "line"
    assert [s.text for s in spans] == ["First paragraph.", "Second one.", "Third."]


def test_blank_line_paragraphs_join_their_wrapped_lines_with_a_space():
    convention, spans = split_paragraphs(WRAPPED)
    assert convention == "blank-line"
    assert [s.text for s in spans] == [
        "The council met on Tuesday to discuss the new ferry timetable for the harbour.",
        "Residents asked for later sailings on weekends.",
    ]
    assert (spans[1].line_first, spans[1].line_last) == (3, 4)


def test_long_lines_followed_by_text_mean_one_paragraph_per_line_despite_blank_lines():
    body = "A long body paragraph " * 8  # 176 characters: nobody wraps there
    text = f"Headline\n\n{body}\n{body}\nSubscribe\n"
    assert split_paragraphs(text)[0] == "line"
    assert texts(text) == ["Headline", body.strip(), body.strip(), "Subscribe"]


def test_the_convention_can_be_forced():
    assert texts(WRAPPED, convention="line")[:2] == [
        "The council met on Tuesday to discuss the",
        "new ferry timetable for the harbour.",
    ]
    assert texts("a\nb\n\nc", convention="blank-line") == ["a b", "c"]


def test_blank_lines_only_at_the_edges_do_not_switch_convention():
    assert detect_convention(split_lines("\n\none\ntwo\n\n")) == "line"


def test_crlf_cr_and_lf_give_the_same_paragraphs():
    lf = "One.\nTwo.\n\nThree\nwrapped.\n"
    assert texts(lf) == texts(lf.replace("\n", "\r\n")) == texts(lf.replace("\n", "\r"))


def test_only_cr_and_lf_break_lines():
    # form feed, vertical tab, NEL and the Unicode separators stay inside a paragraph
    text = "a\x0cb\x0bc\x85d\u2028e\u2029f"
    assert len(split_lines(text)) == 1


def test_paragraph_text_is_nfc():
    decomposed = "Zoe\u0308 Ma\u0301rquez spoke."
    assert texts(decomposed) == [unicodedata.normalize("NFC", decomposed)]


def test_empty_and_whitespace_only_text_has_no_paragraphs():
    for text in ("", "\n", " \t \r\n\u00a0\n"):
        assert texts(text) == []


# Text with the characters scrapers leave: astral emoji, combining marks, RTL,
# non-breaking spaces, tabs and every kind of line break.
PIECES = [*"ab ,.", "\n", "\r\n", "\r", "\t", "\u00a0", "e\u0301", "é", "\U0001f44d\U0001f3fd"]
PIECES += ["\u05e9\u05dc", "\u0627\u0644", "\u200d", "“", "—", "\ufeff", "\x0c"]
ARTICLE_TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join) | st.text(max_size=80)


@given(ARTICLE_TEXT, st.sampled_from(["auto", "line", "blank-line"]))
def test_raw_spans_slice_back_to_the_paragraph(text, convention):
    _, spans = split_paragraphs(text, convention)
    lines = split_lines(text)
    for span in spans:
        raw = text[span.raw_start : span.raw_end]
        raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        joined = " ".join(line.strip() for line in raw_lines)
        assert unicodedata.normalize("NFC", joined) == span.text
        assert lines[span.line_first].content.strip() != ""
        assert span.text == span.text.strip() and span.text


@given(ARTICLE_TEXT)
def test_utf8_offsets_slice_the_encoded_text_like_the_code_points(text):
    offsets = sorted({0, len(text) // 3, len(text) // 2, len(text)})
    encoded = text.encode("utf-8")
    byte_offsets = utf8_offsets(text, offsets)
    pairs = zip(pairwise(offsets), pairwise(byte_offsets), strict=True)
    for (c0, c1), (b0, b1) in pairs:
        assert encoded[b0:b1].decode("utf-8") == text[c0:c1]


@given(
    st.lists(st.sampled_from(["a", "bb", " ", "", "x" * 120, "\u00a0"]), max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["auto", "line", "blank-line"]),
)
def test_paragraph_count_is_what_the_split_gives_without_building_it(lines, end, convention):
    text = end.join(lines)
    counted = paragraph_count(text, convention)
    split = len(split_paragraphs(text, convention)[1])
    assert counted == split or (counted is None and convention == "auto")


def _reference_split(text: str, convention: str, max_wrap_width: int = 100):
    """The segmenter as first written, over :class:`Line` objects: the fast one must agree."""
    lines = split_lines(text)
    used = detect_convention(lines, max_wrap_width) if convention == "auto" else convention
    groups, current = [], []
    for line in lines:
        if used == "line":
            if not line.is_blank:
                groups.append([line])
        elif line.is_blank:
            if current:
                groups.append(current)
            current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    spans = []
    for group in groups:
        first, last = group[0], group[-1]
        joined = " ".join(line.content.strip() for line in group)
        spans.append(
            (
                unicodedata.normalize("NFC", joined),
                first.number,
                last.number,
                first.start + len(first.content) - len(first.content.lstrip()),
                last.start + len(last.content.rstrip()),
            )
        )
    return used, spans


WRAP_PIECES = [*PIECES, "\n\n", "x" * 30, "\u0958" * 20, " " * 3]


@given(
    st.lists(st.sampled_from(WRAP_PIECES), max_size=160).map("".join) | st.text(max_size=80),
    st.sampled_from(["auto", "line", "blank-line"]),
    st.sampled_from([20, 40, 100]),
)
def test_the_split_agrees_with_the_line_by_line_reference(text, convention, width):
    used, spans = split_paragraphs(text, convention, width)
    expected = _reference_split(text, convention, width)
    fields = [(s.text, s.line_first, s.line_last, s.raw_start, s.raw_end) for s in spans]
    assert (used, fields) == expected
