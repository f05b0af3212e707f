"""What a journey page shows, prepared for its template: charts drawn, texts formatted.

Templates display; the arranging that is more than display (which stage a conversion
belongs to, chart points, the KPI health bar, comparison rows) happens here, in Python.
Numbers themselves come computed from the model (metrics, compare).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from journeygen.analysis import metrics
from journeygen.core.i18n import Translator
from journeygen.model.presets import PRESET_TITLES
from journeygen.model.site import Conversion, Journey, Kpi, Persona, Stage
from journeygen.render import charts
from journeygen.render.markup import render_markdown

CURVE_STAGE_WIDTH = 260  # viewBox units per stage: the curve's shape for a ~13-19rem column
STAGE_COLOURS = 8  # the theme defines --jg-stage-0 .. --jg-stage-7
AVATAR_COLOURS = 6


def colour_index(key: str, count: int) -> int:
    """A stable colour for an id (the same on every build and machine)."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % count


def framework_title(journey: Journey, t: Translator) -> str | None:
    """The preset's name in the site's language (`Vijf fasen`), or the framework as written."""
    if journey.framework is None:
        return None
    if journey.framework in PRESET_TITLES:
        return t(f"framework.{journey.framework}")
    return journey.framework


@dataclass(frozen=True)
class Bottleneck:
    conversion: Conversion
    from_name: str
    to_name: str
    rate: str  # "18%"
    text: str  # "Biggest drop: Activation → Revenue (18% conversion)"
    label: str  # "Biggest drop"; an ideal journey's "Lowest conversion"


def _bottleneck_key(journey: Journey, key: str) -> str:
    """The words for the bottleneck: an ideal journey's lowest conversion is part of the
    design it aims for, not a problem, so its words are neutral ("Lowest conversion")."""
    return key + "_ideal" if journey.state == "ideal" else key


def bottleneck_view(
    journey: Journey, conversion: Conversion | None, t: Translator
) -> Bottleneck | None:
    if conversion is None:
        return None
    names = {s.id: s.name for s in journey.stages}
    from_name = names.get(conversion.from_stage, conversion.from_stage)
    to_name = names.get(conversion.to_stage, conversion.to_stage)
    rate = t.percent(conversion.rate)
    key = _bottleneck_key(journey, "bottleneck.text")
    text = t(key, source=from_name, target=to_name, rate=rate)
    if conversion.skipped:
        skipped = in_words([names.get(s, s) for s in conversion.skipped], t)
        key = _bottleneck_key(journey, "bottleneck.text_skips")
        text = t(key, source=from_name, target=to_name, rate=rate, skipped=skipped)
    label = t(_bottleneck_key(journey, "bottleneck.label"))
    return Bottleneck(conversion, from_name, to_name, rate, text, label)


