"""render: the pages, their links and anchors, escaping, Mermaid modes, determinism, the seam."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sites

from journeygen.render import extension, vendor
from journeygen.render.extension import FileSpec, LazyContext, PageSpec
from journeygen.render.renderer import compact_html, relative_url
from journeygen.sources.read import read_config_file

XSS = "<script>alert(1)</script>"


class Page(HTMLParser):
    """Links, ids and a few tags of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        for key in ("href", "src"):
            value = attributes.get(key)
            if value and tag != "base":
                self.links.append(value)
        if tag == "script":
            self.scripts.append(attributes)


@pytest.fixture(scope="module")
def built() -> dict[str, object]:
    outputs, problems = sites.render(sites.site())
    assert problems == []
    return outputs


def pages_of(outputs: dict[str, object]) -> list[str]:
    return sorted(path for path in outputs if path.endswith(".html"))


def test_every_page_and_asset_is_written(built: dict[str, object]) -> None:
    assert set(pages_of(built)) == {
        "404.html",
        "index.html",
        "about/index.html",
        "evaluation/index.html",
        "journeys/reis/index.html",
        "journeys/reis-ideaal/index.html",
        "personas/eva/index.html",
        "touchpoints/index.html",
    }
    assert {"assets/journeygen.css", "assets/journeygen.js", "assets/favicon.svg"} <= set(built)


def test_relative_links_resolve_to_outputs_and_anchors(built: dict[str, object]) -> None:
    parsed = {path: Page(sites.html(built, path)) for path in pages_of(built)}  # type: ignore[arg-type]
    checked = 0
    for path, page in parsed.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                assert link == "https://example.org/study", f"{path}: absolute link {link}"
                continue  # a source the content names
            target = (
                path
                if not parts.path
                else posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path))
            )
            assert not parts.path.endswith("/"), f"{path}: folder link {link}"
            assert target in built, f"{path}: {link} -> {target} is not in the site"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in parsed[target].ids, f"{path}: no #{parts.fragment}"
            checked += 1
    assert checked > 100


def test_journey_page_has_stage_touchpoint_and_kpi_anchors(built: dict[str, object]) -> None:
    page = Page(sites.html(built, "journeys/reis/index.html"))  # type: ignore[arg-type]
    assert {"stage-awareness", "stage-acquisition", "stage-activation"} <= page.ids
    assert {"tp-google-ads", "tp-landing", "tp-visit", "tp-pdf-quote"} <= page.ids
    assert {"kpi-awareness-visitors", "kpi-acquisition-quote-requests"} <= page.ids
    assert {"jg-map", "jg-kpis", "jg-flow", "jg-compare", "jg-notes"} <= page.ids


def test_journey_map_is_a_table_with_scoped_headers(built: dict[str, object]) -> None:
    page = Page(sites.html(built, "journeys/reis/index.html"))  # type: ignore[arg-type]
    scopes = [attrs.get("scope") for tag, attrs in page.tags if tag == "th"]
    assert scopes.count("col") >= 3
    assert scopes.count("row") >= 7  # stage, doing, touchpoints, thinking, feeling, pains, ...
    text = sites.html(built, "journeys/reis/index.html")  # type: ignore[arg-type]
    for lane in ("Doing", "Touchpoints", "Thinking", "Feeling", "Pain points", "Opportunities"):
        assert f">{lane}</span></th>" in text


def test_journey_page_shows_the_computed_numbers(built: dict[str, object]) -> None:
    text = sites.html(built, "journeys/reis/index.html")  # type: ignore[arg-type]
    # 3000 -> 540 is the lowest conversion (18%): in words, on the map and in the funnel
    assert "Biggest drop: Acquisition → Activation (18% conversion)" in text
    assert "jg-conv jg-conv--bottleneck" in text
    assert 'class="jg-chart jg-funnel"' in text
    assert "<strong>4.5%</strong>of the people in Awareness reach Activation" in text
    assert "0 of 2 KPIs on target · 2 off target" in text
    assert "+334.5 since Sep 2026" in text  # the change vs the previous measurement
    assert "≥ 5,000" in text and "4,234.5" in text
    assert 'class="jg-chart jg-emotion-curve"' in text
    assert "Awareness</th><td>−1 (negative)</td>" in text  # the curve's text alternative


