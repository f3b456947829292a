"""The survey on disk and in numpy arrays gives what the in-memory survey gave.

The reference is the online :class:`DuplicateFinder` (datasketch's LSH in memory) and
the Counter of (group, key) the survey kept before, rebuilt here, on generated corpora
with near-copies, exact copies, chains of copies, identical bodies under different
headlines, empty bodies and repeated furniture.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from packager.partitions import Column, KeyIndex, PartitionedRows, RecordLog
from packager.quality.dedup import DuplicateFinder
from packager.quality.neardup import NearDuplicates, _components
from packager.quality.survey import SurveyBuilder, paragraph_key, survey_entry

WORDS = [f"w{n}" for n in range(60)]
FURNITURE = ["Subscribe now", "Share this story", "Sign in to comment", "Support us today."]


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))) + "."


def corpus(seed: int, size: int) -> list[tuple[str, tuple[str, ...], list[str], list[str]]]:
    """(id, groups, texts, body texts) of ``size`` articles, with every kind of copy."""
    rng = random.Random(seed)
    made: list[tuple[str, tuple[str, ...], list[str], list[str]]] = []
    for number in range(size):
        groups = (f"folder:f{rng.randint(0, 3)}", f"publisher:p{rng.randint(0, 4)}")[
            : rng.choice((1, 2, 2))
        ]
        choice = rng.random()
        if made and choice < 0.25:  # a near copy of an earlier article: edits, a line less
            _, _, texts, body = rng.choice(made)
            body = list(body)
            for _ in range(rng.randint(0, 3)):
                if body:
                    at = rng.randrange(len(body))
                    words = body[at].split()
                    words[rng.randrange(len(words))] = "edited"
                    body[at] = " ".join(words)
            if len(body) > 3 and rng.random() < 0.5:
                del body[rng.randrange(len(body))]
            texts = [texts[0], *body, *FURNITURE[: rng.randint(0, 4)]]
        elif made and choice < 0.35:  # an exact copy under another ID
            _, _, texts, body = rng.choice(made)
        elif made and choice < 0.42:  # the same body, another headline
            _, _, texts, body = rng.choice(made)
            texts = [f"Headline {number}", *body]
        elif choice < 0.45:  # no body at all
            body = []
            texts = [f"Only furniture {number % 3}", *FURNITURE]
        else:
            body = [_paragraph(rng) for _ in range(rng.randint(1, 8))]
            texts = [f"Headline {number}", *body, *FURNITURE[: rng.randint(0, 4)]]
        article_id = f"{number:020d}" if rng.random() > 0.03 or not made else made[-1][0]
        made.append((article_id, groups, texts, body))
    return made


@pytest.mark.parametrize(
    ("seed", "threshold", "num_perm"), [(1, 0.8, 64), (2, 0.8, 128), (3, 0.5, 64)]
)
def test_offline_duplicates_equal_the_online_finder(tmp_path, seed, threshold, num_perm):
    online = DuplicateFinder(threshold, num_perm)
    offline = NearDuplicates(threshold, num_perm, tmp_path)
    copies, ids = [], []
    for article_id, groups, texts, body in corpus(seed, 1500):
        if article_id in ids:
            continue
        entry = survey_entry(article_id, groups, texts, body, num_perm)
        copies.append(online.add_signature(article_id, entry.exact, entry.signature))
        offline.add(entry.exact, entry.signature)
        ids.append(article_id)
    copy, root = offline.finish()
    offline.remove()
    assert copy.tolist() == copies
    assert {ids[n]: ids[r] for n, r in enumerate(root.tolist()) if r != n} == online.groups()
    assert 100 < sum(copies) < 1000  # the corpus has copies of every kind


def _reference(threshold, num_perm, articles):
    """The survey as it was counted before: Counters of (group, key) and the online finder."""
    finder = DuplicateFinder(threshold, num_perm)
    repeats: Counter = Counter()
    in_copies: Counter = Counter()
    group_articles: Counter = Counter()
    seen = set()
    for article_id, groups, texts, body in articles:
        if article_id in seen:
            continue
        seen.add(article_id)
        entry = survey_entry(article_id, groups, texts, body, num_perm)
        copy = finder.add_signature(article_id, entry.exact, entry.signature)
        for group in groups:
            if not copy:
                group_articles[group] += 1
            for key in entry.paragraph_keys.tolist():
                repeats[(group, key)] += 1
                if copy:
                    in_copies[(group, key)] += 1
    return repeats, in_copies, group_articles, finder.groups()


@pytest.mark.parametrize("seed", [4, 5])
def test_the_survey_counts_what_the_counters_counted(tmp_path, seed):
    articles = corpus(seed, 1200)
    repeats, in_copies, group_articles, duplicates = _reference(0.8, 64, articles)
    builder = SurveyBuilder(0.8, 64, tmp_path / "survey")
    for article in articles:
        builder.add(*article)
    survey = builder.finish()
    assert not (tmp_path / "survey").exists() or not any((tmp_path / "survey").iterdir())
    assert survey.duplicate_of == duplicates
    assert {g: n for g, n in survey.group_articles.items() if n} == dict(group_articles)
    every_group = sorted({group for _, groups, _, _ in articles for group in groups})
    texts = {text for _, _, article_texts, _ in articles for text in article_texts}
    asked = 0
    for text in sorted(texts):
        key = int.from_bytes(paragraph_key(text), "little")
        for groups in [(g,) for g in every_group] + [tuple(every_group), ("publisher:none",)]:
            counts = [repeats.get((g, key), 0) for g in groups]
            expected_best, expected_group = 0, None
            for group, count in zip(groups, counts, strict=True):
                if count > expected_best:
                    expected_best, expected_group = count, group
            if expected_best < 2:  # not evidence: the survey keeps keys repeated in a group
                assert survey.articles_with(groups, text)[0] < 2
                continue
            asked += 1
            assert survey.articles_with(groups, text) == (expected_best, expected_group)
            best = (0, 0, None)
            for group in groups:
                articles_in = repeats.get((group, key), 0)
                distinct = articles_in - in_copies.get((group, key), 0)
                if (distinct, articles_in) > best[:2]:
                    best = (distinct, articles_in, group)
            found = survey.template_count(groups, text)
            assert (found.distinct, found.articles, found.group) == best
            assert found.group_size == group_articles[best[2]]
    assert asked > 50


def test_a_survey_without_a_folder_cleans_up_after_itself():
    builder = SurveyBuilder(0.8, 64)
    folder = builder._folder
    builder.add("a" * 20, ("publisher:p",), ["One.", "Two."], ["One."])
    builder.add("a" * 20, ("publisher:p",), ["One.", "Three."], ["One."])  # a repeated ID: skipped
    builder.add("b" * 20, ("publisher:p",), ["One.", "Four."], ["Four."])
    survey = builder.finish()
    assert survey.articles_with(("publisher:p",), "One.") == (2, "publisher:p")
    assert survey.articles_with(("publisher:p",), "Three.") == (0, None)
    assert not folder.exists()


def test_components_take_the_earliest_member_as_root():
    edges = np.array([[3, 5], [1, 5], [0, 2], [4, 6], [2, 6]])
    copy, root = _components(8, edges)
    assert root.tolist() == [0, 1, 0, 1, 0, 1, 0, 7]
    assert copy.tolist() == [False, False, True, False, False, True, True, False]


def test_flat_structures(tmp_path):
    rows = PartitionedRows(tmp_path, "t", np.dtype([("key", "<u8"), ("value", "<u4")]), bits=2)
    data = np.zeros(1000, dtype=rows.dtype)
    data["key"] = np.random.default_rng(0).integers(0, 2**64 - 1, 1000, dtype=np.uint64)
    data["value"] = np.arange(1000)
    rows.append(data[:600])
    rows.append(data[600:])
    rows.close()
    parts = [rows.read(part) for part in range(rows.parts)]
    assert sum(len(part) for part in parts) == 1000
    for number, part in enumerate(parts):
        assert (part["key"] >> np.uint64(62) == number).all()
        assert (np.diff(part["value"].astype(int)) > 0).all()  # appended order
    log = RecordLog(tmp_path / "log")
    offsets = [log.append(f"record {n}".encode()) for n in range(100)]
    assert log.read(offsets[42]) == b"record 42"
    log.remove()
    index = KeyIndex()
    index.MERGE = 16
    for n in range(100):
        index.add(n * 7919 % 1000, n)
    assert [index.get(n * 7919 % 1000) for n in range(100)] == list(range(100))
    assert index.get(1) is None
    column = Column("u8", chunk=8)
    for n in range(20):
        column.append(n * 3)
    assert column[17] == 51 and column.array().tolist() == [n * 3 for n in range(20)]


def _article(path: str, text: str, settings):
    from packager.assemble import assemble
    from packager.ingest.raw import Metadata, RawArticle

    return assemble(RawArticle(path, "0" * 64, text, Metadata(), "file"), settings)


def test_the_first_paragraph_id_collision_in_stream_order_is_reported(settings, tmp_path):
    from packager.build.unique import unique_ids
    from packager.errors import IdCollisionError

    a = _article("news/a.txt", "Alpha.\nBeta.\nGamma.", settings)
    b = _article("news/b.txt", "Delta.\nEpsilon.", settings)
    c = _article("news/c.txt", "Zeta.\nEta.", settings)
    b.paragraphs[1]["paragraph_id"] = a.paragraphs[2]["paragraph_id"]  # second: in b
    c.paragraphs[0]["paragraph_id"] = a.paragraphs[0]["paragraph_id"]  # later: in c
    given = []
    with pytest.raises(IdCollisionError) as error:
        given.extend(unique_ids([a, b, c], tmp_path))
    assert len(given) == 3  # found once all are through, before anything is published
    assert "news/a.txt:1 paragraph 2 and news/b.txt:1 paragraph 1" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_ids_whose_keys_collide_are_told_apart_by_the_ids(settings, monkeypatch):
    from packager.build import unique

    monkeypatch.setattr(unique, "_id_key", lambda identifier: 7)  # every key the same
    a = _article("news/a.txt", "Alpha.\nBeta.", settings)
    b = _article("news/b.txt", "Gamma.", settings)
    again = _article("news/a.txt", "Alpha.\nBeta.", settings)
    out = list(unique.unique_ids([a, b, again]))
    assert [type(item).__name__ for item in out] == ["AssembledArticle"] * 2 + ["Rejection"]
    assert "already used by news/a.txt:1" in out[2].message
    b2 = _article("news/b.txt", "Gamma.", settings)
    out = list(unique.unique_ids([a, b, b2]))
    assert "already used by news/b.txt:1" in out[2].message


def test_a_survey_tells_apart_ids_whose_keys_collide(monkeypatch):
    from packager.quality import survey as module

    monkeypatch.setattr(module, "text_key", lambda text: 7)
    builder = SurveyBuilder(0.8, 64)
    for article_id in ("a" * 20, "b" * 20, "a" * 20, "b" * 20, "c" * 20):
        builder.add(article_id, ("publisher:p",), ["Shared line.", article_id], [article_id])
    survey = builder.finish()
    assert survey.articles_with(("publisher:p",), "Shared line.") == (3, "publisher:p")
