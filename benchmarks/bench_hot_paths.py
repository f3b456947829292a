"""Per-stage cost of the hot paths of issue 16, before and after, on a generated corpus.

For the first N articles of a corpus made by ``generate_corpus.py`` it times each
stage both ways, interleaved (before, after, before, ...), and prints the median
µs per article and the ratio:

* language: ``py3langid.classify`` vs :func:`packager.quality.language.classify`
  (numba automaton walk where installed) on the article's first 2,000 characters,
  and its numpy walk vs the numba one;
* MinHash: shingles + ``datasketch.MinHash(num_perm=128)`` per article vs
  :func:`packager.quality.dedup.signature_of` (numba where installed, permutations
  cached); and the numpy path (a set of shingles, :func:`signatures`) vs the numba
  one (:func:`signature`: byte ranges of the folded text, one compiled loop);
* hygiene: :func:`hygiene_flags` of every paragraph with ftfy's ``is_bad`` vs the
  RE2 one, and the regex alone on the paragraphs it runs on;
* call-to-action: :func:`call_to_action` of every paragraph with one search per
  strong pattern vs one search of the selected patterns;
* segmenting: the line-by-line splitter (a ``Line`` object per line, stripped
  again at each use) vs :func:`packager.segment.split_paragraphs`;
* ID text: NFC + split + join, twice per paragraph (ID, survey key) vs
  :func:`packager.identify.id_text` (printable shortcut, remembered);
* reading: the regex search for a run of 19 digits in each JSONL line vs
  ``translate`` + a substring search;
* classification: :func:`packager.quality.classify.classify` as it was before
  item 3 of issue 16 (frozen in ``classify_before/``) vs now, on the calls a build
  of N articles generated afresh (default seed) makes, corpus survey included
  (``classify_calls.py``); with ``--real`` on the real pages of
  tests/data/boilerplate-real/ too;
* first pass: an article's survey keys and signature, its text folded whole twice and its
  words split and joined again (frozen in ``classify_before/signature.py``) vs from
  its paragraphs' ID texts (:func:`packager.quality.dedup.article_signature`);
* survey lookups: the most articles and the template count of every paragraph of
  those calls, one search per paragraph (frozen in ``classify_before/survey.py``) vs
  one :meth:`CorpusSurvey.lookup` per article (its survey keys hashed in it).
* classification at a git revision (``--against``; default where this branch left
  main) vs now, on the same calls: the remembered readings of repeated texts and
  the other signal work since; and the text-only signals alone on each distinct
  paragraph (no memo): that revision's modules vs :func:`reading.read_text`.
  ``--cpu`` times this process's CPU instead of the wall clock.

Each "after" is checked to give the same results as its "before". A script, never
a timed test.

    python benchmarks/bench_hot_paths.py CORPUS_DIR [--articles 500] [--repeats 5] [--real]
        [--against REV] [--only TEXT]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ftfy.badness
import numpy as np
import py3langid
from datasketch import MinHash

sys.path.insert(0, str(Path(__file__).resolve().parent))

import classify_calls
from classify_before import signature as first_pass_before
from classify_before import survey as survey_before
from classify_before.classify import classify as classify_before

from packager import identify, segment
from packager.identify import id_text
from packager.ingest import json_values
from packager.quality import hygiene, language, reading, signals
from packager.quality.annotate import body_texts
from packager.quality.classify import classify
from packager.quality.dedup import (
    _hash32,
    article_signature,
    shingles,
    signature,
    signature_of,
    signatures,
)
from packager.quality.survey import paragraph_keys
from packager.segment import Line, detect_convention, split_paragraphs
from packager.settings import QualitySettings

_LONG_NUMBER = re.compile(rb"[0-9]{19}")


def load_articles(corpus: Path, count: int) -> list[list[str]]:
    articles: list[list[str]] = []
    for path in sorted(corpus.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = unicodedata.normalize("NFC", json.loads(line)["text"])  # as ingest does
            articles.append([p for p in text.split("\n") if p.strip()])
            if len(articles) == count:
                return articles
    return articles


def signature_before(full_text: str, body_text: str, num_perm: int) -> tuple[bytes, Any]:
    """packager's signature_of before issue 16: one MinHash object per article."""
    exact = hashlib.blake2b(id_text(full_text).encode("utf-8", "surrogatepass")).digest()
    signature = MinHash(num_perm=num_perm, hashfunc=_hash32)
    signature.update_batch(sorted(shingles(body_text or full_text)))
    return exact, signature.hashvalues


