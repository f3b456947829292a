"""``packager annotations carry``: annotations of one release mapped onto the next.

* On an unchanged paragraph (same ID): **carried** untouched.
* On a modified paragraph (paired by ``packager diff``): a span is **re-anchored**
  with a text quote selector in the manner of the W3C Web Annotation model
  (``exact`` text plus ``prefix`` and ``suffix`` from the old paragraph, searched
  in the new one); a classification moves to the new paragraph ID (also counted
  re-anchored). A span whose quote is gone, or is found in several places that
  its prefix and suffix cannot tell apart, **needs review**.
* On a removed paragraph: **orphaned**.

Each group is written to its own file with the reason; nothing is dropped.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from packager._types import StrPath
from packager.check.validator import RecordChecker
from packager.errors import ConfigError, OutputError
from packager.labeling.annotation_folder import annotation_rows, write_table
from packager.layout import PARAGRAPHS_NAME
from packager.publish.files import OutputFile
from packager.publish.folder import is_empty, staged_output
from packager.releases.diff import diff_releases
from packager.releases.records import read_records

CONTEXT = 32  # characters of prefix and suffix in a quote selector
GROUPS = ("carried", "reanchored", "needs-review", "orphaned")


@dataclass
class CarryResult:
    """The output folder and how many annotations went to each group."""

    out: Path
    counts: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """What ``--json`` prints."""
        return {"out": str(self.out), "counts": {group: self.counts[group] for group in GROUPS}}


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def anchor(selector: dict[str, str], text: str) -> int | None:
    """Start of the quote in ``text``: the occurrence whose context matches best, if unique."""
    exact = selector["exact"]
    starts = []
    position = text.find(exact)
    while position != -1:
        starts.append(position)
        position = text.find(exact, position + 1)
    if len(starts) <= 1:
        return starts[0] if starts else None
    scored = sorted(
        (
            _common_suffix(text[:s], selector["prefix"])
            + _common_prefix(text[s + len(exact) :], selector["suffix"]),
            s,
        )
        for s in starts
    )
    best, runner_up = scored[-1], scored[-2]
    return best[1] if best[0] > runner_up[0] else None


def _paragraph_texts(release: Path) -> dict[str, tuple[str, str]]:
    rows = read_records(release / PARAGRAPHS_NAME)
    return {p["paragraph_id"]: (p["article_id"], p["text"]) for p in rows}


def _moved(row: dict[str, Any], pid: str, aid: str, start: int | None) -> dict[str, Any]:
    moved = dict(row)
    moved.update(paragraph_id=pid, article_id=aid)
    if start is not None:
        moved.update(start=start, end=start + (row["end"] - row["start"]))
    identity = orjson.dumps(
        [
            moved["tool"],
            pid,
            moved["annotator"],
            moved["task"],
            moved["labels"],
            moved["label"],
            moved["start"],
            moved["end"],
            moved["status"],
        ]
    )
    moved["annotation_id"] = hashlib.blake2b(identity, digest_size=10).hexdigest()
    return moved


def carry_annotations(
    annotations: StrPath,
    old_release: StrPath,
    new_release: StrPath,
    out: StrPath,
    *,
    similarity: float = 0.6,
    force: bool = False,
) -> CarryResult:
    """Map annotations made on ``old_release`` onto ``new_release``, one file per group in
    ``out``: carried, re-anchored, needs review, orphaned (pairing as in diff).

    The folder is staged beside ``out`` and replaces it whole; a folder that holds
    anything but an earlier carry is refused unless ``force``."""
    annotations, out = Path(annotations), Path(out)
    old_release, new_release = Path(old_release), Path(new_release)
    rows = list(annotation_rows(annotations, "annotations carry"))
    diff = diff_releases(old_release, new_release, similarity=similarity)
    modified = {m["old_id"]: m["new_id"] for m in diff.modified}
    old_texts, new_texts = _paragraph_texts(old_release), _paragraph_texts(new_release)
    result = CarryResult(out)
    groups: dict[str, list[dict[str, Any]]] = {group: [] for group in GROUPS}
    article_ids: set[str] = set()
    for row in rows:
        pid = row["paragraph_id"]
        if pid is None:  # an article-level class: kept while the article has paragraphs
            article_ids = article_ids or {aid for aid, _ in new_texts.values()}
            key = "carried" if row["article_id"] in article_ids else "orphaned"
            groups[key].append(row if key == "carried" else {**row, "reason": "article-removed"})
        elif pid in new_texts:
            groups["carried"].append(row)
        elif pid in modified:
            new_id = modified[pid]
            aid, new_text = new_texts[new_id]
            if row["task"] != "span":
                groups["reanchored"].append(_moved(row, new_id, aid, None))
                continue
            selector = quote_selector(old_texts[pid][1], row["start"], row["end"])
            start = anchor(selector, new_text)
            if start is None:
                groups["needs-review"].append(
                    {
                        **row,
                        "reason": "quote-not-found",
                        "new_paragraph_id": new_id,
                        "selector": selector,
                    }
                )
            else:
                groups["reanchored"].append(_moved(row, new_id, aid, start))
        else:
            groups["orphaned"].append({**row, "reason": "paragraph-removed"})
    kept = groups["carried"] + groups["reanchored"]
    checker = RecordChecker(("annotation",))
    for row in kept:
        if checker.findings("annotation", row):
            raise ConfigError(f"a carried annotation does not match the schema: {row}")
    with staged_output(out, check=lambda final: _replaceable(final, out, force)) as staging:
        for group, rows in groups.items():
            result.counts[group] = len(rows)
            with OutputFile(staging / f"{group}.jsonl") as stream:
                for row in rows:
                    stream.write(orjson.dumps(row) + b"\n")
        write_table(staging, kept)
    return result


def _replaceable(final: Path, out: Path, force: bool) -> None:
    """Refuse to replace a folder that is not an earlier carry, unless forced."""
    mark = final / "carried.jsonl"
    if force or is_empty(final) or (mark.is_file() and not mark.is_symlink()):
        return
    raise OutputError(
        f"{out} is not empty and holds no carried.jsonl (not the output of packager "
        "annotations carry); a carry replaces its folder whole: choose another --out, or "
        "--force to replace it"
    )
