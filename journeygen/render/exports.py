"""A journey as files to take elsewhere: its KPI table as CSV, the whole journey as JSON, its
Mermaid flowchart and journey diagram as `.mmd`. The shapes are documented in docs/export.md.

Pure functions from the model to text; the numbers are the ones the site shows (computed by
`metrics` and `kpidata`, never again here). Output is deterministic: fixed key and column
order, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import orjson

from journeygen.analysis import metrics
from journeygen.core.i18n import Translator
from journeygen.model.site import Journey, Kpi, Note, Persona, Site, Stage, Touchpoint
from journeygen.render import blueprint_exports as blueprint
from journeygen.render import diagrams, views

SCHEMA_VERSION = 1

KPI_COLUMNS = (
    "stage_id", "stage", "kpi", "anchor", "signal", "measure", "target", "actual", "unit",
    "better", "status", "trend", "progress", "owner",
)  # fmt: skip


@dataclass(frozen=True)
class Download:
    """A file of a journey, for the page's download list."""

    name: str  # file name in the journey's folder: "kpis.csv"
    label: str  # "KPI table"
    kind: str  # "CSV"


def journey_file(journey_id: str, name: str) -> str:
    """Site path of a file in a journey's folder."""
    return f"journeys/{journey_id}/{name}"


# The exports of a journey, in the order its page lists them: file name, label, kind, and
# whether the journey has it. `downloads` (the page's list) and `export_makers` (the files)
# both follow this table.
EXPORTS: tuple[tuple[str, str, str, Callable[[Journey], bool]], ...] = (
    ("kpis.csv", "download.kpis", "CSV", lambda journey: bool(journey.kpis)),
    ("journey.json", "download.json", "JSON", lambda journey: True),
    ("flow.mmd", "download.flow", "Mermaid", lambda journey: bool(journey.touchpoints)),
    ("journey.mmd", "download.journey", "Mermaid", lambda journey: True),
    ("blueprint.csv", "download.blueprint_csv", "CSV", blueprint.has_blueprint),
    ("blueprint.mmd", "download.blueprint_mmd", "Mermaid", blueprint.has_blueprint),
)


def downloads(journey: Journey, t: Translator) -> tuple[Download, ...]:
    """The files `export_makers` makes for this journey, in the order the page lists them."""
    return tuple(
        Download(name, t(label), kind) for name, label, kind, has in EXPORTS if has(journey)
    )


def export_makers(
    site: Site, journey: Journey, personas: Mapping[str, Persona] | None = None
) -> dict[str, Callable[[], bytes]]:
    """File name -> a function that makes that export's bytes (so that the process that
    renders pages makes them). `personas`: the site's by id, made once for all journeys."""
    personas = {p.id: p for p in site.personas} if personas is None else personas
    makers: dict[str, Callable[[], bytes]] = {
        "kpis.csv": partial(_kpis_csv_bytes, journey),
        "journey.json": partial(_utf8, journey_json, site, journey, personas),
        "flow.mmd": partial(_utf8, _flow_file, journey, site.config.language),
        "journey.mmd": partial(_utf8, diagrams.journey_diagram, journey, personas),
        "blueprint.csv": partial(_csv_bytes, blueprint.blueprint_csv, journey, site.config),
        "blueprint.mmd": partial(_utf8, blueprint.blueprint_mermaid, journey, site.config),
    }
    return {name: makers[name] for name, _label, _kind, has in EXPORTS if has(journey)}


def _utf8(text: Callable[..., str], *args: Any) -> bytes:
    return text(*args).encode("utf-8")


def _kpis_csv_bytes(journey: Journey) -> bytes:
    return kpis_csv(journey).encode("utf-8-sig")  # the BOM: Excel reads é


def _csv_bytes(text: Callable[..., str], *args: Any) -> bytes:
    return text(*args).encode("utf-8-sig")


def _flow_file(journey: Journey, language: str) -> str:
    return diagrams.flowchart(journey, language) + "\n"


# --- CSV ---------------------------------------------------------------------------------------


