"""``packager verify``: is this folder the release that was published, whole and sound?

Checks, each finding with a stable code and the file it is about:

* ``missing-file`` / ``extra-file`` / ``tampered-file``: every file against the
  manifest's size and SHA-256 (and no file the manifest does not list);
* the records against the bundled schemas (codes of ``packager validate``);
* invariants the schemas cannot express: ``duplicate-id``, ``offsets``
  (``article.text[char_start:char_end] == text``), ``orphan-paragraph`` (its
  article is missing), ``split-mismatch`` (a paragraph in another split than
  its article), ``split-count`` (the card's ``dataset_info`` and the manifest
  against the records);
* ``load-failed``: ``datasets.load_dataset`` of both configs into a fresh cache.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from packager._types import StrPath
from packager.check.report import FileFinding, validate_path
from packager.checksums import sha256_file
from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME, CARD_NAME, MANIFEST_NAME, PARAGRAPHS_NAME


@dataclass
class VerifyReport:
    """Every finding of ``packager verify`` and the checks that ran; valid when none."""

    release: str
    findings: list[FileFinding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.findings

    def add(self, code: str, message: str, file: str, record: str | None = None) -> None:
        self.findings.append(FileFinding(code, message, file, record=record))

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "valid": self.valid,
            "checked": self.checked,
            "findings": [finding.__dict__ for finding in self.findings],
        }


def _manifest(release: Path) -> dict[str, Any]:
    path = release / MANIFEST_NAME
    if not path.is_file():
        raise ConfigError(f"{release} has no {MANIFEST_NAME}: not a packager release")
    manifest: dict[str, Any] = orjson.loads(path.read_bytes())
    return manifest


def check_files(release: Path, manifest: dict[str, Any], report: VerifyReport) -> None:
    listed = {entry["path"]: entry for entry in manifest.get("files", [])}
    present = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()} - {
        MANIFEST_NAME
    }
    for relpath in sorted(set(listed) - present):
        report.add("missing-file", f"{relpath} is listed in the manifest but missing", relpath)
    for relpath in sorted(present - set(listed)):
        report.add("extra-file", f"{relpath} is not listed in the manifest", relpath)
    for relpath in sorted(set(listed) & present):
        entry, path = listed[relpath], release / relpath
        size = path.stat().st_size
        if size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            report.add(
                "tampered-file",
                f"{relpath} differs from the manifest (size {size}, expected {entry['bytes']}; "
                "SHA-256 differs)",
                relpath,
            )
    report.checked.append("files")


def _lines(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as stream:
        for line in stream:
            if line.strip():
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue  # reported by the schema check


def check_invariants(release: Path, manifest: dict[str, Any], report: VerifyReport) -> None:
    articles: dict[str, tuple[str, str]] = {}
    article_splits: Counter[str] = Counter()
    for article in _lines(release / ARTICLES_NAME):
        aid = article.get("article_id")
        if aid in articles:
            report.add("duplicate-id", f"article ID {aid} appears twice", ARTICLES_NAME, aid)
        articles[aid] = (article.get("text", ""), article.get("split"))
        article_splits[article.get("split")] += 1
    seen: set[str] = set()
    paragraph_splits: Counter[str] = Counter()
    where = PARAGRAPHS_NAME
    for paragraph in _lines(release / where):
        pid, aid = paragraph.get("paragraph_id"), paragraph.get("article_id")
        paragraph_splits[paragraph.get("split")] += 1
        if pid in seen:
            report.add("duplicate-id", f"paragraph ID {pid} appears twice", where, pid)
        seen.add(pid)
        if aid not in articles:
            report.add("orphan-paragraph", f"its article {aid} is not in the release", where, pid)
            continue
        text, split = articles[aid]
        start, end = paragraph.get("char_start", 0), paragraph.get("char_end", 0)
        if text[start:end] != paragraph.get("text"):
            message = f"article text [{start}:{end}] is not the paragraph's text"
            report.add("offsets", message, where, pid)
        if paragraph.get("split") != split:
            message = f"in split {paragraph.get('split')}, its article in {split}"
            report.add("split-mismatch", message, where, pid)
    actual = {"paragraphs": paragraph_splits, "articles": article_splits}
    _check_counts(release, manifest, report, actual)
    report.checked.append("invariants")


def _card_counts(release: Path) -> dict[str, dict[str, int]]:
    text = (release / CARD_NAME).read_text(encoding="utf-8")
    front = text.split("---", 2)[1] if text.startswith("---") else ""
    infos = (yaml.safe_load(front) or {}).get("dataset_info") or []
    infos = infos if isinstance(infos, list) else [infos]
    return {
        info["config_name"]: {s["name"]: s["num_examples"] for s in info.get("splits", [])}
        for info in infos
    }


def _check_counts(
    release: Path,
    manifest: dict[str, Any],
    report: VerifyReport,
    actual: dict[str, Counter[str]],
) -> None:
    card = _card_counts(release)
    for config, counts in actual.items():
        claims = {CARD_NAME: card.get(config, {}), MANIFEST_NAME: manifest["counts"][config]}
        splits = set(counts) | {s for claim in claims.values() for s, n in claim.items() if n}
        for split in sorted(splits):
            for file, claim in claims.items():
                said, found = claim.get(split, 0), counts.get(split, 0)
                if said != found:
                    message = f"{config}/{split}: {file} says {said}, the records are {found}"
                    report.add("split-count", message, file)


def check_loads(release: Path, report: VerifyReport) -> None:
    import datasets

    datasets.disable_progress_bars()
    with tempfile.TemporaryDirectory() as cache:
        for config in ("paragraphs", "articles"):
            try:
                datasets.load_dataset(str(release), config, cache_dir=cache)
            except Exception as exc:
                message = f"load_dataset(..., {config!r}) failed: {exc}"[:500]
                report.add("load-failed", message, CARD_NAME)
    report.checked.append("load_dataset")


def verify_release(release: StrPath, *, load: bool = True) -> VerifyReport:
    """Every check above; ``report.valid`` only when all hold (``load=False`` skips loading)."""
    release = Path(release)
    manifest = _manifest(release)
    report = VerifyReport(str(release))
    check_files(release, manifest, report)
    for finding in validate_path(release).findings:
        report.findings.append(finding)
    report.checked.append("schemas")
    check_invariants(release, manifest, report)
    if load:
        check_loads(release, report)
    return report
