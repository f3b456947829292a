"""packager: scraped news articles in, validated paragraph-level dataset releases out.

Everything the CLI does is here too::

    from pathlib import Path
    import packager

    settings = packager.BuildSettings(name="city-news", version="1.0.0")
    result = packager.build_release([Path("articles/")], settings, out=Path("dist"))
    report = packager.validate_path(result.release)

The public names are imported on first use (PEP 562), so ``import packager`` and
the ``packager`` command start without loading datasets, pandas or pyarrow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_PUBLIC = {
    "BuildResult": "packager.build",
    "build_release": "packager.build",
    "ValidationReport": "packager.check.report",
    "validate_path": "packager.check.report",
    "ConfigError": "packager.errors",
    "IdCollisionError": "packager.errors",
    "PackagerError": "packager.errors",
    "ReleaseConflictError": "packager.errors",
    "ReleaseError": "packager.errors",
    "SchemaError": "packager.errors",
    "StrictModeError": "packager.errors",
    "ID_SCHEME": "packager.identify",
    "article_id": "packager.identify",
    "paragraph_id": "packager.identify",
    "split_for": "packager.identify",
    "ArticleRecord": "packager.models",
    "Manifest": "packager.models",
    "ParagraphRecord": "packager.models",
    "RejectRecord": "packager.models",
    "Source": "packager.models",
    "split_paragraphs": "packager.segment",
    "BuildSettings": "packager.settings",
}

__all__ = [
    "ID_SCHEME",
    "ArticleRecord",
    "BuildResult",
    "BuildSettings",
    "ConfigError",
    "IdCollisionError",
    "Manifest",
    "PackagerError",
    "ParagraphRecord",
    "RejectRecord",
    "ReleaseConflictError",
    "ReleaseError",
    "SchemaError",
    "Source",
    "StrictModeError",
    "ValidationReport",
    "__version__",
    "article_id",
    "build_release",
    "paragraph_id",
    "split_for",
    "split_paragraphs",
    "validate_path",
]

if TYPE_CHECKING:
    from packager.build import BuildResult, build_release
    from packager.check.report import ValidationReport, validate_path
    from packager.errors import (
        ConfigError,
        IdCollisionError,
        PackagerError,
        ReleaseConflictError,
        ReleaseError,
        SchemaError,
        StrictModeError,
    )
    from packager.identify import ID_SCHEME, article_id, paragraph_id, split_for
    from packager.models import ArticleRecord, Manifest, ParagraphRecord, RejectRecord, Source
    from packager.segment import split_paragraphs
    from packager.settings import BuildSettings


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'packager' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup skips __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
