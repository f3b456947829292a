"""The folders a build keeps beside its release: checked before they are trusted.

A build writes ``OUT/NAME/.VERSION.partial-PID`` (staging) and
``OUT/NAME/.VERSION.work/KEY`` (finished batches, for resuming), then renames the
staging folder to ``OUT/NAME/VERSION``. ``OUT`` is the user's choice and may be a
link; nothing below it may be (:func:`packager.release.name_folder` refuses a link
at ``OUT/NAME``, which would send the release elsewhere). A resume folder that
someone else can write would let them plant a batch, and batches are pickles,
which run code when loaded: such a folder is never trusted (:func:`private_folder`),
and commands leave behind only what a dead process was writing
(:func:`left_by_dead_processes`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path


def left_by_dead_processes(paths: Iterable[Path]) -> Iterator[Path]:
    """The paths named ``...-PID`` whose process is gone: left by a killed command."""
    for path in paths:
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            yield path
        except PermissionError:
            continue  # alive, someone else's


def private_folder(path: Path) -> bool:
    """Whether ``path`` and its parent (created ``0700`` when missing) are real folders
    owned by this user that nobody else can write. Where a file system cannot say so
    (FAT, some network shares), or a folder was left writable by a group, the build
    runs without saving batches rather than trust them."""
    for folder in (path.parent, path):
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            return False
        if (
            not stat.S_ISDIR(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return False
    return True
