"""One truth on every surface: every number the journey page, the overview card, the monthly
evaluation, `journey.json` and `kpis.csv` show for a journey agrees with the others.

The pages are read as a reader sees them (the numbers in the page's language, read back with
tests/shown.py); `journey.json` is the reference, and `kpis.csv` must hold the same values.
Run for the example project (content/) and for a seeded random corpus of small projects:
funnels that shrink, grow and skip stages, KPIs in both directions, with gaps, in % and EUR.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from shown import parse_shown

from journeygen.build import Project, build
from journeygen.core.i18n import format_period

ROOT = Path(__file__).resolve().parents[1]
Outputs = Mapping[str, bytes]


def built(root: Path) -> dict[str, bytes]:
    result = build(Project.find(root), write=False)
    assert not result.errors, result.errors
    return {o.path: o.read() for o in result.outputs}


def text(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def near(shown: str, value: float, language: str, decimals: int = 2) -> bool:
    """`shown` is `value` as rounded for display (to at most `decimals` decimals)."""
    return abs(parse_shown(shown, language) - value) <= 0.5 * 10**-decimals + 1e-9 * abs(value)


def percent_near(shown: str, rate: float, language: str) -> bool:
    """A percentage: whole numbers from 10 %, one decimal below."""
    return abs(parse_shown(shown, language) - rate * 100) <= 0.5 + 1e-9


def kpi_rows(page: str) -> dict[str, dict[str, str]]:
    """The KPI table of a journey page: anchor -> status, target, actual, change, tone, words."""
    rows = {}
    for match in re.finditer(
        r'<tr id="([^"]+)" class="jg-kpi-row jg-kpi-row--(\w+)">(.*?)</tr>', page, re.S
    ):
        anchor, status, body = match.groups()
        target = re.search(r'<td class="jg-num" data-label="[^"]*">(.*?)</td>', body, re.S)
        actual = re.search(r'jg-actual".*?<strong>(.*?)</strong>', body, re.S)
        change = re.search(
            r'<span class="jg-change jg-change--(\w+)">(.*?)<span class="jg-vh"> \((.*?)\)</span>',
            body,
            re.S,
        )
        assert target and actual, anchor
        rows[anchor] = {
            "status": status,
            "target": text(target.group(1)),
            "actual": text(actual.group(1)),
            "tone": change.group(1) if change else "",
            "change": text(change.group(2)) if change else "",
            "words": change.group(3) if change else "",
        }
    return rows


def evaluation_rows(page: str) -> dict[str, dict[str, str]]:
    """The monthly evaluation: "journey#anchor" -> value, change, tone, words, percent."""
    rows = {}
    for match in re.finditer(r'<tr class="jg-kpi-row--(\w+)">(.*?)</tr>', page, re.S):
        status, body = match.groups()
        link = re.search(r'href="[^"]*journeys/([^/]+)/index\.html#([^"]+)"', body)
        value = re.search(r"<strong>(.*?)</strong>", body, re.S)
        assert link and value
        change = re.search(
            r'jg-change--(\w+)"><span aria-hidden="true">(.) </span>(.*?)'
            r'<span class="jg-vh"> \((.*?)\)</span>',
            body,
            re.S,
        )
        percent = re.search(r'<span class="jg-eval__percent">(.*?)</span>', body)
        rows[f"{link.group(1)}#{link.group(2)}"] = {
            "status": status,
            "value": text(value.group(1)),
            "tone": change.group(1) if change else "",
            "arrow": change.group(2) if change else "",
            "change": text(change.group(3)) if change else "",
            "words": change.group(4) if change else "",
            "percent": percent.group(1) if percent else "",
        }
    return rows


def stage_heads(page: str) -> dict[str, dict[str, str]]:
    """The map's stage headers: stage id -> the volume and the conversion into it."""
    heads = {}
    for match in re.finditer(r'<th scope="col" id="stage-([^"]+)"(.*?)</th>', page, re.S):
        stage_id, body = match.groups()
        volume = re.search(r'jg-stage__volume">(.*?)</span>', body)
        rate = re.search(r'<span aria-hidden="true">([^<]*)</span>\s*<span class="jg-vh">', body)
        heads[stage_id] = {
            "volume": volume.group(1) if volume else "",
            "rate": rate.group(1) if rate else "",
            "bottleneck": "jg-conv--bottleneck" in body,
        }
    return heads