def strong_before(text: str, lowered: str | None = None) -> str | None:
    """signals.strong_call_to_action before issue 16: one search per selected pattern."""
    present = set(signals._TRIGGERS.findall(text.lower() if lowered is None else lowered))
    found = None
    for triggers, pattern in signals._STRONG:
        if present.intersection(triggers):
            match = pattern.search(text)
            if match and (found is None or match.start() < found.start()):
                found = match
    return found.group(0).strip() if found else None


def split_before(text: str) -> list[tuple[str, int, int, int, int]]:
    """The segmenter before issue 16's second step: ``Line`` objects, ``auto`` rule."""
    lines = []
    for number, match in enumerate(segment._LINE.finditer(text)):  # the regex, line by line
        if match.start() == len(text) and (number > 0 or not text):
            break
        lines.append(Line(number, match.start(), match.group(1)))
    used = detect_convention(lines, 100)
    groups: list[list[Any]] = []
    current: list[Any] = []
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
    return [
        (
            unicodedata.normalize("NFC", " ".join(line.content.strip() for line in group)),
            group[0].number,
            group[-1].number,
            group[0].start + len(group[0].content) - len(group[0].content.lstrip()),
            group[-1].start + len(group[-1].content.rstrip()),
        )
        for group in groups
    ]


def split_after(text: str) -> list[tuple[str, int, int, int, int]]:
    return [
        (span.text, span.line_first, span.line_last, span.raw_start, span.raw_end)
        for span in split_paragraphs(text)[1]
    ]


def fold_after(paragraphs: list[str]) -> list[str]:
    identify._FOLDED.clear()  # nothing remembered from the last run
    return [id_text(p) for p in paragraphs for _ in range(2)]


