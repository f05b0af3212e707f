"""SVG markup from plain values: elements with escaped text and rounded numbers, the chart's
frame (its title and description for screen readers) and the shapes the charts draw with
(charts.py); nothing here knows about journeys."""

from __future__ import annotations

import hashlib
from html import escape

_EXACT = 2**53  # integers a float holds exactly: str() gives what the rounding would


def number(x: float) -> str:
    """A number: one decimal, no trailing ".0", never "-0"."""
    if type(x) is int and -_EXACT < x < _EXACT:  # the common case, and the fast one
        return str(x)
    # `.1f` rounds the exact binary value half to even, as `round(x, 1)` does: the same digits.
    text = f"{x:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def el(tag: str, content: str = "", /, **attrs: object) -> str:
    """An element; attrs `class_`, `stroke_width` become `class`, `stroke-width`. None = omit.

    Numbers are rounded with _n, everything else is escaped; content must be markup already.
    """
    return element(tag, content, attributes(attrs))


def element(tag: str, content: str, attributes: str) -> str:
    """An element with its attributes already written (see `attributes`)."""
    return f"<{tag}{attributes}>{content}</{tag}>" if content else f"<{tag}{attributes}/>"


def attributes(attrs: dict[str, object]) -> str:
    """` name="value"` for each attribute, as `el` writes them (for attributes that many
    elements share: written once, not once per element)."""
    out = ""
    for key, value in attrs.items():
        kind = type(value)
        if kind is str:
            if not value:
                continue
            # Class names, styles and colours come back chart after chart: escaped once.
            assert isinstance(value, str)
            text = _ESCAPED.get(value) or _escaped(value)
        elif kind is int or kind is float:
            text = number(value)  # type: ignore[arg-type]
        elif value is None or value == "":
            continue
        elif isinstance(value, int | float):
            text = number(value)
        else:
            text = escape(str(value))
        name = _ATTR_NAMES.get(key) or _ATTR_NAMES.setdefault(key, _attr_name(key))
        out += f' {name}="{text}"'
    return out


_ATTR_NAMES: dict[str, str] = {}  # keyword -> attribute name, made once per keyword
_ESCAPED: dict[str, str] = {}  # attribute text -> escaped, for the short texts that repeat


def _escaped(value: str) -> str:
    text = escape(value)
    if len(value) <= 64 and len(_ESCAPED) < 4096:
        _ESCAPED[value] = text
    return text


def _attr_name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def title(text: str) -> str:
    return el("title", escape(text)) if text else ""


def clip(text: str, max_chars: float) -> str:
    """Shorten to max_chars with an ellipsis (the full text goes into a <title>)."""
    cut = max(int(max_chars), 2)
    return text if len(text) <= cut else text[: cut - 1].rstrip() + "…"


def uid(*key: object) -> str:
    """An id from the chart's input: stable across builds, distinct between charts."""
    return "jg" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]


def svg(uid: str, kind: str, w: float, h: float, title: str, desc: str, body: str, **size):
    """The chart: its title and description (for screen readers), then `body`. `uid` is
    an id of letters and digits (`uid`), `kind` a class name: neither needs escaping."""
    head = element("title", escape(title), f' id="{uid}-t"')
    head += element("desc", escape(desc), f' id="{uid}-d"') if desc else ""
    labelled = f"{uid}-t {uid}-d" if desc else f"{uid}-t"
    written = (
        f'{_SVG_XMLNS} viewBox="0 0 {number(w)} {number(h)}" class="jg-chart {kind}" role="img"'
        f' aria-labelledby="{labelled}"{attributes(size)}{_SVG_PAINT}'
    )
    return element("svg", head + body, written)


_SVG_XMLNS = ' xmlns="http://www.w3.org/2000/svg"'
_SVG_PAINT = ' fill="currentColor" font-size="12"'  # inherited by every text and shape


def text(x: float, y: float, text: str, cls: str, **attrs: object) -> str:
    return el("text", escape(text), class_=cls, x=x, y=y, **attrs)


def line(x1: float, y1: float, x2: float, y2: float, cls: str, **attrs: object) -> str:
    return el("line", class_=cls, x1=x1, y1=y1, x2=x2, y2=y2, stroke="currentColor", **attrs)


def rect(x: float, y: float, w: float, h: float, cls: str, tip: str = "", **attrs: object) -> str:
    return el("rect", title(tip), class_=cls, x=x, y=y, width=w, height=h, **attrs)
