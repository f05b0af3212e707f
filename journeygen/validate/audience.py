"""Who the site is for: the team sees everything, the client no internal item.

`for_audience(site, "client")` is a model step between validation (and the quality
checks, which see the whole site) and render: it returns the Site without every journey,
stage, touchpoint, KPI, note (action, thought, pain, opportunity, blueprint lane item),
persona and page marked `visibility: internal` (and the photo of such a persona), and without
what pointed at them (a `next` to a left-out touchpoint, a persona of a journey, a
current/ideal pair of which one half is internal).
The numbers made from what is left are computed again (funnel, bottleneck, flow, the
comparison), so no page, diagram, export or index can show what was left out: they never
see it. For the team (the default) the site is as written; the theme marks internal items.
Runs before `--changes-since` compares versions (history filters the earlier one too).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping
from typing import Literal

from journeygen.analysis import metrics
from journeygen.model.site import Journey, Note, Site, Stage, Touchpoint
from journeygen.validate.validate import link_ideals

Audience = Literal["team", "client"]
AUDIENCES: tuple[Audience, ...] = ("team", "client")


def add_audience_option(parser: argparse.ArgumentParser) -> None:
    """`--audience team|client` for the commands that build (build, serve)."""
    parser.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="team",
        help="client: leave out everything marked 'visibility: internal' (default: team, "
        "everything, internal items marked)",
    )


def for_audience(site: Site, audience: Audience) -> Site:
    """The site as `audience` may see it."""
    if audience == "team":
        return site
    personas = tuple(p for p in site.personas if not p.internal)
    persona_ids = frozenset(p.id for p in personas)
    kept = [j for j in site.journeys if not j.internal]
    ids = frozenset(j.id for j in kept)
    journeys = link_ideals([_journey(j, persona_ids, ids) for j in kept])
    # The photo of a left-out persona goes too, unless a persona that stays shows it.
    shown = {p.photo for p in personas}
    hidden = {p.photo for p in site.personas if p.internal and p.photo not in shown}
    return dataclasses.replace(
        site,
        personas=personas,
        journeys=tuple(journeys),
        pages=tuple(p for p in site.pages if not p.internal),
        assets=tuple(a for a in site.assets if f"assets/{a}" not in hidden),
    )


def _journey(journey: Journey, persona_ids: frozenset[str], journey_ids: frozenset[str]) -> Journey:
    personas = tuple(pid for pid in journey.personas if pid in persona_ids)
    kept = [s for s in journey.stages if not s.internal]
    touchpoint_ids = frozenset(
        tp.id for stage in kept for tp in stage.touchpoints if not tp.internal
    )
    stages = tuple(
        _stage(stage, index, touchpoint_ids, frozenset(personas))
        for index, stage in enumerate(kept)
    )
    conversions, bottleneck = metrics.conversions(stages)
    return dataclasses.replace(
        journey,
        personas=personas,
        stages=stages,
        conversions=conversions,
        bottleneck=bottleneck,
        flow=metrics.flow_edges(stages),
        ideal=journey.ideal if journey.ideal in journey_ids else None,
        current=None,  # link_ideals links the pairs whose both halves are left, again
        comparison=None,
    )


def _stage(
    stage: Stage, index: int, touchpoint_ids: frozenset[str], personas: frozenset[str]
) -> Stage:
    emotion, emotions = _emotions(stage.emotion, stage.emotions, personas)
    return dataclasses.replace(
        stage,
        index=index,
        actions=_notes(stage.actions),
        thoughts=_notes(stage.thoughts),
        pains=_notes(stage.pains),
        opportunities=_notes(stage.opportunities),
        kpis=tuple(k for k in stage.kpis if not k.internal),
        touchpoints=tuple(
            _touchpoint(tp, touchpoint_ids, personas) for tp in stage.touchpoints if not tp.internal
        ),
        emotion=emotion,
        emotions=emotions,
        lanes={lane: kept for lane, items in stage.lanes.items() if (kept := _notes(items))},
    )


def _touchpoint(tp: Touchpoint, ids: frozenset[str], personas: frozenset[str]) -> Touchpoint:
    emotion, emotions = _emotions(tp.emotion, tp.emotions, personas)
    return dataclasses.replace(
        tp,
        next=tuple(n for n in tp.next if n in ids),
        emotion=emotion,
        emotions=emotions,
    )


def _notes(notes: tuple[Note, ...]) -> tuple[Note, ...]:
    return tuple(n for n in notes if not n.internal)


def _emotions(
    emotion: float | None, emotions: Mapping[str, float], personas: frozenset[str]
) -> tuple[float | None, Mapping[str, float]]:
    """Per-persona emotions of left-out personas go, and the mean is taken again."""
    if not emotions:
        return emotion, emotions
    kept = {pid: value for pid, value in emotions.items() if pid in personas}
    if len(kept) == len(emotions):
        return emotion, emotions
    if not kept:
        return None, {}
    return round(sum(kept.values()) / len(kept), 2), kept
