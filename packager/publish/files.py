"""Writing files under an output folder, never through a link and never half-way.

The folder a user names (``--out``) may itself be a symbolic link: that is where
they asked the output to go. Below it, packager writes only into real folders,
and every file is written to a fresh temporary name (``O_EXCL | O_NOFOLLOW``)
and renamed over the final one. So a link planted in an output folder
(``tasks-00000.json`` -> ``~/.bashrc``, ``data`` -> ``/etc``) is replaced or
refused, never written through; a hard link is replaced, not overwritten; and a
killed command leaves the old file or the new one, not a mix. File names below
the output folder are fixed strings or checked by :func:`child`, never a path
taken from the data.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from packager.errors import OutputError


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


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _cannot(action: str, path: Path, exc: OSError, advice: str | None = None) -> OutputError:
    if advice is None:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        advice = "free space, or choose another --out" if full else "choose another --out"
    return OutputError(f"cannot {action} {path} ({exc.strerror or exc}); {advice}")


def output_folder(path: Path) -> Path:
    """``path``, the folder the user chose, created with its parents when missing."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{path} exists and is not a folder; choose another --out") from None
    except OSError as exc:
        raise _cannot("create", path, exc) from None
    return path


def child(folder: Path, name: str) -> Path:
    """``folder / name`` for one plain name: no separator, not ``.`` or ``..``, no NUL."""
    if name in ("", ".", "..") or any(c in name for c in "/\\\0"):
        raise OutputError(f"{name!r} cannot be a file name under {folder}")
    return folder / name


def subfolder(folder: Path, name: str) -> Path:
    """The real folder ``folder / name``, created when missing; a link there is refused."""
    path = child(folder, name)
    try:
        path.mkdir(exist_ok=True)
    except FileExistsError:
        pass  # a file or a link: refused below
    except OSError as exc:
        raise _cannot("create", path, exc) from None
    if path.is_symlink() or not path.is_dir():
        raise OutputError(
            f"{path} is a symbolic link or a file, not a folder; packager writes only into "
            "real folders under --out: remove it, or choose another --out"
        )
    return path


class OutputFile:
    """A file written under a temporary name and renamed into place on success.

    ``with OutputFile(path) as stream: stream.write(...)``; when the block raises,
    the temporary file is removed and ``path`` is left as it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        self._stream: BinaryIO | None = None

    def open(self) -> BinaryIO:
        stale = self.path.parent.glob(f".{glob.escape(self.path.name)}.partial-*")
        for left in left_by_dead_processes(stale):  # by a killed command
            with suppress(OSError):
                left.unlink()
        try:
            self._partial.unlink(missing_ok=True)  # left by a killed process of this pid
            descriptor = os.open(self._partial, _CREATE, 0o666)
        except OSError as exc:
            raise _cannot("write", self.path, exc) from None
        self._stream = os.fdopen(descriptor, "wb")
        return self._stream

    def commit(self) -> None:
        assert self._stream is not None
        try:
            self._stream.close()
            os.replace(self._partial, self.path)
        except OSError as exc:
            self.abort()
            raise _cannot("write", self.path, exc) from None

    def abort(self) -> None:
        """Discard the temporary file; never raises."""
        if self._stream is not None:
            with suppress(OSError):
                self._stream.close()
        with suppress(OSError):
            self._partial.unlink(missing_ok=True)

    def __enter__(self) -> BinaryIO:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
            return
        self.abort()
        if isinstance(exc, OSError):  # a full disk while writing
            raise _cannot("write", self.path, exc) from exc


def write_bytes(path: Path, data: bytes) -> Path:
    with OutputFile(path) as stream:
        stream.write(data)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def read_plain(path: Path) -> bytes:
    """The bytes of a regular file that is not a symbolic link (a release's own file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if path.is_symlink():
            raise OutputError(
                f"{path} is a symbolic link; a release holds plain files (run packager verify)"
            ) from None
        raise _cannot("read", path, exc, "check that it exists and is readable") from None
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read()
