"""Conversion, bottleneck, KPI status, trends and the flow graph."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeygen.analysis.metrics import (
    conversions,
    flow_edges,
    is_gap,
    kpi_status,
    overall_conversion,
    period_date,
    period_index,
    period_kind,
    progress,
    sort_series,
    trend,
    with_series,
)
from journeygen.model.site import Kpi, Measurement, Stage, Touchpoint
from journeygen.render.charts import sparkline


def stage(
    index: int, sid: str, volume: int | None = None, tps: tuple[Touchpoint, ...] = ()
) -> Stage:
    return Stage(id=sid, name=sid.title(), index=index, volume=volume, touchpoints=tps)


def tp(tid: str, stage_id: str, *next_ids: str) -> Touchpoint:
    return Touchpoint(id=tid, name=tid, stage_id=stage_id, next=tuple(next_ids))


def test_conversion_rates_and_the_lowest_is_the_bottleneck() -> None:
    stages = [stage(0, "a", 1000), stage(1, "b", 400), stage(2, "c", 60), stage(3, "d", 30)]
    rates, bottleneck = conversions(stages)
    assert [(c.from_stage, c.to_stage, round(c.rate, 3)) for c in rates] == [
        ("a", "b", 0.4),
        ("b", "c", 0.15),
        ("c", "d", 0.5),
    ]
    assert bottleneck is not None and (bottleneck.from_stage, bottleneck.to_stage) == ("b", "c")
    assert [c.is_bottleneck for c in rates] == [False, True, False]


def test_stages_without_volume_are_skipped_and_zero_volume_gives_no_rate() -> None:
    rates, _ = conversions([stage(0, "a", 100), stage(1, "b"), stage(2, "c", 50)])
    assert [(c.from_stage, c.to_stage, c.rate) for c in rates] == [("a", "c", 0.5)]
    rates, bottleneck = conversions([stage(0, "a", 0), stage(1, "b", 10)])
    assert rates == () and bottleneck is None
    assert conversions([stage(0, "a", 100)]) == ((), None)


def test_bottleneck_tie_goes_to_the_first() -> None:
    _, bottleneck = conversions([stage(0, "a", 100), stage(1, "b", 50), stage(2, "c", 25)])
    assert bottleneck is not None and bottleneck.from_stage == "a"


def test_kpi_status_follows_better() -> None:
    assert kpi_status(4200, 5000, "higher") == "missed"
    assert kpi_status(5000, 5000, "higher") == "met"
    assert kpi_status(2.1, 3.0, "lower") == "met"
    assert kpi_status(3.5, 3.0, "lower") == "missed"
    assert kpi_status(None, 3.0, "higher") == "unknown"
    assert kpi_status(1.0, None, "higher") == "unknown"


def test_periods_of_three_kinds_sort_by_date() -> None:
    assert period_date("2026-10") == dt.date(2026, 10, 1)
    assert period_date("2026-10-15") == dt.date(2026, 10, 15)
    assert period_date("2026-W40") == dt.date(2026, 9, 28)
    for bad in ("2026-13", "oktober", "2026-W60", "2026-02-30", "26-10"):
        assert period_date(bad) is None, bad
    series = sort_series(
        [Measurement("2026-10", 3.0), Measurement("2026-08", 1.0), Measurement("2026-09", 2.0)]
    )
    assert [m.period for m in series] == ["2026-08", "2026-09", "2026-10"]


def test_trend_is_the_direction_of_the_last_change() -> None:
    up = sort_series([Measurement("2026-09", 3900), Measurement("2026-10", 4200)])
    assert trend(up) == ("up", 3900)
    down = (Measurement("2026-09", 5), Measurement("2026-10", 4))
    assert trend(down) == ("down", 5)
    assert trend((Measurement("2026-09", 5), Measurement("2026-10", 5))) == ("flat", 5)
    assert trend((Measurement("2026-10", 5),)) == (None, None)


def test_flow_without_next_chains_touchpoints_in_order() -> None:
    stages = [
        stage(0, "a", tps=(tp("ad", "a"), tp("seo", "a"))),
        stage(1, "b"),
        stage(2, "c", tps=(tp("form", "c"),)),
    ]
    edges = flow_edges(stages)
    assert [(e.source, e.target, e.is_loop) for e in edges] == [
        ("ad", "seo", False),
        ("seo", "form", False),
    ]


def test_flow_with_next_uses_only_next_and_marks_loops() -> None:
    stages = [
        stage(0, "a", tps=(tp("ad", "a", "form"), tp("seo", "a"))),
        stage(1, "b", tps=(tp("form", "b", "review"),)),
        stage(2, "c", tps=(tp("review", "c", "ad", "review"),)),
    ]
    edges = flow_edges(stages)
    assert [(e.source, e.target, e.is_loop) for e in edges] == [
        ("ad", "form", False),
        ("form", "review", False),
        ("review", "ad", True),
        ("review", "review", True),
    ]


def test_period_kind_and_index_count_months_weeks_and_days() -> None:
    assert [period_kind(p) for p in ("2026-10", "2026-W40", "2026-10-15", "x")] == [
        "month",
        "week",
        "day",
        None,
    ]
    assert period_index("2027-01") - period_index("2026-12") == 1  # type: ignore[operator]
    assert period_index("2027-W01") - period_index("2026-W53") == 1  # type: ignore[operator]
    assert period_index("2026-03-01") - period_index("2026-02-28") == 1  # type: ignore[operator]


def test_a_gap_is_a_missing_period_between_the_last_two_measurements() -> None:
    assert not is_gap("2026-09", "2026-10")
    assert is_gap("2026-08", "2026-10")
    assert not is_gap("2026-W52", "2026-W53") and is_gap("2026-W40", "2026-W42")
    assert is_gap("2026-10-01", "2026-10-03")


def test_progress_says_improving_or_worsening_against_better() -> None:
    assert progress(5, "higher") == "improving" and progress(-5, "higher") == "worsening"
    assert progress(-5, "lower") == "improving" and progress(5, "lower") == "worsening"
    assert progress(0, "lower") == "unchanged" and progress(None, "higher") is None


def test_a_growing_step_is_an_increase_and_never_the_bottleneck() -> None:
    rates, bottleneck = conversions([stage(0, "a", 1000), stage(1, "b", 250), stage(2, "c", 300)])
    assert [c.is_increase for c in rates] == [False, True]
    assert bottleneck is not None and bottleneck.to_stage == "b"
    rates, bottleneck = conversions([stage(0, "a", 100), stage(1, "b", 150)])
    assert rates[0].is_increase and bottleneck is None  # nothing drops: no biggest drop


def test_a_conversion_names_the_stages_it_skips() -> None:
    rates, _ = conversions([stage(0, "a", 100), stage(1, "b"), stage(2, "c"), stage(3, "d", 50)])
    assert [(c.from_stage, c.to_stage, c.skipped) for c in rates] == [("a", "d", ("b", "c"))]


def test_overall_conversion_spans_the_measured_stages_and_names_what_it_skips() -> None:
    stages = [stage(0, "x"), stage(1, "a", 1000), stage(2, "b"), stage(3, "c", 300)]
    stages += [stage(4, "d", 360), stage(5, "e")]
    total = overall_conversion(stages)
    assert total is not None
    assert (total.from_stage, total.to_stage, total.rate) == ("a", "d", 0.36)
    assert total.skipped == ("b",) and total.increases == ("d",)
    assert overall_conversion([stage(0, "a", 100)]) is None
    assert overall_conversion([stage(0, "a", 0), stage(1, "b", 10)]) is None


# --- properties ------------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None)
volumes = st.lists(st.one_of(st.none(), st.integers(1, 10**9)), min_size=1, max_size=8)
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
directions = st.sampled_from(["higher", "lower"])


def funnel(vols: list[int | None]) -> list[Stage]:
    return [stage(i, f"s{i}", v) for i, v in enumerate(vols)]


@PROPERTY
@given(vols=volumes)
def test_overall_conversion_is_the_product_of_the_step_conversions(vols: list[int | None]) -> None:
    stages = funnel(vols)
    rates, _ = conversions(stages)
    overall = overall_conversion(stages)
    measured = [v for v in vols if v is not None]
    if len(measured) < 2:
        assert overall is None and rates == ()
        return
    assert overall is not None
    first = min(i for i, v in enumerate(vols) if v is not None)
    last = max(i for i, v in enumerate(vols) if v is not None)
    assert overall.rate == pytest.approx(math.prod(c.rate for c in rates), rel=1e-9)
    assert [c.from_stage for c in rates][:1] == [overall.from_stage]
    assert [c.to_stage for c in rates][-1] == overall.to_stage
    between = {f"s{i}" for i in range(first + 1, last) if vols[i] is None}
    assert set(overall.skipped) == between == {s for c in rates for s in c.skipped}


@PROPERTY
@given(vols=volumes)
def test_the_bottleneck_is_the_first_lowest_rate_and_never_an_increase(
    vols: list[int | None],
) -> None:
    rates, bottleneck = conversions(funnel(vols))
    if not rates or min(c.rate for c in rates) > 1:
        assert bottleneck is None and not any(c.is_bottleneck for c in rates)
        return
    lowest = min(c.rate for c in rates)
    assert bottleneck is not None and bottleneck.rate == lowest and not bottleneck.is_increase
    assert next(c for c in rates if c.rate == lowest) is bottleneck
    assert [c for c in rates if c.is_bottleneck] == [bottleneck]


@PROPERTY
@given(a=values, b=values, target=values, better=directions)
def test_status_is_monotone_in_the_value(a: float, b: float, target: float, better: str) -> None:
    low, high = sorted((a, b))
    good, bad = (high, low) if better == "higher" else (low, high)
    if kpi_status(bad, target, better) == "met":
        assert kpi_status(good, target, better) == "met"
    assert kpi_status(good, None, better) == "unknown"


@PROPERTY
@given(before=values, after=values, better=directions)
def test_a_trend_reads_the_way_better_says(before: float, after: float, better: str) -> None:
    kpi = with_series(
        Kpi(name="K", slug="k", stage_id="s", target=0, better=better),  # type: ignore[arg-type]
        [Measurement("2026-10", after), Measurement("2026-09", before)],
    )
    assert (kpi.actual, kpi.previous, kpi.previous_period) == (after, before, "2026-09")
    assert kpi.trend == ("up" if after > before else "down" if after < before else "flat")
    rising = after > before
    if after == before:
        assert kpi.progress == "unchanged"
    else:
        assert (kpi.progress == "improving") == (rising == (better == "higher"))
    mood = {"improving": "good", "worsening": "bad", "unchanged": "flat"}[kpi.progress or ""]
    spark = sparkline([before, after], title="t", better=better)
    assert f"jg-spark-{mood}" in spark


def test_a_stated_actual_that_is_not_the_latest_measurement_has_no_change() -> None:
    series = [Measurement("2026-09", 3900), Measurement("2026-10", 4100)]
    stated = with_series(Kpi(name="K", slug="k", stage_id="s", target=5000, actual=4200), series)
    assert (stated.actual, stated.trend, stated.previous, stated.progress) == (
        4200,
        None,
        None,
        None,
    )
    same = with_series(Kpi(name="K", slug="k", stage_id="s", actual=4100), series)
    assert (same.trend, same.previous, same.previous_period) == ("up", 3900, "2026-09")
