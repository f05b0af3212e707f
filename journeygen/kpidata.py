"""KPI measurements from content/data/*.csv, matched to journeys, stages and KPIs."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from journeygen.csvrows import CsvRow
from journeygen.diagnostics import Diagnostic, hint_with_choices
from journeygen.limits import MAX_NUMBER
from journeygen.metrics import period_date
from journeygen.model import Measurement

# (journey id, stage id, KPI name) -> measurements in file order
SeriesKey = tuple[str, str, str]


def parse_number(text: str) -> float | None:
    """`4200`, `4200.5`, `4.200,5` (Dutch) or `35%`; None when it is not a number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in cleaned:
        if "." in cleaned and cleaned.rfind(".") > cleaned.rfind(","):
            cleaned = cleaned.replace(",", "")  # 4,200.5
        else:
            cleaned = cleaned.replace(".", "").replace(",", ".")  # 4.200,5
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def read_series(
    rows: Sequence[CsvRow],
    kpis: Mapping[str, Mapping[str, set[str]]],
    problems: list[Diagnostic],
    journey_ids: Collection[str] = (),
) -> dict[SeriesKey, list[Measurement]]:
    """Match every row to a KPI (`kpis`: journey -> stage -> KPI names); report the rest."""
    series: dict[SeriesKey, list[Measurement]] = {}
    seen: dict[tuple[str, str, str, str], CsvRow] = {}
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
