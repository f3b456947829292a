"""The release folder: written under a temporary name, renamed into place, never changed.

A version is immutable. Building a version that exists is a quiet success when
the new build is byte-identical, and a :class:`ReleaseConflictError` naming the
first differing file otherwise (``force=True`` replaces it).
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from filelock import FileLock, Timeout

from packager.errors import BuildInProgressError, ConfigError, ReleaseConflictError, ReleaseError
from packager.publish.files import left_by_dead_processes, output_folder, subfolder
from packager.settings import is_release_name, is_version

PublishOutcome = Literal["created", "unchanged", "replaced"]


def release_path(out: Path, name: str, version: str) -> Path:
    """``out/name/version``, after checking that neither can leave ``out``."""
    if not is_release_name(name):
        raise ConfigError(
            f"release name {name!r} is not allowed: use lower-case letters, digits, '.', '_' "
            "and '-', starting with a letter or digit"
        )
    if not is_version(version):
        raise ConfigError(f"version {version!r} is not a semantic version such as 1.0.0")
    return out / name / version


def name_folder(final: Path) -> Path:
    """``OUT/NAME``, the real folder that holds the versions of a release (``OUT`` may be
    a link: the user chose it; ``OUT/NAME`` may not, or the release would land elsewhere)."""
    return subfolder(output_folder(final.parent.parent), final.parent.name)


@contextmanager
def build_lock(final: Path) -> Iterator[None]:
    """Hold ``.VERSION.lock`` beside the release for the whole build, or fail at once.

    Two builds of one version would share the resume folder and race to
    publish; the second one is refused instead. The lock is ``flock``-based
    (filelock), so the operating system drops it when a build is killed, and
    the same command can resume. The empty lock file stays: deleting it would
    let a third build lock a new file while a second still holds the old one.
    """
    name_folder(final)
    if final.is_symlink():
        raise ReleaseError(
            f"{final} is a symbolic link; a release is a real folder (remove the link)"
        )
    lock = FileLock(final.parent / f".{final.name}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        name, version = final.parent.name, final.name
        raise BuildInProgressError(
            f"another build of {name} {version} is running in {final.parent.parent}; wait for "
            "it to finish, then run this command again (it will find the release built)"
        ) from None
    except OSError as exc:  # a link or a folder in its place
        raise ReleaseError(
            f"cannot lock {lock.lock_file} ({exc.strerror or exc}); a lock file is an empty "
            "plain file: remove what is there, then run again"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def staging_folder(final: Path) -> Iterator[Path]:
    """A fresh hidden folder beside ``final`` (same file system, so the rename is atomic).

    Removed when the block fails; when it succeeds the caller has published it.
    """
    name_folder(final)
    _remove_abandoned(final)
    staging = final.parent / f".{final.name}.partial-{os.getpid()}"
    if staging.is_symlink():
        staging.unlink()
    elif staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _remove_abandoned(final: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in left_by_dead_processes(final.parent.glob(f".{final.name}.partial-*")):
        shutil.rmtree(folder, ignore_errors=True)


def first_difference(left: Path, right: Path) -> str | None:
    """The first file (sorted by path) that differs between two folders, or None."""
    left_files = _files(left)
    right_files = _files(right)
    for relpath in sorted(left_files | right_files):
        if relpath not in left_files or relpath not in right_files:
            return relpath
        if not filecmp.cmp(left / relpath, right / relpath, shallow=False):
            return relpath
    return None


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def publish(staging: Path, final: Path, *, force: bool = False) -> PublishOutcome:
    """Move a finished staging folder to its final name, keeping versions immutable."""
    if not final.exists():
        try:
            staging.rename(final)
        except OSError as exc:
            if final.exists():  # another build published the same version first
                return publish(staging, final, force=force)
            raise ReleaseError(f"cannot publish {final}: {exc.strerror}") from exc
        return "created"
    difference = first_difference(final, staging)
    if difference is None:
        return "unchanged"
    if not force:
        raise ReleaseConflictError(
            f"{final} already exists and differs from this build (first difference: "
            f"{difference}); releases are immutable: choose a new --version, or --force "
            "to replace it"
        )
    retired = final.parent / f".{final.name}.replaced-{os.getpid()}"
    final.rename(retired)
    staging.rename(final)
    shutil.rmtree(retired, ignore_errors=True)
    return "replaced"
