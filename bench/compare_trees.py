"""A/B: build one project with two (or more) checkouts of journeygen, alternating.

Each build runs in a fresh process with `PYTHONPATH` set to a checkout (a `git worktree`
with a change applied, say), and reports the CPU time of each pipeline step, the wall
time and the peak memory; the table shows medians. Extra environment variables for one
variant follow its path after a colon.

    git worktree add /tmp/jg-new HEAD && (cd /tmp/jg-new && git apply bench/proposals/2-*.diff)
    python bench/compare_trees.py /tmp/jg-1000 --runs 3 \\
        base=. new=/tmp/jg-new one-process=/tmp/jg-new:JOURNEYGEN_WORKERS=1

On a machine busy with other work, `nice -n -15` (as root) in front keeps wall times close to
CPU times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

# Runs in the child: times the steps of journeygen.build by hand, in one process.
CHILD = r"""
import json, resource, sys, tempfile, time, shutil
from pathlib import Path
wall, cpu = time.perf_counter(), time.process_time()
import journeygen.cli  # noqa: F401  (everything a build imports)
from journeygen.build import Project
from journeygen.render.engine import render_site
from journeygen.sources.read import read_sources
from journeygen.render.theme import load_theme
from journeygen.validate.validate import validate
from journeygen.publish.write import write_site
steps = {"imports": time.process_time() - cpu}
def step(name, function, *args, **kwargs):
    begin = time.process_time()
    result = function(*args, **kwargs)
    steps[name] = time.process_time() - begin
    return result
project = Project.find(Path(sys.argv[1]))
sources, _ = step("read", read_sources, project.root, project.config_path)
site, problems = step("validate", validate, sources)
if site is None:
    sys.exit(f"does not validate: {problems[0]}")
theme, _ = load_theme(project.root, site.config.theme)
begin = time.perf_counter()
outputs, _ = step("render", render_site, site, theme, content_dir=sources.content_dir)
steps["render_wall"] = time.perf_counter() - begin
out = Path(tempfile.mkdtemp()) / "site"
step("write", write_site, outputs, out)
shutil.rmtree(out.parent)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
steps["cpu_total"] = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
steps["wall"] = time.perf_counter() - wall
steps["peak_mb"] = max(me.ru_maxrss, kids.ru_maxrss) / 1024
print(json.dumps(steps))
"""


def parse_variant(text: str) -> tuple[str, Path, dict[str, str]]:
    name, _, rest = text.partition("=")
    if not rest:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH[:VAR=VALUE...], got {text!r}")
    path, *assignments = rest.split(":")
    env = dict(a.split("=", 1) for a in assignments if "=" in a)
    return name, Path(path).resolve(), env


def main() -> int:
    parser = argparse.ArgumentParser(description="A/B builds of one project, by checkout.")
    parser.add_argument("project", type=Path)
    parser.add_argument("variants", nargs="+", type=parse_variant, help="NAME=PATH[:VAR=VALUE]")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in args.variants}
    for _ in range(args.runs):
        for name, path, extra in args.variants:
            env = {**os.environ, "PYTHONPATH": str(path), **extra}
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.project.resolve())],
                cwd=args.project,
                env=env,
                capture_output=True,
                text=True,
            )
            if run.returncode != 0:
                print(f"{name}: {run.stderr.strip()[-2000:]}", file=sys.stderr)
                return 1
            results[name].append(json.loads(run.stdout.strip().splitlines()[-1]))
    names = list(results)
    print(f"{'median of ' + str(args.runs):<14}" + "".join(f"{n:>14}" for n in names))
    for key in results[names[0]][0]:
        values = [statistics.median(r[key] for r in results[n]) for n in names]
        print(f"{key:<14}" + "".join(f"{v:>14.3f}" for v in values))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
