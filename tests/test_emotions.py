"""emotions: one curve per persona where a journey gives emotions per persona."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import sites

from journeygen.core.i18n import translator
from journeygen.model.site import Journey
from journeygen.render import views
from journeygen.render.emotions import (
    emotion_curve,
    emotion_personas,
    emotion_rows,
    persona_styles,
    persona_value,
)

NS = "{http://www.w3.org/2000/svg}"
EN = translator("en")
PERSONAS = (sites.persona(), sites.persona("Tom Bakker", id="tom"))


def per_persona() -> Journey:
    """Awareness per persona, acquisition one value for all, activation only for Tom;
    a touchpoint per persona, the others one value for all."""
    journey = sites.journey(personas=("eva", "tom"))
    first, second, third = journey.stages
    ads = dataclasses.replace(first.touchpoints[0], emotion=0.0, emotions={"eva": 1, "tom": -1})
    first = dataclasses.replace(first, emotion=0.0, emotions={"eva": 1, "tom": -1})
    first = dataclasses.replace(first, touchpoints=(ads,))
    third = dataclasses.replace(third, emotion=2.0, emotions={"tom": 2})
    return dataclasses.replace(journey, stages=(first, second, third))  # second: 0 for all


def test_personas_with_emotions_of_their_own_in_the_journeys_order() -> None:
    assert emotion_personas(sites.journey()) == ()
    assert emotion_personas(per_persona()) == ("eva", "tom")
    only_tom = dataclasses.replace(per_persona(), personas=("tom", "eva", "sanne"))
    assert emotion_personas(only_tom) == ("tom", "eva")


def test_a_single_value_counts_for_everyone() -> None:
    first, second, third = per_persona().stages
    assert (persona_value(first, "eva"), persona_value(first, "tom")) == (1, -1)
    assert (persona_value(second, "eva"), persona_value(second, "tom")) == (0.0, 0.0)
    assert (persona_value(third, "eva"), persona_value(third, "tom")) == (None, 2)


def test_a_persona_keeps_its_style_on_every_journey_unless_two_would_share_one() -> None:
    site_ids = ["anna", "bob", "eva", "kees", "tom"]
    assert persona_styles(["eva", "tom"], site_ids) == {"eva": 2, "tom": 0}
    assert persona_styles(["tom", "eva"], site_ids) == {"tom": 0, "eva": 2}
    assert persona_styles(["anna", "tom"], site_ids) == {"anna": 0, "tom": 1}  # 4 % 4 = 0: next
    five = persona_styles(site_ids, site_ids)
    assert list(five.values()) == [0, 1, 2, 3, 0]  # more personas than styles: they repeat
    assert persona_styles(["x"], []) == {"x": 0}


def test_one_curve_per_persona_with_a_legend_and_shared_touchpoints_in_grey() -> None:
    svg = ET.fromstring(str(emotion_curve(per_persona(), PERSONAS, ["eva", "tom"], EN)))
    groups = [g for g in svg.iter(f"{NS}g") if "jg-series" in g.get("class", "").split()]
    classes = [g.get("class") for g in groups]
    assert classes == [
        "jg-series jg-series-0",
        "jg-series jg-series-1",
        "jg-series jg-series-shared",
    ]
    eva, tom, shared = groups

    def stages(group: ET.Element) -> list[str]:
        return [p.get("data-stage") for p in group.iter() if p.get("class") == "jg-point"]

    assert stages(eva) == ["0", "1"] and stages(tom) == ["0", "1", "2"]
    tips = [t.text for t in tom.iter(f"{NS}title")]
    assert "Google Ads, Tom Bakker: −1 (negative)" in tips
    assert "Awareness, Tom Bakker: −1 (negative)" in tips
    assert not [p for p in shared.iter() if p.get("class") == "jg-point"]
    assert len([p for p in shared.iter() if p.get("class") == "jg-touchpoint"]) == 3
    legend = [t.text for t in svg.iter(f"{NS}text") if t.get("class") == "jg-legend-label"]
    assert legend == ["Eva de Vries", "Tom Bakker"]
    assert "one line per persona" in svg.find(f"{NS}desc").text  # type: ignore[union-attr]


def test_one_persona_with_emotions_of_its_own_still_gets_its_name_in_a_legend() -> None:
    journey = per_persona()
    stages = tuple(
        dataclasses.replace(
            s,
            emotions={},
            touchpoints=tuple(dataclasses.replace(tp, emotions={}) for tp in s.touchpoints),
        )
        for s in journey.stages[:2]
    )
    journey = dataclasses.replace(journey, stages=(*stages, journey.stages[2]))
    svg = ET.fromstring(str(emotion_curve(journey, PERSONAS, ["eva", "tom"], EN)))
    legend = [t.text for t in svg.iter(f"{NS}text") if t.get("class") == "jg-legend-label"]
    assert legend == ["Tom Bakker"]


def test_a_journey_with_single_emotions_keeps_its_one_curve() -> None:
    journey = sites.journey()
    assert emotion_curve(journey, PERSONAS, ["eva"], EN) == views.emotion_curve(journey, EN)
    assert emotion_rows(journey, PERSONAS, EN) == views.emotion_rows(journey, EN)


def test_the_text_alternative_lists_each_personas_value() -> None:
    rows = emotion_rows(per_persona(), PERSONAS, translator("nl"))
    assert [row.emotion for row in rows] == [
        "Eva de Vries: +1 (positief); Tom Bakker: −1 (negatief)",
        "0 (neutraal)",
        "Tom Bakker: +2 (zeer positief)",
    ]
    assert rows[0].touchpoints == (
        "Google Ads: Eva de Vries: +1 (positief); Tom Bakker: −1 (negatief)",
    )
    assert rows[2].touchpoints[0] == "On-site visit: +0,5 (neutraal)"
