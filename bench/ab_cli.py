"""A/B through the command line: cold, warm and one-edit builds with two (or more)
checkouts of journeygen, alternating, on the benchmark corpus.

Unlike compare_trees.py (which times the pipeline's steps and needs today's module
layout), this runs `python -m journeygen build` with `PYTHONPATH` set to each checkout,
so it compares any two versions, before and after a restructuring included:

    git worktree add /tmp/jg-before 32a25a1
    nice -n -15 python bench/ab_cli.py --sizes 100 1000 --runs 3 before=/tmp/jg-before after=.

For each size and run, each variant does, in a fresh cache folder and output folder:
cold (empty cache, empty output folder), warm (the same again: nothing changed) and edit
(one journey's title changed, then built). It prints the median wall time of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_project

KINDS = ("cold", "warm", "edit")


def timed_build(checkout: Path, project: Path, cache: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout), "JOURNEYGEN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "journeygen", "build", "--out", str(out)],
        cwd=project,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def one_round(checkout: Path, corpus: Path, scratch: Path) -> dict[str, float]:
    project = scratch / "project"
    shutil.copytree(corpus, project)
    cache, out = scratch / "cache", scratch / "site"
    times = {"cold": timed_build(checkout, project, cache, out)}
    times["warm"] = timed_build(checkout, project, cache, out)
    journey = sorted((project / "content" / "journeys").glob("*.md"))[0]
    text = journey.read_text("utf-8")
    journey.write_text(text.replace('title: "', 'title: "Edited ', 1), "utf-8")
    times["edit"] = timed_build(checkout, project, cache, out)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="+", help="name=path of a checkout")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    variants = [(v.split("=", 1)[0], Path(v.split("=", 1)[1]).resolve()) for v in args.variants]
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="jg-ab-") as folder:
            corpus = Path(folder) / "corpus"
            write_project(corpus, size)
            results: dict[str, dict[str, list[float]]] = {
                name: {kind: [] for kind in KINDS} for name, _ in variants
            }
            for run in range(args.runs):
                for name, checkout in variants:
                    scratch = Path(folder) / f"{name}-{run}"
                    scratch.mkdir()
                    for kind, seconds in one_round(checkout, corpus, scratch).items():
                        results[name][kind].append(seconds)
                    shutil.rmtree(scratch)
            for name, _ in variants:
                figures = ", ".join(
                    f"{kind} {statistics.median(results[name][kind]):.2f} s" for kind in KINDS
                )
                print(f"{size:>5} journeys, {name}: {figures}", flush=True)


if __name__ == "__main__":
    main()
