"""The folders a build keeps beside its release: checked before they are trusted.

A build writes ``OUT/NAME/.VERSION.partial-PID`` (staging) and
``OUT/NAME/.VERSION.work/KEY`` (finished batches, for resuming), then renames the
staging folder to ``OUT/NAME/VERSION``. ``OUT`` is the user's choice and may be a
link; nothing below it may be (:func:`packager.release.name_folder` refuses a link
at ``OUT/NAME``, which would send the release elsewhere). A resume folder that
someone else can write would let them plant a batch, and batches are pickles,
which run code when loaded: such a folder is never trusted (:func:`private_folder`),
and commands leave behind only what a dead process was writing
(:func:`packager.output.left_by_dead_processes`).
"""

from __future__ import annotations

import hashlib
import os
import stat
from functools import cache
from pathlib import Path

from packager._version import __version__
from packager.checksums import sha256_file
from packager.identify import ID_SCHEME
from packager.ingest.discover import Discovery
from packager.settings import BuildSettings


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


@cache
def _code_digest() -> str:
    """SHA-256 over packager's own source files: a batch saved by other code is not reused
    (another ID scheme, another record layout), even between two commits of one version."""
    digest = hashlib.sha256()
    root = Path(__file__).parents[1]  # the package folder
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def checkpoint_folder(final: Path, settings: BuildSettings, discovery: Discovery) -> Path:
    """Where a build keeps finished batches: keyed by the settings, packager's code and every
    input's content.

    Same command, same inputs: same folder, so a killed build resumes; anything
    different: another folder, so nothing stale is ever reused.
    """
    key = hashlib.sha256(settings.model_dump_json().encode())
    key.update(f"\0{__version__}\0{ID_SCHEME}\0{_code_digest()}".encode())
    for input_file in discovery.files:
        if input_file.rejection is not None:  # never opened (a pipe would block)
            key.update(
                f"\0{input_file.relpath}\0{input_file.rejection.reason}".encode(
                    "utf-8", "surrogateescape"
                )
            )
            continue
        try:
            digest = sha256_file(input_file.path)
        except OSError:
            digest = "unreadable"
        key.update(f"\0{input_file.relpath}\0{digest}".encode("utf-8", "surrogateescape"))
    return final.parent / f".{final.name}.work" / key.hexdigest()[:24]
