"""What changed since an earlier version, prepared for the changes pages and the banners.

The changes come computed from `changes` (with `journeygen build --changes-since REF`);
this formats their old and new values per language (a KPI target with its unit, an
emotion as `+1 (positive)`, a status as `Off target`), says which way a number moved and
whether that is good, counts what was added, removed and changed, and links every item
that still exists to its anchor on the journey page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from journeygen.analysis.metrics import progress
from journeygen.core.i18n import Translator
from journeygen.model.presets import PRESET_TITLES
from journeygen.model.site import (
    FieldChange,
    ItemChange,
    Journey,
    JourneyChanges,
    Site,
    SiteChanges,
)
from journeygen.render.changes_curve import then_now_curve
from journeygen.render.paths import Paths, changes_paths

KINDS = ("stage", "touchpoint", "kpi")
# fields where a higher value is better, and whose move gets a tone (KPI values: per `better`)
RISING_IS_GOOD = ("emotion", "volume")


@dataclass(frozen=True)
class FieldRow:
    label: str  # "Target" / "Doel"
    old: str
    new: str
    arrow: str  # ↑ ↓ for numbers that moved, else ""
    tone: str  # good | bad | ""
    words: str = ""  # the tone for screen readers: "improving", "worsening"; "" without


@dataclass(frozen=True)
class ItemRow:
    kind: str  # stage | touchpoint | kpi
    status: str  # added | removed | changed
    status_label: str
    name: str
    stage_name: str
    link: str | None  # site path with anchor; None once removed
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True)
class EmotionRow:
    """A stage whose emotion changed: before, after, and the move."""

    stage_name: str
    link: str
    old: str
    new: str
    delta: str  # "+1.5"
    arrow: str
    tone: str
    words: str = ""  # "improving", "worsening" (for screen readers)


@dataclass(frozen=True)
class JourneyChangesView:
    id: str
    title: str
    status: str
    status_label: str
    link: str | None  # the journey page, unless it was removed
    details: str | None  # the journey's changes page (a changed journey only)
    counts: str  # "2 added, 1 removed, 3 changed"
    by_kind: tuple[tuple[str, str], ...]  # ("Touchpoints", "1 added, 1 removed"), ...
    fields: tuple[FieldRow, ...]  # title, goal, hypothesis, state, framework
    emotions: tuple[EmotionRow, ...]
    items: dict[str, tuple[ItemRow, ...]]  # per kind, in KINDS order
    curve: str = ""  # the emotion curve then and now, SVG markup (changes_curve.py)

    def of_kind(self, kind: str) -> tuple[ItemRow, ...]:
        return self.items.get(kind, ())


@dataclass(frozen=True)
class PersonaLink:
    name: str
    link: str | None


@dataclass(frozen=True)
class SiteChangesView:
    label: str  # "review-1 (3f2a9c1)"
    title: str  # "Changes since review-1 (3f2a9c1)"
    summary: str  # "2 journeys changed, 1 persona added" / "Nothing changed"
    journeys: tuple[JourneyChangesView, ...]
    personas_added: tuple[PersonaLink, ...]
    personas_removed: tuple[PersonaLink, ...]


@dataclass(frozen=True)
class Banner:
    """The line on the overview and a journey page that links to the changes."""

    text: str  # "Changes since review-1 (3f2a9c1)"
    detail: str  # "3 added, 1 removed, 2 changed" / "2 journeys changed"
    link: str  # site path
    link_text: str


# --- values ----------------------------------------------------------------------------------


def format_value(field: str, value: Any, t: Translator, unit: str = "") -> str:
    """An old or new value as the journey page shows it."""
    if value is None or value == "":
        return "–"
    if field == "emotion":
        return t.emotion(value)
    if field in ("target", "actual"):
        return t.value(value, unit)
    if field == "volume":
        return t.number(value)
    if field == "offline":
        return t("changes.yes" if value else "changes.no")
    if field in ("status", "evidence", "state"):
        return t(f"{field}.{value}")
    if field == "better":
        return t(f"changes.better.{value}")
    if field == "framework" and value in PRESET_TITLES:
        return t(f"framework.{value}")
    return str(value)


def _move(change: FieldChange, better: str | None = None) -> tuple[str, str]:
    """(↑ or ↓, good or bad) for a number that moved; `better` for a KPI's actual value
    (None when it changed too: then the move gets no tone)."""
    old, new = change.old, change.new
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    if not numbers or old == new:
        return "", ""
    arrow = "↑" if new > old else "↓"
    if change.field in RISING_IS_GOOD:
        better = "higher"
    elif change.field != "actual" or better not in ("higher", "lower"):
        return arrow, ""
    return arrow, "good" if progress(new - old, better) == "improving" else "bad"


def _words(tone: str, t: Translator) -> str:
    """A move's tone in words, for screen readers (the arrow and its colour are hidden)."""
    return {"good": t("progress.improving"), "bad": t("progress.worsening")}.get(tone, "")


