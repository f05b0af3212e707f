"""Service blueprint lanes: the format read into the model, lane order and zones."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeProject

from journeygen.diagnostics import Diagnostic
from journeygen.lanes import default_order, journey_model, project_lanes, zone
from journeygen.model import LaneDef, Note, Site
from journeygen.schema import json_schemas
from journeygen.sources import find_config, read_sources
from journeygen.validate import validate

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