TONE = {"improving": "good", "worsening": "bad", "unchanged": "flat"}
WORDS = {
    "en": {"improving": "improving", "worsening": "worsening", "unchanged": "unchanged"},
    "nl": {"improving": "verbeterd", "worsening": "verslechterd", "unchanged": "onveranderd"},
}


def progress(delta: float, better: str) -> str:
    if delta == 0:
        return "unchanged"
    return "improving" if (delta > 0) == (better == "higher") else "worsening"


def csv_number(value: str) -> float | None:
    return float(value) if value else None


def assert_one_truth(files: Outputs) -> int:
    """Every number of every journey agrees across its surfaces; returns how many were
    compared (so that a test sees the check did something)."""
    compared = 0
    overview = files["index.html"].decode()
    evaluation_page = files.get("evaluation/index.html", b"").decode()
    evaluated = evaluation_rows(evaluation_page) if evaluation_page else {}
    for path in sorted(p for p in files if p.endswith("/journey.json")):
        data: dict[str, Any] = json.loads(files[path])
        language, jid = data["language"], data["id"]
        page = files[f"journeys/{jid}/index.html"].decode()
        rows = kpi_rows(page)
        table = {}
        if f"journeys/{jid}/kpis.csv" in files:
            reader = csv.DictReader(
                io.StringIO(files[f"journeys/{jid}/kpis.csv"].decode("utf-8-sig"))
            )
            table = {row["anchor"]: row for row in reader}
        for stage in data["stages"]:
            for kpi in stage["kpis"]:
                row, line = rows[kpi["anchor"]], table[kpi["anchor"]]
                assert row["status"] == kpi["status"] == line["status"], kpi["name"]
                assert csv_number(line["actual"]) == kpi["actual"]
                assert csv_number(line["target"]) == kpi["target"]
                assert line["trend"] == (kpi["trend"] or "") and line["better"] == kpi["better"]
                assert {
                    p: csv_number(v) for p, v in line.items() if re.match(r"\d{4}-", p) and v
                } == {m["period"]: m["value"] for m in kpi["series"]}
                if kpi["actual"] is None:
                    assert row["actual"] == "–"
                else:
                    assert near(row["actual"], kpi["actual"], language), (row, kpi)
                if kpi["target"] is None:
                    assert row["target"] == "–"
                else:
                    assert row["target"][0] == ("≥" if kpi["better"] == "higher" else "≤")
                    assert near(row["target"][2:], kpi["target"], language), (row, kpi)
                if kpi["previous"] is None:
                    assert row["change"] == ""
                else:
                    delta = kpi["actual"] - kpi["previous"]
                    moved = progress(delta, kpi["better"])
                    assert near(row["change"], delta, language), (row, kpi)
                    assert (row["tone"], row["words"]) == (TONE[moved], WORDS[language][moved])
                    assert kpi["progress"] == line["progress"] == moved
                    assert row["change"].endswith(format_period(kpi["previous_period"], language))
                    up = {"up": delta > 0, "down": delta < 0, "flat": delta == 0}
                    assert up[kpi["trend"]]
                    compared += 1
                seen = evaluated.get(f"{jid}#{kpi['anchor']}")
                if seen is not None:
                    assert seen["status"] == kpi["status"]
                    assert seen["value"] == row["actual"], (seen, row)
                    if kpi["previous"] is not None:
                        assert (seen["tone"], seen["words"]) == (row["tone"], row["words"])
                        assert near(seen["change"], delta, language), (seen, kpi)
                        arrow = "↑" if delta > 0 else "↓" if delta < 0 else "→"
                        assert seen["arrow"] == arrow
                        if kpi["previous"]:
                            assert percent_near(
                                seen["percent"], delta / abs(kpi["previous"]), language
                            )
                    else:
                        assert seen["change"] == ""
                compared += 1
        health = re.search(r'jg-health__text">(.*?)</span>', page)
        counts = data["kpi_health"]
        if health and counts["met"] + counts["missed"]:  # "3 of 12 KPIs on target · 9 off ..."
            said = html.unescape(health.group(1))
            numbers = [parse_shown(n, language) for n in re.findall(r"\d[\d.,]*", said)]
            assert numbers[:2] == [counts["met"], sum(counts.values())], said
            assert [n for n in (counts["missed"], counts["unknown"]) if n] == numbers[2:], said
        heads = stage_heads(page)
        for stage in data["stages"]:
            head = heads[stage["id"]]
            if stage["volume"] is None:
                assert head["volume"] == ""
            else:
                assert parse_shown(head["volume"], language) == stage["volume"]
        for conversion in data["conversions"]:
            head = heads[conversion["to"]]
            if conversion["rate"] > 1:
                assert head["rate"].startswith("+")
                assert percent_near(head["rate"], conversion["rate"] - 1, language)
            else:
                assert percent_near(head["rate"], conversion["rate"], language), (head, conversion)
            assert head["bottleneck"] == conversion["is_bottleneck"]
            compared += 1
        bottleneck = data["bottleneck"]
        box = re.search(r'jg-funnel-box__bottleneck">.*?<span>(.*?)</span>', page, re.S)
        if bottleneck is None:
            assert box is None
        else:
            assert box is not None
            said = html.unescape(box.group(1))
            names = {s["id"]: s["name"] for s in data["stages"]}
            assert f"{names[bottleneck['from']]} → {names[bottleneck['to']]} (" in said
            rate = re.search(r"\(([^ ]+)", said)
            assert rate and percent_near(rate.group(1), bottleneck["rate"], language)
            card = re.search(
                rf'href="journeys/{jid}/index\.html">.*?jg-jcard__bottleneck">.*?<span>(.*?)</span>',
                overview,
                re.S,
            )
            if card is not None and data["state"] == "current":
                assert html.unescape(card.group(1)) == said
            compared += 1
        overall = re.search(r'jg-funnel-box__overall"><strong>(.*?)</strong>', page)
        if data["overall_conversion"] is None:
            assert overall is None
        else:
            assert overall and percent_near(overall.group(1), data["overall_conversion"], language)
            compared += 1
    return compared


