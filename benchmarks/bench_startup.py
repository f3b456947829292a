"""How long ``packager`` takes to start: whole processes, median of N runs.

Each command runs as its own process (``python -m packager ...``, the same code the
``packager`` console script calls), so the figures include the interpreter, every
import and the command's work. Targets (issue 17): ``--help`` and ``--version``
under 0.3 s, ``validate dist/example-news/1.0.0`` under 1.5 s, on a 2-core machine.

    python benchmarks/bench_startup.py --runs 7
    python benchmarks/bench_startup.py --runs 7 --write   # also updates RESULTS.md
    python benchmarks/bench_startup.py --source /tmp/old  # another checkout, e.g. before
    python benchmarks/bench_startup.py --write --before /tmp/old  # both, side by side

(``git archive COMMIT | tar -x -C /tmp/old`` makes such a checkout.)

Besides wall time it reports CPU time (user + system of the process), which other
work on a busy machine disturbs less; compare ratios when the load is high.

Where the time goes: ``python -X importtime -m packager --help``. It is a script,
never a timed test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (label, arguments after `python -m packager`, target in seconds)
COMMANDS = [
    ("packager --help", ["--help"], 0.3),
    ("packager --version", ["--version"], 0.3),
    ("packager validate dist/example-news/1.0.0", ["validate", "dist/example-news/1.0.0"], 1.5),
]


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(source: Path, arguments: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of ``runs`` runs of ``python -m packager ARGUMENTS``."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    walls, cpus = [], []
    for _ in range(runs):
        cpu_before = _cpu_of_children()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "packager", *arguments],
            cwd=source,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_of_children() - cpu_before)
    return walls, cpus


def results_section(
    rows: list[tuple[str, float, float, float, float]],
    runs: int,
    before: dict[str, tuple[float, float]],
    before_name: str,
) -> str:
    machine = (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    lines = [
        f"## Start-up, {datetime.date.today().isoformat()}",
        "",
        f"Produced by `python benchmarks/bench_startup.py --runs {runs} --write"
        f"{' --before CHECKOUT' if before else ''}`: each "
        f"command as a whole process (`python -m packager`), median of {runs} runs; CPU is "
        f"user + system time of the process. Machine: {machine}; load average "
        f"{os.getloadavg()[0]:.1f} at the end (other jobs shared the machine).",
        "",
        "| command | wall median (s) | wall min (s) | CPU median (s) | target (s) | holds |"
        + (" before: wall median (s) | before: CPU median (s) |" if before else ""),
        "|---|---|---|---|---|---|" + ("---|---|" if before else ""),
    ]
    for label, median, fastest, cpu, target in rows:
        holds = "yes" if median < target else "no"
        line = f"| `{label}` | {median:.3f} | {fastest:.3f} | {cpu:.3f} | < {target} | {holds} |"
        if before:
            line += f" {before[label][0]:.3f} | {before[label][1]:.3f} |"
        lines.append(line)
    if before:
        lines += ["", f"Before: {before_name}, timed in the same run."]
    lines += [
        "",
        "Where the time goes (`python -X importtime -m packager ...`): for `--help` and "
        "`--version`, the interpreter and Typer's own import; none of the heavy libraries is "
        "loaded (tests/test_startup.py). For `validate`, Typer imports pydantic to convert "
        "a command's arguments, pyarrow (with numpy) reads the Parquet shards, and "
        "jsonschema-rs compiles the schemas; the checking itself takes a few tens of "
        "milliseconds.",
    ]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    """Replace the "Start-up" section of RESULTS.md (or append it)."""
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    start = text.find("\n## Start-up")
    if start != -1:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def _describe(source: Path) -> str:
    """What a checkout is: the first line of its COMMIT file if any, else its path."""
    marker = source / "COMMIT"
    return marker.read_text().strip() if marker.exists() else str(source)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="packager checkout to time (default: this one)"
    )
    parser.add_argument("--before", type=Path, help="also time this checkout, side by side")
    arguments = parser.parse_args()
    before = {}
    if arguments.before is not None:
        for label, command, _ in COMMANDS:
            walls, cpus = time_command(arguments.before.resolve(), command, arguments.runs)
            before[label] = (statistics.median(walls), statistics.median(cpus))
            print(f"before: {label}: wall median {before[label][0]:.3f} s")
    rows = []
    for label, command, target in COMMANDS:
        walls, cpus = time_command(arguments.source.resolve(), command, arguments.runs)
        median, cpu = statistics.median(walls), statistics.median(cpus)
        holds = "holds" if median < target else "MISSED"
        print(
            f"{label}: wall median {median:.3f} s (min {min(walls):.3f}), CPU median "
            f"{cpu:.3f} s over {arguments.runs} runs; target < {target} s {holds}"
        )
        rows.append((label, median, min(walls), cpu, target))
    if arguments.write:
        before_name = _describe(arguments.before) if arguments.before else ""
        write_results(results_section(rows, arguments.runs, before, before_name))
    return 0 if all(median < target for _, median, _, _, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
