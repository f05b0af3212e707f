"""Team pages: one page per owner (team) with everything it owns across the journeys (its
touchpoints, blueprint items and KPIs with their status) and the pains and opportunities of
the stages it works in, each linked to its place on the map; and a list of the teams.

Made for a site with a service blueprint (some stage has blueprint or custom lane items):
a site without one is built as before. Owners are grouped by slug, so `Customer success` and
`customer-success` are one team, at `teams/customer-success/`; a name without a letter or
digit a URL can keep gets `team-` and a hash of the name. Listed journeys only, and never a
protected one (`locked`: its content is not in the site the other pages see).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journeygen.core.i18n import translator
from journeygen.model.site import Journey, Kpi, Note, Site, Stage, Touchpoint
from journeygen.render.blueprint_view import lane_cell_id, lane_label
from journeygen.render.extension import LazyContext, PageSpec
from journeygen.render.views import KpiRow, kpi_row
from journeygen.sources.project_files import slugify
from journeygen.validate import lanes

TEAMS_INDEX = "teams/index.html"


def team_slug(owner: str) -> str:
    """The folder of an owner's team page: the slug of the name, or `team-<hash>` for a name
    without a letter or digit a slug keeps ("营销", "📞")."""
    if re.search(r"[a-z0-9]", unicodedata.normalize("NFKD", owner).lower()):
        return slugify(owner)
    return "team-" + hashlib.sha1(owner.encode("utf-8")).hexdigest()[:8]


def team_path(owner: str) -> str:
    return f"teams/{team_slug(owner)}/index.html"


def has_teams(site: Site) -> bool:
    """Whether the site gets team pages: some listed journey has a service blueprint."""
    return any(stage.lanes for j in _journeys(site) for stage in j.stages)


def _journeys(site: Site) -> tuple[Journey, ...]:
    return tuple(j for j in site.listed_journeys if not j.locked)


@dataclass(frozen=True)
class Place:
    """Where something a team owns is: its journey and stage, and the anchor on the map."""

    journey: Journey
    stage: Stage
    anchor: str  # "#tp-offerte", "#bp-backstage--revenue", "#kpi-revenue-conversie"


@dataclass(frozen=True)
class BlueprintItem:
    lane: str  # the lane's name, in the site's language
    note: Note
    place: Place


@dataclass(frozen=True)
class Team:
    name: str  # as first written (by journey, then stage order)
    slug: str
    touchpoints: tuple[tuple[Touchpoint, Place], ...] = ()
    items: tuple[BlueprintItem, ...] = ()
    kpis: tuple[tuple[KpiRow, Place], ...] = ()
    stages: tuple[Place, ...] = ()  # the stages it works in (pains and opportunities)

    @property
    def journey_count(self) -> int:
        return len({place.journey.id for place in self.stages})


@dataclass
class _Draft:
    name: str
    touchpoints: list[tuple[Touchpoint, Place]]
    items: list[BlueprintItem]
    kpis: list[tuple[Kpi, Place]]
    stages: dict[tuple[str, str], Place]


def site_teams(site: Site) -> tuple[Team, ...]:
    """Every team with what it owns, sorted by name; none for a site without a blueprint."""
    if not has_teams(site):
        return ()
    t = translator(site.config.language)
    drafts: dict[str, _Draft] = {}

    def draft(owner: str, journey: Journey, stage: Stage) -> _Draft:
        slug = team_slug(owner)
        found = drafts.setdefault(slug, _Draft(owner, [], [], [], {}))
        found.stages.setdefault((journey.id, stage.id), Place(journey, stage, f"#stage-{stage.id}"))
        return found

    for journey in _journeys(site):
        for stage in journey.stages:
            for tp in stage.touchpoints:
                if tp.owner.strip():
                    place = Place(journey, stage, f"#tp-{tp.id}")
                    draft(tp.owner, journey, stage).touchpoints.append((tp, place))
            for lane, notes in stage.lanes.items():
                name = lane_label(lane, site.config, t)
                anchor = f"#{lane_cell_id(lane, stage.id)}"
                for note in notes:
                    if note.owner.strip():
                        item = BlueprintItem(name, note, Place(journey, stage, anchor))
                        draft(note.owner, journey, stage).items.append(item)
            for kpi in stage.kpis:
                if kpi.owner.strip():
                    place = Place(journey, stage, f"#{kpi.slug}")
                    draft(kpi.owner, journey, stage).kpis.append((kpi, place))
    teams = [
        Team(
            name=d.name,
            slug=slug,
            touchpoints=tuple(d.touchpoints),
            items=tuple(d.items),
            kpis=tuple((kpi_row(kpi, place.stage, t), place) for kpi, place in d.kpis),
            stages=tuple(d.stages.values()),
        )
        for slug, d in drafts.items()
    ]
    return tuple(sorted(teams, key=lambda team: (team.name.casefold(), team.slug)))


def team_pages(site: Site) -> Iterator[PageSpec]:
    """The page builder: the list of teams and a page per team (render.PAGE_BUILDERS)."""
    teams = site_teams(site)
    if not teams:
        return
    # A page is made again when what it shows changes (serve): its team, or for the list
    # every team (the teams hold the journeys and stages they show).
    index = functools.partial(_index, teams)
    yield PageSpec(TEAMS_INDEX, "teams.html", LazyContext(index), (teams,))
    for team in teams:
        make = functools.partial(_team, team)
        yield PageSpec(f"teams/{team.slug}/index.html", "team.html", LazyContext(make), (team,))


def _index(teams: tuple[Team, ...]) -> dict[str, Any]:
    return {"teams": teams, "teams_index": TEAMS_INDEX, "nav_key": "teams"}


def _team(team: Team) -> dict[str, Any]:
    return {"team": team, "teams_index": TEAMS_INDEX, "nav_key": "teams"}


BUILDERS = (team_pages,)


@dataclass(frozen=True)
class InventoryRow:
    """A blueprint item in the inventory: the same text in the same lane is one row."""

    lane: str  # the lane's name
    text: str
    owners: tuple[str, ...]
    places: tuple[Place, ...]


def blueprint_inventory(site: Site) -> tuple[InventoryRow, ...]:
    """Every blueprint item of the listed journeys, grouped by lane and text (case ignored),
    sorted by lane (in the map's order) and text: where the support systems are used, who
    does which backstage work."""
    t = translator(site.config.language)
    groups: dict[tuple[str, str], list[tuple[Note, Place]]] = {}
    order: dict[str, int] = {}
    for journey in _journeys(site):
        for stage in journey.stages:
            for lane, notes in stage.lanes.items():
                order.setdefault(lane, len(order))
                place = Place(journey, stage, f"#{lane_cell_id(lane, stage.id)}")
                for note in notes:
                    groups.setdefault((lane, note.text.casefold()), []).append((note, place))
    rank = {lane: i for i, lane in enumerate(lanes.default_order(site.config.lanes))}
    rows = [
        InventoryRow(
            lane_label(lane, site.config, t),
            uses[0][0].text,
            tuple(sorted({n.owner for n, _ in uses if n.owner.strip()}, key=str.casefold)),
            tuple({(p.journey.id, p.stage.id): p for _, p in uses}.values()),
        )
        for (lane, _key), uses in sorted(
            groups.items(), key=lambda g: (rank.get(g[0][0], len(rank)), g[0][0], g[0][1])
        )
    ]
    return tuple(rows)
