"""``packager export``: a release's paragraphs as files a labeling tool imports as they are.

Batches keep each file under the tools' import limits (Label Studio's upload
limit is in the hundreds of MB; Doccano and Argilla import through a browser
or client in chunks), and ``export-index.json`` lists them with the scheme, the
release and what was left out, so a batch can be traced back.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from packager._types import StrPath
from packager.errors import ConfigError, OutputError
from packager.labeling.article_tasks import ArticleTask, release_articles
from packager.labeling.models import TOOLS, LabelScheme
from packager.labeling.predictions import Prediction, check_spans, pre_annotations
from packager.labeling.sample import article_values, check_keys, draw
from packager.labeling.tasks import Task, paragraph_ids, release_tasks, with_context
from packager.labeling.tools import argilla, doccano, label_studio, prodigy
from packager.layout import MANIFEST_NAME
from packager.publish.files import child, write_bytes, write_text
from packager.publish.folder import is_empty, staged_output
from packager.settings import is_release_name, is_version

FORMATS: dict[str, ModuleType] = {
    "label-studio": label_studio,
    "doccano": doccano,
    "prodigy": prodigy,
    "argilla": argilla,
}
DEFAULT_BATCH_SIZE = 5_000
INDEX_NAME = "export-index.json"
ARTICLE_TABLE = "article-paragraphs.jsonl"  # --unit article: each task's paragraph table
UNITS = ("paragraph", "article")


@dataclass
class ExportResult:
    """What an export wrote (where, how many tasks, each batch file, what was left out);
    ``to_dict()`` is what ``packager export --json`` prints."""

    out: Path
    tool: str = ""
    tasks: int = 0
    batches: list[dict[str, Any]] = field(default_factory=list)
    config_files: list[str] = field(default_factory=list)
    skipped_known: int = 0
    predicted: int = 0  # tasks that carry a pre-annotation
    repeated_texts: int = 0  # tasks whose text another task of this export has too

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"out": str(self.out)}


def _text_key(text: str) -> bytes:
    """A short digest of a task's text, so counting repeats keeps no texts in memory."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _write_batch(path: Path, records: list[dict[str, Any]], extension: str) -> None:
    if extension == ".json":
        write_bytes(path, orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        write_bytes(path, b"".join(orjson.dumps(record) + b"\n" for record in records))


def default_export_folder(release: StrPath, tool: str) -> Path:
    """``exports/NAME-VERSION/TOOL``, from the release's manifest (not its folder names)."""
    release = Path(release)
    manifest = _manifest(release)
    name, version = manifest.get("name"), manifest.get("version")
    if not (isinstance(name, str) and is_release_name(name)) or not (
        isinstance(version, str) and is_version(version)
    ):
        raise ConfigError(f"{release / 'manifest.json'} has no valid name and version; pass --out")
    _tool(tool)  # a known tool's name, so a plain folder name
    return Path("exports") / f"{name}-{version}" / tool


def _tool(tool: str) -> ModuleType:
    if tool not in FORMATS:
        raise ConfigError(f"unknown tool {tool!r}; choose one of {', '.join(TOOLS)}")
    return FORMATS[tool]


def _manifest(release: Path) -> dict[str, Any]:
    path = release / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path} ({exc}); is {release} a release folder?") from None
    if not isinstance(manifest, dict):
        raise ConfigError(f"{path} is not a JSON object; run packager verify on the release")
    return manifest


