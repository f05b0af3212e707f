"""livereload.js in a real browser, against `journeygen serve`: a rebuilt page is swapped in
place (no new document: a window variable survives) and the theme's scripts set the new body
up again (Mermaid drawings, search, presentation mode, the downloads popover, the inventory's
filters); a full reload instead when a stylesheet changed, when the page has a script that
does not say it handles a swap, or when the page is gone (its 404 page is served).

Same conventions as test_serve_browser.py, whose fixtures this module uses: skipped without
/usr/bin/chromium, unless JOURNEYGEN_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pages import SHOW_A_DIAGRAM
from test_pages import wait_for as wait_in_page
from test_serve_browser import browser, edit, expect, page, project, served

from journeygen.build import Project
from journeygen.render.theme import builtin_theme_dir
from journeygen.serve.preview import Serve

__all__ = ["browser", "page", "project", "served"]  # fixtures, used by name

IN_PLACE = "window.sameDocument === true"


def open_page(page: Any, url: str) -> None:
    """`url` loaded, and a variable that only this document has."""
    page.goto(url, wait_until="load")
    page.evaluate("window.sameDocument = true")


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def drawn(page: Any) -> None:
    """Wait until every Mermaid diagram of the page is drawn (an SVG, not its text); Mermaid
    comes when a diagram is near the viewport (issue 19): scroll past every one first."""
    page.evaluate(SHOW_A_DIAGRAM)
    wait_in_page(
        page,
        "() => { const all = document.querySelectorAll('pre.mermaid');"
        " return all.length > 0 && [...all].every(pre => pre.querySelector(':scope > svg')); }",
    )


def test_a_diagram_is_drawn_again_after_a_swap_and_an_unchanged_one_keeps_its_drawing(
    project: Path, served: Serve, page: Any
) -> None:
    journey = project / "content/journeys/reis.md"
    open_page(page, served.url + "journeys/reis/")
    drawn(page)
    diagrams = page.locator("pre.mermaid").count()
    page.evaluate("document.querySelectorAll('pre.mermaid svg').forEach(s => s.old = true)")

    edit(journey, "Alinea 3:", "Derde alinea:")  # the story only: no diagram changes
    expect(page.locator("#jg-notes")).to_contain_text("Derde alinea:")
    assert page.evaluate(IN_PLACE)
    assert page.evaluate("[...document.querySelectorAll('pre.mermaid svg')].every(s => s.old)")

    edit(journey, "name: Offerteformulier", "name: Offerte op maat")  # in the flow diagram
    flow = page.locator("figure[data-source-label] pre.mermaid svg", has_text="Offerte op maat")
    expect(flow).to_have_count(1)
    drawn(page)
    assert page.evaluate(IN_PLACE)
    assert page.locator("pre.mermaid").count() == diagrams
    assert not page.evaluate("[...document.querySelectorAll('pre.mermaid svg')].every(s => s.old)")
    # the diagram's text to read and copy is there once, and up to date
    sources = page.locator(".jg-details .jg-code code")
    assert sources.count() == page.locator("figure[data-source-label]").count()
    assert "Offerte op maat" in " ".join(sources.all_text_contents())
    assert page.locator(".jg-details .jg-copy").count() == sources.count()


def test_search_presentation_and_downloads_work_after_a_swap(
    project: Path, served: Serve, page: Any
) -> None:
    journey = project / "content/journeys/reis.md"
    open_page(page, served.url + "journeys/reis/")
    page.keyboard.press("/")  # the search index is loaded before the swap
    page.keyboard.type("offerte")
    expect(page.locator("#jg-search-results [role=option]").first).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.click("[data-present]")  # a presentation at its second stage, through the swap
    page.wait_for_selector(".jg-present")
    page.keyboard.press("ArrowRight")
    current = "document.querySelector('thead .jg-stage.is-current')?.id"
    assert page.evaluate(current) == "stage-acquisition"

    edit(journey, "name: Offerteformulier", "name: Offerte op maat")
    expect(page.locator("#jg-map")).to_contain_text("Offerte op maat")
    assert page.evaluate(IN_PLACE)
    expect(page.locator(".jg-present")).to_have_count(1)
    assert page.evaluate(current) == "stage-acquisition"
    page.keyboard.press("ArrowLeft")  # the keys step through the new map's stages
    assert page.evaluate(current) == "stage-awareness"
    page.keyboard.press("Escape")
    expect(page.locator(".jg-present")).to_have_count(0)

    page.locator(".jg-downloads summary").click()
    expect(page.locator(".jg-downloads__list a").first).to_be_visible()
    page.locator(".jg-downloads summary").click()

    # the new search box, with the index loaded again once the rest of the site is built
    wait_for(lambda: b"Offerte op maat" in served.snapshot.files["assets/search-index.js"])
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "jg-search-input"
    page.keyboard.type("maat")
    option = page.locator("#jg-search-results [role=option]").first
    expect(option).to_contain_text("Offerte op maat")
    assert page.locator("link[href*='search.css']").count() == 1
    page.screenshot(path=str(project.parent / "swapped-search.png"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#tp-offerte"), page.url


def test_the_inventory_filters_work_after_a_swap_and_keep_their_choice(
    project: Path, served: Serve, page: Any
) -> None:
    open_page(page, served.url + "touchpoints/")
    rows = page.locator("#jg-touchpoint-table tbody tr:not([hidden])")
    assert rows.count() == 2
    page.select_option("#filter-owner", "sales")
    expect(rows).to_have_count(1)

    edit(project / "content/journeys/reis.md", "name: Google Ads", "name: Google Zoeken")
    expect(page.locator("#jg-touchpoint-table")).to_contain_text("Google Zoeken")
    assert page.evaluate(IN_PLACE)
    assert page.locator("#filter-owner").input_value() == "sales"
    expect(rows).to_have_count(1)
    expect(page.locator(".jg-filters__count")).to_contain_text("1")
    page.select_option("#filter-owner", "marketing")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Google Zoeken")
    page.select_option("#filter-owner", "")
    expect(rows).to_have_count(2)


@pytest.fixture
def serve_with(project: Path) -> Iterator[Callable[[dict[str, str]], Serve]]:
    """Serve `project` with these files added (theme overrides)."""
    started: list[Serve] = []

    def start(files: dict[str, str]) -> Serve:
        for rel, text in files.items():
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / rel).write_text(text, "utf-8")
        serve = Serve(Project.find(project), out=io.StringIO(), err=io.StringIO())
        serve.open("127.0.0.1", 0)
        serve.start(background=True)
        started.append(serve)
        return serve

    yield start
    for serve in started:
        serve.close()


def test_a_changed_stylesheet_reloads_the_page(
    project: Path, serve_with: Callable[[dict[str, str]], Serve], page: Any
) -> None:
    css = (builtin_theme_dir() / "assets/journeygen.css").read_text("utf-8")
    served = serve_with({"themes/default/assets/journeygen.css": css})
    open_page(page, served.url + "journeys/reis/")
    page.evaluate("window.scrollTo(0, 900)")
    wait_in_page(page, "window.scrollY === 900")

    edit(project / "themes/default/assets/journeygen.css", "/* flow */", "h1 { color: #010203 }")
    wait_in_page(page, "getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'")
    assert page.evaluate("window.sameDocument") is None  # a new document
    page.wait_for_load_state("load")
    # and the place kept: within a few pixels, as the browser's scroll anchoring may move it
    # when something above settles after the load event (904 seen on a busy machine)
    wait_in_page(page, "Math.abs(window.scrollY - 900) <= 10")


SCRIPT_BLOCK = """\
{% extends "default/journey.html" %}
{% block scripts %}{{ super() }}
<script ATTRIBUTE src="{{ asset('setup.js') }}"></script>
{% endblock %}
"""
# A file, not an inline script: the pages' Content-Security-Policy runs no inline script.
SETUP_SCRIPT = """\
window.setUps = (window.setUps || 0) + 1;
document.addEventListener("journeygen:swap", () => { window.setUps += 1; });
"""


@pytest.mark.parametrize(("attribute", "in_place"), [("data-journeygen-swap", True), ("", False)])
def test_a_theme_script_without_data_journeygen_swap_makes_it_a_full_reload(
    project: Path,
    serve_with: Callable[[dict[str, str]], Serve],
    page: Any,
    attribute: str,
    in_place: bool,
) -> None:
    template = SCRIPT_BLOCK.replace("ATTRIBUTE", attribute)
    served = serve_with(
        {
            "themes/default/templates/journey.html": template,
            "themes/default/assets/setup.js": SETUP_SCRIPT,
        }
    )
    open_page(page, served.url + "journeys/reis/")
    assert page.evaluate("window.setUps") == 1

    edit(project / "content/journeys/reis.md", "Van zoekopdracht", "Van eerste klik")
    expect(page.locator("h1")).to_contain_text("Van eerste klik")
    page.wait_for_load_state("load")
    # swapped: the script saw the swap and ran once; reloaded: a new document ran it once
    assert page.evaluate("window.sameDocument === true") is in_place
    assert page.evaluate("window.setUps") == (2 if in_place else 1)


def test_a_page_that_is_gone_reloads_into_the_not_found_page(
    project: Path, served: Serve, page: Any
) -> None:
    open_page(page, served.url + "journeys/reis/")
    journeys = project / "content/journeys"
    (journeys / "reis.md").rename(journeys / "andere-reis.md")
    expect(page.locator("body.jg-page--404")).to_have_count(1)
    assert page.evaluate("window.sameDocument") is None
    assert page.url == served.url + "journeys/reis/"
    assert page.locator("#journeygen-overlay").count() == 0


def test_a_wide_map_keeps_its_sideways_scroll_position_through_a_swap(
    project: Path, served: Serve, page: Any
) -> None:
    page.set_viewport_size({"width": 420, "height": 800})
    open_page(page, served.url + "journeys/reis/")
    box = page.locator(".jg-map-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # wider than the phone
    box.evaluate("b => { b.scrollLeft = 120; }")

    edit(project / "content/journeys/reis.md", "Van zoekopdracht", "Van eerste klik")
    expect(page.locator("h1")).to_contain_text("Van eerste klik")
    assert page.evaluate(IN_PLACE)
    assert box.evaluate("b => b.scrollLeft") == 120
