"""How heavy the pages of a built site are, and how they load Mermaid.

For every HTML page: its own bytes, the local stylesheets it links (each counted once per
page), the other local scripts, and whether the Mermaid script is there. The budget is
on a journey page's HTML + CSS (Mermaid's script aside). The checks:

* the Mermaid script is named only by pages that hold a diagram (`class="mermaid"`),
  and every page with a diagram names it (unless the site uses `mermaid: off`): since
  issue 19 a JSON block `<script type="application/json" id="jg-mermaid">` that
  journeygen.js reads to fetch it when a diagram comes near the viewport, or for print;
* every script is `defer` (or `async`, or a module), so none blocks the first paint.

    python bench/page_weight.py site/          # a table
    python bench/page_weight.py site/ --json   # the same as JSON
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

BUDGET_KB = 150.0
_TAG = re.compile(r"<(script|link)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_DIAGRAM = re.compile(r"""class\s*=\s*["'][^"']*\bmermaid\b""", re.IGNORECASE)


@dataclass
class Page:
    path: str
    kind: str  # journey | persona | overview | touchpoints | other
    html: int
    html_gzip: int
    css: int
    js: int  # local scripts other than Mermaid
    has_diagram: bool
    loads_mermaid: bool
    blocking_scripts: list[str] = field(default_factory=list)

    @property
    def html_css(self) -> int:
        return self.html + self.css


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(text)
    }


def _local(site: Path, page: Path, href: str) -> Path | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (page.parent / parts.path).resolve()
    return target if target.is_file() and target.is_relative_to(site.resolve()) else None


def _kind(rel: str) -> str:
    if rel.startswith("journeys/"):
        return "journey"
    if rel.startswith("personas/"):
        return "persona"
    return {"index.html": "overview", "touchpoints/index.html": "touchpoints"}.get(rel, "other")


def measure_page(site: Path, path: Path, sizes: dict[Path, int]) -> Page:
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    css = js = 0
    loads_mermaid = False
    blocking: list[str] = []
    seen: set[Path] = set()
    for match in _TAG.finditer(text):
        tag, attrs = match.group(1).lower(), _attrs(match.group(2))
        href = attrs.get("href" if tag == "link" else "src")
        if tag == "link" and "stylesheet" not in attrs.get("rel", "").lower():
            continue
        if tag == "script" and href is None:
            # the page naming Mermaid's script for journeygen.js to fetch when a diagram
            # comes near the viewport (issue 19); any other inline script is skipped
            loads_mermaid |= attrs.get("id") == "jg-mermaid"
            continue
        is_mermaid = tag == "script" and "mermaid" in (href or "").lower()
        loads_mermaid |= is_mermaid
        deferred = "defer" in attrs or "async" in attrs or attrs.get("type") == "module"
        if tag == "script" and not deferred:
            blocking.append(href or "")
        target = _local(site, path, href or "")
        if target is None or target in seen or is_mermaid:
            continue
        seen.add(target)
        if target not in sizes:
            sizes[target] = target.stat().st_size
        if tag == "link":
            css += sizes[target]
        else:
            js += sizes[target]
    rel = path.relative_to(site).as_posix()
    return Page(
        path=rel,
        kind=_kind(rel),
        html=len(raw),
        html_gzip=len(gzip.compress(raw, 6)),
        css=css,
        js=js,
        has_diagram=bool(_DIAGRAM.search(text)),
        loads_mermaid=loads_mermaid,
        blocking_scripts=blocking,
    )


def measure_site(site: Path) -> list[Page]:
    sizes: dict[Path, int] = {}
    return [measure_page(site, p, sizes) for p in sorted(site.rglob("*.html"))]


