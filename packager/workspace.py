"""The folders a build keeps beside its release: checked before they are trusted.

A build writes ``OUT/NAME/.VERSION.partial-PID`` (staging) and
``OUT/NAME/.VERSION.work/KEY`` (finished batches, for resuming), then renames the
staging folder to ``OUT/NAME/VERSION``. ``OUT`` is the user's choice and may be a
link; nothing below it may be. A link at ``OUT/NAME`` would send the release
elsewhere, and a resume folder that someone else can write would let them plant
a batch: batches are pickles, and loading a pickle runs code.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from packager.errors import ReleaseError


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


def real_folder(path: Path) -> Path:
    """``path`` created if missing (with its parents); refused when it is a link or a file."""
    if path.is_symlink():
        raise ReleaseError(
            f"{path} is a symbolic link; packager writes releases only into real folders "
            "under --out (pass --out to where the link points, or remove the link)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ReleaseError(f"{path} exists and is not a folder; move it away") from None
    except OSError as exc:
        raise ReleaseError(f"cannot create {path}: {exc.strerror}") from exc
    return path


def private_folder(path: Path) -> Path:
    """``path`` and its parent, created ``0700`` when missing; refused unless each is a real
    folder owned by this user that nobody else can write."""
    for folder in (path.parent, path):
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise ReleaseError(f"cannot create {folder}: {exc.strerror}") from exc
        info = os.lstat(folder)
        if (
            not stat.S_ISDIR(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            raise ReleaseError(
                f"{folder} is not a private folder of this user (a link, another user's, or "
                "writable by others), so its saved batches cannot be trusted; remove it, "
                "then run the build again"
            )
    return path
