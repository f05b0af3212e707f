"""Screenshots of the example site for the README, and for looking at the design.

    python scripts/screenshots.py            # build the example, shoot into docs/screenshots/
    python scripts/screenshots.py --extra    # also dark mode, print (PDF pages) and full pages
    python scripts/screenshots.py --site site --out /tmp/shots

The changes pages come from a copy of the example in a temporary git repository, tagged
review-1 and then edited, built with `--changes-since review-1`.
Pages are opened from file:// in Debian's Chromium; every non-file request is aborted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = {  # name: (page, element to scroll to the top of the screenshot)
    "overview": ("index.html", None),
    "journey": ("journeys/kantoorschoonmaak/index.html", "#jg-map"),
    "persona": ("personas/eva/index.html", None),
    "touchpoints": ("touchpoints/index.html", None),
    "evaluation": ("evaluation/index.html", None),
    "curve": ("journeys/jaarevaluatie/index.html", ".jg-lane--feeling"),  # one line per persona
    "flow": ("journeys/kantoorschoonmaak/index.html", "#jg-flow"),  # stages left to right
    "blueprint": ("journeys/kantoorschoonmaak/index.html", "tr[data-lane=props]"),
    "team": ("teams/planning/index.html", None),
}
REVIEW_PAGES = {  # from the example built with --changes-since (build_reviewed_example)
    "changes": ("journeys/kantoorschoonmaak/changes/index.html", None),
}
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}


def build_example(site: Path) -> None:
    command = [sys.executable, "-m", "journeygen", "build", "--out", str(site)]
    subprocess.run(command, cwd=ROOT, check=True)


def build_reviewed_example(site: Path) -> None:
    """The example tagged review-1 in a throwaway git repository, then changed a little
    (an emotion, a KPI target, a touchpoint, a persona), built with --changes-since."""
    root = Path(tempfile.mkdtemp(prefix="journeygen-review-"))
    shutil.copy(ROOT / "journeygen.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    git = ["git", "-c", "user.name=journeygen", "-c", "user.email=journeygen@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "review 1"], cwd=root, check=True)
    subprocess.run([*git, "tag", "review-1"], cwd=root, check=True)
    journey = root / "content/journeys/kantoorschoonmaak.md"
    text = journey.read_text("utf-8").replace("emotion: -0.5", "emotion: 0.5", 1)
    text = text.replace("target: 550", "target: 600", 1)
    text = text.replace("name: LinkedIn-post met klantcase", "name: LinkedIn-video met klantcase")
    text = text.replace("      - id: linkedin-post", "      - id: linkedin-video", 1)
    journey.write_text(text, "utf-8")
    (root / "content/personas/tom.md").write_text("---\nname: Tom Bakker\n---\n", "utf-8")
    subprocess.run([*git, "commit", "-qam", "after the workshop"], cwd=root, check=True)
    command = [sys.executable, "-m", "journeygen", "build", "--out", str(site)]
    subprocess.run([*command, "--changes-since", "review-1"], cwd=root, check=True)
    shutil.rmtree(root)


def open_page(page: Page, path: Path, anchor: str | None = None) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    if page.locator("pre.mermaid").count():  # Mermaid comes when a diagram is near: bring it
        page.evaluate(
            "() => document.querySelectorAll('pre.mermaid').forEach(p => p.scrollIntoView())"
        )
        drawn = "() => document.documentElement.classList.contains('jg-diagrams-drawn')"
        deadline = time.monotonic() + 20
        while not page.evaluate(drawn):  # polled here: the pages' CSP allows no eval
            if time.monotonic() > deadline:
                raise TimeoutError(f"the diagrams of {path} were not drawn")
            page.wait_for_timeout(100)
    if anchor:  # the section at the top, just under the sticky in-page navigation
        top = "a => document.querySelector(a).getBoundingClientRect().top + window.scrollY - 56"
        page.evaluate(f"a => window.scrollTo(0, ({top})(a))", anchor)
    else:
        page.evaluate("window.scrollTo(0, 0)")


def shoot(site: Path, out: Path, *, extra: bool, pages: dict = PAGES) -> list[Path]:  # type: ignore[type-arg]
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        schemes = ["light", "dark"] if extra else ["light"]
        for scheme in schemes:
            for device, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1 if device == "desktop" else 2,
                    color_scheme=scheme,
                )
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith("file:")
                        else route.abort()
                    ),
                )
                page = context.new_page()
                for name, (rel, anchor) in pages.items():
                    open_page(page, site / rel, None if extra else anchor)
                    suffix = "" if scheme == "light" else "-dark"
                    target = out / f"{name}-{device}{suffix}.png"
                    page.screenshot(path=str(target), full_page=extra)
                    saved.append(target)
                context.close()
        if extra:
            saved += shoot_print(browser, site, out)
        browser.close()
    return saved


def shoot_print(browser, site: Path, out: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """The journey page printed (A3 landscape from its @page rule) as PDF, and as PNG pages."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    open_page(page, site / PAGES["journey"][0])
    pdf = out / "journey-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="print")
    png = out / "journey-print.png"
    page.screenshot(path=str(png), full_page=True)
    context.close()
    saved = [pdf, png]
    try:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(out / "print")],
            check=True,
        )
        saved += sorted(out.glob("print-*.png"))
    except (OSError, subprocess.CalledProcessError):
        pass
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the example)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--extra", action="store_true", help="dark mode, print, full pages")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path("/tmp/journeygen-screenshots-site")
        build_example(site)
    for path in shoot(site.resolve(), args.out, extra=args.extra):
        print(path)
    reviewed = Path("/tmp/journeygen-screenshots-review")
    build_reviewed_example(reviewed)
    for path in shoot(reviewed, args.out, extra=False, pages=REVIEW_PAGES):
        print(path)


if __name__ == "__main__":
    main()
