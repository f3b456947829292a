"""Train the furniture model (packager/quality/furniture_model.json) on the real set's
development part (issue 12). Deterministic; one command:

    python benchmarks/train_furniture_model.py

Every development page goes through the rules alone (``furniture_model=None``) twice:
alone (single-article mode) and, for outlets with two or more pages, with a survey of
its outlet's pages (corpus mode); each short paragraph they leave as body is a
training example, labeled furniture when the set labels it heading or boilerplate.
Features are those of :mod:`packager.quality.model`: its words (a vocabulary of the
words found on at least ``MIN_PAGES`` development pages) and its shape and place.
scikit-learn's LogisticRegression (lbfgs, fixed C) fits them. The threshold is chosen
from out-of-fold scores (folds by outlet, so an outlet's template never helps to
score itself): the lowest threshold (in steps of 0.01) at which the model takes at most
``MAX_BODY_LOST`` of the single-article body examples.
The held-back part is never read.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_boilerplate_real import load_real

from packager.quality import model as fm
from packager.quality.annotate import body_texts
from packager.quality.classify import classify
from packager.quality.survey import CorpusSurvey, SurveyBuilder
from packager.settings import QualitySettings

VERSION = "1"
C = 0.5
MIN_PAGES = 2
MAX_BODY_LOST = 0.01  # share of the body examples (single article) the model may take
FOLDS = 5


def _surveys(pages: list[dict], settings: QualitySettings) -> dict[str, CorpusSurvey]:
    """Corpus mode: one survey per outlet with two or more pages (as the benchmark builds)."""
    by_outlet: dict[str, list[dict]] = {}
    for page in pages:
        by_outlet.setdefault(page["outlet"], []).append(page)
    surveys = {}
    for outlet, members in sorted(by_outlet.items()):
        if len(members) < 2:
            continue
        builder = SurveyBuilder(settings.near_duplicate_threshold, settings.minhash_permutations)
        for page in members:
            texts = [text for _, text in page["paragraphs"]]
            builder.add(page["id"], (f"publisher:{outlet}",), texts, body_texts(texts))
        surveys[outlet] = builder.finish()
    return surveys


def examples(pages: list[dict]):
    """Each page once alone (single-article mode) and once with its outlet's survey."""
    rules_only = QualitySettings(furniture_model=None)
    surveys = _surveys(pages, rules_only)
    runs = [(page, None) for page in pages]
    runs += [(page, surveys[page["outlet"]]) for page in pages if page["outlet"] in surveys]
    rows, words, labels, groups, single_pages = [], [], [], [], []
    for page, survey in runs:
        texts = [text for _, text in page["paragraphs"]]
        result = classify(texts, (f"publisher:{page['outlet']}",), survey, rules_only)
        furniture = [kind != "body" for kind, _ in result]
        across = [any(f["code"] == "repeated-across-source" for f in flags) for _, flags in result]
        for i in fm.candidates(texts, furniture):
            rows.append(fm.dense_features(texts, furniture, across, i))
            words.append(sorted(set(fm.tokens(texts[i]))))
            labels.append(page["paragraphs"][i][0] != "body")
            groups.append(page["outlet"])
            single_pages.append(page["id"] if survey is None else "")
    return np.array(rows), words, np.array(labels), np.array(groups), np.array(single_pages)


def design(dense: np.ndarray, words: list[list[str]], vocab: dict[str, int], mean, scale):
    data, indices, indptr = [], [], [0]
    for row in words:
        cols = [vocab[w] for w in row if w in vocab]
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    lexical = sparse.csr_matrix((data, indices, indptr), shape=(len(words), len(vocab)))
    return sparse.hstack([sparse.csr_matrix((dense - mean) / scale), lexical]).tocsr()


def vocabulary(words: list[list[str]], groups: np.ndarray) -> dict[str, int]:
    pages_of: dict[str, set[str]] = {}
    for row, group in zip(words, groups, strict=True):
        for w in row:
            pages_of.setdefault(w, set()).add(group)
    chosen = sorted(w for w, seen in pages_of.items() if len(seen) >= MIN_PAGES)
    return {w: i for i, w in enumerate(chosen)}


def fit(dense, words, labels, groups):
    vocab = vocabulary(words, groups)
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale == 0] = 1.0
    X = design(dense, words, vocab, mean, scale)
    clf = LogisticRegression(C=C, max_iter=2000, random_state=0)
    clf.fit(X, labels)
    return clf, vocab, mean, scale


def main() -> int:
    pages = [p for p in load_real() if p["split"] == "dev"]
    dense, words, labels, groups, single_pages = examples(pages)
    print(f"{len(labels)} examples ({labels.sum()} furniture) from {len(pages)} dev pages")
    oof = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(dense, labels, groups):
        clf, vocab, mean, scale = fit(dense[train], [words[i] for i in train], labels[train],
                                      groups[train])  # fmt: skip
        X = design(dense[test], [words[i] for i in test], vocab, mean, scale)
        oof[test] = clf.predict_proba(X)[:, 1]
    body = ~labels
    alone = single_pages != ""

    def pages_lost(t: float) -> int:
        return len(set(single_pages[alone & body & (oof >= t)]))

    threshold = 0.99
    for t in np.round(np.arange(0.99, 0.30, -0.01), 2):
        if (alone & body & (oof >= t)).sum() > MAX_BODY_LOST * (alone & body).sum():
            break
        threshold = float(t)
    for t in sorted({0.5, 0.7, 0.8, 0.9, 0.95, threshold}):
        taken = oof >= t
        print(
            f"out-of-fold, threshold {t:.2f}: furniture caught {(taken & labels).sum()} of "
            f"{labels.sum()}, body taken {(taken & body).sum()} of {body.sum()}, "
            f"single-article pages losing body to the model {pages_lost(t)} of {len(pages)}"
        )
    clf, vocab, mean, scale = fit(dense, words, labels, groups)
    coef = clf.coef_[0]
    n_dense = len(fm.DENSE)
    word_weights = {
        w: round(float(coef[n_dense + i]), 4)
        for w, i in vocab.items()
        if abs(coef[n_dense + i]) >= 0.01
    }
    record = {
        "name": fm.MODEL_NAME,
        "version": VERSION,
        "trained_on": "tests/data/boilerplate-real/pages.jsonl, development part, "
        f"{len(pages)} pages, {len(labels)} examples",
        "threshold": threshold,
        "intercept": round(float(clf.intercept_[0]), 6),
        "dense_features": list(fm.DENSE),
        "dense": [round(float(c), 6) for c in coef[:n_dense]],
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(s), 6) for s in scale],
        "words": dict(sorted(word_weights.items())),
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    fm.MODEL_PATH.write_text(text + "\n", encoding="utf-8")
    print(
        f"threshold {threshold}, {len(word_weights)} words -> {fm.MODEL_PATH} "
        f"({fm.MODEL_PATH.stat().st_size:,} bytes)"
    )
    top = Counter(word_weights).most_common(15)
    print("most furniture-like words:", ", ".join(f"{w} {v:+.2f}" for w, v in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
