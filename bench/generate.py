"""Synthetic journeygen projects of any size, and the same pages as a MkDocs project.

Deterministic: the same `n` and `seed` give byte-identical files. Each journey has the
six AAARRR stages, four touchpoints and one KPI per stage, `next` links through all its
touchpoints (and one loop back from referral to awareness), a funnel (`volume` per
stage) and about 300 words of Markdown body. There is one persona per ten journeys, a
shared touchpoint library that one touchpoint in four uses (`ref:`), and a KPI CSV with
one row per KPI per month.

The MkDocs project holds the same text: per journey one Markdown page with its stages,
the KPI table as a Markdown table and the flow as a ```mermaid block; per persona one page.

    python bench/generate.py 1000 /tmp/jg-1000            # journeygen project
    python bench/generate.py 1000 /tmp/jg-1000 --mkdocs   # and /tmp/jg-1000/mkdocs/
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20261122
STAGES = ("awareness", "acquisition", "activation", "revenue", "retention", "referral")
STAGE_NAMES = ("Awareness", "Acquisition", "Activation", "Revenue", "Retention", "Referral")
TOUCHPOINTS_PER_STAGE = 4
MONTHS = 12  # KPI rows per KPI: 2026-01 .. 2026-12
BODY_WORDS = 300
CHANNELS = (
    "website",
    "search",
    "ads",
    "social",
    "email",
    "phone",
    "chat",
    "events",
    "print",
    "store",
    "app",
    "review",
    "video",
    "partner",
)
OWNERS = ("marketing", "sales", "support", "product", "finance", "operations")
LIBRARY = (
    ("pricing-page", "Pricing page", "website"),
    ("signup-form", "Sign-up form", "website"),
    ("welcome-email", "Welcome email", "email"),
    ("help-centre", "Help centre", "website"),
    ("support-chat", "Support chat", "chat"),
    ("invoice", "Monthly invoice", "email"),
    ("review-site", "Review site", "review"),
    ("newsletter", "Newsletter", "email"),
)
_WORD_TEXT = """
customer team onboarding trial invoice account value pricing contract support dashboard
report meeting partner quote demo feature renewal feedback survey cleaning office facility
manager budget schedule quality response promise friction moment trust signal choice delay
handover journey channel owner measure target result week month quarter checklist colleague
expectation conversation reminder problem answer experience follow-up referral review
"""
_FILLER_TEXT = "the a of to and in for with on that this we they our their it is was"
WORDS = tuple(_WORD_TEXT.split())
FILLER = tuple(_FILLER_TEXT.split())


@dataclass(frozen=True)
class Touchpoint:
    id: str
    name: str
    channel: str
    owner: str
    emotion: int
    ref: str | None  # a library id, or None for an inline touchpoint
    next: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    description: str
    actions: tuple[str, ...]
    pains: tuple[str, ...]
    opportunities: tuple[str, ...]
    emotion: int
    volume: int
    kpi: str
    kpi_measure: str
    kpi_target: int
    kpi_owner: str
    touchpoints: tuple[Touchpoint, ...]


@dataclass(frozen=True)
class Journey:
    id: str
    title: str
    persona: str
    goal: str
    stages: tuple[Stage, ...]
    body: str
    series: tuple[tuple[str, str, tuple[int, ...]], ...]  # (stage id, KPI name, 12 values)


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    role: str
    goals: tuple[str, ...]
    body: str


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) if i % 3 else rng.choice(FILLER) for i in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    parts, left = [], words
    while left > 0:
        size = min(left, rng.randint(9, 16))
        parts.append(_sentence(rng, size))
        left -= size
    return " ".join(parts)


def markdown_body(rng: random.Random, words: int = BODY_WORDS) -> str:
    """About `words` words: a heading, three paragraphs, a list and a closing paragraph."""
    items = [_sentence(rng, 8) for _ in range(5)]  # 40 words
    per_paragraph = (words - 40 - 2) // 4
    return "\n\n".join(
        [
            "## Context",
            _paragraph(rng, per_paragraph),
            _paragraph(rng, per_paragraph),
            "## What we learned",
            "\n".join(f"- {item}" for item in items),
            _paragraph(rng, per_paragraph) + " **Next:** " + _sentence(rng, 6),
            _paragraph(rng, per_paragraph),
        ]
    )


def make_journey(index: int, persona_count: int, rng: random.Random) -> Journey:
    journey_id = f"journey-{index:05d}"
    # Plan the ids first: the first touchpoint of a stage is a shared one (`ref`) one time
    # in four, never the same one twice in a journey; the others are the journey's own.
    plan: list[list[tuple[str, str | None]]] = []  # per stage: (id, library ref or None)
    used: set[str] = set()
    for s in range(len(STAGES)):
        row: list[tuple[str, str | None]] = []
        for t in range(TOUCHPOINTS_PER_STAGE):
            ref = rng.choice(LIBRARY)[0] if t == 0 and rng.random() < 0.25 else None
            if ref is not None and ref not in used:
                used.add(ref)
                row.append((ref, ref))
            else:
                row.append((f"tp-{s}-{t}", None))
        plan.append(row)
    flat = [tp_id for row in plan for tp_id, _ref in row]
    library = {tp_id: (name, channel) for tp_id, name, channel in LIBRARY}
    stages: list[Stage] = []
    volume = rng.randint(8000, 20000)
    for s, (stage_id, stage_name) in enumerate(zip(STAGES, STAGE_NAMES, strict=True)):
        touchpoints = []
        for t, (tp_id, ref) in enumerate(plan[s]):
            position = s * TOUCHPOINTS_PER_STAGE + t
            following = flat[position + 1] if position + 1 < len(flat) else flat[0]  # a loop
            if ref is not None:
                name, channel = library[ref]
            else:
                name, channel = _sentence(rng, 3).rstrip("."), rng.choice(CHANNELS)
            touchpoints.append(
                Touchpoint(
                    id=tp_id,
                    name=name,
                    channel=channel,
                    owner=rng.choice(OWNERS),
                    emotion=rng.randint(-2, 2),
                    ref=ref,
                    next=(following,),
                )
            )
        stages.append(
            Stage(
                id=stage_id,
                name=stage_name,
                description=_sentence(rng, 12),
                actions=(_sentence(rng, 6), _sentence(rng, 5)),
                pains=(_sentence(rng, 7),),
                opportunities=(_sentence(rng, 8),),
                emotion=rng.randint(-2, 2),
                volume=volume,
                kpi=f"{stage_name} rate",
                kpi_measure=_sentence(rng, 6),
                kpi_target=rng.randint(20, 90),
                kpi_owner=rng.choice(OWNERS),
                touchpoints=tuple(touchpoints),
            )
        )
        volume = max(1, int(volume * rng.uniform(0.3, 0.9)))
    series = tuple(
        (
            stage.id,
            stage.kpi,
            tuple(max(0, stage.kpi_target + rng.randint(-25, 15)) for _ in range(MONTHS)),
        )
        for stage in stages
    )
    return Journey(
        id=journey_id,
        title=f"Journey {index}: " + _sentence(rng, 5).rstrip("."),
        persona=f"persona-{index % persona_count:04d}",
        goal=_sentence(rng, 10),
        stages=tuple(stages),
        body=markdown_body(rng),
        series=series,
    )


def make_persona(index: int, rng: random.Random) -> Persona:
    return Persona(
        id=f"persona-{index:04d}",
        name=f"Persona {index} " + rng.choice(WORDS).capitalize(),
        role=_sentence(rng, 5).rstrip("."),
        goals=(_sentence(rng, 6), _sentence(rng, 5)),
        body=_paragraph(rng, 80),
    )


def make_corpus(n: int, seed: int = SEED) -> tuple[list[Persona], list[Journey]]:
    rng = random.Random(f"{seed}:{n}")
    persona_count = max(1, n // 10)
    personas = [make_persona(i, rng) for i in range(persona_count)]
    journeys = [make_journey(i, persona_count, rng) for i in range(n)]
    return personas, journeys


# --- journeygen format ----------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML scalar: JSON strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def journey_file(journey: Journey) -> str:
    lines = [
        "---",
        f"title: {_q(journey.title)}",
        f"persona: {journey.persona}",
        "framework: aaarrr",
        f"goal: {_q(journey.goal)}",
        "stages:",
    ]
    for stage in journey.stages:
        lines += [
            f"  - id: {stage.id}",
            f"    description: {_q(stage.description)}",
            f"    actions: [{', '.join(_q(a) for a in stage.actions)}]",
            f"    pains: [{', '.join(_q(p) for p in stage.pains)}]",
            f"    opportunities: [{', '.join(_q(o) for o in stage.opportunities)}]",
            f"    emotion: {stage.emotion}",
            f"    volume: {stage.volume}",
            "    kpis:",
            f"      - name: {_q(stage.kpi)}",
            f"        measure: {_q(stage.kpi_measure)}",
            f"        target: {stage.kpi_target}",
            '        unit: "%"',
            f"        owner: {stage.kpi_owner}",
            "    touchpoints:",
        ]
        for tp in stage.touchpoints:
            head = f"ref: {tp.ref}" if tp.ref else f"id: {tp.id}"
            lines.append(f"      - {head}")
            if not tp.ref:
                lines += [f"        name: {_q(tp.name)}", f"        channel: {tp.channel}"]
            lines += [
                f"        owner: {tp.owner}",
                f"        emotion: {tp.emotion}",
                f"        next: [{', '.join(tp.next)}]",
            ]
    lines += ["---", journey.body, ""]
    return "\n".join(lines)


def persona_file(persona: Persona) -> str:
    return "\n".join(
        [
            "---",
            f"name: {_q(persona.name)}",
            f"role: {_q(persona.role)}",
            f"goals: [{', '.join(_q(g) for g in persona.goals)}]",
            "---",
            persona.body,
            "",
        ]
    )


def library_file() -> str:
    lines = []
    for tp_id, name, channel in LIBRARY:
        lines += [f"{tp_id}:", f"  name: {_q(name)}", f"  channel: {channel}"]
    return "\n".join(lines) + "\n"


def kpi_csv(journeys: list[Journey]) -> str:
    rows = ["journey,stage,kpi,period,value"]
    for journey in journeys:
        for stage_id, kpi, values in journey.series:
            rows += [
                f"{journey.id},{stage_id},{kpi},2026-{month:02d},{value}"
                for month, value in enumerate(values, 1)
            ]
    return "\n".join(rows) + "\n"


def write_project(root: Path, n: int, seed: int = SEED) -> tuple[list[Persona], list[Journey]]:
    """A journeygen project with `n` journeys in `root` (created; must not hold one yet)."""
    personas, journeys = make_corpus(n, seed)
    content = root / "content"
    for folder in ("personas", "journeys", "data"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (root / "journeygen.yml").write_text(
        f"title: Benchmark, {n} journeys\nlanguage: en\nmermaid: local\n", "utf-8"
    )
    (content / "touchpoints.yml").write_text(library_file(), "utf-8")
    for persona in personas:
        (content / "personas" / f"{persona.id}.md").write_text(persona_file(persona), "utf-8")
    for journey in journeys:
        (content / "journeys" / f"{journey.id}.md").write_text(journey_file(journey), "utf-8")
    # One CSV per CSV_JOURNEYS journeys: journeygen refuses a file over 20 MB (10,000 journeys
    # make 34 MB); up to CSV_JOURNEYS the project is one kpis.csv, as before.
    for start in range(0, len(journeys), CSV_JOURNEYS):
        name = "kpis.csv" if start == 0 else f"kpis-{start // CSV_JOURNEYS + 1}.csv"
        part = kpi_csv(journeys[start : start + CSV_JOURNEYS])
        (content / "data" / name).write_text(part, "utf-8")
    return personas, journeys


CSV_JOURNEYS = 2000  # ~6.8 MB of KPI rows per CSV file


# --- the same pages for MkDocs --------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def journey_markdown(journey: Journey, personas: dict[str, Persona]) -> str:
    """The journey's text as one Markdown page: stages, KPI table, flow, body."""
    persona = personas[journey.persona]
    out = [
        f"# {journey.title}",
        "",
        f"Persona: [{persona.name}](../personas/{persona.id}.md) · Framework: AAARRR",
        "",
        f"**Goal:** {journey.goal}",
        "",
        "## Journey map",
        "",
    ]
    for stage in journey.stages:
        out += [
            f"### {stage.name}",
            "",
            stage.description,
            "",
            f"Emotion: {stage.emotion} · Volume: {stage.volume}",
            "",
            "**Actions**",
            "",
            *(f"- {a}" for a in stage.actions),
            "",
            "**Pains**",
            "",
            *(f"- {p}" for p in stage.pains),
            "",
            "**Opportunities**",
            "",
            *(f"- {o}" for o in stage.opportunities),
            "",
            "**Touchpoints**",
            "",
        ]
        for tp in stage.touchpoints:
            out.append(f"- {tp.name} ({tp.channel}, {tp.owner}, emotion {tp.emotion})")
        out.append("")
    out += ["## KPIs", "", "| Stage | KPI | Measure | Owner | Target | Actual |"]
    out.append("| --- | --- | --- | --- | --- | --- |")
    for stage, (_sid, _kpi, values) in zip(journey.stages, journey.series, strict=True):
        out.append(
            f"| {stage.name} | {_cell(stage.kpi)} | {_cell(stage.kpi_measure)} | {stage.kpi_owner} "
            f"| {stage.kpi_target}% | {values[-1]}% |"
        )
    out += ["", "## Flow", "", "```mermaid", "flowchart LR"]
    for stage in journey.stages:
        out.append(f'  subgraph {stage.id}["{stage.name}"]')
        for tp in stage.touchpoints:
            out.append(f'    {tp.id.replace("-", "_")}["{tp.name}"]')
        out.append("  end")
    for stage in journey.stages:
        for tp in stage.touchpoints:
            for target in tp.next:
                out.append(f"  {tp.id.replace('-', '_')} --> {target.replace('-', '_')}")
    out += ["```", "", journey.body, ""]
    return "\n".join(out)