def test_ideal_page_compares_with_the_current_journey(built: dict[str, object]) -> None:
    ideal = sites.html(built, "journeys/reis-ideaal/index.html")  # type: ignore[arg-type]
    current = sites.html(built, "journeys/reis/index.html")  # type: ignore[arg-type]
    assert 'href="../reis/index.html"' in ideal and 'href="../reis-ideaal/index.html"' in current
    assert "Price Check" in ideal and "Pdf Quote" in ideal  # added and removed touchpoints
    assert ideal.count("jg-emotion-curve") == 2  # its own curve and the comparison
    assert current.count("jg-emotion-curve") == 1  # a summary only
    assert "See the full comparison" in current


def test_persona_overview_and_touchpoint_pages(built: dict[str, object]) -> None:
    persona = sites.html(built, "personas/eva/index.html")  # type: ignore[arg-type]
    assert "Ik wil er niet naar omkijken." in persona and "Jobs to be done" in persona
    assert "<h2" in persona and "Background</h" in persona
    assert 'href="../../journeys/reis/index.html"' in persona
    overview = sites.html(built, "index.html")  # type: ignore[arg-type]
    assert "1 of 2 KPIs on target" in overview and "Biggest drop" in overview
    assert 'href="touchpoints/index.html"' in overview and 'href="about/index.html"' in overview
    inventory = sites.html(built, "touchpoints/index.html")  # type: ignore[arg-type]
    assert 'data-owner="marketing"' in inventory and 'data-channel="ads"' in inventory
    assert '<form class="jg-filters" data-filter-for="jg-touchpoint-table">' in inventory
    assert re.search(r">Showing (\d+) of \1</p>", inventory)  # before the script: no shift


@pytest.mark.parametrize(("language", "more"), [("en", "and 2 more"), ("nl", "en nog 2")])
def test_the_inventory_links_five_uses_of_a_touchpoint_and_counts_the_rest(
    language: str, more: str
) -> None:
    import dataclasses

    base = sites.site(language=language)
    reis = base.journeys[0]
    journeys = tuple(
        dataclasses.replace(reis, id=f"j{i}", title=f"Journey {i}", ideal=None, comparison=None)
        for i in range(7)
    )
    outputs, problems = sites.render(dataclasses.replace(base, journeys=journeys))
    assert problems == []
    inventory = sites.html(outputs, "touchpoints/index.html")  # type: ignore[arg-type]
    tp = reis.touchpoints[0].id
    rows = inventory.split("<tr data-owner=")[1:]
    row = next(r for r in rows if f"#tp-{tp}" in r)
    assert [f"j{i}/index.html#tp-{tp}" in row for i in range(7)] == [True] * 5 + [False] * 2
    assert f'<li class="jg-uses__more">{more}</li>' in row
    assert inventory.count("jg-uses__more") == len(rows)  # every touchpoint is in 7 journeys


def test_touchpoint_count_is_the_inventory_rows() -> None:
    import dataclasses

    from journeygen.render.inventory import touchpoint_count, touchpoint_rows

    site = sites.site()
    reis = site.journeys[0]
    shared = dataclasses.replace(reis.stages[0].touchpoints[0], ref="library-ads")
    stage = dataclasses.replace(reis.stages[0], touchpoints=(shared, *reis.stages[0].touchpoints))
    site = dataclasses.replace(
        site, journeys=(dataclasses.replace(reis, stages=(stage, *reis.stages[1:])), reis)
    )
    assert touchpoint_count(site) == len(touchpoint_rows(site)) > 1


def test_every_text_field_is_escaped() -> None:
    outputs, problems = sites.render(sites.site(text=XSS))
    assert problems == []
    for path in pages_of(outputs):
        text = sites.html(outputs, path)  # type: ignore[arg-type]
        assert XSS not in text, path
        if path != "404.html":  # the one page that shows no text of the project's
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, path


def test_two_renders_give_the_same_bytes() -> None:
    first, _ = sites.render(sites.site())
    second, _ = sites.render(sites.site(), sites.builtin_theme())
    assert list(first) == list(second)
    assert all(first[path].read() == second[path].read() for path in first)


def test_dutch_numbers_dates_and_interface(tmp_path: Path) -> None:
    outputs, problems = sites.render(sites.site(language="nl"))
    assert problems == []
    text = sites.html(outputs, "journeys/reis/index.html")  # type: ignore[arg-type]
    assert '<html lang="nl">' in text
    assert "4.234,5" in text and "≥ 5.000" in text
    assert "+334,5 t.o.v. sep 2026" in text
    assert "Grootste uitval: Acquisition → Activation (18% conversie)" in text
    assert "Pijnpunten" in text and "12.000 personen" in text


