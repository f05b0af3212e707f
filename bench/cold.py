"""Issue #19's cold-build targets, measured in one run: journeygen against MkDocs and the floor.

A cold build is the first build on a machine and every CI build without a cache: an empty
journeygen cache (`JOURNEYGEN_CACHE_DIR`, a new folder each time) and an empty output
folder. Per size (default 100 and 1,000 journeys, the corpus of `generate.py`), in rounds,
alternating, each command a fresh process:

* `python -m journeygen build --out <empty>` with an empty cache;
* `python -m mkdocs build --clean` of the same pages (`generate.py --mkdocs`);

then `floor.py` on the same corpus (PyYAML, Python-Markdown and Jinja2 alone, CPU seconds),
and the example project (`content/`) built cold, interpreter start included. It prints the
medians (wall and CPU: user + system of the process and its workers, `wait4`), peak memory,
and issue #19's targets with whether each is met:

    pip install -e '.[bench]'
    nice -n -15 python bench/cold.py                       # 100 and 1,000, 3 rounds
    python bench/cold.py --sizes 100,1000,10000 --rounds 1 --json bench/out/cold.json

On a shared machine wall times grow with the load, CPU times much less: the load average is
printed with each round, and the targets table says which figures it rests on.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from run import Run, prepare, run_child  # noqa: E402

# Issue #19, item 1 (2-core machine).
RATIO_1000 = 2.0  # journeygen at least 2x faster than MkDocs, wall, 1,000 journeys
RATIO_100 = 1.5
FLOOR_FACTOR = 2.5  # CPU per journey at 1,000 at most 2.5x the floor's
PEAK_MB = {1000: 300.0, 10000: 1500.0}
EXAMPLE_S = 0.5  # the example project, cold, interpreter start included
LINEAR = 1.25  # CPU per journey at 10,000 at most 1.25x that at 1,000
TIMEOUT = 3600.0


def load() -> float:
    return os.getloadavg()[0]


def journeygen_cold(project: Path, scratch: Path, n: int, round_: int) -> Run:
    cache, out = scratch / f"cache-{n}-{round_}", scratch / f"out-{n}-{round_}"
    env = {**os.environ, "JOURNEYGEN_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "journeygen", "build", "--out", str(out)]
    run = run_child(cmd, project, TIMEOUT, env)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    if run.returncode:
        raise SystemExit(f"journeygen build failed ({project}):\n{run.stderr or run.stdout}")
    return run


def mkdocs_build(project: Path, scratch: Path) -> Run:
    out = scratch / "mkdocs-site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(out)]
    run = run_child(cmd, project / "mkdocs", TIMEOUT)
    shutil.rmtree(out, ignore_errors=True)
    if run.returncode:
        raise SystemExit(f"mkdocs build failed:\n{run.stderr or run.stdout}")
    return run


def floor_cpu(project: Path) -> float:
    """The floor's CPU seconds ("together") on `project`, by floor.py."""
    cmd = [sys.executable, str(BENCH / "floor.py"), "--project", str(project)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found = re.search(r"^together\s+([0-9.]+) s CPU", done.stdout, re.MULTILINE)
    if not found:
        raise SystemExit(f"floor.py printed no total:\n{done.stdout}")
    return float(found[1])


def median(runs: list[Run], what: str) -> float:
    return statistics.median(getattr(run, what) for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="journeys, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--example-runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="keep generated projects here")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    work = args.workdir or Path(tempfile.mkdtemp(prefix="journeygen-cold-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="journeygen-cold-out-"))
    report: dict[str, Any] = {"sizes": {}, "example": []}
    try:
        for n in sizes:
            project, _personas, _seconds = prepare(work, n, generate.SEED, with_mkdocs=True)
            ours: list[Run] = []
            theirs: list[Run] = []
            for round_ in range(args.rounds):
                ours.append(journeygen_cold(project, scratch, n, round_))
                theirs.append(mkdocs_build(project, scratch))
                print(
                    f"{n:>6} round {round_ + 1}: journeygen {ours[-1].seconds:6.2f} s wall "
                    f"{ours[-1].cpu_seconds:6.2f} s CPU {ours[-1].max_rss_mb:5.0f} MB | "
                    f"MkDocs {theirs[-1].seconds:6.2f} s wall {theirs[-1].cpu_seconds:6.2f} s "
                    f"CPU | load {load():.1f}",
                    flush=True,
                )
            floor = floor_cpu(project)
            report["sizes"][n] = {
                "journeygen": [vars(r) | {"stdout": "", "stderr": ""} for r in ours],
                "mkdocs": [vars(r) | {"stdout": "", "stderr": ""} for r in theirs],
                "floor_cpu": floor,
                "wall": median(ours, "seconds"),
                "cpu": median(ours, "cpu_seconds"),
                "peak_mb": max(r.max_rss_mb for r in ours),
                "mkdocs_wall": median(theirs, "seconds"),
                "mkdocs_cpu": median(theirs, "cpu_seconds"),
            }
            print(f"{n:>6} floor (PyYAML + Python-Markdown + Jinja2 alone): {floor:.2f} s CPU")
        for round_ in range(args.example_runs):
            run = journeygen_cold(REPO, scratch, 4, round_)
            report["example"].append(run.seconds)
            print(
                f"example round {round_ + 1}: {run.seconds:.2f} s wall, {run.cpu_seconds:.2f} s CPU"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    rows = targets(report)
    width = max(len(name) for name, _, _ in rows)
    print()
    for name, shown, ok in rows:
        print(f"{name:<{width}}  {shown:>22}  {'met' if ok else 'NOT MET'}")
    if args.json:
        args.json.write_text(json.dumps(report | {"targets": rows}, indent=1), "utf-8")
    return 0


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool]]:
    rows: list[tuple[str, str, bool]] = []
    sizes = report["sizes"]
    for n, want in ((1000, RATIO_1000), (100, RATIO_100)):
        if n in sizes:
            ratio = sizes[n]["mkdocs_wall"] / sizes[n]["wall"]
            cpu = sizes[n]["mkdocs_cpu"] / sizes[n]["cpu"]
            shown = f"{ratio:.2f}x ({cpu:.2f}x CPU)"
            rows.append(
                (f"{n:,} journeys >= {want}x faster than MkDocs (wall)", shown, ratio >= want)
            )
    if 1000 in sizes:
        factor = sizes[1000]["cpu"] / sizes[1000]["floor_cpu"]
        name = f"1,000: CPU at most {FLOOR_FACTOR}x the floor"
        rows.append((name, f"{factor:.2f}x", factor <= FLOOR_FACTOR))
    for n, limit in PEAK_MB.items():
        if n in sizes:
            peak = sizes[n]["peak_mb"]
            rows.append((f"{n:,}: peak memory <= {limit:.0f} MB", f"{peak:.0f} MB", peak <= limit))
    if 1000 in sizes and 10000 in sizes:
        factor = (sizes[10000]["cpu"] / 10000) / (sizes[1000]["cpu"] / 1000)
        rows.append(
            (
                f"10,000: CPU per journey <= {LINEAR}x that at 1,000",
                f"{factor:.2f}x",
                factor <= LINEAR,
            )
        )
    if report["example"]:
        wall = statistics.median(report["example"])
        rows.append((f"example project <= {EXAMPLE_S} s wall", f"{wall:.2f} s", wall <= EXAMPLE_S))
    return rows


if __name__ == "__main__":
    sys.exit(main())
