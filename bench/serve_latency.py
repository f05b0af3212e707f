"""Save-to-screen latency of `journeygen serve`, measured with a real browser.

For each project (a copy of the example project at the repository root, and a synthetic one
of N journeys made by copying and varying the example's journeys) this starts
`python -m journeygen serve --port 0` in the project, opens a journey page in Chromium, and
repeatedly changes that journey's title in its file. The time from just before the file is
written to the first frame on screen that shows the new title is one sample, whether the
new page comes as a new document (a full reload) or into the open one (livereload.js swaps
the body in place; the report says how many samples were in place). The page records that
moment itself, on the same wall clock as this script (the offset is measured): the
project's copy of the theme gives the journey's <h1> an `elementtiming` attribute, and the
browser's Element Timing entry for the h1 with the new title gives the time its frame was
presented (`renderTime`). Also recorded: when the h1 first has the title in the DOM (a
MutationObserver installed at document start that stays for the document's life) and the
requestAnimationFrame after that, which was this script's measure before 2026-11-22. The
rAF callback runs before its frame's style, layout and paint: a full reload lays the new
page out after it (not counted), and a new document may be painted later still, while a
swap's scripts force the layout before it (counted). So the rAF time flattered a full
reload; the paint time counts both alike. (A message posted from the rAF callback is no
mark of the frame's end: tasks queued before it, such as the deferred scripts of a reload
or Mermaid's drawing after a swap, run first.)

It also times plain full in-memory builds (`build(project, write=False)`) of both projects,
and with --profile prints where a full build of the synthetic project spends its time.

    python bench/serve_latency.py                 # both projects, prints median and p90
    python bench/serve_latency.py --journeys 200 --synthetic-runs 5
    python bench/serve_latency.py --skip-synthetic --runs 50
    python bench/serve_latency.py --profile       # + cProfile of a full synthetic build

Numbers go to bench/out/serve_latency.json (and are printed).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EDITED = "kantoorschoonmaak"  # the journey whose title each sample changes
TITLE_RE = re.compile(r"^title: .*$", re.M)

# Runs at the start of every document: note when the h1 first shows the expected marker
# (in the DOM, at the next requestAnimationFrame, and painted: its Element Timing entry),
# whether it comes with a new document (a full reload) or into this one (an in-place swap):
# the observers stay for the document's life and read the marker on every change.
TITLE_TIMING = "bench-title"
OBSERVER_JS = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const found = {};  // marker -> {dom, raf, paint}
  const report = (marker) => {
    const seen = found[marker];
    if (seen.raf === undefined || seen.paint === undefined) return;
    console.debug('bench-seen ' + JSON.stringify({marker, ...seen}));
  };
  new MutationObserver(() => {
    const marker = sessionStorage.getItem('bench-marker');
    const h1 = document.querySelector('h1');
    if (!marker || found[marker] || !h1 || !h1.textContent.includes(marker)) return;
    found[marker] = {dom: now()};
    requestAnimationFrame(() => { found[marker].raf = now(); report(marker); });
    setTimeout(() => {  // no Element Timing entry (should not happen): say so
      if (found[marker].paint === undefined) { found[marker].paint = null; report(marker); }
    }, 5000);
  }).observe(document, {childList: true, subtree: true, characterData: true});
  new PerformanceObserver((list) => {
    const marker = sessionStorage.getItem('bench-marker');
    for (const entry of list.getEntries()) {
      if (entry.identifier !== 'TITLE_TIMING' || !entry.element) continue;
      if (!found[marker] || !entry.element.textContent.includes(marker)) continue;
      found[marker].paint = performance.timeOrigin + entry.renderTime;
      report(marker);
    }
  }).observe({type: 'element', buffered: true});
})();
""".replace("TITLE_TIMING", TITLE_TIMING)


@dataclass
class Result:
    project: str
    journeys: int
    runs: int
    median_ms: float = 0.0
    p90_ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    dom_median_ms: float = 0.0
    raf_median_ms: float = 0.0  # the requestAnimationFrame after that: the measure until now
    unpainted: int = 0  # samples without an Element Timing entry (their rAF time is used)
    in_place: int = 0  # samples shown without a new document (livereload.js swapped the body)
    clock_offset_ms: float = 0.0  # browser clock minus this script's, subtracted from samples
    samples_ms: list[float] = field(default_factory=list)
    dom_ms: list[float] = field(default_factory=list)
    raf_ms: list[float] = field(default_factory=list)
    server_build_ms: list[float] = field(default_factory=list)
    full_build_ms: list[float] = field(default_factory=list)


