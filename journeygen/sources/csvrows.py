"""KPI measurements from CSV text: one row per line, each with its line and text, so that
a problem with a value can be shown at its column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from sys import intern
from typing import Any

from journeygen.core.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class CsvRow:
    path: str
    line: int
    values: dict[str, str]
    text: str = ""  # the line as written, for column numbers
    delimiter: str = ","

    def __reduce__(self) -> tuple[Any, ...]:  # see Document
        return CsvRow, (self.path, self.line, self.values, self.text, self.delimiter)

    def column(self, name: str) -> int:
        """1-based column where the value of `name` starts on this line."""
        index = list(self.values).index(name) if name in self.values else 0
        field, quoted = 0, False
        for offset, char in enumerate(self.text):
            if field == index:
                return offset + 1
            if char == '"':
                quoted = not quoted
            elif char == self.delimiter and not quoted:
                field += 1
        return len(self.text) + 1 if field == index else 1


def parse_csv_rows(shown: str, text: str, problems: list[Diagnostic]) -> list[CsvRow]:
    """The rows of one CSV file's text, each with its line; broken rows become problems."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return []
    except csv.Error as exc:
        problems.append(Diagnostic(shown, 1, 1, f"invalid CSV: {exc}"))
        return []
    required = ("journey", "stage", "kpi", "period", "value")
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"CSV header lacks column(s): {', '.join(missing)}",
                "the first line must be: journey,stage,kpi,period,value",
            )
        )
        return []
    rows: list[CsvRow] = []
    line = 1
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if any("\n" in v for v in values):
                raw_line = lines[start - 1] if start <= len(lines) else ""
                problems.append(
                    Diagnostic(
                        shown,
                        start,
                        raw_line.rfind('"') + 1 or 1,
                        "a quote opened on this line is not closed",
                        'close the quote with another " before the end of the line',
                    )
                )
                continue
            if len(values) != len(header):
                problems.append(
                    Diagnostic(
                        shown,
                        line,
                        1,
                        f"expected {len(header)} values, found {len(values)}",
                        'quote values that contain a comma, e.g. "Offerte, aangevraagd"',
                    )
                )
                continue
            # One string object per distinct value (journeys, stages, KPIs and periods repeat
            # on every row): a third less memory for the rows, and a smaller cache.
            row_values = {h: intern(v.strip()) for h, v in zip(header, values, strict=True)}
            raw_line = lines[line - 1] if line <= len(lines) else ""
            rows.append(CsvRow(shown, line, row_values, raw_line, delimiter))
    except csv.Error as exc:
        problems.append(Diagnostic(shown, line + 1, 1, f"invalid CSV: {exc}"))
    return rows