def field_rows(
    changes: Sequence[FieldChange], t: Translator, *, unit: str = "", better: str = "higher"
) -> tuple[FieldRow, ...]:
    """One row per changed field; KPI values in the old and the new unit."""
    units = {c.field: c for c in changes}
    old_unit = units["unit"].old if "unit" in units else unit
    old_better = units["better"].old if "better" in units else better
    rows = []
    for change in changes:
        arrow, tone = _move(change, better if better == old_better else None)
        rows.append(
            FieldRow(
                label=t(f"changes.field.{change.field}"),
                old=format_value(change.field, change.old, t, old_unit or ""),
                new=format_value(change.field, change.new, t, unit),
                arrow=arrow,
                tone=tone,
                words=_words(tone, t),
            )
        )
    return tuple(rows)


# --- a journey -------------------------------------------------------------------------------


def _anchor(journey: Journey | None, item: ItemChange) -> str | None:
    """Where the item is now on the journey page, or None when it is gone."""
    if journey is None or item.status == "removed":
        return None
    page = Paths.journey(journey.id)
    if item.kind == "stage":
        return f"{page}#stage-{item.id}"
    if item.kind == "touchpoint":
        return f"{page}#tp-{item.id}"
    kpi = next((k for k in journey.kpis if f"{k.stage_id}/{k.name}" == item.id), None)
    return f"{page}#{kpi.slug}" if kpi else page


def _item_row(journey: Journey | None, item: ItemChange, t: Translator) -> ItemRow:
    names = {s.id: s.name for s in journey.stages} if journey else {}
    unit, better = "", "higher"
    if journey is not None and item.kind == "kpi":
        kpi = next((k for k in journey.kpis if f"{k.stage_id}/{k.name}" == item.id), None)
        unit, better = (kpi.unit, kpi.better) if kpi else ("", "higher")
    return ItemRow(
        kind=item.kind,
        status=item.status,
        status_label=t(f"changes.status.{item.status}"),
        name=names.get(item.id, item.name) if item.kind == "stage" else item.name,
        stage_name=names.get(item.stage_id, item.stage_id),
        link=_anchor(journey, item),
        fields=field_rows(item.fields, t, unit=unit, better=better),
    )


def _counts(items: Sequence[ItemChange], t: Translator) -> list[str]:
    parts = []
    for status in ("added", "removed", "changed"):
        count = sum(1 for item in items if item.status == status)
        if count:
            parts.append(t(f"changes.count.{status}", count=t.number(count)))
    return parts


def count_text(changes: JourneyChanges, t: Translator) -> str:
    """`2 added, 1 removed, 3 changed` over its stages, touchpoints and KPIs."""
    parts = _counts(changes.items, t)
    if changes.fields and not any(i.status == "changed" for i in changes.items):
        parts.append(t("changes.count.details"))
    return ", ".join(parts)


def _shown(changes: JourneyChanges, kind: str) -> tuple[ItemChange, ...]:
    """The items of a kind to list; a stage's emotion is in the emotion table instead (a
    stage whose only change is its emotion is not listed again)."""
    items = changes.of_kind(kind)
    if kind != "stage":
        return items
    shown = []
    for item in items:
        fields = tuple(f for f in item.fields if f.field != "emotion")
        if item.status != "changed" or fields:
            shown.append(dataclasses.replace(item, fields=fields))
    return tuple(shown)


