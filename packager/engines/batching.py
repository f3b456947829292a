"""The one loop every engine runs: tasks in order, a bounded window in flight, results reused.

A task is one unit of work (a batch of articles in the first pass, a spilled batch's
index in the second) and gives a list of results. Results come back in task order
whatever the engine, so the release is the same bytes however the work was spread.
At most ``window`` tasks are in flight, so memory stays bounded however large the
corpus. A task whose results a :class:`BatchStore` already holds (a killed build's
finished batches) is not run again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Protocol

BATCH = 128
"""Articles per task in the first pass: large enough to amortise sending, small enough
to keep a worker's share of memory small. Changing it changes no output."""


class BatchStore(Protocol):
    """Where finished tasks' results are kept so a killed build can resume."""

    def load(self, step: str, index: int) -> list[Any] | None: ...

    def store(self, step: str, index: int, results: list[Any]) -> None: ...


class NoStore:
    """Keeps nothing: every task runs."""

    reused = 0

    def load(self, step: str, index: int) -> list[Any] | None:  # noqa: ARG002
        return None

    def store(self, step: str, index: int, results: list[Any]) -> None:  # noqa: ARG002
        return None


class Pending(Protocol):
    """A submitted task: a ``concurrent.futures.Future`` or a Dask future."""

    def result(self) -> list[Any]: ...


def batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter)."""
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def run_ordered(
    submit: Callable[[Any], Pending],
    tasks: Iterable[Any],
    window: int,
    store: BatchStore,
    step: str,
) -> Iterator[Any]:
    """Each task's results, in task order, with at most ``window`` tasks submitted at once."""
    pending: deque[tuple[int, Pending | list[Any]]] = deque()
    numbered = enumerate(tasks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            following = next(numbered, None)
            if following is None:
                exhausted = True
                break
            index, task = following
            done = store.load(step, index)
            pending.append((index, done if done is not None else submit(task)))
        if not pending:
            return
        index, job = pending.popleft()
        if isinstance(job, list):
            yield from job
            continue
        results = job.result()
        store.store(step, index, results)
        yield from results
