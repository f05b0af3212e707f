"""Quality checks: each rule has a fixture in tests/fixtures/invalid/check-*; here the
clean project, the per-project levels and the rules' edges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.analysis.checks import RULES, VANITY
from journeygen.build import Project, load
from journeygen.cli import main

CLEAN = Path(__file__).parent / "fixtures" / "valid" / "complete"


def rules_found(root: Path) -> list[str]:
    return [d.code for d in load(Project.find(root))[2]]


def test_a_complete_project_passes_every_rule_under_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CLEAN, tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().err == "journeygen: check passed (no problems)\n"


def test_every_rule_has_a_fixture_that_triggers_it() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "invalid"
    for rule in RULES:
        expected = (fixtures / f"check-{rule}" / "expected.txt").read_text("utf-8")
        assert f"[{rule}]" in expected, rule


def test_a_rule_can_be_switched_off_or_raised(make_project: MakeProject) -> None:
    journey = "content/journeys/reis.md"
    root = make_project({})
    text = (root / journey).read_text().replace(", owner: marketing}", "}")
    (root / journey).write_text(text)
    assert "touchpoint-no-owner" in rules_found(root)
    (root / "journeygen.yml").write_text("checks:\n  touchpoint-no-owner: off\n")
    assert "touchpoint-no-owner" not in rules_found(root)
    (root / "journeygen.yml").write_text("checks:\n  touchpoint-no-owner: {level: error}\n")
    _sources, site, diagnostics = load(Project.find(root))
    assert site is None
    assert [d.severity for d in diagnostics if d.code == "touchpoint-no-owner"] == ["error"]


def test_stale_months_is_a_setting(make_project: MakeProject) -> None:
    csv = "journey,stage,kpi,period,value\nreis,awareness,Bezoekers,2026-05-15,1\n"
    csv += "reis,awareness,Bezoekers,2026-06-15,3\n"
    root = make_project({"content/data/kpis.csv": csv})
    journey = root / "content/journeys/reis.md"
    journey.write_text(
        journey.read_text().replace(
            "- {name: Bezoekers, measure: GA4, target: 500}",
            "- {name: Bezoekers, measure: GA4, target: 500, owner: marketing}\n"
            "      - {name: Leads, measure: CRM, target: 50, owner: sales}",
        )
    )
    (root / "content/data/kpis.csv").write_text(csv + "reis,awareness,Leads,2026-10,40\n")
    assert "stale-data" in rules_found(root)  # mid-June is more than 3 months before October
    (root / "journeygen.yml").write_text("checks:\n  stale-data: {months: 4}\n")
    assert "stale-data" not in rules_found(root)


@pytest.mark.parametrize(
    ("name", "vanity"),
    [
        ("Volgers op LinkedIn", True),
        ("Impressions", True),
        ("Paginaweergaven offertepagina", True),
        ("Likes per post", True),
        ("Offerteaanvragen", False),
        ("Herhaalaankopen", False),
        ("Referrals per klant", False),
    ],
)
def test_vanity_metrics(name: str, vanity: bool) -> None:
    assert bool(VANITY.search(name)) is vanity
