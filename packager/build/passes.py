"""The two passes of a build, as tasks for an engine; each article is read and assembled once.

First pass: the inputs are read here, in order, and sent in batches; a task
assembles its batch, spills the assembled articles (with their paragraphs'
survey keys, so the second pass need not hash them again) to the build's spill
folder and sends back only what the corpus survey needs (paragraph keys, MinHash
rows), which is counted here, in input order. Second pass: a task is a spilled batch's
number; it loads the batch, puts the survey's evidence on each article, applies
the policy and checks the records. Nothing is read or assembled twice.

The spill folder is private to the build (batches are pickles) and lives beside
the release, so workers of a cluster that share the file system find it. The
survey keeps what grows with the corpus in its ``survey`` folder (rows counted at
the end of the pass, see :class:`SurveyBuilder`), so the build process, or a Dask
client, holds a few bytes per article; the finished survey is sorted numpy arrays
that forked workers share.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packager.build.checkpoint import write_pickle
from packager.build.steps import (
    Item,
    assemble_raw,
    process_assembled,
    survey_entry_of,
    with_survey_keys,
)
from packager.check.validator import RecordChecker
from packager.engines import Engine
from packager.engines.batching import batches
from packager.ingest.raw import RawArticle, Rejection
from packager.quality.annotate import load_models
from packager.quality.survey import CorpusSurvey, SurveyBuilder, SurveyEntry
from packager.settings import BuildSettings

_checkers: dict[int, RecordChecker] = {}


def _checker() -> RecordChecker:
    """One compiled checker per process (worker or build), made on first use."""
    pid = os.getpid()
    if pid not in _checkers:
        _checkers[pid] = RecordChecker()
    return _checkers[pid]


def spilled_batch(spill: Path, index: int) -> Path:
    return spill / f"assembled-{index:07d}.pickle"


def first_pass_task(
    task: tuple[int, list[RawArticle | Rejection]], settings: BuildSettings, spill: Path
) -> list[SurveyEntry | None]:
    """Assemble one batch, spill it, and give the survey its entries (None: a rejection)."""
    index, batch = task
    items: list[Item] = []
    entries = []
    for raw in batch:  # an article at a time: its paragraphs' ID texts are remembered still
        item = with_survey_keys(assemble_raw(raw, settings))
        items.append(item)
        entries.append(survey_entry_of(item, settings))
    write_pickle(spilled_batch(spill, index), items)
    return entries


@dataclass(frozen=True)
class PackedItems:
    """A second-pass batch's items, pickled once where they were made.

    A worker's list of items is pickled to reach the build process, unpickled
    there, and pickled again for the checkpoint; as one blob it crosses for the cost
    of a copy, is stored as it is, and is unpickled once, by the build process.
    """

    blob: bytes


def second_pass_task(
    index: int,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    spill: Path,
    packed: bool = False,
) -> list[Item] | list[PackedItems]:
    """One spilled batch annotated, filtered and checked (``packed``: as one blob)."""
    items: list[Item] = pickle.loads(spilled_batch(spill, index).read_bytes())
    checker = _checker()
    done = [process_assembled(item, settings, survey, checker) for item in items]
    if packed:
        return [PackedItems(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))]
    return done


class _Numbered:
    """Batches of the input, numbered, counting how many there were."""

    def __init__(self, raws: Iterable[RawArticle | Rejection]) -> None:
        self.count = 0
        self._batches = batches(raws)

    def __iter__(self) -> Iterator[tuple[int, list[RawArticle | Rejection]]]:
        for batch in self._batches:
            yield self.count, batch
            self.count += 1


def survey_corpus(
    engine: Engine, raws: Iterable[RawArticle | Rejection], settings: BuildSettings, spill: Path
) -> tuple[CorpusSurvey, int]:
    """The first pass: the corpus survey, and the number of batches spilled."""
    quality = settings.quality
    builder = SurveyBuilder(
        quality.near_duplicate_threshold, quality.minhash_permutations, spill / "survey"
    )
    tasks = _Numbered(raws)
    try:
        for entry in engine.map_ordered(first_pass_task, tasks, (settings, spill), "survey"):
            if entry is not None:
                builder.add_entry(entry)
    except BaseException:
        builder.discard()  # no file left open by a failed pass
        raise
    return builder.finish(), tasks.count


def process_corpus(
    engine: Engine,
    spilled: int,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    spill: Path,
) -> Iterator[Item]:
    """The second pass: every article processed, in input order."""
    load_models()  # before a local pool forks, so its workers share one copy
    # packed when the results cross between processes: one worker runs tasks right here
    packed = getattr(engine, "workers", 2) > 1
    context: tuple[Any, ...] = (settings, survey, spill, packed)
    for result in engine.map_ordered(second_pass_task, range(spilled), context, "process"):
        if isinstance(result, PackedItems):
            yield from pickle.loads(result.blob)
        else:
            yield result
