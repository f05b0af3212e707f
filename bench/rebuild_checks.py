"""How long a `serve` rebuild goes without asking whether a newer save is waiting.

`journeygen serve` makes the open page first, then the rest of the site; a save that comes in
meanwhile stops the rest at the next question to `cancelled` (render.py). The longest stretch
between two questions is what such a save may wait. This builds a project once with a memo
(as serve does), then edits one journey's title a few times and, for each rebuild of the rest,
times every call to `cancelled`, the garbage collector's full collections, and the whole
rebuild, with a collection and freeze after each build as serve does (`--no-freeze`: not).

    python bench/rebuild_checks.py /tmp/jg-1000          # a project from generate.py
    python bench/rebuild_checks.py /tmp/jg-1000 --edits 5 --no-freeze
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
from pathlib import Path

from journeygen.build import Project, build
from journeygen.cache.memo import Memo
from journeygen.serve.preview import collect_and_freeze


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--no-freeze", action="store_true")
    args = parser.parse_args()
    project = Project.find(args.project.resolve())
    journey = sorted((project.root / "content" / "journeys").glob("*.md"))[0]
    original = journey.read_text("utf-8")
    if 'title: "' not in original:
        sys.exit(f"{journey}: no quoted title to edit")
    collections: list[float] = []
    started = [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] == 2:
            collections.append(time.perf_counter() - started[0])

    memo = Memo()
    memo.begin()
    build(project, write=False, memo=memo)
    memo.sweep()
    if not args.no_freeze:
        collect_and_freeze()
    gc.callbacks.append(timed)
    try:
        for number in range(args.edits):
            journey.write_text(original.replace('title: "', f'title: "Edit {number} ', 1))
            memo.begin()
            build(project, write=False, memo=memo, only={"index.html"})  # the open page
            collections.clear()
            asked: list[float] = []

            def cancelled(asked: list[float] = asked) -> bool:
                asked.append(time.perf_counter())
                return False

            begun = time.perf_counter()
            build(project, write=False, memo=memo, cancelled=cancelled)
            ended = time.perf_counter()
            memo.sweep()
            if not args.no_freeze:
                collect_and_freeze()
            marks = [begun, *asked, ended]
            longest = max(b - a for a, b in itertools.pairwise(marks))
            full = ", ".join(f"{c:.2f}" for c in collections) or "none"
            print(
                f"edit {number + 1}: rest of the site {ended - begun:.2f} s, {len(asked)} "
                f"questions, longest stretch without one {longest:.3f} s; full collections "
                f"during it: {full} s"
            )
    finally:
        gc.callbacks.remove(timed)
        journey.write_text(original, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
