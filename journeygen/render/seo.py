"""What a page says about itself to search engines and link previews, and the files for them.

`page_meta` gives every page its title, description, canonical URL and Open Graph / Twitter
card fields (`base.html` prints them as `meta`). The descriptions are made from the model:
a journey's goal (else its hypothesis) and its stages, a persona's role and quote, a free
page's first paragraph; the site's description where a page has nothing of its own.

Two page builders add the files crawlers ask for: `robots.txt` always, and with `base_url`
also `sitemap.xml` (a sitemap needs absolute URLs, so without `base_url` there is none and
robots.txt does not name one). Everything else in the site stays relative, so it works at
`https://user.github.io/repo/`, at a domain root and opened from disk.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from journeygen.core.i18n import Translator, translator
from journeygen.model.site import Journey, Page, Persona, Site
from journeygen.render.extension import PageSpec
from journeygen.render.markup import render_markdown
from journeygen.render.outputs import Bytes, Output
from journeygen.render.paths import Paths

LOCALES = {"en": "en_US", "nl": "nl_NL"}
MAX_DESCRIPTION = 200  # characters; previews cut around 150-200
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
IMAGE_KEY = "social_image"  # a page's context key: site path of its link-preview image


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str  # the document <title>
    heading: str  # og:title: the page's own title, without the site's name
    description: str
    site_name: str
    locale: str  # og:locale, e.g. nl_NL
    url: str | None = None  # absolute (canonical, og:url); only with base_url
    image_url: str | None = None  # absolute og:image; only with base_url and an image
    og_type: str = "website"
    noindex: bool = False  # the 404 page, an unlisted journey: not for search results
    nofollow: bool = False  # `noindex: true` in journeygen.yml: neither page nor links

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image_url else "summary"


def absolute_url(site: Site, path: str) -> str | None:
    """The public address of site path `path` (`journeys/x/index.html` -> `.../journeys/x/`)."""
    if not site.config.base_url:
        return None
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return site.config.base_url + path


def page_meta(site: Site, spec: PageSpec, t: Translator | None = None) -> PageMeta:
    """The meta fields of one page, from what its builder put in its context."""
    t = t or translator(site.config.language)
    context = spec.context
    heading, description = _describe(site, spec.path, context, t)
    config = site.config
    title = config.title if heading == config.title else f"{heading} · {config.title}"
    image = context.get(IMAGE_KEY)
    not_found = spec.path == Paths.not_found
    journey = context.get("journey")
    unlisted = isinstance(journey, Journey) and not journey.listed
    return PageMeta(
        title=title,
        heading=heading,
        description=shorten(description or config.description),
        site_name=config.title,
        locale=LOCALES.get(config.language, "en_US"),
        url=None if not_found else absolute_url(site, spec.path),
        image_url=absolute_url(site, image) if isinstance(image, str) else None,
        noindex=not_found or unlisted or config.noindex,
        nofollow=config.noindex,
    )


def _describe(site: Site, path: str, context: Mapping[str, Any], t: Translator) -> tuple[str, str]:
    """(heading, description) of a page; an empty description means the site's."""
    journey, persona, page = context.get("journey"), context.get("persona"), context.get("page")
    if isinstance(journey, Journey):
        return journey.title, journey_description(site, journey, t)
    if isinstance(persona, Persona):
        return persona.name, persona_description(persona)
    if isinstance(page, Page):
        return page.title, first_paragraph(page.body)
    if path == Paths.touchpoints:
        return t("touchpoints.title"), touchpoints_description(site, t)
    if path == Paths.not_found:
        return t("notfound.title"), t("notfound.text")
    if path == Paths.index:
        return site.config.title, site.config.description or overview_description(site, t)
    return site.config.title, ""


def journey_description(site: Site, journey: Journey, t: Translator) -> str:
    """Its goal (else its hypothesis), then whose journey it is and its stages."""
    names = [p.name for p in site.personas if p.id in journey.personas]
    stages = t.plural("count.stages", len(journey.stages))
    stage_names = " → ".join(stage.name for stage in journey.stages)
    if names:
        summary = t("meta.journey", personas=_and(names, t), stages=stages, names=stage_names)
    else:
        summary = t("meta.journey_no_persona", stages=stages, names=stage_names)
    return _sentences(journey.goal or journey.hypothesis, summary)


