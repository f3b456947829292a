"""How fast packager builds, side by side with a minimal job and a datatrove peer.

For each corpus size in ``--articles`` (default 10,000 and 100,000; add 1,000,000 for
the scale figure), ``generate_corpus.py`` makes the corpus (deterministic: the same
count gives the same bytes), then these run on it, each as its own process tree:

* ``minimal``: read + parse (orjson) + NFC + split into paragraphs + write Parquet
  (zstd); no IDs, no validation, no duplicates: the floor;
* ``packager build`` with each worker count of ``--workers`` (default 1 and 2):
  everything (two passes, IDs, provenance, kinds/flags, duplicates, every record
  validated, JSONL and Parquet written);
* ``datatrove``: ``peer_datatrove.py``, the same corpus through datatrove 0.10.1
  (reader, paragraph split with exact repeat counts, MinHash dedup, Parquet) with
  ``--peer-tasks`` tasks. Install it with ``pip install -c constraints.txt -e '.[bench]'``;
  ``--skip-peer`` leaves it out.

With ``--repeat N`` the jobs are interleaved (A B C D A B C D ...) and medians are
reported. For each run: wall seconds, articles/s, CPU seconds of the whole tree, the
peak RSS of the whole process tree (the command and all its descendants, sampled
with psutil every 50 ms and summed) and the largest single process (``ru_maxrss``),
and the Parquet rows written. It prints the issue's targets (pass/miss and by how
much) and replaces the marked build section of ``benchmarks/RESULTS.md``, keeping
every other section. It is a script, never a timed test.

    python benchmarks/bench_build.py --articles 10000,100000,1000000 --repeat 3
    python benchmarks/bench_build.py --articles 2000 --profile   # packager, 1 worker, cProfile
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
BEGIN = "<!-- bench_build.py: begin (this section is rewritten by each run) -->"
END = "<!-- bench_build.py: end -->"
SAMPLE_SECONDS = 0.05
PSS_EVERY = 4  # PSS (smaps_rollup walks every mapping) on every 4th sample: each 200 ms
MB = 1e6

# The targets, at 100,000 articles with 2 workers unless said otherwise.
TARGET_RATE = 2_000  # articles/s
TARGET_PEER_RATIO = 2.5  # x datatrove's articles/s in the same run
TARGET_RSS = 1e9  # bytes, peak RSS of the whole tree at 100k
TARGET_GROWTH = 0.25  # peak RSS growth from 10k to 100k
TARGET_RSS_1M = 1.2e9  # bytes, peak RSS of the whole tree at 1M


def baseline(corpus: Path, out: Path) -> int:
    """The floor: read, parse, NFC, split, write Parquet. Returns the paragraph count."""
    import orjson
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("article", pa.int64()), ("index", pa.int64()), ("text", pa.string())])
    out.mkdir(parents=True, exist_ok=True)
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


# --- measuring a process tree -------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc (cheap); psutil's walk where that is missing."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except FileNotFoundError:
        import psutil

        with contextlib.suppress(psutil.Error):
            found = [child.pid for child in psutil.Process(pid).children()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes: each shared page divided among its sharers.

    Summed over a tree of forked processes, PSS counts the pages they share (imports,
    compiled kernels, the language model loaded before the fork) once, where summed RSS
    counts them once per process. 0 where /proc/PID/smaps_rollup is missing.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command: list[str], log: Path) -> dict:
    """Run ``command``; its wall and CPU seconds and peak RSS (whole tree, largest process).

    The tree's RSS is the sum over the command and all its descendants, sampled every
    50 ms (a process that lives less than that may be missed; pages shared between
    forked processes are counted in each). The largest single process is the kernel's
    ``ru_maxrss`` for the command and the descendants it waited for.
    """
    import psutil

    handles: dict[int, psutil.Process] = {}
    peak = peak_pss = samples = 0
    start = time.perf_counter()
    with log.open("wb") as output:
        child = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "HF_DATASETS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"},
        )
        while True:
            done, status, usage = os.wait4(child.pid, os.WNOHANG)
            if done:
                break
            total = pss = 0
            tree = _tree(child.pid)
            for pid in tree:
                with contextlib.suppress(psutil.Error):
                    if pid not in handles:
                        handles[pid] = psutil.Process(pid)
                    total += handles[pid].memory_info().rss
            if samples % PSS_EVERY == 0:
                pss = sum(_pss(pid) for pid in tree)
            peak = max(peak, total)
            peak_pss = max(peak_pss, pss)
            samples += 1
            time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{command[:4]}... exited with {child.returncode}:\n{tail}")
    single = usage.ru_maxrss * 1024  # KiB on Linux
    return {
        "seconds": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "tree_rss": max(peak, single),
        "single_rss": single,
        "tree_pss": peak_pss,
        "samples": samples,
        "processes": len(handles),
    }


def parquet_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(path).metadata.num_rows for path in folder.rglob("*.parquet"))


# --- the jobs -----------------------------------------------------------------------


def packager_command(corpus: Path, out: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "packager",
        "build",
        str(corpus),
        "--out",
        str(out),
        "--name",
        "bench",
        "--version",
        "1.0.0",
        "--workers",
        str(workers),
        "--force",
    ]


def peer_feeds(corpus: Path, work: Path, tasks: int) -> Path:
    """The JSONL feeds in at least ``tasks`` files: datatrove splits its work by file.

    Made once per corpus, before any timing; the same records in the same order.
    """
    files = sorted((corpus / "wire").glob("*.jsonl"))
    if len(files) >= tasks:
        return corpus / "wire"
    folder = work / "peer-feeds"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    parts = math.ceil(tasks / len(files))
    for number, path in enumerate(files):
        with path.open("rb") as handle:
            lines = sum(1 for _ in handle)
        per_part = math.ceil(lines / parts)
        with path.open("rb") as handle:
            for part in range(parts):
                target = folder / f"feed-{number:05d}-{part:02d}.jsonl"
                with target.open("wb") as output:
                    for _, line in zip(range(per_part), handle, strict=False):
                        output.write(line)
    return folder


def jobs(corpus: Path, work: Path, args) -> list[tuple[str, list[str], Path]]:
    """(label, command, output folder) of each job, in the order they run."""
    found = [
        (
            "minimal",
            [sys.executable, __file__, "--baseline-only", str(corpus), str(work / "minimal")],
            work / "minimal",
        )
    ]
    for workers in args.workers:
        out = work / f"packager-{workers}"
        label = f"packager, {workers} worker" + "s" * (workers > 1)
        found.append((label, packager_command(corpus, out, workers), out))
    if not args.skip_peer:
        feeds = peer_feeds(corpus, work, args.peer_tasks)
        for tokenizer in args.peer_tokenizers:
            out = work / f"datatrove-{tokenizer}"
            command = [sys.executable, str(HERE / "peer_datatrove.py"), str(corpus), str(out)]
            command += ["--feeds", str(feeds), "--tasks", str(args.peer_tasks)]
            command += ["--workers", str(min(args.peer_tasks, cores()))]
            command += ["--tokenizer", tokenizer]
            words = {"split": "words split on spaces", "spacy": "spaCy words"}[tokenizer]
            found.append((f"datatrove, {args.peer_tasks} tasks, {words}", command, out))
    return found


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# --- one corpus size ----------------------------------------------------------------


def run_size(articles: int, work: Path, args) -> dict:
    sys.path.insert(0, str(HERE))
    from generate_corpus import generate

    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    print(f"== {articles:,} articles: generating the corpus", flush=True)
    summary = generate(corpus, articles)
    planned = jobs(corpus, work, args)
    runs: dict[str, list[dict]] = {label: [] for label, _, _ in planned}
    load = [os.getloadavg()[0]]
    for round_ in range(args.repeat):
        for label, command, out in planned:
            shutil.rmtree(out, ignore_errors=True)
            print(f"   run {round_ + 1}/{args.repeat}: {label} ...", end=" ", flush=True)
            figures = measure(command, work / f"{out.name}.log")
            figures["rows"] = parquet_rows(out)
            runs[label].append(figures)
            print(
                f"{figures['seconds']:.1f} s, {articles / figures['seconds']:,.0f} articles/s, "
                f"tree peak RSS {figures['tree_rss'] / MB:,.0f} MB, "
                f"PSS {figures['tree_pss'] / MB:,.0f} MB",
                flush=True,
            )
    load.append(os.getloadavg()[0])
    medians = {
        label: {key: statistics.median(run[key] for run in found) for key in found[0]}
        for label, found in runs.items()
    }
    shutil.rmtree(corpus, ignore_errors=True)
    return {
        "articles": articles,
        "megabytes": summary["bytes"] / MB,
        "paragraphs": summary["paragraphs"],
        "load": load,
        "medians": medians,
        "runs": runs,
    }


# --- report -------------------------------------------------------------------------


def labels_of(result: dict) -> tuple[str, str | None, str | None]:
    """The minimal job, packager with 2 workers (or the most), and the peer."""
    names = list(result["medians"])
    packagers = [name for name in names if name.startswith("packager")]
    two = next((n for n in packagers if n.startswith("packager, 2 ")), None)
    most = two or (packagers[-1] if packagers else None)
    peer = next((name for name in names if name.startswith("datatrove")), None)
    return "minimal", most, peer


def size_table(result: dict, repeat: int) -> list[str]:
    articles = result["articles"]
    medians = result["medians"]
    minimal, _, peer = labels_of(result)
    minimal_rate = articles / medians[minimal]["seconds"]
    peer_rate = articles / medians[peer]["seconds"] if peer else None
    which = f"median of {repeat} interleaved runs" if repeat > 1 else "one run each"
    lines = [
        f"### {articles:,} articles",
        "",
        f"Corpus: {articles:,} generated articles, {result['megabytes']:.0f} MB, "
        f"{result['paragraphs']:,} paragraphs; {which}; load average (1 min) "
        f"{result['load'][0]:.1f} before, {result['load'][1]:.1f} after.",
        "",
        "| job | seconds | articles/s | CPU s (tree) | articles per CPU s | rate / minimal "
        "| rate / datatrove | peak RSS, tree (MB) | peak PSS, tree (MB) | largest process (MB) "
        "| Parquet rows |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, figures in medians.items():
        rate = articles / figures["seconds"]
        lines.append(
            f"| {label} | {figures['seconds']:.1f} | {rate:,.0f} | {figures['cpu']:.1f} "
            f"| {articles / figures['cpu']:,.0f} "
            f"| {rate / minimal_rate:.3f} | "
            + (f"{rate / peer_rate:.2f}" if peer_rate else "n/a")
            + f" | {figures['tree_rss'] / MB:,.0f} | {figures.get('tree_pss', 0) / MB:,.0f} "
            f"| {figures['single_rss'] / MB:,.0f} "
            f"| {figures['rows']:,.0f} |"
        )
    return lines


def verdict(ok: bool, text: str) -> str:
    return f"- {'PASS' if ok else 'MISS'}: {text}"


def targets(results: list[dict]) -> list[str]:
    by_size = {result["articles"]: result for result in results}
    lines = []
    at = by_size.get(100_000)
    indicative = ""
    if at is None and results:
        at = max(results, key=lambda result: result["articles"])
        indicative = (
            f" (at {at['articles']:,} articles: indicative only, the targets are set at 100,000)"
        )
    if at is not None:
        _, most, peer = labels_of(at)
        if most is None:
            return ["- packager was not run."]
        figures = at["medians"][most]
        rate = at["articles"] / figures["seconds"]
        lines.append(f"Targets for {most}{indicative}:")
        lines.append(
            verdict(
                rate >= TARGET_RATE,
                f"{rate:,.0f} articles/s against >= {TARGET_RATE:,} "
                f"({rate / TARGET_RATE:.2f}x the target"
                + (f"; {TARGET_RATE / rate:.1f}x short)" if rate < TARGET_RATE else ")"),
            )
        )
        if peer:
            ratio = rate / (at["articles"] / at["medians"][peer]["seconds"])
            lines.append(
                verdict(
                    ratio >= TARGET_PEER_RATIO,
                    f"{ratio:.2f}x datatrove's rate in the same run against >= "
                    f"{TARGET_PEER_RATIO}x"
                    + (
                        f" ({TARGET_PEER_RATIO / ratio:.1f}x short)"
                        if ratio < TARGET_PEER_RATIO
                        else ""
                    ),
                )
            )
        else:
            lines.append("- not measured: datatrove's rate (--skip-peer)")
        for measure_name, key in (("RSS", "tree_rss"), ("PSS", "tree_pss")):
            rss = figures[key]
            lines.append(
                verdict(
                    rss <= TARGET_RSS,
                    f"peak {measure_name} of the whole tree {rss / MB:,.0f} MB"
                    f" against <= {TARGET_RSS / MB:,.0f} MB"
                    + (f" ({(rss - TARGET_RSS) / MB:,.0f} MB over)" if rss > TARGET_RSS else ""),
                )
            )
    small, large = by_size.get(10_000), by_size.get(100_000)
    if small and large and labels_of(small)[1] == labels_of(large)[1]:
        label = labels_of(large)[1]
        for measure_name, key in (("RSS", "tree_rss"), ("PSS", "tree_pss")):
            growth = large["medians"][label][key] / small["medians"][label][key] - 1
            lines.append(
                verdict(
                    growth <= TARGET_GROWTH,
                    f"peak {measure_name} growth from 10k to 100k {growth:+.0%} "
                    f"against <= +{TARGET_GROWTH:.0%}",
                )
            )
    else:
        lines.append("- not measured: RSS growth from 10k to 100k (needs both sizes)")
    million = by_size.get(1_000_000)
    if million and labels_of(million)[1]:
        for measure_name, key in (("RSS", "tree_rss"), ("PSS", "tree_pss")):
            rss = million["medians"][labels_of(million)[1]][key]
            lines.append(
                verdict(
                    rss <= TARGET_RSS_1M,
                    f"peak {measure_name} of the whole tree at 1M {rss / MB:,.0f} MB "
                    f"against <= {TARGET_RSS_1M / MB:,.0f} MB",
                )
            )
    else:
        lines.append("- not measured: peak RSS at 1,000,000 articles")
    return lines


def versions() -> str:
    names = ("packager", "pyarrow", "datasets", "orjson", "jsonschema-rs", "datatrove", "spacy")
    found = []
    for name in names:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name} {importlib.metadata.version(name)}")
    return ", ".join(found)


def commit() -> str:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return "unknown"


def report(results: list[dict], args) -> str:
    lines = [
        f"## Build throughput and memory, {time.strftime('%Y-%m-%d')}",
        "",
        f"Produced by `python benchmarks/bench_build.py --articles "
        f"{','.join(str(r['articles']) for r in results)} --repeat {args.repeat}` at commit "
        f"`{commit()}`. Machine: {cores()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}. Versions: {versions()}.",
        "",
    ]
    if args.note:
        lines += [args.note, ""]
    lines += [
        'Rates are articles/s over the whole run (start-up included); "rate / minimal" and '
        '"rate / datatrove" divide a job\'s rate by theirs in the same run. Peak RSS, tree: '
        "the largest sum of the RSS of the command and all its descendants (workers "
        "included), sampled with psutil every 50 ms; pages shared between forked processes "
        "count once per process. Peak PSS, tree: the same sum of each process's proportional "
        "set size (/proc/PID/smaps_rollup, every 200 ms), where a page shared by n processes "
        "counts 1/n in each: the memory the tree holds. Largest process: the kernel's "
        "ru_maxrss. The datatrove job "
        "is `benchmarks/peer_datatrove.py`: reader, paragraph split with exact repeat counts, "
        "MinHash dedup (4 stages; 5-word shingles over words split on white space as "
        "packager does, or over spaCy's English tokens, datatrove's default, where both "
        "run), Parquet (zstd); its JSONL feeds are cut into at least one "
        "file per task beforehand, untimed. The targets use the first datatrove row. "
        "Articles per CPU s (user + system time of the "
        "whole tree) moves less than wall time on a shared machine. Parquet rows: every "
        "Parquet file the job wrote (packager's include one row per article).",
        "",
    ]
    for result in results:
        lines += [*size_table(result, args.repeat), ""]
    lines += ["### Against issue 16's targets", "", *targets(results)]
    return "\n".join(lines)


def write_results(section: str, path: Path, begin: str = BEGIN, end: str = END) -> None:
    block = f"{begin}\n{section}\n{end}"
    text = path.read_text() if path.exists() else "# packager build: measured\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{block}\n{rest}"
    path.write_text(text)


# --- profile ------------------------------------------------------------------------


PROFILE_BEGIN = "<!-- bench_build.py --profile: begin (rewritten by each profile run) -->"
PROFILE_END = "<!-- bench_build.py --profile: end -->"

# Where the build's own time goes, by the file a function is defined in (first match).
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("language detection", ("quality/language.py", "py3langid")),
    ("MinHash signatures", ("quality/dedup.py", "quality/kernels.py")),
    (
        "classification signals and rules",
        (
            "quality/signals.py",
            "quality/appeals.py",
            "quality/reading.py",
            "quality/classify.py",
            "quality/annotate.py",
        ),
    ),
    ("furniture model", ("quality/model.py",)),
    ("hygiene", ("quality/hygiene.py", "ftfy", "re2")),
    (
        "survey: keys, counting, duplicates",
        (
            "quality/survey.py",
            "quality/evidence.py",
            "quality/neardup.py",
            "packager/partitions.py",
        ),
    ),
    (
        "reading, segmenting, IDs, assembling",
        (
            "packager/ingest/",
            "packager/segment.py",
            "packager/identify.py",
            "packager/assemble.py",
            "orjson",
            "unicodedata",
        ),
    ),
    ("validation", ("packager/check/", "jsonschema_rs")),
    ("JSONL and Parquet writing", ("packager/export/", "pyarrow")),
    ("unique IDs", ("build/unique.py",)),
    ("spill and checkpoint (pickle)", ("pickle", "build/checkpoint.py", "build/passes.py")),
]


def _stage(path: str, name: str) -> str:
    where = f"{path} {name}"
    for stage, needles in STAGES:
        if any(needle in where for needle in needles):
            return stage
    return "other (start-up, imports, the engine, the build's own bookkeeping)"


def profile(articles: int, work: Path, top: int, write: bool, results_path: Path) -> None:
    """packager build, 1 worker, under cProfile: where the time goes, by stage and function."""
    import pstats

    sys.path.insert(0, str(HERE))
    from generate_corpus import generate

    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    generate(corpus, articles)
    stats_file = work / "packager.prof"
    command = packager_command(corpus, work / "profiled", 1)
    command[1:3] = ["-m", "cProfile", "-o", str(stats_file), "-m", "packager"]
    figures = measure(command, work / "profile.log")
    print(f"packager, 1 worker, under cProfile: {figures['seconds']:.1f} s for {articles:,}")
    stats = pstats.Stats(str(stats_file))
    by_stage: dict[str, float] = {}
    for (path, _line, name), (_, _calls, own, _cumulative, callers) in stats.stats.items():
        stage = _stage(path, name)
        if stage.startswith("other") and path == "~" and callers:
            # a built-in (a regex search, a str method): its time goes to its callers' stages
            for (caller_path, _, caller_name), caller_figures in callers.items():
                caller_stage = _stage(caller_path, caller_name)
                by_stage[caller_stage] = by_stage.get(caller_stage, 0.0) + caller_figures[2]
            continue
        by_stage[stage] = by_stage.get(stage, 0.0) + own
    total = sum(by_stage.values())
    table = [
        f"## Where the time goes: profile of one build, {date.today().isoformat()}",
        "",
        f"Produced by `python benchmarks/bench_build.py --profile --articles {articles}`: "
        f"packager build, 1 worker, {articles:,} generated articles, under cProfile (own "
        "time of every function, grouped by the file it is defined in, a built-in's time given "
        "to the stage of the function that called it; cProfile adds its own "
        f"overhead, so compare shares, not absolute figures). Total {total / articles * 1e6:,.0f} "
        "µs per article.",
        "",
        "| stage | µs/article | share |",
        "|---|---:|---:|",
    ]
    for stage, seconds in sorted(by_stage.items(), key=lambda item: -item[1]):
        table.append(f"| {stage} | {seconds / articles * 1e6:,.0f} | {seconds / total:.0%} |")
    print("\n".join(table))
    if write:
        write_results("\n".join(table), results_path, PROFILE_BEGIN, PROFILE_END)
    for order, title in (("tottime", "own time"), ("cumulative", "with callees")):
        rows = []
        for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
            if order == "cumulative" and "packager" not in path:
                continue
            where = f"{Path(path).name}:{line} {name}" if line else name
            rows.append((own if order == "tottime" else cumulative, own, cumulative, calls, where))
        rows.sort(reverse=True)
        print(f"\nTop {top} by {title} (µs per article):")
        print(f"{'own':>9} {'cumul':>9} {'calls':>10}  function")
        for _, own, cumulative, calls, where in rows[:top]:
            print(
                f"{own / articles * 1e6:9.0f} {cumulative / articles * 1e6:9.0f} "
                f"{calls:10,d}  {where}"
            )


# --- main ---------------------------------------------------------------------------


def counts(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=counts, default=[10_000, 100_000], help="sizes, e.g. 10000,100000"
    )
    parser.add_argument("--workers", type=counts, default=[1, 2], help="packager's, e.g. 1,2")
    parser.add_argument("--peer-tasks", type=int, default=2, help="datatrove tasks")
    parser.add_argument(
        "--peer-tokenizers",
        type=lambda text: [part for part in text.split(",") if part],
        default=["split"],
        help="datatrove's MinHash words, one run each: split (on white space, as packager"
        " does; the default) and/or spacy (datatrove's English default, much slower);"
        " the targets use the first",
    )
    parser.add_argument("--skip-peer", action="store_true", help="do not run datatrove")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved runs; medians")
    parser.add_argument("--keep", type=Path, help="work here and keep the outputs")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the file to update")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--note", help="a sentence for RESULTS.md (e.g. the machine's state)")
    parser.add_argument(
        "--profile", action="store_true", help="only profile packager (1 worker, first size)"
    )
    parser.add_argument("--top", type=int, default=25, help="rows of the profile")
    parser.add_argument(
        "--baseline-only", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.baseline_only:
        print(baseline(Path(args.baseline_only[0]), Path(args.baseline_only[1])))
        return 0
    if set(args.peer_tokenizers) - {"split", "spacy"}:
        parser.error("--peer-tokenizers takes split and/or spacy")
    if not args.skip_peer and importlib.util.find_spec("datatrove") is None:
        parser.error("datatrove is missing: pip install -c constraints.txt -e '.[bench]'")
    work = args.keep or Path(tempfile.mkdtemp(prefix="packager-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.profile:
            profile(args.articles[0], work, args.top, not args.no_write, args.results)
            return 0
        results = []
        for articles in args.articles:
            results.append(run_size(articles, work / f"n{articles}", args))
        section = report(results, args)
        print("\n" + section)
        if not args.no_write:
            write_results(section, args.results)
        summary = [{k: v for k, v in r.items() if k != "medians"} for r in results]
        (work / "bench_build.json").write_text(json.dumps(summary, indent=1))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
