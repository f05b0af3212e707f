"""`journeygen pdf`: a journey map printed to PDF by headless Chromium, with the print styles.

The site is built into a temporary folder and the journey's page printed from disk, so the
PDF is what a browser's Print gives: the theme's print stylesheet fits the map to one
landscape page. Playwright drives Chromium when it is installed (it waits for the page's
own print script); else Chromium's `--print-to-pdf` is used directly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

PAPERS = {"A3": "277mm", "A4": "190mm"}  # landscape height minus the 10 mm margins
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
KNOWN_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TIMEOUT_S = 120


class PdfError(Exception):
    """Printing cannot be done here (no Chromium) or failed; the message says why."""


def find_chromium() -> Path | None:
    """Chromium from $JOURNEYGEN_CHROMIUM, the PATH or its usual places."""
    named = os.environ.get("JOURNEYGEN_CHROMIUM")
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((Path(p) for p in KNOWN_PATHS if Path(p).is_file()), None)


def print_styles(paper: str, whole_page: bool) -> str:
    """CSS added for printing: the paper size, and without `whole_page` only the map."""
    css = (
        f"@page {{ size: {paper} landscape; margin: 10mm; }}\n"
        f"@media print {{ :root {{ --jg-print-height: {PAPERS[paper]}; }} }}\n"
    )
    if not whole_page:
        css += (
            "@media print { main > :not(.jg-hero, .jg-section--map, .jg-sprite) "
            "{ display: none !important; } .jg-section--map { break-after: auto; }"
            " :root { --jg-print-min-font: 6.5; }"
            # A map too tall to share the page with the title (a service blueprint under
            # the customer's lanes) is printed alone, on one page, not after a title page.
            " main:has(> .jg-print-own-page) > .jg-hero { display: none !important; }"
            " .jg-print-own-page { break-before: auto; } }\n"
        )
    return css


def print_page(page: Path, out: Path, *, paper: str = "A3", whole_page: bool = False) -> str:
    """Print the HTML file `page` to `out`; returns how ("Playwright" or "chromium")."""
    chromium = find_chromium()
    if chromium is None:
        raise PdfError(
            "no Chromium found to print with; install it (Debian: apt-get install chromium) "
            "or set JOURNEYGEN_CHROMIUM to its path"
        )
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        _print_with_cli(chromium, page, out, print_styles(paper, whole_page))
        return "chromium"
    _print_with_playwright(chromium, page, out, print_styles("A3", whole_page), paper)
    return "Playwright"


LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")


def _print_with_playwright(
    chromium: Path, page: Path, out: Path, styles: str, paper: str = "A3"
) -> None:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), args=list(LAUNCH_ARGS)
            )
            try:
                # The page's Content-Security-Policy forbids the eval that Playwright's
                # wait_for_function polls with; this tab loads nothing but the site's own
                # files (`_offline`), so it may skip the policy.
                tab = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
                tab.route("**/*", _offline)
                tab.goto(page.as_uri(), wait_until="load", timeout=TIMEOUT_S * 1000)
                tab.add_style_tag(content=styles)
                tab.emulate_media(media="print")
                tab.wait_for_function(
                    "document.documentElement.classList.contains('jg-print-fitted')"
                    " || !document.querySelector('.jg-section--map')",
                    timeout=TIMEOUT_S * 1000,
                )
                # Mermaid is fetched and run for print (journeygen.js): wait for the diagrams
                tab.wait_for_function(
                    "document.documentElement.classList.contains('jg-diagrams-drawn')"
                    " || !document.getElementById('jg-mermaid')",
                    timeout=TIMEOUT_S * 1000,
                )
                if paper == "A3":
                    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
                else:  # Chromium shrinks the A3 page (CSS @page) to fit the paper
                    pdf = tab.pdf(format=paper, landscape=True, print_background=True)
                out.write_bytes(pdf)
            finally:
                browser.close()
    except Error as exc:
        raise PdfError(f"Chromium could not print the page: {exc}") from exc


def _offline(route: object) -> None:
    """Only the site's own files: a printed page fetches nothing from the network."""
    url = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("file:", "data:")):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]


def _print_with_cli(chromium: Path, page: Path, out: Path, styles: str) -> None:
    """`chromium --headless --print-to-pdf` on a copy of the page with the print styles in it
    (the copy sits beside the page, so its relative links still work)."""
    html = page.read_text("utf-8").replace("</head>", f"<style>{styles}</style></head>", 1)
    fd, name = tempfile.mkstemp(prefix=".jg-print-", suffix=".html", dir=page.parent)
    copy = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        command: Sequence[str] = (
            str(chromium),
            "--headless",
            *LAUNCH_ARGS,
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=5000",
            f"--print-to-pdf={out}",
            copy.as_uri(),
        )
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise PdfError(f"Chromium did not finish printing in {TIMEOUT_S} s") from exc
    finally:
        copy.unlink(missing_ok=True)
    if run.returncode != 0 or not out.is_file():
        raise PdfError(f"Chromium could not print the page: {run.stderr.strip()[-500:]}")
