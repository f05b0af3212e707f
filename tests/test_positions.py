"""serve/positions.py: where each item a preview page shows was written (issue 23).

The example project's positions are golden (tests/golden/positions.txt, rewritten with
`--update-golden`), and each is checked against its file: the line holds the item. Edge
cases in small projects: `ref:` touchpoints (the journey's line, not the library's), a
`.yml` journey (no front matter), items given as a single string, and internal items left
out for a client (the items after them keep their own lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journeygen.build import Project, build
from journeygen.serve.positions import PagePositions, Position, site_positions

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "positions.txt"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


def positions_of(root: Path, audience: str = "team") -> dict[str, PagePositions]:
    result = build(Project.find(root), write=False, audience=audience)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    assert result.site is not None and result.sources is not None
    return site_positions(result.site, result.sources)


def at(position: Position) -> tuple[str, int, int]:
    return position.file, position.line, position.column


def line_of(root: Path, position: Position) -> str:
    return (root / position.file).read_text("utf-8").splitlines()[position.line - 1]


def test_the_example_projects_positions_are_golden_and_each_line_holds_its_item(
    update_golden: bool,
) -> None:
    found = positions_of(REPO)
    lines = [
        f"{page}  {key}  {p.kind}  {p.file}:{p.line}:{p.column}  {p.css} {p.n} {p.inner} {p.m}"
        for page, items in sorted(found.items())
        for key, p in sorted(items.items())
    ]
    text = "\n".join(lines) + "\n"
    if update_golden:
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), "rerun with --update-golden if deliberate"
    result = build(Project.find(REPO), write=False)
    assert result.site is not None
    for journey in result.site.journeys:
        items = found[f"journeys/{journey.id}/index.html"]
        for stage in journey.stages:
            assert f"id: {stage.id}" in line_of(REPO, items[f"stage-{stage.id}"])
            for tp in stage.touchpoints:
                line = line_of(REPO, items[f"tp-{tp.id}"])
                assert (tp.ref or tp.id) in line or tp.name in line, (tp.id, line)
            for kpi in stage.kpis:
                assert kpi.name in line_of(REPO, items[kpi.slug])
            for n, note in enumerate(stage.actions):
                line = line_of(REPO, items[f"doing-{stage.id}-{n}"])
                assert note.text.split()[0] in line, (note.text, line)
            for lane, notes in stage.lanes.items():
                for n, note in enumerate(notes):
                    line = line_of(REPO, items[f"bp-{lane}--{stage.id}-{n}"])
                    assert note.text.split()[0] in line, (note.text, line)
    assert at(found["personas/eva/index.html"]["persona"]) == ("content/personas/eva.md", 2, 7)
    assert at(found["index.html"]["persona-eva"]) == ("content/personas/eva.md", 2, 7)


LIBRARY = """\
# shared touchpoints
website:
  name: Website
  channel: website
"""

REF_JOURNEY = """\
---
title: Reis
persona: eva
framework: aaarrr
stages:
  - id: awareness
    touchpoints:
      - name: Eigen
      - ref: website
        owner: sales
---
"""


def test_a_ref_touchpoint_is_where_the_journey_writes_the_ref_not_in_the_library(
    make_project,
) -> None:
    root = make_project(
        {"content/touchpoints.yml": LIBRARY, "content/journeys/reis.md": REF_JOURNEY}
    )
    items = positions_of(root)["journeys/reis/index.html"]
    assert at(items["tp-eigen"]) == ("content/journeys/reis.md", 8, 9)
    assert at(items["tp-website"]) == ("content/journeys/reis.md", 9, 9)
    assert items["tp-website"].css == '[id="tp-website"]'


YML_JOURNEY = """\
title: Reis in YAML
persona: eva
framework: aaarrr
stages:
  - id: awareness
    actions: Zoekt een schoonmaker
    thoughts: [Wie doet dit?, Wat kost het?]
    pains:
      - Te duur
      - text: Te traag
        evidence: observed
    frontstage: Belt terug
    kpis:
      - name: Bezoekers
    touchpoints:
      - {name: Google}
"""


def test_a_yml_journey_and_items_given_as_a_single_string(make_project) -> None:
    root = make_project({"content/journeys/reis.md": "", "content/journeys/yml.yml": YML_JOURNEY})
    items = positions_of(root)["journeys/yml/index.html"]
    file = "content/journeys/yml.yml"
    assert at(items["journey"]) == (file, 1, 8)
    assert at(items["stage-awareness"]) == (file, 5, 5)
    assert at(items["doing-awareness-0"]) == (file, 6, 14)  # a single string: the list
    assert at(items["thinking-awareness-0"]) == (file, 7, 16)  # a flow list
    assert at(items["thinking-awareness-1"]) == (file, 7, 31)
    assert at(items["pains-awareness-0"]) == (file, 9, 9)
    assert at(items["pains-awareness-1"]) == (file, 10, 9)
    assert at(items["bp-frontstage--awareness-0"]) == (file, 12, 17)
    assert at(items["kpi-awareness-bezoekers"]) == (file, 14, 9)
    assert at(items["chip-kpi-awareness-bezoekers"]) == (file, 14, 9)
    assert at(items["tp-google"]) == (file, 16, 9)  # its id made from its name
    note = items["pains-awareness-1"]
    assert (note.css, note.n, note.inner, note.m) == (
        ".jg-map tr.jg-lane--pains > td",
        0,
        "li.jg-note",
        1,
    )


INTERNAL_JOURNEY = """\
---
title: Reis
persona: eva
framework: aaarrr
stages:
  - id: awareness
    pains:
      - text: Alleen voor het team
        visibility: internal
      - Voor iedereen
  - id: acquisition
    visibility: internal
  - id: activation
    touchpoints:
      - {name: Geheim, visibility: internal}
      - {name: Open}
---
"""


def test_for_a_client_the_items_after_an_internal_one_keep_their_own_lines(
    make_project,
) -> None:
    root = make_project({"content/journeys/reis.md": INTERNAL_JOURNEY})
    team = positions_of(root)["journeys/reis/index.html"]
    client = positions_of(root, "client")["journeys/reis/index.html"]
    assert at(team["pains-awareness-1"]) == ("content/journeys/reis.md", 10, 9)
    assert at(client["pains-awareness-0"]) == ("content/journeys/reis.md", 10, 9)
    assert "pains-awareness-1" not in client and "stage-acquisition" not in client
    assert at(client["stage-activation"]) == ("content/journeys/reis.md", 13, 5)
    assert client["about-activation"].n == 1  # the second column for a client
    assert at(client["tp-open"]) == ("content/journeys/reis.md", 16, 9)
    assert "tp-geheim" not in client


def test_free_pages_and_personas(make_project) -> None:
    page = "---\norder: 2\ntitle: Over ons\n---\nTekst.\n"
    root = make_project({"content/pages/over.md": page})
    found = positions_of(root)
    assert at(found["over/index.html"]["page"]) == ("content/pages/over.md", 3, 8)
    assert at(found["personas/eva/index.html"]["persona"]) == ("content/personas/eva.md", 2, 7)
    assert found["index.html"]["persona-eva"].css == '.jg-pcard:has(a[href*="personas/eva/"])'
