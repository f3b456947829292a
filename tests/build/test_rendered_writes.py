"""Batches rendered in the worker write the same files as articles written one by one.

The reference is the build process as it was before workers rendered their batches:
every processed article went through :func:`unique_ids` as an object and was
written by ``_old_write_article`` (records serialised here, Parquet rows made from
dicts, ``_DictShardWriter``). The corpus has what the fast path treats apart:
duplicate IDs inside a batch and across batches, rejects, dropped paragraphs and
duplicate articles, several splits, and shards and row groups small enough to roll
over inside a batch.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

from packager.build import EXAMPLE_CORPUS
from packager.build.orchestrate import _write_all
from packager.build.passes import (
    Packed,
    _checker,
    _unpacked,
    first_pass_task,
    process_corpus,
    second_pass_task,
    spilled_batch,
    survey_corpus,
)
from packager.build.reading import Inventory, read_inputs
from packager.build.steps import process_assembled
from packager.build.unique import UniqueIds, unique_ids
from packager.engines.local import LocalEngine
from packager.export.arrow import arrow_schema
from packager.export.jsonl import dumps_line
from packager.export.writer import ReleaseWriter
from packager.ingest.discover import discover
from packager.ingest.raw import Rejection
from packager.layout import CONFIGS, DATA_FOLDER
from packager.settings import BuildSettings

from ..export.test_parquet_rows import _DictShardWriter


def _corpus(folder: Path) -> Path:
    shutil.copytree(EXAMPLE_CORPUS, folder / "examples")
    lines = []
    for number in range(300):  # three batches; every 7th article repeats an earlier ID
        external = f"story-{number - 5 if number % 7 == 6 else number}"
        text = f"Story {number} about the tram depot.\n\nMore on the depot, part {number % 11}."
        lines.append(json.dumps({"id": external, "text": text}))
    lines.insert(40, json.dumps({"id": "empty", "text": ""}))  # a reject mid-batch
    (folder / "made.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _old_write_article(writer: ReleaseWriter, item: Any) -> None:
    """``ReleaseWriter.write_article`` as it was: one article's records as dicts."""
    article = item.article
    line = dumps_line(article)
    writer.articles_jsonl.write_line(line)
    writer.shards["articles"][article["split"]].add(article, len(line))
    lines = [dumps_line(paragraph) for paragraph in item.paragraphs]
    writer.paragraphs_jsonl.write_lines(lines)
    for paragraph, paragraph_line in zip(item.paragraphs, lines, strict=True):
        writer.shards["paragraphs"][article["split"]].add(paragraph, len(paragraph_line))
        writer.kinds[paragraph["kind"]] += 1
        if paragraph["flags"]:
            writer.flags.update({flag["code"] for flag in paragraph["flags"]})
    for rejection in item.dropped:
        writer._write_reject_record(rejection)
        writer.dropped[rejection.reason] += 1
    if article["language"]:
        writer.languages[article["language"]] += 1
    if article["license"]:
        writer.licenses.add(article["license"])
    if article["duplicate_of"] is not None:
        writer.duplicates += 1
    writer.sources[article["publisher"] or article["source"]["path"].split("/")[0]] += 1
    published = article["published_at"]
    if published:
        day = published[:10]
        writer.dates = (
            [min(writer.dates[0], day), max(writer.dates[1], day)] if writer.dates else [day, day]
        )


def _facts(writer: ReleaseWriter, stats: Any, folder: Path) -> dict[str, Any]:
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    counters = ("rejected", "dropped", "kinds", "flags", "languages", "sources")
    return {
        "files": files,
        "stats": stats,
        "counters": {name: list(getattr(writer, name).items()) for name in counters},
        "rest": (sorted(writer.licenses), writer.duplicates, writer.dates),
    }


def test_rendered_batches_write_what_articles_one_by_one_wrote(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    settings = BuildSettings(
        name="n",
        version="1.0.0",
        shard_max_bytes=2_048,
        row_group_rows=7,
        drop_kinds=["boilerplate", "heading", "byline"],
        dedup="drop",
    )
    spill = tmp_path / "spill"
    spill.mkdir()
    engine = LocalEngine(1)
    raws = read_inputs(discover([corpus]), Inventory(), settings)
    survey, spilled = survey_corpus(engine, raws, settings, spill)
    assert spilled == 3

    old_folder, new_folder = tmp_path / "old", tmp_path / "new"
    for folder in (old_folder, new_folder):
        folder.mkdir()
    old = ReleaseWriter(old_folder, settings, _checker())
    old.shards = {
        config: {
            split: _DictShardWriter(
                old_folder / DATA_FOLDER / config,
                split,
                arrow_schema(kind),
                settings.shard_max_bytes,
                settings.row_group_rows,
            )
            for split in settings.splits
        }
        for config, kind in CONFIGS.items()
    }
    items = [
        process_assembled(item, settings, survey, _checker())
        for index in range(spilled)
        for item in pickle.loads(spilled_batch(spill, index).read_bytes())
    ]
    for item in unique_ids(items, tmp_path):
        if isinstance(item, Rejection):
            old.write_reject(item)
        else:
            _old_write_article(old, item)
    old_facts = _facts(old, old.close(), old_folder)

    new = ReleaseWriter(new_folder, settings, _checker())
    ids = UniqueIds(tmp_path)
    messages: list[str] = []
    batches = process_corpus(engine, spilled, settings, survey, spill)
    counts = _write_all(batches, ids, new, settings, messages)
    ids.remove()
    new_facts = _facts(new, new.close(), new_folder)

    assert counts["rejected_by_reason"]["duplicate-id"] >= 40
    assert counts["rejected_by_reason"]["empty-article"] == 1
    assert sum(counts["paragraphs_dropped"].values()) > 0
    assert len([name for name in new_facts["files"] if name.endswith(".parquet")]) > 6
    assert new_facts == old_facts


def _comparable(result: Any) -> Any:
    """A task's result with numpy arrays as lists, so that == compares values."""
    if result is None:
        return None
    if hasattr(result, "signature"):  # a survey entry
        return (
            result.article_id,
            result.groups,
            [int(key) for key in result.paragraph_keys],  # a uint64 array (or keys)
            result.exact,
            result.signature.tolist(),
        )
    return result


def test_packed_results_unpack_to_the_results_a_task_gives_here(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    settings = BuildSettings(name="n", version="1.0.0", drop_kinds=["heading"], dedup="drop")
    spill = tmp_path / "spill"
    spill.mkdir()
    raws = list(read_inputs(discover([corpus]), Inventory(), settings))[:130]
    task = (0, raws[:128])
    plain = first_pass_task(task, settings, spill)
    packed = first_pass_task(task, settings, spill, packed=True)
    assert len(packed) == 1 and isinstance(packed[0], Packed)
    assert [_comparable(r) for r in _unpacked(packed)] == [_comparable(r) for r in plain]

    survey, _ = survey_corpus(LocalEngine(1), raws, settings, spill)
    plain_batch = second_pass_task(0, settings, survey, spill)
    packed_batch = second_pass_task(0, settings, survey, spill, packed=True)
    assert isinstance(packed_batch[0], Packed)
    assert list(_unpacked(packed_batch)) == plain_batch
    assert any(isinstance(unit, Rejection) for unit in plain_batch[0].units)
