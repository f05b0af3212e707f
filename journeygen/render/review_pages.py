"""Pages for reviewing the journeys over time: the monthly evaluation of every KPI, and,
with `journeygen build --changes-since REF`, what changed since then (one page for the
site, one per changed journey). Registered in `render.PAGE_BUILDERS`, like `seo` and
`files`; the numbers come from `evaluation` and `changes_view`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from journeygen.analysis.evaluation import GROUPS, newest_month
from journeygen.core.i18n import Translator, translator
from journeygen.model.site import Site
from journeygen.render import listing, seo
from journeygen.render.changes_view import site_view
from journeygen.render.evaluation_view import Evaluated, Totals, evaluated, evaluation_of, totals
from journeygen.render.extension import LazyContext, PageSpec
from journeygen.render.paths import Paths, changes_paths

STYLESHEET = "review.css"  # loaded by these pages only: the journey pages stay light


def _page(
    site: Site, path: str, template: str, context: dict[str, Any], heading: str, text: str
) -> PageSpec:
    """A page with its own title and description for the head and link previews; not in
    the sitemap (the changes since a review come and go with a build)."""
    context = _with_meta(site, path, template, context, heading, text)
    return PageSpec(path, template, context, indexed=False)


def _with_meta(
    site: Site, path: str, template: str, context: dict[str, Any], heading: str, text: str
) -> dict[str, Any]:
    return seo.with_meta(site, path, template, context, heading, text)


def has_evaluation(site: Site) -> bool:
    """Whether any current journey has a KPI (the first one found answers it)."""
    return any(j.state == "current" and any(s.kpis for s in j.stages) for j in site.listed_journeys)


ROWS_PER_PAGE = 250  # evaluation rows per page (~450 KB of HTML) once there are more


def evaluation_page(site: Site) -> Iterator[PageSpec]:
    if not has_evaluation(site):
        return
    t: Translator = translator(site.config.language)
    items = evaluated(site)
    newest = newest_month(site)
    facets = (
        listing.FacetSpec(
            "status",
            t("evaluation.status"),
            lambda item: (item.group,),  # type: ignore[attr-defined]
            lambda key: t(f"evaluation.group.{key}"),
            GROUPS.index,
            # the list is sorted by status: a status is where its rows begin, not pages
            anchor=lambda key: f"group-{key}",
        ),
        listing.FacetSpec(
            "owner",
            t("kpis.owner"),
            lambda item: (item.kpi.owner,) if item.kpi.owner else (),  # type: ignore[attr-defined]
            lambda owner: owner,
        ),
    )
    shows = {id(item): item.shows() for item in items}  # once per KPI, not once per page
    counted = totals(items)
    by_owner: dict[str, Counter[str]] = {}
    for item in items:
        by_owner.setdefault(item.kpi.owner, Counter())[item.group] += 1
    every = Counter(item.group for item in items)
    for part in listing.split(Paths.evaluation, items, ROWS_PER_PAGE, t, facets):
        owner = _owner(part)
        groups = every if owner is None else by_owner[owner]
        make = functools.partial(_evaluation_context, site, counted, groups, part, newest, t)
        rows = listing.digest(shows[id(item)] for item in part.rows)
        inputs = ("evaluation", rows, part.pager, part.facets, part.heading, newest, counted)
        yield PageSpec(
            part.path,
            "evaluation.html",
            LazyContext(make),
            inputs,
            indexed=not part.heading,
            group="evaluation",  # in one process: each KPI's row is made once
        )


def _evaluation_context(
    site: Site,
    counted: Totals,
    groups: Mapping[str, int],
    part: listing.Slice[Evaluated],
    newest: str | None,
    t: Translator,
) -> dict[str, Any]:
    """Made when the page is rendered: a row per KPI of every journey is the long part."""
    counts = None
    if part.pager is not None:  # the groups' sizes in the list this page is part of
        counts = {key: groups.get(key, 0) for key in GROUPS}
    review = evaluation_of(counted, part.rows, newest, t, counts)
    context = {
        "evaluation": review,
        "nav_key": "evaluation",
        "pager": part.pager,
        "facets": part.facets,
        "filtered": part.heading,
    }
    heading = t("evaluation.title")
    if review.period:
        heading = t("evaluation.title_period", period=review.period)
    heading = listing.heading(heading, part, t)
    text = seo.shorten(f"{review.summary}. {t('evaluation.lead')}")
    return _with_meta(site, part.path, "evaluation.html", context, heading, text)


def _owner(part: listing.Slice[Evaluated]) -> str | None:
    """The owner whose KPIs `part` lists (a status has no pages of its own); None: all."""
    for facet in part.facets:
        for value in facet.values:
            if value.current:
                return value.value
    return None


def changes_pages(site: Site) -> Iterator[PageSpec]:
    """With `--changes-since`: the site's changes, and a page per changed journey."""
    if site.changes is None:
        return
    t = translator(site.config.language)
    view = site_view(site, site.changes, t)
    paths = changes_paths(site.changes.folder)
    where = {"paths": paths} if site.changes.folder else {}  # a published version's
    context = {"changes": view, "nav_key": "", **where}
    text = seo.shorten(f"{view.summary}. {t('changes.lead', since=view.label)}")
    yield _page(site, paths.changes, "changes.html", context, view.title, text)
    for journey in view.journeys:
        if journey.details is None:
            continue
        context = {"changes": view, "journey_changes": journey, "nav_key": "", **where}
        heading = t("changes.journey_title", title=journey.title, since=view.label)
        text = seo.shorten(f"{journey.counts}. {t('changes.lead', since=view.label)}")
        yield _page(site, journey.details, "journey_changes.html", context, heading, text)


BUILDERS = (evaluation_page, changes_pages)
