"""views: what a journey page shows, in words: conversions, increases, what a number spans."""

from __future__ import annotations

from journeygen.analysis.metrics import conversions
from journeygen.core.i18n import translator
from journeygen.model.site import Journey, Stage
from journeygen.render import views

EN, NL = translator("en"), translator("nl")


def funnel_journey(*volumes: int | None) -> Journey:
    stages = tuple(
        Stage(id=f"s{i}", name=f"Stage {i}", index=i, volume=v) for i, v in enumerate(volumes)
    )
    rates, bottleneck = conversions(stages)
    return Journey(id="j", title="J", stages=stages, conversions=rates, bottleneck=bottleneck)


def test_a_growing_stage_is_shown_as_an_increase_not_a_conversion() -> None:
    journey = funnel_journey(1000, 250, 300)
    columns = views.stage_columns(journey, EN)
    assert (columns[1].rate, columns[2].rate) == ("25%", "+20%")
    assert columns[2].rate_words == "+20% more people than in the previous stage, an increase"
    assert columns[1].rate_words == "25% of the previous stage reaches this one"
    funnel = views.funnel(journey, NL)
    assert "↑ +20%" in funnel and "↓ 25%" in funnel and "120%" not in funnel


def test_overall_conversion_and_bottleneck_say_what_they_span_and_skip() -> None:
    journey = funnel_journey(None, 1000, None, 250, 300)
    overall = views.overall_conversion(journey, EN)
    assert overall is not None
    assert (overall.source, overall.target, overall.rate) == ("Stage 1", "Stage 4", "30%")
    assert overall.note == (
        "Skips Stage 2 (no volume). "
        "Runs through an increase at Stage 4: more people than the stage before."
    )
    bottleneck = views.bottleneck_view(journey, journey.bottleneck, NL)
    assert bottleneck is not None
    assert bottleneck.text == (
        "Grootste uitval: Stage 1 → Stage 3 (25% conversie, zonder Stage 2: geen volume)"
    )
    plain = views.overall_conversion(funnel_journey(1000, 500), NL)
    assert plain is not None and plain.note == ""
    assert views.in_words(["A", "B", "C"], NL) == "A, B en C"


def test_a_change_of_a_percentage_is_in_percentage_points_on_every_page() -> None:
    from journeygen.analysis.metrics import with_series
    from journeygen.model.site import Kpi, Measurement

    kpi = with_series(
        Kpi(name="Conversion", slug="k", stage_id="s", target=25, unit="%"),
        [Measurement("2026-09", 18.5), Measurement("2026-10", 20)],
    )
    stage = Stage(id="s", name="S", index=0, kpis=(kpi,))
    assert views.kpi_row(kpi, stage, EN).change == "+1.5 pp since Sep 2026"
    assert views.kpi_row(kpi, stage, NL).change == "+1,5 %-punt t.o.v. sep 2026"