def in_words(names: Sequence[str], t: Translator) -> str:
    """`A`, `A and B`, `A, B and C` (`en` in Dutch)."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + t("list.and") + names[-1]


def conversion_text(conversion: Conversion, t: Translator) -> str:
    """A conversion as shown: `18%`, or an increase as `+20%` (more people than before)."""
    if conversion.is_increase:
        return "+" + t.percent(conversion.rate - 1)
    return t.percent(conversion.rate)


@dataclass(frozen=True)
class Health:
    """KPI health at a glance: how many KPIs meet, miss or lack a target or value."""

    met: int
    missed: int
    unknown: int

    @property
    def total(self) -> int:
        return self.met + self.missed + self.unknown

    def share(self, part: str) -> str:
        """Width of one bar segment in CSS percent (always with a `.`)."""
        count = getattr(self, part)
        return f"{100 * count / self.total:.1f}" if self.total else "0"


def health(kpis: Sequence[Kpi]) -> Health:
    return Health(
        met=sum(k.status == "met" for k in kpis),
        missed=sum(k.status == "missed" for k in kpis),
        unknown=sum(k.status == "unknown" for k in kpis),
    )


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    stage: Stage
    target: str  # "≥ 5,000" / "≤ 48 h" / "–"
    actual: str
    spark: Markup
    change: str  # "+300 since Sep 2026", or ""
    change_tone: str  # good | bad | flat | ""
    progress: str = ""  # the change in words against `better`: "improving", "worsening"


# The class of a change (its colour), from what it means for the KPI (metrics.progress).
TONES: dict[str, str] = {"improving": "good", "worsening": "bad", "unchanged": "flat"}


def kpi_target(kpi: Kpi, t: Translator) -> str:
    """`≥ 500` or `≤ 8 days` (the direction is `better`), `–` without a target."""
    if kpi.target is None:
        return "–"
    return ("≥ " if kpi.better == "higher" else "≤ ") + t.value(kpi.target, kpi.unit)


def kpi_sparkline(kpi: Kpi, t: Translator) -> str:
    """The KPI's measurements as a sparkline (empty with fewer than two), placed by period:
    a missing period is a gap in the line. Its title says how the last change reads."""
    values = [m.value for m in kpi.series]
    if len(values) < 2:
        return ""
    title = t("kpi.trend_title", name=kpi.name, count=t.number(len(values)))
    if kpi.progress is not None:
        title += f" ({t('progress.' + kpi.progress)})"
    indexes = [metrics.period_index(m.period) or 0 for m in kpi.series]
    positions = tuple(i - indexes[0] for i in indexes)
    return charts.sparkline(
        values, title=title, target=kpi.target, better=kpi.better, positions=positions
    )


def signed_change(delta: float, unit: str, t: Translator) -> str:
    """A change with its sign: `+80`; of a percentage in percentage points, `+1.5 pp`."""
    text = t.signed(delta)
    return t("evaluation.points", delta=text) if unit.strip() == "%" else text


def kpi_row(kpi: Kpi, stage: Stage, t: Translator) -> KpiRow:
    target = kpi_target(kpi, t)
    spark = kpi_sparkline(kpi, t)
    change, tone, moved = "", "", ""
    if kpi.previous is not None and kpi.actual is not None and kpi.previous_period is not None:
        delta = kpi.actual - kpi.previous
        change = t(
            "kpi.change",
            delta=signed_change(delta, kpi.unit, t),
            since=t.period(kpi.previous_period),
        )
        tone = TONES[kpi.progress or "unchanged"]
        moved = t(f"progress.{kpi.progress or 'unchanged'}")
    return KpiRow(
        kpi, stage, target, t.value(kpi.actual, kpi.unit), Markup(spark), change, tone, moved
    )


@dataclass(frozen=True)
class StageColumn:
    stage: Stage
    colour: int
    conversion_in: Conversion | None  # from the previous measured stage into this one
    kpis: tuple[KpiRow, ...]
    people: str = ""  # the stage's volume: "19,076 people"; "" without one
    rate: str = ""  # conversion_in as a percentage: "49%", an increase "+20%"; "" without one
    rate_words: str = ""  # the same for screen readers: "49% of the previous stage ..."
    # The classes of each cell of the column on the map: "jg-c3", plus "jg-after-bottleneck"
    # when the biggest drop comes into it (made once, not in every cell).
    classes: str = field(init=False)

    def __post_init__(self) -> None:
        after = self.conversion_in is not None and self.conversion_in.is_bottleneck
        classes = f"jg-c{self.colour}" + (" jg-after-bottleneck" if after else "")
        object.__setattr__(self, "classes", classes)


@dataclass(frozen=True)
class EmotionRow:
    """The text alternative of the emotion curve: one row per stage."""

    stage: Stage
    emotion: str  # "+1 (positive)" or "–"
    touchpoints: tuple[str, ...]  # "Google Ads: −1 (negative)"


def stage_columns(journey: Journey, t: Translator) -> tuple[StageColumn, ...]:
    incoming = {c.to_stage: c for c in journey.conversions}
    columns = []
    for position, stage in enumerate(journey.stages):
        conversion = incoming.get(stage.id)
        rate = words = ""
        if conversion is not None:
            rate = conversion_text(conversion, t)
            key = "map.increase_in" if conversion.is_increase else "map.conversion_in"
            words = t(key, rate=rate)
        columns.append(
            StageColumn(
                stage=stage,
                colour=position % STAGE_COLOURS,
                conversion_in=conversion,
                kpis=tuple(kpi_row(kpi, stage, t) for kpi in stage.kpis),
                people="" if stage.volume is None else t.plural("map.people", stage.volume),
                rate=rate,
                rate_words=words,
            )
        )
    return tuple(columns)


def map_lanes(journey: Journey) -> frozenset[str]:
    """The rows of the journey map that some stage has something for: "stage" (description,
    goal, evidence or source), "doing", "thinking", "pains", "opportunities"."""
    lanes = set()
    for stage in journey.stages:
        if stage.description or stage.goal or stage.evidence or stage.source:
            lanes.add("stage")
        for lane, notes in (
            ("doing", stage.actions),
            ("thinking", stage.thoughts),
            ("pains", stage.pains),
            ("opportunities", stage.opportunities),
        ):
            if notes:
                lanes.add(lane)
    return frozenset(lanes)


def curve_points(stages: Sequence[Stage], t: Translator) -> tuple[charts.CurvePoint, ...]:
    """Stage emotions at the column centres; touchpoint emotions spread inside their column."""
    points = []
    for i, stage in enumerate(stages):
        if stage.emotion is not None:
            label = f"{stage.name}: {t.emotion(stage.emotion)}"
            points.append(charts.CurvePoint(i + 0.5, stage.emotion, label, "stage"))
        count = len(stage.touchpoints)
        for k, tp in enumerate(stage.touchpoints):
            if tp.emotion is not None:
                x = i + (k + 1) / (count + 1)
                label = f"{tp.name}: {t.emotion(tp.emotion)}"
                points.append(charts.CurvePoint(x, tp.emotion, label, "touchpoint"))
    return tuple(points)


def emotion_curve(journey: Journey, t: Translator) -> Markup:
    if not any(
        s.emotion is not None or any(tp.emotion is not None for tp in s.touchpoints)
        for s in journey.stages
    ):
        return Markup("")
    series = charts.CurveSeries(journey.title, curve_points(journey.stages, t))
    svg = charts.emotion_curve(
        len(journey.stages),
        [series],
        stage_width=CURVE_STAGE_WIDTH,
        title=t("curve.title", title=journey.title),
        description=t("curve.description"),
    )
    return Markup(svg)


def emotion_sparkline(journey: Journey, t: Translator) -> Markup:
    """The stage emotions as a small line, for the overview cards."""
    emotions = [s.emotion for s in journey.stages if s.emotion is not None]
    if len(emotions) < 2:
        return Markup("")
    title = t("card.emotion_title")
    # Drawn wide: the card scales it to its own width (see .jg-jcard__emotion svg).
    return Markup(charts.sparkline(emotions, title=title, width=320, height=36, better="higher"))


def emotion_rows(journey: Journey, t: Translator) -> tuple[EmotionRow, ...]:
    return tuple(
        EmotionRow(
            stage=stage,
            emotion=t.emotion(stage.emotion) if stage.emotion is not None else "–",
            touchpoints=tuple(
                f"{tp.name}: {t.emotion(tp.emotion)}"
                for tp in stage.touchpoints
                if tp.emotion is not None
            ),
        )
        for stage in journey.stages
    )


def funnel(journey: Journey, t: Translator) -> Markup:
    if not journey.conversions:
        return Markup("")
    incoming = {c.to_stage: c for c in journey.conversions}
    bottleneck = journey.bottleneck
    steps = [
        charts.FunnelStep(
            label=stage.name,
            value=stage.volume,
            value_text=t.number(stage.volume),
            rate_text=conversion_text(incoming[stage.id], t) if stage.id in incoming else None,
            is_bottleneck=bottleneck is not None and bottleneck.to_stage == stage.id,
        )
        for stage in journey.stages
        if stage.volume is not None
    ]
    svg = charts.funnel_chart(
        steps,
        title=t("funnel.title", title=journey.title),
        description=t("funnel.description"),
        bottleneck_label=t(_bottleneck_key(journey, "funnel.bottleneck")),
    )
    return Markup(svg)


@dataclass(frozen=True)
class Overall:
    """From the first stage with a volume to the last: the share that makes it, and in
    words the stages it skips and the increases it runs through."""

    source: str
    target: str
    rate: str
    note: str = ""  # "Skips Activation (no volume)." ; "" when it spans every stage


def overall_conversion(journey: Journey, t: Translator) -> Overall | None:
    overall = metrics.overall_conversion(journey.stages)
    if overall is None:
        return None
    names = {s.id: s.name for s in journey.stages}
    notes = []
    if overall.skipped:
        notes.append(t("funnel.skips", stages=in_words([names[s] for s in overall.skipped], t)))
    if overall.increases:
        stages = in_words([names[s] for s in overall.increases], t)
        notes.append(t("funnel.increases", stages=stages))
    return Overall(
        names[overall.from_stage], names[overall.to_stage], t.percent(overall.rate), " ".join(notes)
    )


@dataclass(frozen=True)
class Avatar:
    initials: str
    colour: int
    photo: str | None  # site path


def avatar(persona: Persona) -> Avatar:
    return Avatar(persona.initials, colour_index(persona.id, AVATAR_COLOURS), persona.photo)


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def page_summary(markdown: str, length: int = 140) -> str:
    """The first paragraph of a free page as plain text, cut at a word near `length`: what
    the overview's card of the page says when its front matter gives no description."""
    found = _PARAGRAPH.search(render_markdown(markdown, heading_level=2).html)
    if not found:
        return ""
    text = " ".join(html.unescape(_TAG.sub("", found.group(1))).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"