# --- projects ------------------------------------------------------------------------------


def copy_example(target: Path) -> Path:
    """The example project (journeygen.yml, content/, themes/) copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "journeygen.yml", target / "journeygen.yml")
    shutil.copytree(REPO / "content", target / "content")
    if (REPO / "themes").is_dir():
        shutil.copytree(REPO / "themes", target / "themes")
    mark_title(target)
    return target


def mark_title(project: Path) -> None:
    """Give the journey page's <h1> an `elementtiming` attribute, in the project's own copy
    of the template: the browser then reports when the title is painted."""
    template = project / "themes/default/templates/journey.html"
    if not template.is_file():
        template.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "themes/default/templates/journey.html", template)
    text = template.read_text("utf-8")
    marked = text.replace("<h1 ", f'<h1 elementtiming="{TITLE_TIMING}" ', 1)
    if marked == text:
        raise SystemExit(f"no <h1 in {template}: cannot time the title's paint")
    template.write_text(marked, "utf-8")


def make_synthetic(target: Path, journeys: int) -> Path:
    """The example project with its journeys copied and varied up to `journeys` files.

    Copy n of `x.md` is `x-00n.md`, its title gets ` n`, and a current journey's `ideal:`
    points at copy n of its ideal journey, so references still resolve."""
    copy_example(target)
    folder = target / "content" / "journeys"
    originals = sorted(p for p in folder.iterdir() if p.is_file())
    texts = {p: p.read_text("utf-8") for p in originals}
    count, n = len(originals), 0
    while count < journeys:
        n += 1
        for path in originals:
            if count >= journeys:
                break
            text = TITLE_RE.sub(lambda m, n=n: f"{m.group(0)} {n}", texts[path], count=1)
            text = re.sub(r"^ideal: (\S+)$", rf"ideal: \1-{n:03d}", text, flags=re.M)
            (folder / f"{path.stem}-{n:03d}{path.suffix}").write_text(text, "utf-8")
            count += 1
    return target


# --- full builds -----------------------------------------------------------------------------


def time_full_builds(root: Path, repeat: int) -> list[float]:
    from journeygen.build import Project, build

    project = Project.find(root)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = build(project, write=False)
        times.append((time.perf_counter() - started) * 1000)
        assert not result.errors, result.errors[:3]
    return times


def profile_full_build(root: Path, top: int = 30) -> str:
    from journeygen.build import Project, build

    project = Project.find(root)
    profiler = cProfile.Profile()
    profiler.runcall(build, project, write=False)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --- the server ------------------------------------------------------------------------------


class Server:
    """`journeygen serve` in a subprocess; collects its "Rebuilt in N ms" lines."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "journeygen", "serve", "--port", "0"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                found = re.match(r"Serving (http://\S+/)", line)
                if found:
                    self.url = found.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(600) or not self.url:
            self.stop()
            raise SystemExit("serve did not start:\n" + "\n".join(self.lines))

    def build_times(self) -> list[float]:
        """Per save, how long the server took to make the open page: "(open pages in N ms)",
        or the whole rebuild's "Rebuilt in N ms" when no page was open."""
        pattern = re.compile(r"(?:Rebuilt in (\d+) ms(?!.*open pages)|.*open pages in (\d+) ms)")
        return [float(m.group(1) or m.group(2)) for m in map(pattern.match, self.lines) if m]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(2)  # Ctrl-C
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextmanager
def serving(root: Path) -> Iterator[Server]:
    server = Server(root)
    try:
        yield server
    finally:
        server.stop()


# --- measuring -------------------------------------------------------------------------------


def clock_offset(page: Any) -> float:
    """Browser wall clock minus this process's, in ms (from the tightest of a few round trips)."""
    best: tuple[float, float] | None = None
    for _ in range(10):
        before = time.time() * 1000
        browser = page.evaluate("performance.timeOrigin + performance.now()")
        after = time.time() * 1000
        if best is None or after - before < best[0]:
            best = (after - before, browser - (before + after) / 2)
    assert best is not None
    return best[1]


def save_and_wait(
    page: Any, marker: str, path: Path, text: str, server: Server, timeout: float = 600.0
) -> tuple[float, dict[str, Any]]:
    """Write `text` to `path`; wait (without polling: a console message from the page) for
    the page to show `marker`. Returns the wall-clock ms just before the write, and what the
    page saw."""
    prefix = f'bench-seen {{"marker":"{marker}"'
    try:
        with page.expect_console_message(
            lambda message: message.text.startswith(prefix), timeout=timeout * 1000
        ) as seen:
            started = time.time() * 1000
            path.write_text(text, "utf-8")
    except Exception as exc:
        tail = "\n".join(server.lines[-20:])
        message = f"the page never showed {marker!r} ({exc}); the server said:\n{tail}"
        raise SystemExit(message) from None
    return started, json.loads(seen.value.text.split(" ", 1)[1])


def measure(root: Path, name: str, journey_file: Path, page_path: str, runs: int) -> Result:
    from playwright.sync_api import sync_playwright

    original = journey_file.read_text("utf-8")
    result = Result(name, len(list((root / "content/journeys").iterdir())), runs)
    with serving(root) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.add_init_script(OBSERVER_JS)
        page.goto(server.url + page_path, wait_until="load")
        offset = result.clock_offset_ms = round(clock_offset(page), 2)
        builds_before = len(server.build_times())
        for run in range(runs + 1):  # run 0 warms the browser's and the server's caches
            marker = f"bench-{run}-{time.monotonic_ns() % 1_000_000}"
            page.evaluate(
                "m => { sessionStorage.setItem('bench-marker', m); window.benchDocument = m; }",
                marker,
            )
            text = TITLE_RE.sub(lambda m, mk=marker: f"title: {mk}", original, count=1)
            started, seen = save_and_wait(page, marker, journey_file, text, server)
            page.wait_for_load_state("load")
            if run:
                painted = seen["paint"] if seen["paint"] is not None else seen["raf"]
                result.unpainted += seen["paint"] is None
                result.samples_ms.append(round(painted - offset - started, 1))
                result.dom_ms.append(round(seen["dom"] - offset - started, 1))
                result.raf_ms.append(round(seen["raf"] - offset - started, 1))
                result.in_place += page.evaluate("m => window.benchDocument === m", marker)
            time.sleep(0.3)  # let the page settle (diagrams) before the next save
        result.server_build_ms = server.build_times()[builds_before + 1 :]
        browser.close()
    journey_file.write_text(original, "utf-8")
    samples = sorted(result.samples_ms)
    result.median_ms = round(statistics.median(samples), 1)
    result.p90_ms = round(samples[min(len(samples) - 1, round(0.9 * (len(samples) - 1)))], 1)
    result.min_ms, result.max_ms = round(samples[0], 1), round(samples[-1], 1)
    result.dom_median_ms = round(statistics.median(result.dom_ms), 1)
    result.raf_median_ms = round(statistics.median(result.raf_ms), 1)
    return result


def report(result: Result) -> str:
    builds = result.server_build_ms
    full = result.full_build_ms
    return (
        f"{result.project} ({result.journeys} journeys, {result.runs} saves, "
        f"{result.in_place} in place): "
        f"save -> visible median {result.median_ms:.0f} ms, p90 {result.p90_ms:.0f} ms "
        f"(min {result.min_ms:.0f}, max {result.max_ms:.0f}; DOM has it: median "
        f"{result.dom_median_ms:.0f} ms, its rAF {result.raf_median_ms:.0f} ms"
        f"{f'; {result.unpainted} not painted' if result.unpainted else ''}); "
        f"server: open page made in, median "
        f"{statistics.median(builds) if builds else float('nan'):.0f} ms; "
        f"plain full in-memory build median {statistics.median(full):.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="saves on the example project")
    parser.add_argument("--synthetic-runs", type=int, default=8, help="saves on the big one")
    parser.add_argument("--journeys", type=int, default=1000, help="size of the big project")
    parser.add_argument("--skip-example", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile a full big build")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "serve_latency.json")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="journeygen-bench-") as tmp:
        if not args.skip_example:
            example = copy_example(Path(tmp) / "example")
            full = time_full_builds(example, 5)
            result = measure(
                example, "example", example / f"content/journeys/{EDITED}.md",
                f"journeys/{EDITED}/", args.runs,
            )  # fmt: skip
            result.full_build_ms = [round(t, 1) for t in full]
            print(report(result), flush=True)
            results.append(result)

        if not args.skip_synthetic:
            big = make_synthetic(Path(tmp) / "synthetic", args.journeys)
            full = time_full_builds(big, 2)
            edited = f"{EDITED}-001"
            result = measure(
                big, "synthetic", big / f"content/journeys/{edited}.md",
                f"journeys/{edited}/", args.synthetic_runs,
            )  # fmt: skip
            result.full_build_ms = [round(t, 1) for t in full]
            print(report(result), flush=True)
            results.append(result)
            if args.profile:
                print(profile_full_build(big))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        "results": [asdict(r) for r in results],
    }
    args.out.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
