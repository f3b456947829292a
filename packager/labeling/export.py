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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from packager._types import StrPath
from packager.errors import ConfigError, OutputError
from packager.labeling.models import TOOLS, LabelScheme
from packager.labeling.predictions import Prediction, check_spans, pre_annotations
from packager.labeling.tasks import paragraph_ids, release_tasks
from packager.labeling.tools import argilla, doccano, label_studio, prodigy
from packager.output import child, write_bytes, write_text
from packager.settings import is_release_name, is_version
from packager.staged import is_empty, staged_output

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
    path = release / "manifest.json"
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
    force: bool = False,
) -> ExportResult:
    """Write ``tool``'s task files and config for the paragraphs of ``release`` into ``out``.

    ``only_new``: a previous release whose paragraphs are left out. ``predictions`` (a JSONL
    file of annotation rows) or ``predict_column`` (a release column whose values are class
    names) pre-annotate the tasks.
    """
    release, out = Path(release), Path(out)
    only_new = Path(only_new) if only_new is not None else None
    predictions = Path(predictions) if predictions is not None else None
    module = _tool(tool)
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    known = paragraph_ids(only_new) if only_new is not None else set()
    found = pre_annotations(release, scheme, predictions, predict_column)
    if predictions is not None:
        _check_predictions(release, found, predictions)
    with staged_output(out, check=lambda final: _replaceable(final, out, force)) as staging:
        result = ExportResult(out, tool)
        texts: Counter[bytes] = Counter()
        batch: list[dict[str, Any]] = []
        first_id = ""
        for task in release_tasks(release, all_kinds=all_kinds):
            if task.paragraph_id in known:
                result.skipped_known += 1
                continue
            if not batch:
                first_id = task.paragraph_id
            prediction = found.get(task.paragraph_id)
            result.predicted += prediction is not None
            batch.append(module.task(task, scheme, prediction))
            texts[_text_key(task.text)] += 1
            result.tasks += 1
            if len(batch) == batch_size:
                _flush(result, staging, batch, first_id, module)
                batch = []
        if batch:
            _flush(result, staging, batch, first_id, module)
        result.repeated_texts = sum(n for n in texts.values() if n > 1)
        for name, text in module.config_files(scheme).items():
            write_text(child(staging, name), text)
            result.config_files.append(name)
        manifest = _manifest(release)
        index = {
            "tool": tool,
            "release": {"name": manifest.get("name"), "version": manifest.get("version")},
            "scheme": scheme.model_dump(mode="json"),
            "kinds": "all" if all_kinds else ["body"],
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
) -> None:
    name = f"tasks-{len(result.batches):05d}{module.EXTENSION}"
    _write_batch(folder / name, batch, module.EXTENSION)
    result.batches.append({"file": name, "tasks": len(batch), "first_paragraph_id": first_id})
