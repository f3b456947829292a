"""The Dask engine: a build's per-article work on a Dask distributed cluster.

The same pure functions as the local engine (``survey_article``,
``process_article``), in batches of the same size, results back in input
order, so the release is byte-identical to a local build. ``dask[distributed]``
is an optional extra, imported only when ``--engine dask`` is asked for.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from packager.check.validator import RecordChecker
from packager.executor import BATCH
from packager.pipeline import Item, process_article, survey_article
from packager.quality.survey import CorpusSurvey, SurveyBuilder, SurveyEntry
from packager.settings import BuildSettings

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
        checker: RecordChecker,  # noqa: ARG002 (Engine's signature; each worker builds its own)
    ) -> Iterator[Item]:
        shared = self._client.scatter(survey, broadcast=True) if survey is not None else None
        yield from self._ordered(_dask_process_batch, raws, settings, shared)
