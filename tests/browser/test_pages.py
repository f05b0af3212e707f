"""The example site in a real browser, opened from file:// with every other request aborted:
no console error, no failed or external request, diagrams drawn, charts with a point per
stage, no serious accessibility problem (axe-core), readable without JavaScript, the map
scrolls with its lane labels in place, and prints on one page.

Needs /usr/bin/chromium (skipped when missing, unless JOURNEYGEN_REQUIRE_BROWSER=1, which makes
a missing browser a failure); axe-core comes with the axe-playwright-python test dependency.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeygen.build import Project, build
from journeygen.model.site import Site
from journeygen.render import vendor
from journeygen.render.emotions import emotion_personas, persona_value

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 30_000
# Mermaid comes when a diagram is near the viewport (issue 19): bring one into view (a jump
# to the end of a long page would pass them all without stopping near one).
SHOW_A_DIAGRAM = (
    "(() => { const p = [...document.querySelectorAll('pre.mermaid')].find(p => p.offsetParent);"
    " if (p) p.scrollIntoView(); })()"
)
DIAGRAMS_DRAWN = "[...document.querySelectorAll('pre.mermaid')].every(p => p.querySelector('svg'))"


def wait_for(page: Any, expression: str, *, timeout: float = TIMEOUT_MS) -> None:
    """`page.wait_for_function` without eval in the page: Playwright's polling evaluates
    the expression as a string there, which the built pages' Content-Security-Policy
    forbids ('unsafe-eval'); `evaluate` goes through the DevTools protocol instead."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except Exception as error:  # a navigation in between: ask the new document
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} ms waiting for: {expression}")
        time.sleep(0.05)


