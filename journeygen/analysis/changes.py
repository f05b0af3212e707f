"""What changed between two versions of a project: journeys, stages, touchpoints, KPIs.

Pure: compares two validated Sites. `history` loads the old one from git or a folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from journeygen.model.site import (
    ChangeStatus,
    FieldChange,
    ItemChange,
    Journey,
    JourneyChanges,
    Kpi,
    Site,
    SiteChanges,
    Touchpoint,
)

Status = ChangeStatus
T = TypeVar("T")

STAGE_FIELDS = ("name", "description", "goal", "emotion", "volume")
TOUCHPOINT_FIELDS = ("name", "channel", "offline", "owner", "description", "emotion", "evidence")
KPI_FIELDS = ("target", "actual", "status", "measure", "signal", "owner", "unit", "better")
JOURNEY_FIELDS = ("title", "goal", "hypothesis", "state", "framework")


def _fields(old: Any, new: Any, names: Iterable[str]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in names
        if getattr(old, name) != getattr(new, name)
    )


def _match(old: Iterable[T], new: Iterable[T], key: Any) -> list[tuple[T | None, T | None]]:
    """Pairs by key: new order first, then what only the old one had."""
    before: Mapping[str, T] = {key(item): item for item in old}
    after: Mapping[str, T] = {key(item): item for item in new}
    pairs: list[tuple[T | None, T | None]] = [(before.get(k), v) for k, v in after.items()]
    pairs += [(v, None) for k, v in before.items() if k not in after]
    return pairs


def _items(
    kind: Literal["stage", "touchpoint", "kpi"],
    pairs: list[tuple[Any, Any]],
    names: Iterable[str],
    stage_of: Any,
    ident: Any,
) -> list[ItemChange]:
    changes = []
    for old, new in pairs:
        item = new if new is not None else old
        if old is None or new is None:
            status: Status = "added" if old is None else "removed"
            changes.append(ItemChange(kind, ident(item), item.name, stage_of(item), status))
            continue
        fields = _fields(old, new, names)
        if fields:
            changes.append(
                ItemChange(kind, ident(item), item.name, stage_of(item), "changed", fields)
            )
    return changes


def compare_journeys(old: Journey, new: Journey) -> JourneyChanges | None:
    """The changes from `old` to `new` (same id), or None when nothing that shows changed."""
    stages = _match(old.stages, new.stages, lambda s: s.id)
    items = _items("stage", stages, STAGE_FIELDS, lambda s: s.id, lambda s: s.id)
    touchpoints = _match(old.touchpoints, new.touchpoints, lambda t: t.id)
    items += _items("touchpoint", touchpoints, TOUCHPOINT_FIELDS, _touchpoint_stage, lambda t: t.id)
    kpis = _match(old.kpis, new.kpis, _kpi_key)
    items += _items("kpi", kpis, KPI_FIELDS, lambda k: k.stage_id, _kpi_key)
    fields = _fields(old, new, JOURNEY_FIELDS)
    if not fields and not items:
        return None
    return JourneyChanges(new.id, new.title, "changed", fields, tuple(items))


def _touchpoint_stage(touchpoint: Touchpoint) -> str:
    return touchpoint.stage_id


def _kpi_key(kpi: Kpi) -> str:
    return f"{kpi.stage_id}/{kpi.name}"


def compare_sites(old: Site, new: Site, since: str, label: str) -> SiteChanges:
    journeys = []
    for before, after in _match(old.journeys, new.journeys, lambda j: j.id):
        if before is None or after is None:
            item = after if after is not None else before
            assert item is not None
            status: Status = "added" if before is None else "removed"
            journeys.append(JourneyChanges(item.id, item.title, status))
            continue
        changed = compare_journeys(before, after)
        if changed is not None:
            journeys.append(changed)
    old_personas = {p.id for p in old.personas}
    new_personas = {p.id for p in new.personas}
    return SiteChanges(
        since=since,
        label=label,
        journeys=tuple(sorted(journeys, key=lambda j: j.id)),
        personas_added=tuple(sorted(new_personas - old_personas)),
        personas_removed=tuple(sorted(old_personas - new_personas)),
    )
