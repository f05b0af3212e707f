"""evidence: how much of a journey is observed, and its sources as numbered footnotes."""

from __future__ import annotations

import dataclasses

import pytest
import sites

from journeygen.analysis.evidence import (
    EvidenceCount,
    count_evidence,
    evidence_summary,
    footnotes,
    safe_url,
)
from journeygen.core.i18n import translator
from journeygen.model.site import Note


def test_count_evidence_puts_anything_else_under_unlabelled() -> None:
    count = count_evidence(["observed", "observed", None, "assumed", "guessed", "proposed"])
    assert count == EvidenceCount(observed=2, assumed=1, proposed=1, unlabelled=2)
    assert count.total == 6
    assert count.parts() == (("observed", 2), ("assumed", 1), ("proposed", 1), ("unlabelled", 2))


def test_summary_counts_touchpoints_and_notes_in_both_languages() -> None:
    journey = sites.journey()  # touchpoints: 3 observed, 1 assumed; notes: 1 each
    summary = evidence_summary(journey, translator("en"))
    assert summary is not None
    assert summary.headline == "3 of 4 touchpoints observed"
    touchpoints, notes = summary.rows
    assert touchpoints.label == "Touchpoints"
    assert [p.text for p in touchpoints.parts] == ["3 observed", "1 assumed"]
    assert [p.share for p in touchpoints.parts] == ["75.0", "25.0"]
    assert notes.label == "Notes"
    assert [p.text for p in notes.parts] == ["1 assumed", "1 proposed", "2 unlabelled"]
    dutch = evidence_summary(journey, translator("nl"))
    assert dutch is not None
    assert dutch.headline == "3 van 4 touchpoints waargenomen"
    dutch_notes = [p.text for p in dutch.rows[1].parts]
    assert dutch_notes == ["1 aangenomen", "1 voorgesteld", "2 zonder label"]


def test_summary_without_touchpoints_speaks_of_notes_and_without_either_is_none() -> None:
    journey = sites.journey()
    bare = dataclasses.replace(
        journey,
        stages=tuple(dataclasses.replace(s, touchpoints=()) for s in journey.stages),
    )
    summary = evidence_summary(bare, translator("en"))
    assert summary is not None and summary.headline == "0 of 4 notes observed"
    assert [row.label for row in summary.rows] == ["Notes"]
    one = dataclasses.replace(
        bare,
        stages=(
            dataclasses.replace(
                bare.stages[0], actions=(Note("Calls", "observed"),), thoughts=(), pains=(),
                opportunities=(),
            ),
        ),
    )  # fmt: skip
    summary = evidence_summary(one, translator("nl"))
    assert summary is not None and summary.headline == "1 van 1 notitie waargenomen"
    empty = dataclasses.replace(
        one,
        stages=(dataclasses.replace(one.stages[0], actions=()),),
    )
    assert evidence_summary(empty, translator("en")) is None


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.org/study", "https://example.org/study"),
        ("  HTTP://Example.org/a?b=1#c ", "HTTP://Example.org/a?b=1#c"),
        ("javascript:alert(1)", None),
        ("JavaScript://example.org/%0Aalert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("mailto:eva@example.org", None),
        ("ftp://example.org/file", None),
        ("https://", None),
        ("https://example.org/a b", None),
        ("Interviews met zes klanten, 2026", None),
        ("", None),
    ],
)
def test_only_http_addresses_become_links(text: str, url: str | None) -> None:
    assert safe_url(text) == url


def test_the_same_source_gets_one_number_in_the_order_of_the_map() -> None:
    journey = sites.journey()
    first, second, third = journey.stages
    journey = dataclasses.replace(
        journey,
        stages=(
            dataclasses.replace(
                first,
                source="CRM export",  # the stage band is the first row of the map
                pains=(Note("Slow", "observed", "https://example.org/study"),),
                actions=(Note("Searches", "reported", " Interviews "),),
            ),
            dataclasses.replace(
                second,
                source=None,
                touchpoints=tuple(
                    dataclasses.replace(tp, source="Interviews") for tp in second.touchpoints
                ),
                thoughts=(Note("Hm", source="CRM export"),),
            ),
            third,
        ),
    )
    notes = footnotes(journey)
    assert [(f.number, f.text, f.url) for f in notes.items] == [
        (1, "CRM export", None),
        (2, "Interviews", None),  # actions come before touchpoints, spaces ignored
        (3, "https://example.org/study", "https://example.org/study"),
    ]
    assert notes.of(" Interviews ") == notes.items[1]
    assert notes.of(None) is None and notes.of("unknown") is None
    assert not footnotes(dataclasses.replace(journey, stages=(third,)))


def test_the_map_cites_sources_and_lists_them_under_it() -> None:
    site = sites.site()
    current, ideal = site.journeys
    first = current.stages[0]
    evil = Note("Risky", "assumed", "javascript:alert(1)")
    stages = (dataclasses.replace(first, thoughts=(evil,)), *current.stages[1:])
    site = dataclasses.replace(site, journeys=(dataclasses.replace(current, stages=stages), ideal))
    outputs, problems = sites.render(site)
    assert problems == []
    text = sites.html(outputs, "journeys/reis/index.html")
    # the thinking row comes before the pains row
    assert '<a href="#src-1" aria-label="Source 1">1</a>' in text
    assert '<a href="#src-2" aria-label="Source 2">2</a>' in text
    assert '<li id="src-1">javascript:alert(1)</li>' in text  # text, never a link
    assert '<li id="src-2"><a href="https://example.org/study" rel="noopener">' in text
    assert 'href="javascript' not in text
    assert '<h2 id="jg-sources-title">Sources</h2>' in text
    assert "<strong>3 of 4 touchpoints observed</strong>" in text
    assert 'class="jg-evbar__assumed" style="width:25.0%"' in text
    assert "2 assumed, 1 proposed, 1 unlabelled" in text
