"""Build settings: everything that changes what a release contains.

They are recorded in the manifest, so a release says how it was made and can be
reproduced. Validation happens here, once, so the pipeline can trust them.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from packager.versions import VERSION_PATTERN, is_version, version_error

NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"

DEFAULT_SPLITS = {"train": 0.8, "validation": 0.1, "test": 0.1}


class QualitySettings(BaseModel):
    """Thresholds of boilerplate and duplicate detection (recorded in the manifest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    too_short_chars: int = Field(
        default=20,
        ge=1,
        description="A line shorter than this that does not end like a "
        "sentence is a fragment (too-short).",
    )
    short_line_words: int = Field(
        default=12,
        ge=1,
        description="Lines of at most this many words count weak "
        "call-to-action words (subscribe, share, ...).",
    )
    repeat_min_articles: int = Field(
        default=2,
        ge=2,
        description="A paragraph in at least this many articles of one "
        "publisher or source folder is repeated-across-source.",
    )
    template_min_articles: int = Field(
        default=3,
        ge=2,
        description="A paragraph in at least this many articles of one publisher or "
        "source folder, near-duplicate articles counted once, is the outlet's template "
        "text (template-text, boilerplate).",
    )
    near_duplicate_threshold: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity of shingles at "
        "which two articles are near-duplicates.",
    )
    minhash_permutations: int = Field(default=128, ge=16, description="MinHash signature size.")
    long_paragraph_chars: int = Field(
        default=20_000, ge=100, description="A paragraph longer than this is flagged very-long."
    )
    furniture_model: str | None = Field(
        default="furniture-linear@5",
        description="The furniture model (name@version, shipped in packager/quality) that "
        "scores short paragraphs the rules leave as body (model-furniture); null: rules only.",
    )


class HtmlSettings(BaseModel):
    """How HTML pages are extracted (trafilatura options; recorded in the manifest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    favor: Literal["precision", "balanced", "recall"] = Field(
        default="precision", description="trafilatura's trade-off between noise and coverage."
    )
    include_comments: bool = Field(default=False, description="Keep readers' comments.")
    include_tables: bool = Field(default=False, description="Keep table cells as paragraphs.")


class InputLimits(BaseModel):
    """What input is read and what is refused before it can cost memory or disk.

    The rules are documented in the README ("Bad input"): .txt files are UTF-8;
    one that is not is rejected (``invalid-utf8``) unless ``text_fallback_encoding``
    names a codec that decodes it strictly, which is then recorded in the
    article's ``extra.source_encoding``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text_fallback_encoding: str | None = Field(
        default=None,
        description="Codec for .txt files that are not valid UTF-8 (e.g. windows-1252); "
        "None rejects them.",
    )
    max_article_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="A .txt file, JSONL line or (decompressed) HTML page larger than this "
        "is rejected as too-large.",
    )
    max_gzip_ratio: int = Field(
        default=100,
        ge=10,
        description="A .gz input that expands past this many times its compressed size "
        "(and past max_article_bytes) is a decompression bomb.",
    )
    max_paragraphs_per_article: int = Field(
        default=10_000,
        ge=1,
        description="An article that splits into more paragraphs than this is rejected as "
        "too-many-paragraphs (each paragraph costs about 2 KB of memory while it is built).",
    )
    follow_links: bool = Field(
        default=False,
        description="Read symbolic links that point outside the input folder (and into "
        "linked folders).",
    )

    @field_validator("text_fallback_encoding")
    @classmethod
    def _check_codec(cls, name: str | None) -> str | None:
        if name is None:
            return None
        import codecs

        try:
            return codecs.lookup(name).name
        except LookupError:
            raise ValueError(f"unknown text encoding {name!r}; e.g. windows-1252") from None


