"""Service blueprint lanes: which lanes exist, how a project declares its own, and their order.

Built-in lanes are the customer's (actions ... kpis) and the blueprint's (props, frontstage,
backstage, support); a project adds custom lanes in journeygen.yml (`lanes:`), whose items a
stage gives under the lane's id, and chooses and orders the map's lanes with `map_lanes:` (in
journeygen.yml, or per journey). The map draws the line of interaction, of visibility and of
internal interaction where the lanes cross from one zone to the next (`zone`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, cast

import yaml
from pydantic import Field, create_model

from journeygen.core.diagnostics import Diagnostic, hint_with_choices
from journeygen.core.i18n import LANGUAGES
from journeygen.model import schema
from journeygen.model.site import LaneDef
from journeygen.sources.documents import Document, locate
from journeygen.sources.project_files import SLUG_RE, slugify

CUSTOMER_LANES = ("actions", "touchpoints", "thoughts", "emotion", "pains", "opportunities", "kpis")
BLUEPRINT_LANES = ("props", "frontstage", "backstage", "support")  # in the map's order
BUILT_IN_LANES = (*CUSTOMER_LANES, *BLUEPRINT_LANES)
# Zones: 0 the customer's side (with props), 1 frontstage, 2 backstage, 3 support. The line
# at the top of zone n is LINES[n - 1].
ZONES = {"frontstage": 1, "backstage": 2, "support": 3}
LINES = ("interaction", "visibility", "internal")
STAGE_KEYS = frozenset(schema.StageIn.model_fields)


# The same help for every custom lane, so that schema_nl.py translates it like the rest.
CUSTOM_LANE_HELP: dict[str, Any] = {
    "description": "A lane declared under 'lanes:' in journeygen.yml: texts, or mappings "
    "with text, owner, evidence, source and visibility",
    "examples": [["Finance sends the invoice", {"text": "Contract signed", "owner": "sales"}]],
}


def field_name(index: int) -> str:
    """The name of a custom lane's field in the journey model (its id is the alias: a lane
    id such as `after-sales` is no Python name, and `copy` would shadow a method)."""
    return f"lane_{index}"


@functools.lru_cache(maxsize=16)
def journey_model(custom: tuple[str, ...]) -> type[schema.JourneyIn]:
    """The journey model that also accepts the custom lanes `custom` on a stage."""
    if not custom:
        return schema.JourneyIn
    fields: dict[str, Any] = {
        field_name(i): (
            schema.LaneItemList,
            Field(
                [],
                alias=lane_id,
                description=CUSTOM_LANE_HELP["description"],
                examples=CUSTOM_LANE_HELP["examples"],
            ),
        )
        for i, lane_id in enumerate(custom)
    }
    stage = create_model(
        "StageIn", __base__=schema.StageIn, __doc__=schema.StageIn.__doc__, **fields
    )
    # Built at run time from a class made at run time: not a type mypy can check (and one
    # that the pydantic plugin of some versions rejects as a type expression).
    items: Any = list.__class_getitem__(stage)
    stages: Any = cast(Any, Annotated)[items, Field(min_length=1)]
    help_ = schema.JourneyIn.model_fields["stages"]
    field = Field(description=help_.description, examples=help_.examples)
    return create_model(
        "JourneyIn",
        __base__=schema.JourneyIn,
        __doc__=schema.JourneyIn.__doc__,
        stages=(stages, field),
    )


def _loose_config(config: Path) -> dict[str, Any]:
    """journeygen.yml read without checks, for `journeygen schema` (which checks nothing: a
    file that cannot be read is taken as empty)."""
    try:
        data = yaml.safe_load(config.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def project_lanes(config: Path) -> tuple[str, ...]:
    """The ids of the custom lanes a journeygen.yml declares, for `journeygen schema` (a bad
    lane is left out)."""
    lanes = _loose_config(config).get("lanes")
    ids = (
        [lane.get("id") for lane in lanes if isinstance(lane, dict)]
        if isinstance(lanes, list)
        else []
    )
    return tuple(
        dict.fromkeys(
            i for i in ids if isinstance(i, str) and SLUG_RE.match(i) and i not in STAGE_KEYS
        )
    )


def project_language(config: Path) -> str:
    """The `language:` of a journeygen.yml, for the help in `journeygen schema`; en when
    there is none (or it is not one journeygen knows)."""
    language = _loose_config(config).get("language")
    return language if language in LANGUAGES else "en"


def _error(doc: Document, loc: tuple[str | int, ...], message: str, hint: str) -> Diagnostic:
    line, col = locate(doc, loc)
    return Diagnostic(doc.path, line, col, message, hint)


def check_lane_config(
    doc: Document, raw: schema.ConfigIn, problems: list[Diagnostic]
) -> tuple[tuple[LaneDef, ...], tuple[str, ...] | None]:
    """journeygen.yml's `lanes:` and `map_lanes:`, checked: the custom lanes that are valid,
    and the project's choice of map lanes (None: the default)."""
    lanes: list[LaneDef] = []
    seen: dict[str, int] = {}
    for index, lane in enumerate(raw.lanes):
        loc: tuple[str | int, ...] = ("lanes", index, "id")
        if not SLUG_RE.match(lane.id):
            problems.append(
                _error(
                    doc, loc, f"lane id '{lane.id}' is not a valid id",
                    f"ids are lower-case letters, digits and '-', e.g. '{slugify(lane.id)}'",
                )
            )  # fmt: skip
        elif lane.id in STAGE_KEYS:
            shown = "a blueprint lane" if lane.id in BLUEPRINT_LANES else "a stage key"
            problems.append(
                _error(
                    doc, loc, f"lane id '{lane.id}' is already {shown} of journeygen",
                    f"give the lane its own id, e.g. '{lane.id}-2'; to move a built-in lane, "
                    "list the lanes in order under 'map_lanes:'",
                )
            )  # fmt: skip
        elif lane.id in seen:
            first, _ = locate(doc, ("lanes", seen[lane.id], "id"))
            problems.append(
                _error(
                    doc, loc, f"duplicate lane id '{lane.id}'",
                    f"the first '{lane.id}' is at line {first}; each lane needs its own id",
                )
            )  # fmt: skip
        else:
            seen[lane.id] = index
            lanes.append(LaneDef(lane.id, lane.name, lane.name_nl, lane.after))
    known = (*BUILT_IN_LANES, *seen)
    for index, lane in enumerate(raw.lanes):
        if lane.after is not None and (lane.after not in known or lane.after == lane.id):
            problems.append(
                _error(
                    doc, ("lanes", index, "after"), f"'after' names an unknown lane '{lane.after}'",
                    hint_with_choices(lane.after, [k for k in known if k != lane.id], "lanes"),
                )
            )  # fmt: skip
    # One with an unknown `after` stays a lane (its items are no unknown keys), at the end.
    lanes = [
        lane if lane.after in known and lane.after != lane.id else replace(lane, after=None)
        for lane in lanes
    ]
    if cycle := _cycle(lanes):
        index = seen[cycle[0]]
        problems.append(
            _error(
                doc, ("lanes", index, "after"),
                f"the lanes {', '.join(repr(c) for c in cycle)} follow each other in a circle",
                "let one of them follow a built-in lane, e.g. 'after: backstage'",
            )
        )  # fmt: skip
    map_lanes = None
    if raw.map_lanes is not None:
        map_lanes = check_map_lanes(raw.map_lanes, known, doc, problems)
    return tuple(lanes), map_lanes


