"""docs/worked-example.md as a golden test: each calculation in its table gives the result
written next to it, journeygen computes the same numbers (journey.json), and the pages show
them as the table says. The project is docs/worked-example/."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from journeygen.build import Project, build

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGE = DOCS / "worked-example.md"
ROW = re.compile(r"^\| (\d+) \| (.+?) \| `([^`]+)` \| (-?[\d.]+) \| `([^`]+)` \|$")


def table() -> list[tuple[int, str, str, float, str]]:
    rows = []
    for line in PAGE.read_text("utf-8").splitlines():
        if match := ROW.match(line):
            number, what, calculation, result, shown = match.groups()
            rows.append((int(number), what, calculation, float(result), shown))
    return rows


def visible(page: bytes) -> str:
    """A page's text as a reader sees it: charts and tags left out, spaces collapsed."""
    text = re.sub(r"<svg.*?</svg>", " ", page.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    result = build(Project.find(DOCS / "worked-example"), write=False)
    assert not result.errors and not result.warnings, result.diagnostics
    return {o.path: o.read() for o in result.outputs}


def test_the_table_has_every_row() -> None:
    assert [row[0] for row in table()] == list(range(1, 17))


@pytest.mark.parametrize("row", table(), ids=lambda row: str(row[0]))
def test_each_calculation_gives_its_result_and_the_page_shows_it(
    row: tuple[int, str, str, float, str], site: dict[str, bytes]
) -> None:
    _number, what, calculation, result, shown = row
    assert re.fullmatch(r"[\d\s.+\-*/(),min]+", calculation), calculation  # a calculator's
    assert eval(calculation, {"__builtins__": {}, "min": min}) == pytest.approx(result, abs=1e-4)
    pages = " ".join(
        visible(site[p]) for p in ("journeys/quotes/index.html", "evaluation/index.html")
    )
    assert re.sub(r"\s+", " ", shown) in pages, (what, shown)


def test_journeygen_computes_the_results_of_the_table(site: dict[str, bytes]) -> None:
    results = {row[0]: row[3] for row in table()}
    data = json.loads(site["journeys/quotes/journey.json"])
    rates = [c["rate"] for c in data["conversions"]]
    assert rates == [results[1], results[2], results[3]]
    assert data["bottleneck"] == {"from": "awareness", "to": "request", "rate": results[4]}
    assert data["overall_conversion"] == results[5] == pytest.approx(results[6])
    kpis = {k["name"]: k for s in data["stages"] for k in s["kpis"]}
    requests, reply, conversion = (
        kpis[n] for n in ("Quote requests", "Reply time", "Quote conversion")
    )
    assert (requests["actual"], requests["status"]) == (results[7], "missed")
    assert requests["actual"] - requests["target"] == results[8]
    assert requests["actual"] - requests["previous"] == results[9]
    assert (reply["actual"] - reply["previous"], reply["status"]) == (results[11], "met")
    assert reply["actual"] - reply["target"] == results[13]
    assert conversion["actual"] - conversion["previous"] == results[14]
    assert data["kpi_health"] == {"met": results[16], "missed": 2, "unknown": 0}
    evaluation = visible(site["evaluation/index.html"])
    order = [
        evaluation.index(f" {name} ")
        for name in ("Quote requests", "Quote conversion", "Reply time")
    ]
    assert order == sorted(order)  # worsening first, then off target, then on target
