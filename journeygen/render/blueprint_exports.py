"""A journey's service blueprint as files: `blueprint.csv` (one row per item) and
`blueprint.mmd` (a Mermaid flowchart: a column per stage, its items lane by lane), and the
`lanes` of journey.json. Shapes in docs/export.md. Pure; deterministic.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from journeygen.core.i18n import translator
from journeygen.model.site import Config, Journey, Note
from journeygen.render import exports  # its text_cell; exports imports this module (at call time)
from journeygen.render.blueprint_view import lane_cell_id, lane_label, lane_order
from journeygen.render.diagrams import _label, _line
from journeygen.validate.lanes import BLUEPRINT_LANES, zone

CSV_COLUMNS = (
    "stage_id", "stage", "lane_id", "lane", "text", "owner", "evidence", "source", "visibility",
    "anchor",
)  # fmt: skip


def has_blueprint(journey: Journey) -> bool:
    return any(stage.lanes for stage in journey.stages)


def blueprint_lanes(journey: Journey, config: Config) -> tuple[str, ...]:
    """The blueprint and custom lanes the journey has items in, in the map's order (a lane
    that `map_lanes` leaves off the map is still exported, after the others)."""
    used = {lane for stage in journey.stages for lane in stage.lanes}
    order = [lane for lane in lane_order(journey, config) if lane in used]
    return (*order, *sorted(used - set(order)))


def _item(note: Note) -> dict[str, Any]:
    return {
        "text": note.text,
        "owner": note.owner,
        "evidence": note.evidence,
        "source": note.source,
        "visibility": "internal" if note.internal else "public",
    }


def journey_lanes(journey: Journey, config: Config) -> list[dict[str, Any]]:
    """journey.json's `lanes`: each lane with items, its name and its zone."""
    t = translator(config.language)
    custom = {lane.id: lane for lane in config.lanes}
    return [
        {
            "id": lane,
            "name": lane_label(lane, config, t),
            "custom": lane not in BLUEPRINT_LANES,
            "zone": ("customer", "frontstage", "backstage", "support")[zone(lane, custom)],
        }
        for lane in blueprint_lanes(journey, config)
    ]


def stage_lanes(journey: Journey, config: Config, stage_index: int) -> dict[str, Any]:
    """A stage's `lanes` in journey.json: lane id -> its items (every lane of the journey)."""
    stage = journey.stages[stage_index]
    return {
        lane: [_item(n) for n in stage.lanes.get(lane, ())]
        for lane in blueprint_lanes(journey, config)
    }


def blueprint_csv(journey: Journey, config: Config) -> str:
    text_cell = exports.text_cell
    t = translator(config.language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for lane in blueprint_lanes(journey, config):
        name = lane_label(lane, config, t)
        for stage in journey.stages:
            for note in stage.lanes.get(lane, ()):
                item = _item(note)
                writer.writerow(
                    [
                        stage.id, text_cell(stage.name), lane, text_cell(name),
                        text_cell(note.text), text_cell(note.owner), note.evidence or "",
                        text_cell(note.source or ""), item["visibility"],
                        lane_cell_id(lane, stage.id),
                    ]
                )  # fmt: skip
    return buffer.getvalue()


def blueprint_mermaid(journey: Journey, config: Config) -> str:
    """A Mermaid flowchart: one column (subgraph) per stage, left to right; in each, the
    stage's items lane by lane, top to bottom, each labelled with its lane and owner. Every
    text is escaped as in diagrams.py."""
    t = translator(config.language)
    lanes = blueprint_lanes(journey, config)
    names = {lane: lane_label(lane, config, t) for lane in lanes}
    out = [
        "flowchart LR",
        f"  accTitle: {_line(journey.title)}",
        f"  accDescr: {_line(', '.join(names[lane] for lane in lanes))}",
    ]
    for s_index, stage in enumerate(journey.stages):
        out.append(f'  subgraph s{s_index}["{_label(stage.name)}"]')
        out.append("    direction TB")
        nodes = []
        for lane in lanes:
            for i_index, note in enumerate(stage.lanes.get(lane, ())):
                node = f"s{s_index}_{lanes.index(lane)}_{i_index}"
                owner = f" ({note.owner})" if note.owner else ""
                label = _label(f"{names[lane]}: {note.text}{owner}")
                out.append(f'    {node}["{label}"]')
                nodes.append(node)
        if len(nodes) > 1:
            out.append("    " + " ~~~ ".join(nodes))
        out.append("  end")
    if len(journey.stages) > 1:
        out.append("  " + " --> ".join(f"s{i}" for i in range(len(journey.stages))))
    return "\n".join(out) + "\n"