def journey_view(
    site: Site, changes: JourneyChanges, t: Translator, folder: str = "", since: str = ""
) -> JourneyChangesView:
    journey = next((j for j in site.journeys if j.id == changes.id), None)
    if changes.status == "removed":
        journey = None
    emotions = []
    for item in changes.of_kind("stage"):
        for change in item.fields:
            if change.field == "emotion" and journey is not None:
                old, new = change.old, change.new
                arrow, tone = _move(change)
                delta = t.signed(new - old) if old is not None and new is not None else ""
                emotions.append(
                    EmotionRow(
                        stage_name=journey.stage(item.id).name,
                        link=f"{Paths.journey(journey.id)}#stage-{item.id}",
                        old=format_value("emotion", old, t),
                        new=format_value("emotion", new, t),
                        delta=delta,
                        arrow=arrow,
                        tone=tone,
                        words=_words(tone, t),
                    )
                )
    items = {
        kind: rows
        for kind in KINDS
        if (rows := tuple(_item_row(journey, i, t) for i in _shown(changes, kind)))
    }
    return JourneyChangesView(
        id=changes.id,
        title=changes.title,
        status=changes.status,
        status_label=t(f"changes.status.{changes.status}"),
        link=Paths.journey(changes.id) if journey is not None else None,
        details=(
            changes_paths(folder).journey_changes(changes.id)
            if changes.status == "changed"
            else None
        ),
        counts=count_text(changes, t) if changes.status == "changed" else "",
        by_kind=tuple(
            (t(f"changes.section.{kind}"), ", ".join(_counts(changes.of_kind(kind), t)))
            for kind in KINDS
            if changes.of_kind(kind)
        ),
        fields=field_rows(changes.fields, t),
        emotions=tuple(emotions),
        items=items,
        curve=then_now_curve(journey, changes, t, since) if journey is not None else Markup(""),
    )


# --- the site --------------------------------------------------------------------------------


def site_summary(changes: SiteChanges, t: Translator) -> str:
    if changes.empty:
        return t("changes.nothing")
    parts = []
    for status in ("added", "removed", "changed"):
        count = sum(1 for j in changes.journeys if j.status == status)
        if count:
            parts.append(t.plural(f"changes.journeys.{status}", count))
    for status, ids in (("added", changes.personas_added), ("removed", changes.personas_removed)):
        if ids:
            parts.append(t.plural(f"changes.personas.{status}", len(ids)))
    return ", ".join(parts)


def site_view(site: Site, changes: SiteChanges, t: Translator) -> SiteChangesView:
    names = {p.id: p.name for p in site.personas}
    return SiteChangesView(
        label=changes.label,
        title=t("changes.title", since=changes.label),
        summary=site_summary(changes, t),
        journeys=tuple(
            journey_view(site, j, t, changes.folder, changes.since) for j in changes.journeys
        ),
        personas_added=tuple(
            PersonaLink(names.get(pid, pid), Paths.persona(pid) if pid in names else None)
            for pid in changes.personas_added
        ),
        personas_removed=tuple(PersonaLink(pid, None) for pid in changes.personas_removed),
    )


def site_banner(site: Site, t: Translator) -> Banner | None:
    """The overview's line: what changed since the review, linking to the changes page."""
    if site.changes is None:
        return None
    return Banner(
        text=t("changes.title", since=site.changes.label),
        detail=site_summary(site.changes, t),
        link=Paths.changes,
        link_text=t("changes.see_all"),
    )


def journey_banner(site: Site, journey: Journey, t: Translator) -> Banner | None:
    """A journey page's line: changed (to its changes page), new, or unchanged."""
    if site.changes is None:
        return None
    changes = site.changes.journey(journey.id)
    since = site.changes.label
    if changes is None:
        text, detail, link = t("changes.unchanged", since=since), "", Paths.changes
    elif changes.status == "added":
        text, detail, link = t("changes.new_journey", since=since), "", Paths.changes
    else:
        text, detail = t("changes.title", since=since), count_text(changes, t)
        link = Paths.journey_changes(journey.id)
    link_text = t("changes.see" if link != Paths.changes else "changes.see_all")
    return Banner(text=text, detail=detail, link=link, link_text=link_text)