class BuildSettings(BaseModel):
    """Options of one build. Defaults are what ``packager build`` uses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN, description="Release name (folder under --out).")
    version: str = Field(
        pattern=VERSION_PATTERN,
        description="Semantic version of the release (SemVer 2.0.0, e.g. 1.0.0 or 1.1.0-rc.1).",
    )
    paragraph_convention: Literal["auto", "line", "blank-line"] = Field(
        default="auto",
        description="How paragraphs are delimited in the input text; 'auto' detects per article.",
    )
    max_wrap_width: int = Field(
        default=100,
        ge=20,
        description="A line longer than this followed by another non-blank line is a paragraph "
        "end, not a hard wrap (used by 'auto').",
    )
    title_line: bool = Field(
        default=False, description="Take an article's first paragraph as its title."
    )
    splits: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_SPLITS),
        description="Split names and their shares of articles, in assignment order.",
    )
    license: str | None = Field(default=None, description="License for the card (SPDX id).")
    pretty_name: str | None = Field(default=None, description="Human name for the card.")
    homepage: str | None = Field(
        default=None,
        description="The dataset's home page (http or https URL), as given; the card, "
        "croissant.json and datapackage.json name it only when given.",
    )
    shard_max_bytes: int = Field(
        default=256 * 1024 * 1024,
        ge=1024,
        description="Target size of one Parquet shard, measured as its records' JSONL bytes.",
    )
    row_group_rows: int = Field(default=10_000, ge=1, description="Rows per Parquet row group.")
    quality: QualitySettings = Field(default_factory=QualitySettings)
    html: HtmlSettings = Field(default_factory=HtmlSettings)
    limits: InputLimits = Field(default_factory=InputLimits)
    drop_kinds: list[Literal["boilerplate", "heading", "byline"]] = Field(
        default_factory=list,
        description="Paragraph kinds moved from the release to the rejects report.",
    )
    dedup: Literal["keep", "drop"] = Field(
        default="keep",
        description="keep: flag duplicate articles; drop: move them to the rejects report.",
    )

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, name: object) -> object:
        if isinstance(name, str) and not is_release_name(name):
            raise ValueError(
                f"release name {name!r} is not allowed: use lower-case letters, digits, "
                "'.', '_' and '-', starting with a letter or digit (at most 100)"
            )
        return name

    @field_validator("version", mode="before")
    @classmethod
    def _check_version(cls, version: object) -> object:
        if isinstance(version, str) and not is_version(version):
            raise ValueError(version_error(version))
        return version

    @field_validator("homepage")
    @classmethod
    def _check_homepage(cls, url: str | None) -> str | None:
        if url is not None and not is_web_address(url):
            raise ValueError(
                f"homepage {url!r} is not a web address such as https://example.org/news"
            )
        return url

    @field_validator("splits")
    @classmethod
    def _check_splits(cls, splits: dict[str, float]) -> dict[str, float]:
        if not splits:
            raise ValueError("at least one split is needed, e.g. train=1")
        for split_name, share in splits.items():
            if not is_split_name(split_name):
                raise ValueError(
                    f"split name {split_name!r} must be lower-case letters, digits and _"
                )
            if not share > 0:
                raise ValueError(f"split {split_name!r} needs a share above 0, got {share}")
        total = sum(splits.values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"split shares must add up to 1 (or 100), they add up to {total:g}")
        return splits


def is_release_name(name: str) -> bool:
    """A release name, which is a folder under ``--out``: one plain ASCII path part."""
    return re.fullmatch(NAME_PATTERN, name, re.ASCII) is not None


def is_web_address(url: str) -> bool:
    """An absolute http(s) URL with a host and no spaces or control characters."""
    from urllib.parse import urlsplit

    if not url.isascii() or not url.isprintable() or " " in url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_split_name(split_name: str) -> bool:
    return (
        bool(split_name)
        and split_name[0].isascii()
        and split_name[0].islower()
        and all(ch.isascii() and (ch.islower() or ch.isdigit() or ch == "_") for ch in split_name)
    )


def parse_splits(spec: str) -> dict[str, float]:
    """Parse ``"train=80,validation=10,test=10"`` (percentages or fractions) into shares.

    >>> parse_splits("train=80,test=20")
    {'train': 0.8, 'test': 0.2}
    """
    from packager.errors import ConfigError

    shares: dict[str, float] = {}
    for part in spec.split(","):
        split_name, sep, value = part.strip().partition("=")
        if not sep:
            raise ConfigError(f"--splits: {part!r} is not NAME=SHARE (e.g. train=80,test=20)")
        if split_name.strip() in shares:
            raise ConfigError(
                f"--splits: split {split_name.strip()!r} is given more than once; name each "
                "split once (e.g. train=80,test=20)"
            )
        try:
            shares[split_name.strip()] = float(value)
        except ValueError:
            raise ConfigError(
                f"--splits: share {value!r} of {split_name!r} is not a number"
            ) from None
    total = sum(shares.values())
    if math.isclose(total, 100, abs_tol=1e-9):  # given as percentages
        return {k: v / 100 for k, v in shares.items()}
    if math.isclose(total, 1, abs_tol=1e-9):
        return shares
    raise ConfigError(
        f"--splits: the shares add up to {total:g}; give percentages that add up to 100 "
        "(e.g. train=80,validation=10,test=10) or fractions that add up to 1"
    )
