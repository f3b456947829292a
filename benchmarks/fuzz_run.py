"""The long fuzz run: tests/test_fuzz.py with its Hypothesis budget multiplied.

    python benchmarks/fuzz_run.py --scale 40

Prints, per property, the examples that passed and failed and the wall time,
from Hypothesis' own statistics. The default test run uses scale 1; results of
long runs go in benchmarks/RESULTS-fuzz.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TEST = re.compile(r"^tests/test_fuzz\.py::(\w+):$")
_COUNTS = re.compile(r"- (\d+) passing, (\d+) failing, and (\d+) invalid")
_TIME = re.compile(r"- Typical runtimes: (.*)$")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=40, help="multiplier of each budget")
    args = parser.parse_args()
    env = {**os.environ, "PACKAGER_FUZZ_SCALE": str(args.scale), "HF_DATASETS_OFFLINE": "1"}
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_fuzz.py",
            "--hypothesis-show-statistics",
            "--hypothesis-seed=0",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    current = None
    total = 0
    print(f"scale {args.scale}, pytest exit code {run.returncode}, {elapsed:.0f} s wall")
    print(f"{'property':<82} {'passing':>8} {'failing':>8} {'invalid':>8}")
    for line in run.stdout.splitlines():
        line = line.strip()
        if match := _TEST.match(line):
            current = match.group(1)
        elif (match := _COUNTS.search(line)) and current:
            passing, failing, invalid = (int(g) for g in match.groups())
            total += passing
            print(f"{current:<82} {passing:>8} {failing:>8} {invalid:>8}")
    print(f"{'total examples passing':<82} {total:>8}")
    if run.returncode != 0:
        print(run.stdout[-4000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
