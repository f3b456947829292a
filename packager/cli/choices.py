"""The values and defaults the help text shows, without importing what defines them.

``packager --help`` has to start in a fraction of a second, and the modules that
define these values build pydantic models or import pyarrow and datasets. Each
value here is a copy of the library's own; tests/cli/test_cli.py proves they agree.
"""

from __future__ import annotations

from enum import Enum, StrEnum

# packager.check.schemas.RECORD_KINDS
RECORD_KINDS = (
    "paragraph",
    "article",
    "reject",
    "manifest",
    "label-scheme",
    "annotation",
    "annotation-reject",
)
# packager.labeling.models.TOOLS
TOOLS = ("label-studio", "doccano", "prodigy", "argilla")
# packager.labeling.offsets.OffsetUnit
OFFSET_UNITS = ("codepoint", "utf16", "grapheme")
# packager.settings.DEFAULT_SPLITS, as --splits spells it
DEFAULT_SPLITS = "train=80,validation=10,test=10"
# packager.settings.InputLimits
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
MAX_GZIP_RATIO = 100
MAX_PARAGRAPHS_PER_ARTICLE = 10_000
# packager.labeling.task_files.DEFAULT_BATCH_SIZE
DEFAULT_BATCH_SIZE = 5_000
# packager.settings.BuildSettings: paragraph_convention, drop_kinds, dedup; the engines
PARAGRAPH_CONVENTIONS = ("auto", "line", "blank-line")
DROP_KINDS = ("boilerplate", "heading", "byline")
DEDUP_MODES = ("keep", "drop")
ENGINES = ("local", "dask")


# The options' choices as Enum classes, so --help lists them and typer refuses others.
# Written out (a type checker cannot read an Enum built from a tuple); tests/cli/test_cli_help.py
# proves each lists exactly the values above.


class ToolName(StrEnum):
    """The tools ``--to``/``--from`` take."""

    label_studio = "label-studio"
    doccano = "doccano"
    prodigy = "prodigy"
    argilla = "argilla"


class OffsetChoice(StrEnum):
    """Offset units an export can count in (``--offsets``)."""

    codepoint = "codepoint"
    utf16 = "utf16"
    grapheme = "grapheme"


class UnitChoice(StrEnum):
    """What one task is (``--unit``)."""

    paragraph = "paragraph"
    article = "article"


class Paragraphs(StrEnum):
    auto = "auto"
    line = "line"
    blank_line = "blank-line"


class DropKind(StrEnum):
    boilerplate = "boilerplate"
    heading = "heading"
    byline = "byline"


class Dedup(StrEnum):
    keep = "keep"
    drop = "drop"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class RecordKind(StrEnum):
    paragraph = "paragraph"
    article = "article"
    reject = "reject"
    manifest = "manifest"
    label_scheme = "label-scheme"
    annotation = "annotation"
    annotation_reject = "annotation-reject"


CHOICES: dict[type[Enum], tuple[str, ...]] = {
    ToolName: TOOLS,
    OffsetChoice: OFFSET_UNITS,
    UnitChoice: ("paragraph", "article"),
    Paragraphs: PARAGRAPH_CONVENTIONS,
    DropKind: DROP_KINDS,
    Dedup: DEDUP_MODES,
    Engine: ENGINES,
    RecordKind: RECORD_KINDS,
}
"""Each option Enum and the values it must list, in order."""
