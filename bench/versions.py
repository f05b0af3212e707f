"""What published versions (`versions:`, issue 22) cost a build: a synthetic project
(bench/generate.py) in a git repository with `--tags` tagged versions, each tag one journey
edited, built through the command line:

- without versions (the baseline);
- with versions, the first time (every version built) and then with nothing changed and
  after an edit to the current content (every version reused from the cache, by commit);
- with versions and --no-cache (every version built every time: what the cache saves).

    python bench/versions.py                    # 100 journeys, 10 tags, 3 runs each
    python bench/versions.py --journeys 300 --tags 10 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from generate import write_project  # noqa: E402


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def edit(root: Path, index: int) -> None:
    journeys = sorted((root / "content/journeys").glob("*.md"))
    path = journeys[index % len(journeys)]
    path.write_text(path.read_text("utf-8") + f"\nEdited {index}.\n", "utf-8")


def make_repo(root: Path, journeys: int, tags: int) -> None:
    write_project(root, journeys)
    git(root, "init", "-q", "-b", "main")
    for index in range(tags):
        edit(root, index)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"review {index + 1}")
        git(root, "tag", f"review-{index + 1}")


def timed(root: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "journeygen", "build", *args],
        cwd=root, check=True, capture_output=True, env={**os.environ},
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--tags", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jg-versions-") as folder:
        os.environ["JOURNEYGEN_CACHE_DIR"] = str(Path(folder) / "cache")
        root = Path(folder) / "project"
        make_repo(root, args.journeys, args.tags)
        rows: list[tuple[str, list[float]]] = []
        timed(root)  # the cache of the current site, warm
        rows.append(("no versions, warm cache", [timed(root) for _ in range(args.runs)]))
        baseline = []
        for run in range(args.runs):
            edit(root, 2000 + run)
            baseline.append(timed(root))
        rows.append(("no versions, current content edited", baseline))
        rows.append(("versions, first build", [timed(root, "--versions", "review-*")]))
        same = [timed(root, "--versions", "review-*") for _ in range(args.runs)]
        rows.append(("versions, nothing changed", same))
        edited = []
        for run in range(args.runs):
            edit(root, 1000 + run)
            edited.append(timed(root, "--versions", "review-*"))
        rows.append(("versions, current content edited", edited))
        cold = [timed(root, "--versions", "review-*", "--no-cache") for _ in range(args.runs)]
        rows.append(("versions, --no-cache", cold))
    print(f"{args.journeys} journeys, {args.tags} tagged versions, median of runs (s)")
    for label, times in rows:
        print(f"  {label:<36} {statistics.median(times):7.2f}   ({len(times)} runs)")


if __name__ == "__main__":
    main()
