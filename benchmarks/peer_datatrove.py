"""The peer pipeline for ``bench_build.py``: packager's work, done with datatrove 0.10.1.

Our own pipeline, written against datatrove's public API (readers, ``PipelineStep``,
the four MinHash stages, ``ParquetWriter``, ``LocalPipelineExecutor``), doing work
comparable to ``packager build`` on a corpus made by ``generate_corpus.py``:

1. ``signatures`` (``--tasks`` tasks): read every article (``JsonlReader`` for the
   JSONL feeds, a small reader of our own for the hard-wrapped ``.txt`` files), NFC,
   split into paragraphs, count every paragraph (xxh3-64 of its text, per task, kept
   as sorted numpy arrays written to disk as seen-RANK), then ``MinhashDedupSignature`` (5-word
   shingles, 14 buckets x 8 hashes of xxh64, datatrove's defaults) over words split on
   white space as packager splits them (``--tokenizer split``, the default) or over
   spaCy's English tokens (``--tokenizer spacy``, datatrove's default for English, which
   costs about 14 ms per article here and so makes the peer several times slower).
2. ``counts`` (4 x ``--tasks`` tasks, each a range of the hash space): merge the per-task
   counts into exact corpus-wide repeat counts; only paragraphs seen more than once
   are kept (a paragraph missing from them was seen once).
3. ``buckets`` (14 tasks, one per bucket): ``MinhashDedupBuckets``.
4. ``clusters`` (1 task): ``MinhashDedupCluster``.
5. ``release`` (``--tasks`` tasks): read every article again, ``MinhashDedupFilter``
   drops near-duplicate articles, then one row per paragraph (article id, URL, title,
   publisher, index, text, its exact repeat count) written by ``ParquetWriter`` (zstd).

Repeat counts are exact up to 64-bit hash collisions (about 1 in 10^5 odds for a
corpus of 23 M paragraphs). Tasks run in ``--workers`` processes (fork). datatrove
splits work by file, so ``bench_build.py`` hands it the JSONL feeds cut into at least
``--tasks`` files. Prints one JSON line: articles read and kept, paragraph rows.

    python benchmarks/peer_datatrove.py CORPUS OUT --tasks 2 --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pyarrow as pa
import xxhash
from datatrove.data import Document, DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers import ParquetWriter
from datatrove.utils.word_tokenizers import WordTokenizer

ROWS = pa.schema(
    [
        ("article", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("index", pa.int32()),
        ("text", pa.string()),
        ("repeats", pa.int64()),
    ]
)


class HardWrappedTextReader(BaseDiskReader):
    """One article per ``.txt`` file: blank-line paragraphs, lines hard-wrapped."""

    name = "hard-wrapped .txt"

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rt", encoding="utf-8") as handle:
            raw = handle.read()
        text = "\n".join(
            " ".join(line.strip() for line in block.splitlines())
            for block in raw.split("\n\n")
            if block.strip()
        )
        document = self.get_document_from_dict({"text": text, "id": filepath}, filepath, 0)
        if document:
            yield document


def readers(corpus: Path, feeds: Path) -> list[PipelineStep]:
    """The same articles in the same order for stage 1 and stage 5 (the filter needs it)."""
    steps: list[PipelineStep] = [JsonlReader(str(feeds), glob_pattern="*.jsonl")]
    if (corpus / "txt").is_dir():
        steps.append(HardWrappedTextReader(str(corpus / "txt"), glob_pattern="**/*.txt"))
    return steps


def split(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.split("\n")) if p]


class CountParagraphs(PipelineStep):
    """NFC each article, count its paragraphs' hashes; the articles go on unchanged."""

    type = "✂️ - SPLIT"
    name = "paragraph counts"

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1):  # noqa: ARG002
        chunks: list[np.ndarray] = []
        pending: list[int] = []
        for document in data:
            document.text = unicodedata.normalize("NFC", document.text)
            pending.extend(xxhash.xxh3_64_intdigest(p.encode()) for p in split(document.text))
            if len(pending) >= 1_000_000:
                chunks.append(np.array(pending, dtype=np.uint64))
                pending = []
            yield document
        chunks.append(np.array(pending, dtype=np.uint64))
        keys, counts = np.unique(np.concatenate(chunks), return_counts=True)
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        np.save(Path(self.folder) / f"seen-{rank:05d}.keys.npy", keys)
        np.save(Path(self.folder) / f"seen-{rank:05d}.counts.npy", counts)


class MergeCounts(PipelineStep):
    """This task's range of the hash space: exact counts over all tasks, kept if > 1."""

    type = "✂️ - SPLIT"
    name = "merge paragraph counts"

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1):
        low, high = (2**64 * rank) // world_size, (2**64 * (rank + 1)) // world_size
        keys, counts = [], []
        for path in sorted(Path(self.folder).glob("seen-*.keys.npy")):
            these = np.load(path, mmap_mode="r")
            start = np.searchsorted(these, np.uint64(low))
            stop = len(these) if high >= 2**64 else np.searchsorted(these, np.uint64(high))
            keys.append(np.array(these[start:stop]))
            counts.append(np.load(str(path).replace(".keys.", ".counts."))[start:stop])
        merged, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        totals = np.bincount(inverse, weights=np.concatenate(counts)).astype(np.int64)
        repeated = totals > 1
        np.save(Path(self.folder) / f"repeated-{rank:05d}.keys.npy", merged[repeated])
        np.save(Path(self.folder) / f"repeated-{rank:05d}.counts.npy", totals[repeated])
        if data:
            yield from data


