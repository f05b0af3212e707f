"""The rows of the journey map, in order: the customer's lanes, then the service blueprint's,
with the line of interaction, of visibility and of internal interaction between them.

Which lanes, in which order: the journey's `map_lanes`, else the project's, else the default
(lanes.default_order). A lane shows only when some stage has something for it; the lines show
only when the map has a frontstage, backstage, support or custom lane below the customer's.
A journey without blueprint lanes and without `map_lanes` gets today's rows, in today's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeygen.core.i18n import Translator
from journeygen.model.site import Config, Journey, Note
from journeygen.validate.lanes import BLUEPRINT_LANES, LINES, default_order, zone

# A customer lane id (as `map_lanes` names it) -> the row the map template draws for it.
CUSTOMER_ROWS = {
    "actions": "doing",
    "touchpoints": "touchpoints",
    "thoughts": "thinking",
    "emotion": "feeling",
    "pains": "pains",
    "opportunities": "opportunities",
    "kpis": "kpis",
}


@dataclass(frozen=True)
class MapRow:
    """A row of the map: `kind` is a customer row (stage, doing, touchpoints, thinking,
    feeling, pains, opportunities, kpis), `lane` (a blueprint or custom lane) or `line`."""

    kind: str
    lane: str = ""  # the lane's id; for a line: interaction, visibility or internal
    label: str = ""  # a lane's or line's name, in the site's language
    cells: tuple[tuple[Note, ...], ...] = ()  # a lane's items, one tuple per stage
    zone: int = 0  # 0 the customer's side, 1 frontstage, 2 backstage, 3 support
    anchors: tuple[str, ...] = ()  # a lane's cell ids, one per stage (lane_cell_id)


def lane_order(journey: Journey, config: Config) -> tuple[str, ...]:
    """The lanes the map may show, in order."""
    if journey.map_lanes is not None:
        return journey.map_lanes
    if config.map_lanes is not None:
        return config.map_lanes
    return default_order(config.lanes)


def lane_cell_id(lane_id: str, stage_id: str) -> str:
    """The anchor of a stage's cell in a blueprint lane: `bp-<lane>--<stage>` (both slugs,
    which never hold `--`, so no two cells share one)."""
    return f"bp-{lane_id}--{stage_id}"


def lane_label(lane_id: str, config: Config, t: Translator) -> str:
    if lane_id in BLUEPRINT_LANES:
        return t(f"lane.{lane_id}")
    custom = next((lane for lane in config.lanes if lane.id == lane_id), None)
    return custom.label(t.language) if custom else lane_id


def map_rows(
    journey: Journey,
    config: Config,
    t: Translator,
    filled: frozenset[str],
    *,
    touchpoints: bool,
    curve: bool,
    kpis: bool,
) -> tuple[MapRow, ...]:
    """The map's rows. `filled`: the customer rows some stage has text for (views.map_lanes);
    `touchpoints`, `curve`, `kpis`: whether the map has those rows."""
    shown = set(filled) | {
        row
        for row, has in (("touchpoints", touchpoints), ("feeling", curve), ("kpis", kpis))
        if has
    }
    custom = {lane.id: lane for lane in config.lanes}
    rows: list[MapRow] = [MapRow("stage")] if "stage" in shown else []
    for lane_id in lane_order(journey, config):
        if lane_id in CUSTOMER_ROWS:
            if CUSTOMER_ROWS[lane_id] in shown:
                rows.append(MapRow(CUSTOMER_ROWS[lane_id]))
            continue
        cells = tuple(stage.lanes.get(lane_id, ()) for stage in journey.stages)
        if any(cells):
            label = lane_label(lane_id, config, t)
            anchors = tuple(lane_cell_id(lane_id, stage.id) for stage in journey.stages)
            rows.append(MapRow("lane", lane_id, label, cells, zone(lane_id, custom), anchors))
    if not any(row.zone for row in rows):
        return tuple(rows)
    return tuple(_with_lines(rows, t))


def _with_lines(rows: list[MapRow], t: Translator) -> list[MapRow]:
    """The rows with a line row where the zone goes up: every line it crosses (customer ->
    backstage crosses the line of interaction and the line of visibility)."""
    result: list[MapRow] = []
    current = 0
    for row in rows:
        for crossed in range(current, row.zone):
            line = LINES[crossed]
            result.append(MapRow("line", line, t(f"blueprint.line.{line}"), zone=crossed + 1))
        current = max(current, row.zone)
        result.append(row)
    return result
