"""The search index: every journey, persona, stage, touchpoint, KPI and page, with links to
the right page and anchor, texts normalised the way the search script normalises a query."""

from __future__ import annotations

import json

from conftest import MakeProject

from journeygen.build import Project, build
from journeygen.render import search


def index(make_project: MakeProject) -> dict[str, object]:
    root = make_project({"content/pages/methode.md": "---\ntitle: Onze méthode\n---\nTekst.\n"})
    result = build(Project.find(root), write=False)
    assert not result.errors, result.errors
    script = next(o for o in result.outputs if o.path == search.INDEX_PATH).read().decode()
    prefix = f"/* journeygen search index */\nwindow.{search.GLOBAL} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix) : -2])


def test_normalize_folds_accents_case_and_ligatures() -> None:
    assert search.normalize("  Oriënteren  bij  ĲSSELSTEIN ") == "orienteren bij ijsselstein"
    assert search.normalize("Café crème") == "cafe creme"


def test_the_index_holds_every_kind_with_its_link(make_project: MakeProject) -> None:
    data = index(make_project)
    entries = {(e["k"], e["t"]): e for e in data["entries"]}  # type: ignore[index]
    assert entries[("journey", "Van zoekopdracht tot vaste klant")]["u"] == (
        "journeys/reis/index.html"
    )
    assert entries[("journey", "Van zoekopdracht tot vaste klant")]["c"] == "Eva de Vries"
    assert entries[("persona", "Eva de Vries")]["u"] == "personas/eva/index.html"
    stage = entries[("stage", "Awareness")]
    assert stage["u"] == "journeys/reis/index.html#stage-awareness"
    touchpoint = entries[("touchpoint", "Google Ads")]
    assert touchpoint["u"] == "journeys/reis/index.html#tp-google-ads"
    assert touchpoint["c"] == "Van zoekopdracht tot vaste klant · Awareness"
    assert "marketing" in touchpoint["m"] and "ads" in touchpoint["m"]
    kpi = entries[("kpi", "Bezoekers")]
    assert kpi["u"] == "journeys/reis/index.html#kpi-awareness-bezoekers"
    page = entries[("page", "Onze méthode")]
    assert (page["u"], page["n"]) == ("methode/index.html", "onze methode")


def test_kind_labels_are_in_the_sites_language(make_project: MakeProject) -> None:
    assert index(make_project)["kinds"] == {
        "journey": "Journey",
        "persona": "Persona",
        "stage": "Stage",
        "touchpoint": "Touchpoint",
        "kpi": "KPI",
        "page": "Page",
    }


def test_pages_load_the_index_lazily(make_project: MakeProject) -> None:
    result = build(Project.find(make_project({})), write=False)
    page = next(o for o in result.outputs if o.path == "journeys/reis/index.html").read().decode()
    # No ?v=<hash> on the index: it changes with every edit, and a hash in every page would
    # make every page change with every edit (serve would re-render and reload them all).
    assert 'data-index="../../assets/search-index.js"' in page
    assert 'data-stylesheet="../../assets/search.css?v=' in page  # theme files keep theirs
    assert 'src="../../assets/search-index.js' not in page  # loaded on first use only
    assert 'role="combobox"' in page and 'aria-controls="jg-search-results"' in page
