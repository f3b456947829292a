"""The values and defaults the help text shows, without importing what defines them.

``packager --help`` has to start in a fraction of a second, and the modules that
define these values build pydantic models or import pyarrow and datasets. Each
value here is a copy of the library's own; tests/test_cli.py proves they agree.
"""

from __future__ import annotations

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
