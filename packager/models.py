"""The records packager writes, as pydantic models.

These models are the single source of truth for the published JSON Schemas in
``schemas/`` (see :mod:`packager.check.schemas`, which generates them, and the
test that fails when the committed files drift). The build's hot path works on
plain dicts with the same keys in the same order and validates them with the
compiled schema; the models are for typed reading, the manifest and the API.

Every optional field is *required but nullable*: each record has every key, so
the JSONL, Parquet and Hugging Face features have one fixed set of columns.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from packager.settings import BuildSettings

SHA256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="Lower-case hex SHA-256.")]
ID20 = Annotated[str, Field(pattern=r"^[0-9a-f]{20}$")]
SPLIT_NAME = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
# A calendar date, optionally a time of day and a UTC offset, each field in its range
# (a day past the month's last, such as 02-30, is still let through: no regex knows).
ISO_DATE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"([T ]([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\.[0-9]+)?)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
)
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

REASON_CODES = (
    "empty-file",
    "empty-article",
    "binary-file",
    "invalid-utf8",
    "invalid-json",
    "not-an-object",
    "missing-text",
    "invalid-field",
    "invalid-metadata",
    "unreadable",
    "duplicate-id",
    "schema-invalid",
    "no-content",
    "duplicate-article",
    "no-body",
    "dropped-boilerplate",
    "dropped-heading",
    "dropped-byline",
    "too-large",
    "decompression-bomb",
    "json-array",
    "truncated-line",
    "too-deeply-nested",
    "invalid-file-name",
    "link-outside-input",
    "symlink-loop",
    "not-a-file",
    "oversized-tag",
    "too-many-paragraphs",
)
"""Stable reason codes of a rejected input; the README explains each one."""

ReasonCode = Literal[REASON_CODES]  # type: ignore[valid-type]
Kind = Literal["body", "heading", "byline", "boilerplate"]
FlagCode = Literal[
    "repeated-in-article",
    "repeated-across-source",
    "template-text",
    "call-to-action",
    "appeal-prose",
    "sign-off",
    "promo-block",
    "too-short",
    "no-letters",
    "credit-line",
    "heading-like",
    "control-characters",
    "mojibake",
    "very-long",
    "model-furniture",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Record):
    """Where a paragraph or article came from, precisely enough to find the raw bytes again."""

    path: str = Field(
        min_length=1,
        description="Input file, relative to the input root it was found under (POSIX separators).",
    )
    url: str | None = Field(description="The article's URL from its metadata, if known.")
    sha256: SHA256 = Field(description="SHA-256 of the whole input file, as stored.")
    line_start: int = Field(ge=1, description="First line (1-based) in the input file.")
    line_end: int = Field(ge=1, description="Last line (1-based, inclusive) in the input file.")
    byte_start: int = Field(ge=0, description="Start byte offset in the (decompressed) file.")
    byte_end: int = Field(
        ge=0,
        description="End byte offset (exclusive). For a .txt article "
        "this is exactly the paragraph's raw bytes; for a JSONL record it is "
        "the record's whole line; for HTML, the whole page.",
    )
    element: str | None = Field(
        description="For HTML input, the element the paragraph was extracted from, when the "
        "extractor tells it; null otherwise."
    )


class Flag(_Record):
    """One reason code with its evidence."""

    code: FlagCode = Field(description="Stable reason code; see the README.")
    count: int | None = Field(description="A count that is the evidence (repeats, length).")
    detail: str | None = Field(description="Wording or group that is the evidence.")


class ParagraphRecord(_Record):
    """One paragraph of one article: the unit annotators label."""

    paragraph_id: ID20 = Field(description="Stable ID (see the ID scheme in the README).")
    article_id: ID20 = Field(description="ID of the article this paragraph belongs to.")
    split: SPLIT_NAME = Field(description="Split of the article (all its paragraphs share it).")
    index: int = Field(ge=0, description="0-based position of the paragraph in its article.")
    text: str = Field(min_length=1, description="NFC-normalised, trimmed paragraph text.")
    char_start: int = Field(ge=0, description="Start offset in the article's text, code points.")
    char_end: int = Field(ge=1, description="End offset (exclusive) in the article's text.")
    n_chars: int = Field(ge=1, description="Length of text in code points.")
    kind: Kind = Field(description="body, heading, byline or boilerplate.")
    flags: list[Flag] = Field(description="Reason codes with evidence (empty for plain body).")
    source: Source


class ArticleRecord(_Record):
    """One article: its normalised text, metadata and provenance."""

    article_id: ID20 = Field(description="Stable ID derived from id, else URL, else path.")
    external_id: str | None = Field(
        min_length=1,
        max_length=1000,
        pattern=r"\S",
        description="The input record's own `id`, if it had one (1 to 1,000 characters, "
        "not only white space).",
    )
    split: SPLIT_NAME = Field(description="train/validation/test by a hash of article_id.")
    title: str | None = Field(description="Headline from metadata or --title-line.")
    url: str | None = Field(pattern=r"^https?://\S+$", description="Canonical URL as given.")
    publisher: str | None = Field(description="Outlet or site name.")
    published_at: str | None = Field(pattern=ISO_DATE, description="ISO 8601 date or datetime.")
    authors: list[str] = Field(description="Author names, in the order given (may be empty).")
    language: str | None = Field(pattern=LANGUAGE_TAG, description="BCP 47 language tag.")
    license: str | None = Field(description="License of the article text, e.g. CC-BY-4.0.")
    text: str = Field(min_length=1, description="Paragraphs joined by one blank line (\\n\\n).")
    n_paragraphs: int = Field(ge=1, description="Number of paragraph records of the article.")
    n_chars: int = Field(ge=1, description="Length of text in code points.")
    paragraph_convention: Literal["line", "blank-line", "html"] = Field(
        description="How paragraphs were delimited in the input (detected or forced; html "
        "for extracted pages)."
    )
    language_source: Literal["metadata", "detected"] | None = Field(
        description="Where language came from; null when unknown."
    )
    duplicate_of: ID20 | None = Field(
        description="The earlier article this one duplicates (exact or near), if any."
    )
    dup_group: ID20 = Field(
        description="The duplicate group: its earliest article's ID (the article's own ID "
        "when it has no duplicates). The split follows the group."
    )
    extra: str = Field(
        description="Every other metadata key of the input, as a JSON object string "
        "(kept as a string so that Parquet has one fixed column type).",
        json_schema_extra={"contentMediaType": "application/json"},
    )
    source: Source


class Finding(_Record):
    """One problem found in one record or input, with where it is."""

    code: str = Field(description="Stable code, e.g. schema-invalid or invalid-json.")
    message: str = Field(description="What is wrong, in one line.")
    pointer: str | None = Field(description="JSON pointer (RFC 6901) into the record, if any.")


class RejectRecord(_Record):
    """An input article (or unreadable input unit) that is not in the release, and why."""

    reason: ReasonCode = Field(description="Stable reason code; see the README.")
    message: str = Field(description="One line: file, line, what is wrong and what to do.")
    source_path: str = Field(description="Input file, relative to its input root.")
    line: int | None = Field(ge=1, description="Line in the input file, where it applies.")
    article_id: ID20 | None = Field(description="The article's ID, if it got that far.")
    paragraph_id: ID20 | None = Field(description="For a dropped paragraph, its ID.")
    text: str | None = Field(description="For a dropped paragraph, its text.")
    findings: list[Finding] = Field(description="Schema findings, for schema-invalid rejects.")


class InputFile(_Record):
    """One input file the build read."""

    path: str = Field(description="Relative to its input root.")
    kind: Literal["text", "jsonl", "html", "metadata"] = Field(description="How it was read.")
    bytes: int = Field(ge=0)
    sha256: SHA256


class OutputFile(_Record):
    """One file of the release (every file but manifest.json itself)."""

    path: str = Field(description="Relative to the release folder.")
    bytes: int = Field(ge=0)
    sha256: SHA256


class Counts(_Record):
    """What went in and what came out; inputs == accepted + rejected always holds."""

    inputs: int = Field(
        ge=0,
        description="Input units: a .txt file, a JSONL line, or an unreadable file counted once.",
    )
    accepted: int = Field(ge=0)
    rejected: int = Field(ge=0)
    rejected_by_reason: dict[str, int]
    articles: dict[str, int] = Field(description="Accepted articles per split.")
    paragraphs: dict[str, int] = Field(description="Paragraph records per split.")
    paragraphs_dropped: dict[str, int] = Field(
        description="Paragraphs moved to the rejects report, per reason (not input units)."
    )
    kinds: dict[str, int] = Field(description="Released paragraphs per kind.")
    flags: dict[str, int] = Field(description="Released paragraphs carrying each flag.")
    languages: dict[str, int] = Field(description="Accepted articles per language.")
    duplicates: int = Field(ge=0, description="Accepted articles that duplicate another.")


class Manifest(_Record):
    """manifest.json: how the release was made and what it contains."""

    name: str
    version: str
    packager_version: str
    id_scheme: str = Field(description="Version of the ID scheme, e.g. packager-ids/1.")
    created_at: str | None = Field(description="From SOURCE_DATE_EPOCH (UTC), else null.")
    schemas: dict[str, str] = Field(description="Record kind -> $id of its schema.")
    tools: dict[str, str] = Field(
        description="Versions of the libraries whose output is in the release (extraction, "
        "language detection, duplicate detection, file formats)."
    )
    settings: BuildSettings
    inputs: list[InputFile]
    counts: Counts
    files: list[OutputFile]
