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
from contextlib import contextmanager
from itertools import islice
from typing import Any

from packager.check.validator import RecordChecker
from packager.errors import ConfigError
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


# --- Dask: the same work on a cluster ------------------------------------------------
_dask_checkers: dict[int, RecordChecker] = {}


def _dask_checker() -> RecordChecker:
    """One compiled checker per worker process, built on first use."""
    key = os.getpid()
    if key not in _dask_checkers:
        _dask_checkers[key] = RecordChecker()
    return _dask_checkers[key]


def _dask_survey_batch(batch: list[Any], settings: BuildSettings) -> list[SurveyEntry | None]:
    return [survey_article(raw, settings) for raw in batch]


def _dask_process_batch(
    batch: list[Any], settings: BuildSettings, survey: CorpusSurvey | None
) -> list[Item]:
    checker = _dask_checker()
    return [process_article(raw, settings, survey, checker) for raw in batch]


class DaskEngine:
    """Runs both passes' per-article work on a Dask distributed cluster.

    With a scheduler address it connects to that cluster; without, it starts a
    ``LocalCluster`` of ``workers`` processes bound to 127.0.0.1. Results come
    back in input order, so the release is byte-identical to a local build.
    """

    def __init__(self, scheduler: str | None, workers: int) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        else:
            self._client = Client(scheduler)
        self._in_flight = 2 * max(
            1, len(self._client.scheduler_info().get("workers", {})) or workers
        )

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _ordered(
        self, work: Callable[..., list[Any]], items: Iterable[Any], *args: Any
    ) -> Iterator[Any]:
        stream = iter(items)
        pending: deque[Any] = deque()
        while True:
            while len(pending) < self._in_flight:
                batch = list(islice(stream, BATCH))
                if not batch:
                    break
                pending.append(self._client.submit(work, batch, *args, pure=False))
            if not pending:
                return
            yield from pending.popleft().result()

    def survey(self, raws: Iterable[Any], settings: BuildSettings) -> CorpusSurvey:
        quality = settings.quality
        builder = SurveyBuilder(quality.near_duplicate_threshold, quality.minhash_permutations)
        for entry in self._ordered(_dask_survey_batch, raws, settings):
            if entry is not None:
                builder.add_entry(entry)
        return builder.finish()

    def process(
        self,
        raws: Iterable[Any],
        settings: BuildSettings,
        survey: CorpusSurvey | None,
        checker: RecordChecker,
    ) -> Iterator[Item]:
        shared = self._client.scatter(survey, broadcast=True) if survey is not None else None
        yield from self._ordered(_dask_process_batch, raws, settings, shared)


class LocalEngine:
    """This machine: the work in this process (1 worker) or a process pool."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def close(self) -> None:
        return None

    def survey(self, raws: Iterable[Any], settings: BuildSettings) -> CorpusSurvey:
        return survey_all(raws, settings, self.workers)

    def process(
        self,
        raws: Iterable[Any],
        settings: BuildSettings,
        survey: CorpusSurvey | None,
        checker: RecordChecker,
    ) -> Iterator[Item]:
        return process_all(raws, settings, survey, checker, self.workers)


@contextmanager
def open_engine(
    engine: str, workers: int, scheduler: str | None = None
) -> Iterator[LocalEngine | DaskEngine]:
    """The engine a build runs its per-article work on; closed (cluster stopped) after."""
    if engine not in ("local", "dask"):
        raise ConfigError(f"--engine must be local or dask, not {engine!r}")
    if engine == "local" and scheduler is not None:
        raise ConfigError("--scheduler goes with --engine dask")
    running = DaskEngine(scheduler, workers) if engine == "dask" else LocalEngine(workers)
    try:
        yield running
    finally:
        running.close()