def persona_markdown(persona: Persona, journeys: list[Journey]) -> str:
    out = [f"# {persona.name}", "", f"*{persona.role}*", "", "## Goals", ""]
    out += [f"- {goal}" for goal in persona.goals]
    out += ["", persona.body, "", "## Journeys", ""]
    out += [f"- [{j.title}](../journeys/{j.id}.md)" for j in journeys]
    return "\n".join(out) + "\n"


def write_mkdocs_project(
    root: Path, personas: list[Persona], journeys: list[Journey], title: str
) -> None:
    """`root/mkdocs.yml` and `root/docs/`: the same pages, built-in theme, no plugins.

    The navigation holds the home page only (journeygen's navigation does not list every
    journey either); every page is still built. No search plugin: journeygen makes no index.
    """
    docs = root / "docs"
    for folder in ("journeys", "personas"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: {_q(title)}\ntheme:\n  name: mkdocs\nplugins: []\nnav:\n  - Home: index.md\n",
        "utf-8",
    )
    by_id = {p.id: p for p in personas}
    of_persona: dict[str, list[Journey]] = {p.id: [] for p in personas}
    for journey in journeys:
        of_persona[journey.persona].append(journey)
        (docs / "journeys" / f"{journey.id}.md").write_text(
            journey_markdown(journey, by_id), "utf-8"
        )
    for persona in personas:
        (docs / "personas" / f"{persona.id}.md").write_text(
            persona_markdown(persona, of_persona[persona.id]), "utf-8"
        )
    index = [f"# {title}", "", "| Journey | Persona |", "| --- | --- |"]
    index += [
        f"| [{j.title}](journeys/{j.id}.md) | [{by_id[j.persona].name}](personas/{j.persona}.md) |"
        for j in journeys
    ]
    (docs / "index.md").write_text("\n".join(index) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of journeys")
    parser.add_argument("directory", type=Path, help="project folder to create")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--mkdocs", action="store_true", help="also write DIRECTORY/mkdocs/")
    args = parser.parse_args()
    if args.directory.exists() and any(args.directory.iterdir()):
        parser.error(f"{args.directory} is not empty")
    personas, journeys = write_project(args.directory, args.n, args.seed)
    if args.mkdocs:
        title = f"Benchmark, {args.n} journeys"
        write_mkdocs_project(args.directory / "mkdocs", personas, journeys, title)
    print(f"{args.n} journeys, {len(personas)} personas in {args.directory}")


if __name__ == "__main__":
    main()
