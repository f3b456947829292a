"""The compiled and vectorised hot paths give exactly what the reference libraries give.

Language detection (numpy automaton walk) against ``py3langid.classify``, the
mojibake check (ftfy's regex through RE2) against ``ftfy.badness.is_bad``, MinHash
signatures (numpy) against ``datasketch.MinHash`` and the strong call-to-action
scan against one search per pattern.
"""

from __future__ import annotations

import json
import random
import re
import struct
import sys
from functools import cache
from pathlib import Path

import numpy as np
import py3langid
import pytest
from datasketch import MinHash
from ftfy.badness import BADNESS_RE
from hypothesis import given, settings
from hypothesis import strategies as st

from packager.quality import dedup, hygiene, language, signals
from packager.quality.dedup import (
    _hash32,
    jaccard,
    shingle_spans,
    shingles,
    signature,
    signature_of,
    signatures,
)

from ..conftest import REPO

PAGES = Path(__file__).parents[1] / "data" / "boilerplate-real" / "pages.jsonl"
EXAMPLES = REPO / "packager" / "examples" / "corpus"


@cache
def real_paragraphs() -> list[str]:
    """Paragraphs of real pages in 12 languages, and of the example corpus."""
    texts = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        texts.extend(text for _kind, text in json.loads(line)["paragraphs"])
    for path in sorted(EXAMPLES.rglob("*")):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                texts.extend(json.loads(line).get("text", "").split("\n"))
        elif path.suffix == ".txt":
            texts.extend(path.read_text(encoding="utf-8").split("\n\n"))
    return [text for text in texts if text.strip()]


@cache
def real_articles() -> list[str]:
    return [
        "\n".join(text for _kind, text in json.loads(line)["paragraphs"])
        for line in PAGES.read_text(encoding="utf-8").splitlines()
    ]


def mojibake(text: str, rng: random.Random) -> str:
    """``text`` as UTF-8 read in a single-byte code page, as upstream mistakes do."""
    codec = rng.choice(["latin-1", "cp1252", "mac_roman", "cp1251", "cp1253", "cp1257"])
    return text.encode("utf-8").decode(codec, errors="replace")


# Letters, accents, box drawing, currency, punctuation and controls: ftfy's categories.
MOJIBAKE_ALPHABET = st.characters(
    codec="utf-8",
    categories=["L", "M", "N", "P", "S", "Z", "Cc"],
) | st.sampled_from(list("ÃÂâ€™œ©®°±²³µ¶·»¿×÷ŒœŠšŸžƒˆ˜–—‘’“”„†‡•…‰‹›™ВГРСΒΓΞΟā√≈‚│┌▀ \n\t"))


# --- hygiene: ftfy's badness regex through RE2 ---------------------------------------


def test_the_badness_regex_runs_through_re2() -> None:
    assert hygiene.re2_pattern(BADNESS_RE.pattern, BADNESS_RE.flags) is not None
    assert hygiene.badness_search() is not BADNESS_RE.search


def test_re2_translation_keeps_python_meaning() -> None:
    import re2

    source = r"a\s [x\w]  # a comment" + "\n" + r"[#[ ] \. | ^[^b-d]\xa0"
    translated = hygiene.re2_pattern(source, re.VERBOSE)
    assert translated is not None and "comment" not in translated
    python, compiled = re.compile(source, re.VERBOSE), re2.compile(translated)
    for text in [
        "a\u3000x #.",
        "a\x85\u00e9[.",
        "a\tb .",
        "e\xa0",
        "b\xa0",
        "a x# .",
        "a\n_ .",
        "ax#.",
    ]:
        expected = python.search(text)
        found = compiled.search(text)
        assert (found and found.group(0)) == (expected and expected.group(0)), text
    assert hygiene.re2_pattern(r"\d", 0) is None
    assert hygiene.re2_pattern("a", re.IGNORECASE) is None


def test_is_bad_matches_ftfy_on_real_text_and_its_mojibake() -> None:
    rng = random.Random(16)
    texts = real_paragraphs()
    samples = texts + [mojibake(text, rng) for text in texts]
    samples += [text.upper() for text in texts[:500]] + ["", "\x85", "Ã ", "a Â b", "x\ud800 Ã©"]
    differ = [text for text in samples if hygiene.is_bad(text) != bool(BADNESS_RE.search(text))]
    assert not differ
    assert sum(map(hygiene.is_bad, samples)) > 1000  # the mojibake of non-ASCII text is found


