"""Current vs ideal, prepared for the journey template: both emotion curves on one chart,
per-stage rows with touchpoints added and removed, KPI targets that changed, and the
bottleneck before and after. The numbers come from `compare`; this arranges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journeygen.core.i18n import Translator
from journeygen.model.site import Comparison, Journey, StageDelta
from journeygen.render import charts
from journeygen.render.views import Bottleneck, bottleneck_view


@dataclass(frozen=True)
class DeltaRow:
    delta: StageDelta
    current: str  # emotion text
    ideal: str
    change: str  # "+1.5" or ""
    tone: str  # good | bad | flat | ""


@dataclass(frozen=True)
class TargetRow:
    stage_name: str
    name: str
    current: str
    ideal: str


@dataclass(frozen=True)
class ComparisonView:
    comparison: Comparison
    current: Journey
    ideal: Journey
    curve: Markup
    rows: tuple[DeltaRow, ...]
    targets: tuple[TargetRow, ...]
    before: Bottleneck | None
    after: Bottleneck | None
    uplift: str  # average emotion change over the stages in both, "+1.2", or ""


def comparison_view(
    comparison: Comparison, journeys: Mapping[str, Journey], t: Translator, *, curve: bool = True
) -> ComparisonView:
    """The comparison; `curve=False` skips the two-line emotion chart (the compact version)."""
    current, ideal = journeys[comparison.current_id], journeys[comparison.ideal_id]
    stages = comparison.stages

    def points(values: Sequence[float | None], state: str) -> tuple[charts.CurvePoint, ...]:
        return tuple(
            charts.CurvePoint(i + 0.5, v, f"{d.name} ({t(state)}): {t.emotion(v)}", "stage")
            for i, (d, v) in enumerate(zip(stages, values, strict=True))
            if v is not None
        )

    current_points = points([d.current_emotion for d in stages], "state.current")
    ideal_points = points([d.ideal_emotion for d in stages], "state.ideal")
    chart = ""
    if curve and (current_points or ideal_points):
        chart = charts.emotion_curve(
            len(stages),
            [
                charts.CurveSeries(t("state.current"), current_points, "jg-series-1"),
                charts.CurveSeries(t("state.ideal"), ideal_points, "jg-series-0"),
            ],
            title=t("compare.curve_title"),
            description=t("compare.curve_description"),
        )
    rows = []
    for d in stages:
        change, tone = "", ""
        if d.emotion_delta is not None:
            change = t.signed(d.emotion_delta)
            tone = "flat" if d.emotion_delta == 0 else ("good" if d.emotion_delta > 0 else "bad")
        rows.append(
            DeltaRow(
                delta=d,
                current=t.emotion(d.current_emotion) if d.current_emotion is not None else "–",
                ideal=t.emotion(d.ideal_emotion) if d.ideal_emotion is not None else "–",
                change=change,
                tone=tone,
            )
        )
    names = {d.stage_id: d.name for d in stages}
    targets = tuple(
        TargetRow(
            stage_name=names.get(c.stage_id, c.stage_id),
            name=c.name,
            current=t.value(c.current_target, c.unit),
            ideal=t.value(c.ideal_target, c.unit),
        )
        for c in comparison.kpi_changes
    )
    deltas = [d.emotion_delta for d in stages if d.emotion_delta is not None]
    uplift = t.signed(sum(deltas) / len(deltas), 1) if deltas else ""
    return ComparisonView(
        comparison=comparison,
        current=current,
        ideal=ideal,
        curve=Markup(chart),
        rows=tuple(rows),
        targets=targets,
        before=bottleneck_view(current, comparison.current_bottleneck, t),
        after=bottleneck_view(ideal, comparison.ideal_bottleneck, t),
        uplift=uplift,
    )
