"""Shared fixtures. Everything runs offline: no test may reach the Hugging Face Hub."""

from __future__ import annotations

import os

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.pop("SOURCE_DATE_EPOCH", None)

from pathlib import Path

import datasets
import pytest

from packager.settings import BuildSettings

datasets.disable_progress_bars()

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_RELEASE = REPO / "dist" / "example-news" / "1.0.0"


@pytest.fixture
def settings() -> BuildSettings:
    return BuildSettings(name="test-news", version="1.0.0")


@pytest.fixture
def write_files(tmp_path: Path):
    """Write {relative path: str | bytes} under a fresh input folder and return it."""

    def write(files: dict[str, str | bytes], folder: str = "in") -> Path:
        root = tmp_path / folder
        for relpath, content in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_bytes(content.encode("utf-8"))
            else:
                path.write_bytes(content)
        return root

    return write
