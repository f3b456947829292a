"""``packager diff OLD NEW``: what changed between two releases, by stable IDs.

Articles are added, removed, changed (their paragraph IDs differ) or unchanged.
Paragraphs are unchanged (same ID), added or removed; within an article present
in both, a removed and an added paragraph that are textually similar (difflib's
``SequenceMatcher`` ratio at or above ``similarity``, nearest position first) are
paired as *modified*. A paragraph or article in another split is a warning.

The suggested version bump follows semantic versioning: removed records
(removed or modified paragraphs, removed articles) or a changed schema -> major;
added records -> minor; only metadata (settings, card, manifest) -> patch.
Versions are compared by SemVer 2.0.0 precedence (:mod:`packager.versions`).

A release is never edited after it is published: ``packager build --previous
OLD`` compares the release being built with OLD (:func:`compare`) and writes
the result into the new release itself (``changes.json`` and its card).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from packager._types import StrPath
from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME, CHANGES_NAME, MANIFEST_NAME, PARAGRAPHS_NAME
from packager.versions import at_least, bumped, is_version


@dataclass
class _Article:
    split: str
    paragraphs: list[tuple[str, str]]  # (paragraph_id, text) in order
    title: str | None = None
    url: str | None = None
    path: str | None = None  # its input file, relative to its input root

    def summary(self, article_id: str) -> dict[str, str | None]:
        return {"article_id": article_id, "title": self.title, "url": self.url, "path": self.path}


@dataclass(frozen=True)
class ReleaseContent:
    """What a comparison needs of one release: its manifest and its articles' paragraphs."""

    manifest: dict[str, Any]
    articles: dict[str, _Article]


@dataclass
class ReleaseDiff:
    """What changed between two releases, and the version bump it calls for."""

    old: dict[str, str]
    new: dict[str, str]
    articles: dict[str, list[str]] = field(default_factory=dict)
    # the same articles in the same order, each with its title, URL and input path
    article_changes: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    paragraphs: dict[str, int] = field(default_factory=dict)
    modified: list[dict[str, Any]] = field(default_factory=list)
    added_paragraphs: list[str] = field(default_factory=list)
    removed_paragraphs: list[str] = field(default_factory=list)
    split_moves: list[dict[str, str]] = field(default_factory=list)
    schema_changes: dict[str, list[str | None]] = field(default_factory=dict)
    settings_changes: dict[str, list[Any]] = field(default_factory=dict)
    suggested_bump: str = "none"
    required_version: str = ""
    version_ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def version_warning(self) -> str:
        return (
            f"version {self.new['version']} is below the suggested {self.required_version} "
            f"({self.suggested_bump} change since {self.old['version']})"
        )


def load_release(release: StrPath) -> ReleaseContent:
    """A published release's manifest and articles, as ``diff`` compares them."""
    release = Path(release)
    manifest_path = release / MANIFEST_NAME
    if not manifest_path.is_file():
        raise ConfigError(f"{release} is not a release folder (no manifest.json)")
    return ReleaseContent(orjson.loads(manifest_path.read_bytes()), read_articles(release))


def read_articles(folder: Path) -> dict[str, _Article]:
    """The articles of ``folder``'s ``articles.jsonl`` with the paragraphs of
    ``paragraphs.jsonl`` (a published release or one being written)."""
    articles: dict[str, _Article] = {}
    with (folder / ARTICLES_NAME).open("rb") as stream:
        for line in stream:
            record = orjson.loads(line)
            articles[record["article_id"]] = _Article(
                record["split"],
                [],
                record.get("title"),
                record.get("url"),
                (record.get("source") or {}).get("path"),
            )
    with (folder / PARAGRAPHS_NAME).open("rb") as stream:
        for line in stream:
            record = orjson.loads(line)
            article = articles.get(record["article_id"])
            if article is not None:
                article.paragraphs.append((record["paragraph_id"], record["text"]))
    return articles


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): data}


def _pair(old: _Article, new: _Article, similarity: float, diff: ReleaseDiff) -> None:
    """Pair removed and added paragraphs of one article as modified where they are alike."""
    new_ids = {pid for pid, _ in new.paragraphs}
    old_ids = {pid for pid, _ in old.paragraphs}
    gone = [(i, pid, text) for i, (pid, text) in enumerate(old.paragraphs) if pid not in new_ids]
    came = [(i, pid, text) for i, (pid, text) in enumerate(new.paragraphs) if pid not in old_ids]
    for old_index, old_id, old_text in gone:
        best = None
        for candidate in came:
            ratio = difflib.SequenceMatcher(None, old_text, candidate[2], autojunk=False).ratio()
            if ratio >= similarity:
                rank = (-ratio, abs(candidate[0] - old_index))
                if best is None or rank < best[0]:
                    best = (rank, candidate, ratio)
        if best is None:
            diff.removed_paragraphs.append(old_id)
            continue
        _, candidate, ratio = best
        came.remove(candidate)
        diff.modified.append(
            {
                "old_id": old_id,
                "new_id": candidate[1],
                "similarity": round(ratio, 4),
                "old_index": old_index,
                "new_index": candidate[0],
            }
        )
    diff.added_paragraphs.extend(pid for _, pid, _ in came)


