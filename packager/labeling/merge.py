"""``packager annotations merge``: the release's labeled paragraphs as a labeled dataset.

One row per annotated paragraph, with the release's columns and:

* ``label`` (``ClassLabel``): the majority class among annotators, ties broken
  by the scheme's order (single-label schemes); or ``labels`` (a sequence of
  ``ClassLabel``): every class chosen by at least half of the annotators;
* ``spans``: every (start, end, label) marked by at least half of the
  annotators who marked spans on the paragraph, in code points;
* ``n_annotators``.

Written as Parquet per split with a card whose ``dataset_info`` declares the
features, so ``datasets.load_dataset(out)`` gives ``ClassLabel`` columns. An
annotation on a paragraph the release does not hold is left out, counted, and
written to ``merge-rejects.jsonl`` (annotation-reject records, reason
``unknown-paragraph``), never dropped without a word.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datasets
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from packager._types import StrPath
from packager.check.validator import RecordChecker, as_json
from packager.errors import ConfigError, OutputError
from packager.export.card import ConfigSpec, SplitStats, card_yaml, task_metadata
from packager.labeling.annotation_folder import annotation_rows, table_path
from packager.labeling.models import LabelScheme
from packager.layout import CARD_NAME, DATA_FOLDER, MANIFEST_NAME, PARAGRAPHS_NAME, shard_pattern
from packager.publish.files import OutputFile, child, subfolder, write_text
from packager.publish.folder import is_empty, staged_output
from packager.releases.records import read_records
from packager.settings import is_split_name

MADE_BY = "Made by `packager annotations merge`"


@dataclass
class MergeResult:
    """Rows per split of the labeled dataset, and labels left out as not in the scheme."""

    out: Path
    rows: dict[str, int] = field(default_factory=dict)
    unknown_labels: Counter[str] = field(default_factory=Counter)
    dropped: int = 0  # annotations on paragraphs not in the release, in REJECTS
    dropped_paragraphs: int = 0  # how many paragraphs those were on
    article_classes: int = 0  # article-level classes (paragraph_id null): not paragraph rows

    @property
    def rejects(self) -> Path:
        return self.out / REJECTS

    def to_dict(self) -> dict[str, Any]:
        """What ``--json`` prints."""
        return {
            "out": str(self.out),
            "rows": dict(sorted(self.rows.items())),
            "unknown_labels": dict(sorted(self.unknown_labels.items())),
            "dropped": self.dropped,
            "dropped_paragraphs": self.dropped_paragraphs,
            "article_classes": self.article_classes,
            "rejects": str(self.rejects),
        }


REJECTS = "merge-rejects.jsonl"


def _features(class_names: list[str], multi: bool) -> datasets.Features:
    label = (
        {"labels": datasets.Sequence(datasets.ClassLabel(names=class_names))}
        if multi
        else {"label": datasets.ClassLabel(names=class_names)}
    )
    return datasets.Features(
        {
            "paragraph_id": datasets.Value("string"),
            "article_id": datasets.Value("string"),
            "split": datasets.Value("string"),
            "index": datasets.Value("int64"),
            "text": datasets.Value("string"),
            "kind": datasets.Value("string"),
            **label,
            "spans": [
                {
                    "start": datasets.Value("int64"),
                    "end": datasets.Value("int64"),
                    "label": datasets.Value("string"),
                }
            ],
            "n_annotators": datasets.Value("int64"),
        }
    )


def _decide(
    rows: list[dict[str, Any]], class_names: list[str], multi: bool, result: MergeResult
) -> dict[str, Any]:
    votes: Counter[str] = Counter()
    voters, span_voters = set(), set()
    span_votes: Counter[tuple[int, int, str]] = Counter()
    for row in rows:
        who = row["annotator"] or row["tool"]
        if row["task"] == "classification":
            voters.add(who)
            votes.update(set(row["labels"]))
        else:
            span_voters.add(who)
            span_votes[(row["start"], row["end"], row["label"])] += 1
    for name in votes:
        if name not in class_names:
            result.unknown_labels[name] += votes[name]
    order = {name: n for n, name in enumerate(class_names)}
    known = sorted((n for n in votes if n in order), key=lambda n: (-votes[n], order[n]))
    if multi:
        decided: Any = [order[n] for n in known if votes[n] * 2 >= len(voters)]
    else:
        decided = order[known[0]] if known else -1  # -1: no label (datasets' convention)
    spans = [
        {"start": s, "end": e, "label": label}
        for (s, e, label), count in sorted(span_votes.items())
        if count * 2 >= len(span_voters)
    ]
    return {"decided": decided, "spans": spans, "n_annotators": len(voters | span_voters)}


def merge_annotations(
    annotations: StrPath,
    release: StrPath,
    out: StrPath,
    scheme: LabelScheme | None = None,
    *,
    force: bool = False,
) -> MergeResult:
    """Write the annotated paragraphs of ``release`` with their labels as a Hugging Face
    dataset in ``out`` (see above); ``scheme`` fixes the class order, else sorted names.

    The dataset is staged beside ``out`` and replaces it whole; a folder that holds
    anything but an earlier merge is refused unless ``force``."""
    annotations, release, out = Path(annotations), Path(release), Path(out)
    path = table_path(annotations, "annotations merge")
    by_paragraph: dict[str, list[dict[str, Any]]] = defaultdict(list)
    numbers: dict[str, list[int]] = defaultdict(list)  # record numbers, for the rejects
    article_classes = 0
    for number, row in enumerate(annotation_rows(path, "annotations merge"), start=1):
        if row["paragraph_id"] is None:  # an article-level class: not a paragraph's label
            article_classes += 1
            continue
        by_paragraph[row["paragraph_id"]].append(row)
        numbers[row["paragraph_id"]].append(number)
    multi = bool(scheme and scheme.classification and scheme.classification.multi_label)
    if scheme is not None and scheme.classification is not None:
        class_names = list(scheme.classification.labels)
    else:
        class_names = sorted(
            {n for rows in by_paragraph.values() for r in rows for n in r["labels"]}
        )
    features = _features(class_names, multi)
    schema = features.arrow_schema
    result = MergeResult(out, article_classes=article_classes)
    per_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
    merged: set[str] = set()
    for paragraph in read_records(release / PARAGRAPHS_NAME):
        rows = by_paragraph.get(paragraph["paragraph_id"])
        if not rows:
            continue
        merged.add(paragraph["paragraph_id"])
        decision = _decide(rows, class_names, multi, result)
        per_split[_split_of(paragraph, release)].append(
            {
                "paragraph_id": paragraph["paragraph_id"],
                "article_id": paragraph["article_id"],
                "split": paragraph["split"],
                "index": paragraph["index"],
                "text": paragraph["text"],
                "kind": paragraph.get("kind", "body"),
                ("labels" if multi else "label"): decision["decided"],
                "spans": decision["spans"],
                "n_annotators": decision["n_annotators"],
            }
        )
    if not per_split:
        raise ConfigError(f"none of the annotations in {path} is on a paragraph of {release}")
    with staged_output(out, check=lambda final: _replaceable(final, out, force)) as staging:
        stats = {}
        _write_rejects(
            child(staging, REJECTS), path, release, by_paragraph, numbers, merged, result
        )
        data = subfolder(staging, DATA_FOLDER)
        for split, rows in sorted(per_split.items()):
            table = pa.Table.from_pylist(rows, schema=schema)
            target = child(data, f"{split}-00000-of-00001.parquet")
            with OutputFile(target) as stream:
                pq.write_table(table, stream, compression="zstd")
            stats[split] = SplitStats(len(rows), table.nbytes, target.stat().st_size)
            result.rows[split] = len(rows)
        spec = ConfigSpec("default", features, stats, shard_pattern(), default=True)
        has_spans = any(row["spans"] for rows in per_split.values() for row in rows) or bool(
            scheme and scheme.spans
        )
        tasks = task_metadata(bool(class_names), multi, has_spans)
        license_id, languages = _release_license_and_languages(release)
        yaml = card_yaml(
            [spec], f"{release.parent.name} {release.name} (labeled)", license_id, languages, tasks
        )
        write_text(
            staging / CARD_NAME,
            f"---\n{yaml}\n---\n\n# Labeled paragraphs of {release.parent.name} {release.name}"
            f"\n\n{MADE_BY} from {path.name}: one row per annotated "
            "paragraph, majority label(s) and agreed spans (code points).\n",
        )
    return result


def _replaceable(final: Path, out: Path, force: bool) -> None:
    """Refuse to replace a folder that is not an earlier labeled dataset, unless forced."""
    if force or is_empty(final):
        return
    card = final / CARD_NAME
    if card.is_file() and not card.is_symlink() and MADE_BY in card.read_text(errors="replace"):
        return
    raise OutputError(
        f"{out} is not empty and is not a labeled dataset of packager annotations merge; a "
        "merge replaces its folder whole: choose another --out, or --force to replace it"
    )


def _release_license_and_languages(release: Path) -> tuple[str, list[str]]:
    """The release card's license and the manifest's language codes, for the labeled card."""
    from huggingface_hub import DatasetCard

    card = release / CARD_NAME
    license_id = (DatasetCard.load(card).data.license if card.is_file() else None) or "other"
    manifest = orjson.loads((release / MANIFEST_NAME).read_bytes())
    languages = sorted(code for code in manifest["counts"].get("languages", {}) if code != "und")
    return str(license_id), languages


def _write_rejects(
    target: Path,
    path: Path,
    release: Path,
    by_paragraph: dict[str, list[dict[str, Any]]],
    numbers: dict[str, list[int]],
    merged: set[str],
    result: MergeResult,
) -> None:
    """Every annotation whose paragraph is not in the release, as an annotation reject."""
    checker = RecordChecker(("annotation-reject",))
    left_out = sorted(
        (number, pid) for pid in by_paragraph if pid not in merged for number in numbers[pid]
    )
    with OutputFile(target) as stream:
        for number, pid in left_out:
            entry = {
                "reason": "unknown-paragraph",
                "message": f"{path.name}:{number}: paragraph_id {as_json(pid)} is not in "
                f"{release}; left out of the labeled dataset",
                "source": {"file": path.name, "record": number},
                "paragraph_id": pid if isinstance(pid, str) else None,
            }
            if checker.findings("annotation-reject", entry):
                raise ConfigError(f"{path}:{number}: not an annotation record")
            stream.write(orjson.dumps(entry) + b"\n")
    result.dropped = len(left_out)
    result.dropped_paragraphs = len({pid for _, pid in left_out})


def _split_of(paragraph: dict[str, Any], release: Path) -> str:
    """The paragraph's split, which names a file of the labeled dataset: checked first."""
    split = paragraph.get("split")
    if not isinstance(split, str) or not is_split_name(split):
        raise ConfigError(
            f"paragraph {paragraph.get('paragraph_id')!r} of {release} has split {split!r}, "
            "which is not a split name (lower-case letters, digits and _); run packager verify "
            "on the release"
        )
    return split
