"""The monthly evaluation: every KPI of every current journey, what needs attention first
(the numbers; `render.evaluation_view` formats them for the page).

For each KPI: its latest value and the period it was measured in, the change since the
previous measurement (absolute and in percent), its status against the target and a
sparkline. The order is fixed and tested: off target and worsening, off target, on target
but worsening, on target, and last the KPIs without a target or a value; within a group,
the order of the map (journeys by id, stages in order, KPIs in order).
"""

from __future__ import annotations

from journeygen.analysis.metrics import period_date, progress
from journeygen.model.site import Journey, Kpi, Site

GROUPS = ("missed-worse", "missed", "met-worse", "met", "unknown")


def evaluated_journeys(site: Site) -> tuple[Journey, ...]:
    """The journeys whose KPIs are evaluated: the current state (an ideal is a plan), of
    the listed journeys."""
    return tuple(j for j in site.listed_journeys if j.state == "current" and j.kpis)


def change(kpi: Kpi) -> float | None:
    """The latest value minus the one measured before it; None without two measurements."""
    if kpi.actual is None or kpi.previous is None or len(kpi.series) < 2:
        return None
    return kpi.actual - kpi.previous


def worsening(kpi: Kpi) -> bool:
    """The last change went the wrong way: down for `better: higher`, up for `lower`."""
    return progress(change(kpi), kpi.better) == "worsening"


def group(kpi: Kpi) -> str:
    """missed-worse, missed, met-worse, met or unknown (no target or no value)."""
    if kpi.status == "unknown":
        return "unknown"
    return f"{kpi.status}-worse" if worsening(kpi) else kpi.status


def relative_change(kpi: Kpi) -> float | None:
    """The change as a share of the previous value (0.25 for +25 %); None from zero."""
    delta = change(kpi)
    if delta is None or not kpi.previous:
        return None
    return delta / abs(kpi.previous)


def latest(kpi: Kpi) -> tuple[str, str | None]:
    """The period of the latest measurement as written, and its month (`2026-10`)."""
    if not kpi.series:
        return "", None
    period = kpi.series[-1].period
    when = period_date(period)
    return period, f"{when.year}-{when.month:02d}" if when else None


def newest_month(site: Site) -> str | None:
    """The latest month (`2026-10`) any evaluated KPI was measured in: a week or a day
    counts for the month it starts in."""
    months = [month for j in evaluated_journeys(site) for k in j.kpis if (month := latest(k)[1])]
    return max(months, default=None)