def test_the_example_says_one_thing_everywhere() -> None:
    assert assert_one_truth(built(ROOT)) > 40


# --- a random corpus ---------------------------------------------------------------------------

UNITS = ("", "%", "EUR", "uur", "bezoekers")


def random_project(root: Path, seed: int) -> None:
    """A small project: one or two journeys with a random funnel (some stages without volume,
    some that grow) and KPIs with monthly series (with gaps), in both directions."""
    rng = random.Random(seed)
    language = rng.choice(["en", "nl"])
    (root / "content/personas").mkdir(parents=True)
    (root / "content/journeys").mkdir()
    (root / "content/data").mkdir()
    (root / "journeygen.yml").write_text(f"title: Corpus {seed}\nlanguage: {language}\n")
    (root / "content/personas/eva.md").write_text("---\nname: Eva\n---\n")
    rows = ["journey,stage,kpi,period,value"]
    for j in range(rng.randint(1, 2)):
        lines = [f"title: Reis {j}", "persona: eva", "stages:"]
        volume = rng.randint(100, 100000)
        for s in range(rng.randint(2, 6)):
            lines += [f"  - id: s{s}", f"    name: Fase {s}"]
            if rng.random() < 0.75:
                volume = max(0, int(volume * rng.choice([0.05, 0.3, 0.5, 0.9, 1.0, 1.2])))
                lines.append(f"    volume: {volume}")
            lines.append("    kpis:")
            for k in range(rng.randint(0, 2)):
                unit = rng.choice(UNITS)
                better = rng.choice(["higher", "lower"])
                target = round(rng.uniform(0, 200), rng.choice([0, 1, 2]))
                lines.append(
                    f'      - {{name: K{s}{k}, measure: m, target: {target}, unit: "{unit}", '
                    f"better: {better}, owner: o}}"
                )
                months = sorted(rng.sample(range(1, 13), rng.randint(0, 6)))
                for month in months:
                    value = round(rng.uniform(0, 200), rng.choice([0, 1, 2, 3]))
                    rows.append(f"r{j},s{s},K{s}{k},2026-{month:02d},{value}")
        (root / f"content/journeys/r{j}.md").write_text("---\n" + "\n".join(lines) + "\n---\n")
    (root / "content/data/kpis.csv").write_text("\n".join(rows) + "\n")


@pytest.mark.parametrize("seed", range(8))
def test_a_random_project_says_one_thing_everywhere(tmp_path: Path, seed: int) -> None:
    random_project(tmp_path, seed)
    assert assert_one_truth(built(tmp_path)) > 0
