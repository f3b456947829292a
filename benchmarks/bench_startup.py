"""How long ``packager`` takes to start: whole processes, median of N runs.

Each command runs as its own process (``python -m packager ...``, the same code the
``packager`` console script calls), so the figures include the interpreter, every
import and the command's work. Targets (issue 17): ``--help`` and ``--version``
under 0.3 s, ``validate dist/example-news/1.0.0`` under 1.5 s, on a 2-core machine.

    python benchmarks/bench_startup.py --runs 7
    python benchmarks/bench_startup.py --runs 7 --write   # also updates RESULTS.md

Where the time goes: ``python -X importtime -m packager --help``. It is a script,
never a timed test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE_RELEASE = ROOT / "dist" / "example-news" / "1.0.0"

# (label, arguments after `python -m packager`, target in seconds)
COMMANDS = [
    ("packager --help", ["--help"], 0.3),
    ("packager --version", ["--version"], 0.3),
    ("packager validate dist/example-news/1.0.0", ["validate", str(EXAMPLE_RELEASE)], 1.5),
]


def time_command(arguments: list[str], runs: int) -> list[float]:
    """Wall seconds of each of ``runs`` runs of ``python -m packager ARGUMENTS``."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "packager", *arguments],
            cwd=ROOT,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds.append(time.perf_counter() - started)
    return seconds


def results_section(rows: list[tuple[str, float, float, float]], runs: int) -> str:
    machine = (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    lines = [
        f"## Start-up, {datetime.date.today().isoformat()}",
        "",
        "Produced by `python benchmarks/bench_startup.py --runs "
        f"{runs} --write`: each command as a whole process (`python -m packager`), median "
        f"of {runs} runs. Machine: {machine}.",
        "",
        "| command | median (s) | min (s) | target (s) | holds |",
        "|---|---|---|---|---|",
    ]
    for label, median, fastest, target in rows:
        holds = "yes" if median < target else "no"
        lines.append(f"| `{label}` | {median:.3f} | {fastest:.3f} | < {target} | {holds} |")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    arguments = parser.parse_args()
    rows = []
    for label, command, target in COMMANDS:
        seconds = time_command(command, arguments.runs)
        median = statistics.median(seconds)
        holds = "holds" if median < target else "MISSED"
        print(
            f"{label}: median {median:.3f} s, min {min(seconds):.3f} s "
            f"over {arguments.runs} runs; target < {target} s {holds}"
        )
        rows.append((label, median, min(seconds), target))
    if arguments.write:
        write_results(results_section(rows, arguments.runs))
    return 0 if all(median < target for _, median, _, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