def _unavailable(reason: str) -> None:
    if os.environ.get("JOURNEYGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (JOURNEYGEN_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """The repository's example project, built into a temporary folder."""
    if vendor.mermaid_script_path() is None:
        _unavailable("the vendored Mermaid script is missing: run `pip install -e .`")
    out = tmp_path_factory.mktemp("site")
    result = build(Project.find(REPO), out=out)
    assert not result.errors, result.errors
    assert result.site is not None
    return out, result.site


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe.min.js as the axe-playwright-python package ships it (a test dependency)."""
    target = Path(str(importlib.resources.files("axe_playwright_python") / "axe.min.js"))
    assert target.read_text(encoding="utf-8").startswith("/*! axe v4."), target
    return target


class Visit:
    """One page opened from disk, with what the browser complained about."""

    def __init__(self, context: Any, path: Path) -> None:
        self.external: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.goto(path.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        if self.page.locator("pre.mermaid").count():
            self.page.evaluate(SHOW_A_DIAGRAM)
            wait_for(self.page, DIAGRAMS_DRAWN, timeout=TIMEOUT_MS)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def _failed(self, request: Any) -> None:
        if request.url.startswith("file:"):
            self.failed.append(f"{request.url}: {request.failure}")


def new_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    context = browser.new_context(**options)
    external: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context, external


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_every_page_loads_cleanly(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, site = example
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    drawn = 0
    for path in html_pages(site_dir):
        visit = Visit(context, path)
        rel = path.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {p}" for p in visit.console + visit.failed]
        drawn += visit.page.locator("pre.mermaid svg").count()
        visit.page.close()
    context.close()
    assert problems == []
    assert external == []
    flowcharts = sum(1 for j in site.journeys if j.touchpoints)
    assert drawn >= flowcharts > 0


def test_mermaid_is_fetched_only_when_a_diagram_comes_near_or_the_page_is_printed(
    browser: Any, example: tuple[Path, Site]
) -> None:
    """Issue 19: Mermaid's script (3 MB) is not part of opening a journey page; the map,
    the curve and the KPI table are there without it."""
    site_dir, site = example
    journey = next(j for j in site.journeys if j.touchpoints)
    page_path = site_dir / "journeys" / journey.id / "index.html"
    for printing in (False, True):
        context, external = new_context(browser, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request, fetched=fetched: fetched.append(request.url))
        page.goto(page_path.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        # two frames after load: time for the observer to say whether a diagram is near
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert not [url for url in fetched if "mermaid" in url]
        assert page.locator(".jg-section--map").count() == 1
        assert page.locator("svg.jg-emotion-curve, .jg-emotion-curve svg").count() >= 1
        assert page.locator("pre.mermaid svg").count() == 0
        if printing:
            page.emulate_media(media="print")
        else:
            page.locator("pre.mermaid").first.scroll_into_view_if_needed()
        wait_for(page, "document.documentElement.classList.contains('jg-diagrams-drawn')")
        assert [url for url in fetched if url.endswith("mermaid.min.js")]
        assert page.locator("pre.mermaid svg").count() >= 1
        context.close()
        assert external == []


def test_charts_have_a_point_per_stage(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, site = example
    context, _ = new_context(browser, viewport={"width": 1440, "height": 900})
    for journey in site.journeys:
        visit = Visit(context, site_dir / "journeys" / journey.id / "index.html")
        page = visit.page
        curve = page.locator(".jg-map svg.jg-emotion-curve")
        personas = emotion_personas(journey) or (None,)  # None: the journey's single curve
        drawn = curve.locator(".jg-series:not(.jg-series-shared)")
        assert drawn.count() == len(personas), journey.id
        for k, persona in enumerate(personas):
            emotions = [
                s
                for s in journey.stages
                if (s.emotion if persona is None else persona_value(s, persona)) is not None
            ]
            stages = (
                drawn.nth(k)
                .locator(".jg-point")
                .evaluate_all("points => points.map(p => Number(p.dataset.stage))")
            )
            assert stages == [s.index for s in emotions], (journey.id, persona)
        volumes = [s for s in journey.stages if s.volume is not None]
        bars = page.locator("svg.jg-funnel .jg-bar")
        assert bars.count() == (len(volumes) if journey.conversions else 0), journey.id
        if journey.bottleneck is not None:
            assert page.locator("svg.jg-funnel .jg-bottleneck").count() == 1
            assert page.locator(".jg-map th.jg-after-bottleneck").count() == 1
        visit.page.close()
    context.close()


def test_several_personas_get_a_curve_each_with_a_legend(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, site = example
    journeys = [j for j in site.journeys if emotion_personas(j)]
    assert journeys, "the example has a journey with emotions per persona"
    context, _ = new_context(browser, viewport={"width": 1440, "height": 900})
    for journey in journeys:
        names = [site.persona(pid).name for pid in emotion_personas(journey)]
        visit = Visit(context, site_dir / "journeys" / journey.id / "index.html")
        curve = visit.page.locator(".jg-map svg.jg-emotion-curve")
        series = curve.locator(".jg-series:not(.jg-series-shared)")
        assert series.count() == len(names)
        legend = curve.locator(".jg-legend-label").evaluate_all("ts => ts.map(t => t.textContent)")
        assert legend == names
        lines = curve.locator(".jg-series .jg-line")
        assert lines.count() == len(names)  # one line per persona, none for the shared dots
        colours = series.evaluate_all("gs => gs.map(g => getComputedStyle(g).color)")
        assert len(set(colours)) == len(names)  # and each its own colour
        dashes = lines.evaluate_all("ls => ls.map(l => l.getAttribute('stroke-dasharray'))")
        assert len(set(dashes)) == len(names)  # and its own dash, never colour alone
        for k, pid in enumerate(emotion_personas(journey)):
            points = series.nth(k).locator(".jg-point")
            with_value = [s for s in journey.stages if persona_value(s, pid) is not None]
            assert points.count() == len(with_value)  # one point per stage per persona
            box = points.first.bounding_box()
            assert box and box["width"] > 0  # drawn, not just in the markup
        cells = visit.page.locator(".jg-curve table tbody tr td:first-of-type").all_inner_texts()
        first = journey.stages[0]
        for pid, name in zip(emotion_personas(journey), names, strict=True):
            if pid in first.emotions:
                assert f"{name}: " in cells[0]  # the text alternative names each persona
        visit.page.close()
    context.close()


AXE_SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
      .map(n => n.target.join(' ')).join(' | '));
}"""


# axe's target-size rule (WCAG 2.5.8: 24px, or that far apart), which Lighthouse's mobile
# accessibility score counts and axe.run leaves out by default.
AXE_TARGET_SIZE = """async () => {
  const result = await axe.run(document, {runOnly: ['target-size']});
  return result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3)
    .map(n => n.target.join(' ')).join(' | '));
}"""


def axe_problems(context: Any, site_dir: Path, axe_script: Path, check: str) -> list[str]:
    """What the axe `check` (AXE_SERIOUS, AXE_TARGET_SIZE) finds on every page of a site."""
    found: list[str] = []
    for path in html_pages(site_dir):
        visit = Visit(context, path)
        visit.page.evaluate(axe_script.read_text("utf-8"))  # not a tag: the CSP
        found += [f"{path.relative_to(site_dir)}: {v}" for v in visit.page.evaluate(check)]
        visit.page.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_problems(
    browser: Any, example: tuple[Path, Site], axe_script: Path, scheme: str
) -> None:
    site_dir, _ = example
    context, _ = new_context(browser, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    found = axe_problems(context, site_dir, axe_script, AXE_SERIOUS)
    context.close()
    assert found == []


def test_tap_targets_on_a_phone(browser: Any, example: tuple[Path, Site], axe_script: Path) -> None:
    """Lighthouse's phone (issue 19, item 5: the comparison's links were 21px apart)."""
    site_dir, _ = example
    context, _ = new_context(browser, viewport={"width": 412, "height": 823}, is_mobile=True)
    found = axe_problems(context, site_dir, axe_script, AXE_TARGET_SIZE)
    context.close()
    assert found == []


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def reviewed_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in a git repository, tagged review-1, then changed, built with
    --changes-since review-1: the site has the changes pages and banners."""
    if vendor.mermaid_script_path() is None:
        _unavailable("the vendored Mermaid script is missing: run `pip install -e .`")
    root = tmp_path_factory.mktemp("reviewed")
    shutil.copy(REPO / "journeygen.yml", root)
    shutil.copytree(REPO / "content", root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "review 1")
    git(root, "tag", "review-1")
    journey = root / "content/journeys/kantoorschoonmaak.md"
    text = journey.read_text("utf-8")
    text = text.replace("emotion: -0.5", "emotion: 0.5", 1).replace("target: 550", "target: 600")
    text = text.replace("      - id: linkedin-post", "      - id: linkedin-nieuw", 1)
    journey.write_text(text, "utf-8")
    (root / "content/personas/tom.md").write_text("---\nname: Tom Bakker\n---\n", "utf-8")
    git(root, "commit", "-qam", "after the workshop")
    out = tmp_path_factory.mktemp("reviewed-site")
    result = build(Project.find(root), out=out, changes_since="review-1")
    assert not result.errors, result.errors
    assert (out / "journeys/kantoorschoonmaak/changes/index.html").is_file()
    return out


REVIEW_PAGES = (
    "changes/index.html",
    "journeys/kantoorschoonmaak/changes/index.html",
    "index.html",  # with its banner
    "journeys/kantoorschoonmaak/index.html",
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_changes_pages_are_accessible_and_fit_a_phone(
    browser: Any, reviewed_example: Path, axe_script: Path, scheme: str
) -> None:
    found: list[str] = []
    for width in (1280, 390):
        viewport = {"width": width, "height": 900}
        context, external = new_context(browser, viewport=viewport, color_scheme=scheme)
        for rel in REVIEW_PAGES:
            visit = Visit(context, reviewed_example / rel)
            found += [f"{rel}: {p}" for p in visit.console + visit.failed]
            assert visit.page.locator(".jg-banner, .jg-changes").count() > 0, rel
            if width < 400:
                fits = visit.page.evaluate("document.documentElement.scrollWidth")
                assert fits <= width, (rel, fits)
            else:
                visit.page.evaluate(axe_script.read_text("utf-8"))  # not a tag: the CSP
                violations = visit.page.evaluate(AXE_SERIOUS)
                found += [f"{rel}: {v}" for v in violations]
            visit.page.close()
        context.close()
        assert external == []
    assert found == []


def test_pages_are_readable_without_javascript(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, site = example
    context, _ = new_context(browser, java_script_enabled=False)
    journey = next(j for j in site.journeys if j.touchpoints and j.kpis)
    page = context.new_page()
    page.goto((site_dir / "journeys" / journey.id / "index.html").as_uri())
    assert page.locator("table.jg-map").is_visible()
    assert page.locator(".jg-map svg.jg-emotion-curve").is_visible()
    assert page.locator("table.jg-kpi-table").is_visible()
    source = page.locator("pre.mermaid").first
    assert source.is_visible() and source.inner_text().startswith("---")
    assert page.locator(".jg-copy").count() == 0  # buttons come with the script
    assert page.locator("[data-present]").is_hidden()  # so does Present
    assert page.locator(".jg-search").is_hidden()  # and search
    page.goto((site_dir / "touchpoints" / "index.html").as_uri())
    assert page.locator("form.jg-filters").is_hidden()  # filters need the script
    assert page.locator("#jg-touchpoint-table tbody tr").count() > 0
    context.close()


# Every layout shift the page makes, collected from its first moment (Lighthouse's CLS).
RECORD_SHIFTS = (
    "window.jgShifts = []; new PerformanceObserver(list => { for (const e of list.getEntries())"
    " window.jgShifts.push(e.value); }).observe({type: 'layout-shift', buffered: true});"
)


def test_pages_do_not_move_when_their_scripts_arrive(
    browser: Any, example: tuple[Path, Site]
) -> None:
    """Search, Present and the touchpoint filters are in place before the scripts run (issue
    19, item 5: on a phone the search box pushed a journey page down, CLS 0.18)."""
    site_dir, site = example
    journey = next(j for j in site.journeys if j.touchpoints and j.kpis)
    pages = ["index.html", f"journeys/{journey.id}/index.html", "touchpoints/index.html"]
    for width, height in [(412, 823), (1350, 940)]:  # Lighthouse's phone, and its desktop
        context, _ = new_context(browser, viewport={"width": width, "height": height})
        context.add_init_script(RECORD_SHIFTS)  # by DevTools, which the pages' CSP allows
        page = context.new_page()
        for path in pages:
            page.goto((site_dir / path).as_uri(), wait_until="load")  # the scripts have run
            page.wait_for_timeout(300)
            shifts = page.evaluate("window.jgShifts")
            # The search box's shift was 0.18; a diagram drawn near the fold can move a line
            # by a pixel or two now and then (0.002 seen, 0.1 is Lighthouse's "good")
            assert sum(shifts) < 0.01, f"{path} at {width}px: layout shifts {shifts}"
        context.close()


def test_touchpoint_filters_and_copy_buttons(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, site = example
    context, _ = new_context(browser)
    visit = Visit(context, site_dir / "touchpoints" / "index.html")
    page = visit.page
    rows = page.locator("#jg-touchpoint-table tbody tr")
    total = rows.count()
    owner = page.locator("#filter-owner option").nth(1).get_attribute("value")
    page.select_option("#filter-owner", owner)
    shown = page.locator("#jg-touchpoint-table tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    owners = shown.evaluate_all("rows => rows.map(r => r.dataset.owner.split('|'))")
    assert all(owner in row for row in owners)
    assert f"{shown.count()}" in page.locator(".jg-filters__count").inner_text()
    journey = next(j for j in site.journeys if j.touchpoints)
    visit = Visit(context, site_dir / "journeys" / journey.id / "index.html")
    assert visit.page.locator(".jg-code .jg-copy").count() >= 2  # snippet and flow source
    context.close()


def test_keyboard_starts_at_the_skip_link(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, _ = example
    context, _ = new_context(browser)
    visit = Visit(context, site_dir / "index.html")
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.className") == "jg-skip"
    visit.page.keyboard.press("Enter")
    assert visit.page.evaluate("location.hash") == "#main"
    context.close()


def test_map_scrolls_sideways_on_a_phone_with_lane_labels_in_place(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, site = example
    context, _ = new_context(browser, viewport={"width": 390, "height": 844})
    journey = max(site.journeys, key=lambda j: len(j.stages))
    visit = Visit(context, site_dir / "journeys" / journey.id / "index.html")
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself fits
    box = page.locator(".jg-map-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    label = page.locator(".jg-lane--doing th")
    before = label.bounding_box()
    box.evaluate("b => { b.scrollLeft = 400; }")
    after = label.bounding_box()
    assert before and after and abs(before["x"] - after["x"]) < 1  # sticky
    assert page.locator(".jg-map__hint").is_visible()
    context.close()


def test_print_puts_the_map_on_one_page(browser: Any, example: tuple[Path, Site]) -> None:
    site_dir, site = example
    context, _ = new_context(browser, viewport={"width": 1440, "height": 900})
    for journey in site.journeys:
        visit = Visit(context, site_dir / "journeys" / journey.id / "index.html")
        page = visit.page
        page.emulate_media(media="print")
        wait_for(page, "document.documentElement.classList.contains('jg-print-fitted')")
        height = page.evaluate(
            """() => {
              const page = parseFloat(getComputedStyle(document.documentElement)
                .getPropertyValue('--jg-print-height')) * 96 / 25.4;
              const map = document.querySelector('.jg-section--map').getBoundingClientRect();
              const top = document.querySelector('.jg-print-own-page') ? 0
                : map.top - document.body.getBoundingClientRect().top;
              return [top + map.height, page, parseFloat(getComputedStyle(
                document.documentElement).fontSize)];
            }"""
        )
        used, available, font = height
        assert used <= available, (journey.id, height)
        assert font >= 6, (journey.id, height)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        visit.page.close()
    context.close()


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_the_search_stays_beside_the_title_and_its_results_on_screen(
    browser: Any, example: tuple[Path, Site], width: int
) -> None:
    """The site title, five menu items and the search box do not fit one row on most
    desktops: the menu takes a second row, the search stays at the right of the first, and
    its results open inside the window (they opened off its left edge at 1280 px)."""
    site_dir, site = example
    context, _ = new_context(browser, viewport={"width": width, "height": 800})
    visit = Visit(context, site_dir / "journeys" / site.journeys[0].id / "index.html")
    page = visit.page
    brand = page.locator(".jg-brand").bounding_box()
    search = page.locator(".jg-search").bounding_box()
    assert brand and search
    assert abs((search["y"] + search["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 8
    page.fill("#jg-search-input", "offerte")
    results = page.locator("#jg-search-results")
    results.locator("[role=option]").first.wait_for()
    box = results.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    context.close()


def test_screen_readers_hear_whether_a_kpi_improves(browser: Any, tmp_path: Path) -> None:
    """docs/worked-example: Reply time (better: lower) fell, Quote requests fell; the arrows
    and colours are hidden from screen readers, so the words must say which is good."""
    result = build(Project.find(REPO / "docs" / "worked-example"), out=tmp_path / "site")
    assert not result.errors, result.errors
    page = browser.new_page()
    page.goto((tmp_path / "site/journeys/quotes/index.html").as_uri())
    reply = page.locator("#kpi-request-reply-time").aria_snapshot()
    assert 'img "Reply time: last 3 measurements (improving)"' in reply
    assert "−6 since Aug 2026 (improving)" in reply
    assert (
        "−3 since Sep 2026 (worsening)"
        in page.locator("#kpi-request-quote-requests").aria_snapshot()
    )
    page.goto((tmp_path / "site/evaluation/index.html").as_uri())
    rows = page.locator("tbody tr:not(.jg-eval__head)").all()
    heard = [row.aria_snapshot() for row in rows]
    assert "Quote requests" in heard[0] and "(worsening)" in heard[0]
    assert "Reply time" in heard[-1] and "−6 (improving)" in heard[-1]
    assert "since Aug 2026" in heard[-1]
    page.close()