def diff_releases(old_path: StrPath, new_path: StrPath, *, similarity: float = 0.6) -> ReleaseDiff:
    """Compare two published releases by stable IDs and suggest the version bump (see above)."""
    return compare(load_release(old_path), load_release(new_path), similarity=similarity)


def compare(
    old_release: ReleaseContent, new_release: ReleaseContent, *, similarity: float = 0.6
) -> ReleaseDiff:
    """What changed from ``old_release`` to ``new_release``. A new manifest whose
    ``files`` is None (a release being built) counts its files as changed."""
    old_manifest, old = old_release.manifest, old_release.articles
    new_manifest, new = new_release.manifest, new_release.articles
    for manifest in (old_manifest, new_manifest):
        check_version(manifest)
    diff = ReleaseDiff(
        {"name": old_manifest["name"], "version": old_manifest["version"]},
        {"name": new_manifest["name"], "version": new_manifest["version"]},
    )
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed, unchanged = [], 0
    for aid in sorted(set(old) & set(new)):
        if old[aid].split != new[aid].split:
            diff.split_moves.append(
                {"article_id": aid, "old": old[aid].split, "new": new[aid].split}
            )
        if [p for p, _ in old[aid].paragraphs] == [p for p, _ in new[aid].paragraphs]:
            unchanged += 1
            continue
        changed.append(aid)
        _pair(old[aid], new[aid], similarity, diff)
    for aid in added:
        diff.added_paragraphs.extend(pid for pid, _ in new[aid].paragraphs)
    for aid in removed:
        diff.removed_paragraphs.extend(pid for pid, _ in old[aid].paragraphs)
    old_ids = {pid for article in old.values() for pid, _ in article.paragraphs}
    new_ids = {pid for article in new.values() for pid, _ in article.paragraphs}
    diff.articles = {"added": added, "removed": removed, "changed": changed}
    diff.article_changes = {
        "added": [new[aid].summary(aid) for aid in added],
        "removed": [old[aid].summary(aid) for aid in removed],
        "changed": [new[aid].summary(aid) for aid in changed],
    }
    diff.paragraphs = {
        "added": len(diff.added_paragraphs),
        "removed": len(diff.removed_paragraphs),
        "modified": len(diff.modified),
        "unchanged": len(old_ids & new_ids),
        "articles_unchanged": unchanged,
    }
    _metadata_changes(old_manifest, new_manifest, diff)
    _suggest(old_manifest, new_manifest, diff)
    return diff


def _metadata_changes(old: dict[str, Any], new: dict[str, Any], diff: ReleaseDiff) -> None:
    for kind in sorted(set(old["schemas"]) | set(new["schemas"])):
        if old["schemas"].get(kind) != new["schemas"].get(kind):
            diff.schema_changes[kind] = [old["schemas"].get(kind), new["schemas"].get(kind)]
    old_settings = _flatten({k: v for k, v in old["settings"].items() if k != "version"})
    new_settings = _flatten({k: v for k, v in new["settings"].items() if k != "version"})
    for key in sorted(set(old_settings) | set(new_settings)):
        if old_settings.get(key) != new_settings.get(key):
            diff.settings_changes[key] = [old_settings.get(key), new_settings.get(key)]


def _suggest(old: dict[str, Any], new: dict[str, Any], diff: ReleaseDiff) -> None:
    if (
        diff.paragraphs["removed"]
        or diff.paragraphs["modified"]
        or diff.articles["removed"]
        or diff.schema_changes
    ):
        bump = "major"
    elif diff.paragraphs["added"] or diff.articles["added"]:
        bump = "minor"
    elif diff.settings_changes or old.get("files") != new.get("files"):
        bump = "patch"
    else:
        bump = "none"
    diff.suggested_bump = bump
    diff.required_version = bumped(old["version"], bump)
    diff.version_ok = at_least(new["version"], diff.required_version)


def check_version(manifest: dict[str, Any]) -> None:
    version = manifest.get("version")
    if not (isinstance(version, str) and is_version(version)):
        raise ConfigError(
            f"release {manifest.get('name')!r} has version {version!r} in its manifest, "
            "which is not a semantic version (SemVer 2.0.0); run packager verify on it"
        )


def changelog_markdown(diff: ReleaseDiff) -> str:
    """The card's "Changes since" section: the counts; ``changes.json`` has every ID."""
    p, a = diff.paragraphs, diff.articles
    lines = [
        f"## Changes since {diff.old['name']} {diff.old['version']}\n",
        f"- articles: {len(a['added'])} added, {len(a['removed'])} removed, "
        f"{len(a['changed'])} changed, {p['articles_unchanged']} unchanged",
        f"- paragraphs: {p['added']} added, {p['removed']} removed, {p['modified']} modified, "
        f"{p['unchanged']} unchanged",
        f"- suggested version bump: {diff.suggested_bump} (at least {diff.required_version})",
    ]
    if diff.split_moves:
        lines.append(f"- WARNING: {len(diff.split_moves)} article(s) moved split")
    for kind, (before, after) in diff.schema_changes.items():
        lines.append(f"- schema {kind}: {before} -> {after}")
    for key, (before, after) in diff.settings_changes.items():
        lines.append(f"- setting {key}: {before!r} -> {after!r}")
    lines.append(
        f"\nEvery added, removed and changed article and paragraph is listed in `{CHANGES_NAME}`."
    )
    return "\n".join(lines) + "\n\n"
