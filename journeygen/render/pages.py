"""The pages of the site: where each is written, which template draws it, and its context.

A page builder is a function `(site) -> iterable of PageSpec`; render runs every builder in
`render.PAGE_BUILDERS`. The context holds model objects and the views of `views.py`;
render adds what every page shares (`t`, `url`, `site`, navigation, assets).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from journeygen.analysis import evidence
from journeygen.core.i18n import Translator, translator
from journeygen.model.site import Journey, Persona, Site
from journeygen.render import changes_view, diagrams, emotions, exports, listing, seo, views
from journeygen.render.blueprint_view import map_rows
from journeygen.render.comparison_view import comparison_view
from journeygen.render.extension import LazyContext, PageSpec
from journeygen.render.inventory import channel, touchpoint_count, touchpoints_page
from journeygen.render.markup import render_markdown
from journeygen.render.paths import Paths
from journeygen.render.social_image import social_image
from journeygen.render.teams import TEAMS_INDEX, has_teams, team_path


def _personas(
    site: Site, journey: Journey, known: Mapping[str, Persona] | None = None
) -> tuple[Persona, ...]:
    """`known`: the site's personas by id, made once per builder (else here, per call)."""
    known = {p.id: p for p in site.personas} if known is None else known
    return tuple(known[pid] for pid in journey.personas if pid in known)


# --- overview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class JourneyCard:
    journey: Journey
    personas: tuple[Persona, ...]
    avatars: Mapping[str, views.Avatar]
    framework: str | None
    health: views.Health
    bottleneck: views.Bottleneck | None
    emotion: Markup  # sparkline of the stage emotions
    touchpoint_count: int
    # Letters of the longest word in a stage name: the stage strip's columns are at least
    # this wide (in `ch`), so every name shows whole, wrapping only between words.
    stage_word: int


def journey_card(
    site: Site, journey: Journey, t: Translator, known: Mapping[str, Persona] | None = None
) -> JourneyCard:
    personas = _personas(site, journey, known)
    return JourneyCard(
        journey=journey,
        personas=personas,
        avatars={p.id: views.avatar(p) for p in personas},
        framework=views.framework_title(journey, t),
        health=views.health(journey.kpis),
        # An ideal journey's lowest conversion is a plan, not a problem: no alarm on its card.
        bottleneck=(
            views.bottleneck_view(journey, journey.bottleneck, t)
            if journey.state != "ideal"
            else None
        ),
        emotion=views.emotion_sparkline(journey, t),
        touchpoint_count=len(journey.touchpoints),
        stage_word=max((len(w) for s in journey.stages for w in s.name.split()), default=1),
    )


CARDS_PER_PAGE = 100  # journey cards per overview page (~220 KB of HTML) once there are more


def overview_path(base: str, number: int) -> str:
    """The overview's later pages sit beside it: `index-2.html` (a folder `2/` could be a
    free page's)."""
    return base if number == 1 else f"index-{number}.html"


def overview_page(site: Site) -> Iterator[PageSpec]:
    t = translator(site.config.language)
    counts = {p.id: 0 for p in site.personas}
    for journey in site.listed_journeys:  # Site.journeys_of for every persona, in one pass
        for pid in dict.fromkeys(journey.personas):
            if pid in counts:
                counts[pid] += 1
    health = views.health([k for j in site.listed_journeys if j.state == "current" for k in j.kpis])
    touchpoints = touchpoint_count(site)  # once, not once per page of cards
    shared = (len(site.journeys), tuple(counts.items()), health, touchpoints)
    parts = listing.split(
        Paths.index, site.listed_journeys, CARDS_PER_PAGE, t, path_of=overview_path
    )
    for part in parts:
        make = functools.partial(_overview, site, part, counts, health, touchpoints, t)
        inputs = ("overview", part.rows, part.pager, shared)
        yield PageSpec(part.path, "index.html", LazyContext(make), inputs)


