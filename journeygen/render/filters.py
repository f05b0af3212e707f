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

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from journeygen.model.channels import channel_label
from journeygen.model.site import Note, Touchpoint
from journeygen.render.extension import FILTERS

if TYPE_CHECKING:
    from journeygen.render.inventory import TouchpointRow

_STATUS_MARKS = {"met": "✓", "missed": "✗"}
_EMPTY = Markup("")


@functools.lru_cache(maxsize=256)  # a few dozen names and classes
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
        return _EMPTY
    text = context["t"]("evidence." + level)
    return Markup(f'<span class="jg-ev jg-ev--{escape(level)}">{escape(text)}</span>')


@pass_context
def cite(context: Context, text: str | None) -> Markup:
    """An item's source as a numbered footnote mark (`footnotes` from evidence.footnotes)."""
    if not text:
        return _EMPTY
    footnotes = context.get("footnotes")
    found = footnotes.of(text) if footnotes is not None else None
    if not found:
        return _EMPTY
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
        return _EMPTY
    t = context["t"]
    return Markup(
        f'<span class="jg-internal" title="{escape(t("internal.title"))}">'
        f"{escape(t('internal.badge'))}</span>"
    )


@pass_context
def touchpoint_item(context: Context, tp: Touchpoint) -> Markup:
    """A touchpoint in the map's touchpoint lane, as `<li>`: its name (with the internal
    badge, footnote mark and permalink), channel, offline mark, owner, description and
    evidence. The most repeated piece of a journey page (a template loop of it was a quarter
    of the page's rendering); a theme that wants other markup loops in `_map.html` itself."""
    t = context["t"]
    classes = "jg-tp"
    if tp.evidence:
        classes += f" jg-ev-{escape(tp.evidence)}"
    if tp.offline:
        classes += " jg-tp--offline"
    anchor = f"tp-{tp.id}"
    badges = f"{internal_badge(context, tp)}{cite(context, tp.source)}"
    parts = [
        f'<li class="{classes}" id="{escape(anchor)}">\n<span class="jg-tp__name">',
        f"{escape(tp.name)}{badges}{permalink(context, anchor, tp.name)}</span>\n",
    ]
    if tp.channel or tp.owner or tp.offline:
        parts.append('<span class="jg-tp__meta">')
        if tp.channel:
            mark = icon(tp.icon, "jg-tp__icon") if tp.icon else ""
            label = channel_label(tp.channel, t.language)
            parts.append(f'<span class="jg-tp__channel">{mark}{escape(label)}</span>')
        if tp.offline:
            offline = escape(t("touchpoint.offline"))
            parts.append(f'<span class="jg-tp__offline">{icon("offline")}{offline}</span>')
        if tp.owner:
            owner = escape(t("touchpoint.owner"))
            parts.append(
                f'<span><span class="jg-vh">{owner}: </span>{team_link(context, tp.owner)}</span>'
            )
        parts.append("</span>\n")
    if tp.description:
        parts.append(f'<span class="jg-tp__desc">{escape(tp.description)}</span>')
    if tp.evidence:
        parts.append(f'<span class="jg-note__meta">{evidence_badge(context, tp.evidence)}</span>')
    parts.append("</li>")
    return Markup("".join(parts))


@pass_context
def notes_list(context: Context, notes: Sequence[Note], cls: str = "") -> Markup:
    """A stage's notes (actions, thoughts, pains, opportunities) as `<ul class="jg-notes">`,
    each with its internal badge, footnote mark and evidence; nothing without notes."""
    if not notes:
        return _EMPTY
    extra = " " + escape(cls) if cls else ""
    parts = [f'<ul class="jg-notes{extra}">\n']
    for note in notes:
        level = f" jg-ev-{escape(note.evidence)}" if note.evidence else ""
        badges = f"{internal_badge(context, note)}{cite(context, note.source)}"  # str, not Markup
        if note.evidence:
            badges += (
                f' <span class="jg-note__meta">{evidence_badge(context, note.evidence)}</span>'
            )
        if note.owner:
            badges += owner_badge(context, note.owner)
        parts.append(f'<li class="jg-note{level}">{escape(note.text)}{badges}</li>\n')
    parts.append("</ul>\n")
    return Markup("".join(parts))


def owner_badge(context: Context, owner: str) -> str:
    """A blueprint item's owner (team), linked to the team's page when the site has one."""
    label = escape(context["t"]("blueprint.owner"))
    name = team_link(context, owner)
    return f' <span class="jg-owner"><span class="jg-vh">{label}: </span>{name}</span>'


