"""The long fuzz run: tests/test_fuzz.py with every Hypothesis budget multiplied.

    python benchmarks/fuzz_run.py --scale 40

Sets ``PACKAGER_FUZZ_SCALE`` (each property's default ``max_examples`` times the
scale), runs pytest on tests/test_fuzz.py with Hypothesis' statistics, and prints
a Markdown table: per property, the examples run (passing and failing, from
Hypothesis' own counts over all phases), the invalid ones (filtered out, not
counted), why it stopped and its wall time. The seed is printed so a run can be
repeated exactly (``--seed``). The default test run is scale 1; results of long
runs go in benchmarks/RESULTS-fuzz.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TEST = re.compile(r"^tests/test_fuzz\.py::(\w+):$")
_COUNTS = re.compile(r"- (\d+) passing, (\d+) failing, and (\d+) invalid")
_STOPPED = re.compile(r"- Stopped because (.*)$")
_DURATION = re.compile(r"^([\d.]+)s call\s+tests/test_fuzz\.py::(\w+)")


@dataclass
class Property:
    name: str
    passing: int = 0
    failing: int = 0
    invalid: int = 0
    stopped: str = ""
    seconds: float = 0.0


def parse(output: str) -> dict[str, Property]:
    """Per-test counts from ``--hypothesis-show-statistics`` and times from ``--durations``."""
    found: dict[str, Property] = {}
    current: Property | None = None
    for line in output.splitlines():
        line = line.strip()
        if match := _TEST.match(line):
            current = found.setdefault(match.group(1), Property(match.group(1)))
        elif current and (match := _COUNTS.search(line)):
            current.passing += int(match.group(1))
            current.failing += int(match.group(2))
            current.invalid += int(match.group(3))
        elif current and (match := _STOPPED.search(line)):
            current.stopped = match.group(1)
        elif match := _DURATION.match(line):
            name = match.group(2)
            found.setdefault(name, Property(name)).seconds = float(match.group(1))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=40, help="multiplier of each budget")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis seed (random)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    env = {
        **os.environ,
        "PACKAGER_FUZZ_SCALE": str(args.scale),
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_fuzz.py",
        "--hypothesis-show-statistics",
        f"--hypothesis-seed={seed}",
        "--durations=0",
        "--durations-min=0",
    ]
    started = time.perf_counter()
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    found = parse(run.stdout)
    print(
        f"scale {args.scale}, seed {seed}, pytest exit code {run.returncode}, "
        f"{elapsed:.0f} s wall\n"
    )
    print("| property | examples run | failing | invalid | stopped because | time (s) |")
    print("|---|---:|---:|---:|---|---:|")
    total = 0
    for item in found.values():
        run_count = item.passing + item.failing
        total += run_count
        stopped = item.stopped or "not a Hypothesis test"
        print(
            f"| `{item.name}` | {run_count:,} | {item.failing} | {item.invalid:,} | "
            f"{stopped} | {item.seconds:.1f} |"
        )
    print(f"| **total** | **{total:,}** | | | | **{elapsed:.0f}** |")
    if run.returncode != 0:  # the failures (with Hypothesis' falsifying examples), not timings
        failures = run.stdout.split("= FAILURES =", 1)[-1].split("slowest durations", 1)[0]
        print("\n" + failures[-12000:] + run.stderr[-2000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
