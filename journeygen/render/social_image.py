"""The link-preview image of a journey (`og:image`): a 1200 x 630 PNG drawn with Pillow.

What a chat app or LinkedIn shows when the journey's link is pasted: the title, the
persona(s), the stages as a coloured band, the emotion curve under it and the bottleneck in
words. `social_card` gathers the texts and numbers (translated, formatted); `draw_card` is a
pure function of that card: the same card gives the same bytes (no timestamp, no metadata;
the fonts ship inside journeygen, so every machine draws the same glyphs).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from journeygen.core.i18n import Translator
from journeygen.model.site import Journey, Site
from journeygen.render import charts, views

if TYPE_CHECKING:
    from PIL import ImageFont

# Pillow is imported when an image is drawn (only a site with a base_url has them): a build
# without one does not pay its import.

WIDTH, HEIGHT = 1200, 630
VERSION = 1  # bump when the drawing changes: the image URL's ?v= follows the card's key
SCALE = 2  # drawn at twice the size and scaled down: smooth curves and circles

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
# The characters in the shipped fonts (scripts/subset_fonts.py); others are folded to their
# base letter (NFKD) or left out, never drawn as a box.
COVERED: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A (é, ë, ĳ, ł, ő, ...)
    (0x0218, 0x021B),  # Ș ș Ț ț
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, angle quotes
    (0x20AC, 0x20AC),  # €
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2212, 0x2212),  # − (minus)
    (0x2264, 0x2265),  # ≤ ≥
)

# Colours of the default theme in light mode (journeygen.css): the preview is always light.
INK, INK_2, INK_3 = "#14171c", "#3a404a", "#5d6571"
LINE, BG_SOFT = "#e2e6ec", "#f7f8fa"
ACCENT, CURVE = "#2452c9", "#0072b2"
BAD, BOTTLENECK, NEGATIVE_TINT = "#b93c0b", "#c2500a", "#fbf1ea"
STAGE_COLOURS = (
    "#2f6fde", "#0f8f7e", "#c98500", "#d0531a", "#8f4fc2", "#0a86a8", "#5f7f1a", "#c0457a",
)  # fmt: skip
AVATAR_COLOURS = ("#2f5fc4", "#0b7a69", "#9a5b00", "#b4461a", "#7a43a8", "#0a6f8c")


@dataclass(frozen=True)
class CardPersona:
    name: str
    initials: str
    colour: int  # index into AVATAR_COLOURS


@dataclass(frozen=True)
class CardStage:
    name: str
    colour: int  # index into STAGE_COLOURS
    emotion: float | None


@dataclass(frozen=True)
class Card:
    """Everything the image shows, as text and numbers already formatted."""

    site_title: str
    title: str
    pills: tuple[str, ...]  # state, framework
    personas: tuple[CardPersona, ...]
    counts: str  # "6 stages · 18 touchpoints"
    stages: tuple[CardStage, ...]
    bottleneck: str  # "Biggest drop: Acquisition → Activation (20% conversion)", or ""
    footer: str  # shown when there is no bottleneck: the journey's goal, or ""

    @property
    def key(self) -> str:
        """Changes when the image would change: part of its file name."""
        from PIL import __version__ as pil_version

        data = json.dumps([VERSION, pil_version, asdict(self)], ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:12]


def image_path(journey_id: str, card: Card) -> str:
    """Site path of the image, named by its content: a changed journey gets a new URL, which
    link previews (cached by URL for days) pick up, and an unchanged one is not drawn again."""
    return f"journeys/{journey_id}/og-{card.key}.png"


@dataclass(frozen=True)
class SocialImage:
    """What the page's `og:image` tags say."""

    path: str  # site path
    width: int
    height: int
    alt: str


def social_image(site: Site, journey: Journey, t: Translator) -> SocialImage:
    card = social_card(site, journey, t)
    return SocialImage(image_path(journey.id, card), WIDTH, HEIGHT, alt_text(card, t))


