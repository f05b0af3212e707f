"""changes_view and the changes pages: formatted per language, linked, only with --changes-since.

The end-to-end test builds a temporary git repository with two commits, like test_changes.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sites
from conftest import MakeProject
from test_changes import two_reviews

from journeygen.build import Project, build
from journeygen.core.i18n import translator
from journeygen.model.site import FieldChange, ItemChange, JourneyChanges, SiteChanges
from journeygen.render.changes_view import (
    count_text,
    field_rows,
    format_value,
    journey_banner,
    journey_view,
    site_banner,
    site_summary,
)

EN, NL = translator("en"), translator("nl")


@pytest.mark.parametrize(
    ("field", "value", "unit", "english", "dutch"),
    [
        ("emotion", -1.5, "", "−1.5 (very negative)", "−1,5 (zeer negatief)"),
        ("target", 1250.5, "EUR", "€1,250.50", "€ 1.250,50"),
        ("actual", 35, "%", "35%", "35%"),
        ("volume", 12000, "", "12,000", "12.000"),
        ("status", "missed", "", "Off target", "Onder doel"),
        ("evidence", "assumed", "", "Assumption", "Aanname"),
        ("state", "ideal", "", "Ideal state", "Gewenste situatie"),
        ("better", "lower", "", "lower is better", "lager is beter"),
        ("offline", True, "", "yes", "ja"),
        ("framework", "five-phases", "", "Five phases", "Vijf fasen"),
        ("owner", "", "", "–", "–"),
        ("target", None, "", "–", "–"),
        ("name", "Offerte", "", "Offerte", "Offerte"),
    ],
)
def test_values_are_formatted_per_language(
    field: str, value: object, unit: str, english: str, dutch: str
) -> None:
    assert format_value(field, value, EN, unit) == english
    assert format_value(field, value, NL, unit) == dutch


def test_field_rows_say_which_way_a_number_moved_and_whether_that_is_good() -> None:
    rows = field_rows(
        [FieldChange("target", 500, 800), FieldChange("actual", 40, 30)], NL, unit="%"
    )
    assert [(r.label, r.old, r.new, r.arrow, r.tone) for r in rows] == [
        ("Doel", "500%", "800%", "↑", ""),  # a target moves, neither good nor bad
        ("Actueel", "40%", "30%", "↓", "bad"),
    ]
    (lower,) = field_rows([FieldChange("actual", 40, 30)], EN, better="lower")
    assert (lower.arrow, lower.tone, lower.words) == ("↓", "good", "improving")  # for readers
    assert rows[1].words == "verslechterd" and rows[0].words == ""
    unit = field_rows([FieldChange("actual", 4, 3), FieldChange("unit", "h", "d")], EN, unit="d")
    assert [(r.old, r.new) for r in unit] == [("4\u00a0h", "3\u00a0d"), ("h", "d")]
    (emotion,) = field_rows([FieldChange("emotion", 1, -1)], EN)
    assert (emotion.arrow, emotion.tone) == ("↓", "bad")
    (text,) = field_rows([FieldChange("owner", "sales", "marketing")], EN)
    assert (text.arrow, text.tone) == ("", "")


def changed_journey() -> JourneyChanges:
    return JourneyChanges(
        "reis",
        "From search to client",
        "changed",
        items=(
            ItemChange("stage", "awareness", "Awareness", "awareness", "changed",
                       (FieldChange("emotion", -1.0, 0.5),)),
            ItemChange("touchpoint", "landing", "Landing", "acquisition", "added"),
            ItemChange("touchpoint", "gone", "Gone", "acquisition", "removed"),
            ItemChange("kpi", "acquisition/Quote requests", "Quote requests", "acquisition",
                       "changed", (FieldChange("target", 30, 40),)),
        ),
    )  # fmt: skip


def test_a_journeys_changes_link_to_where_the_items_are_now() -> None:
    site = sites.site()
    view = journey_view(site, changed_journey(), EN)
    assert view.counts == "1 added, 1 removed, 2 changed"
    assert view.by_kind == (
        ("Stages", "1 changed"),
        ("Touchpoints", "1 added, 1 removed"),
        ("KPIs", "1 changed"),
    )
    (emotion,) = view.emotions
    assert (emotion.old, emotion.new, emotion.delta, emotion.arrow, emotion.tone) == (
        "−1 (negative)",
        "+0.5 (neutral)",
        "+1.5",
        "↑",
        "good",
    )
    assert emotion.link == "journeys/reis/index.html#stage-awareness"
    assert view.of_kind("stage") == ()  # its only change is in the emotion table
    added, removed = view.of_kind("touchpoint")
    assert added.link == "journeys/reis/index.html#tp-landing" and removed.link is None
    assert (added.status_label, added.stage_name) == ("Added", "Acquisition")
    (kpi,) = view.of_kind("kpi")
    assert kpi.link == "journeys/reis/index.html#kpi-acquisition-quote-requests"
    assert view.details == "journeys/reis/changes/index.html"


def test_banners_and_summaries() -> None:
    site = sites.site()
    assert site_banner(site, EN) is None and journey_banner(site, site.journeys[0], EN) is None
    changes = SiteChanges(
        "review-1", "review-1 (3f2a9c1)", journeys=(changed_journey(),), personas_added=("tom",)
    )
    site = dataclasses.replace(site, changes=changes)
    banner = site_banner(site, NL)
    assert banner is not None
    assert (banner.text, banner.detail, banner.link) == (
        "Wijzigingen sinds review-1 (3f2a9c1)",
        "1 klantreis gewijzigd, 1 persona toegevoegd",
        "changes/index.html",
    )
    current, ideal = site.journeys
    changed = journey_banner(site, current, EN)
    assert changed is not None and changed.link == "journeys/reis/changes/index.html"
    assert changed.detail == "1 added, 1 removed, 2 changed"
    same = journey_banner(site, ideal, EN)
    assert same is not None and same.text == "Unchanged since review-1 (3f2a9c1)"
    assert same.link == "changes/index.html"
    assert site_summary(SiteChanges("x", "x"), NL) == "Niets gewijzigd"
    details = JourneyChanges("reis", "R", "changed", (FieldChange("goal", "a", "b"),))
    assert count_text(details, EN) == "details changed"


# --- end to end: two commits, built with --changes-since --------------------------------------


@pytest.fixture
def reviewed(make_project: MakeProject, tmp_path: Path) -> Path:
    return two_reviews(make_project({}), tom="Tom Bakker")


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def links_resolve(site: Path) -> int:
    """Every relative link of every page names a file of the site, and its anchor an id."""
    checked = 0
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        for link in re.findall(r'(?:href|src)="([^"]+)"', page.read_text("utf-8")):
            parts = urlsplit(link)
            assert not parts.scheme and not link.startswith("/"), f"{path}: {link}"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path))
            target = target if parts.path else path
            assert (site / target).is_file(), f"{path}: {link}"
            if parts.fragment and target.endswith(".html"):
                assert f'id="{parts.fragment}"' in read(site, target), f"{path}: {link}"
            checked += 1
    return checked


def test_build_with_changes_since_a_tag(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(Project.find(reviewed), out=out, changes_since="review-1")
    assert not result.errors, result.errors
    page = read(out, "changes/index.html")
    label = re.search(r"Changes since (review-1 \([0-9a-f]{7}\))", page)
    assert label, page
    assert "1 journey changed, 1 persona added" in page
    assert 'href="../journeys/reis/changes/index.html">See what changed</a>' in page
    assert 'href="../personas/tom/index.html">Tom Bakker</a>' in page
    assert 'href="../assets/review.css?v=' in page
    journey = read(out, "journeys/reis/changes/index.html")
    assert '<h1 class="jg-hero__title">Van zoekopdracht tot vaste klant</h1>' in journey
    assert "1 added, 1 removed, 2 changed" in journey
    emotion = re.search(r'#stage-awareness">Awareness</a></th>(.*?)</tr>', journey, re.S)
    assert emotion and "−1 (negative)" in emotion[1] and "+0.5 (neutral)" in emotion[1]
    assert "↑ </span>+1.5" in emotion[1]
    assert '<a href="../index.html#tp-prijs">Prijsindicatie</a>' in journey
    assert 'Offerteformulier <span class="jg-badge jg-badge--removed">Removed</span>' in journey
    kpi = re.search(r'#kpi-awareness-bezoekers">Bezoekers</a>.*?</li>', journey, re.S)
    assert kpi and '<span class="jg-old">500</span>' in kpi[0] and ">800</span>" in kpi[0]
    overview = read(out, "index.html")
    assert f"<strong>Changes since {label[1]}</strong>" in overview
    assert 'href="changes/index.html">All changes</a>' in overview
    assert 'href="../../journeys/reis/changes/index.html">See what changed</a>' not in overview
    assert 'href="changes/index.html">See what changed</a>' in read(out, "journeys/reis/index.html")
    assert links_resolve(out) > 50
    again = tmp_path / "again"
    build(Project.find(reviewed), out=again, changes_since="review-1")
    for path in ("changes/index.html", "journeys/reis/changes/index.html", "index.html"):
        assert read(out, path) == read(again, path)  # deterministic


def test_without_changes_since_none_of_it_appears(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(Project.find(reviewed), out=out)
    assert not result.errors, result.errors
    assert not (out / "changes").exists()
    assert not (out / "journeys/reis/changes").exists()
    for page in ("index.html", "journeys/reis/index.html"):
        text = read(out, page)
        assert "jg-banner" not in text and "review.css" not in text


def test_nothing_changed_says_so(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(Project.find(reviewed), out=out, changes_since="HEAD")
    assert not result.errors, result.errors
    assert "Nothing changed" in read(out, "changes/index.html")
    assert not (out / "journeys/reis/changes").exists()
    assert "Unchanged since HEAD (" in read(out, "journeys/reis/index.html")