def _overview(
    site: Site,
    part: listing.Slice[Journey],
    counts: Mapping[str, int],
    health: views.Health,
    touchpoints: int,
    t: Translator,
) -> dict[str, Any]:
    known = {p.id: p for p in site.personas}
    first = part.path == Paths.index
    context: dict[str, Any] = {
        "cards": tuple(journey_card(site, j, t, known) for j in part.rows),
        "avatars": {p.id: views.avatar(p) for p in site.personas} if first else {},
        "health": health,
        "touchpoint_count": touchpoints,
        "page_texts": {p.id: views.page_summary(p.body) for p in site.pages} if first else {},
        "changes_banner": changes_view.site_banner(site, t) if first else None,
        "journey_count": len(site.journeys),
        "personas": site.personas,
        "persona_counts": counts,
        "pages": site.pages,
        "first_page": first,
        "pager": part.pager,
        "nav_key": "overview",
    }
    if not first and part.pager is not None:
        heading = listing.heading(t("overview.journeys"), part, t)
        text = seo.shorten(f"{part.pager.summary}. {seo.overview_description(site, t)}")
        context = seo.with_meta(site, part.path, "index.html", context, heading, text)
    return context


# --- journeys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteIndex:
    """The site's personas and journeys by id: made once per builder, not once per page (at
    10,000 journeys, a dict of them per page made the build quadratic)."""

    personas: Mapping[str, Persona]
    journeys: Mapping[str, Journey]
    persona_ids: tuple[str, ...]  # in the site's order
    teams: bool = False  # the site has team pages (teams.has_teams): owners link to them

    @classmethod
    def of(cls, site: Site) -> SiteIndex:
        return cls(
            personas={p.id: p for p in site.personas},
            journeys={j.id: j for j in site.journeys},
            persona_ids=tuple(p.id for p in site.personas),
            teams=has_teams(site),
        )


def journey_context(site: Site, journey: Journey, index: SiteIndex | None = None) -> dict[str, Any]:
    t = translator(site.config.language)
    index = SiteIndex.of(site) if index is None else index
    known, journeys = index.personas, index.journeys
    personas = _personas(site, journey, known)
    body = render_markdown(journey.body, heading_level=3, raw_html=site.config.raw_html)
    counterpart_id = journey.ideal if journey.state == "current" else journey.current
    counterpart = journeys.get(counterpart_id) if counterpart_id else None
    comparison = None
    if journey.comparison is not None and journey.comparison.current_id in journeys:
        full = journey.state == "ideal"  # the current journey shows a summary
        comparison = comparison_view(journey.comparison, journeys, t, curve=full)
    flow = diagrams.flowchart(journey, t.language) if journey.touchpoints else ""
    snippet = diagrams.journey_diagram(journey, known)
    columns = views.stage_columns(journey, t)
    lanes = views.map_lanes(journey)
    curve = emotions.emotion_curve(journey, personas, index.persona_ids, t)
    rows = map_rows(
        journey,
        site.config,
        t,
        lanes,
        touchpoints=bool(journey.touchpoints),
        curve=bool(curve),
        kpis=bool(journey.kpis),
    )
    # Link previews need an absolute image address, so the image is made only with a
    # base_url (drawing one costs ~35 ms: a thousand of them would dominate a build).
    # A page with a password has neither an image nor downloads (protect.py).
    protected = bool(journey.password_env or site.config.password_env)
    image = social_image(site, journey, t) if site.config.base_url and not protected else None
    return {
        "journey": journey,
        "personas": personas,
        "avatars": {p.id: views.avatar(p) for p in personas},
        "framework": views.framework_title(journey, t),
        "counterpart": counterpart,
        "columns": columns,
        "lanes": lanes,
        "map_rows": rows,  # the map's rows in order, blueprint lanes and lines included
        "blueprint": any(row.kind == "lane" for row in rows),  # loads blueprint.css
        # owners (of blueprint items, touchpoints and KPIs) link to their team pages
        # (teams.py), on a site that has them and when they list this journey; whether it
        # has them is in the navigation, which every page's cache key holds
        "team_path": team_path if index.teams and journey.listed and not journey.locked else None,
        "teams_index": TEAMS_INDEX,
        "emotion_curve": curve,
        "emotion_rows": emotions.emotion_rows(journey, personas, t),
        "funnel": views.funnel(journey, t),
        "overall": views.overall_conversion(journey, t),
        "bottleneck": views.bottleneck_view(journey, journey.bottleneck, t),
        "health": views.health(journey.kpis),
        "evidence": evidence.evidence_summary(journey, t),
        "footnotes": evidence.footnotes(journey),
        "kpi_rows": tuple(row for column in columns for row in column.kpis),
        "comparison": comparison,
        "flowchart": flow,
        "journey_snippet": snippet,
        "body": body.html,
        "has_diagram": bool(flow) or body.has_diagram,
        "nav_key": "journeys",
        "changes_banner": changes_view.journey_banner(site, journey, t),
        "social_image": image.path if image else None,  # seo.py makes its absolute URL
        "social": image,
        "downloads": tuple(
            (download, exports.journey_file(journey.id, download.name))
            for download in exports.downloads(journey, t)
            if not protected
        ),
    }


