"""One journey file -> a Journey: types, presets, personas, shared touchpoints, links.

Checks what one journey can know on its own plus the ids of the rest of the project
(personas, journeys, the touchpoint library). KPI data from CSV is added afterwards.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journeygen.analysis import metrics
from journeygen.core.diagnostics import Diagnostic, hint_with_choices
from journeygen.model import schema
from journeygen.model.channels import channel_icon
from journeygen.model.presets import PRESETS, stage_ids, stage_name
from journeygen.model.site import Journey, Kpi, Note, Stage, Touchpoint
from journeygen.sources.documents import Document, locate
from journeygen.sources.project_files import SLUG_RE, slugify
from journeygen.validate.lanes import (
    BLUEPRINT_LANES,
    BUILT_IN_LANES,
    check_map_lanes,
    field_name,
    journey_model,
)
from journeygen.validate.schema_errors import check_document, salvage

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class JourneyContext:
    language: str
    personas: frozenset[str]
    journeys: frozenset[str]
    library: Mapping[str, schema.LibraryTouchpointIn]
    library_doc: Document | None = None
    lanes: tuple[str, ...] = ()  # the ids of the custom lanes journeygen.yml declares


class _Report:
    """Diagnostics for one document, positioned by YAML path."""

    def __init__(self, doc: Document, problems: list[Diagnostic]) -> None:
        self.doc = doc
        self.problems = problems
        self.failed = False
        self.unknown_persona = False  # then emotion keys are not checked: one cause, one error
        self.written_at: dict[int, int] = {}  # id(touchpoint) -> its index in the file

    def error(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> None:
        line, col = locate(self.doc, loc, key=key)
        self.problems.append(Diagnostic(self.doc.path, line, col, message, hint))
        self.failed = True


def _notes(items: list[schema.Note]) -> tuple[Note, ...]:
    return tuple(Note(n.text, n.evidence, n.source, n.visibility == "internal") for n in items)


def _lanes(item: schema.StageIn, custom: tuple[str, ...]) -> dict[str, tuple[Note, ...]]:
    """The stage's blueprint and custom lanes that have items: lane id -> items."""
    written: list[tuple[str, list[schema.LaneItem]]] = [
        (lane, getattr(item, lane)) for lane in BLUEPRINT_LANES
    ]
    written += [(lane, getattr(item, field_name(i))) for i, lane in enumerate(custom)]
    return {
        lane: tuple(
            Note(n.text, n.evidence, n.source, n.visibility == "internal", n.owner) for n in items
        )
        for lane, items in written
        if items
    }


def build_journey(
    doc: Document, context: JourneyContext, problems: list[Diagnostic]
) -> Journey | None:
    model = journey_model(context.lanes)
    raw = check_document(doc, model, doc.data, problems)
    report = _Report(doc, problems)
    if raw is None:
        # Check the references of what is left, so all problems show at once.
        raw = salvage(model, doc.data)
        if raw is None:
            return None
        report.failed = True
    personas = _check_personas(raw, context, report)
    framework = raw.framework
    if framework is not None and framework not in PRESETS:
        report.error(
            ("framework",),
            f"unknown framework '{framework}'",
            hint_with_choices(framework, PRESETS, "frameworks"),
        )
        framework = ""  # unknown: stage ids and names are not checked against it
    elif framework is not None and (others := _other_presets(raw, framework)):
        named = " or ".join(f"'{other}'" for other in others)
        report.error(
            ("framework",),
            f"the stages are those of the {named} framework, not of '{framework}'",
            f"write 'framework: {others[0]}' (stages of '{framework}': "
            f"{', '.join(stage_ids(framework))})",
        )
        framework = ""  # the stages are reported once, here
    if raw.ideal is not None and raw.ideal not in context.journeys:
        hint = hint_with_choices(raw.ideal, context.journeys - {doc.id}, "journeys")
        report.error(("ideal",), f"unknown journey '{raw.ideal}'", hint)
    if raw.ideal == doc.id:
        report.error(("ideal",), "a journey cannot be its own ideal", "name the ideal journey's id")
    stages = _build_stages(raw, framework, context, report, personas)
    _check_links(stages, report)
    map_lanes = None
    if raw.map_lanes is not None:
        known = (*BUILT_IN_LANES, *context.lanes)
        map_lanes = check_map_lanes(raw.map_lanes, known, doc, problems)
        report.failed = report.failed or len(map_lanes) != len(raw.map_lanes)
    if report.failed:
        return None
    conversions, bottleneck = metrics.conversions(stages)
    return Journey(
        id=doc.id,
        title=raw.title,
        stages=stages,
        personas=personas,
        framework=raw.framework,
        state=raw.state,
        ideal=raw.ideal,
        goal=raw.goal,
        hypothesis=raw.hypothesis,
        body=doc.body or raw.body,
        extra=raw.extra,
        source=doc.path,
        conversions=conversions,
        bottleneck=bottleneck,
        flow=metrics.flow_edges(stages),
        internal=raw.visibility == "internal",
        listed=raw.listed,
        password_env=raw.password_env,
        map_lanes=map_lanes,
    )


