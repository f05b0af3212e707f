"""Inline SVG charts: the emotion curve, the conversion funnel and KPI sparklines.

Pure functions from plain data to SVG markup (no I/O, no JavaScript, no model imports).
The render layer passes labels already formatted and translated; every text is escaped here.
Colours are CSS custom properties with Okabe-Ito (colour-blind safe) fallbacks, so a theme
restyles them for light and dark mode: --jg-series-0..3, --jg-bar, --jg-bottleneck,
--jg-positive, --jg-negative, --jg-negative-tint, --jg-bg (marker halos), --jg-on-bar.
Text and grid lines use currentColor. Numbers are rounded to 0.1 for stable output.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from journeygen.render.svg import attributes as _attributes
from journeygen.render.svg import clip as _clip
from journeygen.render.svg import el as _el
from journeygen.render.svg import element as _element
from journeygen.render.svg import line as _line
from journeygen.render.svg import number as _n
from journeygen.render.svg import rect as _rect
from journeygen.render.svg import svg as _svg
from journeygen.render.svg import text as _text
from journeygen.render.svg import title as _title
from journeygen.render.svg import uid as _uid

BLUE, VERMILLION, GREEN, PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"
# Series styles: colour, dash pattern, marker shape -- three cues, never colour alone.
_SERIES: tuple[tuple[str, str, str], ...] = (
    (BLUE, "", "circle"), (VERMILLION, "7 4", "square"),
    (GREEN, "2 3", "diamond"), (PURPLE, "9 3 2 3", "triangle"),
)  # fmt: skip
_BG, _ON_BAR = "var(--jg-bg, #fff)", "var(--jg-on-bar, #fff)"
_BAR, _BOTTLENECK = f"var(--jg-bar, {BLUE})", f"var(--jg-bottleneck, {VERMILLION})"


@dataclass(frozen=True)
class CurvePoint:
    x: float  # stage units: stage i centre = i + 0.5; its touchpoints lie inside (i, i+1)
    value: float  # emotion -2..2
    label: str  # tooltip text
    kind: str = "stage"  # "stage" | "touchpoint"


@dataclass(frozen=True)
class CurveSeries:
    name: str  # legend text; "" keeps the series out of the legend
    points: tuple[CurvePoint, ...]
    css_class: str = "jg-series-0"  # jg-series-N picks colour, dash and marker N (mod 4)


SHARED = "jg-series-shared"  # a neutral series: points that are the same for every series


@dataclass(frozen=True)
class FunnelStep:
    label: str
    value: int
    value_text: str
    rate_text: str | None  # conversion from the previous step ("+20%": an increase); None first
    is_bottleneck: bool = False  # the step into which the biggest drop happens


# --- emotion curve ---------------------------------------------------------------------------


def monotone_tangents(pts: Sequence[tuple[float, float]]) -> list[float]:
    """The slope at each of two or more points of a monotone cubic (d3.curveMonotoneX):
    smooth, never overshooting a point. Also drawn by social_image.py."""
    h = [b[0] - a[0] or 1e-9 for a, b in pairwise(pts)]
    s = [(b[1] - a[1]) / dx for (a, b), dx in zip(pairwise(pts), h, strict=True)]
    m = [s[0]]
    for i in range(1, len(s)):
        t = (s[i - 1] * h[i] + s[i] * h[i - 1]) / (h[i - 1] + h[i])
        sign = (s[i - 1] > 0) - (s[i - 1] < 0) + (s[i] > 0) - (s[i] < 0)
        m.append(sign * min(abs(s[i - 1]), abs(s[i]), 0.5 * abs(t)))
    m.append(s[-1])
    return m


def _smooth(pts: Sequence[tuple[float, float]]) -> str:
    """Monotone cubic path through `pts` as SVG path data."""
    if len(pts) < 2:
        return ""
    h = [b[0] - a[0] or 1e-9 for a, b in pairwise(pts)]
    m = monotone_tangents(pts)
    d = f"M{_n(pts[0][0])} {_n(pts[0][1])}"
    for i, ((x0, y0), (x1, y1)) in enumerate(pairwise(pts)):
        c = h[i] / 3
        d += f"C{_n(x0 + c)} {_n(y0 + m[i] * c)} {_n(x1 - c)} {_n(y1 - m[i + 1] * c)} "
        d += f"{_n(x1)} {_n(y1)}"
    return d


def _marker(shape: str, x: float, y: float, r: float, tip: str, attributes: str) -> str:
    """A point of the curve; `attributes` (from `_attributes`) follow its position."""
    title = _title(tip)
    if shape == "circle":
        position = f' cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"'
        return _element("circle", title, position + attributes)
    if shape == "square":
        position = _attributes(dict(x=x - r, y=y - r, width=2 * r, height=2 * r))
        return _element("rect", title, position + attributes)
    a = r * 1.3
    if shape == "diamond":
        corners = [(x, y - a), (x + a, y), (x, y + a), (x - a, y)]
    else:
        corners = [(x, y - a), (x + a, y + 0.8 * a), (x - a, y + 0.8 * a)]
    d = "M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in corners) + "Z"
    return _element("path", title, _attributes(dict(d=d)) + attributes)


def _style(series: CurveSeries, k: int) -> tuple[str, str, str]:
    """(CSS colour, dash pattern, marker shape) for jg-series-N, else for the position k."""
    if series.css_class == SHARED:
        return "color:currentColor", "", "circle"
    found = re.fullmatch(r"jg-series-(\d+)", series.css_class)
    idx = (int(found.group(1)) if found else k) % len(_SERIES)
    colour, dash, shape = _SERIES[idx]
    return f"color:var(--jg-series-{idx}, {colour})", dash, shape


def _face(cx: float, cy: float, mood: int) -> str:
    base = cy + (2 if mood >= 0 else 3.8)
    mouth = f"M{_n(cx - 3.4)} {_n(base)}Q{_n(cx)} {_n(base + 3.4 * mood)} {_n(cx + 3.4)} {_n(base)}"
    eyes = "".join(_el("circle", cx=cx + dx, cy=cy - 1.8, r=0.8) for dx in (-2.4, 2.4))
    outline = _el("circle", cx=cx, cy=cy, r=7, fill="none") + _el("path", d=mouth, fill="none")
    attrs = dict(stroke="currentColor", stroke_width=1.2, stroke_linecap="round", opacity=0.7)
    return _el("g", outline + eyes, class_="jg-face", **attrs)


def _legend(series: Sequence[CurveSeries], x0: float, w: float) -> tuple[str, float]:
    """Legend items flowing left to right, wrapping; returns markup and its height."""
    out, x, y = "", x0, 14.0
    for k, s in enumerate(series):
        if not s.name:
            continue
        style, dash, shape = _style(s, k)
        name = _clip(s.name, 28)
        item_w = 36 + len(name) * 6.6 + 20
        if x > x0 and x + item_w > w:
            x, y = x0, y + 18
        swatch = _line(x, y - 4, x + 28, y - 4, "jg-line", stroke_width=2.5, stroke_dasharray=dash)
        swatch += _marker(shape, x + 14, y - 4, 3.8, "", _attributes(dict(style=f"stroke:{_BG}")))
        out += _el("g", swatch, class_="jg-legend-swatch", fill="currentColor", style=style)
        out += _text(x + 34, y, name, "jg-legend-label")
        x += item_w
    return out, y + 8


def emotion_curve(
    stage_count: int,
    series: Sequence[CurveSeries],
    *,
    title: str,
    description: str,
    stage_width: float = 200,
    height: float = 160,
    face_labels: bool = True,
    legend: bool | None = None,
) -> str:
    """Emotion per stage, one line per series; its width lines up with stage_count columns.

    The line runs through the stage points (one `.jg-point[data-stage]` each); touchpoints
    are small hollow dots off the line. face_labels: faces at the left edge, else +2/0/-2.
    legend: the series' names above the chart; by default when more than one has a name.
    """
    if stage_count < 1:
        return ""
    w, left = stage_count * stage_width, 26.0
    asked = legend
    if legend is None:
        legend = sum(1 for s in series if s.name) > 1
    names, legend_h = _legend(series, left, w - 4) if legend else ("", 0.0)
    top, bottom = 12 + legend_h, height - 12

    def y(v: float) -> float:
        return bottom - (min(max(v, -2.0), 2.0) + 2) / 4 * (bottom - top)

    body = _grid(stage_count, stage_width, left, top, bottom, face_labels)
    line = dict(fill="none", stroke="currentColor", stroke_width=2.5, stroke_linecap="round")
    for k, s in enumerate(series):
        style, dash, shape = _style(s, k)
        stages = sorted((p for p in s.points if p.kind == "stage"), key=lambda p: p.x)
        path = _smooth([(p.x * stage_width, y(p.value)) for p in stages])
        inner = _el("path", class_="jg-line", d=path, stroke_dasharray=dash, **line) if path else ""
        for p in sorted(s.points, key=lambda p: (p.kind == "stage", p.x)):
            stage = min(max(int(p.x), 0), stage_count - 1)
            where = f' data-stage="{stage}" data-value="{_n(p.value)}"'
            px, py = p.x * stage_width, y(p.value)
            if p.kind == "stage":
                inner += _marker(shape, px, py, 5.5, p.label, _STAGE_POINT + where)
            else:
                inner += _marker("circle", px, py, 3.2, p.label, _TOUCHPOINT_POINT + where)
        cls = f"jg-series {s.css_class}"
        body += _el("g", inner, class_=cls, data_series=k, fill="currentColor", style=style)
    key = (stage_count, tuple(series), title, description, stage_width, height, face_labels)
    uid = _uid("curve", *key, *(() if asked is None else (asked,)))
    return _svg(uid, "jg-emotion-curve", w, height, title, description, body + names, width="100%")


# The paint of the curve's points, the same on every point (their position and data follow).
_STAGE_POINT = _attributes(dict(class_="jg-point", stroke_width=2, style=f"stroke:{_BG}"))
_TOUCHPOINT_POINT = _attributes(
    dict(class_="jg-touchpoint", stroke="currentColor", style=f"fill:{_BG}", stroke_width=1.5)
)


@functools.lru_cache(maxsize=64)
def _grid(
    stage_count: int, stage_width: float, left: float, top: float, bottom: float, faces: bool
) -> str:
    """The curve's background: the negative half tinted, stage dividers, the grid lines and
    the scale (faces or +2/0/−2). The same for every chart of a size: drawn once."""
    w = stage_count * stage_width

    def y(v: float) -> float:
        return bottom - (v + 2) / 4 * (bottom - top)

    tint = "fill:var(--jg-negative-tint, rgba(213, 94, 0, .07))"
    body = _rect(left, y(0), w - left, y(-2) - y(0), "jg-negative", style=tint)
    for x in (i * stage_width for i in range(1, stage_count)):
        body += _line(x, top, x, bottom, "jg-divider", stroke_opacity=0.1)
    for v in (2, 1, -1, -2):
        body += _line(left, y(v), w, y(v), "jg-grid", stroke_opacity=0.12)
    body += _line(left, y(0), w, y(0), "jg-zero", stroke_opacity=0.45, stroke_dasharray="4 4")
    for v, face, label in ((2, 1, "+2"), (0, 0, "0"), (-2, -1, "−2")):
        if faces:
            body += _face(left / 2, y(v), face)
        else:
            attrs = dict(font_size=11, text_anchor="middle", fill_opacity=0.7)
            body += _text(left / 2, y(v) + 4, label, "jg-axis-label", **attrs)
    return body


# --- funnel ----------------------------------------------------------------------------------


def funnel_chart(
    steps: Sequence[FunnelStep],
    *,
    title: str,
    description: str,
    bottleneck_label: str = "Bottleneck",
) -> str:
    """Horizontal bars, one `.jg-bar` per step, the conversion into each step, the bottleneck.

    The step into which the biggest drop happens is `<g class="jg-step jg-bottleneck">`: a
    tinted row, a vermillion hatched bar, a bold rate and a bottleneck_label badge. The viewBox
    is 420 wide and the SVG caps itself at 480px: 13px text reads ~15px on a desktop, ~11px on
    a 360px phone.
    """
    if not steps:
        return ""
    w, row = 420.0, 52.0
    vmax = max(max(s.value for s in steps), 0)
    vmin = min((s.value for s in steps if s.value > 0), default=0)
    # Linear, unless the smallest non-zero bar would be under 2% of the largest (a sliver on
    # a phone): then square-root, so every step stays visible. Printed values stay exact.
    sqrt = vmax > 0 and vmin / vmax < 0.02
    scale: Callable[[float], float] = math.sqrt if sqrt else float
    uid = _uid("funnel", tuple(steps), title, description, bottleneck_label)
    stripe = _el("rect", width=2.5, height=6, fill="#fff", fill_opacity=0.4)
    hatch = dict(id=f"{uid}-hatch", patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    body = _el("defs", _el("pattern", stripe, width=6, height=6, **hatch))
    for i, s in enumerate(steps):
        y0, by, neck = 4 + i * row, 26 + i * row, s.is_bottleneck
        bw = max(0.0 if vmax <= 0 else w * scale(max(s.value, 0)) / scale(vmax), 3.0)  # 0: a stub
        inner, right = "", w
        if s.rate_text is not None:
            rate = ("↑ " if s.rate_text.startswith("+") else "↓ ") + s.rate_text
            paint = dict(font_weight=700, style=f"fill:{_BOTTLENECK}") if neck else {}
            inner += _text(w, y0 + 14, rate, "jg-rate", text_anchor="end", **paint)
            right -= len(rate) * 7.2 + 8
        if neck:
            badge = _clip(bottleneck_label, 20)
            bx = right - len(badge) * 7.2 - 14
            pill: dict[str, object] = dict(rx=9, style=f"fill:{_BOTTLENECK}")
            inner += _rect(bx, y0 + 1, right - bx, 18, "jg-badge", "", **pill)
            paint = dict(font_size=11.5, font_weight=700, style=f"fill:{_ON_BAR}")
            inner += _text(bx + 7, y0 + 14, badge, "jg-badge-label", **paint)
            right = bx - 8
        label = _clip(s.label, right / 7.8)
        inner += _text(0, y0 + 14, label, "jg-step-label", font_size=13, font_weight=600)
        tip = f"{s.label}: {s.value_text}" + (f" ({s.rate_text})" if s.rate_text else "")
        track: dict[str, object] = (
            dict(style=f"fill:{_BOTTLENECK}", fill_opacity=0.15) if neck else {}
        )
        inner += _rect(0, by, w, 20, "jg-track", "", rx=3, **(track or dict(fill_opacity=0.07)))
        fill = _BOTTLENECK if neck else _BAR
        inner += _rect(0, by, bw, 20, "jg-bar", tip, rx=3, style=f"fill:{fill}", data_value=s.value)
        if neck:
            inner += _rect(0, by, bw, 20, "jg-hatch", rx=3, fill=f"url(#{uid}-hatch)")
        value: dict[str, object] = dict(font_size=13)
        if bw + len(s.value_text) * 7.6 + 12 <= w:  # the value after the bar, else inside it
            inner += _text(bw + 6, by + 14.5, s.value_text, "jg-value", **value)
        else:
            value |= dict(font_weight=600, text_anchor="end", style=f"fill:{_ON_BAR}")
            inner += _text(bw - 7, by + 14.5, s.value_text, "jg-value", **value)
        body += _el("g", inner, class_="jg-step jg-bottleneck" if neck else "jg-step", data_step=i)
    size = dict(width="100%", style="max-width:480px", data_scale="sqrt" if sqrt else "linear")
    return _svg(uid, "jg-funnel", w, len(steps) * row + 2, title, description, body, **size)


# --- sparkline -------------------------------------------------------------------------------


_LINE = dict(fill="none", stroke="currentColor", stroke_width=1.5, stroke_linejoin="round")
_SPARK_LINE = _attributes(_LINE)
_SPARK_REST = _attributes(dict(stroke_opacity=0.55, **_LINE))
_SPARK_END = {  # the last move, coloured by whether it went the right way
    mood: _attributes(
        dict(class_=f"jg-spark-end jg-spark-{mood}", fill="currentColor", style=style)
    )
    for mood, style in (
        ("flat", "color:currentColor"),
        ("good", f"color:var(--jg-positive, {GREEN})"),
        ("bad", f"color:var(--jg-negative, {VERMILLION})"),
    )
}


@functools.lru_cache(maxsize=64)
def _spark_xs(n: int, width: float, pad: float) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The x of each of `n` points across a sparkline, and as text: the same for every
    sparkline of a size (a year of months: 12), so made once."""
    xs = (width / 2,) if n == 1 else tuple(pad + i * (width - 2 * pad) / (n - 1) for i in range(n))
    return xs, tuple(_n(x) for x in xs)