@pass_context
def team_link(context: Context, owner: str) -> Markup:
    """An owner's name, linked to the team's page when the site has one (`team_path` in the
    page's context: a journey page of a site with a service blueprint)."""
    name = escape(owner)
    team_path = context.get("team_path")  # owner -> the site path of its team page
    if team_path is not None and owner.strip():
        return Markup(f'<a href="{escape(context["url"](team_path(owner)))}">{name}</a>')
    return name


@pass_context
def touchpoint_row(context: Context, row: TouchpointRow) -> Markup:
    """A row of the inventory (`touchpoints.html`), as `<tr>`: the touchpoint (name, internal
    badge, offline mark, evidence, description), its channels, owners, and the journeys and
    stages it is used in. The inventory of 1,000 journeys has ~24,000 rows: as a template loop
    they were the page's whole cost (1.2 s); a theme that wants other markup loops in
    `touchpoints.html` itself, over `rows`."""
    t, url, paths = context["t"], context["url"], context["paths"]
    if row.shown:  # the links to journeys as `url` makes them on this page: ../journeys/x/
        target = paths.journey(row.shown[0].journey.id)
        link = url(target)
        prefix = link[: -len(target)]
        if link == prefix + target and _UP.fullmatch(prefix):
            drawn = row.drawn.get(t)
            if drawn is None:
                drawn = _touchpoint_row(context, row, lambda path: _ROOT + path)
                if drawn.count(_ROOT) != len(row.shown):  # a NUL in the text: drawn per page
                    drawn = ""
                row.drawn[t] = drawn
            if drawn:
                return Markup(drawn.replace(_ROOT, prefix))
    return _touchpoint_row(context, row, url)


_ROOT = "\x00"  # the site's root in a row drawn once for pages at any depth
_UP = re.compile(r"(\.\./)*")


def _touchpoint_row(context: Context, row: TouchpointRow, url: Callable[[str], str]) -> Markup:
    t, paths = context["t"], context["paths"]
    labels = _inventory_labels(t)
    tp = row.touchpoint
    owners = "|".join(row.owners)
    channel_names = "|".join(c.name for c in row.channels)
    parts = [
        f'<tr data-owner="{escape(owners)}" data-channel="{escape(channel_names)}">\n',
        f'<th scope="row" data-label="{labels[0]}">\n',
        f'<span class="jg-tp-table__name">{escape(tp.name)}{internal_badge(context, tp)}</span>\n',
    ]
    if tp.offline:
        parts.append(f'<span class="jg-tp__offline">{icon("offline")}{labels[4]}</span>\n')
    if tp.evidence:
        parts.append(f"{evidence_badge(context, tp.evidence)}\n")
    if tp.description:
        parts.append(f'<span class="jg-tp-table__desc">{escape(tp.description)}</span>\n')
    channels = ", ".join(
        f'<span class="jg-channel">{icon(c.icon) if c.icon else ""}{escape(c.label)}</span>'
        for c in row.channels
    )
    owned = escape(", ".join(row.owners)) if row.owners else "–"
    parts += [
        f'</th>\n<td data-label="{labels[1]}">{channels or "–"}</td>\n',
        f'<td data-label="{labels[2]}">{owned}</td>\n',
        f'<td data-label="{labels[3]}">\n<ul class="jg-uses">\n',
    ]
    for use in row.shown:
        link = escape(f"{url(paths.journey(use.journey.id))}#tp-{use.touchpoint.id}")
        parts.append(
            f'<li><a href="{link}"><span class="jg-uses__journey">{escape(use.journey.title)}'
            f'</span> <span class="jg-uses__stage">{escape(use.stage_name)}</span></a></li>\n'
        )
    if row.more:
        more = escape(t.plural("touchpoints.more", row.more))
        parts.append(f'<li class="jg-uses__more">{more}</li>\n')
    parts.append("</ul>\n</td>\n</tr>")
    return Markup("".join(parts))


@functools.lru_cache(maxsize=16)  # one per language of a build
def _inventory_labels(t: Any) -> tuple[Markup, ...]:
    keys = ("touchpoint", "channel", "owner", "where")
    return (*(escape(t(f"touchpoints.{key}")) for key in keys), escape(t("touchpoint.offline")))


# The filters every theme has, in the one registry (`extension.FILTERS`, applied by theme.py
# and at every render), where an extension may add more.
FILTERS.update(
    {
        "icon": icon,
        "permalink": permalink,
        "evidence_badge": evidence_badge,
        "cite": cite,
        "status_badge": status_badge,
        "internal_badge": internal_badge,
        "touchpoint_item": touchpoint_item,
        "notes_list": notes_list,
        "touchpoint_row": touchpoint_row,
        "team_link": team_link,
    }
)