def _other_presets(raw: schema.JourneyIn, framework: str) -> list[str]:
    """The presets that hold every stage id when `framework` does not (`framework: 5a`
    with Kotler's aware, appeal, ...: `['kotler-5a']`); none when `framework` does."""
    ids = {stage.id for stage in raw.stages}
    if not ids or ids <= set(stage_ids(framework)):
        return []
    return [p for p in PRESETS if p != framework and ids <= set(stage_ids(p))]


def _check_personas(
    raw: schema.JourneyIn, context: JourneyContext, report: _Report
) -> tuple[str, ...]:
    named: list[tuple[Loc, str]] = []
    if raw.persona:
        named.append((("persona",), raw.persona))
    named.extend((("personas", i), pid) for i, pid in enumerate(raw.personas))
    found: list[str] = []
    for loc, pid in named:
        if pid not in context.personas:
            hint = hint_with_choices(pid, context.personas, "personas")
            report.error(loc, f"unknown persona '{pid}'", hint)
            report.unknown_persona = True
        elif pid not in found:
            found.append(pid)
    return tuple(found)


def _build_stages(
    raw: schema.JourneyIn,
    framework: str | None,
    context: JourneyContext,
    report: _Report,
    personas: tuple[str, ...],
) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw.stages):
        loc: Loc = ("stages", index)
        name = item.name
        if framework and item.id not in stage_ids(framework):
            report.error(
                (*loc, "id"),
                f"stage '{item.id}' is not in the '{framework}' framework",
                hint_with_choices(
                    item.id, stage_ids(framework), f"stages of '{framework}'", ordered=True
                ),
            )
        elif framework and name is None:
            name = stage_name(framework, item.id, context.language)
        if not SLUG_RE.match(item.id):
            report.error(
                (*loc, "id"),
                f"stage id '{item.id}' is not a valid id",
                f"ids are lower-case letters, digits and '-', e.g. '{slugify(item.id)}'",
            )
        if item.id in seen:
            first, _ = locate(report.doc, ("stages", seen[item.id], "id"))
            report.error(
                (*loc, "id"),
                f"duplicate stage id '{item.id}'",
                f"the first '{item.id}' is at line {first}; each stage needs its own id",
            )
        seen.setdefault(item.id, index)
        if name is None:
            name = item.id.replace("-", " ").capitalize()
            if framework is None:  # "" (unknown framework) was reported already
                report.error(
                    loc,
                    f"stage '{item.id}' needs a 'name'",
                    "without a 'framework:' every stage names itself; or set a framework, "
                    f"e.g. framework: aaarrr ({', '.join(sorted(PRESETS))})",
                )
        kept = []
        for tp_index, tp_raw in enumerate(item.touchpoints):
            tp_loc = (*loc, "touchpoints", tp_index)
            if tp := _touchpoint(tp_raw, tp_loc, item.id, context, report, personas):
                report.written_at[id(tp)] = tp_index  # after a dropped one, indexes differ
                kept.append(tp)
        touchpoints = tuple(kept)
        stages.append(
            Stage(
                id=item.id,
                name=name,
                index=index,
                description=item.description,
                goal=item.goal,
                actions=_notes(item.actions),
                thoughts=_notes(item.thoughts),
                **_emotions(item.emotion, (*loc, "emotion"), personas, report),
                pains=_notes(item.pains),
                opportunities=_notes(item.opportunities),
                volume=item.volume,
                kpis=_kpis(item, loc, report),
                touchpoints=touchpoints,
                evidence=item.evidence,
                source=item.source,
                extra=item.extra,
                internal=item.visibility == "internal",
                lanes=_lanes(item, context.lanes),
            )
        )
    return tuple(stages)


def _kpi_anchor(stage: schema.StageIn, name: str) -> str:
    """`kpi-<stage>-<slug of name>`; where two names give the same slug ("Conversie" and
    "Conversie %"), both get a short hash of the name, so no anchor depends on order."""
    slug = slugify(name)
    if sum(1 for kpi in stage.kpis if slugify(kpi.name) == slug) > 1:
        slug += "-" + hashlib.sha1(name.encode()).hexdigest()[:6]
    return f"kpi-{stage.id}-{slug}"


def _kpis(item: schema.StageIn, loc: Loc, report: _Report) -> tuple[Kpi, ...]:
    kpis: list[Kpi] = []
    names: set[str] = set()
    for k_index, raw in enumerate(item.kpis):
        k_loc = (*loc, "kpis", k_index)
        if raw.name in names:
            report.error(
                (*k_loc, "name"),
                f"duplicate KPI '{raw.name}' in stage '{item.id}'",
                "KPI names are unique within a stage; CSV rows match them by name",
            )
            continue
        names.add(raw.name)
        kpis.append(
            Kpi(
                name=raw.name,
                slug=_kpi_anchor(item, raw.name),
                stage_id=item.id,
                signal=raw.signal,
                measure=raw.measure,
                target=raw.target,
                actual=raw.actual,
                unit=raw.unit,
                better=raw.better,
                owner=raw.owner,
                extra=raw.extra,
                internal=raw.visibility == "internal",
            )
        )
    return tuple(kpis)


