"""Lighthouse (mobile) on the example's pages: a journey page and the overview (issue 19, item 5).

Builds the example project (`content/` and the repository's journeygen.yml) into a temporary
folder, serves it on 127.0.0.1 (Python's http.server, in a thread) and runs Lighthouse from
the npm registry against each page, `--runs` times (3 by default: Lighthouse is noisy), with
Debian's Chromium. Prints the median of each category per page, the metrics behind the
performance score, what the page loaded (and whether Mermaid was among it: it should come
only when a diagram is near the viewport) and the audits that fail, and exits 1 if a median
is under its target: performance 95, accessibility, best practices and SEO 100.

    python bench/lighthouse.py
    python bench/lighthouse.py --runs 5 --json bench/out/lighthouse.json
    python bench/lighthouse.py --site /tmp/site      # an already built site, not the example
    python bench/lighthouse.py --runs 1 --reports /tmp/lh   # Lighthouse's reports (JSON) too
    python bench/lighthouse.py --gzip                # text compressed, as GitHub Pages serves it
    nice -n -15 python bench/lighthouse.py           # as root, on a machine busy with other work

Lighthouse is installed once with npm into a cache folder outside the repository
(`$XDG_CACHE_HOME/journeygen-bench/lighthouse-VERSION`, ~/.cache by default); nothing
npm-related lives in the repository but the version below. Needs node >= 18.16 and npm.
Mobile form factor and simulated throttling (Lighthouse's defaults). The server sends no
cache headers and, unless `--gzip`, no compression: the hardest case, a plain static host
(GitHub Pages, Netlify and most others gzip text). The machine's network is closed, so
Chromium runs with background networking, updates and sync off.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"  # 13.x needs node 22; this machine has node 20
CHROME_PATH = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "journey": "journeys/kantoorschoonmaak/index.html",
    "overview": "index.html",
}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {  # audit id: short name
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


def lighthouse_command(version: str) -> list[str]:
    """The lighthouse executable, installed by npm into a cache folder on first use."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    prefix = cache / "journeygen-bench" / f"lighthouse-{version}"
    executable = prefix / "node_modules" / ".bin" / "lighthouse"
    if not executable.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        package = f"lighthouse@{version}"
        print(f"installing {package} into {prefix}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), package],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return [str(executable)]


def build_example(out: Path) -> None:
    command = [sys.executable, "-m", "journeygen", "build", "--out", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Text gzipped when the browser asks for it, as GitHub Pages and most hosts serve it."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wanted or path.suffix not in COMPRESSED or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, *, compress: bool = False) -> ThreadingHTTPServer:
    handler_class = _GzipHandler if compress else _QuietHandler
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(command: list[str], url: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    args = [
        *command,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    report: dict[str, Any] = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"{url}: {report['runtimeError']}")
    return report


def summarize(report: dict[str, Any]) -> dict[str, Any]:
    """Scores (0-100), metrics and failing audits of one Lighthouse report."""
    categories = report["categories"]
    audits = report["audits"]
    scores = {c: round(categories[c]["score"] * 100) for c in CATEGORIES}
    metrics = {
        name: {"value": audits[a]["numericValue"], "score": audits[a]["score"]}
        for a, name in METRICS.items()
    }
    failing: dict[str, dict[str, Any]] = {}
    for c in CATEGORIES:
        for ref in categories[c]["auditRefs"]:
            audit = audits[ref["id"]]
            score = audit.get("score")
            mode = audit.get("scoreDisplayMode")
            if ref["id"] in METRICS or score is None or mode in ("notApplicable", "manual"):
                continue
            if score < (0.9 if mode == "metricSavings" else 1):
                failing[ref["id"]] = {
                    "category": c,
                    "weight": ref.get("weight", 0),
                    "score": score,
                    "title": audit["title"],
                    "display": audit.get("displayValue", ""),
                }
    requests = audits["network-requests"]["details"]["items"]
    loaded = {
        "requests": len(requests),
        "bytes": sum(r.get("transferSize") or 0 for r in requests),
        "mermaid": any("mermaid" in r["url"] for r in requests),
    }
    return {"scores": scores, "metrics": metrics, "failing": failing, "loaded": loaded}


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    scores = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
    metrics = {
        m: statistics.median(r["metrics"][m]["value"] for r in runs) for m in METRICS.values()
    }
    failing: dict[str, dict[str, Any]] = {}
    for run in runs:
        for audit_id, audit in run["failing"].items():
            failing.setdefault(audit_id, {**audit, "runs": 0})["runs"] += 1
    loaded = {
        "requests": statistics.median(r["loaded"]["requests"] for r in runs),
        "bytes": statistics.median(r["loaded"]["bytes"] for r in runs),
        "mermaid": sum(r["loaded"]["mermaid"] for r in runs),
    }
    return {"scores": scores, "metrics": metrics, "failing": failing, "loaded": loaded}


def _metric(name: str, value: float) -> str:
    return f"{name} {value:.3f}" if name == "CLS" else f"{name} {value / 1000:.2f} s"


def report(results: dict[str, dict[str, Any]], runs: int) -> bool:
    names = ["page", *CATEGORIES]
    print(" | ".join(names))
    ok = True
    for page, result in results.items():
        median = result["median"]
        cells = []
        for c in CATEGORIES:
            each = "/".join(str(r["scores"][c]) for r in result["runs"])
            below = median["scores"][c] < TARGETS[c]
            ok = ok and not below
            cells.append(f"{median['scores'][c]:g} ({each}){' !' if below else ''}")
        print(" | ".join([page, *cells]))
    print(f"(median of {runs}, each run in brackets; ! under the target {TARGETS})")
    for page, result in results.items():
        median = result["median"]
        print(f"\n{page} ({result['url'].split('/', 3)[-1]}): median", end=" ")
        print(", ".join(_metric(m, v) for m, v in median["metrics"].items()))
        loaded = median["loaded"]
        print(
            f"  loaded: {loaded['requests']:g} requests, {loaded['bytes'] / 1024:.1f} KiB;"
            f" Mermaid fetched in {loaded['mermaid']} of {runs} runs"
        )
        failing = sorted(
            median["failing"].items(), key=lambda kv: (-kv[1]["runs"], -kv[1]["weight"], kv[0])
        )
        for audit_id, audit in failing[:12]:
            display = f": {audit['display']}" if audit["display"] else ""
            print(
                f"  {audit['category']:<14} {audit_id} ({audit['runs']}/{runs} runs, "
                f"score {audit['score']:.2f}){display}"
            )
        if not failing:
            print("  no failing audits")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument("--site", type=Path, help="a built site (default: the example, built)")
    parser.add_argument("--page", action="append", metavar="NAME=PATH", help="pages to measure")
    parser.add_argument("--json", type=Path, help="save every run's summary and the medians")
    parser.add_argument(
        "--gzip", action="store_true", help="compress text, as GitHub Pages does (default: none)"
    )
    parser.add_argument("--reports", type=Path, help="a folder for Lighthouse's own reports")
    parser.add_argument("--lighthouse", default=LIGHTHOUSE_VERSION, help="Lighthouse version")
    args = parser.parse_args()

    pages = dict(p.split("=", 1) for p in args.page) if args.page else PAGES
    command = lighthouse_command(args.lighthouse)
    temp = None
    site = args.site
    if site is None:
        temp = Path(tempfile.mkdtemp(prefix="journeygen-lighthouse-"))
        site = temp / "site"
        build_example(site)
    server = serve(site, compress=args.gzip)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, path in pages.items():
            results[name] = {"url": base + path, "runs": []}
        for i in range(args.runs):  # pages alternate, so a busy moment hits both
            for name, result in results.items():
                print(f"run {i + 1}/{args.runs}: {name}", file=sys.stderr)
                full = run_lighthouse(command, result["url"])
                result["runs"].append(summarize(full))
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    target = args.reports / f"{name}-{i + 1}.json"
                    target.write_text(json.dumps(full), "utf-8")
    finally:
        server.shutdown()
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    for result in results.values():
        result["median"] = median_of(result["runs"])
    ok = report(results, args.runs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "lighthouse": args.lighthouse,
            "gzip": args.gzip,
            "load": os.getloadavg(),
            "targets": TARGETS,
        }
        args.json.write_text(json.dumps({**meta, "pages": results}, indent=2) + "\n", "utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
