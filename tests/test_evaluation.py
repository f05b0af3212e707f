"""evaluation: every KPI of the current journeys, in the order a monthly meeting needs."""

from __future__ import annotations

import dataclasses

import pytest
import sites

from journeygen.analysis.evaluation import (
    GROUPS,
    change,
    group,
    newest_month,
    relative_change,
    worsening,
)
from journeygen.core.i18n import translator
from journeygen.model.site import Config, Kpi, Measurement, Site
from journeygen.render.evaluation_view import evaluation

EN, NL = translator("en"), translator("nl")


def measured(name: str, values: list[float], target: float | None, **fields: object) -> Kpi:
    """A KPI with a monthly series ending in 2026-10 and status, trend as validate makes them."""
    better = str(fields.get("better", "higher"))
    months = [f"2026-{m:02d}" for m in range(11 - len(values), 11)]
    series = tuple(Measurement(p, v) for p, v in zip(months, values, strict=True))
    actual = values[-1] if values else None
    status = "unknown"
    if actual is not None and target is not None:
        status = (
            "met" if (actual >= target if better == "higher" else actual <= target) else "missed"
        )
    previous = values[-2] if len(values) >= 2 else None
    base = sites.kpi(name, "awareness", target or 0, actual or 0)
    return dataclasses.replace(
        base,
        target=target,
        actual=actual,
        series=series,
        previous=previous,
        status=status,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def site_with(*kpis: Kpi, ideal_kpis: tuple[Kpi, ...] = ()) -> Site:
    current = sites.journey("reis")
    first = dataclasses.replace(current.stages[0], kpis=kpis)
    stages = (first, *(dataclasses.replace(s, kpis=()) for s in current.stages[1:]))
    current = dataclasses.replace(current, stages=stages)
    ideal = sites.journey("reis-ideaal", state="ideal")
    ideal_first = dataclasses.replace(ideal.stages[0], kpis=ideal_kpis)
    ideal = dataclasses.replace(ideal, stages=(ideal_first, *ideal.stages[1:]))
    return Site(config=Config(title="T"), personas=(sites.persona(),), journeys=(current, ideal))


def test_worsening_follows_better() -> None:
    assert worsening(measured("Leads", [40, 30], 50))
    assert not worsening(measured("Leads", [30, 40], 50))
    assert worsening(measured("Complaints", [3, 5], 2, better="lower"))
    assert not worsening(measured("Complaints", [5, 3], 2, better="lower"))
    assert not worsening(measured("Flat", [5, 5], 2))
    assert not worsening(measured("Once", [5], 2))
    stated = dataclasses.replace(measured("Stated", [], 10), actual=4.0)
    assert change(stated) is None and not worsening(stated)


def test_groups_and_their_order() -> None:
    cases = {
        "missed-worse": measured("A", [40, 30], 50),
        "missed": measured("B", [20, 30], 50),
        "met-worse": measured("C", [80, 70], 50),
        "met": measured("D", [60, 70], 50),
        "unknown": measured("E", [60, 50], None),  # falling, but without target
    }
    assert {key: group(kpi) for key, kpi in cases.items()} == {key: key for key in cases}
    assert GROUPS == ("missed-worse", "missed", "met-worse", "met", "unknown")
    shuffled = [cases[k] for k in ("met", "unknown", "missed", "met-worse", "missed-worse")]
    review = evaluation(site_with(*shuffled), EN)
    assert [g.key for g in review.groups] == list(GROUPS)
    assert [[r.kpi.name for r in g.rows] for g in review.groups] == [
        ["A"],
        ["B"],
        ["C"],
        ["D"],
        ["E"],
    ]
    assert [g.title for g in review.groups][:3] == [
        "Off target and worsening",
        "Off target",
        "On target, but worsening",
    ]
    # worsening counts every KPI that moved the wrong way, with or without a target
    assert (review.missed, review.worsening, review.met, review.unknown) == (2, 3, 2, 1)
    assert review.summary == "2 off target, 3 worsening"


def test_within_a_group_the_order_of_the_map_and_only_current_journeys() -> None:
    kpis = [measured(name, [40, 30], 50) for name in ("Zeta", "Alpha", "Mid")]
    review = evaluation(site_with(*kpis, ideal_kpis=(measured("Plan", [1, 2], 5),)), NL)
    (only,) = review.groups
    assert [row.kpi.name for row in only.rows] == ["Zeta", "Alpha", "Mid"]
    assert only.title == "Onder doel en verslechterd"
    assert review.summary == "3 onder doel, 3 verslechterd"


def test_values_changes_and_percentages_per_language() -> None:
    rate = measured("Conversion", [10.0, 12.5], 15, unit="%")
    visits = measured("Visits", [4000, 4200, 3900], 5000, unit="bezoekers")
    cost = measured("Cost per click", [2.4, 2.7], 2.5, unit="EUR", better="lower")
    zero = measured("Referrals", [0, 3], 4)
    rows = {
        r.kpi.name: r
        for g in evaluation(site_with(rate, visits, cost, zero), NL).groups
        for r in g.rows
    }
    assert (rows["Conversion"].value, rows["Conversion"].change) == ("12,5%", "+2,5 %-punt")
    assert (rows["Conversion"].percent, rows["Conversion"].arrow) == ("+25%", "↑")
    assert rows["Conversion"].tone == "good" and rows["Conversion"].group == "missed"
    assert (rows["Visits"].change, rows["Visits"].percent) == ("−300", "−7,1%")
    assert (rows["Visits"].arrow, rows["Visits"].tone) == ("↓", "bad")
    assert rows["Visits"].target == "≥ 5.000\u00a0bezoekers"
    assert (rows["Cost per click"].value, rows["Cost per click"].change) == ("€ 2,70", "+0,3")
    assert rows["Cost per click"].tone == "bad" and rows["Cost per click"].target == "≤ € 2,50"
    assert (rows["Referrals"].change, rows["Referrals"].percent) == ("+3", "")  # from zero
    assert rows["Visits"].period == "okt 2026" and not rows["Visits"].stale
    assert rows["Visits"].link == "journeys/reis/index.html#kpi-awareness-visits"
    assert 'class="jg-chart jg-sparkline"' in rows["Visits"].spark
    english = evaluation(site_with(rate), EN).groups[0].rows[0]
    assert (english.change, english.percent, english.period) == ("+2.5 pp", "+25%", "Oct 2026")


def test_the_newest_month_counts_a_week_in_its_month_and_older_kpis_are_marked() -> None:
    weekly = dataclasses.replace(
        measured("Response time", [5, 4], 4, better="lower"),
        series=(Measurement("2026-W42", 5.0), Measurement("2026-W43", 4.0)),
    )
    old = dataclasses.replace(
        measured("Requests", [30, 38], 40),
        series=(Measurement("2026-02", 30.0), Measurement("2026-03", 38.0)),
    )
    unmeasured = dataclasses.replace(measured("Stated", [], 40), actual=38.0, status="missed")
    site = site_with(weekly, old, unmeasured)
    assert newest_month(site) == "2026-10"  # week 43 starts on 19 October
    review = evaluation(site, NL)
    assert review.period == "okt 2026"
    rows = {r.kpi.name: r for g in review.groups for r in g.rows}
    assert (rows["Response time"].period, rows["Response time"].stale) == ("wk 43 2026", False)
    assert (rows["Requests"].period, rows["Requests"].stale) == ("mrt 2026", True)
    assert (rows["Stated"].period, rows["Stated"].stale, rows["Stated"].change) == ("", False, "")
    assert rows["Stated"].spark == ""
    assert newest_month(site_with()) is None and evaluation(site_with(), EN).period == ""


@pytest.mark.parametrize(
    ("values", "expected"), [([10, 12.5], 0.25), ([0, 3], None), ([-4, -2], 0.5)]
)
def test_relative_change(values: list[float], expected: float | None) -> None:
    assert relative_change(measured("K", values, 5)) == expected


def test_the_page_is_in_the_navigation_only_when_there_is_something_to_evaluate() -> None:
    outputs, problems = sites.render(sites.site())
    assert problems == []
    page = sites.html(outputs, "evaluation/index.html")
    assert '<h1 class="jg-hero__title">Monthly evaluation <span' in page
    assert 'href="../journeys/reis/index.html#kpi-awareness-visitors"' in page
    assert 'href="../assets/review.css?v=' in page and 'aria-current="page">Evaluation<' in page
    assert "<title>Monthly evaluation Oct 2026 · Klantreizen</title>" in page
    journey = sites.html(outputs, "journeys/reis/index.html")
    assert "review.css" not in journey  # the journey pages stay light
    assert 'href="../../evaluation/index.html">Evaluation</a>' in journey
    dutch, _ = sites.render(sites.site(language="nl"))
    assert ">Maandevaluatie</a>" in sites.html(dutch, "index.html")
    bare, problems = sites.render(site_with())
    assert problems == [] and "evaluation/index.html" not in bare
    assert "Evaluation" not in sites.html(bare, "index.html")


def test_a_change_across_a_gap_says_since_when() -> None:
    gap = dataclasses.replace(
        measured("Requests", [30, 38], 40),
        series=(Measurement("2026-08", 30.0), Measurement("2026-10", 38.0)),
        previous_period="2026-08",
    )
    rows = {r.kpi.name: r for g in evaluation(site_with(gap), NL).groups for r in g.rows}
    assert (rows["Requests"].change, rows["Requests"].since) == ("+8", "t.o.v. aug 2026")
    plain = {
        r.kpi.name: r
        for g in evaluation(site_with(measured("A", [1, 2], 5)), EN).groups
        for r in g.rows
    }
    assert plain["A"].since == ""


def test_a_lower_is_better_kpi_says_improving_in_words() -> None:
    cost = measured("Cost", [2.7, 2.4], 2.5, unit="EUR", better="lower", progress="improving")
    worse = measured("Waiting", [3, 4], 5, better="lower", progress="worsening")
    rows = {r.kpi.name: r for g in evaluation(site_with(cost, worse), EN).groups for r in g.rows}
    assert (rows["Cost"].arrow, rows["Cost"].tone, rows["Cost"].progress) == (
        "↓",
        "good",
        "improving",
    )
    assert (rows["Waiting"].arrow, rows["Waiting"].tone, rows["Waiting"].progress) == (
        "↑",
        "bad",
        "worsening",
    )
    assert rows["Waiting"].group == "met-worse" and rows["Cost"].group == "met"
