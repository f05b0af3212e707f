"""What a client sees, in real Chromium at a phone's, a tablet's and a desktop's width, in
light and dark: the Dutch starter (`journeygen new --language nl`, a bike shop on Kotler's
5A) and the repository's example. Each test measures one thing issue 20 saw go wrong.

Set JOURNEYGEN_SCREENSHOTS=<folder> to keep a screenshot of each page looked at.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pages import REPO, Visit, _unavailable, browser, new_context  # noqa: F401

from journeygen.build import Project, build
from journeygen.render import vendor
from journeygen.scaffold.new import create_project

WIDTHS = (390, 1024, 1440)
SCHEMES = ("light", "dark")
LONG_KPI = """\
      - name: Klanttevredenheidsonderzoeksscore
        signal: Vult de enquête na de eerste beurt in
        measure: Enquête, gemiddelde score per maand
        target: 1234567
        actual: 1234000
        unit: beoordelingen
        owner: werkplaats
"""


@pytest.fixture(scope="module")
def bike_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`journeygen new --language nl`, built; one KPI has a long Dutch compound for a name."""
    if vendor.mermaid_script_path() is None:
        _unavailable("the vendored Mermaid script is missing: run `pip install -e .`")
    root = tmp_path_factory.mktemp("looks") / "fietsen"
    create_project(root, language="nl")
    journey = root / "content/journeys/e-bike-kopen.md"
    text = journey.read_text("utf-8")
    anchor = "        measure: Google-bedrijfsprofiel, nieuwe reviews per maand\n"
    anchor += "        target: 20\n        owner: marketing\n"
    assert anchor in text
    journey.write_text(text.replace(anchor, anchor + LONG_KPI), "utf-8")
    result = build(Project.find(root))
    assert not result.errors, result.errors
    return root / "site"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if vendor.mermaid_script_path() is None:
        _unavailable("the vendored Mermaid script is missing: run `pip install -e .`")
    out = tmp_path_factory.mktemp("example")
    result = build(Project.find(REPO), out=out)
    assert not result.errors, result.errors
    return out


@pytest.fixture(params=[(w, s) for w in WIDTHS for s in SCHEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, int, str]]:  # noqa: F811
    width, scheme = request.param
    context, external = new_context(
        browser, viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    yield context, width, scheme
    context.close()
    assert external == []


def visit(screen: tuple[Any, int, str], site: Path, rel: str, name: str) -> Any:
    context, width, scheme = screen
    page = Visit(context, site / rel).page
    folder = os.environ.get("JOURNEYGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{width}-{scheme}.png", full_page=True)
    return page


def test_touchpoint_meta_lines_start_without_a_separator(
    screen: tuple[Any, int, str], bike_shop: Path
) -> None:
    """ "print · offline / · marketing": the "·" before an item that starts a line is hidden."""
    page = visit(screen, bike_shop, "journeys/e-bike-kopen/index.html", "journey")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.jg-tp__meta')].flatMap(meta => {
          const box = meta.getBoundingClientRect();
          const clips = getComputedStyle(meta).overflowX !== 'visible';
          const items = [...meta.children];
          return items.map((item, i) => {
            const r = item.getBoundingClientRect();
            const before = getComputedStyle(item, '::before');
            const dot = before.content !== 'none' && before.content !== 'normal';
            const x = r.left + parseFloat(before.left || '0');
            const visible = dot && before.display !== 'none' && !(clips && x < box.left);
            const starts = i === 0 || r.top > items[i - 1].getBoundingClientRect().top + 2;
            return [item.textContent.trim(), starts, visible];
          });
        })"""
    )
    assert shown, "no touchpoint meta lines"
    assert [s for s in shown if s[1] and s[2]] == []  # no line starts with "·"
    assert all(s[2] for s in shown if not s[1])  # between items on one line, there is one


def test_kpi_cards_fit_their_border(screen: tuple[Any, int, str], bike_shop: Path) -> None:
    """A KPI's content stays inside its card on the map and in the KPI list, also with a
    long Dutch compound word for a name."""
    page = visit(screen, bike_shop, "journeys/e-bike-kopen/index.html", "journey")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll(
            '.jg-kpi-chip, tr.jg-kpi-row, .jg-lane--kpis td.jg-cell')].map(card => {
            const r = card.getBoundingClientRect();
            const right = Math.max(...[...card.querySelectorAll('*')]
              .map(e => e.getBoundingClientRect().right));
            return [card.className, card.textContent.trim().slice(0, 40), right - r.right];
          }).filter(x => x[2] > 0.5)"""
    )
    assert overflow == []


