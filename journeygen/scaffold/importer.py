"""`journeygen import mermaid FILE`: a Mermaid `journey` diagram becomes a journey file.

Sections become stages, actors become personas, and each task becomes a touchpoint with
the score of every actor it names (1..5 become emotions -2..2): nothing Mermaid says is
averaged away. A touchpoint is what journeygen has that holds an emotion per step, and it
draws one on the map's emotion curve; a stage's emotion is, per actor named in the
section, the mean of that actor's tasks. With one actor in the whole diagram the emotions
are single numbers. What Mermaid cannot say (channels, KPIs, volumes) is left for the user.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from journeygen.core.diagnostics import Diagnostic
from journeygen.sources.project_files import slugify
from journeygen.validate.journeys import touchpoint_id

_ENTITY = re.compile(r"#(\d+|[a-z]+);")
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "nbsp": " "}


def _decode(text: str) -> str:
    """Mermaid's `#58;` and `#quot;` escapes back to characters."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            return chr(int(code))
        return _NAMED.get(code, html.unescape(f"&{code};"))

    return _ENTITY.sub(one, text).strip()


@dataclass
class Task:
    name: str
    score: int
    actors: list[str]


@dataclass
class Section:
    name: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class MermaidJourney:
    title: str = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def actors(self) -> list[str]:
        seen: dict[str, None] = {}
        for section in self.sections:
            for task in section.tasks:
                seen.update(dict.fromkeys(task.actors))
        return list(seen)


def parse_mermaid_journey(text: str, path: str) -> tuple[MermaidJourney | None, list[Diagnostic]]:
    """Read the `journey` syntax; every line that is not understood is a diagnostic."""
    problems: list[Diagnostic] = []
    journey = MermaidJourney()
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter: `title: ...`
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            if isinstance(meta, dict) and meta.get("title"):
                journey.title = str(meta["title"])
            start = end + 1
    seen_header = False
    for number, raw in enumerate(lines[start:], start=start + 1):
        line = raw.strip()
        if not line or line.startswith("%%") or line.startswith(("accTitle", "accDescr")):
            continue
        if not seen_header:
            if line != "journey":
                problems.append(
                    Diagnostic(
                        path,
                        number,
                        1,
                        f"expected 'journey', found '{line[:40]}'",
                        "this command reads Mermaid journey diagrams only",
                    )
                )
                return None, problems
            seen_header = True
            continue
        if line.startswith("title "):
            journey.title = _decode(line[6:])
        elif line.startswith("section "):
            journey.sections.append(Section(_decode(line[8:])))
        elif ":" in line:
            task = _task(raw, path, number, problems)
            if task is None:
                continue
            if not journey.sections:
                journey.sections.append(Section("Stage 1"))
            journey.sections[-1].tasks.append(task)
        else:
            col = len(raw) - len(raw.lstrip()) + 1
            problems.append(
                Diagnostic(
                    path,
                    number,
                    col,
                    f"cannot read '{line[:40]}'",
                    "a task line is 'Task name: 3: Actor, Actor'",
                )
            )
    if not seen_header:
        problems.append(Diagnostic(path, 1, 1, "the file is empty", "paste a Mermaid journey"))
        return None, problems
    if not journey.sections:
        problems.append(Diagnostic(path, 1, 1, "the journey has no sections or tasks"))
    return (None if problems else journey), problems


def _task(raw: str, path: str, number: int, problems: list[Diagnostic]) -> Task | None:
    name, _, rest = raw.partition(":")
    score_text, _, actors = rest.partition(":")
    try:
        score = int(score_text.strip())
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        col = len(name) + 1 + (len(score_text) - len(score_text.lstrip())) + 1
        problems.append(
            Diagnostic(
                path,
                number,
                col,
                f"score '{score_text.strip()}' is not 1 to 5",
                "a task line is 'Task name: 3: Actor, Actor'; Mermaid scores run from 1 "
                "(very unhappy) to 5 (very happy)",
            )
        )
        return None
    names = [_decode(a) for a in actors.split(",") if a.strip()]
    return Task(_decode(name.strip()), score, names)