def mermaid_config(text: str) -> dict[str, str] | None:
    """Where a page says Mermaid's script is (journeygen.js fetches it when a diagram comes
    near the viewport, or for print)."""
    found = re.search(r'<script type="application/json" id="jg-mermaid"[^>]*>(.*?)</script>', text)
    return json.loads(found[1]) if found else None


def test_mermaid_script_only_on_pages_with_a_diagram(built: dict[str, object]) -> None:
    journey = Page(sites.html(built, "journeys/reis/index.html"))  # type: ignore[arg-type]
    overview = Page(sites.html(built, "index.html"))  # type: ignore[arg-type]
    text = sites.html(built, "journeys/reis/index.html")  # type: ignore[arg-type]
    if vendor.mermaid_script_path() is not None:
        config = mermaid_config(text)
        assert config == {"src": "../../assets/vendor/mermaid/mermaid.min.js"}
        assert "assets/vendor/mermaid/LICENSE" in built
    # no page loads Mermaid's 3 MB as it opens: journeygen.js does, when a diagram is near
    assert all("defer" in s for s in journey.scripts if s.get("src"))
    assert not any("mermaid" in (s.get("src") or "") for s in journey.scripts + overview.scripts)
    assert mermaid_config(sites.html(built, "index.html")) is None  # type: ignore[arg-type]
    assert '<pre class="mermaid">flowchart LR\n  a --&gt; b\n</pre>' in text


def test_mermaid_cdn_and_off() -> None:
    outputs, _ = sites.render(sites.site(mermaid="cdn"))
    text = sites.html(outputs, "journeys/reis/index.html")  # type: ignore[arg-type]
    config = mermaid_config(text)
    assert config == {"src": vendor.cdn_script_url(), "integrity": vendor.cdn_integrity()}
    assert "assets/vendor/mermaid/mermaid.min.js" not in outputs
    outputs, _ = sites.render(sites.site(mermaid="off"))
    text = sites.html(outputs, "journeys/reis/index.html")  # type: ignore[arg-type]
    assert "mermaid.min.js" not in text and '<pre class="mermaid">' in text
    assert mermaid_config(text) is None


def test_mermaid_local_without_the_script_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(vendor, "mermaid_script_path", lambda: None)
    (tmp_path / "journeygen.yml").write_text("title: x\nmermaid: local\n")
    the_site = sites.site()
    read = read_config_file(tmp_path, tmp_path / "journeygen.yml")
    the_site = dataclasses.replace(the_site, config=dataclasses.replace(the_site.config, file=read))
    _, problems = sites.render(the_site, content_dir=tmp_path / "content")
    assert [(p.path, p.line, p.is_error) for p in problems] == [("journeygen.yml", 2, True)]
    assert "reinstall journeygen" in problems[0].hint


def test_404_uses_base_url_for_its_links() -> None:
    outputs, _ = sites.render(sites.site(base_url="https://glans.example/reizen/"))
    text = sites.html(outputs, "404.html")  # type: ignore[arg-type]
    assert '<base href="https://glans.example/reizen/">' in text
    journey = sites.html(outputs, "journeys/reis/index.html")  # type: ignore[arg-type]
    assert '<link rel="canonical" href="https://glans.example/reizen/journeys/reis/">' in journey


def test_content_assets_are_copied(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "assets").mkdir(parents=True)
    (content / "assets" / "eva.jpg").write_bytes(b"jpg")
    the_site = sites.site()
    the_site = type(the_site)(
        config=the_site.config,
        personas=(sites.persona(photo="assets/eva.jpg"),),
        journeys=the_site.journeys,
        pages=the_site.pages,
        assets=("eva.jpg",),
    )
    outputs, problems = sites.render(the_site, content_dir=content)
    assert problems == []
    assert outputs["assets/eva.jpg"].read() == b"jpg"
    persona = sites.html(outputs, "personas/eva/index.html")  # type: ignore[arg-type]
    assert (
        '<img class="jg-avatar jg-avatar--xl" src="../../assets/eva.jpg" alt="Photo of' in persona
    )


