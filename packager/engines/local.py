"""This machine: tasks run in this process (one worker) or in a pool of worker processes.

Workers get the shared context (settings, the corpus survey) once, when they start,
and are forked after it is built, so on Linux they share its pages instead of each
receiving a copy. A worker dies with the build (:func:`die_with_parent`), so a
killed build leaves none behind.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from packager.engines.batching import BatchStore, NoStore, run_ordered

Work = Callable[..., list[Any]]
_context: tuple[Any, ...] = ()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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


def _start_pool_worker(parent: int, context: tuple[Any, ...]) -> None:
    global _context
    die_with_parent(parent)
    _context = context


def _run_in_worker(work: Work, task: Any) -> list[Any]:
    return work(task, *_context)


class _Done:
    """A task run in this process, shaped like a future."""

    def __init__(self, results: list[Any]) -> None:
        self._results = results

    def result(self) -> list[Any]:
        return self._results


class LocalEngine:
    """Runs tasks here (``workers`` <= 1) or in a pool of ``workers`` processes."""

    def __init__(self, workers: int, store: BatchStore | None = None) -> None:
        self.workers = workers
        self.store = store if store is not None else NoStore()

    def close(self) -> None:
        return None

    def map_ordered(
        self, work: Work, tasks: Iterable[Any], context: tuple[Any, ...], step: str
    ) -> Iterator[Any]:
        """``work(task, *context)`` for each task, results flattened in task order."""
        if self.workers <= 1:
            yield from run_ordered(
                lambda task: _Done(work(task, *context)), tasks, 1, self.store, step
            )
            return
        pool = ProcessPoolExecutor(
            self.workers, initializer=_start_pool_worker, initargs=(os.getpid(), context)
        )
        # What exists now (imports, models, the survey) is shared with the forked
        # workers page by page; the collector's walks would write to every object and
        # copy its page into each worker. Frozen, the collector leaves them alone.
        gc.freeze()
        try:
            with pool:
                yield from run_ordered(
                    lambda task: pool.submit(_run_in_worker, work, task),
                    tasks,
                    2 * self.workers,
                    self.store,
                    step,
                )
        finally:
            gc.unfreeze()