def emotion(scores: list[int]) -> float:
    """Mermaid 1..5 -> journeygen -2..2 (3 is neutral), averaged, one decimal."""
    return round(sum(s - 3 for s in scores) / len(scores), 1)


def journey_document(journey: MermaidJourney, persona_ids: dict[str, str]) -> str:
    """The journey as a journeygen Markdown file with front matter."""
    several = len(journey.actors) > 1  # then every emotion is per persona
    stages = []
    used: set[str] = set()
    touchpoint_ids: set[str] = set()
    for section in journey.sections:
        stage_id = slugify(section.name)
        while stage_id in used:
            stage_id += "-2"
        used.add(stage_id)
        stage: dict[str, object] = {"id": stage_id, "name": section.name}
        if section.tasks:
            by_actor: dict[str, list[int]] = {}
            touchpoints = []
            for task in section.tasks:
                for actor in task.actors:
                    by_actor.setdefault(persona_ids[actor], []).append(task.score)
                touchpoint: dict[str, object] = {"name": task.name}
                tp_id = derived = touchpoint_id(task.name)
                while tp_id in touchpoint_ids:
                    tp_id += "-2"
                touchpoint_ids.add(tp_id)
                if tp_id != derived:  # the same task in two sections: ids must differ
                    touchpoint = {"id": tp_id, **touchpoint}
                scores = {persona_ids[actor]: emotion([task.score]) for actor in task.actors}
                if several and scores:
                    touchpoint["emotion"] = scores
                elif not several:
                    touchpoint["emotion"] = emotion([task.score])
                touchpoints.append(touchpoint)
            if several and by_actor:
                stage["emotion"] = {pid: emotion(scores) for pid, scores in by_actor.items()}
            elif not several:
                stage["emotion"] = emotion([task.score for task in section.tasks])
            stage["touchpoints"] = touchpoints
        stages.append(stage)
    front: dict[str, object] = {"title": journey.title or "Imported journey"}
    ids = [persona_ids[a] for a in journey.actors]
    if len(ids) == 1:
        front["persona"] = ids[0]
    elif ids:
        front["personas"] = ids
    front["stages"] = stages
    body = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    note = (
        "Imported from a Mermaid journey diagram: each task is a touchpoint with the score "
        "of each actor it names. Add actions, channels, KPIs and volumes per stage to see "
        "the whole map, the funnel and the KPI table.\n"
    )
    return f"---\n{body}---\n{note}"


def plan_import(
    text: str, shown: str, content_dir: Path, out: Path | None = None
) -> tuple[dict[Path, str], list[Diagnostic]]:
    """The files an import writes (the journey, a persona per new actor), or diagnostics.

    Nothing is overwritten: an existing journey file is a diagnostic, and an actor whose
    persona file exists already is linked to it as it is.
    """
    journey, problems = parse_mermaid_journey(text, shown)
    if journey is None:
        return {}, problems
    files: dict[Path, str] = {}
    persona_ids: dict[str, str] = {}
    for actor in journey.actors:
        persona_id = slugify(actor)
        persona_ids[actor] = persona_id
        existing = [content_dir / "personas" / f"{persona_id}{ext}" for ext in (".md", ".yml")]
        if not any(path.exists() for path in existing):
            front = yaml.safe_dump({"name": actor}, allow_unicode=True, sort_keys=False)
            files[existing[0]] = f"---\n{front}---\nImported from a Mermaid journey.\n"
    target = out or content_dir / "journeys" / f"{slugify(journey.title or 'imported')}.md"
    if target.exists():
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"{target} exists already",
                "choose another file with --out, or remove the existing one",
            )
        )
        return {}, problems
    files[target] = journey_document(journey, persona_ids)
    return files, problems
