"""Service blueprint lanes: the format read into the model, lane order and zones."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeProject

from journeygen.core.diagnostics import Diagnostic
from journeygen.model.json_schema import json_schemas
from journeygen.model.site import LaneDef, Note, Site
from journeygen.sources.read import find_config, read_sources
from journeygen.validate.lanes import default_order, journey_model, project_lanes, zone
from journeygen.validate.validate import validate

CONFIG = """\
title: Glans
lanes:
  - {id: systemen, name: Systems, name_nl: Systemen, after: backstage}
  - {id: partners, name: Partners}
"""

BLUEPRINT = """\
---
title: Offerte
persona: eva
stages:
  - id: offerte
    name: Offerte
    actions: [Vraagt een offerte aan]
    frontstage:
      - {text: Adviseur belt binnen een uur terug, owner: sales}
    backstage:
      - {text: Planner zet de offerte in het CRM, owner: planning, evidence: observed}
      - {text: Prijs intern afgestemd, visibility: internal, source: "https://example.com/a"}
    support: [HubSpot CRM, Roosterplanner]
    props: Offerte-pdf
    systemen: [{text: Exact Online, owner: finance}]
  - id: start
    name: Start
    actions: [Tekent]
---
"""


def load(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    sources, problems = read_sources(root, find_config(root))
    site, more = validate(sources)
    return site, [*problems, *more]


def test_blueprint_lanes_are_read_with_owners_and_custom_lanes(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    site, problems = load(root)
    assert site is not None, problems
    stage = site.journey("reis").stage("offerte")
    assert list(stage.lanes) == ["props", "frontstage", "backstage", "support", "systemen"]
    assert stage.lanes["frontstage"] == (Note("Adviseur belt binnen een uur terug", owner="sales"),)
    backstage = stage.lanes["backstage"]
    assert backstage[0].owner == "planning" and backstage[0].evidence == "observed"
    assert backstage[1].internal and backstage[1].source == "https://example.com/a"
    assert [n.text for n in stage.lanes["support"]] == ["HubSpot CRM", "Roosterplanner"]
    assert stage.lanes["systemen"] == (Note("Exact Online", owner="finance"),)
    assert site.journey("reis").stage("start").lanes == {}
    assert site.config.lanes == (
        LaneDef("systemen", "Systems", "Systemen", "backstage"),
        LaneDef("partners", "Partners"),
    )
    assert site.config.lanes[0].label("nl") == "Systemen"
    assert site.config.lanes[1].label("nl") == "Partners"


def test_map_lanes_per_project_and_per_journey(make_project: MakeProject) -> None:
    journey = BLUEPRINT.replace("persona: eva\n", "persona: eva\nmap_lanes: [actions, support]\n")
    config = CONFIG + "map_lanes: [actions, frontstage, systemen]\n"
    site, problems = load(
        make_project({"journeygen.yml": config, "content/journeys/reis.md": journey})
    )
    assert site is not None, problems
    assert site.config.map_lanes == ("actions", "frontstage", "systemen")
    assert site.journey("reis").map_lanes == ("actions", "support")


def test_a_journey_without_lanes_has_none(make_project: MakeProject) -> None:
    site, problems = load(make_project({}))
    assert site is not None, problems
    assert all(not s.lanes for s in site.journey("reis").stages)
    assert site.journey("reis").map_lanes is None and site.config.map_lanes is None


def test_an_undeclared_lane_is_an_unknown_key_with_a_suggestion(
    make_project: MakeProject,
) -> None:
    journey = BLUEPRINT.replace("systemen: [", "systeem: [")
    site, problems = load(
        make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": journey})
    )
    assert site is None
    (problem,) = [p for p in problems if p.is_error]
    assert problem.message == "unknown key 'systeem'"
    assert problem.hint.startswith("did you mean 'systemen'?")
    assert (problem.line, problem.col) == (15, 5)


def test_default_order_places_custom_lanes_after_their_lane() -> None:
    lanes = (
        LaneDef("systemen", "S", after="backstage"),
        LaneDef("partners", "P"),
        LaneDef("tools", "T", after="systemen"),
        LaneDef("emails", "E", after="backstage"),
    )
    assert default_order(lanes) == (
        "actions", "touchpoints", "thoughts", "emotion", "pains", "opportunities", "kpis",
        "props", "frontstage", "backstage", "systemen", "tools", "emails", "support", "partners",
    )  # fmt: skip
    by_id = {lane.id: lane for lane in lanes}
    assert [zone(i, by_id) for i in ("pains", "props", "frontstage", "tools", "partners")] == [
        0, 0, 1, 2, 3
    ]  # fmt: skip


def test_schema_of_a_project_knows_its_lanes(tmp_path: Path) -> None:
    config = tmp_path / "journeygen.yml"
    config.write_text(CONFIG + "  - {id: pains, name: clash}\n  - {id: Bad, name: x}\n")
    assert project_lanes(config) == ("systemen", "partners")
    assert project_lanes(tmp_path / "missing.yml") == ()
    stage = json_schemas(journey_model(("systemen",)))["journey"]["$defs"]["StageIn"]
    assert "systemen" in stage["properties"] and stage["additionalProperties"] is False
    assert "frontstage" in json_schemas()["journey"]["$defs"]["StageIn"]["properties"]


def _page(root: Path, path: str, audience: str = "team") -> str:
    from journeygen.build import Project, build

    result = build(Project.find(root), write=False, audience=audience)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    return next(o for o in result.outputs if o.path == path).read().decode("utf-8")


HOSTILE = BLUEPRINT.replace(
    "{text: Adviseur belt binnen een uur terug, owner: sales}",
    '{text: "<script>alert(1)</script>", owner: "<img src=x onerror=alert(2)>"}',
)


def test_the_map_draws_the_lanes_between_the_three_lines(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    html = _page(root, "journeys/reis/index.html")
    order = [
        html.index(marker)
        for marker in (
            'data-lane="props"', "jg-bpline--interaction", 'data-lane="frontstage"',
            "jg-bpline--visibility", 'data-lane="backstage"', 'data-lane="systemen"',
            "jg-bpline--internal", 'data-lane="support"',
        )
    ]  # fmt: skip
    assert order == sorted(order)
    assert "Line of interaction" in html and "Line of internal interaction" in html
    assert (
        '<span class="jg-owner"><span class="jg-vh">Owner: </span>'
        '<a href="../../teams/sales/index.html">sales</a></span>'
    ) in html
    assert "blueprint.css" in html
    assert html.count('<tr class="jg-bpline ') == 3
    assert '<p class="jg-map__teams"><a href="../../teams/index.html">' in html


def test_a_journey_without_lanes_gets_no_blueprint(make_project: MakeProject) -> None:
    html = _page(make_project({"journeygen.yml": CONFIG}), "journeys/reis/index.html")
    assert "jg-bpline" not in html and "blueprint.css" not in html and "data-lane" not in html


def test_map_lanes_choose_and_order_the_rows(make_project: MakeProject) -> None:
    journey = BLUEPRINT.replace(
        "persona: eva\n", "persona: eva\nmap_lanes: [support, actions, backstage]\n"
    )
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": journey})
    html = _page(root, "journeys/reis/index.html")
    assert 'data-lane="frontstage"' not in html and 'data-lane="props"' not in html
    support, doing = html.index('data-lane="support"'), html.index("jg-lane--doing")
    backstage = html.index('data-lane="backstage"')
    assert html.index("jg-bpline--internal") < support < doing < backstage
    # support comes first: its line is above it; backstage (zone 2) after the customer's
    # lanes is not a crossing downwards from support, so no further line
    assert html.count('<tr class="jg-bpline ') == 3


def test_blueprint_text_is_escaped(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": HOSTILE})
    html = _page(root, "journeys/reis/index.html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_client_audience_leaves_out_internal_blueprint_items(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    team = _page(root, "journeys/reis/index.html")
    client = _page(root, "journeys/reis/index.html", audience="client")
    assert "Prijs intern afgestemd" in team and "Prijs intern afgestemd" not in client
    assert "https://example.com/a" in team and "https://example.com/a" not in client
    assert "Planner zet de offerte in het CRM" in client
