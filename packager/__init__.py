"""packager: scraped news articles in, validated paragraph-level dataset releases out.

Everything the CLI does is here too::

    from pathlib import Path
    import packager

    settings = packager.BuildSettings(name="city-news", version="1.0.0")
    result = packager.build_release([Path("articles/")], settings, out=Path("dist"))
    report = packager.validate_path(result.release)
"""

__version__ = "0.1.0"

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
