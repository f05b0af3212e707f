"""Where a journeygen build spends its time, grouped by pipeline stage.

Three views of one generated project (default: 1,000 journeys):

* the CPU clock of each pipeline step, page builder and template, without a profiler;
* py-spy (sampling, little overhead, the whole process including interpreter start and
  imports), when `py-spy` is installed: `pip install -e '.[bench]'`;
* cProfile (every call counted; it slows Python-heavy code down two to four times, so
  its shares lean towards code with many small calls), in-process on `build()`.

Each sample or function is put in the stage of the innermost frame that belongs to one
(`RULES` below): a chart drawn by a view counts as charts, a template's call into
`t(...)` as Jinja rendering, and so on.

    python bench/profile_build.py                  # 1,000 journeys, every view
    python bench/profile_build.py --n 100 --tool cprofile --top 30
    python bench/profile_build.py --project /path/to/project
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import functools
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

# (stage, file pattern, function pattern or None); the first rule that matches a frame wins.
# Helpers that any stage may call (slugify, locate, i18n, diagnostics) are no rule of their
# own: they count for whoever called them.
RULES: tuple[tuple[str, str, str | None], ...] = (
    ("write", r"journeygen/publish/write\.py$", None),
    ("cache (memo, page store)", r"journeygen/cache/", None),
    ("Markdown", r"journeygen/render/markup\.py$|/markdown/", None),
    ("diagrams (Mermaid text)", r"journeygen/render/diagrams\.py$|/mermaid/", None),
    ("charts (SVG)", r"journeygen/render/(charts|svg|emotions)\.py$", None),
    ("HTML compaction", r"journeygen/render/renderer\.py$", r"^compact_html$"),
    ("assets (copy list, hashes)", r"journeygen/render/assets\.py$", None),
    (
        "Jinja compile (once per process)",
        r"/jinja2/(lexer|parser|compiler|optimizer|idtracking|nodes|visitor|loaders)\.py$",
        None,
    ),
    (
        "Jinja compile (once per process)",
        r"/jinja2/environment\.py$",
        r"^(compile|_parse|_generate|_compile|_tokenize|lex|parse|preprocess|from_code)$",
    ),
    ("Jinja rendering", r"/jinja2/|\.html$|/markupsafe/|journeygen/render/filters\.py$", None),
    ("theme", r"journeygen/render/theme\.py$", None),
    ("page data (pages, views)", r"journeygen/render/", None),
    ("validation (pydantic, model)", r"journeygen/(validate|model|analysis)/|/pydantic", None),
    ("reading + YAML", r"journeygen/sources/", r"^(?!slugify$|locate$|relpath$)"),
    ("reading + YAML", r"/yaml/|/csv\.py$", None),
    ("startup (interpreter, imports)", r"<frozen importlib|<frozen runpy|/runpy\.py$", None),
)
ORDER = (
    "startup (interpreter, imports)",
    "reading + YAML",
    "validation (pydantic, model)",
    "theme",
    "page data (pages, views)",
    "Markdown",
    "diagrams (Mermaid text)",
    "charts (SVG)",
    "Jinja compile (once per process)",
    "Jinja rendering",
    "HTML compaction",
    "assets (copy list, hashes)",
    "write",
    "cache (memo, page store)",
    "other",
)
_COMPILED = [
    (stage, re.compile(files), re.compile(funcs) if funcs else None)
    for stage, files, funcs in RULES
]


def stage_of(filename: str, function: str) -> str | None:
    filename = filename.replace(os.sep, "/")
    for stage, files, funcs in _COMPILED:
        if files.search(filename) and (funcs is None or funcs.search(function)):
            return stage
    return None


# --- py-spy ----------------------------------------------------------------------------------

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for part in stack.split(";"):
        match = _FRAME.match(part)
        frames.append((match["file"], match["func"]) if match else ("", part))
    return frames


def pyspy_profile(project: Path, out: Path, rate: int) -> tuple[Counter[str], Counter[str], int]:
    """Samples per stage, per innermost function, and the total, from `py-spy record`."""
    raw = out / "py-spy.txt"
    cmd = [
        _pyspy() or "py-spy",
        "record",
        "--rate",
        str(rate),
        "--format",
        "raw",
        "--subprocesses",  # the render workers too
        "--output",
        str(raw),
        "--",
        sys.executable,
        "-m",
        "journeygen",
        "build",
        "--out",
        str(out / "site-pyspy"),
    ]
    subprocess.run(cmd, cwd=project, check=True, capture_output=True)
    stages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text("utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = _frames(stack)
        total += count
        stage = next(
            (s for file, func in reversed(frames) if (s := stage_of(file, func)) is not None),
            "other",
        )
        stages[stage] += count
        file, func = frames[-1]
        own[f"{func} ({_short(file)})"] += count
    return stages, own, total


def _pyspy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.is_file() else shutil.which("py-spy")


def _short(filename: str) -> str:
    filename = filename.replace(os.sep, "/")
    for marker in ("site-packages/", "journeygen/", "themes/default/"):
        if marker in filename:
            return (marker if marker != "site-packages/" else "") + filename.split(marker, 1)[1]
    return filename


# --- cProfile --------------------------------------------------------------------------------

Key = tuple[str, int, str]


def cprofile_stats(project: Path, out: Path) -> pstats.Stats:
    from journeygen.build import Project, build

    profiler = cProfile.Profile()
    target = out / "site-cprofile"
    os.environ["JOURNEYGEN_WORKERS"] = "1"  # a forked worker's calls would not be counted
    cwd = Path.cwd()
    os.chdir(project)
    try:
        profiler.enable()
        result = build(Project.find(project), out=target)
        profiler.disable()
    finally:
        os.chdir(cwd)
    if result.errors:
        raise SystemExit(f"the build failed: {result.errors[0]}")
    return pstats.Stats(profiler)


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    """Own time per stage; a function outside every stage counts for its callers, by share."""
    table: dict[Key, tuple[int, int, float, float, dict[Key, tuple]]] = stats.stats  # type: ignore[attr-defined]
    memo: dict[Key, dict[str, float]] = {}

    def shares(key: Key, visiting: frozenset[Key]) -> dict[str, float]:
        if key in memo:
            return memo[key]
        file, _line, func = key
        stage = stage_of(file, func)
        if stage is not None:
            memo[key] = {stage: 1.0}
            return memo[key]
        callers = {c: v for c, v in table[key][4].items() if c != key and c not in visiting}
        weights = {c: v[3] for c, v in callers.items()}  # cumulative time from that caller
        total = sum(weights.values())
        if not callers or total <= 0:
            result = {"other": 1.0}
        else:
            result: dict[str, float] = defaultdict(float)
            for caller, weight in weights.items():
                for name, part in shares(caller, visiting | {key}).items():
                    result[name] += part * weight / total
            result = dict(result)
        memo[key] = result  # computed with part of a cycle left out: close enough
        return result

    times: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tottime, _ct, _callers) in table.items():
        for name, part in shares(key, frozenset()).items():
            times[name] += tottime * part
    return dict(times)


def _label(key: Key) -> str:
    file, line, func = key
    return f"{func} ({_short(file)}:{line})" if line else func


def top_functions(
    stats: pstats.Stats, sort: str, count: int
) -> list[tuple[str, int, float, float]]:
    table = stats.stats  # type: ignore[attr-defined]
    index = 3 if sort == "cumulative" else 2
    keys = sorted(table, key=lambda k: table[k][index], reverse=True)
    return [(_label(k), table[k][1], table[k][2], table[k][3]) for k in keys[:count]]


# --- CPU clock per step ------------------------------------------------------------------------


def clock_steps(project: Path, out: Path) -> dict[str, float]:
    """CPU seconds (process_time) of each step of one in-process build, no profiler overhead.

    The page builders and `Template.render` are wrapped to time them per builder and per
    template (a builder's lazy contexts count for the builder when they are made, the files
    it leaves to the rendering processes, `FileSpec`s such as exports, as `files:`); everything
    else is timed around the pipeline's own functions. Rendered in this process only.
    """
    import time

    import jinja2

    started = time.process_time()
    from journeygen.analysis.checks import run_checks
    from journeygen.build import Project
    from journeygen.core import workers
    from journeygen.publish.write import write_site
    from journeygen.render import engine as render
    from journeygen.render.extension import FileSpec, LazyContext
    from journeygen.render.theme import load_theme
    from journeygen.sources.read import read_sources
    from journeygen.validate.validate import validate

    times: dict[str, float] = defaultdict(float)
    times["imports"] = time.process_time() - started

    def timed(name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        begin = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] += time.process_time() - begin

    original_builders = render.page_builders
    original_render = jinja2.Template.render

    def builder_timer(builder: Callable[..., Any]) -> Callable[..., Any]:
        name = f"context: {builder.__name__}"
        files = f"files: {builder.__name__}"  # FileSpec.make: exports, made where pages are

        def run(site: Any) -> list[Any]:
            items = timed(name, lambda: list(builder(site)))
            for index, item in enumerate(items):
                context = getattr(item, "context", None)
                if isinstance(context, LazyContext) and context._make is not None:
                    context._make = functools.partial(timed, name, context._make)
                if isinstance(item, FileSpec):
                    make = functools.partial(timed, files, item.make)
                    items[index] = dataclasses.replace(item, make=make)
            return items

        return run

    def render_timer(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        return timed(f"template: {self.name}", original_render, self, *args, **kwargs)

    wrapped = [builder_timer(b) for b in original_builders()]
    render.page_builders = lambda: wrapped  # type: ignore[assignment]
    jinja2.Template.render = render_timer  # type: ignore[method-assign]
    os.environ[workers.WORKERS_VARIABLE] = "1"  # timers in forked workers would be lost
    try:
        project_ = Project.find(project)
        sources, _ = timed(
            "read (files, YAML, CSV)", read_sources, project_.root, project_.config_path
        )
        site, problems = timed("validate", validate, sources)
        if site is None:
            raise SystemExit(f"the project does not validate: {problems[0]}")
        timed("checks", run_checks, site, sources)
        theme, _ = load_theme(project_.root, site.config.theme)
        begin = time.process_time()
        outputs, _ = render.render_site(site, theme, content_dir=sources.content_dir)
        rendered = time.process_time() - begin
        inner = sum(
            v for k, v in times.items() if k.startswith(("context:", "template:", "files:"))
        )
        times["render: rest (template compile, assets, compaction)"] = rendered - inner
        timed("write", write_site, outputs, out / "site-clock")
    finally:
        render.page_builders = original_builders  # type: ignore[assignment]
        jinja2.Template.render = original_render  # type: ignore[method-assign]
    return dict(times)


# --- report ----------------------------------------------------------------------------------


def _stage_table(values: dict[str, float], total: float, unit: Callable[[float], str]) -> str:
    lines = []
    for stage in ORDER:
        value = values.get(stage, 0.0)
        if value:
            lines.append(f"  {stage:<32} {unit(value):>9} {100 * value / total:>5.1f}%")
    lines.append(f"  {'total':<32} {unit(total):>9} 100.0%")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Profile a journeygen build, by stage.")
    parser.add_argument("--n", type=int, default=1000, help="journeys to generate (1000)")
    parser.add_argument("--project", type=Path, help="profile this project instead")
    parser.add_argument("--tool", choices=("all", "clock", "py-spy", "cprofile"), default="all")
    parser.add_argument("--top", type=int, default=20, help="functions per table (20)")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--save", type=Path, help="keep the .prof file (cProfile) here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="journeygen-profile-"))
    try:
        project = args.project.resolve() if args.project else work / f"n{args.n}"
        if not args.project:
            generate.write_project(project, args.n)
        print(f"project: {project}")
        if args.tool in ("all", "clock"):
            steps = clock_steps(project, work)
            total = sum(steps.values())
            print(f"\nCPU seconds per step (in-process, no profiler), total {total:.2f} s:")
            for name, value in sorted(steps.items(), key=lambda item: -item[1]):
                print(f"  {name:<44} {value:>7.2f} s {100 * value / total:>5.1f}%")
        if args.tool in ("all", "py-spy"):
            if _pyspy() is None:
                print("py-spy is not installed (pip install -e '.[bench]'): skipped")
            else:
                stages, own, total = pyspy_profile(project, work, args.rate)
                seconds = total / args.rate

                def sec(samples: float) -> str:
                    return f"{samples / args.rate:.2f} s"

                print(f"\npy-spy: {total} samples at {args.rate}/s (~{seconds:.2f} s), by stage:")
                print(_stage_table(dict(stages), total, sec))
                print(f"\npy-spy: top {args.top} functions by own samples:")
                for name, count in own.most_common(args.top):
                    print(f"  {100 * count / total:5.1f}%  {name}")
        if args.tool in ("all", "cprofile"):
            stats = cprofile_stats(project, work)
            if args.save:
                stats.dump_stats(args.save)
            times = stage_times(stats)
            total = sum(times.values())
            print(f"\ncProfile: build() in {total:.2f} s (profiled), own time by stage:")
            print(_stage_table(times, total, lambda s: f"{s:.2f} s"))
            for sort in ("cumulative", "tottime"):
                print(f"\ncProfile: top {args.top} by {sort} time")
                print(f"  {'calls':>9} {'own s':>7} {'cum s':>7}  function")
                for name, calls, own_s, cum_s in top_functions(stats, sort, args.top):
                    print(f"  {calls:>9} {own_s:>7.3f} {cum_s:>7.3f}  {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