@settings(max_examples=600, deadline=None)
@given(st.text(MOJIBAKE_ALPHABET, max_size=60))
def test_is_bad_matches_ftfy_on_generated_text(text: str) -> None:
    assert hygiene.is_bad(text) == bool(BADNESS_RE.search(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_is_bad_matches_ftfy_on_any_text(text: str) -> None:
    assert hygiene.is_bad(text) == bool(BADNESS_RE.search(text))


# --- language: py3langid's walk in numpy ----------------------------------------------


def score_bits(score: float) -> bytes:
    return struct.pack("<d", score)


def language_samples() -> list[str]:
    rng = random.Random(16)
    articles = [text[:2000] for text in real_articles()]
    paragraphs = [text for text in real_paragraphs() if len(text) > 40]
    samples = articles + rng.sample(paragraphs, 250)
    samples += [text.upper() for text in rng.sample(paragraphs, 30)]
    samples += [mojibake(text, rng) for text in rng.sample(paragraphs, 30)]
    samples += ["", "a", "12345", "?!", "🙂🙂🙂", "ab" * 1000, "é" * 3000, "\x00\x01 text"]
    return samples


def test_the_known_walk_depth_is_the_models() -> None:
    identifier = language.load()
    assert identifier._depth == language._max_depth(identifier._nextmove, identifier._rowbase)


def test_language_labels_and_score_bits_match_py3langid() -> None:
    samples = language_samples()
    assert len(samples) > 400
    for text in samples:
        ours, theirs = language.classify(text), py3langid.classify(text)
        assert ours[0] == theirs[0], text[:80]
        assert score_bits(ours[1]) == score_bits(theirs[1]), text[:80]
    found = {language.classify(text)[0] for text in samples}
    assert {"en", "de", "fr", "es", "ja", "zh", "ar", "th"} <= found


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=300))
def test_language_matches_py3langid_on_generated_text(text: str) -> None:
    ours, theirs = language.classify(text), py3langid.classify(text)
    assert ours[0] == theirs[0]
    assert score_bits(ours[1]) == score_bits(theirs[1])


def test_compiled_language_walk_equals_numpy_walk() -> None:
    if dedup.compiled() is None:
        pytest.skip("numba is not installed here")
    identifier = language.load()
    for text in language_samples():
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        expected = identifier._features(data)
        got = dedup.compiled().language_features(
            identifier._nextmove, identifier._rowbase, identifier._output, data, 100053
        )
        assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])


def test_without_numba_language_runs_in_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = language_samples()[:40]
    compiled = [language.classify(text) for text in texts]
    monkeypatch.setattr(language, "compiled", lambda: None)
    assert [language.classify(text) for text in texts] == compiled


# --- MinHash: numpy signatures ------------------------------------------------------


def datasketch_signature(units: set[bytes], num_perm: int) -> np.ndarray:
    reference = MinHash(num_perm=num_perm, hashfunc=_hash32)
    reference.update_batch(sorted(units))
    return reference.hashvalues


@pytest.mark.parametrize("num_perm", [16, 128, 256])
def test_signatures_equal_datasketch(num_perm: int) -> None:
    sets = [shingles(text) for text in real_articles()] + [set(), {b"x"}]
    matrix = signatures(sets, num_perm)
    assert matrix.shape == (len(sets), num_perm)
    for units, row in zip(sets, matrix, strict=True):
        expected = datasketch_signature(units, num_perm)
        assert row.dtype == expected.dtype
        assert np.array_equal(row, expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=6), st.text(max_size=200))
def test_signature_of_equals_datasketch(bodies: list[str], full: str) -> None:
    body = "\n".join(bodies)
    exact, signature = signature_of(full, body, 128)
    assert np.array_equal(signature, datasketch_signature(shingles(body or full), 128))
    other = datasketch_signature(shingles(full), 128)
    a = MinHash(num_perm=128, hashfunc=_hash32, hashvalues=signature, scheme="affine32")
    b = MinHash(num_perm=128, hashfunc=_hash32, hashvalues=other, scheme="affine32")
    assert jaccard(signature, other) == a.jaccard(b)
    assert len(exact) == 64


