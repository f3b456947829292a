"""Property-based fuzzing of the segmenter, the ID scheme, the readers and the importers.

Text is drawn from what scraped news throws at us: astral characters (emoji,
CJK extension B), combining marks (composable into one character or not),
right-to-left scripts and marks, zero-width joiners, no-break and other Unicode
spaces, control characters, trailing spaces and every mix of ``\\n``, ``\\r\\n``
and ``\\r``. Invariants: offsets slice the article, byte ranges slice the
source file, IDs are deterministic and unique and survive what the ID scheme
says they survive, every input ends as an article or a reject, and nothing
escapes but packager's own error (:class:`packager.errors.PackagerError`).

The budget of each property is multiplied by ``PACKAGER_FUZZ_SCALE`` (default
1, which keeps this file well under a minute); ``benchmarks/fuzz_run.py`` runs
the long version and prints the examples run per property.
"""

from __future__ import annotations

import codecs
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from packager.assemble import AssembledArticle, assemble
from packager.build import build_release
from packager.errors import NothingToPublishError, PackagerError
from packager.identify import id_text
from packager.ingest.decode import decode_page
from packager.ingest.html_files import read_html_article
from packager.ingest.jsonl_files import read_jsonl_articles
from packager.ingest.raw import Metadata, RawArticle, Rejection
from packager.ingest.text_files import read_sidecar, read_text_article
from packager.labeling.importing import import_annotations
from packager.labeling.offsets import from_codepoints
from packager.labeling.task_files import FORMATS
from packager.models import REASON_CODES
from packager.settings import BuildSettings, InputLimits

from .html_pages import SENTENCES, fuzz_pages, glued_across_br, squeezed, visible
from .tool_exports import span_row, write_export

SCALE = int(os.environ.get("PACKAGER_FUZZ_SCALE", "1"))


def budget(examples: int) -> settings:
    """``examples`` for the default run, times PACKAGER_FUZZ_SCALE for the long one."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# ---------------------------------------------------------------------------------------
# The shared text strategy. Every piece is made up; nothing is copied from real articles.

WORDS = st.sampled_from(
    ["harbour", "ferry", "Gullhaven", "council", "the", "a", "Tuesday", "2026", "—", "“ok”"]
)
LONG = st.sampled_from(["Gullhaven ferry timetable " * 5, "Cafe\u0301 " * 22])  # > 100 in NFD
ASTRAL = (
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F)  # emoticons
    | st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)  # CJK extension B
    | st.sampled_from(["\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "\U0001d400"])
)
# A base letter with combining marks: e + U+0301 composes to é under NFC; q + U+0307
# U+0323 has no precomposed form (NFC only reorders the marks); a mark may also follow
# a space or open a line.
COMBINING = st.tuples(
    st.sampled_from(["e", "a", "o", "Z", "q", "\u05d0", " ", ""]),
    st.lists(st.characters(min_codepoint=0x0300, max_codepoint=0x036F), min_size=1, max_size=3),
).map(lambda pair: pair[0] + "".join(pair[1]))
RTL = st.text(
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA)  # Hebrew
    | st.characters(min_codepoint=0x0627, max_codepoint=0x064A),  # Arabic
    min_size=1,
    max_size=6,
) | st.sampled_from(["\u200f", "\u200e", "\u202b", "\u202c", "\u061c"])  # RLM, LRM, RLE, PDF, ALM
JOINERS = st.sampled_from(["\u200d", "\u200c", "\u2060", "\ufeff"])  # ZWJ, ZWNJ, WJ, ZWNBSP
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u202f", "\u2003", "\u3000"])
# Not line breaks for the segmenter (only \r and \n are), but white space or controls.
ODD = st.sampled_from(
    ["\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1b[1m", "\x7f", "caf\u00c3\u00a9"]
)
INLINE_ANY = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\r\n"),
    max_size=8,
)
BREAKS = st.sampled_from(
    ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", " \n", "  \r\n", "\t\r", "\n \n"]
)

INLINE_PIECE = WORDS | ASTRAL | COMBINING | RTL | JOINERS | SPACES | ODD | INLINE_ANY | LONG
INLINE = st.lists(INLINE_PIECE, max_size=12).map("".join)
"""Text on one line: everything but \\r and \\n (and NUL, which makes a file binary)."""
TEXT = st.lists(INLINE_PIECE | BREAKS | BREAKS, max_size=40).map("".join) | st.lists(
    st.tuples(INLINE, BREAKS).map("".join), max_size=12
).map("".join)
"""Article text: the inline pieces and every mix of line breaks (pieces, or whole lines)."""


def _shows(text: str) -> bool:
    """Whether a reader sees anything: a character that is not a control, format (zero
    width, soft hyphen, BOM) or space character. An article without one is empty."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


