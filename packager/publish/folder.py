"""A command's whole output folder, staged beside it and published by one rename.

``export``, ``annotations import``, ``annotations merge`` and ``annotations carry``
each write a folder of several files. They write it as a build writes a release:

* one command per output folder at a time: ``.NAME.lock`` beside the folder is
  held (``flock``, via filelock) for the whole command, so a second one fails at
  once with one clear error, and the operating system drops it when a command is
  killed;
* everything goes into ``.NAME.staging-PID`` beside the folder (same file system),
  and only a command that finished publishes it: by one ``rename`` when the folder
  is new, by exchanging the two names in one ``renameat2(RENAME_EXCHANGE)`` when
  it replaces an old folder (Linux; elsewhere two renames, and a command killed
  between them leaves the old folder aside, which the next run puts back);
* so a killed or failed command leaves the old folder or the new one, never a mix,
  and the next command into the folder removes what a dead one left.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from packager.errors import OutputError
from packager.publish.files import left_by_dead_processes, output_folder

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def final_folder(out: Path) -> Path:
    """The folder ``out`` names: a link the user chose is followed (its target is replaced)."""
    return out.resolve() if out.is_symlink() else out.absolute()


def is_empty(folder: Path) -> bool:
    """Whether ``folder`` is missing or holds nothing."""
    return not folder.is_dir() or next(folder.iterdir(), None) is None


@contextmanager
def output_lock(final: Path, out: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``final`` for the block, or fail at once naming ``out``."""
    lock = FileLock(final.parent / f".{final.name}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"another packager command is writing {out}; wait for it to finish, then run again"
        ) from None
    except OSError as exc:  # a folder or a link where the lock file goes
        raise OutputError(
            f"cannot lock {lock.lock_file} ({exc.strerror or exc}); a lock file is an empty "
            "plain file: remove what is there, then run again"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def staged_output(
    out: Path,
    *,
    check: Callable[[Path], None] | None = None,
    seed: Callable[[Path, Path], None] | None = None,
) -> Iterator[Path]:
    """A fresh staging folder for ``out``, published in its place when the block succeeds.

    Under the lock, before anything is written: ``check(final)`` may refuse the
    folder that is there (raise), and ``seed(final, staging)`` may carry some of its
    files over. When the block raises, nothing is published and the staging folder
    is removed; a write that fails in the operating system (a full disk, a file size
    limit) is one :class:`OutputError` that says nothing was published.
    """
    final = final_folder(out)
    output_folder(final.parent)
    if final.exists() and not final.is_dir():
        raise OutputError(f"{out} exists and is not a folder; choose another --out")
    with output_lock(final, out):
        clean_abandoned(final)
        if check is not None:
            check(final)
        staging = final.parent / f".{final.name}.staging-{os.getpid()}"
        _remove(staging)
        try:
            staging.mkdir()
            if seed is not None:
                seed(final, staging)
            yield staging
            publish_folder(staging, final)
        except OSError as exc:
            if not _a_write(exc, staging):
                raise
            raise _not_written(out, exc) from None
        except OutputError as exc:
            if str(staging) not in str(exc):
                raise
            message = str(exc).replace(str(staging), str(out))
            raise OutputError(f"{message}; nothing was published, {out} is as it was") from None
        finally:
            _remove(staging)


def _a_write(exc: OSError, staging: Path) -> bool:
    """Whether ``exc`` is writing the output going wrong (not reading an input)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    return any(str(name).startswith(str(staging)) for name in (exc.filename, exc.filename2))


def keep_others(own: Collection[str]) -> Callable[[Path, Path], None]:
    """A ``seed`` that carries what the old folder holds besides the files named ``own``
    (a command's own, which it writes again) into staging: hard-linked, else copied."""

    def seed(final: Path, staging: Path) -> None:
        if not final.is_dir():
            return
        for entry in final.iterdir():
            if entry.name in own:
                continue
            target = staging / entry.name
            if entry.is_symlink():
                os.symlink(os.readlink(entry), target)
            elif entry.is_dir():
                shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, target)

    return seed


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _not_written(out: Path, exc: OSError) -> OutputError:
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    advice = f"free space under {out.parent} or choose another --out" if full else "check --out"
    return OutputError(
        f"cannot write {out} ({exc.strerror or exc}): {advice}; nothing was published, "
        f"{out} is as it was"
    )


def clean_abandoned(final: Path) -> None:
    """What killed commands left beside ``final``: staging folders are removed; an old
    folder moved aside by a command killed mid-swap is put back when ``final`` is gone."""
    parent, name = final.parent, glob.escape(final.name)
    for left in left_by_dead_processes(parent.glob(f".{name}.replaced-*")):
        if not final.exists() and not final.is_symlink():
            left.rename(final)
        else:
            _remove(left)
    for left in left_by_dead_processes(parent.glob(f".{name}.staging-*")):
        _remove(left)


def publish_folder(staging: Path, final: Path) -> None:
    """Put the finished ``staging`` folder in ``final``'s place; the old one is removed."""
    if not final.exists():
        _rename(staging, final)
        return
    if _exchange(staging, final):  # staging now holds the old folder
        _remove(staging)
        return
    retired = final.parent / f".{final.name}.replaced-{os.getpid()}"
    _remove(retired)
    _rename(final, retired)
    _rename(staging, final)
    _remove(retired)


def _rename(source: Path, target: Path) -> None:
    source.rename(target)


def _exchange(source: Path, target: Path) -> bool:
    """Swap two names in one step (Linux ``renameat2``); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28
        return False
    name, flags = ctypes.c_char_p, ctypes.c_uint
    renameat2.argtypes = [ctypes.c_int, name, ctypes.c_int, name, flags]
    renameat2.restype = ctypes.c_int
    done = renameat2(
        _AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False  # the file system cannot exchange names
    raise OSError(code, os.strerror(code), str(target))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
