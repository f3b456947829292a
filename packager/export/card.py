"""The Hugging Face dataset card: README.md with YAML front matter and a human description.

The YAML (``configs`` and ``dataset_info``) is produced by the ``datasets`` and
``huggingface_hub`` libraries themselves from the release's Arrow schemas and
split counts, so ``load_dataset`` reads exactly what it expects and checks the
number of examples of every split. The rest of the YAML follows the Hub's
dataset card metadata: ``language`` is a list of ISO 639 codes (left out when
no article's language is known), ``multilinguality``, ``size_categories`` (the
Hub's buckets, from the number of paragraphs), ``pretty_name`` and ``tags``.
The card names a home page only when one was given (``--homepage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any

import datasets
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from packager.export.arrow import arrow_schema
from packager.layout import CONFIGS, DEFAULT_CONFIG, shard_pattern
from packager.settings import BuildSettings
from packager.vocabulary import FLAG_MEANINGS, KIND_MEANINGS

TAGS = ["news", "paragraphs", "provenance"]
# The Hub's size_categories buckets: (upper bound, exclusive; name).
SIZE_CATEGORIES = [
    (10**3, "n<1K"),
    (10**4, "1K<n<10K"),
    (10**5, "10K<n<100K"),
    (10**6, "100K<n<1M"),
    (10**7, "1M<n<10M"),
    (10**8, "10M<n<100M"),
    (10**9, "100M<n<1B"),
    (10**10, "1B<n<10B"),
    (10**11, "10B<n<100B"),
    (10**12, "100B<n<1T"),
]
CARD_TEMPLATE = Template(
    (resources.files("packager.export") / "card_template.md").read_text(encoding="utf-8")
)


@dataclass(frozen=True)
class SplitStats:
    num_examples: int
    num_bytes: int
    download_bytes: int


def size_category(examples: int) -> str:
    """The Hub's bucket for a number of examples, e.g. 1K<n<10K for 1,500."""
    for bound, name in SIZE_CATEGORIES:
        if examples < bound:
            return name
    return "n>1T"


def multilinguality(languages: list[str]) -> str | None:
    if not languages:
        return None
    return "monolingual" if len(languages) == 1 else "multilingual"


def card_license(licenses: set[str], settings: BuildSettings) -> str:
    """The card's license id: the setting, else the articles' one license, else 'other'."""
    if settings.license:
        return settings.license.lower()
    if len(licenses) == 1:
        return next(iter(licenses)).lower()
    return "other"


@dataclass(frozen=True)
class ConfigSpec:
    """One config of a dataset folder: its features, per-split stats and file pattern."""

    name: str
    features: datasets.Features
    splits: dict[str, SplitStats]
    path_pattern: str  # with {split}, e.g. data/paragraphs/{split}-*.parquet
    default: bool = False


def task_metadata(classes: bool, multi_label: bool, spans: bool) -> dict[str, list[str]]:
    """The Hub's ``task_categories``/``task_ids`` for a labeled dataset: classes are
    text classification (multi-class or multi-label), spans token classification (no
    task id: a span scheme may or may not be named entities)."""
    categories, ids = [], []
    if classes:
        categories.append("text-classification")
        ids.append("multi-label-classification" if multi_label else "multi-class-classification")
    if spans:
        categories.append("token-classification")
    return {"task_categories": categories, "task_ids": ids} if categories else {}


def card_yaml(
    configs: list[ConfigSpec],
    pretty_name: str,
    license_id: str,
    languages: list[str],
    tasks: dict[str, list[str]] | None = None,
) -> str:
    """The card's YAML: ``configs`` and ``dataset_info`` written by ``datasets`` itself, and
    the Hub's metadata (``size_categories`` from the default config's examples;
    ``tasks`` from :func:`task_metadata` when a label scheme is known).

    Empty splits are left out: ``datasets`` cannot read a Parquet file with no rows.
    """
    entries = []
    infos = {}
    main = next((spec for spec in configs if spec.default), configs[0])
    size_examples = sum(stats.num_examples for stats in main.splits.values())
    for spec in configs:
        present = [split for split, stats in spec.splits.items() if stats.num_examples]
        entry: dict[str, object] = {"config_name": spec.name}
        if spec.default:
            entry["default"] = True
        entry["data_files"] = [
            {"split": split, "path": spec.path_pattern.format(split=split)} for split in present
        ]
        entries.append(entry)
        split_dict = datasets.SplitDict()
        for split in present:
            stats = spec.splits[split]
            split_dict.add(
                datasets.SplitInfo(
                    split, num_bytes=stats.num_bytes, num_examples=stats.num_examples
                )
            )
        infos[spec.name] = datasets.DatasetInfo(
            features=spec.features,
            config_name=spec.name,
            splits=split_dict,
            download_size=sum(s.download_bytes for s in spec.splits.values()),
            dataset_size=sum(s.num_bytes for s in spec.splits.values()),
        )
    # task_categories and the like: DatasetCardData takes them as **kwargs
    task_fields: dict[str, Any] = {key: value for key, value in (tasks or {}).items() if value}
    card = DatasetCardData(
        pretty_name=pretty_name,
        license=license_id,
        language=languages or None,
        multilinguality=multilinguality(languages),
        size_categories=[size_category(size_examples)],
        language_creators=["found"],
        source_datasets=["original"],
        tags=TAGS,
        configs=entries,
        **task_fields,
    )
    DatasetInfosDict(infos).to_dataset_card_data(card)
    return card.to_yaml()


