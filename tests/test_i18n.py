"""i18n: both languages have every key; numbers, percentages and periods per language."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shown import parse_shown

from journeygen.core.i18n import (
    format_number,
    format_percent,
    format_period,
    format_signed,
    format_value,
    translator,
)
from journeygen.core.strings import STRINGS
from journeygen.render.theme import builtin_theme_dir


def test_both_languages_have_the_same_keys_and_fields() -> None:
    assert set(STRINGS) == {"en", "nl"}
    assert STRINGS["en"].keys() == STRINGS["nl"].keys()
    for key, english in STRINGS["en"].items():
        fields = set(re.findall(r"{(\w+)}", english))
        assert fields == set(re.findall(r"{(\w+)}", STRINGS["nl"][key])), key


def test_every_key_the_templates_name_exists() -> None:
    used: set[str] = set()
    for template in (builtin_theme_dir() / "templates").glob("*.html"):
        text = template.read_text("utf-8")
        used |= set(re.findall(r"\bt\('([a-z_.]*[a-z_])'", text))  # not 'state.' ~ x
        used -= {"journey.see_"}  # 'journey.see_' ~ state
        used |= {f"{k}.one" for k in re.findall(r"\bt\.plural\('([a-z_.]+)'", text)}
    assert used, "no t('...') found in the templates"
    assert used - STRINGS["en"].keys() == set()


def test_missing_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        translator("nl")("no.such.key")
    with pytest.raises(KeyError):
        translator("fr")


@pytest.mark.parametrize(
    ("value", "en", "nl"),
    [
        (1234.5, "1,234.5", "1.234,5"),
        (4200, "4,200", "4.200"),
        (1234567, "1,234,567", "1.234.567"),
        (0.25, "0.25", "0,25"),
        (-3.5, "−3.5", "−3,5"),
        (2.0, "2", "2"),
        (-0.001, "0", "0"),
    ],
)
def test_numbers(value: float, en: str, nl: str) -> None:
    assert format_number(value, "en") == en
    assert format_number(value, "nl") == nl


def test_percentages_values_and_signs() -> None:
    assert format_percent(0.35, "en") == "35%"
    assert format_percent(0.35, "nl") == "35%"
    assert format_percent(0.025, "nl") == "2,5%"
    assert format_percent(0.1849, "en") == "18%"
    assert format_value(35, "%", "nl") == "35%"
    assert format_value(1234, "EUR", "nl") == "€ 1.234"
    assert format_value(2.5, "EUR", "nl") == "€ 2,50"
    assert format_value(1234, "eur", "en") == "€1,234"
    assert format_value(4.2, "s", "nl") == "4,2\u00a0s"
    assert format_value(None, "s", "nl") == "–"
    assert format_signed(300, "nl") == "+300"
    assert format_signed(-0.15, "nl") == "−0,15"
    assert format_signed(0, "en") == "0"


@pytest.mark.parametrize(
    ("period", "en", "nl"),
    [
        ("2026-10", "Oct 2026", "okt 2026"),
        ("2026-03", "Mar 2026", "mrt 2026"),
        ("2026-W40", "wk 40, 2026", "wk 40 2026"),
        ("2026-10-05", "5 Oct 2026", "5 okt 2026"),
        ("Q3", "Q3", "Q3"),
    ],
)
def test_periods(period: str, en: str, nl: str) -> None:
    assert format_period(period, "en") == en
    assert format_period(period, "nl") == nl


def test_translator_fields_plurals_and_emotions() -> None:
    t = translator("nl")
    assert t("bottleneck.text", source="A", target="B", rate="18%") == (
        "Grootste uitval: A → B (18% conversie)"
    )
    assert t.plural("count.stages", 1) == "1 fase"
    assert t.plural("count.stages", 1200) == "1.200 fasen"
    assert t.emotion(-1.5) == "−1,5 (zeer negatief)"
    assert translator("en").emotion(1) == "+1 (positive)"


def test_every_preset_has_a_title_in_both_languages() -> None:
    from journeygen.model.presets import PRESET_TITLES, PRESETS

    assert set(PRESET_TITLES) == set(PRESETS)
    for preset, english in PRESET_TITLES.items():
        assert translator("en")(f"framework.{preset}") == english
        assert translator("nl")(f"framework.{preset}")
    assert translator("nl")("framework.five-phases") == "Vijf fasen"


# --- properties: what is shown reads back as the number it shows --------------------------

PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None)
finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


def test_dutch_and_english_examples_read_back() -> None:
    assert (format_number(1320, "nl"), format_number(1320, "en")) == ("1.320", "1,320")
    assert (format_value(13.3, "%", "nl"), format_value(13.3, "%", "en")) == ("13,3%", "13.3%")
    assert parse_shown("1.320", "nl") == parse_shown("1,320", "en") == 1320
    assert parse_shown("13,3%", "nl") == parse_shown("13.3%", "en") == 13.3
    assert parse_shown("€ 2,70", "nl") == 2.7 and parse_shown("−300", "en") == -300


@PROPERTY
@given(value=finite, language=st.sampled_from(["en", "nl"]))
def test_a_formatted_number_reads_back_as_its_rounded_value(value: float, language: str) -> None:
    shown = format_number(value, language)
    decimals = len(shown.rpartition(_DECIMAL[language])[2]) if _DECIMAL[language] in shown else 0
    assert parse_shown(shown, language) == pytest.approx(round(value, decimals), abs=1e-9)
    assert abs(parse_shown(shown, language) - value) <= 0.005 + 1e-9 * abs(value)


@PROPERTY
@given(
    rate=st.floats(min_value=-5, max_value=50, allow_nan=False),
    language=st.sampled_from(["en", "nl"]),
)
def test_a_formatted_percentage_reads_back_within_its_rounding(rate: float, language: str) -> None:
    shown = format_percent(rate, language)
    assert shown.endswith("%")
    decimals = 1 if _DECIMAL[language] in shown else 0
    assert abs(parse_shown(shown, language) - rate * 100) <= 0.5 * 10**-decimals + 1e-9


@PROPERTY
@given(
    value=finite,
    unit=st.sampled_from(["", "%", "EUR", "uur", "bezoekers"]),
    language=st.sampled_from(["en", "nl"]),
)
def test_a_kpi_value_with_its_unit_reads_back(value: float, unit: str, language: str) -> None:
    shown = format_value(value, unit, language)
    assert abs(parse_shown(shown, language) - value) <= 0.005 + 1e-9 * abs(value)
    signed = format_signed(value, language)
    assert abs(parse_shown(signed, language) - value) <= 0.005 + 1e-9 * abs(value)


_DECIMAL = {"en": ".", "nl": ","}


def test_docs_name_every_preset_stage_as_journeygen_does() -> None:
    """docs/format.md lists each stage's English and Dutch name where they differ (it once
    said kotler-5a's names were the project's to translate, while journeygen translates them)."""
    from pathlib import Path

    from journeygen.model.presets import PRESETS

    docs = (Path(__file__).parents[1] / "docs" / "format.md").read_text("utf-8")
    for preset, stages in PRESETS.items():
        row = next(line for line in docs.splitlines() if line.startswith(f"| `{preset}` |"))
        for stage_id, english, dutch in stages:
            if english != dutch:
                assert f"{stage_id} ({english} / {dutch})" in row, (preset, stage_id)
            else:
                assert stage_id in row, (preset, stage_id)
    assert "the project's to translate" not in docs
