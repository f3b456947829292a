"""Types shared by the public functions' signatures."""

from __future__ import annotations

import os
from typing import TypeAlias

StrPath: TypeAlias = str | os.PathLike[str]
"""A path as callers hold it: a ``str`` or any ``os.PathLike`` (``pathlib.Path``).
Public functions accept it and convert at the boundary with ``Path(...)``."""
