"""Where the per-article work runs: this process, or a pool of worker processes.

The work is :func:`packager.pipeline.process_article`, pure given the settings
and the corpus survey. Workers get those once (pool initializer), take articles
in batches, and results come back in input order, so the release is the same
byte for byte whatever the number of workers. At most two batches per worker
are in flight, so memory stays bounded however large the corpus. A worker dies
with the build (:func:`die_with_parent`), so a killed build leaves none behind.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from packager.check.validator import RecordChecker
from packager.errors import ConfigError
from packager.ingest.raw import RawArticle, Rejection
from packager.pipeline import Item, process_article, survey_article
from packager.quality.annotate import load_models
from packager.quality.survey import CorpusSurvey, SurveyBuilder, SurveyEntry
from packager.settings import BuildSettings

BATCH = 128
_worker: dict[str, Any] = {}


class Checkpoint:
    """Finished batches of one build, kept on disk so a killed build can resume.

    Batch k of a pass is always the same articles (input order, fixed size), and the
    folder is keyed by the settings and every input's SHA-256, so a stored result is
    exactly what recomputing would give. Files are written to a temporary name and
    renamed, so a kill never leaves half a batch. Batches are pickles, which run code
    when loaded, so the build gives a folder only when only this user can write it
    (:func:`packager.workspace.private_folder`).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.reused = 0

    def _path(self, step: str, index: int) -> Path | None:
        return None if self.folder is None else self.folder / f"{step}-{index:07d}.pickle"

    def load(self, step: str, index: int) -> list[Any] | None:
        path = self._path(step, index)
        if path is None or not path.exists():
            return None
        self.reused += 1
        return pickle.loads(path.read_bytes())

    def store(self, step: str, index: int, results: list[Any]) -> None:
        path = self._path(step, index)
        if path is None:
            return
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)


NO_CHECKPOINT = Checkpoint(None)


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    stream = iter(items)
    while batch := list(islice(stream, BATCH)):
        yield batch


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_worker(settings: BuildSettings, survey: CorpusSurvey | None) -> None:
    _worker.update(settings=settings, survey=survey, checker=RecordChecker())


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` (the build) does, even by SIGKILL.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``);
    elsewhere a thread watches the parent. The signal is set here, in the child, so
    a parent that died before it was set is caught by comparing ``getppid()`` with
    the parent's own pid, taken before the child was started.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
            armed = prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (AttributeError, OSError):
            armed = False
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _start_pool_worker(parent: int, settings: BuildSettings, survey: CorpusSurvey | None) -> None:
    die_with_parent(parent)
    _start_worker(settings, survey)


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
    checkpoint: Checkpoint,
    step: str,
) -> Iterator[Any]:
    """``work`` over batches of ``items``, results in input order, bounded memory.

    With one worker it runs here; otherwise in a process pool. Batches the
    checkpoint already holds are not computed again.
    """
    batches = enumerate(_batches(items))
    if workers <= 1:
        _start_worker(*initargs)
        for index, batch in batches:
            results = checkpoint.load(step, index)
            if results is None:
                results = work(batch)
                checkpoint.store(step, index, results)
            yield from results
        return
    if work is _process_batch:
        load_models()  # once here, inherited by forked workers
    pool = ProcessPoolExecutor(
        workers, initializer=_start_pool_worker, initargs=(os.getpid(), *initargs)
    )
    with pool:
        pending: deque[tuple[int, Future[list[Any]] | list[Any]]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                next_batch = next(batches, None)
                if next_batch is None:
                    exhausted = True
                    break
                index, batch = next_batch
                done = checkpoint.load(step, index)
                pending.append((index, done if done is not None else pool.submit(work, batch)))
            if not pending:
                return
            index, job = pending.popleft()
            if isinstance(job, list):
                yield from job
                continue
            results = job.result()
            checkpoint.store(step, index, results)
            yield from results


def survey_all(
    raws: Iterable[RawArticle | Rejection],
    settings: BuildSettings,
    workers: int = 1,
    checkpoint: Checkpoint = NO_CHECKPOINT,
) -> CorpusSurvey:
    """The first pass: entries computed in ``workers`` processes, counted here in order."""
    quality = settings.quality
    builder = SurveyBuilder(quality.near_duplicate_threshold, quality.minhash_permutations)
    entries = _ordered(_survey_batch, raws, workers, (settings, None), checkpoint, "survey")
    for entry in entries:
        if entry is not None:
            builder.add_entry(entry)
    return builder.finish()


def process_all(
    raws: Iterable[RawArticle | Rejection],
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    checker: RecordChecker,  # noqa: ARG001 (Engine's signature; each worker builds its own)
    workers: int = 1,
    checkpoint: Checkpoint = NO_CHECKPOINT,
) -> Iterator[Item]:
    """Every article processed, in input order, with ``workers`` processes (1: this one)."""
    initargs = (settings, survey)
    yield from _ordered(_process_batch, raws, workers, initargs, checkpoint, "process")


class Engine(Protocol):
    """Where a build's per-article work runs; the build itself never changes."""

    def survey(self, raws: Iterable[Any], settings: BuildSettings) -> CorpusSurvey: ...

    def process(
        self,
        raws: Iterable[Any],
        settings: BuildSettings,
        survey: CorpusSurvey | None,
        checker: RecordChecker,
    ) -> Iterator[Item]: ...

    def close(self) -> None: ...


class LocalEngine:
    """This machine: the work in this process (1 worker) or a process pool."""

    def __init__(self, workers: int, checkpoint: Checkpoint = NO_CHECKPOINT) -> None:
        self.workers = workers
        self.checkpoint = checkpoint

    def close(self) -> None:
        return None

    def survey(self, raws: Iterable[Any], settings: BuildSettings) -> CorpusSurvey:
        return survey_all(raws, settings, self.workers, self.checkpoint)

    def process(
        self,
        raws: Iterable[Any],
        settings: BuildSettings,
        survey: CorpusSurvey | None,
        checker: RecordChecker,
    ) -> Iterator[Item]:
        return process_all(raws, settings, survey, checker, self.workers, self.checkpoint)


@contextmanager
def open_engine(
    engine: str, workers: int, scheduler: str | None = None, checkpoint: Checkpoint = NO_CHECKPOINT
) -> Iterator[Engine]:
    """The engine a build runs its per-article work on; closed (cluster stopped) after."""
    if engine not in ("local", "dask"):
        raise ConfigError(f"--engine must be local or dask, not {engine!r}")
    if engine == "local" and scheduler is not None:
        raise ConfigError("--scheduler goes with --engine dask")
    if engine == "dask":
        from packager.dask_engine import DaskEngine  # dask is an optional extra

        running: Engine = DaskEngine(scheduler, workers)
    else:
        running = LocalEngine(workers, checkpoint)
    try:
        yield running
    finally:
        running.close()
