"""Pages for reviewing the journeys over time: the monthly evaluation of every KPI, and,
with `journeygen build --changes-since REF`, what changed since then (one page for the
site, one per changed journey). Registered in `render.PAGE_BUILDERS`, like `seo` and
`files`; the numbers come from `evaluation` and `changes_view`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

from journeygen.core.i18n import Translator, translator
from journeygen.model.site import Site
from journeygen.render import seo
from journeygen.render.changes_view import site_view
from journeygen.render.evaluation_view import evaluation
from journeygen.render.extension import WHOLE_SITE, LazyContext, PageSpec
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
    meta = seo.page_meta(site, PageSpec(path, template, context))
    meta = dataclasses.replace(
        meta, title=f"{heading} · {site.config.title}", heading=heading, description=text
    )
    return {**context, "meta": meta}


def has_evaluation(site: Site) -> bool:
    """Whether any current journey has a KPI (the first one found answers it)."""
    return any(j.state == "current" and any(s.kpis for s in j.stages) for j in site.listed_journeys)


def evaluation_page(site: Site) -> Iterator[PageSpec]:
    if not has_evaluation(site):
        return
    make = functools.partial(_evaluation_context, site)
    yield PageSpec(Paths.evaluation, "evaluation.html", LazyContext(make), WHOLE_SITE)


def _evaluation_context(site: Site) -> dict[str, Any]:
    """Made when the page is rendered: a row per KPI of every journey is the long part."""
    t: Translator = translator(site.config.language)
    review = evaluation(site, t)
    context = {"evaluation": review, "nav_key": "evaluation"}
    heading = t("evaluation.title")
    if review.period:
        heading = t("evaluation.title_period", period=review.period)
    text = seo.shorten(f"{review.summary}. {t('evaluation.lead')}")
    return _with_meta(site, Paths.evaluation, "evaluation.html", context, heading, text)


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
