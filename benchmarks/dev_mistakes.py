"""The development part's body losses, with the flags that caused them (issue 12).

Reads only the development part of the real set: the held-back pages are never
built here. For each development page, every block labeled body that the build
predicts non-body is listed with its predicted kind and its flags (reason codes),
in single-article and corpus mode, rules alone and rules + model out of fold
(each fold of outlets built with a model trained without it). Then the development
figures out of fold: precision, recall, pages with body lost, corpus recall.

Run: ``python benchmarks/dev_mistakes.py`` (``--rules`` for the rules alone only,
``--figures`` for the figures without the listing).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_boilerplate_real as real

from packager.build import build_release
from packager.settings import BuildSettings, QualitySettings

FLAGS: dict[str, list[list[dict]]] = {}


def _build_keeping_flags(root, scratch, name, quality=None):
    settings = BuildSettings(
        name=f"boilerplate-real-{name}", version="1.0.0", quality=quality or QualitySettings()
    )
    release = build_release([root], settings, scratch / f"dist-{name}").release
    id_of = {}
    for line in (release / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        id_of[record["article_id"]] = record["external_id"]
    flags, kinds = defaultdict(list), defaultdict(list)
    for line in (release / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        flags[id_of[record["article_id"]]].append(record["flags"])
        kinds[id_of[record["article_id"]]].append(record["kind"])
    for page_id, page_flags in flags.items():
        FLAGS[f"{name.split('-')[0]}:{page_id}"] = page_flags
    return kinds


real._build = _build_keeping_flags  # type: ignore[assignment]


def _losses(dev: list[dict], run: real.RealEvaluation, title: str) -> None:
    print(f"\n## {title}")
    for mode, scores in (("single", run.single["dev"]), ("corpus", run.corpus["dev"])):
        lost = [m for m in scores.mistakes if m[1] == "body"]
        print(f"\n### {mode}: body lost on {len(scores.pages_with_body_lost)} pages")
        by_id = {page["id"]: page for page in dev}
        for page_id in sorted({m[0] for m in lost}):
            page = by_id[page_id]
            flags = FLAGS[f"{mode}:{page_id}"]
            print(f"- {page_id}")
            for index, (gold, text) in enumerate(page["paragraphs"]):
                if gold != "body":
                    continue
                codes = [f"{f['code']}({f['detail']})" for f in flags[index]]
                codes = [c for c in codes if not c.startswith("repeated")]
                if codes:
                    print(f"    [{index}] {text[:110]!r}\n        -> {', '.join(codes)}")


def _figures(run: real.RealEvaluation, title: str) -> None:
    single, corpus = run.single["dev"], run.corpus["dev"]
    print(
        f"{title}: single precision {single.precision:.3f} recall {single.recall:.3f} "
        f"body lost {len(single.pages_with_body_lost)}/{single.pages} (blocks: body taken "
        f"{single._count(True, False)}, furniture kept {single._count(False, True)}); corpus "
        f"precision {corpus.precision:.3f} recall {corpus.recall:.3f} body lost "
        f"{len(corpus.pages_with_body_lost)}/{corpus.pages} (blocks: body taken "
        f"{corpus._count(True, False)}, furniture kept {corpus._count(False, True)})"
    )


def main() -> int:
    dev = [page for page in real.load_real() if page["split"] == "dev"]
    listing = "--figures" not in sys.argv[1:]
    rules = real.evaluate_real(dev, QualitySettings(furniture_model=None))
    if listing:
        _losses(dev, rules, "rules alone")
    runs = [("rules alone", rules)]
    if "--rules" not in sys.argv[1:]:
        oof = real.evaluate_out_of_fold(dev)
        if listing:
            _losses(dev, oof, "rules + model, out of fold")
        runs.append(("rules + model, out of fold", oof))
    print()
    for title, run in runs:
        _figures(run, title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