def sparkline(
    values: Sequence[float],
    *,
    title: str,
    width: float = 96,
    height: float = 24,
    target: float | None = None,
    better: str = "higher",
    positions: Sequence[int] | None = None,
) -> str:
    """A KPI series as a tiny line. The last move and point, in `.jg-spark-end`, are classed
    jg-spark-good / jg-spark-bad (against `better`: "higher" or "lower") or jg-spark-flat.

    `positions` (ascending, from 0) place the values by period: where one is skipped, a
    period has no measurement, and the line leaves a gap there. Without them, or when they
    are consecutive, the values are evenly spaced."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = hi - lo or abs(hi) * 0.5 or 1.0
    # The target line only if within the data range or at most one span beyond it.
    if target is not None and not lo - span <= target <= hi + span:
        target = None
    if target is not None:
        lo, hi = min(lo, target), max(hi, target)
    pad, n = 3.0, len(values)

    def y(v: float) -> float:
        return height / 2 if hi == lo else height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

    gaps: frozenset[int] = frozenset()  # i: no line from point i - 1 to point i
    if positions is not None and n > 1 and positions[-1] != n - 1:
        last = positions[-1]
        xs = tuple(pad + p * (width - 2 * pad) / last for p in positions)
        x_texts = tuple(_n(x) for x in xs)
        gaps = frozenset(i for i in range(1, n) if positions[i] - positions[i - 1] > 1)
    else:
        xs, x_texts = _spark_xs(n, width, pad)
    pts = [f"{x} {_n(y(v))}" for x, v in zip(x_texts, values, strict=True)]
    body = ""
    if target is not None:
        dashed = dict(stroke_opacity=0.6, stroke_dasharray="3 2", stroke_width=1)
        body += _line(0, y(target), width, y(target), "jg-spark-target", **dashed)
    # Path data and positions are numbers only (`_n`): nothing to escape.
    if n > 2:
        rest = "".join(("M" if i in gaps or i == 0 else "L") + p for i, p in enumerate(pts[:-1]))
        body += f'<path class="jg-spark-line" d="{rest}"{_SPARK_REST}/>'
    delta = values[-1] - values[-2] if n > 1 else 0
    if delta == 0:
        mood = "flat"
    elif (delta > 0) == (better == "higher"):
        mood = "good"
    else:
        mood = "bad"
    end = ""
    if n > 1 and n - 1 not in gaps:
        end = f'<path class="jg-spark-last" d="M{pts[-2]}L{pts[-1]}"{_SPARK_LINE}/>'
    end += f'<circle class="jg-spark-dot" cx="{_n(xs[-1])}" cy="{_n(y(values[-1]))}" r="2.5"/>'
    body += _element("g", end, _SPARK_END[mood])
    key: tuple[object, ...] = (tuple(values), title, width, height, target, better)
    uid = _uid("spark", *key, *((tuple(positions or ()),) if gaps else ()))
    return _svg(uid, "jg-sparkline", width, height, title, "", body, width=width, height=height)
