"""--engine dask: the same per-article work on a Dask cluster gives the same release, byte for byte."""

from __future__ import annotations

import pytest

from packager.build import EXAMPLE_CORPUS, build_release
from packager.settings import BuildSettings

from .test_release import tree

pytestmark = pytest.mark.slow


def test_a_local_dask_cluster_builds_the_same_release_as_this_machine(tmp_path):
    from distributed import LocalCluster

    settings = BuildSettings(name="example-news", version="1.0.0")
    local = build_release([EXAMPLE_CORPUS], settings, tmp_path / "local", workers=1).release
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert all(w.startswith("tcp://127.0.0.1:") for w in cluster.scheduler_info["workers"])
        on_dask = build_release(
            [EXAMPLE_CORPUS],
            settings,
            tmp_path / "dask",
            engine="dask",
            scheduler=cluster.scheduler_address,
        ).release
    assert tree(on_dask) == tree(local)


def test_engine_dask_without_a_scheduler_starts_and_stops_its_own_cluster(tmp_path):
    settings = BuildSettings(name="example-news", version="1.0.0")
    local = build_release([EXAMPLE_CORPUS], settings, tmp_path / "local").release
    own = build_release(
        [EXAMPLE_CORPUS], settings, tmp_path / "own", engine="dask", workers=2
    ).release
    assert tree(own) == tree(local)


def test_a_scheduler_needs_the_dask_engine(tmp_path):
    from packager.errors import ConfigError

    with pytest.raises(ConfigError, match="--scheduler goes with --engine dask"):
        build_release(
            [EXAMPLE_CORPUS],
            BuildSettings(name="x", version="1.0.0"),
            tmp_path,
            scheduler="tcp://127.0.0.1:1",
        )
