"""``packager validate``: check a JSONL file or a whole release folder against the schemas.

Collects every finding (it never stops at the first), each with a stable code,
the file, line (or Parquet row), record ID and JSON pointer, and serialises to
JSON for machines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from packager._types import StrPath
from packager.check.schemas import RECORD_KINDS
from packager.check.validator import RecordChecker
from packager.errors import ConfigError
from packager.layout import CONFIGS, DATA_FOLDER, JSONL_KINDS, MANIFEST_NAME

_ID_KEYS = ("paragraph_id", "article_id")
_FILE_KINDS = {MANIFEST_NAME: "manifest", **JSONL_KINDS}
# Files of other commands that ``validate FILE`` recognises by name (not in a release).
_OTHER_FILE_KINDS = {
    "annotations.jsonl": "annotation",
    "annotation-rejects.jsonl": "annotation-reject",
    "merge-rejects.jsonl": "annotation-reject",
}


@dataclass(frozen=True)
class FileFinding:
    code: str
    message: str
    file: str
    line: int | None = None  # JSONL line, or 1-based Parquet row
    record: str | None = None  # the record's paragraph_id or article_id
    pointer: str | None = None


@dataclass
class ValidationReport:
    """Every finding of a validation (code, message, file, line, pointer); valid when none."""

    path: str
    files: list[str] = field(default_factory=list)
    records: int = 0
    findings: list[FileFinding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "files": self.files,
            "records": self.records,
            "findings": [asdict(finding) for finding in self.findings],
        }


def kind_for_file(path: Path) -> str | None:
    """The record kind a file holds, from its name (``paragraphs.jsonl`` → paragraph)."""
    if path.name in _FILE_KINDS or path.name in _OTHER_FILE_KINDS:
        return {**_FILE_KINDS, **_OTHER_FILE_KINDS}[path.name]
    for word, kind in (("paragraph", "paragraph"), ("article", "article"), ("reject", "reject")):
        if word in path.name.lower():
            return kind
    return None


def validate_path(path: StrPath, kind: str | None = None) -> ValidationReport:
    """Validate a release folder (every JSONL, Parquet and manifest file) or one JSONL file."""
    path = Path(path)
    checker = RecordChecker()
    report = ValidationReport(str(path))
    if path.is_dir():
        for name, file_kind in _FILE_KINDS.items():
            target = path / name
            if target.exists():
                _check_file(report, checker, target, file_kind, path)
            else:
                report.findings.append(
                    FileFinding("missing-file", f"{name} is missing from the release", name)
                )
        for config, file_kind in CONFIGS.items():
            for shard in sorted((path / DATA_FOLDER / config).glob("*.parquet")):
                _check_file(report, checker, shard, file_kind, path)
    elif path.is_file():
        chosen = kind or kind_for_file(path)
        if chosen is None:
            raise ConfigError(
                f"cannot tell which records {path} holds; pass --schema " + "|".join(RECORD_KINDS)
            )
        _check_file(report, checker, path, chosen, path.parent)
    else:
        raise ConfigError(f"{path} does not exist")
    return report


def _check_file(
    report: ValidationReport, checker: RecordChecker, path: Path, kind: str, root: Path
) -> None:
    name = path.relative_to(root).as_posix()
    report.files.append(name)
    for line, record, problem in _records(path, kind):
        if problem is not None:
            report.findings.append(FileFinding(problem[0], problem[1], name, line))
            continue
        report.records += 1
        record_id = next(
            (record[key] for key in _ID_KEYS if isinstance(record, dict) and key in record), None
        )
        for finding in checker.findings(kind, record):
            report.findings.append(
                FileFinding(
                    finding["code"],
                    finding["message"],
                    name,
                    line,
                    record_id if isinstance(record_id, str) else None,
                    finding["pointer"],
                )
            )


def _records(path: Path, kind: str) -> Iterator[tuple[int | None, Any, tuple[str, str] | None]]:
    """(line or row, record, problem) for every record of a file."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq  # here: a JSONL file alone does not need pyarrow

        try:
            row = 0
            for batch in pq.ParquetFile(path).iter_batches():
                for record in batch.to_pylist():
                    row += 1
                    yield row, record, None
        except Exception as exc:
            yield None, None, ("unreadable", f"not a readable Parquet file: {exc}")
        return
    if kind == "manifest":
        try:
            yield None, orjson.loads(path.read_bytes()), None
        except orjson.JSONDecodeError as exc:
            yield None, None, ("invalid-json", f"not valid JSON: {exc}")
        return
    with path.open("rb") as stream:
        for line, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                yield line, orjson.loads(raw), None
            except orjson.JSONDecodeError as exc:
                yield line, None, ("invalid-json", f"not valid JSON: {exc}")
