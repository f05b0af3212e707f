"""The touchpoint inventory: every touchpoint once, with its channels, owners and where it
is used, in pages once there are many (`listing`), with a page per channel and per owner."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from journeygen.core.i18n import Translator, translator
from journeygen.model.channels import channel_icon, channel_label
from journeygen.model.site import Journey, Site, Touchpoint
from journeygen.render import listing, seo
from journeygen.render.extension import LazyContext, PageSpec
from journeygen.render.paths import Paths
from journeygen.render.teams import InventoryRow, blueprint_inventory, team_path


@dataclass(frozen=True)
class Channel:
    name: str  # as written in the content
    icon: str | None
    label: str  # as shown: a known channel in the site's language (channels.channel_label)


def channel(name: str, language: str) -> Channel:
    return Channel(name, channel_icon(name), channel_label(name, language))


@dataclass(frozen=True)
class TouchpointUse:
    journey: Journey
    stage_name: str
    touchpoint: Touchpoint


USES_SHOWN = 5  # journey links per inventory row; the others are counted ("and 37 more")


@dataclass(frozen=True)
class TouchpointRow:
    touchpoint: Touchpoint  # as first met (journeys sorted by id, stages in order)
    uses: tuple[TouchpointUse, ...]
    owners: tuple[str, ...]
    channels: tuple[Channel, ...]
    # `filters.touchpoint_row`'s markup, per translator, with the links to journeys relative
    # to the site's root behind a marker: a row is on up to three pages (the list, a channel's
    # and an owner's), drawn once.
    drawn: dict[object, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def shown(self) -> tuple[TouchpointUse, ...]:
        """The uses the inventory links to: a shared touchpoint can be in every journey."""
        return self.uses[:USES_SHOWN]

    @property
    def more(self) -> int:
        """How many uses the inventory does not link to."""
        return len(self.uses) - len(self.shown)


def touchpoint_count(site: Site) -> int:
    """How many rows `touchpoint_rows` has, without making them."""
    return site.touchpoint_count


def touchpoint_rows(site: Site) -> tuple[TouchpointRow, ...]:
    """Every touchpoint once: shared ones (`ref`) by library id, others by id and name."""
    groups: dict[tuple[str, ...], list[TouchpointUse]] = {}
    for journey in site.listed_journeys:
        for stage in journey.stages:
            for tp in stage.touchpoints:
                groups.setdefault(tp.row_key, []).append(TouchpointUse(journey, stage.name, tp))
    channels: dict[str, Channel] = {}  # one per name, not one per row
    rows = []
    for uses in groups.values():
        names = sorted({u.touchpoint.channel for u in uses if u.touchpoint.channel})
        for name in names:
            if name not in channels:
                channels[name] = channel(name, site.config.language)
        rows.append(
            TouchpointRow(
                touchpoint=uses[0].touchpoint,
                uses=tuple(uses),
                owners=tuple(sorted({u.touchpoint.owner for u in uses if u.touchpoint.owner})),
                channels=tuple(channels[name] for name in names),
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.touchpoint.name.casefold(), r.touchpoint.id)))


ROWS_PER_PAGE = 500  # inventory rows per page (~300 KB of HTML) once there are more


def row_shows(row: TouchpointRow) -> str:
    """What an inventory row shows (in its page's memo inputs), as `touchpoint_row` draws it:
    of the journeys it links to only their ids and titles, so an edit of a journey's text
    redraws no inventory page. (A theme's `touchpoints.html` that shows more of a journey
    than its title is redrawn when the touchpoint or that title changes, not the rest.)"""
    tp = row.touchpoint
    uses = "\x1f".join(
        f"{u.journey.id}\x1d{u.journey.title}\x1d{u.stage_name}\x1d{u.touchpoint.id}"
        for u in row.shown
    )
    channels = "\x1f".join(f"{c.name}\x1d{c.icon}\x1d{c.label}" for c in row.channels)
    return "\x1d".join(
        (
            tp.id,
            tp.name,
            tp.channel,
            tp.owner,
            tp.description,
            str(tp.evidence),
            str(tp.source),
            str(tp.emotion),
            f"{tp.internal}{tp.offline}{row.more}",
            "\x1f".join(row.owners),
            channels,
            uses,
        )
    )


def touchpoints_page(site: Site) -> Iterator[PageSpec]:
    t = translator(site.config.language)
    rows = touchpoint_rows(site)
    labels = {c.name: c.label for r in rows for c in r.channels}
    facets = (
        listing.FacetSpec(
            "channel",
            t("touchpoints.channel"),
            lambda row: [c.name for c in row.channels],  # type: ignore[attr-defined]
            lambda name: labels[name],
            lambda name: (name.casefold(), name),
        ),
        listing.FacetSpec(
            "owner",
            t("touchpoints.owner"),
            lambda row: row.owners,  # type: ignore[attr-defined]
            lambda owner: owner,
        ),
    )
    described = (site.touchpoint_count, sum(1 for j in site.journeys if j.touchpoints))
    shows = {id(row): row_shows(row) for row in rows}  # once per row, not once per page
    blueprint = blueprint_inventory(site)  # the service blueprint's items: on the first page
    for part in listing.split(Paths.touchpoints, rows, ROWS_PER_PAGE, t, facets):
        items = blueprint if part.path == Paths.touchpoints else ()
        make = functools.partial(_touchpoints, site, part, t, items)
        digest = listing.digest(shows[id(r)] for r in part.rows)
        inputs = ("inventory", digest, part.pager, items)
        yield PageSpec(
            part.path,
            "touchpoints.html",
            LazyContext(make),
            (inputs, part.facets, part.heading, described),
            indexed=not part.heading,
            group="touchpoints",  # in one process: each row is drawn once (touchpoint_row)
        )


def _touchpoints(
    site: Site,
    part: listing.Slice[TouchpointRow],
    t: Translator,
    blueprint: tuple[InventoryRow, ...],
) -> dict[str, Any]:
    rows = part.rows
    context: dict[str, Any] = {
        "rows": rows,
        "owners": tuple(sorted({o for r in rows for o in r.owners}, key=str.casefold)),
        "channels": tuple(
            sorted({c for r in rows for c in r.channels}, key=lambda c: (c.name.casefold(), c.name))
        ),
        "pager": part.pager,
        "facets": part.facets,
        "filtered": part.heading,
        "nav_key": "touchpoints",
        "blueprint_rows": blueprint,  # empty without a service blueprint
        "team_path": team_path,
    }
    if part.path != Paths.touchpoints and part.pager is not None:
        heading = listing.heading(t("touchpoints.title"), part, t)
        text = seo.shorten(f"{part.pager.summary}. {t('touchpoints.lead')}")
        context = seo.with_meta(site, part.path, "touchpoints.html", context, heading, text)
    return context
