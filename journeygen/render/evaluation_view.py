"""The monthly evaluation as its page shows it: each KPI's row formatted, grouped by what
needs attention first (the numbers come from `analysis.evaluation`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from journeygen.analysis.evaluation import (
    GROUPS,
    change,
    evaluated_journeys,
    group,
    latest,
    newest_month,
    relative_change,
    worsening,
)
from journeygen.analysis.metrics import is_gap, progress
from journeygen.core.i18n import MINUS, Translator
from journeygen.model.site import Journey, Kpi, Progress, Site, Stage
from journeygen.render import views
from journeygen.render.paths import Paths


def _signed_percent(rate: float, t: Translator) -> str:
    text = t.percent(abs(rate))
    if text.strip("0,.%") == "":
        return text
    return ("+" if rate > 0 else MINUS) + text


@dataclass(frozen=True)
class EvaluationRow:
    journey: Journey
    stage: Stage
    kpi: Kpi
    group: str
    link: str  # site path of the KPI on its journey page, with its anchor
    value: str  # "600 bezoekers", "–"
    period: str  # when the latest value was measured, "okt 2026"; "" when stated
    stale: bool  # last measured in a month before the evaluation's month
    change: str  # "+80", "−2 pp"; "" without two measurements
    since: str  # "since Aug 2026" when a period is missing before the latest; else ""
    progress: Progress | None  # the change against `better`: improving, worsening, unchanged
    progress_text: str  # the same in words, for screen readers: "worsening"
    percent: str  # "+15%"; "" when there is no previous value to compare with
    arrow: str  # ↑ ↓ →, the direction of the value
    tone: str  # good | bad | flat | ""
    target: str  # "≥ 550 bezoekers", "–"
    spark: Markup


@dataclass(frozen=True)
class EvaluationGroup:
    key: str
    title: str
    rows: tuple[EvaluationRow, ...]
    count: int  # KPIs in the group: more than `rows` on a page of a long evaluation


@dataclass(frozen=True)
class Evaluation:
    period: str  # the newest month any KPI was measured in, "okt 2026"; "" if none
    groups: tuple[EvaluationGroup, ...]  # in the order of GROUPS, only those with KPIs
    missed: int
    worsening: int
    met: int
    unknown: int
    summary: str  # "5 off target, 3 worsening"

    @property
    def total(self) -> int:
        return self.missed + self.met + self.unknown


def evaluation_row(
    journey: Journey, stage: Stage, kpi: Kpi, newest: str | None, t: Translator
) -> EvaluationRow:
    """One KPI; `newest` is the evaluation's month (`2026-10`), to tell what is behind."""
    delta, rate = change(kpi), relative_change(kpi)
    period, month = latest(kpi)
    change_text, tone, arrow, since = "", "", "", ""
    moved = progress(delta, kpi.better)
    if delta is not None:
        change_text = views.signed_change(delta, kpi.unit, t)
        arrow = "→" if delta == 0 else ("↑" if delta > 0 else "↓")
        tone = views.TONES[moved or "unchanged"]
        before = kpi.previous_period or kpi.series[-2].period
        if is_gap(before, kpi.series[-1].period):
            since = t("evaluation.since", since=t.period(before))
    target = views.kpi_target(kpi, t)
    spark = views.kpi_sparkline(kpi, t)
    return EvaluationRow(
        journey=journey,
        stage=stage,
        kpi=kpi,
        group=group(kpi),
        link=f"{Paths.journey(journey.id)}#{kpi.slug}",
        value=t.value(kpi.actual, kpi.unit),
        period=t.period(period) if period else "",
        stale=month is not None and newest is not None and month < newest,
        change=change_text,
        since=since,
        progress=moved,
        progress_text=t(f"progress.{moved}") if moved else "",
        percent=_signed_percent(rate, t) if rate is not None else "",
        arrow=arrow,
        tone=tone,
        target=target,
        spark=Markup(spark),
    )