def persona_description(persona: Persona) -> str:
    """Role and quote; else the goals; else the first paragraph of the story."""
    quote = persona.quote.strip()
    if len(quote) > 1 and quote[0] in "\"'“„‘" and quote[-1] in "\"'”’":
        quote = quote[1:-1].strip()
    parts = [persona.role, f"“{quote}”" if quote else ""]
    if not any(parts):
        parts = ["; ".join(persona.goals)]
    return _sentences(*parts) or first_paragraph(persona.body)


def overview_description(site: Site, t: Translator) -> str:
    return t(
        "meta.overview",
        journeys=t.plural("meta.journeys", len(site.journeys)),
        personas=t.plural("meta.personas", len(site.personas)),
    )


def touchpoints_description(site: Site, t: Translator) -> str:
    journeys = [j for j in site.journeys if j.touchpoints]
    return t(
        "meta.touchpoints",
        touchpoints=t.plural("count.touchpoints", site.touchpoint_count),
        journeys=t.plural("meta.journeys", len(journeys)),
    )


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def first_paragraph(markdown: str) -> str:
    """The first paragraph with text of a Markdown text (not an image), as plain text."""
    for match in _PARAGRAPH.finditer(str(render_markdown(markdown).html)):
        text = " ".join(html.unescape(_TAG.sub("", match[1])).split())
        if text:
            return text
    return ""


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """`text` on one line, cut at a word before `limit` characters, with `…`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:·→-–— ")
    return cut + "…"


def _sentences(*parts: str) -> str:
    """Non-empty parts as sentences: a full stop added where a part has none."""
    done = []
    for part in (" ".join(p.split()) for p in parts):
        if part:
            done.append(part if part.endswith((".", "!", "?", "…", "”")) else part + ".")
    return " ".join(done)


def _and(names: Sequence[str], t: Translator) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + t("meta.and") + names[-1]


# --- files for crawlers ----------------------------------------------------------------------


def has_sitemap(site: Site) -> bool:
    """A sitemap needs absolute URLs (base_url); none with `noindex` or a password on the
    site."""
    return bool(site.config.base_url) and not (site.config.noindex or site.config.password_env)


def sitemap(site: Site, pages: Iterable[PageSpec]) -> Output | None:
    """sitemap.xml: the absolute URLs of `pages` (every page of every builder) that search
    engines may list (`PageSpec.indexed`), sorted; no dates, so it is deterministic. None
    without one (`has_sitemap`). Render makes it once every builder has run."""
    if not has_sitemap(site):
        return None
    urls = sorted(url for spec in pages if spec.indexed and (url := absolute_url(site, spec.path)))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <url><loc>{html.escape(url, quote=False)}</loc></url>" for url in urls),
        "</urlset>",
    ]
    return Bytes(SITEMAP, ("\n".join(lines) + "\n").encode("utf-8"))


def robots(site: Site) -> Iterator[Output]:
    """robots.txt: everything may be crawled (nothing with `noindex: true`); the sitemap's
    address when there is one."""
    if site.config.noindex:
        yield Bytes(ROBOTS, b"User-agent: *\nDisallow: /\n")
        return
    lines = ["User-agent: *", "Allow: /"]
    if has_sitemap(site):
        lines += ["", f"Sitemap: {site.config.base_url}{SITEMAP}"]
    yield Bytes(ROBOTS, ("\n".join(lines) + "\n").encode("utf-8"))


BUILDERS = (robots,)


def with_meta(
    site: Site, path: str, template: str, context: dict[str, Any], heading: str, text: str
) -> dict[str, Any]:
    """`context` with the head's title and description of a page that is not a journey,
    persona or free page (the evaluation, a page of a long list)."""
    meta = page_meta(site, PageSpec(path, template, context))
    meta = dataclasses.replace(
        meta, title=f"{heading} · {site.config.title}", heading=heading, description=text
    )
    return {**context, "meta": meta}