def _cycle(lanes: Sequence[LaneDef]) -> list[str]:
    """Lane ids that follow each other in a circle (`a after b`, `b after a`), or []."""
    after = {lane.id: lane.after for lane in lanes}
    for start in after:
        path, current = [start], after[start]
        while current in after:
            if current == start:
                return path
            if current in path:
                break
            path.append(current)
            current = after[current]
    return []


def check_map_lanes(
    ids: Sequence[str], known: Sequence[str], doc: Document, problems: list[Diagnostic]
) -> tuple[str, ...]:
    """A `map_lanes:` list, checked: the ids that name a lane, each once."""
    kept: list[str] = []
    for index, lane_id in enumerate(ids):
        loc = ("map_lanes", index)
        if lane_id not in known:
            hint = hint_with_choices(lane_id, known, "lanes", ordered=True)
            problems.append(_error(doc, loc, f"unknown lane '{lane_id}' in 'map_lanes'", hint))
        elif lane_id in kept:
            problems.append(
                _error(doc, loc, f"lane '{lane_id}' is twice in 'map_lanes'", "list each once")
            )
        else:
            kept.append(lane_id)
    return tuple(kept)


def default_order(custom: Sequence[LaneDef]) -> tuple[str, ...]:
    """Every lane in the map's default order: the customer's, then props, frontstage,
    backstage, support; a custom lane right after the lane it names in `after` (after the
    ones placed there before it), else at the end."""
    order = list(BUILT_IN_LANES)
    pending = list(custom)
    while pending:
        placed = [lane for lane in pending if lane.after is None or lane.after in order]
        if not placed:  # a circle (reported by check_lane_config): at the end
            placed = pending
        for lane in placed:
            if lane.after is None or lane.after not in order:
                order.append(lane.id)
            else:
                at = order.index(lane.after) + 1
                while at < len(order) and _follows(order[at], lane.after, custom):
                    at += 1
                order.insert(at, lane.id)
        pending = [lane for lane in pending if lane not in placed]
    return tuple(order)


def _follows(lane_id: str, anchor: str, custom: Sequence[LaneDef]) -> bool:
    """Whether `lane_id` is a custom lane placed after `anchor` (directly or through others)."""
    by_id = {lane.id: lane for lane in custom}
    seen: set[str] = set()
    while lane_id in by_id and lane_id not in seen:
        seen.add(lane_id)
        after = by_id[lane_id].after
        if after == anchor:
            return True
        lane_id = after or ""
    return False


def zone(lane_id: str, custom: Mapping[str, LaneDef]) -> int:
    """The blueprint zone of a lane: 0 the customer's side, 1 frontstage, 2 backstage,
    3 support. A custom lane is in the zone of the lane it follows; without `after`, at the
    end of the map, in the support zone."""
    seen: set[str] = set()
    while lane_id in custom and lane_id not in seen:
        seen.add(lane_id)
        after = custom[lane_id].after
        if after is None:
            return 3
        lane_id = after
    return ZONES.get(lane_id, 0)