def test_the_header_menu_shows_every_item(screen: tuple[Any, int, str], bike_shop: Path) -> None:
    """On a phone the menu was cut ("Maandevaluatie" half, "Over dit project" off screen)."""
    _, width, _ = screen
    page = visit(screen, bike_shop, "index.html", "overview")
    items = page.evaluate(
        """() => [...document.querySelectorAll('.jg-nav a')].map(a => {
          const r = a.getBoundingClientRect();
          let clipped = false;
          for (let e = a.parentElement; e; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (style.overflowX === 'visible' && style.maskImage === 'none') continue;
            const box = e.getBoundingClientRect();
            if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || style.maskImage !== 'none')
              clipped = true;
          }
          return [a.textContent.trim(), r.left, r.right, clipped];
        })"""
    )
    assert [i[0] for i in items] == [
        "Overzicht",
        "Touchpoints",
        "Maandevaluatie",
        "Over dit project",
    ]
    for text, left, right, clipped in items:
        assert left >= 0 and right <= width and not clipped, (text, left, right)


def test_overview_cards(screen: tuple[Any, int, str], bike_shop: Path) -> None:
    """Stage names whole, the emotion line as wide as the card, no empty page card, and no
    red bottleneck alarm on an ideal journey."""
    page = visit(screen, bike_shop, "index.html", "overview")
    cards = page.evaluate(
        """() => [...document.querySelectorAll('.jg-jcard')].map(card => {
          const style = getComputedStyle(card);
          const inner = card.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
          const spark = card.querySelector('.jg-jcard__emotion svg');
          const labels = [...card.querySelectorAll('.jg-strip span')].map(s =>
            [s.textContent, s.scrollWidth <= s.clientWidth + 0.5,
             getComputedStyle(s).textOverflow]);
          const alarm = card.querySelector('.jg-jcard__bottleneck');
          const bars = [...card.querySelectorAll('.jg-strip li')].map(li => {
            const r = li.getBoundingClientRect();
            const name = li.querySelector('span').getBoundingClientRect();
            const inside = name.left >= r.left - 0.5 && name.right <= r.right + 0.5;
            return [r.left, r.right, r.top, inside];
          });
          return {
            ideal: !!card.querySelector('.jg-pill--ideal'),
            bars,
            spark: spark ? spark.getBoundingClientRect().width / inner : 0,
            labels,
            alarm: alarm ? getComputedStyle(alarm).color : null,
          };
        })"""
    )
    assert len(cards) == 2
    for card in cards:
        assert [name for name, _, _ in card["labels"]] == [
            "Bewust", "Aantrekking", "Vragen", "Handelen", "Aanbevelen"
        ]  # fmt: skip
        assert all(whole and cut != "ellipsis" for _, whole, cut in card["labels"]), card
        assert card["spark"] >= 0.95, card
        # The stage bars: one width, in columns (a stage on a second row sits under one of
        # the first row's), each over its own name. A wrapped last stage was drawn full width.
        bars = card["bars"]
        widths = [right - left for left, right, _, _ in bars]
        assert max(widths) - min(widths) <= 1, bars
        columns = [left for left, _, top, _ in bars if abs(top - bars[0][2]) <= 1]
        for left, _, _, inside in bars:
            assert inside and any(abs(left - c) <= 1 for c in columns), bars
    (ideal,) = [c for c in cards if c["ideal"]]
    assert ideal["alarm"] is None
    (current,) = [c for c in cards if not c["ideal"]]
    assert current["alarm"] is not None
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.jg-linkcard')].map(c => "
        "[c.querySelector('.jg-linkcard__title').textContent, "
        "(c.querySelector('.jg-linkcard__text') || {}).textContent || ''])"
    )
    assert all(text.strip() for _, text in texts), texts
    assert ("Over dit project", "") not in texts


def test_the_story_comes_before_the_mermaid_source(
    screen: tuple[Any, int, str], example: Path
) -> None:
    page = visit(screen, example, "journeys/kantoorschoonmaak/index.html", "example-journey")
    order = page.evaluate(
        """() => {
          const notes = document.querySelector('#jg-notes');
          const sources = [...document.querySelectorAll('#jg-flow .jg-code, #jg-flow details')];
          return sources.map(s =>
            !!(notes.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING));
        }"""
    )
    assert order and all(order)
    toc = page.evaluate("() => [...document.querySelectorAll('.jg-toc a')].map(a => a.hash)")
    assert toc.index("#jg-notes") < toc.index("#jg-flow")


