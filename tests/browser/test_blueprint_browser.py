"""The service blueprint of the example's main journey in real Chromium: the blueprint lanes
under the customer's, the three lines drawn and named in Dutch, owners on items, lane and line
labels in view while the map scrolls sideways on a phone, the lines visible in dark mode, and
the blueprint's cells followed in presentation mode. (Printing the map on one A3 page and the
axe check run over every example page in test_pages.py, this map included.)

Set JOURNEYGEN_SCREENSHOTS=<folder> to keep a screenshot of each view looked at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from test_mermaid_parse import corpus, mermaid
from test_pages import Visit, browser, example, new_context, wait_for

from journeygen.model.site import Config, Journey, LaneDef, Note, Site, Stage
from journeygen.render.blueprint_exports import blueprint_mermaid

__all__ = ["browser", "example", "mermaid"]  # fixtures, used by name

JOURNEY = "kantoorschoonmaak"
ROWS = """() => [...document.querySelectorAll('.jg-map > tbody > tr')].map(tr =>
  tr.classList.contains('jg-bpline') ? 'line:' + tr.textContent.trim()
  : tr.dataset.lane || tr.className.replace('jg-lane jg-lane--', ''))"""


def open_map(context: Any, site_dir: Path) -> Visit:
    return Visit(context, site_dir / "journeys" / JOURNEY / "index.html")


def keep(page: Any, name: str, *, full: bool = False) -> None:
    folder = os.environ.get("JOURNEYGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=full)


def scroll_to(page: Any, selector: str) -> None:
    page.evaluate(
        """s => { const e = document.querySelector(s);
        const top = e.getBoundingClientRect().top + scrollY - 120;
        window.scrollTo({top, behavior: 'instant'}); }""",
        selector,
    )


def test_the_blueprint_lanes_sit_under_the_customer_lanes_between_the_three_lines(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, _site = example
    context, external = new_context(browser, viewport={"width": 1440, "height": 900})
    visit = open_map(context, site_dir)
    page = visit.page
    rows = page.evaluate(ROWS)
    blueprint = rows[rows.index("kpis") + 1 :]
    assert blueprint == [
        "props",
        "line:Interactielijn",
        "frontstage",
        "line:Zichtbaarheidslijn",
        "backstage",
        "ploeg",
        "line:Lijn van interne interactie",
        "support",
    ]
    labels = page.locator("tr.jg-lane--blueprint > th[scope=row]").all_inner_texts()
    assert [label.strip().lower() for label in labels] == [
        "tastbaar bewijs", "frontstage", "backstage", "schoonmaakploeg", "ondersteuning"
    ]  # fmt: skip
    # Each line is drawn across the map: solid, dashed, dotted.
    styles = page.evaluate(
        """() => [...document.querySelectorAll('tr.jg-bpline > td')].map(td => {
          const s = getComputedStyle(td);
          return [s.borderTopStyle, parseFloat(s.borderTopWidth), td.getBoundingClientRect().width];
        })"""
    )
    table_width = page.evaluate("document.querySelector('.jg-map').getBoundingClientRect().width")
    assert [s[0] for s in styles] == ["solid", "dashed", "dotted"]
    assert all(s[1] >= 2 and s[2] >= table_width - 1 for s in styles), styles
    # Owners: on the items, with a label for screen readers, and each stage has a column cell.
    owner = page.locator("tr[data-lane=backstage] .jg-owner").first
    assert owner.text_content() == "Eigenaar: marketing"
    assert owner.locator(".jg-vh").text_content() == "Eigenaar: "  # for screen readers only
    cells = page.evaluate(
        """() => [...document.querySelectorAll('tr.jg-lane--blueprint')]
          .map(tr => tr.cells.length)"""
    )
    stages = page.locator("thead .jg-stage").count()
    assert set(cells) == {stages + 1}
    # An internal item is marked (the team's build); evidence labels work as elsewhere.
    assert page.locator("tr[data-lane=backstage] .jg-internal").count() == 1
    assert page.locator("tr.jg-lane--blueprint .jg-ev--observed").count() >= 5
    scroll_to(page, ".jg-bpline--interaction")
    keep(page, "blueprint-1440-light")
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


def test_on_a_phone_lane_and_line_labels_stay_in_view(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, _site = example
    context, _ = new_context(browser, viewport={"width": 390, "height": 844})
    page = open_map(context, site_dir).page
    box = page.locator(".jg-map-scroll")
    scroll_to(page, ".jg-bpline--visibility")
    lane = page.locator("tr[data-lane=backstage] > th")
    line = page.locator(".jg-bpline--visibility .jg-bpline__label")
    before = (lane.bounding_box(), line.bounding_box())
    box.evaluate("b => { b.scrollLeft = 700; }")
    after = (lane.bounding_box(), line.bounding_box())
    for old, new in zip(before, after, strict=True):
        assert old and new and abs(old["x"] - new["x"]) < 1 and 0 <= new["x"] < 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    keep(page, "blueprint-390-light")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lines_stand_out_from_the_background(
    browser: Any, example: tuple[Path, Site], scheme: str
) -> None:
    site_dir, _site = example
    context, _ = new_context(browser, viewport={"width": 1024, "height": 900}, color_scheme=scheme)
    page = open_map(context, site_dir).page
    colours = page.evaluate(
        """() => {
          const rgb = c => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
          const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
          return [...document.querySelectorAll('tr.jg-bpline')].map(tr => {
            const line = lum(rgb(getComputedStyle(tr.cells[0]).borderTopColor));
            const text = lum(rgb(getComputedStyle(tr.querySelector('.jg-bpline__label')).color));
            const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            return [ratio(line, bg), ratio(text, bg)];
          });
        }"""
    )
    assert len(colours) == 3
    for line, text in colours:
        assert line >= 3, colours  # a graphical object: WCAG 1.4.11
        assert text >= 4.5, colours
    scroll_to(page, ".jg-bpline--interaction")
    keep(page, f"blueprint-1024-{scheme}")
    context.close()


def test_presentation_mode_follows_the_stage_into_the_blueprint(
    browser: Any, example: tuple[Path, Site]
) -> None:
    site_dir, site = example
    stages = site.journey(JOURNEY).stages
    context, _ = new_context(browser, viewport={"width": 1440, "height": 900})
    page = open_map(context, site_dir).page
    page.click("[data-present]")
    page.wait_for_selector(".jg-present")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    current = page.evaluate(
        """() => [...document.querySelectorAll('tr.jg-lane--blueprint')].map(tr =>
          [...tr.cells].findIndex(c => c.classList.contains('is-current')))"""
    )
    assert current == [4] * 5  # the fourth stage's cell in each blueprint lane (after the label)
    assert page.evaluate("document.querySelector('thead .jg-stage.is-current').id") == (
        f"stage-{stages[3].id}"
    )
    lines = page.locator("tr.jg-bpline")
    assert lines.count() == 3 and all(
        lines.nth(i).evaluate("tr => getComputedStyle(tr).display !== 'none'") for i in range(3)
    )
    page.locator(".jg-bpline--interaction").scroll_into_view_if_needed()
    wait_for(
        page,
        "() => parseFloat(getComputedStyle(document.querySelector("
        "'tr.jg-lane--blueprint [data-stage-col]:not(.is-current)')).opacity) < 0.5",
        timeout=5000,
    )
    keep(page, "blueprint-present")
    context.close()


def test_the_blueprint_diagram_parses_and_shows_nasty_texts_unchanged(mermaid: Any) -> None:
    """blueprint.mmd: every stage a column, every item with its lane and owner, texts as
    written (quotes, #, <b>, %%, colons), in the vendored Mermaid."""
    texts = corpus.NASTY_TEXTS
    stages = tuple(
        Stage(
            id=f"s{i}",
            name=texts[i],
            index=i,
            lanes={
                "frontstage": (Note(texts[-1 - i], owner=texts[i + 1]),),
                "systemen": (Note(texts[i + 2]), Note(texts[i + 3], internal=True)),
            },
        )
        for i in range(3)
    )
    journey = Journey(id="x", title=texts[0], stages=stages)
    config = Config(title="t", lanes=(LaneDef("systemen", texts[4]),))
    result = mermaid.render(blueprint_mermaid(journey, config))
    assert sorted(result["clusters"]) == sorted(texts[:3])  # drawn in another order
    labels = {node["label"] for node in result["nodes"]}
    assert f"Frontstage: {texts[-1]} ({texts[1]})" in labels
    assert f"{texts[4]}: {texts[2]}" in labels and f"{texts[4]}: {texts[5]}" in labels
    assert len(result["nodes"]) == 9