def _lines_of(raw: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", raw)


def _normalised(raw: str) -> str:
    """What the segmenter promises of a paragraph's raw slice: lines trimmed, joined, NFC."""
    lines = [line.strip() for line in _lines_of(raw)]
    assert all(lines), f"a blank line inside one paragraph: {raw!r}"
    return unicodedata.normalize("NFC", " ".join(lines))


def _breaks(text: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", text))


def _raw_article(text: str, path: str = "fuzz/a.txt") -> RawArticle:
    return RawArticle(path, "0" * 64, text, Metadata(), "file")


def _build(convention: str = "auto") -> BuildSettings:
    return BuildSettings(name="fuzz", version="1.0.0", paragraph_convention=convention)


def _ids(item: AssembledArticle | Rejection) -> list[str]:
    return [] if isinstance(item, Rejection) else [p["paragraph_id"] for p in item.paragraphs]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One folder whose files each example overwrites (no folder per example)."""
    return tmp_path_factory.mktemp("fuzz")


def _check_file_layout_article(item: AssembledArticle, data: bytes, encoding: str, base: int):
    """Offsets slice the article; byte ranges and lines locate the paragraph in ``data``."""
    article = item.article
    paragraphs = item.paragraphs
    assert article["text"] == "\n\n".join(p["text"] for p in paragraphs)
    assert article["n_chars"] == len(article["text"])
    assert article["n_paragraphs"] == len(paragraphs)
    ids = [p["paragraph_id"] for p in paragraphs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{20}", pid) for pid in ids)
    errors = "surrogatepass" if encoding == "utf-8" else "strict"
    previous_end = base
    for index, paragraph in enumerate(paragraphs):
        text = paragraph["text"]
        assert paragraph["index"] == index
        assert text and text == text.strip() and unicodedata.is_normalized("NFC", text)
        assert article["text"][paragraph["char_start"] : paragraph["char_end"]] == text
        assert paragraph["n_chars"] == len(text)
        source = paragraph["source"]
        start, end = source["byte_start"], source["byte_end"]
        assert previous_end <= start < end <= len(data)
        previous_end = end
        raw = data[start:end].decode(encoding, errors)
        assert raw == raw.strip()  # exactly the paragraph's bytes, no white space around
        assert _normalised(raw) == text
        assert source["line_start"] == _breaks(data[base:start].decode(encoding, errors)) + 1
        assert source["line_end"] == _breaks(data[base:end].decode(encoding, errors)) + 1
    assert article["source"]["byte_start"] == paragraphs[0]["source"]["byte_start"]
    assert article["source"]["byte_end"] == paragraphs[-1]["source"]["byte_end"]


# ---------------------------------------------------------------------------------------
# a. Segmenter + assemble: offsets and byte ranges slice back.


@budget(200)
@given(TEXT, st.sampled_from(["auto", "line", "blank-line"]), st.booleans())
def test_offsets_and_byte_ranges_slice_back(scratch, text, convention, bom):
    """Through the real .txt reader: char ranges slice the article text, byte ranges and
    line numbers the file's own bytes (after a BOM), per the Source.byte_end docstring."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    path = scratch / "a.txt"
    path.write_bytes(data)
    raw = read_text_article(path, "a.txt", "0" * 64, None, InputLimits())
    if isinstance(raw, Rejection):
        assert raw.reason == "empty-file" and not data
        return
    assert raw.text_byte_base == (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    assert raw.text == data[raw.text_byte_base :].decode("utf-8")
    item = assemble(raw, _build(convention))
    if isinstance(item, Rejection):
        assert item.reason == "empty-article" and not _shows(raw.text)
        return
    assert _shows(raw.text)
    event(f"convention: {item.article['paragraph_convention']}")
    event(f"paragraphs: {min(len(item.paragraphs), 5)}{'+' * (len(item.paragraphs) >= 5)}")
    _check_file_layout_article(item, data, "utf-8", raw.text_byte_base)
    assert assemble(raw, _build(convention)) == item  # deterministic, record for record


@budget(100)
@given(
    st.lists(
        st.text(
            st.characters(codec="cp1252", exclude_characters="\x00\r\n") | st.sampled_from("€’“”–"),
            max_size=30,
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=12, max_size=12),
)
def test_windows_1252_byte_ranges_count_the_files_own_bytes(scratch, lines, breaks):
    """A file read with the fallback codec: byte ranges count its cp1252 bytes, not UTF-8's."""
    data = "".join(line + brk for line, brk in zip(lines, breaks, strict=False)).encode("cp1252")
    path = scratch / "legacy.txt"
    path.write_bytes(data)
    limits = InputLimits(text_fallback_encoding="windows-1252")
    raw = read_text_article(path, "legacy.txt", "0" * 64, None, limits)
    if isinstance(raw, Rejection):
        assert raw.reason == "empty-file" and not data
        return
    assert raw.encoding in ("utf-8", "cp1252")
    item = assemble(raw, _build())
    if isinstance(item, Rejection):
        assert item.reason == "empty-article"
        return
    _check_file_layout_article(item, data, raw.encoding, raw.text_byte_base)


# ---------------------------------------------------------------------------------------
# b. IDs: deterministic, unique, and unchanged by what the scheme says cannot change them.

NONBLANK_LINE = st.tuples(INLINE, WORDS | ASTRAL | RTL, INLINE).map("".join)


def _wrap(paragraph: str, points: list[int], breaks: list[str]) -> str:
    """Hard-wrap ``paragraph`` at some of its ASCII spaces, if no line comes out blank."""
    tokens = paragraph.split(" ")
    cut = {p % len(tokens) for p in points if len(tokens) > 1} - {0}
    lines, current = [], [tokens[0]]
    for i, token in enumerate(tokens[1:], start=1):
        if i in cut:
            lines.append(" ".join(current))
            current = [token]
        else:
            current.append(token)
    lines.append(" ".join(current))
    if not all(line.strip() for line in lines):
        return paragraph
    return "".join(line + breaks[i % len(breaks)] for i, line in enumerate(lines[:-1])) + lines[-1]


@budget(200)
@given(
    st.lists(NONBLANK_LINE, min_size=1, max_size=8),
    st.sampled_from(["line", "blank-line"]),
    st.sampled_from(["NFC", "NFD"]),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=8),
    st.lists(st.sampled_from(["", " ", "  ", "\t", "\u00a0", " \t "]), min_size=1, max_size=8),
    st.lists(st.integers(0, 50), max_size=4),
)
@example(  # wrapped before "second": a line of 98 code points in NFC, 117 in NFD
    ["Cafe\u0301 " * 19 + "end second line", "Next block."],
    "blank-line",
    "NFD",
    ["\n"],
    [""],
    [20],
)
def test_ids_are_deterministic_unique_and_survive_line_endings_nfd_and_trailing_spaces(
    paragraphs, layout, form, breaks, spaces, wrap_points
):
    """Per the identify docstring: CRLF/LF/CR, NFC/NFD, trailing (and leading) white space
    and re-wrapping keep every paragraph and article ID; 'auto' detects alike on each."""
    assume(_shows("".join(paragraphs)))  # else no article at all (empty-article)
    separator = "\n" if layout == "line" else "\n\n"
    plain = separator.join(paragraphs) + "\n"
    variant = ""
    for i, paragraph in enumerate(paragraphs):
        pad, end = spaces[i % len(spaces)], breaks[i % len(breaks)]
        body = unicodedata.normalize(form, paragraph)
        if layout == "line":
            variant += pad + body + pad + end
        else:  # re-wrapped, then a blank line (white space only) after the block
            body = _wrap(body, wrap_points, [pad + b for b in breaks])
            variant += pad + body + pad + end + pad + end
    first, again = (assemble(_raw_article(plain), _build(layout)) for _ in range(2))
    changed = assemble(_raw_article(variant), _build(layout))
    assert isinstance(first, AssembledArticle) and isinstance(changed, AssembledArticle)
    ids = _ids(first)
    assert len(set(ids)) == len(ids) == len(paragraphs)
    assert ids == _ids(again)
    assert ids == _ids(changed)
    assert [id_text(p["text"]) for p in first.paragraphs] == [
        id_text(p["text"]) for p in changed.paragraphs
    ]
    assert first.article_id == changed.article_id
    # 'auto' must split the NFC and the NFD spelling of one (hard-wrapped) article alike.
    wrapped = separator.join(_wrap(p, wrap_points, ["\n"]) for p in paragraphs)
    nfc = unicodedata.normalize("NFC", wrapped)
    nfd = unicodedata.normalize("NFD", wrapped).replace("\n", "\r\n")
    assert _ids(assemble(_raw_article(nfc), _build())) == _ids(
        assemble(_raw_article(nfd), _build())
    )


POOL = st.sampled_from(["Subscribe", "Read more", "\u05e9\u05dc\u05d5\u05dd", "\U0001f44d"])


@budget(200)
@given(
    st.lists(NONBLANK_LINE | POOL, min_size=1, max_size=8),
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "move", "edit"]),
            st.integers(0, 20),
            st.integers(0, 20),
            NONBLANK_LINE | POOL,
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_ids_survive_inserting_removing_moving_and_editing_other_paragraphs(paragraphs, edits):
    """A paragraph's ID depends on its article, its ID text and how many identical
    paragraphs precede it; never on its position or on any other paragraph."""
    edited = list(paragraphs)
    for operation, i, j, new in edits:
        if operation == "insert":
            edited.insert(i % (len(edited) + 1), new)
        elif edited and operation == "delete":
            del edited[i % len(edited)]
        elif edited and operation == "move":
            edited.insert(j % len(edited), edited.pop(i % len(edited)))
        elif edited:
            edited[i % len(edited)] = new
    assume(edited and _shows("".join(paragraphs)) and _shows("".join(edited)))
    keyed: dict[tuple[str, int], str] = {}
    for version in (paragraphs, edited):
        item = assemble(_raw_article("\n".join(version)), _build("line"))
        assert isinstance(item, AssembledArticle)
        assert item.article_id == assemble(_raw_article("x"), _build()).article_id
        seen: dict[str, int] = {}
        for record in item.paragraphs:
            folded = id_text(record["text"])
            occurrence = seen.get(folded, 0)
            seen[folded] = occurrence + 1
            # the same (ID text, occurrence) has the same ID in both versions, so a
            # paragraph that occurs once in each keeps its ID whatever else changed
            assert (
                keyed.setdefault((folded, occurrence), record["paragraph_id"])
                == (record["paragraph_id"])
            )
    assert len(set(keyed.values())) == len(keyed)  # and different ones differ


_SEED_SCRIPT = """
import json, sys
from packager.assemble import assemble
from packager.ingest.raw import Metadata, RawArticle
from packager.settings import BuildSettings
text = sys.stdin.read()
raw = RawArticle("fuzz/a.txt", "0" * 64, text, Metadata(url="https://gullhaven.example/a"), "file")
item = assemble(raw, BuildSettings(name="fuzz", version="1.0.0"))
print(json.dumps([item.article_id, item.article["split"], [p["paragraph_id"] for p in item.paragraphs]]))
"""
SEED_EXAMPLE = (
    "Ferry \U0001f6a2 returns to Gullhaven\r\n"
    "Zoe\u0308 and \u05d7\u05d9\u05e4\u05d4 \u200f\u0645\u0631\u062d\u0628\u0627 \u00a0\n"
    "\U0001f469\u200d\U0001f467 q\u0307\u0323 \U00020000  \r"
    "Subscribe\nSubscribe\n"
)


def test_ids_do_not_depend_on_the_hash_seed():
    """One fixed example in two fresh interpreters with different PYTHONHASHSEEDs."""
    raw = RawArticle(
        "fuzz/a.txt", "0" * 64, SEED_EXAMPLE, Metadata(url="https://gullhaven.example/a"), "file"
    )
    here = assemble(raw, _build())
    expected = [here.article_id, here.article["split"], _ids(here)]
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _SEED_SCRIPT],
            input=SEED_EXAMPLE.encode("utf-8"),
            env=env,
            capture_output=True,
            check=True,
        )
        assert json.loads(run.stdout) == expected, seed
    assert len(set(expected[2])) == len(expected[2]) == 5


