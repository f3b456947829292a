"""manifest.json: how the release was made, what went in, and every file with its SHA-256."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from packager.checksums import sha256_file
from packager.layout import MANIFEST_NAME


def output_files(release: Path) -> list[dict[str, Any]]:
    """Every file under ``release`` but the manifest, sorted by path, with size and SHA-256."""
    entries = []
    for path in sorted(release.rglob("*"), key=lambda p: p.relative_to(release).as_posix()):
        relpath = path.relative_to(release).as_posix()
        if path.is_file() and relpath != MANIFEST_NAME:
            entries.append(
                {"path": relpath, "bytes": path.stat().st_size, "sha256": sha256_file(path)}
            )
    return entries


def manifest_text(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