def classify_calls_of(
    calls: list[classify_calls.Call],
    before: classify_calls.Classifier = classify_before,
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    def run(classifier: classify_calls.Classifier) -> Callable[[], Any]:
        def replay() -> Any:
            reading._READINGS.clear()  # each repeat starts with nothing remembered
            return [classifier(c.texts, c.groups, c.survey, c.settings) for c in calls]

        return replay

    return run(before), run(classify)


def text_signals_of(
    articles: list[list[str]], classify_then: classify_calls.Classifier
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Every text-only signal of each distinct paragraph: as ``_judge`` computed them at
    the revision of ``classify_then`` (its own modules) vs :func:`reading.read_text`."""
    package = sys.modules[classify_then.__module__.rpartition(".")[0]]
    old_signals = importlib.import_module(f"{package.__name__}.signals")
    old_appeals = importlib.import_module(f"{package.__name__}.appeals")
    texts = list(dict.fromkeys(p for article in articles for p in article))
    quality = QualitySettings()

    def then(text: str) -> tuple[Any, ...]:
        words = old_signals.word_count(text)
        letters = old_signals.has_letters(text)
        sentence = old_signals.ends_like_a_sentence(text)
        lowered = text.lower()
        cta = old_signals.call_to_action(text, quality.short_line_words, words, lowered, sentence)
        credit = old_signals.byline(text, words=words, lowered=lowered, sentence=sentence)
        signed = old_appeals.sign_off(text, words) if letters and not credit else None
        appeal = (
            old_appeals.appeal_prose(text, words) if letters and not credit and not signed else None
        )
        heading = not (cta or credit or signed) and old_signals.heading_like(
            text, words=words, sentence=sentence, letters=letters
        )
        return words, letters, sentence, cta, credit, signed, appeal, heading

    def now(text: str) -> tuple[Any, ...]:
        r = reading.read_text(text, quality)
        return r.words, r.letters, r.sentence, r.cta, r.credit, r.signed, r.appeal, r.heading

    return lambda: [then(t) for t in texts], lambda: [now(t) for t in texts]


def merge_base(branch: str = "main") -> str:
    """The commit this tree branched from ``branch`` at (what "before" means by default)."""
    command = ["git", "merge-base", "HEAD", branch]
    here = Path(__file__).resolve().parent
    return subprocess.run(
        command, cwd=here, check=True, capture_output=True, text=True
    ).stdout.strip()


def survey_lookups_of(
    calls: list[classify_calls.Call], kept: bool
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """As classify asks: the most articles of every paragraph, the template count of those
    repeated; ``kept``: the article's keys come from the first pass, else hashed here."""
    surveyed = [c for c in calls if c.survey is not None]
    keys = [paragraph_keys(c.texts) for c in surveyed] if kept else None

    def one_by_one() -> list[Any]:
        found = []
        for c in surveyed:
            for text in c.texts:
                most = survey_before.articles_with(c.survey, c.groups, text)
                repeated = most[0] >= c.settings.repeat_min_articles
                template = (
                    survey_before.template_count(c.survey, c.groups, text) if repeated else None
                )
                found.append((most, template))
        return found

    def per_article() -> list[Any]:
        found = []
        for number, c in enumerate(surveyed):
            assert c.survey is not None
            article_keys = paragraph_keys(c.texts) if keys is None else keys[number]
            counts = c.survey.lookup(c.groups, article_keys)
            for index in range(len(c.texts)):
                most = counts.articles_with(index)
                repeated = most[0] >= c.settings.repeat_min_articles
                found.append((most, counts.template_count(index) if repeated else None))
        return found

    return one_by_one, per_article


def first_pass_of(
    articles: list[list[str]],
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Per article, as the first pass: the survey keys (each paragraph folded once, as
    its ID is), then the digest and signature. No ID text remembered from the last run."""
    bodies = [body_texts(paragraphs) for paragraphs in articles]

    def before() -> list[Any]:
        identify._FOLDED.clear()
        found = []
        for paragraphs, body in zip(articles, bodies, strict=True):
            keys = paragraph_keys(paragraphs)
            exact, row = first_pass_before.signature_of("\n".join(paragraphs), "\n".join(body), 128)
            found.append((keys.tobytes(), exact, row))
        return found

    def after() -> list[Any]:
        identify._FOLDED.clear()
        found = []
        for paragraphs, body in zip(articles, bodies, strict=True):
            keys = paragraph_keys(paragraphs)
            exact, row = article_signature(paragraphs, body, 128)
            found.append((keys.tobytes(), exact, row))
        return found

    return before, after


def stages(articles: list[list[str]]) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    texts = ["\n".join(paragraphs)[:2000] for paragraphs in articles]
    joined = ["\n".join(paragraphs) for paragraphs in articles]
    lines = [json.dumps({"id": 1, "text": text}, ensure_ascii=False).encode() for text in joined]
    paragraphs = [p for article in articles for p in article]
    quality = QualitySettings()
    candidates = [p for p in paragraphs if hygiene._LEAD_BYTE_AS_LATIN.search(p)]
    ours_is_bad, ours_strong = hygiene.is_bad, signals.strong_call_to_action

    def hygiene_with(is_bad: Callable[[str], bool]) -> Callable[[], Any]:
        def run() -> Any:
            hygiene.is_bad = is_bad
            try:
                return [hygiene.hygiene_flags(p, quality) for p in paragraphs]
            finally:
                hygiene.is_bad = ours_is_bad

        return run

    def cta_with(strong: Callable[[str], str | None]) -> Callable[[], Any]:
        def run() -> Any:
            signals.strong_call_to_action = strong
            try:
                return [signals.call_to_action(p, quality.short_line_words) for p in paragraphs]
            finally:
                signals.strong_call_to_action = ours_strong

        return run

    def numpy_walk(texts: list[str]) -> Callable[[], Any]:
        def run() -> Any:
            kernels = language.compiled
            language.compiled = lambda: None  # type: ignore[assignment]
            try:
                return [language.classify(t) for t in texts]
            finally:
                language.compiled = kernels

        return run

    return {
        "language detection": (
            lambda: [py3langid.classify(t) for t in texts],
            lambda: [language.classify(t) for t in texts],
        ),
        "  of which numpy walk vs numba walk": (
            numpy_walk(texts),
            lambda: [language.classify(t) for t in texts],
        ),
        "MinHash signatures": (
            lambda: [signature_before(t, t, 128) for t in joined],
            lambda: [signature_of(t, t, 128) for t in joined],
        ),
        "  of which numpy (shingle sets) vs numba (byte ranges, one loop)": (
            lambda: [signatures([shingles(t)], 128)[0] for t in joined],
            lambda: [signature(t, 128) for t in joined],
        ),
        "hygiene (mojibake check)": (
            hygiene_with(ftfy.badness.is_bad),
            hygiene_with(ours_is_bad),
        ),
        "  of which ftfy's regex (paragraphs with a C2-F4 letter)": (
            lambda: [ftfy.badness.is_bad(p) for p in candidates],
            lambda: [ours_is_bad(p) for p in candidates],
        ),
        "call-to-action signal": (cta_with(strong_before), cta_with(ours_strong)),
        "segmenting": (
            lambda: [split_before(t + "\n") for t in joined],
            lambda: [split_after(t + "\n") for t in joined],
        ),
        "ID text, twice per paragraph (ID and survey key)": (
            lambda: [
                " ".join(unicodedata.normalize("NFC", p).split())
                for p in paragraphs
                for _ in range(2)
            ],
            lambda: fold_after(paragraphs),
        ),
        "reading: a run of 19 digits in the JSONL line": (
            lambda: [bool(_LONG_NUMBER.search(line)) for line in lines],
            lambda: [
                json_values._LONG_RUN in line.translate(json_values._DIGITS_AS_ZERO)
                for line in lines
            ],
        ),
    }


def same(before: Any, after: Any) -> bool:
    if isinstance(before, list) and before and isinstance(before[0], np.ndarray):
        return all(np.array_equal(b, a) for b, a in zip(before, after, strict=True))
    if isinstance(before, list) and before and isinstance(before[0], tuple):
        return all(
            len(b) == len(a)
            and all(
                np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y
                for x, y in zip(b, a, strict=True)
            )
            for b, a in zip(before, after, strict=True)
        )
    return bool(before == after)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--only", default="", help="Time only the stages whose name contains this text."
    )
    parser.add_argument(
        "--real", action="store_true", help="Also classify the real pages (~30 s of builds)."
    )
    parser.add_argument(
        "--against",
        metavar="REVISION",
        help="Also time the classifier of this git revision against this tree's "
        "(default: where this branch left main).",
    )
    parser.add_argument("--only", metavar="TEXT", help="Time only the stages whose name has TEXT.")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="Time this process's CPU (time.process_time) instead of the wall clock: "
        "steadier on a loaded machine.",
    )
    args = parser.parse_args(argv)
    scratch = tempfile.TemporaryDirectory()
    against = args.against or merge_base()
    classify_then = classify_calls.classifier_at(against, Path(scratch.name))
    articles = load_articles(args.corpus, args.articles)
    calls = classify_calls.generated_calls(args.articles)
    real = classify_calls.real_page_calls() if args.real else []
    started = time.perf_counter()
    language.load()
    hygiene.badness_search()
    signature("warm up the compiled loop", 128)
    py3langid.classify("warm up")
    print(f"models loaded and regexes compiled in {time.perf_counter() - started:.2f} s")
    paragraphs = sum(map(len, articles))
    print(f"{len(articles)} articles, {paragraphs} paragraphs; median of {args.repeats}")
    print("| stage | before µs/article | after µs/article | speedup |\n|---|---:|---:|---:|")
    every = stages(articles)
    clock = time.process_time if args.cpu else time.perf_counter
    every["first pass: survey keys + digest + signature"] = first_pass_of(articles)
    every["classification (build's calls, corpus survey)"] = classify_calls_of(calls)
    every["  survey lookups: per paragraph vs per article, keys hashed"] = survey_lookups_of(
        calls, kept=False
    )
    every["  survey lookups: per paragraph vs per article, keys of pass 1"] = survey_lookups_of(
        calls, kept=True
    )
    every[f"classification at {against[:7]} vs this tree"] = classify_calls_of(calls, classify_then)
    distinct = len({p for article in articles for p in article})
    every[f"text signals at {against[:7]} vs this tree (µs/distinct paragraph)"] = text_signals_of(
        articles, classify_then
    )
    if real:
        every[f"  real pages ({len(real)} build calls)"] = classify_calls_of(real)
        every[f"  real pages at {against[:7]} vs this tree"] = classify_calls_of(
            real, classify_then
        )
    for name, (before, after) in every.items():
        if args.only and args.only not in name:
            continue
        if not same(before(), after()):
            print(f"{name}: results differ", file=sys.stderr)
            return 1
        count = len(real) if name.startswith("  real") else len(articles)
        from_calls = name.startswith(("classification", "  survey lookups"))
        count = len(calls) if from_calls else count
        count = distinct if name.startswith("text signals") else count
        times: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.repeats):
            for side, run in (("before", before), ("after", after)):
                started = clock()
                run()
                times[side].append((clock() - started) / count * 1e6)
        b, a = statistics.median(times["before"]), statistics.median(times["after"])
        print(f"| {name} | {b:,.0f} | {a:,.0f} | {b / a:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
