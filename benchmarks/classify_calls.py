"""The calls a real build makes to the paragraph classifier, recorded for replay.

A build is run in this process (one worker) with ``packager.quality.annotate.classify``
wrapped, so every call keeps its paragraphs, evidence groups, corpus survey and
settings. Replaying them runs the classifier alone, on exactly what a build gives
it: tests/quality/test_classify_identity.py checks the current classifier against the frozen
one (``classify_before``) this way, and bench_hot_paths.py times both.

    calls = generated_calls(2000)          # benchmarks/generate_corpus.py articles
    calls += real_page_calls()             # tests/data/boilerplate-real/pages.jsonl
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from packager.build import build_release  # noqa: E402
from packager.quality import annotate  # noqa: E402
from packager.quality.survey import CorpusSurvey  # noqa: E402
from packager.settings import BuildSettings, QualitySettings  # noqa: E402


@dataclass(frozen=True)
class Call:
    texts: list[str]
    groups: tuple[str, ...]
    survey: CorpusSurvey | None
    settings: QualitySettings


@contextmanager
def _recording(calls: list[Call]) -> Iterator[None]:
    real = annotate.classify

    def record(
        texts: list[str], groups: tuple[str, ...], survey: Any, settings: Any, keys: Any = None
    ) -> Any:
        calls.append(Call(list(texts), groups, survey, settings))  # a replay computes the keys
        return real(texts, groups, survey, settings, keys)

    annotate.classify = record  # type: ignore[assignment]
    try:
        yield
    finally:
        annotate.classify = real  # type: ignore[assignment]


def _build_calls(root: Path, scratch: Path, name: str) -> list[Call]:
    calls: list[Call] = []
    settings = BuildSettings(name=f"classify-calls-{name}", version="1.0.0")
    with _recording(calls):
        build_release([root], settings, scratch / f"dist-{name}", workers=1)
    return calls


def generated_calls(articles: int = 2000, seed: int | None = None) -> list[Call]:
    """The calls of a build of ``articles`` generated articles (corpus survey included)."""
    import generate_corpus

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        generate_corpus.generate(scratch / "corpus", articles, seed or generate_corpus.DEFAULT_SEED)
        return _build_calls(scratch / "corpus", scratch, "generated")


def real_page_calls(pages: list[dict] | None = None) -> list[Call]:
    """The calls of the real-page benchmark's builds: single-article rounds and corpus mode."""
    import bench_boilerplate_real

    pages = bench_boilerplate_real.load_real() if pages is None else pages
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_outlet[page["outlet"]].append(page)
    calls: list[Call] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        rounds: dict[int, list[dict]] = defaultdict(list)
        for outlet_pages in by_outlet.values():
            for k, page in enumerate(outlet_pages):
                rounds[k].append(page)
        for k, members in sorted(rounds.items()):
            root = scratch / f"single-{k}"
            for n, page in enumerate(members):
                bench_boilerplate_real._write_page(page, root / f"{n:04d}")
            calls += _build_calls(root, scratch, f"single-{k}")
        root = scratch / "corpus"
        for n, (_, outlet_pages) in enumerate(sorted(by_outlet.items())):
            for page in outlet_pages:
                bench_boilerplate_real._write_page(page, root / f"{n:04d}")
        calls += _build_calls(root, scratch, "corpus")
    return calls


Classifier = Callable[..., list[tuple[str, list[dict[str, Any]]]]]


def replay(classify: Classifier, calls: list[Call]) -> list[list[tuple[str, list[dict]]]]:
    """``classify`` on every recorded call, with its survey and without one."""
    results = [classify(c.texts, c.groups, c.survey, c.settings) for c in calls]
    results += [classify(c.texts, c.groups, None, c.settings) for c in calls]
    return results


_CLASSIFIER_MODULES = ("signals", "appeals", "model", "classify")


def classifier_at(revision: str, scratch: Path) -> Classifier:
    """packager's ``classify`` as it was at git ``revision``, loaded beside today's.

    The four classifier modules of that revision are written under ``scratch`` as a
    package of their own, their imports of each other pointed there (everything else,
    the survey and settings, is today's): so one process can time and compare the two.
    """
    import importlib
    import re
    import subprocess

    name = "classify_at_" + re.sub(r"\W", "_", revision)
    package = scratch / name
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")

    def show(path: str) -> bytes:
        return subprocess.run(
            ["git", "show", f"{revision}:{path}"], cwd=HERE, check=True, capture_output=True
        ).stdout

    for module in _CLASSIFIER_MODULES:
        source = show(f"packager/quality/{module}.py").decode("utf-8")
        for other in _CLASSIFIER_MODULES:
            source = source.replace(f"packager.quality.{other} ", f"{name}.{other} ")
        (package / f"{module}.py").write_text(source, encoding="utf-8")
    model = "packager/quality/furniture_model.json"
    (package / "furniture_model.json").write_bytes(show(model))
    sys.path.insert(0, str(scratch))
    classify: Classifier = importlib.import_module(f"{name}.classify").classify
    return classify
