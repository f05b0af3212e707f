"""Team pages: one per owner, everything it owns across the journeys, linked to the map."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeProject
from test_lanes import BLUEPRINT, CONFIG

from journeygen.build import Project, build
from journeygen.render.teams import site_teams, team_path, team_slug

SECOND = """\
---
title: Service
persona: eva
stages:
  - id: gebruik
    name: Gebruik
    pains: [Meerwerk niet gemeld]
    opportunities: [Meerwerk vooraf laten goedkeuren]
    backstage: [{text: Factuur controleren, owner: Sales}]
    kpis:
      - {name: NPS, target: 40, actual: 31, owner: sales}
    touchpoints:
      - {id: portaal, name: Klantportaal, owner: "../../etc"}
      - {id: telefoon, name: Telefoon, owner: "营销"}
---
"""


def _site_outputs(root: Path) -> tuple[object, dict[str, str]]:
    result = build(Project.find(root), write=False)
    assert not result.errors, result.errors
    return result.site, {o.path: o.read().decode("utf-8", "replace") for o in result.outputs}


def test_team_slugs_are_safe_paths() -> None:
    assert team_slug("Customer success") == "customer-success"
    assert team_slug("../../etc/passwd") == "etc-passwd"
    assert team_slug("<script>") == "script"
    assert team_slug("营销").startswith("team-") and team_slug("营销") != team_slug("销售")
    assert team_path("a/b") == "teams/a-b/index.html"


def test_a_team_page_lists_what_it_owns_across_journeys(make_project: MakeProject) -> None:
    root = make_project(
        {
            "journeygen.yml": CONFIG,
            "content/journeys/reis.md": BLUEPRINT,
            "content/journeys/service.md": SECOND,
        }
    )
    site, outputs = _site_outputs(root)
    teams = {team.slug: team for team in site_teams(site)}  # type: ignore[arg-type]
    assert set(teams) == {"sales", "planning", "finance", "etc", teams_hash(teams)}
    sales = teams["sales"]
    assert sales.name == "sales"  # `Sales` in the second journey is the same team
    assert [item.note.text for item in sales.items] == [
        "Adviseur belt binnen een uur terug", "Factuur controleren"
    ]  # fmt: skip
    assert [row.kpi.name for row, _ in sales.kpis] == ["NPS"]
    assert [place.stage.id for place in sales.stages] == ["offerte", "gebruik"]
    page = outputs["teams/sales/index.html"]
    assert 'href="../../journeys/reis/index.html#bp-frontstage--offerte"' in page
    assert 'href="../../journeys/service/index.html#kpi-gebruik-nps"' in page
    assert "Meerwerk niet gemeld" in page and "Meerwerk vooraf laten goedkeuren" in page
    assert 'href="sales/index.html"' in outputs["teams/index.html"]
    assert "teams/etc/index.html" in outputs  # "../../etc" stays inside teams/
    assert not any(".." in path for path in outputs)
    # the map links each owner to its team page
    journey = outputs["journeys/reis/index.html"]
    assert '<a href="../../teams/sales/index.html">sales</a>' in journey


def teams_hash(teams: dict[str, object]) -> str:
    return next(slug for slug in teams if slug.startswith("team-"))


def test_no_team_pages_without_a_blueprint(make_project: MakeProject) -> None:
    _site, outputs = _site_outputs(make_project({}))
    assert not any(path.startswith("teams/") for path in outputs)


def test_unlisted_journeys_are_left_out(make_project: MakeProject) -> None:
    hidden = SECOND.replace("persona: eva\n", "persona: eva\nlisted: false\n")
    root = make_project(
        {
            "journeygen.yml": CONFIG,
            "content/journeys/reis.md": BLUEPRINT,
            "content/journeys/service.md": hidden,
        }
    )
    _site, outputs = _site_outputs(root)
    assert "Factuur controleren" not in outputs["teams/sales/index.html"]
    assert "teams/etc/index.html" not in outputs
    assert "teams/index.html" in outputs


def test_a_page_id_teams_is_reserved(make_project: MakeProject) -> None:
    root = make_project({"content/pages/teams.md": "---\ntitle: Teams\n---\n"})
    result = build(Project.find(root), write=False)
    assert any("page id 'teams' is used by journeygen itself" in str(e) for e in result.errors)


def test_the_inventory_lists_blueprint_items_once_with_every_place(
    make_project: MakeProject,
) -> None:
    second = SECOND.replace(
        "backstage: [{text: Factuur controleren, owner: Sales}]",
        "backstage: [{text: Factuur controleren, owner: Sales}]\n    support: [hubspot crm]",
    )
    root = make_project(
        {
            "journeygen.yml": CONFIG,
            "content/journeys/reis.md": BLUEPRINT,
            "content/journeys/service.md": second,
        }
    )
    site, outputs = _site_outputs(root)
    from journeygen.render.teams import blueprint_inventory

    rows = blueprint_inventory(site)  # type: ignore[arg-type]
    crm = next(row for row in rows if row.text == "HubSpot CRM")
    assert [p.journey.id for p in crm.places] == ["reis", "service"]
    assert rows[0].lane == "Props"  # in the map's order: props first
    page = outputs["touchpoints/index.html"]
    assert 'href="../journeys/service/index.html#bp-support--gebruik"' in page
    assert '<a href="../teams/finance/index.html">finance</a>' in page


def test_owners_on_the_map_link_to_their_team_and_teams_are_in_the_navigation(
    make_project: MakeProject,
) -> None:
    root = make_project(
        {
            "journeygen.yml": CONFIG,
            "content/journeys/reis.md": BLUEPRINT,
            "content/journeys/service.md": SECOND,
        }
    )
    _site, outputs = _site_outputs(root)
    page = outputs["journeys/service/index.html"]
    # a touchpoint's owner and a KPI's owner, each linked to its team's page, which exists
    for owner, slug in (("../../etc", "etc"), ("sales", "sales")):
        link = f'<a href="../../teams/{slug}/index.html">'
        assert link in page, owner
        assert f"teams/{slug}/index.html" in outputs
    assert '<a href="../../teams/index.html">Teams</a></li>' in page  # in the navigation
    team = outputs["teams/sales/index.html"]
    assert '<a href="../index.html" aria-current="page">Teams</a>' in team


def test_without_a_blueprint_owners_are_text_and_no_teams_in_the_navigation(
    make_project: MakeProject,
) -> None:
    plain = SECOND.replace("    backstage: [{text: Factuur controleren, owner: Sales}]\n", "")
    root = make_project({"journeygen.yml": CONFIG, "content/journeys/service.md": plain})
    _site, outputs = _site_outputs(root)
    page = outputs["journeys/service/index.html"]
    assert "teams/" not in page
    assert not any(path.startswith("teams/") for path in outputs)