def front_matter(
    settings: BuildSettings,
    stats: dict[str, dict[str, SplitStats]],
    languages: list[str],
    license_id: str,
) -> str:
    """The release card's YAML: the ``paragraphs`` (default) and ``articles`` configs."""
    specs = [
        ConfigSpec(
            config,
            datasets.Features.from_arrow_schema(arrow_schema(kind)),
            {split: stats[config][split] for split in settings.splits},
            shard_pattern(config),
            default=config == DEFAULT_CONFIG,
        )
        for config, kind in CONFIGS.items()
    ]
    return card_yaml(specs, settings.pretty_name or settings.name, license_id, languages)


def citation_bibtex(settings: BuildSettings, id_scheme: str) -> str:
    return (
        f"@misc{{{settings.name.replace('-', '_')}_{settings.version.replace('.', '_')},\n"
        f"  title = {{{settings.pretty_name or settings.name}}},\n"
        f"  version = {{{settings.version}}},\n"
        f"  note = {{Paragraph-level news dataset built with packager, ID scheme {id_scheme}}}\n}}"
    )


def render_card(
    settings: BuildSettings,
    stats: dict[str, dict[str, SplitStats]],
    languages: list[str],
    license_id: str,
    counts: dict[str, Any],
    sources: dict[str, int] | None = None,
    dates: list[str] | None = None,
    *,
    id_scheme: str,
    changes: str = "",
) -> str:
    """README.md of the release: the YAML front matter, then ``card_template.md`` filled in.

    ``changes`` is the changelog's Markdown (since ``--previous``), empty without one."""
    rejected = counts["rejected_by_reason"]
    rows = "\n".join(
        f"| {split} | {stats['articles'][split].num_examples} "
        f"| {stats['paragraphs'][split].num_examples} |"
        for split in settings.splits
    )
    empty = [s for s in settings.splits if not stats["paragraphs"][s].num_examples]
    rejected_note = ", ".join(f"{reason}: {count}" for reason, count in sorted(rejected.items()))
    empty_note = f"\nEmpty splits, left out of the configs: {', '.join(empty)}.\n" if empty else ""
    kind_rows = "\n".join(
        f"| `{kind}` | {counts['kinds'].get(kind, 0)} | {meaning} |"
        for kind, meaning in KIND_MEANINGS.items()
    )
    flag_rows = "\n".join(
        f"| `{code}` | {counts['flags'].get(code, 0)} | {meaning} |"
        for code, meaning in FLAG_MEANINGS.items()
    )
    language_note = ", ".join(f"{code} {n}" for code, n in counts["languages"].items()) or "unknown"
    source_list = (
        ", ".join(f"{name} ({n})" for name, n in sorted((sources or {}).items())) or "none"
    )
    date_range = f"{dates[0]} to {dates[1]}" if dates else "unknown (no published_at)"
    citation = citation_bibtex(settings, id_scheme)
    return CARD_TEMPLATE.substitute(
        yaml=front_matter(settings, stats, languages, license_id),
        title=settings.pretty_name or settings.name,
        name=settings.name,
        version=settings.version,
        rows=rows,
        empty_note=empty_note,
        rejected_note=rejected_note or "none",
        id_scheme=id_scheme,
        license_id=license_id,
        sources=source_list,
        date_range=date_range,
        citation=citation,
        kind_rows=kind_rows,
        flag_rows=flag_rows,
        languages=language_note,
        homepage=f"Home page: <{settings.homepage}>.\n" if settings.homepage else "",
        changes=changes,
        duplicates=counts["duplicates"],
        split_shares=", ".join(f"{name} {share:.0%}" for name, share in settings.splits.items()),
    )
