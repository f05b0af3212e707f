"""The small pieces of HTML that templates repeat per cell and per item: an icon, a permalink,
an evidence badge, a footnote mark, a KPI status, the "internal" badge.

They are Jinja filters of every theme: `{{ 'drop' | icon }}`, `{{ anchor | permalink(name) }}`,
`{{ tp.evidence | evidence_badge }}`, `{{ tp.source | cite }}`, `{{ kpi.status | status_badge }}`,
`{{ tp | internal_badge }}`. They were macros (`_macros.html` keeps them, as calls of these): a
journey page draws a few hundred, and Jinja calls a filter directly, where a macro, or a function
called from a template, goes through `Context.call`, several times the cost. Every text is
escaped here (`markupsafe.escape`, as Jinja's autoescape); labels come from the page's `t`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

_STATUS_MARKS = {"met": "✓", "missed": "✗"}


def icon(name: str, cls: str = "") -> Markup:
    """A line icon of the sprite (`_icons.html`); decoration, hidden from screen readers."""
    extra = " " + escape(cls) if cls else ""
    return Markup(
        f'<svg class="jg-icon{extra}" viewBox="0 0 24 24" aria-hidden="true">'
        f'<use href="#jg-i-{escape(name)}"></use></svg>'
    )


@pass_context
def permalink(context: Context, anchor: str, name: str) -> Markup:
    label = context["t"]("permalink.label", name=name)
    return Markup(
        f'<a class="jg-permalink" href="#{escape(anchor)}" aria-label="{escape(label)}"></a>'
    )


@pass_context
def evidence_badge(context: Context, level: str | None) -> Markup:
    """How an item is known (observed, reported, assumed, proposed); nothing without one."""
    if not level:
        return Markup("")
    text = context["t"]("evidence." + level)
    return Markup(f'<span class="jg-ev jg-ev--{escape(level)}">{escape(text)}</span>')


@pass_context
def cite(context: Context, text: str | None) -> Markup:
    """An item's source as a numbered footnote mark (`footnotes` from evidence.footnotes)."""
    footnotes = context.get("footnotes")
    found = footnotes.of(text) if footnotes is not None else None
    if not found:
        return Markup("")
    number = escape(found.number)
    label = escape(context["t"]("evidence.cite", number=found.number))
    return Markup(
        f'<sup class="jg-fn"><a href="#src-{number}" aria-label="{label}">{number}</a></sup>'
    )


@pass_context
def status_badge(context: Context, value: str) -> Markup:
    """A KPI status (met, missed, unknown): a mark for the eye, the word for screen readers."""
    mark = _STATUS_MARKS.get(value, "–")
    text = escape(context["t"]("status." + value))
    return Markup(
        f'<span class="jg-status jg-status--{escape(value)}"><span class="jg-status__mark"'
        f' aria-hidden="true">{mark}</span><span class="jg-vh">{text}</span></span>'
    )


@pass_context
def internal_badge(context: Context, item: Any) -> Markup:
    """The "internal" badge of a journey, stage, touchpoint, note or KPI marked internal."""
    if not item.internal:
        return Markup("")
    t = context["t"]
    return Markup(
        f'<span class="jg-internal" title="{escape(t("internal.title"))}">'
        f"{escape(t('internal.badge'))}</span>"
    )


# The filters every theme has (see theme.py); render.FILTERS may add more.
FILTERS: dict[str, Callable[..., Markup]] = {
    "icon": icon,
    "permalink": permalink,
    "evidence_badge": evidence_badge,
    "cite": cite,
    "status_badge": status_badge,
    "internal_badge": internal_badge,
}
