"""Sharing a journey, in a real browser from file://: presentation mode steps through the
stages with the arrow keys, search finds a touchpoint and opens its anchor, a permalink
copies its address, and `journeygen pdf` prints the example's map on one page.

Same conventions as test_pages.py (whose fixtures and helpers this module uses): skipped
without /usr/bin/chromium, unless JOURNEYGEN_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_pages import CHROMIUM, REPO, Visit, _unavailable, browser, example, new_context, wait_for

from journeygen.model.site import Site

__all__ = ["browser", "example"]  # fixtures, used by name

JOURNEY = "kantoorschoonmaak"


def journey_page(site_dir: Path) -> Path:
    return site_dir / "journeys" / JOURNEY / "index.html"


def test_presentation_mode_steps_through_the_stages(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, site = example
    stages = site.journey(JOURNEY).stages
    context, external = new_context(browser, viewport={"width": 1440, "height": 900})
    visit = Visit(context, journey_page(site_dir))
    page = visit.page
    current = "document.querySelector('thead .jg-stage.is-current')?.id"
    page.click("[data-present]")
    page.wait_for_selector(".jg-present")
    assert page.evaluate(current) == f"stage-{stages[0].id}"
    assert page.locator(".jg-section--map").evaluate("s => getComputedStyle(s).position") == (
        "fixed"
    )
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(current) == f"stage-{stages[2].id}"
    status = page.locator(".jg-present__status").inner_text()
    assert status.startswith(f"Fase 3 van {len(stages)} · {stages[2].name}"), status
    # every lane of that stage is marked, the others dimmed
    marked = page.locator("tbody [data-stage-col].is-current").count()
    assert marked == page.locator("tbody tr.jg-lane:not(.jg-lane--feeling)").count()
    # dimmed once the fade has run (a CSS transition: wait for it, don't sample mid-way)
    wait_for(
        page,
        "() => parseFloat(getComputedStyle(document.querySelector("
        "'tbody [data-stage-col]:not(.is-current)')).opacity) < 0.5",
        timeout=5000,
    )
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(current) == f"stage-{stages[1].id}"
    page.keyboard.press("End")
    assert page.evaluate(current) == f"stage-{stages[-1].id}"
    page.keyboard.press("ArrowRight")  # stays on the last stage
    assert page.evaluate(current) == f"stage-{stages[-1].id}"
    page.screenshot(path=str(site_dir.parent / "present.png"))
    page.keyboard.press("Escape")
    assert page.locator(".jg-present").count() == 0
    assert not page.evaluate("document.documentElement.classList.contains('jg-presenting')")
    wait_for(page, "document.activeElement.hasAttribute('data-present')")
    # ?present=2 in the address starts at stage 2
    started = context.new_page()
    started.goto(journey_page(site_dir).as_uri() + "?present=2")
    started.wait_for_selector(".jg-present")
    assert started.evaluate(current) == f"stage-{stages[1].id}"
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


def test_search_finds_a_touchpoint_and_opens_its_anchor(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, _ = example
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    visit = Visit(context, site_dir / "index.html")
    page = visit.page
    assert page.evaluate("typeof window.JOURNEYGEN_SEARCH") == "undefined"  # not loaded yet
    page.keyboard.press("/")
    search = page.locator("#jg-search-input")
    assert page.evaluate("document.activeElement.id") == "jg-search-input"
    search.type("offerteformulier")
    page.wait_for_selector("#jg-search-results [role=option]")
    assert search.get_attribute("aria-expanded") == "true"
    first = page.locator("#jg-search-results [role=option]").first
    assert first.get_attribute("aria-selected") == "true"
    assert search.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert "Offerteformulier op de website" in first.inner_text()
    assert page.locator("[data-search-status]").inner_text().endswith("resultaten")
    page.keyboard.press("ArrowDown")
    second = page.locator("#jg-search-results [role=option]").nth(1)
    assert second.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/journeys/[a-z-]+/index\.html#tp-offerteformulier$", page.url), page.url
    target = page.locator(":target")
    assert target.get_attribute("id") == "tp-offerteformulier"
    wait_for(
        page,  # scrolled into view (smoothly: wait for it)
        "(() => { const r = document.querySelector(':target').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; })()",
    )
    # case does not matter; Esc closes the list
    search = page.locator("#jg-search-input")
    search.fill("")
    search.type("NIEUWSBRIEF")
    page.wait_for_selector("#jg-search-results [role=option]")
    page.keyboard.press("Escape")
    assert page.locator("#jg-search-results").is_hidden()
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


def test_a_permalink_copies_the_address_of_its_anchor(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, _ = example
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit = Visit(context, journey_page(site_dir))
    page = visit.page
    link = page.locator("#tp-google-ads .jg-permalink")
    assert link.get_attribute("href") == "#tp-google-ads"
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 0  # until hover/focus
    page.hover("#tp-google-ads")
    wait_for(
        page,
        "parseFloat(getComputedStyle(document.querySelector("
        "'#tp-google-ads .jg-permalink')).opacity) === 1",
    )
    link.click()
    page.wait_for_selector("#tp-google-ads .jg-permalink.is-done")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == journey_page(site_dir).as_uri() + "#tp-google-ads"
    assert page.url.endswith("#tp-google-ads")
    # keyboard: the permalinks are in the tab order, and show when focused
    stage = page.locator("#stage-awareness .jg-permalink")
    stage.focus()
    wait_for(
        page,
        "parseFloat(getComputedStyle(document.querySelector("
        "'#stage-awareness .jg-permalink')).opacity) === 1",
    )
    kpi = page.locator("tr.jg-kpi-row .jg-permalink").first
    assert kpi.get_attribute("href") == "#" + page.locator("tr.jg-kpi-row").first.get_attribute(
        "id"
    )
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


def test_pdf_prints_the_example_map_on_one_page(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    out = tmp_path / "map.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "journeygen", "pdf", JOURNEY, "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert f"Printed {JOURNEY} to" in run.stdout
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


def test_pdf_without_chromium_says_so(tmp_path: Path) -> None:
    env = {"JOURNEYGEN_CHROMIUM": str(tmp_path / "no-chromium"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "journeygen", "pdf", JOURNEY, "--out", str(tmp_path / "x.pdf")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 1
    assert "no Chromium found" in run.stderr
    assert not (tmp_path / "x.pdf").exists()
