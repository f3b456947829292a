"""The Hugging Face dataset card: README.md with YAML front matter and a human description.

The YAML (``configs`` and ``dataset_info``) is produced by the ``datasets`` and
``huggingface_hub`` libraries themselves from the release's Arrow schemas and
split counts, so ``load_dataset`` reads exactly what it expects and checks the
number of examples of every split.
"""

from __future__ import annotations

from dataclasses import dataclass

import datasets
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from packager.export.arrow import arrow_schema
from packager.identify import ID_SCHEME
from packager.settings import BuildSettings

CONFIGS = {"paragraphs": "paragraph", "articles": "article"}


@dataclass(frozen=True)
class SplitStats:
    num_examples: int
    num_bytes: int
    download_bytes: int


def card_license(licenses: set[str], settings: BuildSettings) -> str:
    """The card's license id: the setting, else the articles' one license, else 'other'."""
    if settings.license:
        return settings.license.lower()
    if len(licenses) == 1:
        return next(iter(licenses)).lower()
    return "other"


def front_matter(
    settings: BuildSettings,
    stats: dict[str, dict[str, SplitStats]],
    languages: list[str],
    license_id: str,
) -> str:
    """The YAML between the ``---`` lines. Empty splits are left out: ``datasets`` cannot
    read a Parquet file with no rows."""
    configs = []
    infos = {}
    for config, kind in CONFIGS.items():
        present = [split for split in settings.splits if stats[config][split].num_examples]
        entry: dict[str, object] = {"config_name": config}
        if config == "paragraphs":
            entry["default"] = True
        entry["data_files"] = [
            {"split": split, "path": f"data/{config}/{split}-*.parquet"} for split in present
        ]
        configs.append(entry)
        split_dict = datasets.SplitDict()
        for split in present:
            split_dict.add(
                datasets.SplitInfo(
                    split,
                    num_bytes=stats[config][split].num_bytes,
                    num_examples=stats[config][split].num_examples,
                )
            )
        infos[config] = datasets.DatasetInfo(
            features=datasets.Features.from_arrow_schema(arrow_schema(kind)),
            config_name=config,
            splits=split_dict,
            download_size=sum(s.download_bytes for s in stats[config].values()),
            dataset_size=sum(s.num_bytes for s in stats[config].values()),
        )
    card = DatasetCardData(
        pretty_name=settings.pretty_name or settings.name,
        license=license_id,
        language=languages or None,
        configs=configs,
    )
    DatasetInfosDict(infos).to_dataset_card_data(card)
    return card.to_yaml()


def render_card(
    settings: BuildSettings,
    stats: dict[str, dict[str, SplitStats]],
    languages: list[str],
    license_id: str,
    rejected: dict[str, int],
) -> str:
    yaml = front_matter(settings, stats, languages, license_id)
    title = settings.pretty_name or settings.name
    rows = "\n".join(
        f"| {split} | {stats['articles'][split].num_examples} "
        f"| {stats['paragraphs'][split].num_examples} |"
        for split in settings.splits
    )
    empty = [s for s in settings.splits if not stats["paragraphs"][s].num_examples]
    empty_note = f"\nEmpty splits, left out of the configs: {', '.join(empty)}.\n" if empty else ""
    rejected_note = (
        ", ".join(f"{reason}: {count}" for reason, count in sorted(rejected.items())) or "none"
    )
    return f"""---
{yaml}
---

# {title} {settings.version}

Paragraph-level dataset of news articles, built by packager from scraped article
text. Every paragraph has a stable ID and points back to the exact place it came from.

| split | articles | paragraphs |
|---|---|---|
{rows}
{empty_note}
Inputs rejected (listed in `rejects.jsonl` with reasons): {rejected_note}.

## Load it

```python
from datasets import load_dataset

paragraphs = load_dataset("path/to/{settings.name}/{settings.version}")  # config "paragraphs"
articles = load_dataset("path/to/{settings.name}/{settings.version}", "articles")
```

The same records are in `paragraphs.jsonl` and `articles.jsonl` (one JSON object
per line, all splits).

## Records

- `paragraphs`: `paragraph_id`, `article_id`, `split`, `index`, `text`,
  `char_start`/`char_end` (code points into the article's `text`, so
  `article.text[char_start:char_end] == text`), `n_chars`, and `source`
  (input `path`, `url`, `sha256`, `line_start`/`line_end`, `byte_start`/`byte_end`).
- `articles`: `article_id`, `external_id`, `split`, `title`, `url`, `publisher`,
  `published_at`, `authors`, `language`, `license`, `text` (paragraphs joined by a
  blank line), `n_paragraphs`, `n_chars`, `paragraph_convention`, `extra`
  (other metadata as a JSON string) and `source`.

The JSON Schemas (Draft 2020-12) of every record are in `schemas/`;
`manifest.json` lists the inputs and every file with its SHA-256.

## IDs and splits

IDs follow `{ID_SCHEME}`: `article_id` is a BLAKE2b hash of the article's own id,
else its canonical URL, else its input path; `paragraph_id` hashes the article ID,
the paragraph's whitespace-folded NFC text and its occurrence number among identical
paragraphs of the article. Editing, adding or moving other paragraphs never changes
an ID. Splits ({", ".join(f"{k} {v:.0%}" for k, v in settings.splits.items())}) are
decided by a hash of the article ID, so all paragraphs of an article share a split
and adding articles never moves existing ones.
"""
