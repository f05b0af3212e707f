"""journeygen's speed and memory benchmark: build, check, MkDocs on the same pages, serve.

For each size N (default 100, 1,000 and 10,000 journeys) it generates a project with
`bench/generate.py` and measures, each run in a fresh process:

* `journeygen build`: wall time (median of --runs), journeys per second, peak memory (the
  child's max RSS from `os.wait4`), and the build time journeygen reports itself; three ways:
  cold (an empty cache, into an empty folder), warm (the cache of the build before, nothing
  changed) and after one journey's text was edited (with the cache); warm and edited builds
  write into the site folder the build before wrote, as a user's next build does;
* `journeygen check`: wall time and peak memory, the same three ways;
* `mkdocs build` of the same pages (when MkDocs is installed: `pip install -e '.[bench]'`),
  run interleaved with the journeygen builds, and the ratio MkDocs / journeygen;
* the weight of the built pages (`bench/page_weight.py`);
* the serve rebuild latency after one journey is edited, by `bench/serve_latency.py`
  (when that script exists).

Then it prints the table and the targets of issue #5, met or not.

    python bench/run.py                              # 100, 1,000, 10,000; 3 runs each
    python bench/run.py --sizes 100,1000 --runs 5 --json out.json
    python bench/run.py --skip-mkdocs --workdir bench/out   # keep the generated projects
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import page_weight  # noqa: E402

SERVE_LATENCY = BENCH / "serve_latency.py"
DEFAULT_SIZES = (100, 1000, 10000)
STAMP = ".bench-stamp.json"
_REPORTED = re.compile(r" in ([0-9.]+) s\b")

# Issue #5: targets on a 2-core machine.
TARGET_BUILD_1000_S = 2.0
TARGET_MKDOCS_RATIO = 3.0
TARGET_BUILD_10000_S = 20.0
TARGET_RSS_1000_MB = 300.0
TARGET_CHECK_1000_S = 1.0


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child: less sensitive to a busy machine
    max_rss_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class Series:
    """Repeated runs of one command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.max_rss_mb for r in self.runs)

    def summary(self) -> dict[str, Any]:
        if not self.runs:
            return {}
        return {
            "ok": self.ok,
            "median_s": round(self.median, 3),
            "min_s": round(min(r.seconds for r in self.runs), 3),
            "max_s": round(max(r.seconds for r in self.runs), 3),
            "cpu_median_s": round(self.cpu_median, 3),
            "peak_rss_mb": round(self.peak_mb, 1),
            "runs_s": [round(r.seconds, 3) for r in self.runs],
            "runs_cpu_s": [round(r.cpu_seconds, 3) for r in self.runs],
        }


@dataclass
class SizeResult:
    n: int
    personas: int = 0
    generate_s: float = 0.0
    build: Series = field(default_factory=Series)  # cold: an empty cache
    warm: Series = field(default_factory=Series)  # the cache of the build before, no change
    edited: Series = field(default_factory=Series)  # the cache, one journey edited
    reported_s: list[float] = field(default_factory=list)  # journeygen's own "in X s"
    check: Series = field(default_factory=Series)  # the cache of the check before, no change
    check_cold: Series = field(default_factory=Series)
    check_edited: Series = field(default_factory=Series)
    mkdocs: Series = field(default_factory=Series)
    pages: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        build = self.build.summary()
        out: dict[str, Any] = {
            "n": self.n,
            "personas": self.personas,
            "generate_s": round(self.generate_s, 2),
            "build": build,
            "build_warm": self.warm.summary(),
            "build_edited": self.edited.summary(),
            "journeys_per_s": round(self.n / self.build.median) if self.build.runs else None,
            "build_reported_median_s": (
                round(statistics.median(self.reported_s), 3) if self.reported_s else None
            ),
            "check": self.check.summary(),
            "check_cold": self.check_cold.summary(),
            "check_edited": self.check_edited.summary(),
            "mkdocs": self.mkdocs.summary(),
            "mkdocs_ratio": self.ratio,
            "mkdocs_ratio_warm": self.ratio_warm,
            "pages": self.pages,
            "serve": self.serve,
            "errors": self.errors,
        }
        return out

    @property
    def ratio(self) -> float | None:
        return _ratio(self.mkdocs, self.build)

    @property
    def ratio_warm(self) -> float | None:
        return _ratio(self.mkdocs, self.warm)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in (self.build, self.warm, self.edited) if s.runs)


