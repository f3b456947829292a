"""Worker processes die with the build that started them, even when it is killed (SIGKILL).

A killed ``--workers 2`` build used to leave its workers running (180-280 MB each),
and kill-and-resume piled them up. Each worker now asks the kernel for SIGKILL when
its parent dies (``PR_SET_PDEATHSIG``, see ``packager.engines.local.die_with_parent``);
a Dask ``LocalCluster`` packager started does the same through a worker preload.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ARTICLES = 8000  # minutes of work: the build is killed long before it ends


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    (root / "feed.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    "id": f"w{n}",
                    "text": "\n".join(
                        f"Story {n} paragraph {p}: the ferry to the islands ran late again."
                        for p in range(12)
                    ),
                }
            )
            + "\n"
            for n in range(ARTICLES)
        )
    )
    return root


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _kill_mid_build_and_watch_its_children(args: list[str], children: int) -> None:
    build = subprocess.Popen(
        [sys.executable, "-m", "packager", "build", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(build.pid)
    deadline = time.monotonic() + 180
    workers: list[psutil.Process] = []
    while len(workers) < children:
        assert build.poll() is None, "the build finished before its workers were seen"
        assert time.monotonic() < deadline
        time.sleep(0.1)
        workers = [p for p in parent.children(recursive=True) if not _gone(p)]
    time.sleep(1)  # the workers are at work
    workers = [p for p in parent.children(recursive=True) if not _gone(p)]
    assert build.poll() is None, "the build finished before it could be killed"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while not all(_gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [p.pid for p in workers if not _gone(p)]
    for pid in alive:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"{len(alive)} worker(s) outlived the killed build by 5 seconds"


@pytest.mark.slow
def test_the_workers_of_a_killed_build_die_with_it(corpus, tmp_path):
    out = tmp_path / "dist"
    args = [str(corpus), "--out", str(out), "--name", "w", "--version", "1.0.0"]
    _kill_mid_build_and_watch_its_children([*args, "--workers", "2"], children=2)


def test_a_worker_whose_parent_is_already_gone_exits_at_once():
    """The race PR_SET_PDEATHSIG leaves open: the parent died before the child set it."""
    code = "from packager.engines.local import die_with_parent; die_with_parent(1); print('alive')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""


@pytest.mark.slow
def test_the_dask_workers_packager_started_die_with_a_killed_build(corpus, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "dist"
    args = [str(corpus), "--out", str(out), "--name", "w", "--version", "1.0.0"]
    _kill_mid_build_and_watch_its_children([*args, "--engine", "dask", "--workers", "2"], 2)
