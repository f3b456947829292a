"""The first pass: corpus evidence that no single article can give.

It counts, for each publisher and each source folder, how many articles
contain each normalised paragraph (memory grows with the number of distinct
paragraphs, not with the corpus text: a paragraph is an 8-byte hash), and it
groups exact and near-duplicate articles. For template text it also counts how
many of those articles copy an article read before them: a paragraph of a story
syndicated three times is in one story, not in three.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from packager.identify import id_text
from packager.quality.dedup import DuplicateFinder, signature_of


def paragraph_key(text: str) -> bytes:
    return hashlib.blake2b(id_text(text).encode("utf-8", "surrogatepass"), digest_size=8).digest()


def evidence_groups(publisher: object, source_path: str) -> tuple[str, ...]:
    """The groups whose repeats count as evidence: the publisher and the source folder."""
    groups = [f"folder:{posixpath.dirname(source_path)}"]
    if isinstance(publisher, str) and publisher.strip():
        groups.append(f"publisher:{publisher.strip().casefold()}")
    return tuple(groups)


@dataclass
class CorpusSurvey:
    """Paragraph repeats per group and the duplicate groups of a corpus."""

    repeats: Counter[tuple[str, bytes]] = field(default_factory=Counter)
    duplicate_of: dict[str, str] = field(default_factory=dict)
    # of ``repeats``, the articles that copy an earlier one (few: kept apart, not doubled)
    in_copies: Counter[tuple[str, bytes]] = field(default_factory=Counter)
    # articles per group, copies of an earlier article left out
    group_articles: Counter[str] = field(default_factory=Counter)

    def articles_with(self, groups: tuple[str, ...], text: str) -> tuple[int, str | None]:
        """The most articles of one group that contain ``text``, and that group."""
        key = paragraph_key(text)
        best, best_group = 0, None
        for group in groups:
            count = self.repeats.get((group, key), 0)
            if count > best:
                best, best_group = count, group
        return best, best_group

    def template_count(self, groups: tuple[str, ...], text: str) -> TemplateCount:
        """In how many articles of one group ``text`` occurs, copies of one article once."""
        key = paragraph_key(text)
        best = TemplateCount(0, 0, None, 0)
        for group in groups:
            articles = self.repeats.get((group, key), 0)
            distinct = articles - self.in_copies.get((group, key), 0)
            if (distinct, articles) > (best.distinct, best.articles):
                best = TemplateCount(distinct, articles, group, self.group_articles[group])
        return best


@dataclass(frozen=True)
class TemplateCount:
    """Articles of ``group`` with a paragraph: ``distinct`` counts near-copies once."""

    distinct: int
    articles: int
    group: str | None
    group_size: int


@dataclass(frozen=True)
class SurveyEntry:
    """What the first pass needs of one article, computed wherever the article is read."""

    article_id: str
    groups: tuple[str, ...]
    paragraph_keys: frozenset[bytes]
    exact: bytes
    signature: np.ndarray  # MinHash hash values (see dedup.signature_of)


def survey_entry(
    article_id: str, groups: tuple[str, ...], texts: list[str], body: list[str], num_perm: int
) -> SurveyEntry:
    exact, signature = signature_of("\n".join(texts), "\n".join(body), num_perm)
    keys = frozenset(paragraph_key(text) for text in texts)
    return SurveyEntry(article_id, groups, keys, exact, signature)


class SurveyBuilder:
    """Collects a :class:`CorpusSurvey` from articles fed in input order."""

    def __init__(self, near_duplicate_threshold: float, num_perm: int) -> None:
        self.survey = CorpusSurvey()
        self._duplicates = DuplicateFinder(near_duplicate_threshold, num_perm)
        self._seen: set[str] = set()

    def add(
        self,
        article_id: str,
        groups: tuple[str, ...],
        texts: list[str],
        body_texts: list[str],
    ) -> None:
        entry = survey_entry(article_id, groups, texts, body_texts, self._duplicates.num_perm)
        self.add_entry(entry)

    def add_entry(self, entry: SurveyEntry) -> None:
        """Count one article's paragraphs and place it among duplicates (in input order)."""
        if entry.article_id in self._seen:
            return
        self._seen.add(entry.article_id)
        copy = self._duplicates.add_signature(entry.article_id, entry.exact, entry.signature)
        for group in entry.groups:
            if not copy:
                self.survey.group_articles[group] += 1
            for key in entry.paragraph_keys:
                self.survey.repeats[(group, key)] += 1
                if copy:
                    self.survey.in_copies[(group, key)] += 1

    def finish(self) -> CorpusSurvey:
        self.survey.duplicate_of = self._duplicates.groups()
        return self.survey
