"""CPU of the build process beside its workers: an older packager and this one, in one run.

With as many workers as cores, every CPU second the build process spends (receiving
batches, checking IDs, writing files) is taken from the workers. For each code (a
git ref, exported with ``git archive``, and this checkout) it runs
``python -m packager build`` on the same generated corpus, interleaved over
``--repeat`` rounds (old new old new ...), and reports from ``getrusage`` the CPU
seconds (user + system) of the build process itself and of the whole tree (the build
and every worker it waited for), the wall seconds, and the medians and new/old
ratios. It also checks that both codes built the same bytes. A script, never a test.

    python benchmarks/bench_build_process.py --articles 10000 --workers 2 --repeat 3
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent

# Run in the child: the build as the CLI runs it, then the CPU it and its children used.
_MEASURED = """
import atexit, json, resource, runpy, sys
REPORT = sys.argv[1]
def report():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {"self": me.ru_utime + me.ru_stime, "children": kids.ru_utime + kids.ru_stime}
    with open(REPORT, "w") as out:
        json.dump(cpu, out)
atexit.register(report)
sys.argv = ["packager"] + sys.argv[2:]
runpy.run_module("packager", run_name="__main__", alter_sys=True)
"""


def export_ref(ref: str, into: Path) -> Path:
    """The tree of ``ref`` (this repository's) as plain files under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(CHECKOUT), "archive", ref], check=True, capture_output=True
    ).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_build(code: Path, corpus: Path, out: Path, workers: int) -> dict[str, float]:
    report = out.with_suffix(".json")
    command = [sys.executable, "-c", _MEASURED, str(report), "build", str(corpus)]
    command += ["--out", str(out), "--name", "b", "--version", "1.0.0", "--workers", str(workers)]
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run(command, check=True, cwd=code, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    cpu = json.loads(report.read_text())
    return {"wall": wall, "build": cpu["self"], "tree": cpu["self"] + cpu["children"]}


def same_files(left: Path, right: Path) -> bool:
    names = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(left / name, right / name, shallow=False) for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old", default="main", help="git ref of the code to compare with")
    parser.add_argument("--work", type=Path, help="scratch folder (a temporary one by default)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-process-"))
    corpus = work / "corpus"
    if not corpus.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_corpus.py"),
                str(corpus),
                "--articles",
                str(args.articles),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
        )
    codes = {"old": export_ref(args.old, work / "old-code"), "new": CHECKOUT}
    for code in codes.values():  # neither run pays for compiling the other's modules
        compile_all = [sys.executable, "-m", "compileall", "-q", str(code / "packager")]
        subprocess.run(compile_all, check=True, stdout=subprocess.DEVNULL)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in codes}
    for round_ in range(args.repeat):
        for name, code in codes.items():
            out = work / f"{name}-{round_}"
            runs[name].append(run_build(code, corpus, out, args.workers))
            print(name, round_, {k: round(v, 2) for k, v in runs[name][-1].items()}, flush=True)
    releases = {name: work / f"{name}-0" / "b" / "1.0.0" for name in codes}
    identical = same_files(releases["old"], releases["new"])
    print(f"\n{args.articles:,} articles, {args.workers} workers, medians of {args.repeat}")
    print(f"releases byte-identical: {identical}\n")
    print("| | old | new | new/old |\n|---|---|---|---|")
    for measure, label in (
        ("build", "CPU s, build process"),
        ("tree", "CPU s, whole tree"),
        ("wall", "wall s"),
    ):
        old = statistics.median(run[measure] for run in runs["old"])
        new = statistics.median(run[measure] for run in runs["new"])
        print(f"| {label} | {old:.1f} | {new:.1f} | {new / old:.2f} |")
    old_per = statistics.median(run["build"] for run in runs["old"]) / args.articles * 1e3
    new_per = statistics.median(run["build"] for run in runs["new"]) / args.articles * 1e3
    print(
        f"| build process CPU ms per article | {old_per:.2f} | {new_per:.2f} | "
        f"{new_per / old_per:.2f} |"
    )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