def export_release(
    release: StrPath,
    tool: str,
    scheme: LabelScheme,
    out: StrPath,
    *,
    all_kinds: bool = False,
    only_new: StrPath | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    predictions: StrPath | None = None,
    predict_column: str | None = None,
    unit: str = "paragraph",
    context: int = 0,
    sample: int | None = None,
    stratify: Sequence[str] = (),
    seed: int = 0,
    force: bool = False,
) -> ExportResult:
    """Write ``tool``'s task files and config for the paragraphs of ``release`` into ``out``.

    ``only_new``: a previous release whose paragraphs are left out. ``predictions`` (a JSONL
    file of annotation rows) or ``predict_column`` (a release column whose values are class
    names) pre-annotate the tasks. ``unit="article"``: one task per article (see
    :mod:`packager.labeling.article_tasks`). ``context``: each paragraph task carries up to
    that many paragraphs before and after it, read-only. ``sample``: only that many tasks,
    drawn by :mod:`packager.labeling.sample` (``stratify`` keys, ``seed``).
    """
    release, out = Path(release), Path(out)
    only_new = Path(only_new) if only_new is not None else None
    predictions = Path(predictions) if predictions is not None else None
    module = _tool(tool)
    _check_options(unit, context, batch_size, sample, stratify, predictions, predict_column)
    known = paragraph_ids(only_new) if only_new is not None else set()
    found = pre_annotations(release, scheme, predictions, predict_column)
    if predictions is not None:
        _check_predictions(release, found, predictions)
    articles = article_values(release, list(stratify))

    def eligible() -> Iterator[Task | ArticleTask]:
        for item in _items(release, unit, all_kinds, context):
            if _known(item, known):
                continue
            yield item

    drawn = None
    if sample is not None:
        drawn = draw(
            lambda: ((_id(item), _values(item, articles)) for item in eligible()),
            sample,
            list(stratify),
            seed,
        )
    with staged_output(out, check=lambda final: _replaceable(final, out, force)) as staging:
        result = ExportResult(out, tool)
        if known:  # paragraphs (or, with --unit article, articles) left out
            result.skipped_known = sum(
                _known(item, known) for item in _items(release, unit, all_kinds, 0)
            )
        texts: Counter[bytes] = Counter()
        batch: list[dict[str, Any]] = []
        tables: list[bytes] = []
        first_id = ""
        for item in eligible():
            if drawn is not None and _id(item) not in drawn.chosen:
                continue
            if not batch:
                first_id = _id(item)
            if isinstance(item, ArticleTask):
                batch.append(module.article_task(item, scheme))
                tables.append(
                    orjson.dumps({"article_id": item.article_id, "paragraphs": item.layout.table()})
                    + b"\n"
                )
            else:
                prediction = found.get(item.paragraph_id)
                result.predicted += prediction is not None
                batch.append(module.task(item, scheme, prediction))
            texts[_text_key(item.text)] += 1
            result.tasks += 1
            if len(batch) == batch_size:
                _flush(result, staging, batch, first_id, module, unit)
                batch = []
        if batch:
            _flush(result, staging, batch, first_id, module, unit)
        result.repeated_texts = sum(n for n in texts.values() if n > 1)
        if unit == "article":
            write_bytes(staging / ARTICLE_TABLE, b"".join(tables))
        for name, text in module.config_files(scheme, context=context > 0).items():
            write_text(child(staging, name), text)
            result.config_files.append(name)
        manifest = _manifest(release)
        index = {
            "tool": tool,
            "release": {"name": manifest.get("name"), "version": manifest.get("version")},
            "scheme": scheme.model_dump(mode="json"),
            "kinds": "all" if all_kinds else ["body"],
            "unit": unit,
            "context": context,
            "sample": drawn.definition() if drawn is not None else None,
            "only_new_against": str(only_new) if only_new is not None else None,
            "skipped_known": result.skipped_known,
            "predictions": sorted({p.source for p in found.values()}),
            "predicted": result.predicted,
            "tasks": result.tasks,
            "repeated_texts": result.repeated_texts,
            "batches": result.batches,
            "config_files": sorted(result.config_files),
        }
        write_text(staging / INDEX_NAME, json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return result


def _check_options(
    unit: str,
    context: int,
    batch_size: int,
    sample: int | None,
    stratify: Sequence[str],
    predictions: Path | None,
    predict_column: str | None,
) -> None:
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    if unit not in UNITS:
        raise ConfigError(f"unknown --unit {unit!r}; choose one of {', '.join(UNITS)}")
    if context < 0:
        raise ConfigError("--context must be 0 or more")
    if unit == "article" and context:
        raise ConfigError("--context is for paragraph tasks; an article task is its own context")
    if unit == "article" and (predictions is not None or predict_column is not None):
        raise ConfigError("--predictions and --predict-column are for --unit paragraph")
    if stratify and sample is None:
        raise ConfigError("--stratify needs --sample N")
    if sample is not None:
        if sample < 1:
            raise ConfigError("--sample must be at least 1")
        check_keys(list(stratify))
        if unit == "article" and "kind" in stratify:
            raise ConfigError("an article has no kind; stratify by publisher, language, split")


def _items(release: Path, unit: str, all_kinds: bool, context: int) -> Iterator[Task | ArticleTask]:
    if unit == "article":
        return iter(release_articles(release, all_kinds=all_kinds))
    tasks = release_tasks(release, all_kinds=all_kinds)
    return with_context(tasks, context) if context else tasks


def _id(item: Task | ArticleTask) -> str:
    return item.article_id if isinstance(item, ArticleTask) else item.paragraph_id


def _known(item: Task | ArticleTask, known: set[str]) -> bool:
    """In ``--only-new``'s release: the paragraph, or every paragraph of the article."""
    if not known:
        return False
    if isinstance(item, ArticleTask):
        return all(pid in known for pid, _, _ in item.layout.paragraphs)
    return item.paragraph_id in known


def _values(item: Task | ArticleTask, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What a task has for each stratification key."""
    values: dict[str, Any] = {"split": item.split}
    if isinstance(item, ArticleTask):
        values |= {"publisher": item.publisher, "language": item.language}
    else:
        values |= {"kind": item.kind} | articles.get(item.article_id, {})
    return values


def _replaceable(final: Path, out: Path, force: bool) -> None:
    """Refuse to replace a folder that is not an earlier export, unless forced."""
    if force or is_empty(final) or (final / INDEX_NAME).is_file():
        return
    raise OutputError(
        f"{out} is not empty and holds no {INDEX_NAME} (not an export of packager); an "
        "export replaces its folder whole: choose another --out, or --force to replace it"
    )


def _check_predictions(release: Path, found: dict[str, Prediction], path: Path) -> None:
    """Before anything is written: the file is about this release, its spans fit."""
    matched = 0
    for task in release_tasks(release, all_kinds=True):
        if task.paragraph_id in found:
            check_spans(found[task.paragraph_id], task.paragraph_id, task.text)
            matched += 1
    if not matched:
        raise ConfigError(
            f"none of the {len(found)} paragraph IDs in predictions file {path} is in {release}; "
            "is it for another release?"
        )


def _flush(
    result: ExportResult,
    folder: Path,
    batch: list[dict[str, Any]],
    first_id: str,
    module: ModuleType,
    unit: str = "paragraph",
) -> None:
    name = f"tasks-{len(result.batches):05d}{module.EXTENSION}"
    _write_batch(folder / name, batch, module.EXTENSION)
    result.batches.append({"file": name, "tasks": len(batch), f"first_{unit}_id": first_id})
