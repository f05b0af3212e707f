"""validate: the whole format accepted, references resolved, numbers attached."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeProject

from journeygen.build import Project
from journeygen.build import load as build_load
from journeygen.core.diagnostics import Diagnostic
from journeygen.model.site import Site
from journeygen.sources.read import find_config, read_sources
from journeygen.validate.validate import validate


def load(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    sources, problems = read_sources(root, find_config(root))
    site, more = validate(sources)
    return site, [*problems, *more]


def errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.path}:{d.line}:{d.col}: {d.message}" for d in diagnostics if d.is_error]


def test_example_project_loads(make_project: MakeProject) -> None:
    site, problems = load(make_project({}))
    assert site is not None, errors(problems)
    journey = site.journey("reis")
    assert [s.name for s in journey.stages] == ["Awareness", "Acquisition"]
    assert journey.personas == ("eva",)
    assert journey.bottleneck is not None and journey.bottleneck.rate == 0.1
    assert [(e.source, e.target) for e in journey.flow] == [("google-ads", "offerte")]
    assert site.config.title == "project" and site.config.language == "en"


def test_dutch_preset_names(make_project: MakeProject) -> None:
    root = make_project(
        {
            "journeygen.yml": "language: nl\n",
            "content/journeys/reis.md": """\
                ---
                title: Reis
                framework: five-phases
                stages:
                  - {id: awareness, touchpoints: [{name: Folder}]}
                  - {id: purchase, name: Bestelling, touchpoints: [{name: Webshop}]}
                ---
                """,
        }
    )
    site, problems = load(root)
    assert site is not None, errors(problems)
    assert [s.name for s in site.journey("reis").stages] == ["Bewustwording", "Bestelling"]
    # a touchpoint without id takes the slug of its name
    assert [tp.id for tp in site.journey("reis").touchpoints] == ["folder", "webshop"]


def test_shared_touchpoint_ref_with_override_and_next(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/touchpoints.yml": """\
                offerteformulier:
                  name: Offerteformulier
                  channel: website
                  owner: sales
                """,
            "content/journeys/reis.md": """\
                ---
                title: Reis
                stages:
                  - id: zoeken
                    name: Zoeken
                    touchpoints:
                      - {id: ads, name: Ads, next: [offerteformulier]}
                  - id: kiezen
                    name: Kiezen
                    touchpoints:
                      - {ref: offerteformulier, owner: marketing, next: ads}
                ---
                """,
        }
    )
    site, problems = load(root)
    assert site is not None, errors(problems)
    form = site.journey("reis").stage("kiezen").touchpoints[0]
    assert (form.id, form.name, form.channel, form.owner, form.ref) == (
        "offerteformulier", "Offerteformulier", "website", "marketing", "offerteformulier",
    )  # fmt: skip
    assert form.icon == "website"
    edges = [(e.source, e.target, e.is_loop) for e in site.journey("reis").flow]
    assert edges == [("ads", "offerteformulier", False), ("offerteformulier", "ads", True)]


def test_single_strings_evidence_notes_and_extra(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/journeys/reis.yml": """\
                title: Reis
                personas: eva
                extra: {client: Glans}
                body: "## Context"
                stages:
                  - id: zoeken
                    name: Zoeken
                    actions: Googelt
                    pains:
                      - Te veel keuze
                      - {text: Geen prijs, evidence: observed, source: "https://example.org/r"}
                    extra: {lane: x}
                    touchpoints: {name: Google, evidence: assumed}
                """,
            "content/journeys/reis.md": "",
        }
    )
    site, problems = load(root)
    assert site is not None, errors(problems)
    journey = site.journey("reis")
    stage = journey.stages[0]
    assert journey.body == "## Context" and journey.extra == {"client": "Glans"}
    assert [a.text for a in stage.actions] == ["Googelt"]
    assert [(p.text, p.evidence) for p in stage.pains] == [
        ("Te veel keuze", None),
        ("Geen prijs", "observed"),
    ]
    assert stage.touchpoints[0].evidence == "assumed" and stage.extra == {"lane": "x"}


def test_kpi_series_from_csv_and_stated_actual_wins(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/journeys/reis.md": """\
                ---
                title: Reis
                stages:
                  - id: zoeken
                    name: Zoeken
                    touchpoints: [{name: Google}]
                    kpis:
                      - {name: Bezoekers, measure: GA4, target: 500}
                      - {name: Kosten per lead, measure: Ads, target: 40, actual: 35, better: lower}
                ---
                """,
            "content/data/kpis.csv": """\
                journey,stage,kpi,period,value
                reis,zoeken,Bezoekers,2026-10,450
                reis,zoeken,Bezoekers,2026-09,380
                reis,zoeken,Kosten per lead,2026-10,"52,5"
                """,
        }
    )
    site, problems = load(root)
    assert site is not None, errors(problems)
    visitors, cost = site.journey("reis").kpis
    assert [m.period for m in visitors.series] == ["2026-09", "2026-10"]
    assert (visitors.actual, visitors.status, visitors.trend, visitors.previous) == (
        450, "missed", "up", 380,
    )  # fmt: skip
    assert (cost.actual, cost.status, cost.series[0].value) == (35, "met", 52.5)


def test_current_and_ideal_are_linked_and_compared(make_project: MakeProject) -> None:
    ideal = """\
        ---
        title: Ideaal
        state: ideal
        framework: aaarrr
        stages:
          - id: awareness
            emotion: 1
            volume: 1000
            kpis: [{name: Bezoekers, measure: GA4, target: 800}]
            touchpoints:
              - {id: google-ads, name: Google Ads}
              - {id: reviews, name: Reviews}
          - id: acquisition
            volume: 300
            touchpoints: [{id: prijs, name: Prijsindicatie}]
        ---
        """
    current = (Path(__file__).parent / "conftest.py").read_text()  # reuse the default journey
    del current
    root = make_project({"content/journeys/ideaal.md": ideal})
    journey_file = root / "content/journeys/reis.md"
    journey_file.write_text(
        journey_file.read_text().replace("framework: aaarrr", "framework: aaarrr\nideal: ideaal")
    )
    site, problems = load(root)
    assert site is not None, errors(problems)
    current_j, ideal_j = site.journey("reis"), site.journey("ideaal")
    assert ideal_j.current == "reis" and current_j.ideal == "ideaal"
    comparison = ideal_j.comparison
    assert comparison is not None and comparison is current_j.comparison
    awareness, acquisition = comparison.stages
    assert [tp.id for tp in awareness.added] == ["reviews"]
    assert awareness.emotion_delta == 2
    assert [tp.id for tp in acquisition.added] == ["prijs"]
    assert [tp.id for tp in acquisition.removed] == ["offerte"]
    assert [(k.name, k.current_target, k.ideal_target) for k in comparison.kpi_changes] == [
        ("Bezoekers", 500, 800)
    ]


def test_quality_warnings_do_not_stop_the_site(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/journeys/reis.md": """\
                ---
                title: Reis
                persona: eva
                stages:
                  - id: zoeken
                    name: Zoeken
                    actions: [Googelt]
                    kpis: [{name: Bezoekers, measure: GA4, owner: marketing}]
                ---
                """
        }
    )
    _sources, site, problems = build_load(Project.find(root))
    assert site is not None
    assert [(d.severity, d.line, d.code) for d in problems] == [
        ("warning", 5, "stage-no-touchpoint"),
        ("warning", 8, "kpi-no-target"),
    ]


def test_all_problems_are_reported_at_once(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/personas/tom.md": "---\nname: [Tom\n---\n",
            "content/journeys/reis.md": """\
                ---
                title: Reis
                persona: evaa
                framework: aaarr
                stages:
                  - {id: zoeken, emotion: 5, colour: red}
                ---
                """,
            "content/data/kpis.csv": "journey,stage,kpi,period,value\nreiss,zoeken,X,2026-10,1\n",
        }
    )
    site, problems = load(root)
    assert site is None
    found = errors(problems)
    assert "content/journeys/reis.md:6:27: 'emotion' must be between -2 and 2, found 5" in found
    assert "content/journeys/reis.md:6:30: unknown key 'colour'" in found
    assert any(line.startswith("content/personas/tom.md:3:1: invalid YAML") for line in found)
    assert "content/data/kpis.csv:2:1: unknown journey 'reiss'" in found


def test_kpi_anchors_stay_unique_and_do_not_depend_on_order(make_project: MakeProject) -> None:
    def anchors(first: str, second: str) -> dict[str, str]:
        root = make_project(
            {
                "content/journeys/reis.md": f"""\
                    ---
                    title: Reis
                    stages:
                      - id: kopen
                        name: Kopen
                        kpis: [{{name: "{first}"}}, {{name: "{second}"}}]
                    ---
                    """
            }
        )
        site, problems = load(root)
        assert site is not None, errors(problems)
        return {k.name: k.slug for k in site.journey("reis").kpis}

    one = anchors("Conversie", "Conversie %")
    assert len(set(one.values())) == 2
    assert one == anchors("Conversie %", "Conversie")
    assert anchors("Conversie", "Omzet")["Conversie"] == "kpi-kopen-conversie"


def test_the_short_list_form_splits_at_commas_as_the_docs_say(make_project: MakeProject) -> None:
    """`[a, b]` is YAML: a sentence with a comma becomes two items. docs/format.md says so
    where lists are introduced, and shows the block form that keeps it whole."""
    journey = """\
        ---
        title: Reis
        persona: eva
        stages:
          - id: zoeken
            name: Zoeken
            actions: [Zoekt]
            pains: [Geen avondafspraak]
            opportunities: [Proefrit online inplannen, ook 's avonds]
            thoughts:
              - Proefrit online inplannen, ook 's avonds
            touchpoints:
              - {name: Google, owner: marketing}
        ---
        """
    root = make_project({"content/journeys/reis.md": journey})
    _, site, _ = build_load(Project.find(root))
    assert site is not None
    stage = site.journey("reis").stages[0]
    assert [n.text for n in stage.opportunities] == ["Proefrit online inplannen", "ook 's avonds"]
    assert [n.text for n in stage.thoughts] == ["Proefrit online inplannen, ook 's avonds"]
    docs = (Path(__file__).parents[1] / "docs" / "format.md").read_text("utf-8")
    introduced = docs.index("Every list field may be a")
    explained = docs.index("`opportunities: [Proefrit online inplannen, ook 's avonds]` is two")
    assert 0 < explained - introduced < 400