def social_card(site: Site, journey: Journey, t: Translator) -> Card:
    known = {p.id: p for p in site.personas}
    personas = tuple(
        CardPersona(known[pid].name, known[pid].initials, views.avatar(known[pid]).colour)
        for pid in journey.personas
        if pid in known
    )
    framework = views.framework_title(journey, t)
    bottleneck = views.bottleneck_view(journey, journey.bottleneck, t)
    return Card(
        site_title=site.config.title,
        title=journey.title,
        pills=(t("state." + journey.state), *([framework] if framework else [])),
        personas=personas,
        counts=" · ".join(
            (
                t.plural("count.stages", len(journey.stages)),
                t.plural("count.touchpoints", len(journey.touchpoints)),
            )
        ),
        stages=tuple(
            CardStage(s.name, i % len(STAGE_COLOURS), s.emotion)
            for i, s in enumerate(journey.stages)
        ),
        bottleneck=bottleneck.text if bottleneck else "",
        footer=journey.goal,
    )


def alt_text(card: Card, t: Translator) -> str:
    """The image in words, for `og:image:alt`."""
    parts = [card.title]
    if card.personas:
        parts.append(", ".join(p.name for p in card.personas))
    parts.append(" → ".join(s.name for s in card.stages))
    if card.bottleneck:
        parts.append(card.bottleneck)
    return t("social.alt", text=". ".join(parts))


# --- drawing ---------------------------------------------------------------------------------


def printable(text: str) -> str:
    """`text` with only characters the shipped fonts have: others folded (NFKD) or dropped."""
    out = []
    for char in " ".join(text.split()):
        if _covered(char):
            out.append(char)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", char) if _covered(c))
    return "".join(out)


def _covered(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in COVERED)


@functools.lru_cache(maxsize=32)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[weight]), size * SCALE)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _mix(colour: str, amount: float, base: str = "#ffffff") -> tuple[int, int, int]:
    """`amount` of `colour` over `base`: a tint."""
    c, b = _rgb(colour), _rgb(base)
    return tuple(round(b[i] + (c[i] - b[i]) * amount) for i in range(3))  # type: ignore[return-value]


class _Canvas:
    """Pillow's drawing in 1x coordinates (the image itself is SCALE times larger)."""

    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "#ffffff")
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(*values: float) -> list[float]:
        return [v * SCALE for v in values]

    def rect(self, box: Sequence[float], fill: object, radius: float = 0) -> None:
        self.draw.rounded_rectangle(self._s(*box), radius * SCALE, fill=fill)  # type: ignore[arg-type,unused-ignore]  # Pillow < 10.2: untyped

    def circle(self, x: float, y: float, r: float, fill: object, outline: object = None,
               width: float = 0) -> None:  # fmt: skip
        box = self._s(x - r, y - r, x + r, y + r)
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * SCALE))  # type: ignore[arg-type,unused-ignore]  # Pillow < 10.2: untyped

    def line(self, points: Sequence[tuple[float, float]], fill: object, width: float) -> None:
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.line(scaled, fill=fill, width=round(width * SCALE), joint="curve")  # type: ignore[arg-type,unused-ignore]  # Pillow < 10.2: untyped

    def text(self, x: float, y: float, text: str, size: int, fill: object, weight: str = "regular",
             anchor: str = "ls") -> float:  # fmt: skip
        """Draw `text` with its baseline at y (anchor "ls"); returns its width."""
        font = _font(weight, size)
        self.draw.text((x * SCALE, y * SCALE), text, font=font, fill=fill, anchor=anchor)  # type: ignore[arg-type,unused-ignore]  # Pillow < 10.2: untyped
        return width_of(text, size, weight)

    def finish(self) -> bytes:
        small = self.image.reduce(SCALE)
        buffer = io.BytesIO()
        small.save(buffer, "PNG", optimize=False, compress_level=6)
        return buffer.getvalue()


def width_of(text: str, size: int, weight: str = "regular") -> float:
    return _font(weight, size).getlength(text) / SCALE


def clip(text: str, size: int, width: float, weight: str = "regular") -> str:
    """`text`, cut with … to fit `width`."""
    if width_of(text, size, weight) <= width:
        return text
    while text and width_of(text + "…", size, weight) > width:
        text = text[:-1]
    return text.rstrip(" ,.;:-–") + "…"


