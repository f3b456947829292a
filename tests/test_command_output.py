"""export, annotations import/merge/carry: killed, concurrent or starved, never a mixed folder.

Each command stages its whole folder beside ``--out`` and publishes it in one step
(``packager/publish/folder.py``). The kill test runs the real command (``python -m packager``)
with a hook loaded only here (a ``sitecustomize`` on ``PYTHONPATH``) that counts the
command's steps (each file written in staging, the swap) and kills the process with
SIGKILL right after step N; the folder must then be the old output or the new one,
byte for byte, and the next run must give the new one and clear what was left.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.cli import app
from packager.publish.folder import clean_abandoned, publish_folder

from .conftest import EXAMPLE_RELEASE, REPO

HOOK = """
import os, signal, time

import packager.publish.files as output
import packager.publish.folder as staged

_kill_at = int(os.environ.get("PACKAGER_TEST_KILL_AT", "0"))
_go_on = os.environ.get("PACKAGER_TEST_GO_ON")  # after the first step, wait for this file
_log = os.environ["PACKAGER_TEST_STEPS"]
_done = [0]


def _step(name):
    _done[0] += 1
    with open(_log, "a") as log:
        log.write(name + "\\n")
    if _done[0] == _kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    while _go_on and not os.path.exists(_go_on):
        time.sleep(0.05)


_commit = output.OutputFile.commit


def commit(self):
    _commit(self)
    _step("wrote " + self.path.name)


_exchange = staged._exchange


def exchange(source, target):
    _step("swapping")
    swapped = _exchange(source, target)
    _step("swapped")
    return swapped