_FIELDS = (
    "channel",
    "offline",
    "owner",
    "description",
    "emotion",
    "evidence",
    "source",
    "next",
    "extra",
)


def _written(raw: schema.TouchpointFields) -> dict[str, Any]:
    """The keys the file sets (`model_dump(exclude_unset=True)` without its cost: the
    values are plain data, nothing to convert)."""
    return {key: getattr(raw, key) for key in raw.model_fields_set}


def _touchpoint(
    raw: schema.TouchpointIn,
    loc: Loc,
    stage_id: str,
    context: JourneyContext,
    report: _Report,
    personas: tuple[str, ...],
) -> Touchpoint | None:
    values = _written(raw)
    if raw.ref is not None:
        shared = context.library.get(raw.ref)
        if shared is None:
            hint = hint_with_choices(raw.ref, context.library, "shared touchpoints")
            where = (
                "content/touchpoints.yml" if context.library_doc else "a content/touchpoints.yml"
            )
            report.error(
                (*loc, "ref"), f"unknown touchpoint ref '{raw.ref}' (not in {where})", hint
            )
            return None
        values = {**_written(shared), **values}
    tp_id = values.get("id") or raw.ref or (touchpoint_id(raw.name) if raw.name else None)
    name = values.get("name")
    if not name:
        report.error(
            loc,
            "a touchpoint needs a 'name' (or a 'ref' to a shared touchpoint)",
            "add 'name: ...', or 'ref: <id>' from content/touchpoints.yml",
        )
        return None
    assert tp_id is not None
    if not SLUG_RE.match(tp_id):
        report.error(
            (*loc, "id"),
            f"touchpoint id '{tp_id}' is not a valid id",
            f"ids are lower-case letters, digits and '-', e.g. '{slugify(tp_id)}'",
        )
        return None
    merged = {key: values[key] for key in _FIELDS if key in values}
    merged.update(_emotions(merged.get("emotion"), (*loc, "emotion"), personas, report))
    channel = merged.get("channel", "")
    return Touchpoint(
        id=tp_id,
        name=name,
        stage_id=stage_id,
        icon=channel_icon(channel),
        ref=raw.ref,
        internal=values.get("visibility") == "internal",
        **{**merged, "next": tuple(merged.get("next", ()))},
    )


def touchpoint_id(name: str) -> str:
    """The id of a touchpoint without `id:`: the slug of its name; for a name without a
    letter or digit a slug can keep ("📞", "电话"), `touchpoint-` and a hash of the name,
    so two such names get two ids (slugify's fallback, 'page', made them clash)."""
    if re.search(r"[a-z0-9]", unicodedata.normalize("NFKD", name).lower()):
        return slugify(name)
    return "touchpoint-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _emotions(
    value: float | dict[str, float] | None, loc: Loc, personas: tuple[str, ...], report: _Report
) -> dict[str, Any]:
    """`emotion` and `emotions` of a stage or touchpoint: one value, or one per persona
    (then `emotion` is their mean, for the single curve and the comparison)."""
    if not isinstance(value, dict):
        return {"emotion": value, "emotions": {}}
    for key in value:
        if key not in personas and not report.unknown_persona:
            hint = hint_with_choices(key, personas, "personas of this journey")
            report.error(
                (*loc, key),
                f"emotion for '{key}', who is not a persona of this journey",
                hint,
                key=True,
            )
    if not value:
        return {"emotion": None, "emotions": {}}
    return {"emotion": round(sum(value.values()) / len(value), 2), "emotions": dict(value)}


def _check_links(stages: tuple[Stage, ...], report: _Report) -> None:
    """Touchpoint ids are unique within the journey and every `next` names one."""
    positions: dict[str, Loc] = {}
    for stage in stages:
        for tp in stage.touchpoints:
            loc: Loc = ("stages", stage.index, "touchpoints", report.written_at[id(tp)])
            if tp.id in positions:
                first, _ = locate(report.doc, positions[tp.id])
                report.error(
                    loc,
                    f"duplicate touchpoint id '{tp.id}'",
                    f"the first '{tp.id}' is at line {first}; give one of them its own 'id:'",
                )
            positions.setdefault(tp.id, loc)
    for stage in stages:
        for tp in stage.touchpoints:
            t_index = report.written_at[id(tp)]
            for n_index, target in enumerate(tp.next):
                if target not in positions:
                    loc = ("stages", stage.index, "touchpoints", t_index, "next", n_index)
                    hint = hint_with_choices(target, positions, "touchpoints in this journey")
                    report.error(loc, f"unknown touchpoint '{target}' in 'next'", hint)
