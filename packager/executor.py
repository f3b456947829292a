"""Where the per-article work runs: this process, or a pool of worker processes.

The work is :func:`packager.pipeline.process_article`, pure given the settings
and the corpus survey. Workers get those once (pool initializer), take articles
in batches, and results come back in input order, so the release is the same
byte for byte whatever the number of workers. At most two batches per worker
are in flight, so memory stays bounded however large the corpus.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from packager.check.validator import RecordChecker
from packager.ingest.raw import RawArticle, Rejection
from packager.pipeline import Item, process_article, survey_article
from packager.quality.survey import CorpusSurvey, SurveyBuilder, SurveyEntry
from packager.settings import BuildSettings

BATCH = 128
_worker: dict[str, Any] = {}


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_worker(settings: BuildSettings, survey: CorpusSurvey | None) -> None:
    _worker.update(settings=settings, survey=survey, checker=RecordChecker())


def _survey_batch(batch: list[RawArticle | Rejection]) -> list[SurveyEntry | None]:
    return [survey_article(raw, _worker["settings"]) for raw in batch]


def _process_batch(batch: list[RawArticle | Rejection]) -> list[Item]:
    return [
        process_article(raw, _worker["settings"], _worker["survey"], _worker["checker"])
        for raw in batch
    ]


def _ordered(
    work: Callable[[list[Any]], list[Any]],
    items: Iterable[Any],
    workers: int,
    initargs: tuple[Any, ...],
) -> Iterator[Any]:
    """``work`` over batches of ``items`` in a pool, results in input order, bounded memory."""
    stream = iter(items)
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=initargs)
    with pool:
        pending: deque[Future[list[Any]]] = deque()
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(stream, BATCH))
                if not batch:
                    break
                pending.append(pool.submit(work, batch))
            if not pending:
                return
            yield from pending.popleft().result()


def survey_all(
    raws: Iterable[RawArticle | Rejection], settings: BuildSettings, workers: int = 1
) -> CorpusSurvey:
    """The first pass: entries computed in ``workers`` processes, counted here in order."""
    quality = settings.quality
    builder = SurveyBuilder(quality.near_duplicate_threshold, quality.minhash_permutations)
    if workers <= 1:
        entries: Iterable[SurveyEntry | None] = (survey_article(raw, settings) for raw in raws)
    else:
        entries = _ordered(_survey_batch, raws, workers, (settings, None))
    for entry in entries:
        if entry is not None:
            builder.add_entry(entry)
    return builder.finish()


def process_all(
    raws: Iterable[RawArticle | Rejection],
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    checker: RecordChecker,
    workers: int = 1,
) -> Iterator[Item]:
    """Every article processed, in input order, with ``workers`` processes (1: this one)."""
    if workers <= 1:
        for raw in raws:
            yield process_article(raw, settings, survey, checker)
        return
    yield from _ordered(_process_batch, raws, workers, (settings, survey))