output.OutputFile.commit = commit
staged._exchange = exchange
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def run(*args: str | Path) -> None:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A release, two exports of it, two annotation folders (a few paragraphs, then more)."""
    root = tmp_path_factory.mktemp("commands")
    release = root / "dist" / "example-news" / "1.0.0"
    shutil.copytree(EXAMPLE_RELEASE, release)
    run("export", release, "--to", "doccano", "--classes", "news,other", "--out", root / "ex")
    tasks = [
        json.loads(line) for line in (root / "ex" / "tasks-00000.jsonl").read_text().splitlines()
    ]
    for name, count, label in (("a", 3, "news"), ("b", 8, "other")):
        export = root / f"{name}.jsonl"
        export.write_text("".join(json.dumps(t | {"label": [label]}) + "\n" for t in tasks[:count]))
        run("annotations", "import", export, "--from", "doccano", "--release", release,
            "--out", root / f"ann-{name}")  # fmt: skip
    (root / "hook").mkdir()
    (root / "hook" / "sitecustomize.py").write_text(HOOK)
    return root


def commands(work: Path, out: Path) -> dict[str, tuple[list, list]]:
    """Per command: the run that leaves the old folder, and the run that replaces it."""
    release = work / "dist" / "example-news" / "1.0.0"
    export = ["export", release, "--to", "doccano", "--classes", "news,other", "--out", out]
    merge = ["annotations", "merge", "--release", release, "--out", out]
    carry = ["annotations", "carry", "--from-release", release, "--out", out]
    imported = ["annotations", "import", "--from", "doccano", "--release", release, "--out", out]
    return {
        "export": ([*export, "--batch-size", "5"], [*export, "--batch-size", "12"]),
        "annotations merge": ([*merge, work / "ann-a"], [*merge, work / "ann-b"]),
        "annotations carry": (
            [*carry, work / "ann-a", release],
            [*carry, work / "ann-b", release],
        ),
        "annotations import": ([*imported, work / "a.jsonl"], [*imported, work / "b.jsonl"]),
    }


def subprocess_run(
    work: Path, args: list, steps: Path, kill_at: int = 0, go_on: Path | None = None, **popen
) -> subprocess.Popen:
    env = os.environ | {
        "PYTHONPATH": f"{work / 'hook'}{os.pathsep}{REPO}",
        "PACKAGER_TEST_STEPS": str(steps),
        "PACKAGER_TEST_KILL_AT": str(kill_at),
    }
    if go_on is not None:
        env["PACKAGER_TEST_GO_ON"] = str(go_on)
    return subprocess.Popen(
        [sys.executable, "-m", "packager", *map(str, args)], env=env, text=True, **popen
    )


def hidden_beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", ["export", "annotations merge", "annotations carry", "annotations import"]
)
def test_a_command_killed_at_any_step_leaves_the_old_folder_or_the_new_one(command, work, tmp_path):
    out = tmp_path / "out"
    first, second = commands(work, out)[command]
    run(*first)
    old = tree(out)
    shutil.copytree(out, tmp_path / "kept")
    run(*second)
    new = tree(out)
    assert new != old
    writes = len(new)  # a step per file written in staging, then "swapping" and "swapped"
    # killed after the first file, after the last one, and just after the swap
    for point in (1, writes, writes + 2):
        shutil.rmtree(out)
        shutil.copytree(tmp_path / "kept", out)
        killed = subprocess_run(work, second, tmp_path / f"steps-{point}", kill_at=point)
        assert killed.wait(timeout=120) == -signal.SIGKILL
        steps = (tmp_path / f"steps-{point}").read_text().splitlines()
        assert len(steps) == point
        assert (steps[-1] == "swapped") == (point > writes)
        assert tree(out) == (new if point > writes else old), f"killed after {steps[-1]!r}"
        assert any(".staging-" in name for name in hidden_beside(out))  # left by the killed run
        if command == "annotations import" and tree(out) == new:  # an import adds: start over
            shutil.rmtree(out)
            shutil.copytree(tmp_path / "kept", out)
        run(*second)
        assert tree(out) == new
        assert hidden_beside(out) == [".out.lock"]  # the staging folder of the killed run is gone


def test_a_command_killed_between_two_renames_leaves_the_old_folder_for_the_next_run(tmp_path):
    """Where names cannot be exchanged in one step, the old folder is moved aside first;
    a kill between the renames leaves it there, and the next command puts it back."""
    final = tmp_path / "out"
    final.mkdir()
    (final / "old.txt").write_text("old\n")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".out.replaced-{dead.pid}").mkdir()
    shutil.move(final / "old.txt", tmp_path / f".out.replaced-{dead.pid}" / "old.txt")
    final.rmdir()  # killed here: the old folder aside, the new one not yet in place
    (tmp_path / f".out.staging-{dead.pid}").mkdir()
    clean_abandoned(final)
    assert tree(final) == {"old.txt": b"old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_an_exchange_the_swap_is_two_renames_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("packager.publish.folder._exchange", lambda source, target: False)
    final, staging = tmp_path / "out", tmp_path / ".out.staging-1"
    final.mkdir()
    (final / "old.txt").write_text("old\n")
    staging.mkdir()
    (staging / "new.txt").write_text("new\n")
    publish_folder(staging, final)
    assert tree(final) == {"new.txt": b"new\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["export", "annotations merge", "annotations carry"])
def test_two_commands_into_one_folder_at_once_one_wins_the_other_fails_clearly(
    command, work, tmp_path
):
    out = tmp_path / "out"
    first, second = commands(work, out)[command]
    run(*second)
    new = tree(out)
    shutil.rmtree(out)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    go_on = tmp_path / "go-on"
    slow = subprocess_run(work, first, tmp_path / "slow", go_on=go_on, **pipes)
    deadline = time.monotonic() + 60
    while not (tmp_path / "slow").exists():  # it holds the lock, has written a file, waits
        assert slow.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    fast = subprocess_run(work, second, tmp_path / "fast", **pipes)
    _, stderr = fast.communicate(timeout=120)
    assert fast.returncode == 1
    assert stderr.strip() == (
        f"Error: another packager command is writing {out}; wait for it to finish, then run again"
    )
    assert not out.exists()  # nothing published by either yet
    go_on.touch()
    assert slow.communicate(timeout=120)[0] and slow.returncode == 0
    run(*second)
    assert tree(out) == new


def test_re_exporting_replaces_the_folder_whole(work, tmp_path):
    out = tmp_path / "out"
    first, second = commands(work, out)["export"]
    run(*first)
    assert len(list(out.glob("tasks-*.jsonl"))) == 20
    run(*second)
    index = json.loads((out / "export-index.json").read_text())
    listed = {batch["file"] for batch in index["batches"]}
    assert {p.name for p in out.glob("tasks-*")} == listed and len(listed) == 9


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("export", "holds no export-index.json (not an export of packager); an export"),
        (
            "annotations merge",
            "is not a labeled dataset of packager annotations merge; a merge",
        ),
        (
            "annotations carry",
            "holds no carried.jsonl (not the output of packager annotations carry); a carry",
        ),
    ],
)
def test_a_folder_of_something_else_is_refused_unless_forced(command, message, work, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    _, second = commands(work, out)[command]
    result = CliRunner().invoke(app, [str(arg) for arg in second])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {out} is not empty and {message} replaces its folder whole: choose another "
        "--out, or --force to replace it"
    )
    assert tree(out) == {"notes.txt": b"mine\n"}
    run(*second, "--force")
    assert not (out / "notes.txt").exists()


def _limit_file_size() -> None:
    """Like a full disk: any write past 4 KiB fails (EFBIG) instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 1024, 4 * 1024))


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", ["export", "annotations merge", "annotations carry", "annotations import"]
)
def test_a_write_that_fails_in_the_os_publishes_nothing(command, work, tmp_path):
    out = tmp_path / "out"
    first, second = commands(work, out)[command]
    run(*first)
    old = tree(out)
    failed = subprocess_run(
        work, second, tmp_path / "steps", preexec_fn=_limit_file_size, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    _, stderr = failed.communicate(timeout=120)
    assert failed.returncode == 1
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    line = stderr.strip()
    assert line.startswith(f"Error: cannot write {out}"), line
    assert "(File too large)" in line and line.endswith(
        f"nothing was published, {out} is as it was"
    )
    assert tree(out) == old
    assert hidden_beside(out) == [".out.lock"]


def test_schemas_are_written_whole_and_other_files_in_the_folder_stay(tmp_path):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    (out / "paragraph.schema.json").write_text('{"half": ')
    run("schemas", "--out", out)
    assert (out / "notes.txt").read_text() == "mine\n"
    assert json.loads((out / "paragraph.schema.json").read_text())["title"]
    assert hidden_beside(out) == [".schemas.lock"]