def _ratio(mkdocs: Series, build: Series) -> float | None:
    return round(mkdocs.median / build.median, 2) if mkdocs.ok and build.ok else None


# --- running a child ------------------------------------------------------------------------


def run_child(cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`; its wall time and its own peak RSS (`wait4`, so no other child counts)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: leave no build running behind
            proc.kill()
            os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            max_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _record(series: Series, run: Run, what: str, result: SizeResult) -> None:
    series.runs.append(run)
    if run.returncode != 0:
        result.errors.append(f"{what} exited {run.returncode}: {_tail(run.stderr or run.stdout)}")


# --- one size --------------------------------------------------------------------------------


def prepare(work: Path, n: int, seed: int, with_mkdocs: bool) -> tuple[Path, int, float]:
    """The generated project for `n` (reused when its stamp matches); personas; seconds."""
    project = work / f"n{n}"
    stamp = {"n": n, "seed": seed, "generator": _generator_hash(), "mkdocs": with_mkdocs}
    stamp_file = project / STAMP
    if stamp_file.is_file() and json.loads(stamp_file.read_text("utf-8")) == stamp:
        personas = len(list((project / "content" / "personas").glob("*.md")))
        return project, personas, 0.0
    if project.exists():
        shutil.rmtree(project)
    started = time.perf_counter()
    personas, journeys = generate.write_project(project, n, seed)
    if with_mkdocs:
        title = f"Benchmark, {n} journeys"
        generate.write_mkdocs_project(project / "mkdocs", personas, journeys, title)
    stamp_file.write_text(json.dumps(stamp), "utf-8")
    return project, len(personas), time.perf_counter() - started


def _generator_hash() -> str:
    import hashlib

    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:12]


def measure_size(
    n: int,
    work: Path,
    *,
    runs: int,
    warmup: int,
    seed: int,
    mkdocs: bool,
    serve: bool,
    serve_max: int,
    timeout: float,
    log: Any,
) -> SizeResult:
    result = SizeResult(n)
    project, result.personas, result.generate_s = prepare(work, n, seed, mkdocs)
    log(f"N={n}: project in {project} ({result.personas} personas)")
    out = project / "out-journeygen"
    mk_out = project / "out-mkdocs"
    py = sys.executable
    build_cmd = [py, "-m", "journeygen", "build", "--out", str(out)]
    check_cmd = [py, "-m", "journeygen", "check"]
    mkdocs_cmd = [py, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(mk_out)]
    # journeygen's cache (parsed files, validated journeys, rendered pages) in a folder of
    # the benchmark's own: cold runs empty it first, warm runs find the last run's.
    cache = work / f"cache-n{n}"
    env = {**os.environ, "JOURNEYGEN_CACHE_DIR": str(cache)}
    edited_file = sorted((project / "content" / "journeys").glob("*.md"))[0]
    original = edited_file.read_text("utf-8")

    def journeygen(
        series: Series, cmd: list[str], what: str, timed: bool, *, fresh: bool = True
    ) -> Run:
        if fresh:  # a full build, into an empty folder; else into the one the last build wrote
            shutil.rmtree(out, ignore_errors=True)
        run = run_child(cmd, project, timeout, env)
        if timed:
            _record(series, run, what, result)
        return run

    def edit(round_: int) -> None:  # a sentence more in one journey's text
        edited_file.write_text(f"{original.rstrip()}\n\nEdit {round_}.\n", "utf-8")

    try:
        for index in range(warmup + runs):
            timed = index >= warmup
            label = f"run {index - warmup + 1}/{runs}" if timed else "warm-up"
            shutil.rmtree(cache, ignore_errors=True)
            run = journeygen(result.build, build_cmd, "journeygen build (cold)", timed)
            if timed and (match := _REPORTED.search(run.stdout)):
                result.reported_s.append(float(match.group(1)))
            # As a user's next `journeygen build`: into the site folder the last one wrote.
            warm = journeygen(result.warm, build_cmd, "journeygen build (warm)", timed, fresh=False)
            edit(index)
            edited = journeygen(
                result.edited, build_cmd, "journeygen build (edited)", timed, fresh=False
            )
            edited_file.write_text(original, "utf-8")
            log(
                f"  journeygen build {label}: cold {run.seconds:.2f} s, {run.max_rss_mb:.0f} MB;"
                f" warm {warm.seconds:.2f} s, {warm.max_rss_mb:.0f} MB;"
                f" one journey edited {edited.seconds:.2f} s, {edited.max_rss_mb:.0f} MB"
            )
            if mkdocs:
                shutil.rmtree(mk_out, ignore_errors=True)
                run = run_child(mkdocs_cmd, project / "mkdocs", timeout)
                if timed:
                    _record(result.mkdocs, run, "mkdocs build", result)
                log(f"  mkdocs build     {label}: {run.seconds:.2f} s, {run.max_rss_mb:.0f} MB")
        journeygen(Series(), build_cmd, "journeygen build", False)  # unchanged: from the cache
        if out.is_dir():
            result.pages = page_weight.summarize(page_weight.measure_site(out))
        for index in range(warmup + runs):
            timed = index >= warmup
            shutil.rmtree(cache, ignore_errors=True)
            journeygen(result.check_cold, check_cmd, "journeygen check (cold)", timed)
            journeygen(result.check, check_cmd, "journeygen check (warm)", timed)
            edit(index)
            journeygen(result.check_edited, check_cmd, "journeygen check (edited)", timed)
            edited_file.write_text(original, "utf-8")
    finally:
        edited_file.write_text(original, "utf-8")
        shutil.rmtree(cache, ignore_errors=True)
    log(
        f"  journeygen check: cold {result.check_cold.median:.2f} s, warm "
        f"{result.check.median:.2f} s, one journey edited {result.check_edited.median:.2f} s"
    )
    if serve and SERVE_LATENCY.is_file() and n <= serve_max:
        result.serve = serve_latency(project, n, runs, timeout)
        log(f"  serve save -> visible: {result.serve.get('seconds')} s")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(mk_out, ignore_errors=True)
    return result


# --- serve latency (bench/serve_latency.py, written separately) --------------------------------

_UNIT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(ms|s)\b")


def serve_latency(project: Path, n: int, runs: int, timeout: float) -> dict[str, Any]:
    """Run bench/serve_latency.py for `n` journeys and read its result.

    serve_latency.py (another engineer's script) makes its own projects: the example project
    and a synthetic one of `--journeys N` (copies of the example's journeys), edits one
    journey per run and times save -> visible in Chromium. Its JSON (--out) gives, per
    project, `median_ms` (save to visible) and `server_build_ms` (the server's rebuilds).
    If its options ever change, it is called with the project folder and the last
    "<number> ms|s" it prints is taken.
    """
    py = sys.executable
    help_run = run_child([py, str(SERVE_LATENCY), "--help"], project, 60)
    usage = help_run.stdout + help_run.stderr
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="journeygen-serve-") as tmp:
        out = Path(tmp) / "serve_latency.json"
        if "--journeys" in usage and "--out" in usage:
            cmd = [py, str(SERVE_LATENCY), "--journeys", str(n), "--runs", "5"]
            cmd += ["--synthetic-runs", str(runs), "--out", str(out)]
        else:
            cmd = [py, str(SERVE_LATENCY), str(project)]
        run = run_child(cmd, REPO, timeout)
        found.update(command=" ".join(cmd[1:]), returncode=run.returncode)
        if run.returncode != 0:
            found["error"] = _tail(run.stderr or run.stdout)
            return found
        if out.is_file():
            data = json.loads(out.read_text("utf-8"))
            for item in data.get("results", []):
                builds = item.get("server_build_ms") or []
                found[item.get("project", "?")] = {
                    "journeys": item.get("journeys"),
                    "visible_median_ms": item.get("median_ms"),
                    "visible_p90_ms": item.get("p90_ms"),
                    "server_rebuild_median_ms": statistics.median(builds) if builds else None,
                }
            chosen = found.get("synthetic") or found.get("example")
            if isinstance(chosen, dict) and chosen.get("visible_median_ms") is not None:
                found["seconds"] = chosen["visible_median_ms"] / 1000
            return found
    matches = _UNIT.findall(run.stdout)
    if matches:
        value, unit = matches[-1]
        found["seconds"] = float(value) / (1000 if unit == "ms" else 1)
    found["output"] = _tail(run.stdout, 4)
    return found


# --- report ----------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str = ".2f", unit: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{unit}"


def table(results: list[SizeResult]) -> str:
    head = (
        f"{'journeys':>9} {'cold s':>7} {'(min-max)':>11} {'cpu s':>6} {'jour/s':>7} "
        f"{'warm s':>7} {'edit s':>7} {'peak MB':>8} "
        f"{'check cold/warm/edit s':>23} {'mkdocs s':>9} {'ratio cold/warm':>16} "
        f"{'serve s':>8} {'page KB':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        b, m = r.build, r.mkdocs
        spread = f"{min(x.seconds for x in b.runs):.2f}-{max(x.seconds for x in b.runs):.2f}"
        kinds = r.pages.get("kinds", {}) if r.pages else {}
        page_kb = kinds.get("journey", {}).get("html_css_kb_max")
        checks = "/".join(_fmt(_median(c)) for c in (r.check_cold, r.check, r.check_edited))
        ratios = f"{_fmt(r.ratio, '.1f', 'x')}/{_fmt(r.ratio_warm, '.1f', 'x')}"
        lines.append(
            f"{r.n:>9,} {_fmt(_median(b)):>7} {spread:>11} "
            f"{_fmt(b.cpu_median if b.runs else None, '.1f'):>6} "
            f"{_fmt(r.n / b.median if b.ok else None, '.0f'):>7} "
            f"{_fmt(_median(r.warm)):>7} {_fmt(_median(r.edited)):>7} "
            f"{_fmt(r.peak_mb if b.runs else None, '.0f'):>8} {checks:>23} "
            f"{_fmt(_median(m)):>9} {ratios:>16} "
            f"{_fmt(r.serve.get('seconds'), '.3f'):>8} {_fmt(page_kb, '.0f'):>8}"
        )
    lines += [
        "",
        "Each `journeygen` command in a fresh process. cold s: `journeygen build` with an empty "
        "cache (median, wall; cpu s: its user + system time); warm s: again, the project "
        "unchanged, with the cache that build left; edit s: one journey's text edited, then "
        "built with the cache; peak MB: max RSS of any of these; check: the same three ways; "
        "ratio: MkDocs / journeygen on the same pages, cold and warm; serve s: "
        "bench/serve_latency.py, save -> visible in Chromium, median (its own projects); page "
        "KB: heaviest journey page, HTML + CSS.",
    ]
    return "\n".join(lines)


def _median(series: Series) -> float | None:
    return series.median if series.ok else None


def targets(results: list[SizeResult]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for the targets of issue #5 whose sizes were measured; the
    build and check targets for a cold cache, a warm one, and one edited journey."""
    by_n = {r.n: r for r in results}
    rows: list[tuple[str, str, bool | None]] = []

    def row(name: str, value: float | None, limit: float, unit: str = " s") -> None:
        shown = "not measured" if value is None else f"{value:.2f}{unit}"
        rows.append((name, shown, None if value is None else value <= limit))

    if (r := by_n.get(1000)) and r.build.runs:
        builds = {"cold": r.build, "warm": r.warm, "one edit": r.edited}
        for how, series in builds.items():
            name = f"build 1,000 <= {TARGET_BUILD_1000_S} s ({how})"
            row(name, _median(series), TARGET_BUILD_1000_S)
        for how, ratio in (("cold", r.ratio), ("warm", r.ratio_warm)):
            rows.append(
                (
                    f"build 1,000 >= {TARGET_MKDOCS_RATIO:.0f}x faster than MkDocs ({how})",
                    f"{ratio:.1f}x" if ratio else "not measured",
                    None if ratio is None else ratio >= TARGET_MKDOCS_RATIO,
                )
            )
        name = f"peak memory 1,000 <= {TARGET_RSS_1000_MB:.0f} MB"
        row(name, r.peak_mb, TARGET_RSS_1000_MB, " MB")
        checks = {"cold": r.check_cold, "warm": r.check, "one edit": r.check_edited}
        for how, series in checks.items():
            name = f"check 1,000 <= {TARGET_CHECK_1000_S} s ({how})"
            row(name, _median(series), TARGET_CHECK_1000_S)
    if (r := by_n.get(10000)) and r.build.runs:
        for how, series in (("cold", r.build), ("warm", r.warm)):
            name = f"build 10,000 <= {TARGET_BUILD_10000_S:.0f} s ({how})"
            row(name, _median(series), TARGET_BUILD_10000_S)
        if (small := by_n.get(1000)) and small.build.runs:
            factor = (r.build.cpu_median / 10000) / (small.build.cpu_median / 1000)
            row("linear: CPU per journey at 10,000 / at 1,000 <= 1.25 (cold)", factor, 1.25, "")
    for r in results:
        if r.pages:
            over = r.pages["journey_pages_over_budget"]
            rows.append(
                (
                    f"N={r.n:,}: journey pages HTML + CSS <= {page_weight.BUDGET_KB:.0f} KB",
                    f"{len(over)} over",
                    not over,
                )
            )
            bad = r.pages["mermaid_without_diagram"] + r.pages["blocking_scripts"]
            rows.append(
                (
                    f"N={r.n:,}: Mermaid only with a diagram, every script deferred",
                    f"{len(bad)} problems",
                    not bad,
                )
            )
    return rows


def format_targets(rows: list[tuple[str, str, bool | None]]) -> str:
    width = max((len(name) for name, _, _ in rows), default=10)
    mark = {True: "met", False: "NOT MET", None: "-"}
    return "\n".join(f"{name:<{width}}  {value:>12}  {mark[ok]}" for name, value, ok in rows)


def environment() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    versions = {}
    for name in ("journeygen", "jinja2", "markdown", "pydantic", "yaml", "mkdocs"):
        if importlib.util.find_spec(name) is None:
            continue
        try:
            from importlib.metadata import version

            dist = {"yaml": "PyYAML", "markdown": "Markdown", "jinja2": "Jinja2"}.get(name, name)
            versions[name] = version(dist)
        except Exception:
            versions[name] = "?"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "journeygen", "themes")),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "machine": platform.machine(),
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark journeygen build/check (and MkDocs on the same pages)."
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated numbers of journeys (default: 100,1000,10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--skip-mkdocs", action="store_true", help="do not build with MkDocs")
    parser.add_argument("--skip-serve", action="store_true", help="do not run serve_latency.py")
    parser.add_argument(
        "--serve-max",
        type=int,
        default=1000,
        help="run serve_latency.py only for sizes up to this (default 1000: a full rebuild "
        "per save makes bigger sizes take very long)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep generated projects here and reuse them (default: a temporary folder)",
    )
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    parser.add_argument("--quiet", action="store_true", help="print only the results")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: expected numbers like 100,1000, got {args.sizes!r}")
    if args.runs < 1 or any(n < 1 for n in sizes):
        parser.error("--runs and every size must be at least 1")

    mkdocs = not args.skip_mkdocs and importlib.util.find_spec("mkdocs") is not None
    if not args.skip_mkdocs and not mkdocs:
        print("MkDocs is not installed (pip install -e '.[bench]'): skipping it", file=sys.stderr)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work, cleanup = args.workdir.resolve(), False
    else:
        work, cleanup = Path(tempfile.mkdtemp(prefix="journeygen-bench-")), True
    env = environment()
    results: list[SizeResult] = []
    try:
        for n in sizes:
            results.append(
                measure_size(
                    n,
                    work,
                    runs=args.runs,
                    warmup=args.warmup,
                    seed=args.seed,
                    mkdocs=mkdocs,
                    serve=not args.skip_serve,
                    serve_max=args.serve_max,
                    timeout=args.timeout,
                    log=log,
                )
            )
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)

    env["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    dirty = " (uncommitted changes in journeygen/ or themes/)" if env["dirty"] else ""
    print(
        f"journeygen benchmark, {env['date']}, commit {env['commit']}{dirty}, "
        f"Python {env['python']}, {env['cpus']} CPUs, {args.runs} runs (median), "
        f"{args.warmup} warm-up; load average {env['load_average'][0]} before, "
        f"{env['load_average_after'][0]} after"
    )
    if max(env["load_average"][0], env["load_average_after"][0]) > 0.5:
        print(
            "note: the machine was busy with other work; wall times are inflated, "
            "the cpu column less so"
        )
    print(table(results))
    print()
    rows = targets(results)
    print(format_targets(rows))
    for r in results:
        for error in r.errors:
            print(f"N={r.n}: {error}", file=sys.stderr)
        if r.serve.get("error"):
            print(f"N={r.n}: serve_latency.py: {r.serve['error']}", file=sys.stderr)
    if args.json:
        data = {
            "environment": env,
            "runs": args.runs,
            "warmup": args.warmup,
            "results": [r.to_json() for r in results],
            "targets": [{"target": t, "measured": v, "met": ok} for t, v, ok in rows],
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
