"""Interface text in English and Dutch, and numbers, percentages and periods per language.

Templates call `t("key")` (with `{name}` fields filled from keyword arguments). A key that
is missing raises KeyError, which render reports as a diagnostic at the template line.
The strings themselves live in `strings.py`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from journeygen.core.strings import STRINGS

LANGUAGES: tuple[str, ...] = ("en", "nl")
MINUS = "\u2212"  # a real minus sign: as wide as "+", read as "minus"

_SEPARATORS = {"en": (",", "."), "nl": (".", ",")}  # (thousands, decimal)
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}
_CURRENCIES = {"eur": "€", "€": "€", "usd": "$", "$": "$", "gbp": "£", "£": "£"}


def format_number(value: float, language: str, *, decimals: int | None = None) -> str:
    """`1,234.5` (en) or `1.234,5` (nl); whole numbers without decimals unless asked."""
    if decimals is None:
        rounded = round(value, 2)
        decimals = 0 if rounded == int(rounded) else (1 if round(value, 1) == rounded else 2)
    text = f"{abs(value):,.{decimals}f}"
    thousands, point = _SEPARATORS[language]
    text = text.replace(",", "\0").replace(".", point).replace("\0", thousands)
    negative = round(value, decimals) < 0
    return (MINUS if negative else "") + text


def format_percent(rate: float, language: str) -> str:
    """A share (0.185) as a percentage: `19%`, with one decimal below 10% (`2,5%` in nl)."""
    percent = rate * 100
    decimals = 1 if abs(percent) < 10 and round(percent, 1) != round(percent) else 0
    return format_number(percent, language, decimals=decimals) + "%"


def format_signed(value: float, language: str, *, decimals: int | None = None) -> str:
    """`+1.5`, `−2` or `0`: a change, with its sign."""
    text = format_number(value, language, decimals=decimals)
    return text if text.startswith(MINUS) or text.strip("0.,") == "" else "+" + text


def format_value(value: float | None, unit: str, language: str) -> str:
    """A KPI value with its unit: `35%`, `€ 1.234` (nl) / `€1,234` (en), `4,2 s`, `–`."""
    if value is None:
        return "–"
    number = format_number(value, language)
    key = unit.strip().lower()
    if not key:
        return number
    if key == "%":
        return number + "%"
    if key in _CURRENCIES:
        symbol = _CURRENCIES[key]
        if value != int(value):  # money with cents: always two decimals
            number = format_number(value, language, decimals=2)
        sign, digits = (MINUS, number[1:]) if number.startswith(MINUS) else ("", number)
        return f"{sign}{symbol}{' ' if language == 'nl' else ''}{digits}"
    return f"{number}\u00a0{unit.strip()}"


_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def format_period(period: str, language: str) -> str:
    """`2026-10` -> `Oct 2026` / `okt 2026`; `2026-W40` -> `wk 40, 2026` / `wk 40 2026`."""
    if match := _MONTH_RE.match(period):
        year, month = match.groups()
        return f"{_MONTHS[language][int(month) - 1]} {year}"
    if match := _DAY_RE.match(period):
        year, month, day = match.groups()
        return f"{int(day)} {_MONTHS[language][int(month) - 1]} {year}"
    if match := _WEEK_RE.match(period):
        year, week = match.groups()
        return f"wk {int(week)}, {year}" if language == "en" else f"wk {int(week)} {year}"
    return period


@dataclass(frozen=True)
class Translator:
    """`t(key, **fields)` plus the number formats, for one language."""

    language: str

    def __call__(self, key: str, /, **fields: object) -> str:
        text = STRINGS[self.language][key]
        return text.format(**fields) if fields else text

    def plural(self, key: str, count: int, /, **fields: object) -> str:
        """`key.one` for 1, else `key.other`; `{count}` is formatted per language."""
        form = "one" if count == 1 else "other"
        return self(f"{key}.{form}", count=self.number(count), **fields)

    def number(self, value: float, decimals: int | None = None) -> str:
        return format_number(value, self.language, decimals=decimals)

    def percent(self, rate: float) -> str:
        return format_percent(rate, self.language)

    def signed(self, value: float, decimals: int | None = None) -> str:
        return format_signed(value, self.language, decimals=decimals)

    def value(self, value: float | None, unit: str = "") -> str:
        return format_value(value, unit, self.language)

    def period(self, period: str) -> str:
        return format_period(period, self.language)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (a few scores, two languages: kept)
    def emotion(self, value: float) -> str:
        """How a score of -2..2 reads: `+1.5 (positive)`."""
        words = ("very_negative", "negative", "neutral", "positive", "very_positive")
        word = self("emotion." + words[min(max(round(value), -2), 2) + 2])
        return f"{self.signed(value, 1 if value != int(value) else 0)} ({word})"


def translator(language: str) -> Translator:
    if language not in STRINGS:
        raise KeyError(f"no interface text for language '{language}'")
    return Translator(language)