def wrap(text: str, size: int, width: float, lines: int, weight: str = "regular") -> list[str]:
    """Greedy word wrap into at most `lines` lines; the last one clipped with …."""
    words, out, current = text.split(), [], ""
    for word in words:
        attempt = f"{current} {word}".strip()
        if not current or width_of(attempt, size, weight) <= width:
            current = attempt
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [clip(line, size, width, weight) for line in out]


LEFT = 64
RIGHT = WIDTH - 64
BAND_TOP, BAND_H = 318, 70
CURVE_TOP, CURVE_BOTTOM = BAND_TOP + BAND_H + 22, 530
FOOT_Y = 584  # baseline of the bottleneck line


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes, 1200 x 630 (made like a page: see `site_files.journey_files`)."""
    canvas = _Canvas()
    _header(canvas, card)
    top = _title(canvas, card)
    _personas(canvas, card, top)
    _band(canvas, card)
    _curve(canvas, card)
    _footer(canvas, card)
    return canvas.finish()


def _header(canvas: _Canvas, card: Card) -> None:
    canvas.rect((0, 0, WIDTH, 8), ACCENT)
    x: float = RIGHT
    pills = [printable(p) for p in card.pills]
    for pill in reversed(pills):
        w = width_of(pill, 17, "bold") + 28
        canvas.rect((x - w, 40, x, 72), _mix(ACCENT, 0.1), radius=16)
        canvas.text(x - w / 2, 62, pill, 17, ACCENT, "bold", anchor="ms")
        x -= w + 10
    _mark(canvas, LEFT, 56)
    title = clip(printable(card.site_title), 19, x - LEFT - 48, "bold")
    canvas.text(LEFT + 38, 63, title.upper() if len(title) < 40 else title, 19, INK_3, "bold")


def _mark(canvas: _Canvas, x: float, y: float) -> None:
    """journeygen's mark (the favicon's wave between two dots), 28 px wide, centred on y."""
    scale = 28 / 24
    curves = (((3, 17), (6, 10), (9, 18), (12, 12)), ((12, 12), (15, 6), (18, 9), (21, 5)))
    points = [
        (x + scale * px, y - 14 + scale * py)
        for curve in curves
        for k in range(13)
        for px, py in [_bezier(curve, k / 12)]
    ]
    canvas.line(points, ACCENT, 2.6)
    for px, py in (points[0], points[-1]):
        canvas.circle(px, py, 2.6, ACCENT)


def _bezier(curve: Sequence[tuple[float, float]], u: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    a, b, c, d = (1 - u) ** 3, 3 * u * (1 - u) ** 2, 3 * u**2 * (1 - u), u**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _title(canvas: _Canvas, card: Card) -> float:
    """The title in up to two lines; returns the y under it."""
    text = printable(card.title)
    for size in (56, 50, 44):
        lines = wrap(text, size, RIGHT - LEFT, 2, "bold")
        if not lines[-1].endswith("…"):
            break
    y = 96 + size
    for line in lines:
        canvas.text(LEFT, y, line, size, INK, "bold")
        y += round(size * 1.18)
    return y - round(size * 1.18) + 14


def _personas(canvas: _Canvas, card: Card, top: float) -> None:
    y = max(top + 34, 236)
    y = min(y, BAND_TOP - 36)
    x: float = LEFT
    for persona in card.personas[:4]:
        canvas.circle(x + 20, y, 22, "#ffffff")
        canvas.circle(x + 20, y, 20, AVATAR_COLOURS[persona.colour % len(AVATAR_COLOURS)])
        canvas.text(x + 20, y + 6, printable(persona.initials), 15, "#ffffff", "bold", anchor="ms")
        x += 36
    if card.personas:
        x += 20
    names = ", ".join(printable(p.name) for p in card.personas)
    counts = printable(card.counts)
    room = RIGHT - x
    if names:
        names = clip(names, 24, room - width_of("   ·   " + counts, 22), "bold")
        x += canvas.text(x, y + 8, names, 24, INK_2, "bold")
        x += canvas.text(x, y + 8, "   ·   ", 22, INK_3)
    canvas.text(x, y + 8, clip(counts, 22, RIGHT - x), 22, INK_3)


def _columns(count: int) -> list[tuple[float, float]]:
    gap = 6 if count < 10 else 3
    width = (RIGHT - LEFT - gap * (count - 1)) / count
    return [(LEFT + i * (width + gap), width) for i in range(count)]


def _band(canvas: _Canvas, card: Card) -> None:
    if not card.stages:
        return
    columns = _columns(len(card.stages))
    size = 20 if columns[0][1] >= 150 else 17 if columns[0][1] >= 96 else 14
    for position, (stage, (x, w)) in enumerate(zip(card.stages, columns, strict=True)):
        colour = STAGE_COLOURS[stage.colour]
        canvas.rect((x, BAND_TOP, x + w, BAND_TOP + BAND_H), _mix(colour, 0.12), radius=8)
        canvas.rect((x, BAND_TOP, x + w, BAND_TOP + 6), colour, radius=3)
        inner = w - 24
        step = str(position + 1)
        canvas.text(x + 12, BAND_TOP + 30, step, 15, colour, "bold")
        name = printable(stage.name)
        fitted = size if width_of(name, size, "bold") <= inner else max(size - 4, 13)
        canvas.text(x + 12, BAND_TOP + 56, clip(name, fitted, inner, "bold"), fitted, INK, "bold")


def _smooth(points: Sequence[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    if len(points) < 2:
        return list(points)
    m = charts.monotone_tangents(points)
    out = [points[0]]
    for i, ((x0, y0), (x1, y1)) in enumerate(pairwise(points)):
        h = x1 - x0
        for k in range(1, steps + 1):
            u = k / steps
            h00, h10 = 2 * u**3 - 3 * u**2 + 1, u**3 - 2 * u**2 + u
            h01, h11 = -2 * u**3 + 3 * u**2, u**3 - u**2
            y = h00 * y0 + h10 * h * m[i] + h01 * y1 + h11 * h * m[i + 1]
            out.append((x0 + u * h, y))
    return out


def _curve(canvas: _Canvas, card: Card) -> None:
    known = [(i, s.emotion) for i, s in enumerate(card.stages) if s.emotion is not None]
    if not known:
        return
    columns = _columns(len(card.stages))
    top, bottom = CURVE_TOP + 10, CURVE_BOTTOM - 10

    def y(value: float) -> float:
        return bottom - (min(max(value, -2.0), 2.0) + 2) / 4 * (bottom - top)

    canvas.rect((LEFT, y(0), RIGHT, CURVE_BOTTOM), NEGATIVE_TINT, radius=0)
    for x, _w in columns[1:]:
        canvas.line([(x - 3, CURVE_TOP), (x - 3, CURVE_BOTTOM)], LINE, 1)
    for dash in range(int(LEFT), int(RIGHT), 14):
        canvas.line([(dash, y(0)), (min(dash + 7, RIGHT), y(0))], "#b8c0cb", 1.5)
    points = [(columns[i][0] + columns[i][1] / 2, y(value)) for i, value in known]
    canvas.line(_smooth(points), CURVE, 4.5)
    for (px, py), (_i, value) in zip(points, known, strict=True):
        colour = "#08745a" if value > 0 else BOTTLENECK if value < 0 else INK_3
        canvas.circle(px, py, 9, "#ffffff")
        canvas.circle(px, py, 6.5, colour)


def _footer(canvas: _Canvas, card: Card) -> None:
    canvas.line([(LEFT, FOOT_Y - 36), (RIGHT, FOOT_Y - 36)], LINE, 1.5)
    if card.bottleneck:
        canvas.circle(LEFT + 15, FOOT_Y - 8, 15, BOTTLENECK)
        cx, cy = LEFT + 15, FOOT_Y - 8
        canvas.line([(cx, cy - 8), (cx, cy + 6)], "#ffffff", 3)
        canvas.line([(cx - 6, cy), (cx, cy + 7), (cx + 6, cy)], "#ffffff", 3)
        text = clip(printable(card.bottleneck), 24, RIGHT - LEFT - 44, "bold")
        canvas.text(LEFT + 44, FOOT_Y, text, 24, BAD, "bold")
    elif card.footer:
        canvas.text(LEFT, FOOT_Y, clip(printable(card.footer), 22, RIGHT - LEFT), 22, INK_2)
