"""Exports of a journey: the KPI table as CSV, the journey as JSON, Mermaid .mmd files;
linked from the journey page, the same bytes on every build, anchors that survive reordering."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.build import Project, build
from journeygen.render import exports

VISITORS = (
    "      - {name: Bezoekers, signal: Komt op de site, measure: GA4, target: 500,"
    " unit: bezoekers, owner: marketing}\n"
)
CPC = "      - {name: Kosten per klik, target: 2.5, unit: EUR, better: lower}\n"
ADS = (
    "      - {id: google-ads, name: Google Ads, channel: ads, owner: marketing,"
    " next: [formulier]}\n"
)
LINKEDIN = "      - {id: linkedin, name: LinkedIn, channel: social}\n"

JOURNEY = (
    "---\ntitle: Offerte\npersona: eva\nframework: aaarrr\nstages:\n"
    "  - id: awareness\n    name: Oriënteren\n    emotion: -1\n    volume: 1000\n"
    "    kpis:\n" + VISITORS + CPC + "    touchpoints:\n" + ADS + LINKEDIN + "  - id: acquisition\n"
    "    emotion: 1\n    volume: 100\n    kpis:\n      - {name: Aanvragen, target: 50}\n"
    "    touchpoints:\n      - {id: formulier, name: Offerteformulier, channel: website}\n"
    "---\nHet verhaal.\n"
)

KPIS = """\
journey,stage,kpi,period,value
offerte,awareness,Bezoekers,2026-09,420
offerte,awareness,Bezoekers,2026-10,610
offerte,awareness,Kosten per klik,2026-10,2.75
offerte,acquisition,Aanvragen,2026-10,40
"""


def built(make_project: MakeProject, journey: str = JOURNEY) -> dict[str, bytes]:
    files = {"content/journeys/reis.md": "", "content/journeys/offerte.md": journey}
    if journey == JOURNEY or "awareness" in journey:
        files["content/data/kpis.csv"] = KPIS
    root = make_project(files)
    result = build(Project.find(root), write=False)
    assert not result.errors, result.errors
    return {o.path: o.read() for o in result.outputs}


def test_kpi_csv_has_a_row_per_kpi_and_a_column_per_period(make_project: MakeProject) -> None:
    files = built(make_project)
    data = files["journeys/offerte/kpis.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == [*exports.KPI_COLUMNS, "2026-09", "2026-10"]
    assert [(r["stage_id"], r["kpi"]) for r in rows] == [
        ("awareness", "Bezoekers"),
        ("awareness", "Kosten per klik"),
        ("acquisition", "Aanvragen"),
    ]
    visitors, cpc, requests = rows
    assert visitors["stage"] == "Oriënteren"
    assert visitors["anchor"] == "kpi-awareness-bezoekers"
    assert (visitors["target"], visitors["actual"], visitors["status"]) == ("500", "610", "met")
    assert (visitors["trend"], visitors["2026-09"], visitors["2026-10"]) == ("up", "420", "610")
    assert visitors["progress"] == "improving"  # the trend read against `better`
    assert (visitors["signal"], visitors["measure"], visitors["owner"]) == (
        "Komt op de site",
        "GA4",
        "marketing",
    )
    assert (cpc["actual"], cpc["better"], cpc["status"], cpc["2026-09"]) == (
        "2.75",
        "lower",
        "missed",
        "",
    )
    assert requests["status"] == "missed"


def test_journey_json_holds_the_computed_numbers(make_project: MakeProject) -> None:
    data = json.loads(built(make_project)["journeys/offerte/journey.json"])
    assert data["schema_version"] == exports.SCHEMA_VERSION
    assert (data["id"], data["title"], data["page"]) == (
        "offerte",
        "Offerte",
        "journeys/offerte/index.html",
    )
    assert data["personas"] == [{"id": "eva", "name": "Eva de Vries", "role": "Office manager"}]
    assert data["conversions"] == [
        {"from": "awareness", "to": "acquisition", "rate": 0.1, "is_bottleneck": True}
    ]
    assert data["bottleneck"] == {"from": "awareness", "to": "acquisition", "rate": 0.1}
    assert data["overall_conversion"] == 0.1
    assert data["kpi_health"] == {"met": 1, "missed": 2, "unknown": 0}
    assert data["flow"] == [{"from": "google-ads", "to": "formulier", "is_loop": False}]
    stage = data["stages"][0]
    assert (stage["id"], stage["anchor"], stage["name"], stage["position"]) == (
        "awareness",
        "stage-awareness",
        "Oriënteren",
        1,
    )
    assert [tp["anchor"] for tp in stage["touchpoints"]] == ["tp-google-ads", "tp-linkedin"]
    assert (stage["emotion"], stage["emotions"]) == (-1, {})
    kpi = stage["kpis"][0]
    assert (kpi["anchor"], kpi["status"], kpi["trend"], kpi["previous"]) == (
        "kpi-awareness-bezoekers",
        "met",
        "up",
        420,
    )
    assert (kpi["previous_period"], kpi["progress"]) == ("2026-09", "improving")
    assert kpi["series"] == [
        {"period": "2026-09", "value": 420},
        {"period": "2026-10", "value": 610},
    ]
    assert data["body"].strip() == "Het verhaal."


def test_mermaid_files_are_the_diagrams_on_the_page(make_project: MakeProject) -> None:
    files = built(make_project)
    flow = files["journeys/offerte/flow.mmd"].decode()
    assert "flowchart LR" in flow and "Offerteformulier" in flow
    journey = files["journeys/offerte/journey.mmd"].decode()
    assert journey.startswith("journey\n") and "section Oriënteren" in journey


def test_the_journey_page_links_every_export(make_project: MakeProject) -> None:
    files = built(make_project)
    page = files["journeys/offerte/index.html"].decode()
    for name in ("kpis.csv", "journey.json", "flow.mmd", "journey.mmd"):
        assert f'href="{name}" download' in page, name
        assert f"journeys/offerte/{name}" in files


def test_a_journey_without_kpis_or_touchpoints_has_no_csv_or_flow(
    make_project: MakeProject,
) -> None:
    bare = "---\ntitle: Kaal\nstages:\n  - {id: start, name: Start}\n---\n"
    files = built(make_project, bare)
    assert "journeys/offerte/journey.json" in files
    assert "journeys/offerte/kpis.csv" not in files
    assert "journeys/offerte/flow.mmd" not in files
    assert 'href="kpis.csv"' not in files["journeys/offerte/index.html"].decode()


def test_exports_are_the_same_bytes_on_every_build(make_project: MakeProject) -> None:
    first, second = built(make_project), built(make_project)
    names = [p for p in first if p.startswith("journeys/offerte/") and not p.endswith(".html")]
    assert len(names) == 4  # csv, json, two mmd (the preview image needs a base_url)
    assert all(first[name] == second[name] for name in names)


def test_anchors_do_not_change_when_items_are_reordered(make_project: MakeProject) -> None:
    """Stages, touchpoints and KPIs keep their anchors wherever they move in the file."""

    def anchors(files: dict[str, bytes]) -> set[str]:
        data = json.loads(files["journeys/offerte/journey.json"])
        found = set()
        for stage in data["stages"]:
            found.add(stage["anchor"])
            found.update(tp["anchor"] for tp in stage["touchpoints"])
            found.update(kpi["anchor"] for kpi in stage["kpis"])
        return found

    original = built(make_project)
    swapped = JOURNEY.replace(ADS + LINKEDIN, LINKEDIN + ADS).replace(
        VISITORS + CPC, CPC + VISITORS
    )
    assert swapped != JOURNEY
    reordered = built(make_project, swapped)
    assert anchors(original) == anchors(reordered)
    page = reordered["journeys/offerte/index.html"].decode()
    for anchor in anchors(original):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page, anchor


def test_number_formats_for_machines() -> None:
    assert [exports.number(v) for v in (600.0, 2.5, None, -1.0)] == ["600", "2.5", "", "-1"]


def test_export_docs_name_every_field() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text("utf-8")
    for column in exports.KPI_COLUMNS:
        assert f"`{column}`" in docs, column
    for key in ("schema_version", "conversions", "bottleneck", "overall_conversion", "kpi_health"):
        assert f"`{key}`" in docs, key


def test_emotions_per_persona_are_exported(make_project: MakeProject) -> None:
    journey = JOURNEY.replace("persona: eva", "personas: [eva, tom]").replace(
        "    emotion: -1\n", "    emotion: {eva: 1, tom: -2}\n"
    )
    tom = "---\nname: Tom Bakker\n---\n"
    root = make_project(
        {"content/journeys/reis.md": "", "content/journeys/offerte.md": journey,
         "content/personas/tom.md": tom, "content/data/kpis.csv": KPIS}
    )  # fmt: skip
    result = build(Project.find(root), write=False)
    assert not result.errors, result.errors
    data = next(o for o in result.outputs if o.path == "journeys/offerte/journey.json").read()
    stage = json.loads(data)["stages"][0]
    assert (stage["emotion"], stage["emotions"]) == (-0.5, {"eva": 1, "tom": -2})


def test_journey_json_is_the_standard_librarys_indented_json(make_project: MakeProject) -> None:
    """orjson writes it (a twentieth of the time): the same text as `json.dumps(indent=2)`."""
    text = built(make_project)["journeys/offerte/journey.json"].decode("utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert "Oriënteren" in text  # UTF-8, not \u escapes


def test_json_numbers_that_json_cannot_hold_are_null_and_big_integers_exact() -> None:
    def strict(text: str) -> object:
        return json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))

    assert strict(exports._indented_json({"a": float("nan"), "b": float("-inf")})) == {
        "a": None,
        "b": None,
    }
    assert strict(exports._indented_json({"big": 2**70})) == {"big": 2**70}  # orjson: 64 bits
    assert (
        exports._indented_json({"day": datetime.date(2026, 1, 2)}) == '{\n  "day": "2026-01-02"\n}'
    )


def test_kpi_csv_cells_a_spreadsheet_would_run_are_text(make_project: MakeProject) -> None:
    """Formula injection (issue 16, case 6): a cell that starts with = + - @, a tab or a
    carriage return gets a leading ' (OWASP), so Excel shows it instead of running it;
    numbers, negative ones too, stay numbers."""
    journey = (
        "---\ntitle: Offerte\nstages:\n  - id: aware\n    name: '=HYPERLINK(\"x\")'\n"
        "    kpis:\n"
        "      - {name: '=1+2', measure: '+cmd|x', owner: '@SUM(A1)', unit: '-2+3',"
        ' signal: "\\tTAB", target: -5}\n'
        '      - {name: "\\rCR", measure: "a=b", target: 2}\n'
        "---\n"
    )
    files = built(make_project, journey)
    rows = list(csv.reader(io.StringIO(files["journeys/offerte/kpis.csv"].decode("utf-8-sig"))))
    header, first, second = rows
    cells = dict(zip(header, first, strict=True))
    assert cells["stage"] == '\'=HYPERLINK("x")'
    assert (cells["kpi"], cells["measure"], cells["owner"]) == ("'=1+2", "'+cmd|x", "'@SUM(A1)")
    assert (cells["unit"], cells["signal"], cells["target"]) == ("'-2+3", "'\tTAB", "-5")
    cells = dict(zip(header, second, strict=True))
    assert (cells["kpi"], cells["measure"]) == ("'\rCR", "a=b")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_flow_export_names_channels_in_the_sites_language(language: str) -> None:
    """flow.mmd is the diagram the page draws: on a Dutch site with Dutch channel names."""
    import sites

    from journeygen.render import diagrams

    site = sites.site(language=language)
    journey = site.journeys[0]
    flow = exports.export_makers(site, journey)["flow.mmd"]().decode()
    assert flow == diagrams.flowchart(journey, language) + "\n"
    assert flow != diagrams.flowchart(journey, "nl" if language == "en" else "en") + "\n"