def journey_pages(site: Site) -> Iterator[PageSpec]:
    index = SiteIndex.of(site)
    for journey in site.journeys:
        if journey.locked:  # a protected journey's page comes from protect.py
            continue
        make = functools.partial(journey_context, site, journey, index)
        other = index.journeys.get(journey.ideal or journey.current or "")  # the comparison
        yield PageSpec(
            Paths.journey(journey.id),
            "journey.html",
            LazyContext(make),
            (journey, other),
            indexed=journey.listed,
            group=("journey", journey.id),  # with its exports (site_files): one flowchart
        )


# --- personas -------------------------------------------------------------------------------


def persona_pages(site: Site) -> Iterator[PageSpec]:
    t = translator(site.config.language)
    known = {p.id: p for p in site.personas}
    of_persona: dict[str, list[Journey]] = {p.id: [] for p in site.personas}
    for journey in site.listed_journeys:  # Site.journeys_of for every persona, in one pass
        for pid in dict.fromkeys(journey.personas):
            if pid in of_persona:
                of_persona[pid].append(journey)
    for persona in site.personas:
        journeys = of_persona[persona.id]
        make = functools.partial(_persona, site, persona, journeys, t, known)
        inputs = (persona, tuple(journeys))
        yield PageSpec(Paths.persona(persona.id), "persona.html", LazyContext(make), inputs)


def _persona(
    site: Site,
    persona: Persona,
    journeys: list[Journey],
    t: Translator,
    known: Mapping[str, Persona],
) -> dict[str, Any]:
    body = render_markdown(persona.body, heading_level=2, raw_html=site.config.raw_html)
    return {
        "persona": persona,
        "avatar": views.avatar(persona),
        "channels": tuple(channel(c, t.language) for c in persona.channels),
        "cards": tuple(journey_card(site, j, t, known) for j in journeys),
        "body": body.html,
        "has_diagram": body.has_diagram,
        "nav_key": "personas",
    }


# --- free pages and 404 ----------------------------------------------------------------------


def free_pages(site: Site) -> Iterator[PageSpec]:
    for page in site.pages:
        body = render_markdown(page.body, heading_level=2, raw_html=site.config.raw_html)
        yield PageSpec(
            Paths.page(page.id),
            "page.html",
            {
                "page": page,
                "body": body.html,
                "has_diagram": body.has_diagram,
                "nav_key": f"page:{page.id}",
            },
            (),  # the page itself is in what every page shares (navigation)
        )


def not_found_page(site: Site) -> Iterator[PageSpec]:
    yield PageSpec(Paths.not_found, "404.html", {"nav_key": ""}, (), indexed=False)


DEFAULT_BUILDERS = (
    overview_page,
    journey_pages,
    persona_pages,
    touchpoints_page,
    free_pages,
    not_found_page,
)
