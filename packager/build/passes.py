"""The two passes of a build, as tasks for an engine; each article is read and assembled once.

First pass: the inputs are read here, in order, and sent in batches; a task
assembles its batch, spills the assembled articles (with their paragraphs'
survey keys, so the second pass need not hash them again) to the build's spill
folder and sends back only what the corpus survey needs (paragraph keys, MinHash
rows), which is counted here, in input order. Second pass: a task is a spilled batch's
number; it loads the batch, puts the survey's evidence on each article, applies
the policy, checks the records and renders them (JSONL lines, Arrow rows), so the
build process only checks IDs and writes. Nothing is read or assembled twice.

The spill folder is private to the build (batches are pickles) and lives beside
the release, so workers of a cluster that share the file system find it. The
survey keeps what grows with the corpus in its ``survey`` folder (rows counted at
the end of the pass, see :class:`SurveyBuilder`), so the build process, or a Dask
client, holds a few bytes per article; the finished survey is sorted numpy arrays
that forked workers share.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packager.build.checkpoint import write_pickle
from packager.build.steps import (
    Item,
    assemble_raw,
    process_assembled,
    survey_entry_of,
    with_survey_keys,
)
from packager.build.unique import IdEntry
from packager.check.validator import RecordChecker
from packager.engines import Engine
from packager.engines.batching import batches
from packager.export.rendered import RenderedBatch, render_batch
from packager.ingest.raw import RawArticle, Rejection
from packager.quality.annotate import load_models
from packager.quality.survey import CorpusSurvey, SurveyBuilder, SurveyEntry
from packager.settings import BuildSettings

_checkers: dict[int, RecordChecker] = {}


def _checker() -> RecordChecker:
    """One compiled checker per process (worker or build), made on first use."""
    pid = os.getpid()
    if pid not in _checkers:
        _checkers[pid] = RecordChecker()
    return _checkers[pid]


def spilled_batch(spill: Path, index: int) -> Path:
    return spill / f"assembled-{index:07d}.pickle"


@dataclass(frozen=True)
class Packed:
    """A task's results pickled once, by the worker that made them.

    Results that cross to the build process are pickled there and unpickled here;
    the checkpoint would pickle them again. As one blob they cross for the cost of a
    copy, are stored as they are, and are unpickled once, here. A task run in the
    build process itself (one local worker) is not packed: it would only add a copy.
    """

    blob: bytes

    @classmethod
    def of(cls, results: list[Any]) -> list[Packed]:
        return [cls(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))]


def _unpacked(results: Iterable[Any]) -> Iterator[Any]:
    for result in results:
        if isinstance(result, Packed):
            yield from pickle.loads(result.blob)
        else:
            yield result


def _crosses(engine: Engine) -> bool:
    """Whether the engine's tasks run in other processes (results are pickled)."""
    return getattr(engine, "workers", 2) > 1


def first_pass_task(
    task: tuple[int, list[RawArticle | Rejection]],
    settings: BuildSettings,
    spill: Path,
    packed: bool = False,
) -> list[SurveyEntry | None] | list[Packed]:
    """Assemble one batch, spill it, and give the survey its entries (None: a rejection)."""
    index, batch = task
    items: list[Item] = []
    entries = []
    for raw in batch:  # an article at a time: its paragraphs' ID texts are remembered still
        item = with_survey_keys(assemble_raw(raw, settings))
        items.append(item)
        entries.append(survey_entry_of(item, settings))
    write_pickle(spilled_batch(spill, index), items)
    return Packed.of(entries) if packed else entries


@dataclass(frozen=True)
class ProcessedBatch:
    """A second-pass batch as its worker leaves it: ready to check for unique IDs and write.

    ``units`` is every input unit of the batch in input order: a rejection, or an
    accepted article's :class:`IdEntry`, the n-th of which is ``rendered.articles[n]``.
    Lines are bytes and rows are Arrow, so the build process, which every worker
    waits on, neither serialises, validates nor unpickles a record; and the
    checkpoint stores the batch as it crossed.
    """

    units: list[Rejection | IdEntry]
    rendered: RenderedBatch


def second_pass_task(
    index: int,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    spill: Path,
    packed: bool = False,
) -> list[ProcessedBatch] | list[Packed]:
    """One spilled batch annotated, filtered, checked and rendered."""
    items: list[Item] = pickle.loads(spilled_batch(spill, index).read_bytes())
    checker = _checker()
    done = [process_assembled(item, settings, survey, checker) for item in items]
    articles = [item for item in done if not isinstance(item, Rejection)]
    units = [item if isinstance(item, Rejection) else IdEntry.of(item) for item in done]
    processed = [ProcessedBatch(units, render_batch(articles, checker, settings.splits))]
    return Packed.of(processed) if packed else processed


class _Numbered:
    """Batches of the input, numbered, counting how many there were."""

    def __init__(self, raws: Iterable[RawArticle | Rejection]) -> None:
        self.count = 0
        self._batches = batches(raws)

    def __iter__(self) -> Iterator[tuple[int, list[RawArticle | Rejection]]]:
        for batch in self._batches:
            yield self.count, batch
            self.count += 1


def survey_corpus(
    engine: Engine, raws: Iterable[RawArticle | Rejection], settings: BuildSettings, spill: Path
) -> tuple[CorpusSurvey, int]:
    """The first pass: the corpus survey, and the number of batches spilled."""
    quality = settings.quality
    builder = SurveyBuilder(
        quality.near_duplicate_threshold, quality.minhash_permutations, spill / "survey"
    )
    tasks = _Numbered(raws)
    try:
        context = (settings, spill, _crosses(engine))
        for entry in _unpacked(engine.map_ordered(first_pass_task, tasks, context, "survey")):
            if entry is not None:
                builder.add_entry(entry)
    except BaseException:
        builder.discard()  # no file left open by a failed pass
        raise
    return builder.finish(), tasks.count


def process_corpus(
    engine: Engine,
    spilled: int,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    spill: Path,
) -> Iterator[ProcessedBatch]:
    """The second pass: every batch processed, in input order."""
    load_models()  # before a local pool forks, so its workers share one copy
    context: tuple[Any, ...] = (settings, survey, spill, _crosses(engine))
    yield from _unpacked(engine.map_ordered(second_pass_task, range(spilled), context, "process"))
