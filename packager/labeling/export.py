"""``packager export``: a release's paragraphs as files a labeling tool imports as they are.

Batches keep each file under the tools' import limits (Label Studio's upload
limit is in the hundreds of MB; Doccano and Argilla import through a browser
or client in chunks), and ``export-index.json`` lists them with the scheme, the
release and what was left out, so a batch can be traced back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from packager.errors import ConfigError
from packager.labeling.models import TOOLS, LabelScheme
from packager.labeling.predictions import Prediction
from packager.labeling.tasks import paragraph_ids, release_tasks
from packager.labeling.tools import argilla, doccano, label_studio, prodigy

FORMATS: dict[str, ModuleType] = {
    "label-studio": label_studio,
    "doccano": doccano,
    "prodigy": prodigy,
    "argilla": argilla,
}
DEFAULT_BATCH_SIZE = 5_000
INDEX_NAME = "export-index.json"


@dataclass
class ExportResult:
    out: Path
    tasks: int = 0
    batches: list[dict[str, Any]] = field(default_factory=list)
    skipped_known: int = 0


def _write_batch(path: Path, records: list[dict[str, Any]], extension: str) -> None:
    if extension == ".json":
        path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))


def export_release(
    release: Path,
    tool: str,
    scheme: LabelScheme,
    out: Path,
    *,
    all_kinds: bool = False,
    only_new: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    predictions: dict[str, Prediction] | None = None,
) -> ExportResult:
    """Write ``tool``'s task files and config for the paragraphs of ``release`` into ``out``."""
    if tool not in FORMATS:
        raise ConfigError(f"unknown tool {tool!r}; choose one of {', '.join(TOOLS)}")
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    known = paragraph_ids(only_new) if only_new is not None else set()
    module = FORMATS[tool]
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out)
    batch: list[dict[str, Any]] = []
    first_id = ""
    for task in release_tasks(release, all_kinds=all_kinds):
        if task.paragraph_id in known:
            result.skipped_known += 1
            continue
        if not batch:
            first_id = task.paragraph_id
        batch.append(module.task(task, scheme, (predictions or {}).get(task.paragraph_id)))
        result.tasks += 1
        if len(batch) == batch_size:
            _flush(result, batch, first_id, module)
            batch = []
    if batch:
        _flush(result, batch, first_id, module)
    for name, text in module.config_files(scheme).items():
        (out / name).write_text(text, encoding="utf-8")
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    index = {
        "tool": tool,
        "release": {"name": manifest["name"], "version": manifest["version"]},
        "scheme": scheme.model_dump(mode="json"),
        "kinds": "all" if all_kinds else ["body"],
        "only_new_against": str(only_new) if only_new is not None else None,
        "skipped_known": result.skipped_known,
        "predictions": sorted({p.source for p in (predictions or {}).values()}),
        "tasks": result.tasks,
        "batches": result.batches,
        "config_files": sorted(module.config_files(scheme)),
    }
    (out / INDEX_NAME).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return result


def _flush(
    result: ExportResult, batch: list[dict[str, Any]], first_id: str, module: ModuleType
) -> None:
    name = f"tasks-{len(result.batches):05d}{module.EXTENSION}"
    _write_batch(result.out / name, batch, module.EXTENSION)
    result.batches.append({"file": name, "tasks": len(batch), "first_paragraph_id": first_id})