def test_the_flow_diagram_is_whole_on_a_desktop(
    screen: tuple[Any, int, str], bike_shop: Path
) -> None:
    """The flow was cut off by its frame's height on a desktop screen (a frame that
    scrolled): on a desktop it shows whole, and its nodes name channels in Dutch."""
    _, width, _ = screen
    page = visit(screen, bike_shop, "journeys/e-bike-kopen/index.html", "journey")
    box = page.evaluate(
        """() => { const f = document.querySelector('#jg-flow figure');
          return [f.scrollHeight - f.clientHeight, f.scrollWidth - f.clientWidth,
                  f.querySelector('svg').textContent]; }"""
    )
    tall, wide, text = box
    assert tall <= 1  # never cut by the frame's height
    if width >= 1024:
        assert wide <= 1
    assert "telefoon" in text and "phone" not in text
    _stages_left_to_right_and_readable(page, width)
    # Dark text on the light fills of the emotion classes, in a dark page too (it was
    # light grey on pale green, unreadable).
    contrast = page.evaluate(
        """() => {
          const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          return [...document.querySelectorAll('#jg-flow .node')].flatMap(node => {
            const shape = node.querySelector('rect, path, polygon');
            const label = node.querySelector('.nodeLabel');
            const fill = getComputedStyle(shape).fill;
            if (!label || !fill.startsWith('rgb')) return [];
            const [a, b] = [lum(fill), lum(getComputedStyle(label).color)];
            return [[label.textContent, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]];
          });
        }"""
    )
    assert contrast and [c for c in contrast if c[1] < 4.5] == []


FLOW_GEOMETRY = """() => {
  const figure = document.querySelector('#jg-flow figure');
  const svg = figure.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const text = Math.min(...[...svg.querySelectorAll('.nodeLabel')].map(label =>
    parseFloat(getComputedStyle(label).fontSize) * scale));
  const stages = [...svg.querySelectorAll('g.cluster')].map(cluster => {
    const r = cluster.getBoundingClientRect();
    return [cluster.querySelector('.cluster-label, .nodeLabel')?.textContent.trim(),
            r.left, r.right, r.top, r.bottom];
  }).sort((a, b) => a[1] - b[1]);
  const inside = [...svg.querySelectorAll('g.node')].map(node => {
    const r = node.getBoundingClientRect();
    const x = (r.left + r.right) / 2;
    return stages.filter(s => s[1] <= x && x <= s[2]).length;
  });
  // Points along every drawn arrow: none may run through a stage's title.
  const titles = [...svg.querySelectorAll('g.cluster .cluster-label')]
    .map(label => label.getBoundingClientRect());
  let crossed = 0;
  for (const path of svg.querySelectorAll('path.flowchart-link')) {
    if (path.classList.contains('edge-thickness-invisible')) continue;
    const m = path.getScreenCTM();
    for (let d = 0; d <= path.getTotalLength(); d += 2) {
      const p = path.getPointAtLength(d);
      const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
      crossed += titles.filter(r => x > r.left && x < r.right && y > r.top && y < r.bottom)
        .length;
    }
  }
  const bar = figure.previousElementSibling;
  const zoom = bar && bar.classList.contains('jg-zoom') && !bar.hidden
    ? [...bar.querySelectorAll('button')].map(b => b.getAttribute('aria-label')) : [];
  return {
    text, zoom, crossed, titles: titles.length,
    stages: stages.map(s => s[0]),
    apart: stages.every((s, i) => i === 0 || s[1] >= stages[i - 1][2] - 0.5),
    inside,
    whole: figure.scrollWidth <= figure.clientWidth + 1,
    page: document.documentElement.scrollWidth <= window.innerWidth,
  };
}"""


def _stages_left_to_right_and_readable(page: Any, width: int) -> None:
    """The flow's stages are columns side by side in their order, each touchpoint inside one;
    its text stays readable (10 px or more); where it is not whole, the zoom buttons show."""
    flow = page.evaluate(FLOW_GEOMETRY)
    assert flow["stages"] == ["Bewust", "Aantrekking", "Vragen", "Handelen", "Aanbevelen"], flow
    assert flow["apart"] and all(n == 1 for n in flow["inside"]), flow
    assert flow["titles"] == 5 and flow["crossed"] == 0, flow  # no arrow through a title
    assert flow["text"] >= 10 - 0.05, flow
    assert flow["page"], "the flow widens the page"
    if not flow["whole"]:
        assert flow["zoom"] == ["Heel diagram", "Uitzoomen", "Inzoomen"], flow


