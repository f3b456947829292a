"""How well packager tells body paragraphs from page furniture, on a hand-labeled set.

The labeled set (``tests/data/boilerplate/*.jsonl``) is made-up news: outlets with
several articles each (``case: corpus``, each outlet with its own promo block),
and single articles from outlets seen nowhere else, with boilerplate
(``single-boilerplate``) or without (``single-clean``). Every paragraph carries
its true kind.

The set goes through the real build (one folder per outlet, one folder per
single article, so a single article gets no help from the corpus), and the
predicted kinds are compared with the labels:

* precision and recall of non-body paragraphs (what annotators must not see);
* the confusion matrix of the four kinds;
* for single-clean articles: body paragraphs predicted non-body, or carrying
  any flag (the bar is zero).

Run: ``python benchmarks/bench_boilerplate.py``. Targets: precision >= 0.98,
recall >= 0.95. RESULTS-boilerplate.md (this set and the real pages of issue 12)
is written by ``python benchmarks/bench_boilerplate_real.py --write``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from packager.build import build_release
from packager.quality.classify import KINDS
from packager.settings import BuildSettings

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "boilerplate"
RESULTS = Path(__file__).resolve().parent / "RESULTS-boilerplate.md"
PRECISION_TARGET, RECALL_TARGET = 0.98, 0.95


@dataclass
class NonBodyScores:
    """Labeled against predicted kinds, scored as body against non-body (non-body, what
    annotators must not see, is the positive class). Shared with bench_boilerplate_real."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def _count(self, gold_body: bool, predicted_body: bool) -> int:
        return sum(
            n
            for (gold, predicted), n in self.confusion.items()
            if (gold == "body") == gold_body and (predicted == "body") == predicted_body
        )

    @property
    def precision(self) -> float:
        true_positive = self._count(False, False)
        return true_positive / max(1, true_positive + self._count(True, False))

    @property
    def recall(self) -> float:
        true_positive = self._count(False, False)
        return true_positive / max(1, true_positive + self._count(False, True))


@dataclass
class Evaluation(NonBodyScores):
    articles: int = 0
    clean_body: int = 0
    clean_body_flagged: list[str] = field(default_factory=list)
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def meets_targets(self) -> bool:
        return (
            self.precision >= PRECISION_TARGET
            and self.recall >= RECALL_TARGET
            and not self.clean_body_flagged
        )


def load_labeled(data: Path = DATA) -> list[dict]:
    articles = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                articles.append({**json.loads(line), "file": path.stem})
    return articles


def _write_inputs(articles: list[dict], root: Path) -> None:
    """One JSONL per outlet folder; one folder per single article (no corpus help)."""
    for article in articles:
        folder = (
            article["file"] if article["case"] == "corpus" else f"{article['file']}-{article['id']}"
        )
        record = {
            "id": article["id"],
            "publisher": article["publisher"]
            if article["case"] == "corpus"
            else f"{article['publisher']} ({article['id']})",
            "title": article["title"],
            "text": "\n".join(text for _, text in article["paragraphs"]),
        }
        target = root / folder / "articles.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def evaluate(articles: list[dict] | None = None) -> Evaluation:
    articles = load_labeled() if articles is None else articles
    result = Evaluation(articles=len(articles))
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "in"
        _write_inputs(articles, root)
        settings = BuildSettings(name="boilerplate-bench", version="1.0.0")
        release = build_release([root], settings, Path(scratch) / "dist").release
        by_article: dict[str, list[dict]] = {}
        id_of = {}
        for line in (release / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            id_of[record["article_id"]] = record["external_id"]
        for line in (release / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_article.setdefault(id_of[record["article_id"]], []).append(record)
    for article in articles:
        predicted = by_article[article["id"]]
        labeled = len(article["paragraphs"])
        if len(predicted) != labeled:
            raise SystemExit(
                f"{article['id']}: {len(predicted)} paragraphs built, {labeled} labeled"
            )
        pairs = zip(article["paragraphs"], predicted, strict=True)
        for (gold, text), record in pairs:
            result.confusion[(gold, record["kind"])] += 1
            if (gold == "body") != (record["kind"] == "body"):
                result.mistakes.append((article["id"], gold, record["kind"], text))
            if article["case"] == "single-clean" and gold == "body":
                result.clean_body += 1
                if record["kind"] != "body" or record["flags"]:
                    result.clean_body_flagged.append(f"{article['id']}: {text}")
    return result


def report(result: Evaluation) -> str:
    lines = [
        f"Labeled articles: {result.articles}; paragraphs: {sum(result.confusion.values())}",
        "",
        f"Non-body (boilerplate, heading, byline) vs body: precision {result.precision:.3f} "
        f"(target {PRECISION_TARGET}), recall {result.recall:.3f} (target {RECALL_TARGET})",
        f"Single articles without boilerplate: {len(result.clean_body_flagged)} of "
        f"{result.clean_body} body paragraphs flagged (target 0)",
        "",
        "Confusion matrix (rows: labeled kind, columns: predicted kind)",
        "",
        "| labeled \\ predicted | " + " | ".join(KINDS) + " |",
        "|---|" + "---|" * len(KINDS),
    ]
    for gold in KINDS:
        cells = " | ".join(str(result.confusion[(gold, predicted)]) for predicted in KINDS)
        lines.append(f"| {gold} | {cells} |")
    lines += ["", f"Verdict: {'meets' if result.meets_targets else 'MISSES'} the targets."]
    if result.mistakes:
        lines += ["", "Body/non-body mistakes:", ""]
        lines += [
            f"- {aid}: labeled {gold}, predicted {kind}: {text[:90]}"
            for aid, gold, kind, text in result.mistakes
        ]
    return "\n".join(lines)


def main() -> int:
    result = evaluate()
    text = report(result)
    print(text)
    if "--write" in sys.argv[1:]:
        print("RESULTS-boilerplate.md has both sets now: bench_boilerplate_real.py --write")
    return 0 if result.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main())
