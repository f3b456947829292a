"""Finished batches of one build, kept on disk so a killed build can resume."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any


def write_pickle(path: Path, value: Any) -> None:
    """``value`` pickled to ``path`` through a temporary name: a kill never leaves half a file."""
    partial = path.with_name(f"{path.name}.partial-{os.getpid()}")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)


class Checkpoint:
    """The results of finished tasks, by pass and task number (a
    :class:`packager.engines.batching.BatchStore`).

    Task k of a pass is always the same articles (input order, fixed size), and the
    folder is keyed by the settings, packager's code and every input's SHA-256, so a
    stored result is exactly what recomputing would give. Results are pickles, which
    run code when loaded, so the build gives a folder only when only this user can
    write it (:func:`packager.build.workspace.private_folder`); without one
    (``folder`` None) nothing is kept or reused.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.reused = 0

    def _path(self, step: str, index: int) -> Path | None:
        return None if self.folder is None else self.folder / f"{step}-{index:07d}.pickle"

    def load(self, step: str, index: int) -> list[Any] | None:
        path = self._path(step, index)
        if path is None or not path.exists():
            return None
        self.reused += 1
        results: list[Any] = pickle.loads(path.read_bytes())
        return results

    def store(self, step: str, index: int, results: list[Any]) -> None:
        path = self._path(step, index)
        if path is not None:
            write_pickle(path, results)
