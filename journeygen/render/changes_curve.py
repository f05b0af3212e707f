"""A changed journey's emotion curve then and now, drawn over each other, for its "what
changed since" page (`changes_view.journey_view`)."""

from __future__ import annotations

from markupsafe import Markup

from journeygen.core.i18n import Translator
from journeygen.model.site import Journey, JourneyChanges
from journeygen.render import charts, views


def then_now_curve(journey: Journey, changes: JourneyChanges, t: Translator, since: str) -> Markup:
    """Both curves over the journey's stages now: a stage's emotion then is its old value
    where it changed, its value now where it did not, and none for a stage added since.
    Empty when no stage's emotion changed (the curve now says it all)."""
    stages = {item.id: item for item in changes.of_kind("stage")}
    moved = False
    then: list[charts.CurvePoint] = []
    now: list[charts.CurvePoint] = []
    for index, stage in enumerate(journey.stages):
        item = stages.get(stage.id)
        old = stage.emotion
        if item is not None and item.status == "added":
            old = None
        elif item is not None:
            for change in item.fields:
                if change.field == "emotion":
                    old, moved = change.old, True
        x = index + 0.5
        if old is not None:
            then.append(charts.CurvePoint(x, old, f"{stage.name}: {t.emotion(old)} ({since})"))
        if stage.emotion is not None:
            now.append(
                charts.CurvePoint(x, stage.emotion, f"{stage.name}: {t.emotion(stage.emotion)}")
            )
    if not moved:
        return Markup("")
    svg = charts.emotion_curve(
        len(journey.stages),
        [
            charts.CurveSeries(since, tuple(then), "jg-series-1"),
            charts.CurveSeries(t("changes.now"), tuple(now), "jg-series-0"),
        ],
        stage_width=views.CURVE_STAGE_WIDTH,
        title=t("changes.curve.title", title=journey.title, since=since),
        description=t("changes.curve.description", since=since),
        legend=True,
    )
    return Markup(svg)
