"""KPI measurements from content/data/*.csv, matched to journeys, stages and KPIs."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from journeygen.analysis.metrics import PeriodKind, period_date, period_kind
from journeygen.core.diagnostics import Diagnostic, hint_with_choices
from journeygen.core.limits import MAX_NUMBER
from journeygen.model.site import Measurement
from journeygen.sources.csvrows import CsvRow

# (journey id, stage id, KPI name) -> measurements in file order
SeriesKey = tuple[str, str, str]

# How a kind of period is named in a message, and written.
_KIND_WORDS: dict[PeriodKind, tuple[str, str, str, str, str]] = {
    # "is a ...", "measured in ...", "per ...", how it is written, "give the ... a KPI"
    "month": ("a month", "months", "month", "YYYY-MM", "monthly totals"),
    "week": ("a week", "weeks", "week", "YYYY-Www", "weekly values"),
    "day": ("a day", "days", "day", "YYYY-MM-DD", "daily values"),
}


_GROUPS = re.compile(r"^-?[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$")  # 1.320, 12,345,678


def parse_number(text: str) -> float | None:
    """`4200`, `4200.5`, `4.200,5` (Dutch), `4,200.5`, `1.234.567` or `35%`; None when it
    is not a number. `1.320` and `1,320` are read with the separator as a decimal point:
    `ambiguous_number` finds them first."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    grouped = _GROUPS.match(cleaned)
    if grouped and cleaned.count(grouped.group(1)) > 1:  # 12,345,678: thousands only
        cleaned = cleaned.replace(grouped.group(1), "")
    elif "," in cleaned:
        if "." in cleaned and cleaned.rfind(".") > cleaned.rfind(","):
            cleaned = cleaned.replace(",", "")  # 4,200.5
        else:
            cleaned = cleaned.replace(".", "").replace(",", ".")  # 4.200,5
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def ambiguous_number(text: str, delimiter: str = ",") -> tuple[str, str] | None:
    """`1,320` means 1320 where the comma groups thousands (English) and 1.32 where it is
    the decimal comma (Dutch): the two readings, or None when there is one. In a file
    separated by `;` (Excel in Dutch) `2.500` is ambiguous too; in a `,` file a point is
    the decimal point, as in every machine export."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    grouped = _GROUPS.match(cleaned)
    if not grouped or cleaned.count(grouped.group(1)) > 1:
        return None
    if grouped.group(1) == "." and delimiter != ";":
        return None
    whole, _, fraction = cleaned.partition(grouped.group(1))
    decimals = fraction.rstrip("0")
    return whole + fraction, f"{whole}.{decimals}" if decimals else whole


def read_series(
    rows: Sequence[CsvRow],
    kpis: Mapping[str, Mapping[str, set[str]]],
    problems: list[Diagnostic],
    journey_ids: Collection[str] = (),
) -> dict[SeriesKey, list[Measurement]]:
    """Match every row to a KPI (`kpis`: journey -> stage -> KPI names); report the rest."""
    series: dict[SeriesKey, list[Measurement]] = {}
    seen: dict[tuple[str, str, str, str], CsvRow] = {}
    kinds: dict[SeriesKey, tuple[PeriodKind, CsvRow]] = {}  # each series' first row sets it
    for row in rows:
        journey, stage, kpi = row.values["journey"], row.values["stage"], row.values["kpi"]
        period, raw = row.values["period"], row.values["value"]

        def problem(column: str, message: str, hint: str = "", row: CsvRow = row) -> None:
            problems.append(Diagnostic(row.path, row.line, row.column(column), message, hint))

        if journey not in kpis:
            problem(
                "journey",
                f"unknown journey '{journey}'",
                hint_with_choices(journey, {*kpis, *journey_ids}, "journeys"),
            )
            continue
        if stage not in kpis[journey]:
            hint = hint_with_choices(stage, kpis[journey], f"stages of '{journey}'")
            problem("stage", f"unknown stage '{stage}' in journey '{journey}'", hint)
            continue
        if kpi not in kpis[journey][stage]:
            hint = hint_with_choices(kpi, kpis[journey][stage], f"KPIs of stage '{stage}'")
            problem("kpi", f"unknown KPI '{kpi}' in stage '{stage}' of '{journey}'", hint)
            continue
        if period_date(period) is None:
            problem("period", f"invalid period '{period}'", "write YYYY-MM, YYYY-MM-DD or YYYY-Www")
            continue
        value = parse_number(raw)
        readings = ambiguous_number(raw, row.delimiter)
        if readings is not None:
            separator = "," if "," in raw else "."
            thousands, decimal = readings
            problem(
                "value",
                f"value '{raw}' can be read two ways: {thousands} ('{separator}' separating "
                f"thousands) or {decimal} ('{separator}' as the decimal point)",
                f"write {thousands} (no thousands separator), or "
                f"{decimal.replace('.', ',') if row.delimiter == ';' else decimal}",
            )
            continue
        if not raw:
            problem("value", "the value is empty", "write a number like 4200, or remove the row")
            continue
        if value is None:
            problem(
                "value", f"value '{raw}' is not a number", "write a plain number like 4200 or 12.5"
            )
            continue
        if abs(value) > MAX_NUMBER:
            problem(
                "value",
                f"value '{raw}' is too large (the limit is 10^15, either sign)",
                "a KPI is a count, a share or an amount: write it in a larger unit "
                "(thousands, millions)",
            )
            continue
        kind = period_kind(period)
        assert kind is not None  # the period is valid
        first_kind, first_row = kinds.setdefault((journey, stage, kpi), (kind, row))
        if kind != first_kind:
            a_kind, _, _, _, values = _KIND_WORDS[kind]
            _, in_kinds, per, written, _ = _KIND_WORDS[first_kind]
            problem(
                "period",
                f"period '{period}' is {a_kind}, but '{kpi}' is measured in {in_kinds} "
                f"(from {first_row.values['period']} at {first_row.path}:{first_row.line})",
                f"keep one kind of period per KPI: write every value of '{kpi}' per {per} "
                f"({written}), or give the {values} a KPI of their own",
            )
            continue
        key = (journey, stage, kpi, period)
        if key in seen:
            first = seen[key]
            problem(
                "period",
                f"a second value for '{kpi}' in {period}",
                f"the first is at {first.path}:{first.line}",
            )
            continue
        seen[key] = row
        series.setdefault((journey, stage, kpi), []).append(Measurement(period, value))
    return series