def test_page_builder_and_filter_seam(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(extension, "PAGE_BUILDERS", [])
    monkeypatch.setattr(extension, "FILTERS", dict(extension.FILTERS))
    theme_dir = tmp_path / "themes" / "default"
    (theme_dir / "templates").mkdir(parents=True)
    (theme_dir / "templates" / "owners.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ owner | shout }}</h1>'
        '<a href="{{ url(paths.index) }}">home</a>{% endblock %}'
    )

    @extension.template_filter("shout")
    def shout(text: str) -> str:
        return text.upper() + "!"

    @extension.page_builder
    def owner_pages(site):  # type: ignore[no-untyped-def]
        yield PageSpec("owners/marketing/index.html", "owners.html", {"owner": "marketing"})

    theme = type(sites.builtin_theme())("default", (theme_dir, sites.builtin_theme().dirs[0]))
    outputs, problems = sites.render(sites.site(), theme)
    assert problems == []
    text = sites.html(outputs, "owners/marketing/index.html")  # type: ignore[arg-type]
    assert "<h1>MARKETING!</h1>" in text and 'href="../../index.html"' in text


def test_a_builder_may_yield_dicts_lazy_contexts_and_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Third-party builders: a PageSpec with a dict or a LazyContext, a FileSpec."""
    monkeypatch.setattr(extension, "PAGE_BUILDERS", [])
    made: list[str] = []

    @extension.page_builder
    def extra(site):  # type: ignore[no-untyped-def]
        yield PageSpec("a/index.html", "page.html", {"page": site.pages[0], "body": "A"})
        yield PageSpec("b/index.html", "page.html", {"page": site.pages[0], "body": "B"})
        lazy = LazyContext(lambda: made.append("c") or {"page": site.pages[0], "body": "C"})
        yield PageSpec("c/index.html", "page.html", lazy)
        yield FileSpec("data/d.txt", lambda: b"D")

    outputs, problems = sites.render(sites.site())
    assert problems == []
    for name in "abc":
        page = sites.html(outputs, f"{name}/index.html")  # type: ignore[arg-type]
        assert f'<div class="jg-prose">{name.upper()}</div>' in page
    assert made == ["c"]  # made once, when rendered
    assert outputs["data/d.txt"].read() == b"D"


def test_a_builder_that_yields_something_else_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extension, "PAGE_BUILDERS", [])

    @extension.page_builder
    def old_style(site):  # type: ignore[no-untyped-def]
        yield ("b/index.html", "page.html", {})

    with pytest.raises(TypeError, match="old_style yielded a tuple"):
        sites.render(sites.site())


def test_relative_url() -> None:
    assert relative_url("index.html", "journeys/a/index.html") == "journeys/a/index.html"
    assert relative_url("journeys/a/index.html", "index.html") == "../../index.html"
    assert relative_url("journeys/a/index.html", "journeys/b/index.html#tp-x") == (
        "../b/index.html#tp-x"
    )
    assert relative_url("journeys/a/index.html", "#stage-x") == "#stage-x"


def _relpath_url(page: str, target: str) -> str:
    """relative_url as it was: posixpath.relpath (which asks the OS for the working folder)."""
    path, hash_mark, anchor = target.partition("#")
    if not path:
        return target
    return posixpath.relpath(path, posixpath.dirname(page) or ".") + hash_mark + anchor


def test_relative_url_is_relpath() -> None:
    folders = ["", "a/", "b/", "a/b/", "a/c/", "b/a/", "a/b/c/", "journeys/a/", "a/a/a/"]
    files = ["index.html", "a", "b", "x.css", "a/index.html"]
    pages = [f + n for f in folders for n in files]
    odd = ["", ".", "./a/index.html", "a/../b/index.html", "a//b", "a/b/", "/a/index.html"]
    odd += ["../x.html", "a/./b.html", "https://example.org/a", "a b/ü.html", ".hidden/x"]
    targets = pages + odd + [p + "#tp-x" for p in pages[::3]] + ["#stage-x", "a#", "#"]
    for page in [*pages, "a/../index.html", "./index.html", "a//index.html"]:
        for target in targets:
            assert relative_url(page, target) == _relpath_url(page, target), (page, target)


def test_compact_html_keeps_pre() -> None:
    assert compact_html("<p>\n    a\n    b</p><pre>\n  x\n    y</pre>\n  <i>") == (
        "<p>\na\nb</p><pre>\n  x\n    y</pre>\n<i>"
    )


def test_a_bare_site_renders_without_problems() -> None:
    from journeygen.model.site import Config, Journey, Site, Stage

    bare = Site(
        config=Config(title="Bare", language="nl"),
        journeys=(Journey(id="j", title="Only a title", stages=(Stage("s", "Stage", 0),)),),
    )
    outputs, problems = sites.render(bare)
    assert problems == []
    assert set(pages_of(outputs)) == {
        "404.html",
        "index.html",
        "journeys/j/index.html",
        "touchpoints/index.html",  # always there (a stable address), says there are none
    }
    text = sites.html(outputs, "journeys/j/index.html")  # type: ignore[arg-type]
    assert "jg-emotion-curve" not in text and "jg-funnel" not in text and "mermaid.min" not in text
    assert 'href="touchpoints/index.html"' not in sites.html(outputs, "index.html")  # type: ignore[arg-type]
    empty, problems = sites.render(Site(config=Config(title="Empty")))
    assert problems == [] and "index.html" in empty


def test_the_map_shows_only_the_lanes_some_stage_fills() -> None:
    from journeygen.model.site import Config, Journey, Note, Site, Stage

    stages = (Stage("a", "A", 0), Stage("b", "B", 1, pains=(Note("Slow"),), volume=40))
    only_pains = Journey(id="j", title="Pains", stages=stages)
    outputs, problems = sites.render(Site(config=Config(title="T"), journeys=(only_pains,)))
    assert problems == []
    text = sites.html(outputs, "journeys/j/index.html")  # type: ignore[arg-type]
    lanes = {lane for lane in ("about", "doing", "thinking", "pains", "opportunities", "kpis")
             if f'class="jg-lane jg-lane--{lane}"' in text}  # fmt: skip
    assert lanes == {"pains"}
    assert '<span class="jg-stage__volume">40 people</span>' in text
    assert '<td class="jg-cell jg-c1"><ul class="jg-notes jg-notes--pains">' in text


def test_example_journey_pages_stay_under_the_weight_budget() -> None:
    """A journey page with its stylesheet stays under 155 KB (the example's richest: ~151,
    with the KPI changes in words for screen readers and the Content-Security-Policy); the
    main journey, which also carries a service blueprint of 60 items (~10 KB) and its
    stylesheet, under 173 KB (170.1 KB with the list styles of issue 19; 172.3 KB with its
    owners linked to their team pages and the search box drawn from the start)."""
    from journeygen.build import Project, build

    result = build(Project.find(Path(__file__).resolve().parents[1]), write=False)
    assert not result.errors, result.errors
    files = {o.path: len(o.read()) for o in result.outputs}
    css = files["assets/journeygen.css"]
    journeys = {p: size for p, size in files.items() if p.startswith("journeys/")}
    blueprint = journeys.pop("journeys/kantoorschoonmaak/index.html")
    assert journeys and max(journeys.values()) + css < 155_000, (css, journeys)
    assert blueprint + css + files["assets/blueprint.css"] < 173_000, blueprint


def test_a_dutch_site_says_known_channels_and_persona_headings_in_dutch() -> None:
    """`channel: phone` reads "telefoon" on a `language: nl` site (map, inventory, persona);
    a channel written in the project's own words is shown as written."""
    site = sites.site(language="nl")
    persona = dataclasses.replace(site.personas[0], channels=("phone", "Store", "Rooksignalen"))
    journey = site.journeys[0]
    first = journey.stages[0]
    phone = dataclasses.replace(first.touchpoints[0], channel="phone", icon="phone")
    stage = dataclasses.replace(first, touchpoints=(phone, *first.touchpoints[1:]))
    journey = dataclasses.replace(journey, stages=(stage, *journey.stages[1:]))
    site = dataclasses.replace(site, personas=(persona,), journeys=(journey, site.journeys[1]))
    outputs, problems = sites.render(site)
    assert problems == []
    page = sites.html(outputs, "personas/eva/index.html")
    assert "telefoon</span>" in page and "winkel</span>" in page
    assert "Rooksignalen</span>" in page
    assert ">phone<" not in page and ">Store<" not in page
    assert "Jobs to be done" not in page and "Tone of voice" not in page
    assert "Taken om te volbrengen" in page and "Toon en taalgebruik" in page
    journey_page = sites.html(outputs, "journeys/reis/index.html")
    assert "telefoon</span>" in journey_page and ">phone<" not in journey_page
    inventory = sites.html(outputs, "touchpoints/index.html")
    assert '<option value="phone">telefoon</option>' in inventory
    assert 'data-channel="ads|phone"' in inventory and "telefoon</span>" in inventory


def test_an_english_site_shows_channels_as_written() -> None:
    site = sites.site(language="en")
    persona = dataclasses.replace(site.personas[0], channels=("phone", "Store"))
    outputs, _ = sites.render(dataclasses.replace(site, personas=(persona,)))
    page = sites.html(outputs, "personas/eva/index.html")
    assert "phone</span>" in page and "Store</span>" in page