@pytest.mark.parametrize("width", [1024, 1440])
def test_the_flow_fits_a_desktop_and_zooms(
    browser: Any,  # noqa: F811
    example: Path,
    tmp_path_factory: pytest.TempPathFactory,
    width: int,
) -> None:
    """The example's widest flow and a bench-corpus journey (six stages of four touchpoints):
    stages left to right; whole on a 1440 px screen; where its text would get smaller than
    10 px it scrolls, and "Heel diagram" shows it whole, "Inzoomen" makes it larger again."""
    bench = tmp_path_factory.mktemp("bench")
    subprocess.run(
        [sys.executable, str(REPO / "bench/generate.py"), "1", str(bench / "project")],
        check=True,
        capture_output=True,
    )
    result = build(Project.find(bench / "project"), out=bench / "site")
    assert not result.errors, result.errors
    pages = {
        "example": example / "journeys/kantoorschoonmaak/index.html",
        "bench": bench / "site/journeys/journey-00000/index.html",
    }
    context, external = new_context(browser, viewport={"width": width, "height": 900})
    for name, path in pages.items():
        page = Visit(context, path).page
        flow = page.evaluate(FLOW_GEOMETRY)
        assert len(flow["stages"]) == 6 and flow["apart"], (name, flow)
        assert flow["titles"] == 6 and flow["crossed"] == 0, (name, flow)
        assert all(n == 1 for n in flow["inside"]), (name, flow)
        assert flow["text"] >= 10 - 0.05 and flow["page"], (name, flow)
        if width == 1440:
            assert flow["whole"], (name, flow)
        if not flow["whole"]:
            assert len(flow["zoom"]) == 3, (name, flow)
            page.click(".jg-zoom button[data-zoom='fit']")
            whole = page.evaluate(FLOW_GEOMETRY)
            assert whole["whole"] and whole["text"] < flow["text"], (name, whole)
            page.click(".jg-zoom button[data-zoom='in']")
            assert page.evaluate(FLOW_GEOMETRY)["text"] > whole["text"]
        page.close()
    context.close()
    assert external == []


def test_an_ideal_journey_shows_its_lowest_conversion_without_alarm(
    screen: tuple[Any, int, str], example: Path
) -> None:
    """An ideal journey is a target design: its page names the lowest conversion in neutral
    words and colours (the current journey's page keeps the alarm)."""
    probe = """() => {
      const colour = (selector, property) => [...document.querySelectorAll(selector)]
        .map(e => getComputedStyle(e)[property]);
      return {
        words: [...document.querySelectorAll(
          '.jg-fact--bottleneck .jg-fact__label, .jg-funnel-box__bottleneck, .jg-legend li'
        )].map(e => e.textContent.trim()).join(' | '),
        alarm: getComputedStyle(document.body).getPropertyValue('--jg-bottleneck').trim(),
        bad: getComputedStyle(document.body).getPropertyValue('--jg-bad').trim(),
        ink: getComputedStyle(document.body).color,
        chips: colour('.jg-map .jg-conv--bottleneck', 'backgroundColor'),
        fact: colour('.jg-fact--bottleneck a', 'color'),
        box: colour('.jg-funnel-box__bottleneck', 'color'),
        bar: colour('svg.jg-funnel .jg-bottleneck rect', 'fill'),
      };
    }"""
    to_rgb = """c => { const e = document.createElement('i'); e.style.color = c;
      document.body.append(e); const v = getComputedStyle(e).color; e.remove(); return v; }"""
    current = visit(screen, example, "journeys/kantoorschoonmaak/index.html", "current")
    seen_current = current.evaluate(probe)
    alarm = {current.evaluate(to_rgb, seen_current[k]) for k in ("alarm", "bad")}
    assert "Grootste uitval" in seen_current["words"]
    assert alarm & {*seen_current["chips"], *seen_current["fact"], *seen_current["box"]}
    ideal = visit(screen, example, "journeys/kantoorschoonmaak-ideaal/index.html", "ideal")
    seen = ideal.evaluate(probe)
    assert "Laagste conversie" in seen["words"] and "uitval" not in seen["words"], seen
    assert seen["chips"] and seen["fact"] and seen["box"], seen
    shown = {*seen["chips"], *seen["fact"], *seen["box"], *seen["bar"]}
    assert not shown & alarm, (shown, alarm)
