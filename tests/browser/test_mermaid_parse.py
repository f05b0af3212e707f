"""Every diagram `render.diagrams` emits parses and renders in the vendored Mermaid, offline,
and shows its texts unchanged. Needs /usr/bin/chromium (skipped without it, unless
JOURNEYGEN_REQUIRE_BROWSER=1, which makes a missing browser a failure)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pages import _unavailable, browser

from journeygen.model.site import Journey, Persona
from journeygen.render import diagrams, vendor

__all__ = ["browser"]  # a fixture, used by name

BAND_FILLS = {  # the fills of diagrams' classDefs, as the browser computes them
    "negative": "rgb(253, 226, 226)",
    "neutral": "rgb(244, 244, 244)",
    "positive": "rgb(226, 247, 226)",
}

_spec = importlib.util.spec_from_file_location(
    "journeygen_test_diagrams", Path(__file__).parents[1] / "test_diagrams.py"
)
assert _spec and _spec.loader
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

JOURNEYS = {"small": corpus.small_journey, "adversarial": corpus.adversarial_journey}
PERSONAS = {
    "small": lambda: {"eva": Persona(id="eva", name="Eva de Vries")},
    "adversarial": corpus.adversarial_personas,
}

# Runs in the page: parse, render, then read back what a reader of the SVG sees.
RENDER_JS = """
async ([text, n]) => {
  try { await mermaid.parse(text); } catch (e) { return {error: 'parse: ' + e.message}; }
  let svg;
  try { ({svg} = await mermaid.render('diagram' + n, text)); }
  catch (e) { return {error: 'render: ' + e.message}; }
  const box = document.createElement('div');
  box.innerHTML = svg;
  document.body.replaceChildren(box);
  const read = (el) => {
    if (!el) return null;
    const copy = el.cloneNode(true);
    copy.querySelectorAll('br').forEach((br) => br.replaceWith('\\n'));
    return copy.textContent;
  };
  const all = (selector) => [...box.querySelectorAll(selector)];
  const root = box.querySelector('svg');
  return {
    title: read(root.querySelector(':scope > title')),
    desc: read(root.querySelector(':scope > desc')),
    flowTitle: read(root.querySelector('text.flowchartTitleText')),
    nodes: all('g.node').map((g) => {
      const shape = g.querySelector('rect, path, polygon, circle');
      return {
        label: read(g.querySelector('.nodeLabel')),
        classes: [...g.classList],
        fill: getComputedStyle(shape).fill,
        dashed: getComputedStyle(shape).strokeDasharray !== 'none',
      };
    }),
    clusters: all('g.cluster-label .nodeLabel').map(read),
    edgeLabels: all('g.edgeLabel .edgeLabel').map(read).filter((t) => t),
    dottedEdges: all('path.edge-pattern-dotted').length,
    journeyTitle: read(root.querySelector(':scope > text:last-of-type')),
    sections: all('div.journey-section > div.label').map(read),
    tasks: all('div.task > div.label').map(read),
    faces: all('circle.face').map((c) => Number(c.getAttribute('cy'))),
    actors: all('text.legend').map(read),
    actorDots: all(':scope > svg > circle').length,
  };
}
"""


class Mermaid:
    """The vendored Mermaid in a blank offline page."""

    def __init__(self, page: Any, blocked: list[str]) -> None:
        self.page = page
        self.blocked = blocked
        self.count = 0

    def render(self, text: str) -> dict[str, Any]:
        self.count += 1
        result = self.page.evaluate(RENDER_JS, [text, self.count])
        assert self.blocked == [], "the page tried to reach the network"
        assert "error" not in result, f"{result['error']}\n{text}"
        return result


@pytest.fixture(scope="module")
def mermaid(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mermaid]:
    script = vendor.mermaid_script_path()
    if script is None:
        _unavailable("the vendored mermaid.min.js is missing (reinstall journeygen)")
    assert script is not None
    page_file = tmp_path_factory.mktemp("mermaid") / "index.html"
    page_file.write_text(
        f'<!doctype html><meta charset="utf-8"><script src="{script.as_uri()}"></script>',
        encoding="utf-8",
    )
    blocked: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", only_files)
        page.goto(page_file.as_uri())
        page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
        yield Mermaid(page, blocked)
        assert errors == []
    finally:
        page.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lines(text: str) -> str:
    return "\n".join(text.replace("\r\n", "\n").split("\n"))


def test_page_runs_the_pinned_version_from_a_file(mermaid: Mermaid) -> None:
    assert mermaid.page.evaluate("document.querySelector('script').src").startswith("file://")
    svg = mermaid.page.evaluate("async () => (await mermaid.render('info', 'info')).svg")
    assert f"v{vendor.MERMAID_VERSION}" in svg


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_flowchart_renders_every_label_unchanged(mermaid: Mermaid, name: str) -> None:
    journey: Journey = JOURNEYS[name]()
    seen = mermaid.render(diagrams.flowchart(journey))

    assert seen["title"] == _one_line(journey.title)
    assert seen["flowTitle"] == _one_line(journey.title).replace("<", "‹")
    assert seen["desc"] == " → ".join(_one_line(stage.name) for stage in journey.stages)
    assert sorted(seen["clusters"]) == sorted(_lines(stage.name) for stage in journey.stages)

    # A touchpoint's label: its name, its channel, then where it leads on to in a later
    # stage (`→ name`) and back to (`↺ name (stage)`), a line each.
    names = {tp.id: tp.name for tp in journey.touchpoints}
    stage_at = {tp.id: i for i, stage in enumerate(journey.stages) for tp in stage.touchpoints}
    onward: dict[str, list[str]] = {}
    for edge in journey.flow:
        there = journey.stages[stage_at[edge.target]].name
        if edge.is_loop:
            line = f"{diagrams.LOOP_MARK}\u00a0{names[edge.target]} ({there})"
        elif stage_at[edge.target] != stage_at[edge.source]:
            line = f"{diagrams.EXIT_MARK}\u00a0{names[edge.target]}"
        else:
            continue
        onward.setdefault(edge.source, []).append(line)
    expected: dict[str, set[str]] = {}
    for touchpoint in journey.touchpoints:
        lines = [touchpoint.name, *([touchpoint.channel] if touchpoint.channel else [])]
        label = _lines("\n".join([*lines, *onward.get(touchpoint.id, [])]))
        classes = {"offline"} if touchpoint.offline else set()
        if touchpoint.emotion is not None:
            value = diagrams.score(touchpoint.emotion)
            classes.add("negative" if value < 3 else "positive" if value > 3 else "neutral")
        expected[label] = classes
    empty_stages = sum(1 for stage in journey.stages if not stage.touchpoints)
    nodes = {node["label"]: node for node in seen["nodes"]}
    assert len(seen["nodes"]) == len(journey.touchpoints) + empty_stages
    assert set(nodes) == set(expected) | ({"…"} if empty_stages else set())
    for label, classes in expected.items():
        node = nodes[label]
        assert classes <= set(node["classes"]), label
        for band, fill in BAND_FILLS.items():
            assert (node["fill"] == fill) == (band in classes), (label, node["fill"])
        assert node["dashed"] == ("offline" in classes), label
    if empty_stages:
        assert "placeholder" in nodes["…"]["classes"] and nodes["…"]["dashed"]
    assert seen["dottedEdges"] == 0  # loops are named in their source, not drawn


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_journey_diagram_renders_every_text_unchanged(mermaid: Mermaid, name: str) -> None:
    journey: Journey = JOURNEYS[name]()
    personas = PERSONAS[name]()
    seen = mermaid.render(diagrams.journey_diagram(journey, personas))

    assert seen["journeyTitle"] == _one_line(journey.title)
    assert seen["sections"] == [_one_line(stage.name) for stage in journey.stages]
    # The legend sorts the actors and may wrap a long name onto more lines; one dot each.
    names = [personas[pid].name for pid in journey.personas]
    legend = " ".join(seen["actors"])
    assert all(name in legend for name in names)
    assert len(legend) == len(" ".join(names))
    assert seen["actorDots"] == len(names)
    expected_tasks: list[tuple[str, int]] = []
    for stage in journey.stages:
        if stage.touchpoints:
            for tp in stage.touchpoints:
                emotion = tp.emotion if tp.emotion is not None else stage.emotion
                expected_tasks.append((_one_line(tp.name), diagrams.score(emotion)))
        else:
            texts = [note.text for note in stage.actions] or [stage.name]
            expected_tasks += [(_one_line(text), diagrams.score(stage.emotion)) for text in texts]
    # Mermaid draws a task's face at height 450 - 30 * score.
    scores = [round((450 - cy) / 30) for cy in seen["faces"]]
    assert list(zip(seen["tasks"], scores, strict=True)) == expected_tasks


def test_journey_diagram_without_personas_has_no_actors(mermaid: Mermaid) -> None:
    journey = corpus.small_journey()
    seen = mermaid.render(diagrams.journey_diagram(journey, {}))
    assert seen["actors"] == ["eva"]
    bare = Journey(id="bare", title="Zonder persona", stages=journey.stages)
    seen = mermaid.render(diagrams.journey_diagram(bare, {}))
    assert seen["actors"] == []
    assert seen["tasks"] == ["Google Ads", "Folder", "Vergelijkt prijzen", "Winkel"]