def number(value: float | None) -> str:
    """A number as CSV and JSON readers expect it: `2.5`, `600`; empty when unknown."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else repr(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as it is: a cell that starts like a
    formula (= + - @, a tab, a carriage return) gets a leading ' (OWASP's advice against
    CSV injection), so Excel and LibreOffice show it instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def kpi_periods(journey: Journey) -> tuple[str, ...]:
    return tuple(sorted({m.period for kpi in journey.kpis for m in kpi.series}))


def kpis_csv(journey: Journey) -> str:
    """One row per KPI, in stage order: its fields, then one column per measured period."""
    periods = kpi_periods(journey)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*KPI_COLUMNS, *map(text_cell, periods)])
    for stage in journey.stages:
        for kpi in stage.kpis:
            values = {m.period: number(m.value) for m in kpi.series}
            text = map(text_cell, (stage.name, kpi.name, kpi.slug, kpi.signal, kpi.measure))
            writer.writerow(
                [
                    stage.id, *text, number(kpi.target), number(kpi.actual),
                    text_cell(kpi.unit), kpi.better, kpi.status, kpi.trend or "",
                    kpi.progress or "", text_cell(kpi.owner),
                    *(values.get(period, "") for period in periods),
                ]
            )  # fmt: skip
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------


def journey_json(
    site: Site, journey: Journey, personas: Mapping[str, Persona] | None = None
) -> str:
    """The journey with everything journeygen computed, as indented JSON (docs/export.md)."""
    data = journey_data(site, journey, personas)
    return _indented_json(data) + "\n"


# Dates, datetimes and dataclasses go to `default=str`, as with the standard library's encoder.
_ORJSON_OPTIONS = (
    orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def _indented_json(data: Any) -> str:
    """`data` as JSON indented by two spaces, UTF-8 text as it is (not `\\u` escapes).

    orjson writes the same text as `json.dumps(indent=2, ensure_ascii=False)` in a twentieth
    of the time (the standard library's encoder is pure Python once it indents), except that
    NaN and infinity become `null` (valid JSON) and exponents have no leading zero (`1e-7`).
    An integer beyond 64 bits, which orjson refuses, goes through the standard library."""
    try:
        return orjson.dumps(data, option=_ORJSON_OPTIONS, default=str).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def journey_data(
    site: Site, journey: Journey, personas: Mapping[str, Persona] | None = None
) -> dict[str, Any]:
    personas = {p.id: p for p in site.personas} if personas is None else personas
    bottleneck = journey.bottleneck
    overall = metrics.overall_conversion(journey.stages)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": journey.id,
        "title": journey.title,
        "page": f"journeys/{journey.id}/index.html",
        "language": site.config.language,
        "state": journey.state,
        "framework": journey.framework,
        "ideal": journey.ideal,
        "current": journey.current,
        "personas": [_persona(pid, personas.get(pid)) for pid in journey.personas],
        "goal": journey.goal,
        "hypothesis": journey.hypothesis,
        "stages": [_stage(stage) for stage in journey.stages],
        **_blueprint(site, journey),
        "conversions": [
            {
                "from": c.from_stage,
                "to": c.to_stage,
                "rate": round(c.rate, 6),
                "is_bottleneck": c.is_bottleneck,
            }
            for c in journey.conversions
        ],
        "bottleneck": None
        if bottleneck is None
        else {
            "from": bottleneck.from_stage,
            "to": bottleneck.to_stage,
            "rate": round(bottleneck.rate, 6),
        },
        "overall_conversion": None if overall is None else round(overall.rate, 6),
        "kpi_health": _health(journey.kpis),
        "flow": [{"from": e.source, "to": e.target, "is_loop": e.is_loop} for e in journey.flow],
        "body": journey.body,
        "extra": _plain(journey.extra),
    }


def _blueprint(site: Site, journey: Journey) -> dict[str, Any]:
    """`lanes` (the blueprint's lanes) and each stage's items, for a journey with a service
    blueprint; nothing for one without (its journey.json stays as it was)."""
    if not blueprint.has_blueprint(journey):
        return {}
    return {
        "lanes": blueprint.journey_lanes(journey, site.config),
        "blueprint": [
            {"stage": stage.id, "lanes": blueprint.stage_lanes(journey, site.config, index)}
            for index, stage in enumerate(journey.stages)
        ],
    }


def _persona(persona_id: str, persona: Persona | None) -> dict[str, Any]:
    if persona is None:
        return {"id": persona_id, "name": persona_id, "role": ""}
    return {"id": persona.id, "name": persona.name, "role": persona.role}


def _notes(notes: tuple[Note, ...]) -> list[dict[str, Any]]:
    return [{"text": n.text, "evidence": n.evidence, "source": n.source} for n in notes]


def _stage(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "anchor": f"stage-{stage.id}",
        "name": stage.name,
        "position": stage.index + 1,
        "description": stage.description,
        "goal": stage.goal,
        "emotion": stage.emotion,
        "emotions": _plain(stage.emotions),
        "volume": stage.volume,
        "evidence": stage.evidence,
        "source": stage.source,
        "actions": _notes(stage.actions),
        "thoughts": _notes(stage.thoughts),
        "pains": _notes(stage.pains),
        "opportunities": _notes(stage.opportunities),
        "touchpoints": [_touchpoint(tp) for tp in stage.touchpoints],
        "kpis": [_kpi(kpi) for kpi in stage.kpis],
        "extra": _plain(stage.extra),
    }


def _touchpoint(tp: Touchpoint) -> dict[str, Any]:
    return {
        "id": tp.id,
        "anchor": f"tp-{tp.id}",
        "name": tp.name,
        "channel": tp.channel,
        "offline": tp.offline,
        "owner": tp.owner,
        "description": tp.description,
        "emotion": tp.emotion,
        "emotions": _plain(tp.emotions),
        "evidence": tp.evidence,
        "source": tp.source,
        "next": list(tp.next),
        "ref": tp.ref,
        "extra": _plain(tp.extra),
    }


def _kpi(kpi: Kpi) -> dict[str, Any]:
    return {
        "name": kpi.name,
        "anchor": kpi.slug,
        "signal": kpi.signal,
        "measure": kpi.measure,
        "target": kpi.target,
        "actual": kpi.actual,
        "previous": kpi.previous,
        "unit": kpi.unit,
        "better": kpi.better,
        "owner": kpi.owner,
        "status": kpi.status,
        "trend": kpi.trend,
        "previous_period": kpi.previous_period,
        "progress": kpi.progress,
        "series": [{"period": m.period, "value": m.value} for m in kpi.series],
        "extra": _plain(kpi.extra),
    }


def _health(kpis: tuple[Kpi, ...]) -> dict[str, int]:
    health = views.health(kpis)
    return {"met": health.met, "missed": health.missed, "unknown": health.unknown}


def _plain(value: Any) -> Any:
    """`extra` data as JSON values, keys sorted (YAML dates become ISO text)."""
    if not value and type(value) is dict:  # most items have no `extra`, no `emotions`
        return {}
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