class ParagraphRows(PipelineStep):
    """One document per paragraph of each kept article, with its corpus-wide repeat count."""

    type = "✂️ - SPLIT"
    name = "paragraph rows"

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1):  # noqa: ARG002
        parts = sorted(Path(self.folder).glob("repeated-*.keys.npy"))
        keys = np.concatenate([np.load(p) for p in parts] or [np.zeros(0, np.uint64)])
        counts = np.concatenate(
            [np.load(str(p).replace(".keys.", ".counts.")) for p in parts]
            or [np.zeros(0, np.int64)]
        )
        for document in data:
            text = unicodedata.normalize("NFC", document.text)
            paragraphs = split(text)
            hashes = np.fromiter(
                (xxhash.xxh3_64_intdigest(p.encode()) for p in paragraphs),
                np.uint64,
                len(paragraphs),
            )
            where = np.minimum(np.searchsorted(keys, hashes), max(len(keys) - 1, 0))
            found = keys[where] == hashes if len(keys) else np.zeros(len(hashes), bool)
            repeats = np.where(found, counts[where] if len(keys) else 1, 1)
            meta = document.metadata
            for index, (paragraph, seen) in enumerate(
                zip(paragraphs, repeats.tolist(), strict=True)
            ):
                self.stat_update("paragraphs")
                yield Document(
                    text=paragraph,
                    id=f"{document.id}/{index}",
                    metadata={
                        "article": str(document.id),
                        "url": meta.get("url"),
                        "title": meta.get("title"),
                        "publisher": meta.get("publisher"),
                        "index": index,
                        "repeats": seen,
                    },
                )


def xxhash64(text: str) -> int:
    return xxhash.xxh64_intdigest(text.encode())


class Signatures(MinhashDedupSignature):
    """datatrove's stage 1 with its default hash, xxh64, given bytes.

    datatrove 0.10.1 hashes shingles as ``str``, which xxhash 4 (pinned for packager)
    refuses; its ``processing`` extra pins ``xxhash<4`` instead. xxhash 3 hashed a
    ``str`` as its UTF-8 bytes, so the values are the same.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._hash_func = xxhash64


class Words(WordTokenizer):
    """Words split on white space, as packager shingles them (``--tokenizer split``)."""

    def word_tokenize(self, text: str) -> list[str]:
        return text.split()

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


def row(_writer, document: Document) -> dict:
    """The ParquetWriter adapter: a fixed set of columns (the default drops falsy values)."""
    return {"text": document.text, **document.metadata}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="generate_corpus.py's output directory")
    parser.add_argument("out", type=Path)
    parser.add_argument("--feeds", type=Path, help="the JSONL feeds (default CORPUS/wire)")
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--tokenizer",
        choices=("split", "spacy"),
        default="split",
        help="MinHash words: split on white space like packager, or spaCy's English "
        "tokenizer (datatrove's default for English; about 14 ms per article here)",
    )
    args = parser.parse_args()
    feeds = args.feeds or args.corpus / "wire"
    out = args.out
    config = MinhashConfig()
    language = Words("en") if args.tokenizer == "split" else "en"
    counts, signatures = str(out / "counts"), str(out / "signatures")
    buckets, clusters = str(out / "buckets"), str(out / "clusters")

    def stage(name, pipeline, tasks, depends=None):
        return LocalPipelineExecutor(
            pipeline=pipeline,
            tasks=tasks,
            workers=min(args.workers, tasks),
            logging_dir=str(out / "logs" / name),
            depends=depends,
            start_method="fork",
        )

    first = stage(
        "signatures",
        [
            *readers(args.corpus, feeds),
            CountParagraphs(counts),
            Signatures(signatures, config, language),
        ],
        args.tasks,
    )
    merged = stage("counts", [MergeCounts(counts)], 4 * args.tasks, first)  # less memory each
    second = stage(
        "buckets",
        [MinhashDedupBuckets(signatures, buckets, config=config)],
        config.num_buckets,
        merged,
    )
    third = stage("clusters", [MinhashDedupCluster(buckets, clusters, config=config)], 1, second)
    release = stage(
        "release",
        [
            *readers(args.corpus, feeds),
            MinhashDedupFilter(clusters),
            ParagraphRows(counts),
            ParquetWriter(
                str(out / "release"),
                output_filename="${rank}.parquet",
                compression="zstd",
                adapter=row,
                schema=ROWS,
            ),
        ],
        args.tasks,
        third,
    )
    release.run()
    read = json.loads((out / "logs" / "signatures" / "stats.json").read_text())
    kept = json.loads((out / "logs" / "release" / "stats.json").read_text())

    def total(stats, step, key):
        for entry in stats:
            if step in entry["name"]:
                value = entry["stats"].get(key, 0)
                return value["total"] if isinstance(value, dict) else value
        return 0

    print(
        json.dumps(
            {
                "articles_read": total(read, "MinHash stage 1", "total"),
                "articles_kept": total(kept, "MinHash stage 4", "forwarded"),
                "paragraph_rows": total(kept, "paragraph rows", "paragraphs"),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
