"""The pages of the site: where each is written, which template draws it, and its context.

A page builder is a function `(site) -> iterable of PageSpec`; render runs every builder in
`render.PAGE_BUILDERS`. The context holds model objects and the views of `views.py`;
render adds what every page shares (`t`, `url`, `site`, navigation, assets).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from journeygen import changes_view, diagrams, emotions, evidence, exports, views
from journeygen.channels import channel_icon
from journeygen.comparison_view import comparison_view
from journeygen.i18n import Translator, translator
from journeygen.markup import render_markdown
from journeygen.model import Journey, Persona, Site, Touchpoint
from journeygen.paths import Paths
from journeygen.social_image import social_image


@dataclass(frozen=True)
class PageSpec:
    path: str  # in the output folder, e.g. "journeys/x/index.html"
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


def _personas(site: Site, journey: Journey) -> tuple[Persona, ...]:
    known = {p.id: p for p in site.personas}
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


def journey_card(site: Site, journey: Journey, t: Translator) -> JourneyCard:
    personas = _personas(site, journey)
    return JourneyCard(
        journey=journey,
        personas=personas,
        avatars={p.id: views.avatar(p) for p in personas},
        framework=views.framework_title(journey, t),
        health=views.health(journey.kpis),
        bottleneck=views.bottleneck_view(journey, journey.bottleneck, t),
        emotion=views.emotion_sparkline(journey, t),
        touchpoint_count=len(journey.touchpoints),
    )


def overview_page(site: Site) -> Iterator[PageSpec]:
    t = translator(site.config.language)
    cards = tuple(journey_card(site, j, t) for j in site.listed_journeys)
    touchpoint_count = len(touchpoint_rows(site))
    yield PageSpec(
        Paths.index,
        "index.html",
        {
            "cards": cards,
            "avatars": {p.id: views.avatar(p) for p in site.personas},
            "health": views.health(
                [k for j in site.listed_journeys if j.state == "current" for k in j.kpis]
            ),
            "touchpoint_count": touchpoint_count,
            "changes_banner": changes_view.site_banner(site, t),
            "nav_key": "overview",
        },
    )


# --- journeys -------------------------------------------------------------------------------


def journey_context(site: Site, journey: Journey) -> dict[str, Any]:
    t = translator(site.config.language)
    personas = _personas(site, journey)
    body = render_markdown(journey.body, heading_level=3, raw_html=site.config.raw_html)
    counterpart_id = journey.ideal if journey.state == "current" else journey.current
    journeys = {j.id: j for j in site.journeys}
    counterpart = journeys.get(counterpart_id) if counterpart_id else None
    comparison = None
    if journey.comparison is not None and journey.comparison.current_id in journeys:
        full = journey.state == "ideal"  # the current journey shows a summary
        comparison = comparison_view(journey.comparison, journeys, t, curve=full)
    flow = diagrams.flowchart(journey) if journey.touchpoints else ""
    snippet = diagrams.journey_diagram(journey, {p.id: p for p in site.personas})
    columns = views.stage_columns(journey, t)
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
        "emotion_curve": emotions.emotion_curve(
            journey, personas, [p.id for p in site.personas], t
        ),
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
    for journey in site.journeys:
        if not journey.locked:  # a protected journey's page comes from protect.py
            yield PageSpec(
                Paths.journey(journey.id), "journey.html", journey_context(site, journey)
            )


# --- personas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    name: str
    icon: str | None


def persona_pages(site: Site) -> Iterator[PageSpec]:
    t = translator(site.config.language)
    for persona in site.personas:
        body = render_markdown(persona.body, heading_level=2, raw_html=site.config.raw_html)
        journeys = site.journeys_of(persona.id)
        yield PageSpec(
            Paths.persona(persona.id),
            "persona.html",
            {
                "persona": persona,
                "avatar": views.avatar(persona),
                "channels": tuple(Channel(c, channel_icon(c)) for c in persona.channels),
                "cards": tuple(journey_card(site, j, t) for j in journeys),
                "body": body.html,
                "has_diagram": body.has_diagram,
                "nav_key": "personas",
            },
        )


# --- touchpoint inventory -------------------------------------------------------------------


@dataclass(frozen=True)
class TouchpointUse:
    journey: Journey
    stage_name: str
    touchpoint: Touchpoint


@dataclass(frozen=True)
class TouchpointRow:
    touchpoint: Touchpoint  # as first met (journeys sorted by id, stages in order)
    uses: tuple[TouchpointUse, ...]
    owners: tuple[str, ...]
    channels: tuple[Channel, ...]


def touchpoint_rows(site: Site) -> tuple[TouchpointRow, ...]:
    """Every touchpoint once: shared ones (`ref`) by library id, others by id and name."""
    groups: dict[tuple[str, ...], list[TouchpointUse]] = {}
    for journey in site.listed_journeys:
        for stage in journey.stages:
            for tp in stage.touchpoints:
                key = ("ref", tp.ref) if tp.ref else ("own", tp.id, tp.name)
                groups.setdefault(key, []).append(TouchpointUse(journey, stage.name, tp))
    rows = [
        TouchpointRow(
            touchpoint=uses[0].touchpoint,
            uses=tuple(uses),
            owners=tuple(sorted({u.touchpoint.owner for u in uses if u.touchpoint.owner})),
            channels=tuple(
                Channel(name, channel_icon(name))
                for name in sorted({u.touchpoint.channel for u in uses if u.touchpoint.channel})
            ),
        )
        for uses in groups.values()
    ]
    return tuple(sorted(rows, key=lambda r: (r.touchpoint.name.casefold(), r.touchpoint.id)))


def touchpoints_page(site: Site) -> Iterator[PageSpec]:
    rows = touchpoint_rows(site)
    yield PageSpec(
        Paths.touchpoints,
        "touchpoints.html",
        {
            "rows": rows,
            "owners": tuple(sorted({o for r in rows for o in r.owners}, key=str.casefold)),
            "channels": tuple(sorted({c.name for r in rows for c in r.channels}, key=str.casefold)),
            "nav_key": "touchpoints",
        },
    )


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
        )


def not_found_page(site: Site) -> Iterator[PageSpec]:
    yield PageSpec(Paths.not_found, "404.html", {"nav_key": ""})


DEFAULT_BUILDERS = (
    overview_page,
    journey_pages,
    persona_pages,
    touchpoints_page,
    free_pages,
    not_found_page,
)
