"""How fast packager builds, against a minimal baseline, on one generated corpus.

For a corpus of N articles (default 100,000) made by ``generate_corpus.py``, it
runs, each as its own process, side by side on the same files:

* ``packager build`` with 1 worker and with all cores (everything: two passes,
  IDs, provenance, kinds/flags, duplicates, every record validated, JSONL and
  Parquet written);
* a minimal baseline: read + parse (orjson) + NFC + split into paragraphs +
  write Parquet (zstd), no IDs, no validation.

It prints articles/s, MB/s, paragraphs/s and peak RSS of each, the ratio
full/minimal, and writes them to ``benchmarks/RESULTS.md`` with the machine's
core count and the library versions. It is a script, never a timed test.

    python benchmarks/bench_build.py --articles 100000
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def baseline(corpus: Path, out: Path) -> int:
    """The floor: read, parse, NFC, split, write Parquet. Returns the paragraph count."""
    import orjson
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("article", pa.int64()), ("index", pa.int64()), ("text", pa.string())])
    writer = pq.ParquetWriter(out / "baseline.parquet", schema, compression="zstd")
    articles, indexes, texts = [], [], []
    total = number = 0
    files = sorted(corpus.rglob("*.jsonl")) + sorted(corpus.rglob("*.txt"))
    for path in files:
        if path.suffix == ".jsonl":
            bodies = (orjson.loads(line)["text"] for line in path.open("rb") if line.strip())
        else:
            bodies = iter(
                [
                    path.read_text(encoding="utf-8")
                    .replace("\n\n", "\x00")
                    .replace("\n", " ")
                    .replace("\x00", "\n")
                ]
            )
        for body in bodies:
            for index, paragraph in enumerate(p.strip() for p in body.split("\n") if p.strip()):
                articles.append(number)
                indexes.append(index)
                texts.append(unicodedata.normalize("NFC", paragraph))
            number += 1
            if len(texts) >= 50_000:
                writer.write_table(pa.table([articles, indexes, texts], schema=schema))
                total += len(texts)
                articles, indexes, texts = [], [], []
    if texts:
        writer.write_table(pa.table([articles, indexes, texts], schema=schema))
        total += len(texts)
    writer.close()
    return total


_WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True,"
    " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in bytes of the largest single process of ``command``.

    A fresh wrapper process runs it, so each figure is this command's own (the
    kernel's RUSAGE_CHILDREN keeps the largest child ever waited for).
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "HF_DATASETS_OFFLINE": "1"},
    )
    return time.perf_counter() - start, int(done.stdout.strip()) * 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Keep the corpus and outputs here.")
    parser.add_argument(
        "--baseline-only", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.baseline_only:
        print(baseline(Path(args.baseline_only[0]), Path(args.baseline_only[1])))
        return 0
    sys.path.insert(0, str(HERE))
    from generate_corpus import generate

    work = args.keep or Path(tempfile.mkdtemp(prefix="packager-bench-"))
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    summary = generate(corpus, args.articles)
    megabytes = summary["bytes"] / 1e6
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    runs = {}
    for label, command in (
        ("minimal baseline", [sys.executable, __file__, "--baseline-only", str(corpus), str(work)]),
        (
            "packager build, 1 worker",
            [
                sys.executable,
                "-m",
                "packager",
                "build",
                str(corpus),
                "--out",
                str(work / "w1"),
                "--name",
                "bench",
                "--version",
                "1.0.0",
                "--workers",
                "1",
                "--force",
            ],
        ),
        (
            f"packager build, {cores} workers",
            [
                sys.executable,
                "-m",
                "packager",
                "build",
                str(corpus),
                "--out",
                str(work / "wn"),
                "--name",
                "bench",
                "--version",
                "1.0.0",
                "--workers",
                str(cores),
                "--force",
            ],
        ),
    ):
        wall, peak = measure(command)
        runs[label] = (wall, peak)
    paragraphs = summary["paragraphs"]
    lines = [
        f"Corpus: {args.articles:,} generated articles, {megabytes:.0f} MB, {paragraphs:,} "
        f"paragraphs. Machine: {cores} cores, Python {platform.python_version()}.",
        "",
        "| run | seconds | articles/s | MB/s | paragraphs/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for label, (wall, peak) in runs.items():
        lines.append(
            f"| {label} | {wall:.1f} | {args.articles / wall:,.0f} | {megabytes / wall:.1f} "
            f"| {paragraphs / wall:,.0f} | {peak / 1e6:.0f} |"
        )
    minimal = runs["minimal baseline"][0]
    full = runs[f"packager build, {cores} workers"][0]
    lines += [
        "",
        f"Full build ({cores} workers) / minimal baseline: {full / minimal:.1f}x (target <= 3x).",
        "Versions: "
        + ", ".join(
            f"{name} {importlib.metadata.version(name)}"
            for name in ("packager", "pyarrow", "datasets", "orjson", "jsonschema-rs")
        ),
    ]
    text = "\n".join(lines)
    print(text)
    (HERE / "RESULTS.md").write_text(
        "# packager build: measured\n\n"
        "Produced by `python benchmarks/bench_build.py`.\n\n" + text + "\n"
    )
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({label: {"seconds": w, "peak_rss": p} for label, (w, p) in runs.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