def kernels():  # type: ignore[no-untyped-def]
    if dedup.compiled() is None:
        pytest.skip("numba is not installed here")
    return dedup.compiled()


def test_compiled_blake2b_equals_hashlib() -> None:
    rng = np.random.default_rng(16)
    data = rng.integers(0, 256, 4096, dtype=np.uint8)
    lengths = [*range(300), 383, 384, 385, 1000, 2048]
    starts = np.array([int(rng.integers(0, 4096 - n + 1)) for n in lengths], dtype=np.int64)
    ends = starts + np.array(lengths, dtype=np.int64)
    raw = data.tobytes()
    expected = [_hash32(raw[s:e]) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    assert kernels().blake2b32(data, starts, ends).tolist() == expected


SHINGLE_EDGES = ["", " \n ", "a", "a b c d", "a b c d e", "東京都の天気は晴れです", "ǅ ß İ ﬁ ΣΑΣ"]


def shingle_texts() -> list[str]:
    return real_articles() + real_paragraphs() + SHINGLE_EDGES


def spans_as_units(text: str) -> set[bytes]:
    data, starts, ends = shingle_spans(text)
    raw = data.tobytes()
    return {raw[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)} - {b""}


def test_shingle_spans_are_the_shingles() -> None:
    for text in shingle_texts():
        assert spans_as_units(text) == shingles(text), text[:80]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8") | st.sampled_from(" \n\u3000\u00a0"), max_size=120))
def test_shingle_spans_are_the_shingles_of_generated_text(text: str) -> None:
    assert spans_as_units(text) == shingles(text)


def test_compiled_signature_equals_numpy_signatures() -> None:
    kernels()
    for text in shingle_texts():
        expected = signatures([shingles(text)], 128)[0]
        assert np.array_equal(signature(text, 128), expected), text[:80]


def test_without_numba_signatures_run_in_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    text = real_articles()[0]
    compiled = signature(text, 128)
    monkeypatch.setattr(dedup, "compiled", lambda: None)
    assert np.array_equal(signature(text, 128), compiled)


# --- signals: one search for the strong call-to-action patterns ------------------------


def strong_call_to_action_per_pattern(text: str) -> str | None:
    """The reference: each prefiltered pattern searched on its own, the leftmost kept."""
    present = set(signals._TRIGGERS.findall(text.lower()))
    found = None
    for triggers, pattern in signals._STRONG:
        if present.intersection(triggers):
            match = pattern.search(text)
            if match and (found is None or match.start() < found.start()):
                found = match
    return found.group(0).strip() if found else None


def call_to_action_samples() -> list[str]:
    phrases = [
        "Become a member",
        "sign up for our newsletter",
        "Follow us on Twitter",
        "© 2024",
        "Read more: the story",
        "Related: more",
        "subscribe to the podcast",
        "free trial",
        "Thank you for reading",
        "support local journalism",
        "Download our app",
        "cookie policy",
        "follow the team on Instagram",
        "Already a subscriber?",
        "comments (12)",
        "ſubscribe",
    ]
    rng = random.Random(16)
    samples = list(real_paragraphs())
    for _ in range(3000):
        words = rng.sample(phrases, 3) + rng.sample(samples, 1)[0].split()[:12]
        rng.shuffle(words)
        samples.append(" ".join(words))
    return samples


def test_strong_call_to_action_matches_one_search_per_pattern() -> None:
    samples = call_to_action_samples()
    results = [signals.strong_call_to_action(text) for text in samples]
    assert results == [strong_call_to_action_per_pattern(text) for text in samples]
    assert sum(result is not None for result in results) > 2000


FILLERS = "a an our the to for up in us on now today : 2024 x app newsletter read access (3) ’ SIGN Log is"
CTA_WORDS = st.sampled_from(
    [*sorted({t for triggers, _ in signals._STRONG_CTA for t in triggers}), *FILLERS.split()]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(CTA_WORDS, max_size=14), st.sampled_from([" ", "", "-", " \u00a0"]))
def test_strong_call_to_action_matches_on_generated_text(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    assert signals.strong_call_to_action(text) == strong_call_to_action_per_pattern(text)


def test_without_re2_ftfy_regex_runs_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "re2", None)  # import re2 raises ImportError
    assert hygiene.badness_search.__wrapped__() == BADNESS_RE.search