# ---------------------------------------------------------------------------------------
# c. Readers: any bytes give articles or rejects, never an exception.

FILE_BYTES = (
    st.binary(max_size=300)
    | TEXT.map(lambda t: t.encode("utf-8"))
    | TEXT.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"))
    | TEXT.map(lambda t: t.encode("utf-16"))
    | TEXT.map(lambda t: t.encode("cp1252", "replace"))
    | st.tuples(TEXT, st.binary(max_size=4), TEXT).map(
        lambda p: p[0].encode("utf-8") + p[1] + p[2].encode("utf-8")
    )
)


def _one_line_reject(item: Rejection, relpath: str) -> None:
    assert item.reason in REASON_CODES
    assert "\n" not in item.message and "\r" not in item.message
    assert item.message.startswith(relpath)


@budget(200)
@given(FILE_BYTES, st.sampled_from([None, "windows-1252", "latin-1"]))
def test_any_bytes_in_a_text_file_give_an_article_or_a_reject(scratch, data, fallback):
    path = scratch / "b.txt"
    path.write_bytes(data)
    limits = InputLimits(text_fallback_encoding=fallback)
    item = read_text_article(path, "b.txt", "0" * 64, None, limits)
    assert isinstance(item, RawArticle | Rejection)
    event(f"outcome: {item.reason if isinstance(item, Rejection) else item.encoding}")
    if isinstance(item, Rejection):
        _one_line_reject(item, "b.txt")
        assert item.reason in ("empty-file", "binary-file", "invalid-utf8")
        return
    errors = "surrogatepass" if item.encoding == "utf-8" else "strict"
    assert item.text.encode(item.encoding, errors) == data[item.text_byte_base :]
    assembled = assemble(item, _build())
    if isinstance(assembled, Rejection):
        assert assembled.reason == "empty-article"
        _one_line_reject(assembled, "b.txt")
    else:
        _check_file_layout_article(assembled, data, item.encoding, item.text_byte_base)


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63)
    | st.floats()
    | TEXT
    | st.sampled_from(["\ud800", "https://gullhaven.example/a?utm_source=x", "2026-11-23", "en"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["id", "title", "url", "authors", "published_at", "language", "license", "publisher"]
RECORDS = st.fixed_dictionaries(
    {}, optional={"text": TEXT | TEXT | JSON_VALUES, **dict.fromkeys(FIELDS, JSON_VALUES)}
) | st.dictionaries(TEXT, JSON_VALUES, max_size=3)


def _json_line(value: object, ascii_only: bool) -> bytes:
    # json (not orjson) so that lone surrogates and huge integers get written too
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


ARTICLE_RECORDS = st.fixed_dictionaries({"text": TEXT}, optional=dict.fromkeys(FIELDS, JSON_VALUES))
LINE = st.one_of(
    st.tuples(ARTICLE_RECORDS, st.booleans()).map(lambda p: _json_line(*p)),
    st.tuples(RECORDS, st.booleans()).map(lambda p: _json_line(*p)),
    st.tuples(JSON_VALUES, st.booleans()).map(lambda p: _json_line(*p)),
    st.tuples(RECORDS, st.integers(1, 40)).map(lambda p: _json_line(p[0], False)[: p[1]]),
    st.binary(max_size=60),
    st.sampled_from(
        [b"", b"  ", b"\t", b"[1, 2]", b'{"text": "a"}\r', b"{", b"\xff\xfe", b"\xef\xbb\xbf"]
    ),
)


@budget(200)
@given(
    st.lists(LINE, max_size=8),
    st.booleans(),
    st.booleans(),
    st.sampled_from([b"\n", b"\r\n"]),
)
@example([b"\xef\xbb\xbf", b"{}"], False, False, b"\n")  # a BOM alone on line 1: blank
@example([b'\xef\xbb\xbf{"text": "a"}', b"[1]"], True, True, b"\r\n")  # bytes after a BOM
@example([b"[1, 2]", b'{"text": "a"}'], True, False, b"\n")  # a list line, then records
def test_any_json_lines_give_one_article_or_reject_per_line(
    scratch, lines, final_newline, gz, newline
):
    """Each non-blank line is one article or one reject, at its own line number and bytes;
    only a file-level problem (binary, JSON array, unreadable) ends the file early."""
    lines = [line.replace(b"\n", b" ") for line in lines]
    data = newline.join(lines) + (newline if final_newline else b"")
    relpath = "a.jsonl.gz" if gz else "a.jsonl"
    path = scratch / relpath
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    items = list(read_jsonl_articles(path, relpath, "0" * 64))
    assert all(isinstance(item, RawArticle | Rejection) for item in items)
    for item in items:
        event(f"outcome: {item.reason if isinstance(item, Rejection) else 'article'}")
        if isinstance(item, Rejection):
            _one_line_reject(item, relpath)
    file_level = {"binary-file", "json-array", "empty-file", "unreadable", "decompression-bomb"}
    ends = [i for i in items if isinstance(i, Rejection) and i.reason in file_level]
    physical = data.split(b"\n")
    bom = 3 if physical[0].startswith(b"\xef\xbb\xbf") else 0  # skipped before line 1
    physical[0] = physical[0][bom:]
    content = [
        (number, line)
        for number, line in enumerate(physical, start=1)
        if line.rstrip(b"\r").strip() and not (number == len(physical) and not line)
    ]
    if ends:
        assert ends == items[-1:], "a file-level reject ends the file"
        return
    assert len(items) == len(content)
    offset_of = {}
    offset = bom
    for number, line in enumerate(physical, start=1):
        offset_of[number] = offset
        offset += len(line) + 1
    for item, (number, line) in zip(items, content, strict=True):
        assert item.line == number
        if isinstance(item, Rejection):
            continue
        stripped = line.rstrip(b"\r")
        assert (item.byte_start, item.byte_end) == (
            offset_of[number],
            offset_of[number] + len(stripped),
        )
        assert data[item.byte_start : item.byte_end] == stripped
        assert json.loads(stripped)["text"] == item.text
        assembled = assemble(item, _build())
        if isinstance(assembled, Rejection):
            assert assembled.reason == "empty-article" and not _shows(item.text)
            continue
        for paragraph in assembled.paragraphs:
            source = paragraph["source"]
            assert (source["line_start"], source["line_end"]) == (number, number)
            assert (source["byte_start"], source["byte_end"]) == (item.byte_start, item.byte_end)


@budget(100)
@given(
    st.one_of(
        st.binary(max_size=100),
        st.tuples(JSON_VALUES, st.booleans()).map(lambda p: _json_line(*p)),
        st.tuples(RECORDS, st.booleans()).map(lambda p: _json_line(*p)),
    ),
    st.tuples(TEXT, WORDS, TEXT).map("".join),
)
def test_any_sidecar_gives_metadata_or_a_reject_and_the_article_assembles(scratch, data, text):
    path = scratch / "c.meta.json"
    path.write_bytes(data)
    metadata = read_sidecar(path, "c.meta.json")
    if isinstance(metadata, Rejection):
        _one_line_reject(metadata, "c.meta.json")
        assert metadata.reason == ("binary-file" if b"\x00" in data else "invalid-metadata")
        return
    raw = RawArticle("c.txt", "0" * 64, text, metadata, "file")
    assert isinstance(assemble(raw, _build()), AssembledArticle)


# ---------------------------------------------------------------------------------------
# c2. The HTML reader: any bytes give an article or a reject; every paragraph's bytes hold
# its text (or say "only the page"); no word is glued to the next across a <br>.

HTML_REJECTS = {
    "empty-file", "too-large", "unreadable", "decompression-bomb", "oversized-tag",
    "too-deeply-nested", "no-content", "empty-article", "too-many-paragraphs",
}  # fmt: skip
PAGE_BYTES = fuzz_pages().map(lambda page: page[0])
MARKUP = st.sampled_from(
    ["<p>", "</p>\n<p>", "<br>", "<br><br>", "<div>", "</div>", "&amp;", "&#233;", "&nbsp;",
     "<!--", "-->", "<script>", "</script>", "<title>", "<", ">", "<p class='a\nb'>", "&#0;"]
)  # fmt: skip
MARKED_TEXT = st.lists(
    INLINE_PIECE | BREAKS | MARKUP | MARKUP | st.sampled_from(SENTENCES), max_size=40
).map("".join)
"""Text and markup in any mix: prose enough to extract, and every odd character."""


def _spliced(page: tuple[bytes, int, bytes]) -> bytes:
    data, at, junk = page
    at %= len(data) + 1
    return data[:at] + junk + data[at:]


HTML_BYTES = st.one_of(
    st.binary(max_size=300),
    FILE_BYTES,
    PAGE_BYTES,
    PAGE_BYTES,
    MARKED_TEXT.map(lambda t: t.encode("utf-8")),
    st.tuples(MARKED_TEXT, st.sampled_from(["utf-16", "cp1252", "shift_jis"])).map(
        lambda p: p[0].encode(p[1], "replace")
    ),
    st.tuples(PAGE_BYTES, st.integers(0, 10**6), st.binary(min_size=1, max_size=8)).map(_spliced),
    st.tuples(PAGE_BYTES, st.integers(0, 10**6)).map(lambda p: p[0][: p[1] % (len(p[0]) + 1)]),
)


def _html_reject(item: Rejection, relpath: str) -> None:
    _one_line_reject(item, relpath)
    assert item.reason in HTML_REJECTS, item
    event(f"rejected: {item.reason}")


def _check_html_paragraphs(data: bytes, paragraphs: list[dict]) -> None:
    """Each paragraph's byte range holds its text (decoded with the page's codec, markup
    dropped, references decoded, NFC, white space dropped), or is the whole page; and no
    paragraph holds two words the page had a <br> between."""
    page = decode_page(data)
    last_line = len(re.findall(r"\r\n|\r|\n", page.text)) + 1
    glued = glued_across_br(page.text)
    event(f"words around a <br>: {min(len(glued), 3)}{'+' * (len(glued) >= 3)}")
    for paragraph in paragraphs:
        text = unicodedata.normalize("NFC", paragraph["text"])
        assert not [word for word in glued if word in text], (sorted(glued), text)
        source = paragraph["source"]
        start, end = source["byte_start"], source["byte_end"]
        lines = (source["line_start"], source["line_end"])
        if (start, end) == (0, len(data)):
            assert lines == (1, last_line)
            event("a paragraph with only the page")
            continue
        assert page.codec is not None
        assert page.bom_bytes <= start < end <= len(data)
        assert 1 <= lines[0] <= lines[1] <= last_line
        held = visible(data[start:end].decode(page.codec))
        assert squeezed(text) in held, (text, data[start:end])
        event("a paragraph located")


def _read_html(path: Path, relpath: str, data: bytes) -> AssembledArticle | None:
    """Read and assemble one page: an article, or None after checking the reject."""
    settings_ = _build()
    raw = read_html_article(path, relpath, "0" * 64, None, settings_.html)
    if isinstance(raw, Rejection):
        _html_reject(raw, relpath)
        return None
    assert raw.metadata.extra["html_encoding"] == decode_page(data).encoding
    assembled = assemble(raw, settings_)
    if isinstance(assembled, Rejection):
        _html_reject(assembled, relpath)
        return None
    assert assembled.paragraphs
    event(
        f"paragraphs: {min(len(assembled.paragraphs), 5)}{'+' * (len(assembled.paragraphs) >= 5)}"
    )
    _check_html_paragraphs(data, assembled.paragraphs)
    return assembled


@budget(25)
@given(HTML_BYTES)
def test_any_bytes_in_an_html_file_give_an_article_or_a_reject(scratch, data):
    """Any bytes (random, text with markup in several encodings, generated pages cut short
    or with bytes dropped in): an article whose paragraphs' bytes hold their text (or say
    only the page), or a reject with a known reason and a one-line message naming the file."""
    path = scratch / "p.html"
    path.write_bytes(data)
    _read_html(path, "p.html", data)


@budget(25)
@given(fuzz_pages())
def test_any_html_page_from_parts_gives_an_article_or_a_reject(scratch, page):
    """Pages built from parts (doctype, a true, false or unknown charset claim; UTF-8,
    UTF-16 with and without BOM, cp1252, Shift JIS; <br> and runs of them, tables of many
    rows, noscript, scripts, styles, comments, references, nested and deeply nested
    elements, huge and many attributes, CR/LF/CRLF). Besides the checks on any bytes: the
    page is read in its own encoding when that can be known (UTF-8, UTF-16, a true claim)."""
    data, encoding, claim = page
    path = scratch / "q.html"
    path.write_bytes(data)
    true_claim = claim not in ("", "no-such-charset") and (
        codecs.lookup(claim).name == codecs.lookup(encoding).name
    )
    if encoding.startswith("utf") or true_claim:
        assert decode_page(data).text == data.decode(encoding).lstrip("\ufeff")
    event(f"encoding: {encoding}, claim {'true' if true_claim else 'none or false'}")
    _read_html(path, "q.html", data)


ARTICLE = st.lists(st.tuples(NONBLANK_LINE, BREAKS).map("".join), min_size=1, max_size=6).map(
    "".join
)
"""Text with at least one paragraph, so that a build has something to accept."""
GOOD_FILE = st.one_of(
    ARTICLE.map(lambda text: text.encode("utf-8")),
    st.lists(st.tuples(ARTICLE, TEXT | st.none()), min_size=1, max_size=4).map(
        lambda records: b"\n".join(
            _json_line({"text": text, "id": key}, True) for text, key in records
        )
    ),
    st.lists(ARTICLE, min_size=1, max_size=4).map(
        lambda texts: (
            "<html><head><title>t</title></head><body><article>"
            + "".join(f"<p>{html.escape(text)}</p>" for text in texts)
            + "</article></body></html>"
        ).encode("utf-8")
    ),
)
OTHER_FILES = st.dictionaries(
    st.sampled_from(
        ["a.txt", "a.meta.json", "b.jsonl", "c.html", "d/e.txt", "d/e.meta.json", "f.jsonl.gz"]
    ),
    GOOD_FILE | GOOD_FILE | FILE_BYTES | st.lists(LINE, max_size=6).map(b"\n".join),
    min_size=1,
    max_size=5,
)
HTML_FILES = st.dictionaries(
    st.sampled_from(["g.html", "h/i.htm", "j.html.gz", "g.meta.json"]),
    PAGE_BYTES | PAGE_BYTES | HTML_BYTES,
    max_size=3,
)
BUILD_FILES = st.tuples(OTHER_FILES, HTML_FILES).map(lambda pair: {**pair[0], **pair[1]})
"""Any mix of inputs: good ones, any bytes, and HTML pages built from parts or broken."""


@budget(25)
@given(BUILD_FILES)
def test_a_build_over_any_files_accounts_for_every_input(files):
    """A whole build over random files (HTML pages among them): no exception but "nothing to
    publish" when no article is accepted, inputs = accepted + rejected, every record
    written, every .txt paragraph's bytes found in its file and every HTML paragraph's
    bytes holding its text (or the whole page), with no word glued across a <br>."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "in"
        for relpath, data in files.items():
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            if relpath.endswith(".gz"):
                data = gzip.compress(data, mtime=0)
            (root / relpath).write_bytes(data)
        try:
            result = build_release([root], _build(), Path(folder) / "dist")
        except NothingToPublishError as exc:
            event("nothing to publish")
            assert str(exc).startswith("nothing to publish: ")
            assert not (Path(folder) / "dist" / "fuzz" / "1.0.0").exists()
            return
        counts = result.counts
        event(f"accepted: {min(counts['accepted'], 3)}{'+' * (counts['accepted'] >= 3)}")
        for reason in counts["rejected_by_reason"]:
            event(f"rejected: {reason}")
        assert counts["inputs"] == counts["accepted"] + counts["rejected"]
        assert sum(counts["rejected_by_reason"].values()) == counts["rejected"]
        assert sum(counts["articles"].values()) == counts["accepted"]
        release = result.release
        articles = (release / "articles.jsonl").read_bytes().splitlines()
        paragraphs = [
            json.loads(line) for line in (release / "paragraphs.jsonl").read_bytes().splitlines()
        ]
        rejects = (release / "rejects.jsonl").read_bytes().splitlines()
        assert len(articles) == counts["accepted"]
        assert len(paragraphs) == sum(counts["paragraphs"].values())
        assert len(rejects) == counts["rejected"] + sum(counts["paragraphs_dropped"].values())
        for paragraph in paragraphs:
            source = paragraph["source"]
            if source["path"].endswith(".txt"):
                data = (root / source["path"]).read_bytes()
                raw = data[source["byte_start"] : source["byte_end"]].decode("utf-8")
                assert _normalised(raw) == paragraph["text"]
            elif source["path"].endswith((".html", ".htm", ".html.gz")):
                data = files[source["path"]]  # as written, before any gzip
                _check_html_paragraphs(data, [paragraph])


# ---------------------------------------------------------------------------------------
# d. Annotation importers: exact spans or rejects, never an exception but ours.

ANNOTATED = [
    "Ana Ruiz opened the \U0001f6a2 Gullhaven ferry office in \u05d7\u05d9\u05e4\u05d4.",
    "Zoe\u0308 q\u0307\u0323 met \U0001f469\u200d\U0001f467 at \U00020000 pier \u200f\u0645\u0631\u062d\u0628\u0627.",
    "Plain text, with a no-break\u00a0space and \U0001f44d\U0001f3fd.",
]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[Path, list[tuple[str, str]]]:
    """A small real release; its (paragraph ID, text) pairs as the release has them."""
    root = tmp_path_factory.mktemp("in")
    (root / "a.jsonl").write_text(
        json.dumps({"id": "a1", "text": "\n".join(ANNOTATED[:2])})
        + "\n"
        + json.dumps({"id": "a2", "text": ANNOTATED[2]})
        + "\n"
    )
    build = BuildSettings(name="fuzz-spans", version="1.0.0", splits={"train": 1.0})
    built = build_release([root], build, tmp_path_factory.mktemp("dist")).release
    records = [json.loads(line) for line in (built / "paragraphs.jsonl").read_bytes().splitlines()]
    assert [r["text"] for r in records] == [unicodedata.normalize("NFC", t) for t in ANNOTATED]
    return built, [(r["paragraph_id"], r["text"]) for r in records]


TOOL_UNITS = [
    ("label-studio", "codepoint"),
    ("label-studio-min", "codepoint"),
    ("doccano", "utf16"),
    ("doccano", "grapheme"),
    ("prodigy", "codepoint"),
    ("argilla", "utf16"),
    ("argilla-nested", "utf16"),
]
WRONG_OFFSETS = st.integers(-5, 90) | st.sampled_from([None, "3", 2.5, True, [1], 2**70])
LABELS = st.sampled_from(["PLACE", "PERSON", "Ort \u05d0", "", None, 7, "\ud800", ["PLACE"]])


def _imported(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "annotations.jsonl").read_bytes().splitlines()]


def _export_records(export: Path, tool: str) -> set[int]:
    """The record numbers of an export, counted from the file alone: list items of a JSON
    list (Label Studio, Argilla, Doccano's JSON export), else the non-blank lines."""
    text = export.read_bytes().decode("utf-8")
    if tool in ("label-studio", "argilla", "doccano"):
        try:
            rows = json.loads(text)
        except (ValueError, RecursionError):
            rows = None
        if isinstance(rows, list):
            return set(range(1, len(rows) + 1))
        if tool == "label-studio":
            return {1}  # the whole file: one record that is not a list of tasks
    if tool == "argilla":
        lines = text.split("\n")
    else:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # universal newlines
    return {number for number, line in enumerate(lines, start=1) if line.strip()}


def _check_accounting(export: Path, tool: str, result, records, texts: dict) -> None:
    """Every record of the export file ends in at least one annotation or reject; every item
    the reader yields ends as one annotation or one reject; spans slice back."""
    items = list(FORMATS[tool].read_export(export))
    assert result.imported == len(records)
    assert result.imported + sum(result.rejected.values()) == len(items)
    rejected = (result.out / "annotation-rejects.jsonl").read_bytes().splitlines()
    rejects = [json.loads(line) for line in rejected]
    assert len(rejects) == sum(result.rejected.values())
    covered = {r["source"]["record"] for r in records} | {r["source"]["record"] for r in rejects}
    assert covered == _export_records(export, tool), "a record of the export vanished"
    for record in records:
        assert record["tool"] == tool
        text = texts[record["paragraph_id"]]
        if record["task"] == "span":
            assert 0 <= record["start"] < record["end"] <= len(text)
            assert record["text"] == text[record["start"] : record["end"]]


@budget(150)
@given(st.sampled_from(TOOL_UNITS), st.data())
def test_any_annotation_export_comes_back_exact_or_rejected(release, scratch, tool_unit, data):
    """Random spans (valid ones in the tool's own unit, and negative, reversed, out of
    range, mid-character, wrongly typed, on unknown paragraphs, with wrong quotes or
    labels): each comes back with exact code-point offsets or is rejected."""
    built, paragraphs = release
    texts = dict(paragraphs)
    shape, unit = tool_unit
    tool = shape.removesuffix("-min").removesuffix("-nested")
    rows, expected = [], []
    for _ in range(data.draw(st.integers(1, 6))):
        pid, text = data.draw(st.sampled_from(paragraphs))
        known = data.draw(st.sampled_from([True, True, True, False]))
        if not known:
            pid = data.draw(st.sampled_from(["0" * 20, "", None, 5, pid.upper(), "\ud800"]))
        valid = known
        positions = list(range(len(text) + 1))
        if unit == "grapheme":
            positions = [0] + [m.end() for m in regex.finditer(r"\X", text)]
        pair = st.lists(st.sampled_from(positions), min_size=2, max_size=2, unique=True)
        cp_start, cp_end = sorted(data.draw(pair))
        if unit == "grapheme":
            start, end = positions.index(cp_start), positions.index(cp_end)
        else:
            start, end = from_codepoints(text, cp_start, unit), from_codepoints(text, cp_end, unit)
        if data.draw(st.booleans()):
            start, end = data.draw(WRONG_OFFSETS), data.draw(WRONG_OFFSETS)
            valid = False
        label = data.draw(st.sampled_from(["PLACE", "PERSON", "Ort \u05d0"]) | LABELS)
        valid = valid and isinstance(label, str) and label != "" and label != "\ud800"
        quoting = data.draw(st.sampled_from([None, "right", "nfd", "wrong"]))
        quote = {
            None: None,
            "right": text[cp_start:cp_end],
            "nfd": unicodedata.normalize("NFD", text[cp_start:cp_end]),
            "wrong": text[cp_start:cp_end] + "x",
        }[quoting]
        if shape in ("label-studio", "label-studio-min"):  # the only export that quotes
            valid = valid and quoting != "wrong"
        else:
            quote = None
        tool_text = data.draw(
            st.sampled_from([text, unicodedata.normalize("NFD", text), None, "other"])
        )
        valid = valid and tool_text != "other"
        annotator = data.draw(st.sampled_from(["ana", "5f0c-ana", None]))
        rows.append(span_row(shape, pid, tool_text, start, end, label, quote, annotator))
        if valid:
            expected.append((pid, cp_start, cp_end, label))
    export = write_export(scratch, shape, rows)
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)  # a fresh import: a second one would add to it
    offset_unit = unit if unit == "grapheme" else None
    result = import_annotations(export, tool, built, out, offset_unit=offset_unit)
    records = _imported(out)
    _check_accounting(export, tool, result, records, texts)
    got = {(r["paragraph_id"], r["start"], r["end"], r["label"]) for r in records}
    assert set(expected) <= got
    event(f"imported: {min(len(records), 3)}{'+' * (len(records) >= 3)}")
    for reason in result.rejected:
        event(f"rejected: {reason}")


KEYS = [
    "id", "data", "annotations", "result", "type", "value", "start", "end", "labels",
    "choices", "text", "paragraph_id", "completed_by", "was_cancelled", "created_at",
    "label", "entities", "start_offset", "end_offset", "meta", "answer", "spans", "accept",
    "_annotator_id", "_session_id", "_timestamp", "fields", "responses", "spans.responses",
    "label.responses", "spans.responses.users", "spans.responses.status",
    "label.responses.users", "label.responses.status", "status", "user_id", "span",
    "annotator", "email",
]  # fmt: skip


@budget(150)
@given(st.sampled_from(["label-studio", "doccano", "prodigy", "argilla"]), st.data())
def test_any_json_export_is_imported_or_refused_with_our_error(release, scratch, tool, data):
    """Arbitrary JSON in the tools' own vocabulary (and arbitrary bytes): the import either
    refuses the file with packager's own error or accounts for every record."""
    built, paragraphs = release
    texts = dict(paragraphs)
    scalars = (
        JSON_SCALARS
        | st.sampled_from([pid for pid, _ in paragraphs] + list(texts.values()))
        | st.sampled_from(["submitted", "discarded", "accept", "reject", "labels", "choices"])
        | st.sampled_from([1767225600, 1e300, -(2**64), float("nan"), 3, 0, 12])
    )
    value = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
        ),
        max_leaves=25,
    )
    jsonl = data.draw(st.booleans())
    if data.draw(st.integers(0, 9)) == 0:
        content = data.draw(st.binary(max_size=200))
    elif jsonl:
        lines = data.draw(st.lists(value, max_size=5))
        content = b"".join(_json_line(line, data.draw(st.booleans())) + b"\n" for line in lines)
    else:
        content = _json_line(
            data.draw(st.lists(value, max_size=5) | value), data.draw(st.booleans())
        )
    export = scratch / ("any.jsonl" if jsonl else "any.json")
    export.write_bytes(content)
    out = scratch / "any-out"
    shutil.rmtree(out, ignore_errors=True)  # a fresh import: a second one would add to it
    try:
        result = import_annotations(export, tool, built, out)
    except PackagerError as error:
        event(f"refused: {type(error).__name__}")
        return
    records = _imported(out)
    event(f"imported: {min(len(records), 1)}{'+' * (len(records) >= 1)}")
    for reason in result.rejected:
        event(f"rejected: {reason}")
    _check_accounting(export, tool, result, records, texts)


@pytest.mark.parametrize("tool", ["label-studio", "doccano", "prodigy", "argilla"])
def test_an_export_nested_too_deep_for_python_is_refused_or_rejected(release, tmp_path, tool):
    """Nesting past Python's recursion limit (which Hypothesis' small values never reach)."""
    built, _ = release
    export = tmp_path / ("deep.json" if tool == "label-studio" else "deep.jsonl")
    export.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    try:
        result = import_annotations(export, tool, built, tmp_path / "out")
    except PackagerError:
        return
    assert result.imported == 0 and result.rejected == {"invalid-record": 1}
