"""Killed, concurrent and starved builds: never a partial release, and the same command recovers.

The kill test watches the build's own files to stop it at five distinct points
(first pass begun and half done, second pass begun and half done, the release
files being described in staging), kills the whole process group with SIGKILL,
and reruns the same command, which must produce the release a clean build
produces, byte for byte.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from packager.build import build_release
from packager.errors import ReleaseError
from packager.export import jsonl
from packager.releases.verify import verify_release
from packager.settings import BuildSettings

ARTICLES = 1500
BATCH = 128  # packager.engines.local's batch size
BATCHES = -(-ARTICLES // BATCH)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    records = "".join(
        json.dumps(
            {
                "id": f"k{n}",
                "publisher": "Kill Desk",
                "text": "\n".join(
                    f"Story {n} paragraph {p}: the harbour council met again on the ferry."
                    for p in range(12)
                ),
            }
        )
        + "\n"
        for n in range(ARTICLES)
    )
    (root / "feed.jsonl").write_text(records)
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    settings = BuildSettings(name="kill", version="1.0.0")
    return tree(build_release([corpus], settings, tmp_path_factory.mktemp("fresh")).release)


def command(corpus: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "packager",
        "build",
        str(corpus),
        "--out",
        str(out),
        "--name",
        "kill",
        "--version",
        "1.0.0",
        "--workers",
        "1",
    ]


def _batches(out: Path, step: str) -> int:
    return len(list((out / "kill" / ".1.0.0.work").glob(f"*/{step}-*.pickle")))


def _staging_described(out: Path) -> bool:
    return any(
        (staging / "schemas").exists() for staging in (out / "kill").glob(".1.0.0.partial-*")
    )


KILL_POINTS: dict[str, Callable[[Path], bool]] = {
    "first pass begun": lambda out: _batches(out, "survey") >= 1,
    "first pass half done": lambda out: _batches(out, "survey") >= BATCHES // 2,
    "second pass begun": lambda out: _batches(out, "process") >= 1,
    "second pass half done": lambda out: _batches(out, "process") >= BATCHES // 2,
    "describing the release in staging": _staging_described,
}


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_at_any_point_leaves_no_release_and_resumes_byte_identical(
    point, corpus, reference, tmp_path
):
    out = tmp_path / "dist"
    process = subprocess.Popen(
        command(corpus, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: workers die with it
    )
    reached = KILL_POINTS[point]
    deadline = time.monotonic() + 180
    while not reached(out):
        assert process.poll() is None, f"the build finished before {point!r}"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "kill" / "1.0.0").exists()  # never a folder under the final name
    resumed = subprocess.run(command(corpus, out), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert tree(out / "kill" / "1.0.0") == reference
    # the killed build's staging and work folders are gone; the lock file stays (see release.py)
    assert sorted(p.name for p in (out / "kill").iterdir()) == [".1.0.0.lock", "1.0.0"]


@pytest.mark.slow
def test_two_builds_of_one_version_at_once_one_wins_the_other_fails_clearly(
    corpus, reference, tmp_path
):
    out = tmp_path / "dist"
    processes = [
        subprocess.Popen(
            command(corpus, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    finished = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in finished)
    assert codes == [0, 1], finished
    _, stdout, stderr = next(f for f in finished if f[0] == 1)
    assert (stdout + stderr).strip() == (
        f"Error: another build of kill 1.0.0 is running in {out}; wait for it to finish, "
        "then run this command again (it will find the release built)"
    )
    assert tree(out / "kill" / "1.0.0") == reference
    assert verify_release(out / "kill" / "1.0.0").valid


def _limit_file_size() -> None:
    """Like a full disk: any write past 64 KiB fails (EFBIG) instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.slow
def test_a_write_that_fails_in_the_os_fails_clearly_and_publishes_nothing(corpus, tmp_path):
    out = tmp_path / "dist"
    result = subprocess.run(
        command(corpus, out), capture_output=True, text=True, preexec_fn=_limit_file_size
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: cannot write the release (File too large): free space under {out} or "
        "choose another --out; nothing was published"
    )
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (out / "kill").iterdir()) == [".1.0.0.lock"]


def _can_mount_a_small_disk() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _can_mount_a_small_disk(), reason="cannot mount a tmpfs here")
def test_a_really_full_disk_fails_clearly_and_publishes_nothing(corpus, tmp_path):
    """A 512 KiB tmpfs, mounted in a mount namespace of the build's own (gone with it)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    out = disk / "dist"
    script = (
        'mount -t tmpfs -o size=512k tmpfs "$1" && shift && "$@"; echo "exit=$?"; '
        'ls -A "$0/dist/kill"'
    )
    build = command(corpus, out)
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, str(disk), str(disk), *build],
        capture_output=True,
        text=True,
    )
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: cannot write the release (No space left on device): free space under {out} "
        "or choose another --out; nothing was published"
    )
    assert "Traceback" not in result.stderr
    assert result.stdout.split() == ["exit=1", ".1.0.0.lock"]  # no staging, no release


class _FillingDisk:
    """A file whose writes fail with ENOSPC once the (pretend) disk has filled up."""

    def __init__(self, stream, budget: list[int]) -> None:
        self._stream = stream
        self._budget = budget

    def write(self, data: bytes) -> int:
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._stream.write(data)

    def close(self) -> None:
        self._stream.close()


def test_a_full_disk_while_writing_records_fails_clearly_and_publishes_nothing(
    write_files, tmp_path, monkeypatch
):
    budget = [20_000]  # bytes of JSONL the "disk" takes
    original_init = jsonl.JsonlWriter.__init__

    def init(self, path: Path) -> None:
        original_init(self, path)
        self._stream = _FillingDisk(self._stream, budget)

    monkeypatch.setattr(jsonl.JsonlWriter, "__init__", init)
    lines = "".join(
        json.dumps({"id": f"d{n}", "text": f"Disk story {n}, a paragraph of made-up news."}) + "\n"
        for n in range(400)
    )
    root = write_files({"feed.jsonl": lines})
    out = tmp_path / "dist"
    with pytest.raises(ReleaseError) as failure:
        build_release([root], BuildSettings(name="full", version="1.0.0"), out)
    assert str(failure.value) == (
        f"cannot write the release (No space left on device): free space under {out} or "
        "choose another --out; nothing was published"
    )
    assert sorted(p.name for p in (out / "full").iterdir()) == [".1.0.0.lock"]


def _kill_when(process: subprocess.Popen[bytes], reached, what: str) -> None:
    deadline = time.monotonic() + 180
    while not reached():
        assert process.poll() is None, f"the build finished before {what}"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.slow
def test_a_killed_build_resumes_on_dask_with_the_batches_it_finished(corpus, reference, tmp_path):
    """The checkpoint does not depend on the engine: batches a killed local build finished
    are reused by a Dask build, and the release is the same bytes."""
    out = tmp_path / "dist"
    killed = subprocess.Popen(
        command(corpus, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _kill_when(killed, lambda: _batches(out, "process") >= 2, "the second pass began")
    resumed = subprocess.run(
        [*command(corpus, out), "--engine", "dask", "--workers", "2", "--json"],
        capture_output=True,
        text=True,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["resumed_batches"] >= BATCHES + 2
    assert tree(out / "kill" / "1.0.0") == reference
