"""seo: titles, descriptions and link-preview tags on every page; sitemap.xml and robots.txt."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import sites

from journeygen.model.site import Page, Site
from journeygen.render import seo
from journeygen.render.extension import PageSpec
from journeygen.render.paths import Paths

BASE = "https://glans.github.io/klantreizen/"
HTML_PAGES = {
    "index.html",
    "journeys/reis/index.html",
    "journeys/reis-ideaal/index.html",
    "personas/eva/index.html",
    "touchpoints/index.html",
    "about/index.html",
    "evaluation/index.html",
    "404.html",
}


class Head(HTMLParser):
    """The <title>, <meta> and <link rel=canonical> in a page's <head>."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self._in_title = False
        self.feed(text.split("</head>")[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta.setdefault(key, []).append(a.get("content") or "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.meta.setdefault("canonical", []).append(a.get("href") or "")
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def one(self, key: str) -> str | None:
        values = self.meta.get(key, [])
        assert len(values) <= 1, f"{key} appears {len(values)} times"
        return values[0] if values else None


def heads(the_site: Site) -> dict[str, Head]:
    outputs, problems = sites.render(the_site)
    assert problems == []
    return {path: Head(sites.html(outputs, path)) for path in outputs if path.endswith(".html")}


def test_every_page_has_title_description_and_preview_tags() -> None:
    pages = heads(sites.site(language="nl"))
    assert set(pages) == HTML_PAGES
    for path, head in pages.items():
        assert head.title, path
        assert head.one("description"), path
        assert head.one("og:description") == head.one("description"), path
        assert head.one("og:title"), path
        assert head.one("og:type") == "website", path
        assert head.one("og:site_name") == "Klantreizen", path
        assert head.one("og:locale") == "nl_NL", path
        assert head.one("twitter:card") == "summary", path
        # without base_url there is no absolute address to give
        assert head.one("og:url") is None and head.one("canonical") is None, path
    assert heads(sites.site())["index.html"].one("og:locale") == "en_US"


def test_titles_name_the_page_then_the_site() -> None:
    pages = heads(sites.site())
    assert pages["index.html"].title == "Klantreizen"
    assert pages["index.html"].one("og:title") == "Klantreizen"
    journey = pages["journeys/reis/index.html"]
    assert journey.title == "From search to client · Klantreizen"
    assert journey.one("og:title") == "From search to client"
    assert pages["personas/eva/index.html"].title == "Eva de Vries · Klantreizen"
    assert pages["touchpoints/index.html"].title == "Touchpoint inventory · Klantreizen"
    assert pages["about/index.html"].title == "About · Klantreizen"
    assert pages["404.html"].title == "Page not found · Klantreizen"


def test_descriptions_are_made_from_each_page_s_content() -> None:
    pages = heads(sites.site())
    assert pages["index.html"].one("description") == "Journeys"  # the site's description
    assert pages["journeys/reis/index.html"].one("description") == (
        "More quote requests. Journey of Eva de Vries, 3 stages: "
        "Awareness → Acquisition → Activation."
    )
    assert pages["personas/eva/index.html"].one("description") == (
        "Office manager. “Ik wil er niet naar omkijken.”"
    )
    assert pages["about/index.html"].one("description") == "Who we are."
    assert pages["touchpoints/index.html"].one("description") == (
        "5 touchpoints in 2 customer journeys: channel, owner and where customers meet them."
    )
    not_found = pages["404.html"]
    assert not_found.one(
        "description",
    ).startswith("This page does not exist")
    assert not_found.one("robots") == "noindex"
    assert all(head.one("robots") is None for path, head in pages.items() if path != "404.html")


def test_dutch_descriptions_and_fallbacks() -> None:
    the_site = sites.site(language="nl")
    the_site = dataclasses.replace(
        the_site, config=dataclasses.replace(the_site.config, description="")
    )
    journey = dataclasses.replace(the_site.journeys[0], goal="", personas=("eva", "marco"))
    marco = sites.persona("Marco Jansen", id="marco", role="", quote="", goals=("Grip", "Cijfers"))
    the_site = dataclasses.replace(
        the_site,
        journeys=(journey, the_site.journeys[1]),
        personas=(*the_site.personas, marco),
        pages=(Page(id="about", title="Over", body="![Logo](logo.svg)\n\nWie we zijn."),),
    )
    pages = heads(the_site)
    assert pages["index.html"].one("description") == (
        "2 klantreizen en 2 persona's: klantreiskaarten met fasen, touchpoints en KPI's."
    )
    assert pages["journeys/reis/index.html"].one("description") == (
        "The price is missing. Klantreis van Eva de Vries en Marco Jansen, 3 fasen: "
        "Awareness → Acquisition → Activation."
    )
    assert pages["personas/marco/index.html"].one("description") == "Grip; Cijfers."
    assert pages["about/index.html"].one("description") == "Wie we zijn."  # not the image


def test_with_base_url_canonical_and_og_url_are_absolute() -> None:
    pages = heads(sites.site(base_url=BASE))
    expected = {
        "index.html": BASE,
        "journeys/reis/index.html": BASE + "journeys/reis/",
        "personas/eva/index.html": BASE + "personas/eva/",
        "touchpoints/index.html": BASE + "touchpoints/",
        "about/index.html": BASE + "about/",
    }
    for path, url in expected.items():
        assert pages[path].one("canonical") == url, path
        assert pages[path].one("og:url") == url, path
    assert pages["404.html"].one("canonical") is None
    assert pages["404.html"].one("og:url") is None


def test_meta_text_is_escaped() -> None:
    outputs, problems = sites.render(sites.site(text='<b>"Eva" & co</b>', base_url=BASE))
    assert problems == []
    text = sites.html(outputs, "journeys/reis/index.html")
    assert '<b>"Eva"' not in text.split("</head>")[0]
    assert Head(text).one("og:title") == '<b>"Eva" & co</b>'
    odd = sites.site(base_url="https://example.org/?a=1&b=<2>/")
    made = seo.sitemap(odd, [PageSpec(Paths.index, "index.html")])
    assert made is not None
    sitemap = made.read()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    first = ET.fromstring(sitemap).find("s:url/s:loc", ns)
    assert first is not None and first.text == "https://example.org/?a=1&b=<2>/"


def test_long_descriptions_are_cut_at_a_word() -> None:
    text = seo.shorten("word " * 100)
    assert len(text) <= seo.MAX_DESCRIPTION
    assert text.endswith("word…")
    assert seo.shorten("  short\n text ") == "short text"


def test_a_social_image_makes_a_large_card() -> None:
    """The contract for link-preview images: the page context's `social_image` site path."""
    the_site = sites.site(base_url=BASE)
    spec = PageSpec(
        "journeys/reis/index.html",
        "journey.html",
        {"journey": the_site.journeys[0], "social_image": "journeys/reis/preview.png"},
    )
    meta = seo.page_meta(the_site, spec)
    assert meta.image_url == BASE + "journeys/reis/preview.png"
    assert meta.twitter_card == "summary_large_image"
    without = seo.page_meta(dataclasses.replace(the_site, config=sites.site().config), spec)
    assert (without.image_url, without.twitter_card) == (None, "summary")


def test_a_builder_may_give_its_own_meta(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeygen.render import extension

    monkeypatch.setattr(extension, "PAGE_BUILDERS", [])
    custom = seo.PageMeta("Own", "Own", "Own text", "Site", "en_US")

    @extension.page_builder
    def extra(site: Site):  # type: ignore[no-untyped-def]
        yield PageSpec("extra/index.html", "page.html", {
            "page": Page(id="extra", title="Extra"), "body": "", "meta": custom,
        })  # fmt: skip

    outputs, problems = sites.render(sites.site())
    assert problems == []
    assert Head(sites.html(outputs, "extra/index.html")).one("description") == "Own text"


def test_sitemap_lists_every_page_but_404_with_absolute_urls() -> None:
    outputs, _ = sites.render(sites.site(base_url=BASE))
    data = outputs["sitemap.xml"].read()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns=')
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.fromstring(data).findall("s:url/s:loc", ns)]
    assert urls == sorted(urls)
    pages = {path.removesuffix("index.html") for path in HTML_PAGES - {"404.html"}}
    assert urls == sorted(BASE + page for page in pages)
    assert outputs["robots.txt"].read().decode() == (
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
    )


def test_the_sitemap_lists_the_pages_of_every_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page builder of an extension adds its pages to sitemap.xml (issue 18: the sitemap
    listed the default pages only); one it marks as not indexed is left out."""
    from journeygen.render import extension

    monkeypatch.setattr(extension, "PAGE_BUILDERS", [])

    @extension.page_builder
    def extra(site: Site):  # type: ignore[no-untyped-def]
        for name, indexed in (("extra", True), ("draft", False)):
            context = {"page": Page(id=name, title=name), "body": ""}
            yield PageSpec(f"{name}/index.html", "page.html", context, indexed=indexed)

    outputs, problems = sites.render(sites.site(base_url=BASE))
    assert problems == []
    sitemap = outputs["sitemap.xml"].read().decode()
    assert f"<loc>{BASE}extra/</loc>" in sitemap
    assert "draft" not in sitemap


def test_without_base_url_robots_txt_names_no_sitemap() -> None:
    outputs, _ = sites.render(sites.site())
    assert "sitemap.xml" not in outputs
    assert outputs["robots.txt"].read().decode() == "User-agent: *\nAllow: /\n"


def test_output_is_the_same_every_time() -> None:
    first, _ = sites.render(sites.site(base_url=BASE))
    second, _ = sites.render(sites.site(base_url=BASE))
    for path in ("sitemap.xml", "robots.txt", "journeys/reis/index.html"):
        assert first[path].read() == second[path].read()


def test_links_stay_relative_with_base_url() -> None:
    """base_url is for canonical, og:url and the sitemap only; links work from any folder."""
    outputs, _ = sites.render(sites.site(base_url=BASE))
    for path, output in outputs.items():
        if path.endswith(".html") and path != "404.html":
            links = re.findall(r'(?:href|src)="([^"]*)"', output.read().decode())
            canonical = BASE + path.removesuffix("index.html")
            assert [link for link in links if link.startswith(BASE)] == [canonical], path
