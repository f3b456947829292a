"""Train the furniture model (packager/quality/furniture_model.json) on the real set's
development part (issue 12). Deterministic; one command:

    python benchmarks/train_furniture_model.py

Every development page goes through the rules alone (``furniture_model=None``) twice:
alone (single-article mode) and, for outlets with two or more pages, with a survey of
its outlet's pages (corpus mode); each paragraph they leave as body that the model
would score (:func:`packager.quality.model.candidates`) is a training example, labeled
furniture when the set labels it heading or boilerplate. Features are those of
:mod:`packager.quality.model`: its words (a vocabulary of the words found on pages of at
least ``min_outlets`` development outlets) and its shape and place. scikit-learn's
LogisticRegression (lbfgs) fits them.

Everything is chosen on out-of-fold scores (``FOLDS`` folds by outlet, so an outlet's
template never helps to score itself), never in-sample: for each regularisation ``C``
and ``min_outlets`` of ``GRID``, the threshold is the lowest of ``THRESHOLDS`` at which
the model, out of fold, takes a body paragraph on at most ``MAX_PAGES_ADDED``
single-article development page (under 1 % of the 143) beyond those the rules already take a
body paragraph from (the page-level loss is what the target counts); the setting
that then catches the most furniture out of fold wins (ties: the stronger
regularisation). The held-back part is never read. ``fold_models`` gives the
benchmark the same setting trained without each fold, for its out-of-fold figures.
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

VERSION = "5"
GRID = [(c, m) for c in (0.1, 0.25, 0.5, 1.0) for m in (2, 3)]  # (C, min_outlets)
MAX_PAGES_ADDED = 1  # dev pages (single article) the model may add to the rules' body losses
FOLDS = 5
THRESHOLDS = [0.999, 0.998, 0.997, 0.996, *np.round(np.arange(0.995, 0.795, -0.005), 3)]


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
    """Each page once alone (single-article mode) and once with its outlet's survey.

    Also the single-article pages the rules alone already take a body paragraph from.
    """
    rules_only = QualitySettings(furniture_model=None)
    surveys = _surveys(pages, rules_only)
    runs = [(page, None) for page in pages]
    runs += [(page, surveys[page["outlet"]]) for page in pages if page["outlet"] in surveys]
    rows, words, labels, groups, single_pages = [], [], [], [], []
    rules_lost = set()
    for page, survey in runs:
        texts = [text for _, text in page["paragraphs"]]
        result = classify(texts, (f"publisher:{page['outlet']}",), survey, rules_only)
        furniture = [kind != "body" for kind, _ in result]
        gold_body = [label == "body" for label, _ in page["paragraphs"]]
        if survey is None and any(f and b for f, b in zip(furniture, gold_body, strict=True)):
            rules_lost.add(page["id"])
        across = [any(f["code"] == "repeated-across-source" for f in flags) for _, flags in result]
        for i in fm.candidates(texts, furniture):
            rows.append(fm.dense_features(texts, furniture, across, i))
            words.append(sorted(set(fm.tokens(texts[i]))))
            labels.append(page["paragraphs"][i][0] != "body")
            groups.append(page["outlet"])
            single_pages.append(page["id"] if survey is None else "")
    single = np.array(single_pages)
    return np.array(rows), words, np.array(labels), np.array(groups), single, rules_lost


def design(dense: np.ndarray, words: list[list[str]], vocab: dict[str, int], mean, scale):
    data, indices, indptr = [], [], [0]
    for row in words:
        cols = [vocab[w] for w in row if w in vocab]
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    lexical = sparse.csr_matrix((data, indices, indptr), shape=(len(words), len(vocab)))
    return sparse.hstack([sparse.csr_matrix((dense - mean) / scale), lexical]).tocsr()


def vocabulary(words: list[list[str]], groups: np.ndarray, min_outlets: int) -> dict[str, int]:
    pages_of: dict[str, set[str]] = {}
    for row, group in zip(words, groups, strict=True):
        for w in row:
            pages_of.setdefault(w, set()).add(group)
    chosen = sorted(w for w, seen in pages_of.items() if len(seen) >= min_outlets)
    return {w: i for i, w in enumerate(chosen)}


def fit(dense, words, labels, groups, c: float, min_outlets: int):
    vocab = vocabulary(words, groups, min_outlets)
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale == 0] = 1.0
    X = design(dense, words, vocab, mean, scale)
    clf = LogisticRegression(C=c, max_iter=2000, random_state=0)
    clf.fit(X, labels)
    return clf, vocab, mean, scale


def folds(groups: np.ndarray):
    return GroupKFold(n_splits=FOLDS).split(np.zeros(len(groups)), groups=groups)


def out_of_fold(dense, words, labels, groups, c: float, min_outlets: int) -> np.ndarray:
    oof = np.zeros(len(labels))
    for train, test in folds(groups):
        clf, vocab, mean, scale = fit(dense[train], [words[i] for i in train], labels[train],
                                      groups[train], c, min_outlets)  # fmt: skip
        X = design(dense[test], [words[i] for i in test], vocab, mean, scale)
        oof[test] = clf.predict_proba(X)[:, 1]
    return oof


def pages_added(oof, labels, single_pages, rules_lost: set[str], t: float) -> set[str]:
    """Single-article pages that lose body to the model and not already to the rules."""
    body = ~labels & (single_pages != "")
    return set(single_pages[body & (oof >= t)]) - rules_lost


def choose_threshold(oof, labels, single_pages, rules_lost: set[str]) -> float:
    """The lowest threshold within the body-loss limit, out of fold (single article)."""
    chosen = 1.0
    for t in THRESHOLDS:
        if len(pages_added(oof, labels, single_pages, rules_lost, t)) > MAX_PAGES_ADDED:
            break
        chosen = float(t)
    return chosen


def record(clf, vocab, mean, scale, threshold: float, c: float, min_outlets: int,
           trained_on: str) -> dict:  # fmt: skip
    coef = clf.coef_[0]
    n_dense = len(fm.DENSE)
    word_weights = {
        w: round(float(coef[n_dense + i]), 4)
        for w, i in vocab.items()
        if abs(coef[n_dense + i]) >= 0.01
    }
    return {
        "name": fm.MODEL_NAME,
        "version": VERSION,
        "trained_on": trained_on,
        "training": {"C": c, "min_outlets": min_outlets, "folds": FOLDS},
        "threshold": threshold,
        "intercept": round(float(clf.intercept_[0]), 6),
        "dense_features": list(fm.DENSE),
        "dense": [round(float(x), 6) for x in coef[:n_dense]],
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(x), 6) for x in scale],
        "words": dict(sorted(word_weights.items())),
    }


def fold_models(pages: list[dict]) -> list[tuple[set[str], fm.FurnitureModel]]:
    """For each fold of development outlets: the outlets and the model trained without them.

    Same setting (C, min_outlets, threshold) as the shipped model; the benchmark runs
    each fold's pages with its model for the out-of-fold development figures.
    """
    shipped = json.loads(fm.MODEL_PATH.read_text(encoding="utf-8"))
    c, min_outlets = shipped["training"]["C"], shipped["training"]["min_outlets"]
    dense, words, labels, groups, _, _ = examples(pages)
    models = []
    for train, test in folds(groups):
        clf, vocab, mean, scale = fit(dense[train], [words[i] for i in train], labels[train],
                                      groups[train], c, min_outlets)  # fmt: skip
        data = record(clf, vocab, mean, scale, shipped["threshold"], c, min_outlets, "fold")
        models.append((set(groups[test]), fm.model_from_record(data)))
    return models


def main() -> int:
    pages = [p for p in load_real() if p["split"] == "dev"]
    dense, words, labels, groups, single_pages, rules_lost = examples(pages)
    print(f"{len(labels)} examples ({labels.sum()} furniture) from {len(pages)} dev pages")
    body = ~labels
    best = None
    for c, min_outlets in GRID:
        oof = out_of_fold(dense, words, labels, groups, c, min_outlets)
        threshold = choose_threshold(oof, labels, single_pages, rules_lost)
        taken = oof >= threshold
        caught = int((taken & labels).sum())
        lost = len(pages_added(oof, labels, single_pages, rules_lost, threshold))
        print(
            f"C {c}, min_outlets {min_outlets}: out-of-fold threshold {threshold:.3f}, "
            f"furniture caught {caught} of {labels.sum()}, body taken "
            f"{(taken & body).sum()} of {body.sum()} examples, adding {lost} of {len(pages)} "
            f"single-article pages to the {len(rules_lost)} the rules take body from"
        )
        if best is None or caught > best[0]:
            best = (caught, c, min_outlets, threshold)
    _, c, min_outlets, threshold = best
    clf, vocab, mean, scale = fit(dense, words, labels, groups, c, min_outlets)
    trained_on = (
        "tests/data/boilerplate-real/pages.jsonl, development part, "
        f"{len(pages)} pages, {len(labels)} examples"
    )
    data = record(clf, vocab, mean, scale, threshold, c, min_outlets, trained_on)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    fm.MODEL_PATH.write_text(text + "\n", encoding="utf-8")
    print(
        f"chosen: C {c}, min_outlets {min_outlets}, threshold {threshold}, "
        f"{len(data['words'])} words -> {fm.MODEL_PATH} ({fm.MODEL_PATH.stat().st_size:,} bytes)"
    )
    top = Counter(data["words"]).most_common(15)
    print("most furniture-like words:", ", ".join(f"{w} {v:+.2f}" for w, v in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
