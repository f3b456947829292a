"""The names of a release's files and folders, in one place for every writer and reader.

::

    OUT/NAME/VERSION/
        README.md             the dataset card (YAML front matter + description)
        manifest.json         how the release was made; every file with its SHA-256
        changes.json          what changed since --previous (only when given)
        paragraphs.jsonl      one paragraph record per line
        articles.jsonl        one article record per line
        rejects.jsonl         what was left out, each with its reason
        croissant.json        MLCommons Croissant description
        datapackage.json      Frictionless Data Package description
        schemas/              the JSON Schemas the records follow
        data/CONFIG/SPLIT-00000-of-00001.parquet   the Parquet shards of each config
"""

from __future__ import annotations

CARD_NAME = "README.md"
MANIFEST_NAME = "manifest.json"
CHANGES_NAME = "changes.json"
PARAGRAPHS_NAME = "paragraphs.jsonl"
ARTICLES_NAME = "articles.jsonl"
REJECTS_NAME = "rejects.jsonl"
CROISSANT_NAME = "croissant.json"
DATAPACKAGE_NAME = "datapackage.json"
SCHEMAS_FOLDER = "schemas"
DATA_FOLDER = "data"

# The Parquet configs (data/CONFIG/, the card's ``configs``) and the record kind each holds.
CONFIGS = {"paragraphs": "paragraph", "articles": "article"}
DEFAULT_CONFIG = "paragraphs"
# The JSONL files of a release and the record kind of each line.
JSONL_KINDS = {PARAGRAPHS_NAME: "paragraph", ARTICLES_NAME: "article", REJECTS_NAME: "reject"}


def shard_name(split: str, number: int, total: int) -> str:
    """A Parquet shard's file name, the layout the Hugging Face Hub reads as a split."""
    return f"{split}-{number:05d}-of-{total:05d}.parquet"


def shard_pattern(config: str | None = None, split: str = "{split}") -> str:
    """The glob of a split's shards, below ``data/CONFIG/`` (or ``data/`` without a config)."""
    folder = f"{DATA_FOLDER}/{config}" if config else DATA_FOLDER
    return f"{folder}/{split}-*.parquet"
