"""How long `journeygen serve` takes to rebuild when nothing changed (issue 18).

For each size this writes a synthetic project (bench/generate.py) with `base_url` set (so
every journey has a link-preview image) and one password-protected journey, then does what
`Serve.rebuild` does, in this process: a first build with a memo, then `--runs` rebuilds
with nothing changed, each reading every output as serve publishes them. It prints the
first build and the median and slowest no-op rebuild; the target is under 0.1 s.

    python bench/noop_rebuild.py                  # 300 and 1,000 journeys
    python bench/noop_rebuild.py --sizes 200 --runs 5
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from generate import write_project  # noqa: E402

from journeygen.build import Project, build  # noqa: E402
from journeygen.cache.memo import Memo  # noqa: E402

PASSWORD_ENV = "BENCH_PASSWORD"
ENVIRON = {PASSWORD_ENV: "correct horse battery staple"}


def make_project(root: Path, journeys: int) -> Project:
    """A synthetic project with base_url and the first journey behind a password."""
    write_project(root, journeys)
    config = root / "journeygen.yml"
    config.write_text(config.read_text("utf-8") + "base_url: https://example.org/maps/\n")
    first = sorted((root / "content" / "journeys").glob("*.md"))[0]
    text = first.read_text("utf-8")
    first.write_text(text.replace("---\n", f"---\npassword_env: {PASSWORD_ENV}\n", 1), "utf-8")
    return Project.find(root)


def rebuild(project: Project, memo: Memo) -> float:
    """One serve rebuild (Serve.rebuild without the browser): seconds."""
    started = time.perf_counter()
    memo.begin()
    result = build(project, write=False, memo=memo, environ=ENVIRON)
    memo.sweep()
    assert not result.failed(), [str(d) for d in result.errors]
    for output in result.outputs:
        output.read()
    return time.perf_counter() - started


def measure(journeys: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jg-noop-") as folder:
        project = make_project(Path(folder), journeys)
        memo = Memo()
        first = rebuild(project, memo)
        gc.collect()
        gc.freeze()  # as serve does after a build (serve.collect_and_freeze)
        times = [rebuild(project, memo) for _ in range(runs)]
        gc.unfreeze()
    return {"first": first, "median": statistics.median(times), "max": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for journeys in args.sizes:
        figures = measure(journeys, args.runs)
        print(
            f"{journeys:>5} journeys: first build {figures['first']:.2f} s, no-op rebuild "
            f"median {figures['median']:.3f} s, slowest {figures['max']:.3f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
