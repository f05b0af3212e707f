"""The service blueprint in the exports (journey.json, blueprint.csv, blueprint.mmd) and in
the search index."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import MakeProject
from test_lanes import BLUEPRINT, CONFIG

from journeygen.build import Project, build
from journeygen.render.search import index_script


def _outputs(root: Path, audience: str = "team") -> dict[str, bytes]:
    result = build(Project.find(root), write=False, audience=audience)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    assert result.site is not None
    return {o.path: o.read() for o in result.outputs}


def test_journey_json_carries_the_lanes_and_their_items(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    data = json.loads(_outputs(root)["journeys/reis/journey.json"])
    assert [lane["id"] for lane in data["lanes"]] == [
        "props", "frontstage", "backstage", "systemen", "support"
    ]  # fmt: skip
    assert data["lanes"][3] == {
        "id": "systemen", "name": "Systems", "custom": True, "zone": "backstage"
    }  # fmt: skip
    first = data["blueprint"][0]
    assert first["stage"] == "offerte"
    assert first["lanes"]["frontstage"] == [
        {
            "text": "Adviseur belt binnen een uur terug",
            "owner": "sales",
            "evidence": None,
            "source": None,
            "visibility": "public",
        }
    ]
    assert data["blueprint"][1] == {"stage": "start", "lanes": {key: [] for key in first["lanes"]}}


def test_a_journey_without_lanes_exports_as_before(make_project: MakeProject) -> None:
    outputs = _outputs(make_project({}))
    data = json.loads(outputs["journeys/reis/journey.json"])
    assert "lanes" not in data and "blueprint" not in data
    assert not any("blueprint" in path for path in outputs if path.startswith("journeys/"))
    assert b"blueprint" not in outputs["assets/search-index.js"]


def test_blueprint_csv_has_a_row_per_item_and_defuses_formulas(make_project: MakeProject) -> None:
    journey = BLUEPRINT.replace("[HubSpot CRM, Roosterplanner]", '["=HYPERLINK(1)", Rooster]')
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": journey})
    text = _outputs(root)["journeys/reis/blueprint.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    assert rows[0]["lane_id"] == "props" and rows[0]["anchor"] == "bp-props--offerte"
    support = [row["text"] for row in rows if row["lane_id"] == "support"]
    assert support == ["'=HYPERLINK(1)", "Rooster"]
    internal = [row for row in rows if row["visibility"] == "internal"]
    assert [row["text"] for row in internal] == ["Prijs intern afgestemd"]
    client = _outputs(root, "client")["journeys/reis/blueprint.csv"].decode("utf-8-sig")
    assert "Prijs intern afgestemd" not in client


def test_blueprint_mermaid_and_the_page_lists_both_downloads(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    outputs = _outputs(root)
    diagram = outputs["journeys/reis/blueprint.mmd"].decode("utf-8")
    assert diagram.startswith("flowchart LR\n")
    assert 's0_1_0["Frontstage#58; Adviseur belt binnen een uur terug (sales)"]' in diagram
    page = outputs["journeys/reis/index.html"].decode("utf-8")
    assert 'href="blueprint.csv"' in page and 'href="blueprint.mmd"' in page


def test_search_finds_blueprint_items_at_their_cell(make_project: MakeProject) -> None:
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/reis.md": BLUEPRINT})
    result = build(Project.find(root), write=False)
    assert result.site is not None
    script = index_script(result.site)
    data = json.loads(script.split(" = ", 1)[1].rstrip(";\n"))
    assert data["kinds"]["blueprint"] == "Blueprint"
    found = [e for e in data["entries"] if e["k"] == "blueprint"]
    exact = next(e for e in found if e["t"] == "Exact Online")
    assert exact["u"] == "journeys/reis/index.html#bp-systemen--offerte"
    assert exact["c"] == "Offerte · Offerte · Systems" and "finance" in exact["m"]
    page = _outputs(root)["journeys/reis/index.html"].decode("utf-8")
    assert 'id="bp-systemen--offerte"' in page
