"""The numbers journeygen computes from a journey: conversion, bottleneck, KPI status,
trends and the flow graph. Pure functions over model values; unit-tested."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Literal

from journeygen.model.site import (
    Conversion,
    FlowEdge,
    Kpi,
    Measurement,
    OverallConversion,
    Progress,
    Stage,
    Status,
    Trend,
)

PERIOD_RE = re.compile(r"^(\d{4})-(?:(\d{2})(?:-(\d{2}))?|W(\d{2}))$")


@functools.lru_cache(maxsize=4096)  # a project has few distinct periods, and many rows
def period_date(period: str) -> dt.date | None:
    """The first day of a period (`2026-10`, `2026-10-15`, `2026-W40`), or None if invalid."""
    match = PERIOD_RE.match(period)
    if not match:
        return None
    year, month, day, week = match.groups()
    try:
        if week:
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


PeriodKind = Literal["month", "week", "day"]


def period_kind(period: str) -> PeriodKind | None:
    """What a valid period counts: `2026-10` a month, `2026-W40` a week, `2026-10-15` a day."""
    match = PERIOD_RE.match(period)
    if not match:
        return None
    _year, _month, day, week = match.groups()
    return "week" if week else ("day" if day else "month")


@functools.lru_cache(maxsize=4096)
def period_index(period: str) -> int | None:
    """A period's place among the periods of its kind: consecutive months (weeks, days)
    have consecutive indexes, so a difference above 1 is a gap. None if invalid."""
    when, kind = period_date(period), period_kind(period)
    if when is None:
        return None
    if kind == "month":
        return when.year * 12 + when.month - 1
    if kind == "week":
        return when.toordinal() // 7  # the week's Monday
    return when.toordinal()


def is_gap(previous: str, latest: str) -> bool:
    """A period of the same kind is missing between two measurements."""
    a, b = period_index(previous), period_index(latest)
    return a is not None and b is not None and b - a > 1


def progress(delta: float | None, better: str) -> Progress | None:
    """What a change means for a KPI: improving when it went the way of `better`."""
    if delta is None:
        return None
    if delta == 0:
        return "unchanged"
    return "improving" if (delta > 0) == (better == "higher") else "worsening"


def sort_series(points: Sequence[Measurement]) -> tuple[Measurement, ...]:
    return tuple(sorted(points, key=lambda m: (period_date(m.period) or dt.date.min, m.period)))


def kpi_status(actual: float | None, target: float | None, better: str) -> Status:
    """`met` when the actual reaches the target in the direction of `better`."""
    if actual is None or target is None:
        return "unknown"
    if better == "lower":
        return "met" if actual <= target else "missed"
    return "met" if actual >= target else "missed"


def trend(series: Sequence[Measurement]) -> tuple[Trend | None, float | None]:
    """Direction of the last change in a sorted series, and the value before the latest."""
    if len(series) < 2:
        return None, None
    previous, latest = series[-2].value, series[-1].value
    if latest > previous:
        return "up", previous
    if latest < previous:
        return "down", previous
    return "flat", previous


def with_series(kpi: Kpi, points: Sequence[Measurement]) -> Kpi:
    """`kpi` with its measurements: the series sorted, the actual (a stated one wins), the
    status, and the last change (trend, previous value and period, progress).

    A stated `actual` that differs from the latest measurement has no change: the value
    before it is not in the series, and the last two measurements are not what is shown."""
    series = sort_series(points)
    actual = kpi.actual if kpi.actual is not None else (series[-1].value if series else None)
    direction, previous = trend(series)
    previous_period = series[-2].period if previous is not None else None
    if kpi.actual is not None and series and kpi.actual != series[-1].value:
        direction, previous, previous_period = None, None, None
    delta = None if previous is None or actual is None else actual - previous
    return dataclasses.replace(
        kpi,
        series=series,
        actual=actual,
        status=kpi_status(actual, kpi.target, kpi.better),
        trend=direction,
        previous=previous,
        previous_period=previous_period,
        progress=progress(delta, kpi.better),
    )


def conversions(stages: Sequence[Stage]) -> tuple[tuple[Conversion, ...], Conversion | None]:
    """Conversion between consecutive stages that state a volume, and the bottleneck.

    Stages without `volume` are skipped (and named in the conversion), so the rate runs
    from one measured stage to the next measured one. A stage with more people than the
    one before is an increase (a rate above 1). The bottleneck is the lowest rate (the
    first one on a tie); there is none when every step grows.
    """
    measured = [s for s in stages if s.volume is not None]
    rates = [
        (a, b, b.volume / a.volume)
        for a, b in itertools.pairwise(measured)
        if a.volume and b.volume is not None
    ]
    if not rates:
        return (), None
    lowest = min(range(len(rates)), key=lambda i: rates[i][2])
    if rates[lowest][2] > 1:
        lowest = -1
    result = tuple(
        Conversion(a.id, b.id, rate, is_bottleneck=(i == lowest), skipped=_between(stages, a, b))
        for i, (a, b, rate) in enumerate(rates)
    )
    return result, (result[lowest] if lowest >= 0 else None)


def _between(stages: Sequence[Stage], first: Stage, last: Stage) -> tuple[str, ...]:
    """The ids of the stages after `first` and before `last` (all without a volume)."""
    ids = [s.id for s in stages]
    return tuple(ids[ids.index(first.id) + 1 : ids.index(last.id)])


def overall_conversion(stages: Sequence[Stage]) -> OverallConversion | None:
    """From the first stage with a volume to the last: the share that makes it, the stages
    in between without a volume, and those with more people than the stage before."""
    measured = [s for s in stages if s.volume is not None]
    if len(measured) < 2 or not measured[0].volume:
        return None
    first, last = measured[0], measured[-1]
    return OverallConversion(
        first.id,
        last.id,
        (last.volume or 0) / (first.volume or 1),  # not 0 nor None: checked above
        skipped=tuple(
            s for s in _between(stages, first, last) if s not in {m.id for m in measured}
        ),
        increases=tuple(
            b.id for a, b in itertools.pairwise(measured) if (b.volume or 0) > (a.volume or 0)
        ),
    )


def flow_edges(stages: Sequence[Stage]) -> tuple[FlowEdge, ...]:
    """The flow graph between touchpoints.

    Where any touchpoint has `next`, the edges are exactly those links; otherwise the
    touchpoints are chained in order, within a stage and on to the next stage's first.
    An edge to the same or an earlier position is a loop (the loyalty or referral loop).
    """
    order: dict[str, tuple[int, int]] = {}
    for stage in stages:
        for position, tp in enumerate(stage.touchpoints):
            order[tp.id] = (stage.index, position)
    touchpoints = [tp for stage in stages for tp in stage.touchpoints]
    if any(tp.next for tp in touchpoints):
        links = [(tp.id, target) for tp in touchpoints for target in tp.next if target in order]
    else:
        links = [(a.id, b.id) for a, b in itertools.pairwise(touchpoints)]
    return tuple(
        FlowEdge(src, dst, is_loop=order[dst] <= order[src]) for src, dst in dict.fromkeys(links)
    )