def summarize(pages: list[Page], budget_kb: float = BUDGET_KB) -> dict[str, object]:
    """Per kind of page: count, median and max of HTML, CSS, HTML + CSS (KB); the checks."""
    kinds: dict[str, dict[str, object]] = {}
    for kind in ("journey", "persona", "overview", "touchpoints", "other"):
        chosen = [p for p in pages if p.kind == kind]
        if not chosen:
            continue
        heaviest = max(chosen, key=lambda p: p.html_css)
        kinds[kind] = {
            "pages": len(chosen),
            "html_kb_median": round(statistics.median(p.html for p in chosen) / 1024, 1),
            "html_kb_max": round(max(p.html for p in chosen) / 1024, 1),
            "html_gzip_kb_max": round(max(p.html_gzip for p in chosen) / 1024, 1),
            "css_kb": round(max(p.css for p in chosen) / 1024, 1),
            "js_kb": round(max(p.js for p in chosen) / 1024, 1),
            "html_css_kb_max": round(heaviest.html_css / 1024, 1),
            "heaviest": heaviest.path,
        }
    journeys = [p for p in pages if p.kind == "journey"]
    mermaid_anywhere = any(p.loads_mermaid for p in pages)
    return {
        "kinds": kinds,
        "budget_kb": budget_kb,
        "journey_pages_over_budget": [p.path for p in journeys if p.html_css / 1024 > budget_kb],
        "mermaid_without_diagram": [p.path for p in pages if p.loads_mermaid and not p.has_diagram],
        "diagram_without_mermaid": (
            [p.path for p in pages if p.has_diagram and not p.loads_mermaid]
            if mermaid_anywhere
            else []  # mermaid: off, or no page needs it
        ),
        "blocking_scripts": sorted({s for p in pages for s in p.blocking_scripts}),
        "pages_with_diagram": sum(p.has_diagram for p in pages),
        "pages": len(pages),
    }


def format_summary(summary: dict[str, object], title: str = "") -> str:
    kinds = summary["kinds"]
    assert isinstance(kinds, dict)
    lines = [title] if title else []
    head = f"{'page':<12}{'pages':>7}{'HTML med':>10}{'HTML max':>10}{'gzip max':>10}"
    head += f"{'CSS':>8}{'JS':>8}{'HTML+CSS max':>14}"
    lines += [head, "-" * len(head)]
    for kind, row in kinds.items():
        lines.append(
            f"{kind:<12}{row['pages']:>7}{row['html_kb_median']:>8.1f}KB{row['html_kb_max']:>8.1f}KB"
            f"{row['html_gzip_kb_max']:>8.1f}KB{row['css_kb']:>6.1f}KB{row['js_kb']:>6.1f}KB"
            f"{row['html_css_kb_max']:>12.1f}KB"
        )
    over, without, missing, blocking = (
        summary[key]
        for key in (
            "journey_pages_over_budget",
            "mermaid_without_diagram",
            "diagram_without_mermaid",
            "blocking_scripts",
        )
    )
    assert isinstance(over, list) and isinstance(without, list)
    assert isinstance(missing, list) and isinstance(blocking, list)
    budget = f"{summary['budget_kb']:.0f} KB"
    lines.append(f"journey pages over {budget} (HTML + CSS, Mermaid aside): {len(over) or 'none'}")
    lines.append(
        f"pages with a diagram: {summary['pages_with_diagram']} of {summary['pages']}; "
        f"Mermaid script on a page without diagram: {len(without) or 'none'}; "
        f"diagram without the script: {len(missing) or 'none'}; "
        f"render-blocking scripts: {len(blocking) or 'none'}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Page weight of a built journeygen site.")
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--budget", type=float, default=BUDGET_KB, help="KB per journey page")
    args = parser.parse_args()
    pages = measure_site(args.site)
    if not pages:
        print(f"no HTML pages in {args.site}", file=sys.stderr)
        return 2
    summary = summarize(pages, args.budget)
    if args.json:
        print(json.dumps({**summary, "pages_detail": [asdict(p) for p in pages]}, indent=2))
    else:
        print(format_summary(summary, f"{args.site}"))
    failed = summary["journey_pages_over_budget"] or summary["mermaid_without_diagram"]
    return 1 if failed or summary["blocking_scripts"] else 0


if __name__ == "__main__":
    sys.exit(main())
