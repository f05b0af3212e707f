"""The emotion curve of a journey that gives emotions per persona: one line per persona.

Where a stage or touchpoint says `emotion: {eva: 1, tom: -1}`, each persona gets a line
in their own style (colour, dash and marker), the same on every journey of the site, and
the curve a legend with their names. A single number on a stage counts for every persona;
a single number on a touchpoint is drawn once, as a neutral dot. A journey without
emotions per persona keeps the one curve of `views.emotion_curve`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from journeygen.core.i18n import Translator
from journeygen.model.site import Journey, Persona, Stage, Touchpoint
from journeygen.render import charts, views

STYLES = 4  # charts draws jg-series-0 .. jg-series-3 differently


def emotion_personas(journey: Journey) -> tuple[str, ...]:
    """The personas of the journey with an emotion of their own somewhere, in its order."""
    named: set[str] = set()
    for stage in journey.stages:
        named.update(stage.emotions)
        for touchpoint in stage.touchpoints:
            named.update(touchpoint.emotions)
    return tuple(pid for pid in journey.personas if pid in named)


def persona_styles(persona_ids: Sequence[str], site_ids: Sequence[str]) -> dict[str, int]:
    """A series style per persona: its place among the site's personas, so a persona looks
    the same on every journey; when two of one journey share a style, the later one takes
    the next free style (while there is one)."""
    styles: dict[str, int] = {}
    for pid in persona_ids:
        style = site_ids.index(pid) % STYLES if pid in site_ids else len(styles) % STYLES
        taken = set(styles.values())
        free = [s for s in range(STYLES) if s not in taken]
        if style in taken and free:
            style = min(free, key=lambda s: (s - style) % STYLES)
        styles[pid] = style
    return styles


def persona_value(item: Stage | Touchpoint, persona_id: str) -> float | None:
    """How this persona feels here: their own value, else the single value for everyone."""
    if item.emotions:
        return item.emotions.get(persona_id)
    return item.emotion


def _series(
    journey: Journey,
    names: Mapping[str, str],
    styles: Mapping[str, int],
    t: Translator,
) -> list[charts.CurveSeries]:
    series = []
    for pid in emotion_personas(journey):
        points = []
        for i, stage in enumerate(journey.stages):
            value = persona_value(stage, pid)
            if value is not None:
                label = f"{stage.name}, {names[pid]}: {t.emotion(value)}"
                points.append(charts.CurvePoint(i + 0.5, value, label, "stage"))
            count = len(stage.touchpoints)
            for k, tp in enumerate(stage.touchpoints):
                if pid in tp.emotions:
                    label = f"{tp.name}, {names[pid]}: {t.emotion(tp.emotions[pid])}"
                    x = i + (k + 1) / (count + 1)
                    points.append(charts.CurvePoint(x, tp.emotions[pid], label, "touchpoint"))
        series.append(charts.CurveSeries(names[pid], tuple(points), f"jg-series-{styles[pid]}"))
    shared = []  # touchpoints with one value for everyone
    for i, stage in enumerate(journey.stages):
        count = len(stage.touchpoints)
        for k, tp in enumerate(stage.touchpoints):
            if not tp.emotions and tp.emotion is not None:
                label = f"{tp.name}: {t.emotion(tp.emotion)}"
                x = i + (k + 1) / (count + 1)
                shared.append(charts.CurvePoint(x, tp.emotion, label, "touchpoint"))
    if shared:
        series.append(charts.CurveSeries("", tuple(shared), charts.SHARED))
    return series


def _names(personas: Sequence[Persona]) -> dict[str, str]:
    return {p.id: p.name for p in personas}


def emotion_curve(
    journey: Journey, personas: Sequence[Persona], site_ids: Sequence[str], t: Translator
) -> Markup:
    """One line per persona with emotions of their own, else the journey's single curve."""
    ids = emotion_personas(journey)
    if not ids:
        return views.emotion_curve(journey, t)
    names = {pid: pid for pid in ids} | _names(personas)
    svg = charts.emotion_curve(
        len(journey.stages),
        _series(journey, names, persona_styles(ids, site_ids), t),
        stage_width=views.CURVE_STAGE_WIDTH,
        title=t("curve.title", title=journey.title),
        description=t("curve.description_personas"),
        legend=True,
    )
    return Markup(svg)


def _text(
    item: Stage | Touchpoint, ids: Sequence[str], names: Mapping[str, str], t: Translator
) -> str:
    """`+1 (positive)`, or `Eva: +1 (positive); Tom: −1 (negative)`; "" without a value."""
    if not item.emotions:
        return t.emotion(item.emotion) if item.emotion is not None else ""
    return "; ".join(
        f"{names[pid]}: {t.emotion(item.emotions[pid])}" for pid in ids if pid in item.emotions
    )


def emotion_rows(
    journey: Journey, personas: Sequence[Persona], t: Translator
) -> tuple[views.EmotionRow, ...]:
    """The curve's text alternative: per stage each persona's value, and the touchpoints'."""
    ids = emotion_personas(journey)
    if not ids:
        return views.emotion_rows(journey, t)
    names = {pid: pid for pid in ids} | _names(personas)
    return tuple(
        views.EmotionRow(
            stage=stage,
            emotion=_text(stage, ids, names, t) or "–",
            touchpoints=tuple(
                f"{tp.name}: {_text(tp, ids, names, t)}"
                for tp in stage.touchpoints
                if _text(tp, ids, names, t)
            ),
        )
        for stage in journey.stages
    )
