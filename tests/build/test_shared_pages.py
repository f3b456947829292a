"""Forked workers share the build's pages instead of copying them.

Two things used to copy pages into every worker: the garbage collector, whose walks
write to every object it tracks (so each page of imports, models and the survey was
copied on the worker's first collection), and state made lazily on first use (numba
loading its compiled kernels, the language model's table widened to float32). The
local engine freezes the collector's objects while its pool runs, and
``load_models`` makes the lazy state before the pool forks. Measured on 10,000
generated articles with 2 workers: the tree's peak PSS 886 MB before, 710 MB after
(benchmarks/RESULTS.md).
"""

from __future__ import annotations

import gc
import os

import numpy as np
import pytest

from packager.engines.local import LocalEngine
from packager.quality import dedup, language
from packager.quality.annotate import load_models


def _pid_and_frozen(task: int) -> list[tuple[int, int, int]]:
    return [(task, os.getpid(), gc.get_freeze_count())]


def test_the_pool_runs_with_the_builds_objects_frozen_and_unfreezes_after() -> None:
    assert gc.get_freeze_count() == 0
    engine = LocalEngine(2)
    results = engine.map_ordered(_pid_and_frozen, range(6), (), "test")
    first = next(results)
    assert gc.get_freeze_count() > 0  # while the pool runs, here and in the workers
    rest = list(results)
    assert [task for task, _, _ in [first, *rest]] == list(range(6))
    assert all(pid != os.getpid() for _, pid, _ in [first, *rest])
    assert all(frozen > 0 for _, _, frozen in [first, *rest])
    assert gc.get_freeze_count() == 0


def test_a_consumer_that_stops_early_still_unfreezes() -> None:
    results = LocalEngine(2).map_ordered(_pid_and_frozen, range(6), (), "test")
    next(results)
    results.close()
    assert gc.get_freeze_count() == 0


def test_one_worker_freezes_nothing() -> None:
    results = list(LocalEngine(1).map_ordered(_pid_and_frozen, range(3), (), "test"))
    assert [frozen for _, _, frozen in results] == [0, 0, 0]


@pytest.mark.skipif(dedup.compiled() is None, reason="numba is not installed here")
def test_load_models_makes_the_lazy_state_before_workers_fork() -> None:
    load_models()
    identifier = language.load()
    widened = identifier._widened[1]
    assert widened is not None and widened.dtype == np.float32
    kernels = dedup.compiled()
    assert kernels is not None
    assert kernels.minhash.signatures, "the MinHash kernel is loaded"
    assert kernels.language_features.signatures, "the language walk is loaded"
