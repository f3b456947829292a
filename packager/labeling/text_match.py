"""Find a labeling tool's copy of a text in a release, and map offsets between the two.

Texts are compared *folded*: NFC, every run of white space (line breaks, CRLF,
no-break spaces, tabs) one space, none at either end. Folding keeps a character map:
each folded character knows the span of the original text it came from (a grapheme
cluster, or a whole run of white space), so an offset in the tool's copy converts to
one in the release exactly, or is refused when it falls inside a character.

The release is indexed by a hash of each paragraph's folded text, so a record is
matched by hashing its own paragraphs (blocks between blank lines, else lines):
no record scans the release's text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from packager.layout import ARTICLES_NAME, PARAGRAPHS_NAME
from packager.releases.records import read_records

_CLUSTER = regex.compile(r"\X")
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text; ``starts[i]:ends[i]`` is where its ``i``-th character came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The folded range of original code points ``start:end`` (white space trimmed);
        None when an end falls inside a character or nothing but white space is left."""
        i = bisect.bisect_left(self.starts, start)
        if i > 0 and self.starts[i - 1] < start < self.ends[i - 1] and self.text[i - 1] != " ":
            return None
        j = bisect.bisect_right(self.ends, end)
        if j < len(self.text) and self.starts[j] < end < self.ends[j] and self.text[j] != " ":
            return None
        while i < j and self.text[i] == " ":
            i += 1
        while j > i and self.text[j - 1] == " ":
            j -= 1
        return (i, j) if i < j else None


def fold(text: str, offset: int = 0) -> Folded:
    """``text`` folded, with its character map (original offsets plus ``offset``)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _CLUSTER.finditer(text):
        cluster = unicodedata.normalize("NFC", match.group())
        start, end = match.start() + offset, match.end() + offset
        if cluster.isspace():
            if chars and chars[-1] == " ":
                ends[-1] = end
            elif chars:
                chars.append(" ")
                starts.append(start)
                ends.append(end)
            continue
        for char in cluster:
            chars.append(char)
            starts.append(start)
            ends.append(end)
    if chars and chars[-1] == " ":
        chars.pop()
        starts.pop()
        ends.pop()
    return Folded("".join(chars), tuple(starts), tuple(ends))


def digest(folded: str) -> bytes:
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Paragraph:
    paragraph_id: str
    article_id: str
    index: int
    text: str


@dataclass
class ReleaseIndex:
    """A release's paragraphs by the hash of their folded text, and articles' metadata."""

    by_hash: dict[bytes, list[str]] = field(default_factory=lambda: defaultdict(list))
    paragraphs: dict[str, Paragraph] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, release: Path) -> ReleaseIndex:
        index = cls()
        for row in read_records(release / PARAGRAPHS_NAME):
            pid = row["paragraph_id"]
            index.paragraphs[pid] = Paragraph(pid, row["article_id"], row["index"], row["text"])
            index.by_hash[digest(fold(row["text"]).text)].append(pid)
        for row in read_records(release / ARTICLES_NAME):
            index.articles[row["article_id"]] = {
                "url": row.get("url"),
                "external_id": row.get("external_id"),
            }
        return index


@dataclass(frozen=True, slots=True)
class Segment:
    """One paragraph of the tool's text: its folded form (offsets into the tool's text)
    and the release paragraph it is, if any."""

    folded: Folded
    paragraph: Paragraph | None


@dataclass
class Match:
    """Where a record's text is in the release, or why it is nowhere (``problem``)."""

    article_id: str | None = None
    segments: list[Segment] = field(default_factory=list)
    problem: str | None = None  # "no-match" or "ambiguous-match"
    message: str = ""

    @property
    def paragraph_id(self) -> str | None:
        """The paragraph, when the record's text is that one paragraph and nothing else."""
        if len(self.segments) == 1 and self.segments[0].paragraph is not None:
            return self.segments[0].paragraph.paragraph_id
        return None


def _pieces(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Blocks between blank lines, each as (start, end, its lines' (start, end))."""
    lines = []
    at = 0
    for found in _BREAK.finditer(text):
        lines.append((at, found.start()))
        at = found.end()
    lines.append((at, len(text)))
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in lines:
        if text[start:end].strip():
            blocks[-1].append((start, end))
        elif blocks[-1]:
            blocks.append([])
    return [(b[0][0], b[-1][1], b) for b in blocks if b]


def match(text: str, index: ReleaseIndex, hints: dict[str, Any]) -> Match:
    """Where ``text`` (a tool's copy) is: one paragraph, a run of them, or a whole article.

    Each block of the text (lines between blank lines) is looked up whole, else line by
    line. The article holding most of them wins; a tie is ``ambiguous-match`` unless the
    record's ``hints`` (its URL or IDs) name one of the tied articles.
    """
    pieces: list[tuple[Folded, list[str]]] = []
    for start, end, lines in _pieces(text):
        folded = fold(text[start:end], start)
        found = index.by_hash.get(digest(folded.text), [])
        if found or len(lines) == 1:
            pieces.append((folded, found))
            continue
        for line_start, line_end in lines:
            folded = fold(text[line_start:line_end], line_start)
            pieces.append((folded, index.by_hash.get(digest(folded.text), [])))
    pieces = [(folded, found) for folded, found in pieces if folded.text]
    votes: dict[str, int] = defaultdict(int)
    for _, found in pieces:
        for article_id in {index.paragraphs[pid].article_id for pid in found}:
            votes[article_id] += 1
    if not votes:
        return Match(problem="no-match", message="the text matches no paragraph of the release")
    best = max(votes.values())
    tied = sorted(a for a, n in votes.items() if n == best)
    if len(tied) > 1:
        named = [a for a in tied if _named(index.articles.get(a, {}), a, hints)]
        if len(named) != 1:
            return Match(
                problem="ambiguous-match",
                message=f"the text matches {len(tied)} articles equally "
                f"({', '.join(tied[:5])}) and the record's metadata names none of them alone",
            )
        tied = named
    article_id = tied[0]
    result = Match(article_id)
    last = -1
    for folded, found in pieces:
        mine = sorted(
            (
                index.paragraphs[pid]
                for pid in found
                if index.paragraphs[pid].article_id == article_id
            ),
            key=lambda p: p.index,
        )
        after = [p for p in mine if p.index > last] or mine
        paragraph = after[0] if after else None
        if paragraph is not None:
            last = paragraph.index
        result.segments.append(Segment(folded, paragraph))
    return result


def _named(article: dict[str, Any], article_id: str, hints: dict[str, Any]) -> bool:
    """Whether a record's metadata names this article (its URL, ID or external ID)."""
    values = {
        str(v) for v in hints.values() if isinstance(v, str | int) and not isinstance(v, bool)
    }
    return bool(
        values & {article_id, str(article.get("url")), str(article.get("external_id"))} - {"None"}
    )