@dataclass(frozen=True)
class Evaluated:
    """A KPI to evaluate, in the evaluation's order (`evaluated`)."""

    journey: Journey
    stage: Stage
    kpi: Kpi
    group: str
    # Its row by (month, translator): a KPI is on two pages (the list and its owner's), made
    # once (the evaluation's pages are rendered by one process: `PageSpec.group`).
    rows: dict[object, EvaluationRow] = field(default_factory=dict, compare=False, repr=False)

    def row(self, newest: str | None, t: Translator) -> EvaluationRow:
        key = (newest, t)
        made = self.rows.get(key)
        if made is None:
            made = self.rows[key] = evaluation_row(self.journey, self.stage, self.kpi, newest, t)
        return made

    def shows(self) -> str:
        """What its row shows (in its page's memo inputs): the KPI, and of its journey and
        stage only the id, title and name, so an edit of a journey's text redraws no page
        of the evaluation."""
        k = self.kpi
        series = "\x1f".join(f"{m.period}\x1d{m.value}" for m in k.series)
        return "\x1d".join(
            (
                self.journey.id,
                self.journey.title,
                self.stage.id,
                self.stage.name,
                k.name,
                k.slug,
                k.signal,
                k.measure,
                f"{k.target}\x1f{k.actual}\x1f{k.previous}\x1f{k.previous_period}",
                f"{k.unit}\x1f{k.better}\x1f{k.status}\x1f{k.trend}\x1f{k.progress}",
                f"{k.owner}\x1f{k.internal}",
                series,
            )
        )


def evaluated(site: Site) -> tuple[Evaluated, ...]:
    """Every KPI of the evaluated journeys, grouped in the order of GROUPS, within a group
    in the order of the map."""
    items = [
        Evaluated(journey, stage, kpi, group(kpi))
        for journey in evaluated_journeys(site)
        for stage in journey.stages
        for kpi in stage.kpis
    ]
    order = {key: n for n, key in enumerate(GROUPS)}
    return tuple(sorted(items, key=lambda item: order[item.group]))


def evaluation(site: Site, t: Translator) -> Evaluation:
    items = evaluated(site)
    return evaluation_of(totals(items), items, newest_month(site), t)


@dataclass(frozen=True)
class Totals:
    """The evaluation's counts, shown on each of its pages: made once, not per page."""

    missed: int
    worsening: int
    met: int
    unknown: int


def totals(every: Sequence[Evaluated]) -> Totals:
    kpis = [item.kpi for item in every]
    return Totals(
        missed=sum(k.status == "missed" for k in kpis),
        worsening=sum(worsening(k) for k in kpis),
        met=sum(k.status == "met" for k in kpis),
        unknown=sum(k.status == "unknown" for k in kpis),
    )


def evaluation_of(
    counted: Totals,
    shown: Sequence[Evaluated],
    newest: str | None,
    t: Translator,
    group_counts: Mapping[str, int] | None = None,
) -> Evaluation:
    """The evaluation (its `counted` totals) with rows for the KPIs `shown` (one page);
    `group_counts`: how many KPIs each group has in the list the page is part of."""
    rows = [item.row(newest, t) for item in shown]
    groups = tuple(
        EvaluationGroup(
            key,
            t(f"evaluation.group.{key}"),
            members,
            len(members) if group_counts is None else group_counts[key],
        )
        for key in GROUPS
        if (members := tuple(row for row in rows if row.group == key))
    )
    parts = [t("evaluation.count.missed", count=t.number(counted.missed))]
    parts.append(t("evaluation.count.worsening", count=t.number(counted.worsening)))
    return Evaluation(
        period=t.period(newest) if newest else "",
        groups=groups,
        missed=counted.missed,
        worsening=counted.worsening,
        met=counted.met,
        unknown=counted.unknown,
        summary=", ".join(parts),
    )
