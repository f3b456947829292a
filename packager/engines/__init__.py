"""Where a build's per-article work runs: this machine or a Dask cluster.

An engine knows nothing of articles: it runs ``work(task, *context)`` for each task
and gives the results back in task order (:mod:`.batching`, the one loop both use).
The build decides what the tasks are (:mod:`packager.build.passes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from packager.engines.batching import BatchStore
from packager.errors import ConfigError

ENGINES = ("local", "dask")


class Engine(Protocol):
    """Runs tasks somewhere and yields their results in task order."""

    def map_ordered(
        self,
        work: Callable[..., list[Any]],
        tasks: Iterable[Any],
        context: tuple[Any, ...],
        step: str,
    ) -> Iterator[Any]: ...

    def close(self) -> None: ...


@contextmanager
def open_engine(
    engine: str, workers: int, scheduler: str | None = None, store: BatchStore | None = None
) -> Iterator[Engine]:
    """The engine a build runs its per-article work on; closed (cluster stopped) after."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be local or dask, not {engine!r}")
    if engine == "local" and scheduler is not None:
        raise ConfigError("--scheduler goes with --engine dask")
    if engine == "dask":
        from packager.engines.dask import DaskEngine  # dask is an optional extra

        running: Engine = DaskEngine(scheduler, workers, store)
    else:
        from packager.engines.local import LocalEngine

        running = LocalEngine(workers, store)
    try:
        yield running
    finally:
        running.close()
