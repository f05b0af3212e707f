"""kpidata: the numbers in content/data/*.csv, read one way only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeygen.validate.kpidata import ambiguous_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4200", 4200),
        ("4200.5", 4200.5),
        ("4.200,5", 4200.5),
        ("4,200.5", 4200.5),
        ("12,345,678", 12345678),
        ("1.234.567", 1234567),
        ("0,125", 0.125),
        ("12,5%", 12.5),
        ("-3", -3),
        ("x", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_one_separator_before_three_digits_is_ambiguous() -> None:
    assert ambiguous_number("1,320") == ("1320", "1.32")
    assert ambiguous_number("2.500") is None  # a comma-separated file: a decimal point
    assert ambiguous_number("2.500", ";") == ("2500", "2.5")  # Excel in Dutch
    assert ambiguous_number("1.000", ";") == ("1000", "1")
    assert ambiguous_number("-1,320") == ("-1320", "-1.32")
    for clear in ("0,125", "12,5", "1320", "12,345,678", "4.200,5", "4,200.5", "1.5"):
        assert ambiguous_number(clear) is None, clear


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(number=st.integers(1_000_000, 10**15), separator=st.sampled_from([",", "."]))
def test_thousands_in_groups_read_back(number: int, separator: str) -> None:
    text = f"{number:,}".replace(",", separator)
    assert ambiguous_number(text, ";") is None and parse_number(text) == number
