"""The Dask engine: a build's tasks on a Dask distributed cluster.

The same tasks as the local engine, run by the same loop
(:func:`packager.engines.batching.run_ordered`), so results come back in the same
order and the release is byte-identical to a local build; finished tasks are kept
by the same store, so a killed build resumes on Dask too. The shared context
(settings, survey) is sent to every worker once. ``dask[distributed]`` is an
optional extra, imported only when ``--engine dask`` is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from packager.engines.batching import BatchStore, NoStore, run_ordered


class DaskEngine:
    """Runs tasks on a Dask distributed cluster.

    With a scheduler address it connects to that cluster; without, it starts a
    ``LocalCluster`` of ``workers`` processes bound to 127.0.0.1.
    """

    def __init__(
        self, scheduler: str | None, workers: int, store: BatchStore | None = None
    ) -> None:
        from distributed import Client, LocalCluster

        self.store = store if store is not None else NoStore()
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
        self._window = 2 * max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map_ordered(
        self,
        work: Callable[..., list[Any]],
        tasks: Iterable[Any],
        context: tuple[Any, ...],
        step: str,
    ) -> Iterator[Any]:
        """``work(task, *context)`` for each task on the cluster, results in task order."""
        # hash=False: two passes may send equal values (the same settings); keys made from
        # the data would be shared, and releasing the first pass's would lose the second's
        shared = [self._client.scatter(part, broadcast=True, hash=False) for part in context]
        yield from run_ordered(
            lambda task: self._client.submit(work, task, *shared, pure=False),
            tasks,
            self._window,
            self.store,
            step,
        )
