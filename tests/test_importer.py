"""journeygen import mermaid: sections, tasks, actors and scores become a journey."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.build import Project, load
from journeygen.cli import main
from journeygen.scaffold.importer import emotion, parse_mermaid_journey

DIAGRAM = """\
---
title: ignored when the diagram has a title line
---
journey
    %% a comment
    accTitle: Eva's dag
    title Offerte aanvragen#58; Eva's dag
    section Zoeken
      Googelt "kantoorschoonmaak": 2: Eva, Tom
      Leest reviews: 4: Eva
    section Aanvragen
      Vult formulier in: 1: Eva
      Belt Glans: 5: Tom
"""


def test_parse_reads_title_sections_tasks_actors_and_escapes() -> None:
    journey, problems = parse_mermaid_journey(DIAGRAM, "day.mmd")
    assert problems == [] and journey is not None
    assert journey.title == "Offerte aanvragen: Eva's dag"
    assert [s.name for s in journey.sections] == ["Zoeken", "Aanvragen"]
    assert [(t.name, t.score, t.actors) for t in journey.sections[0].tasks] == [
        ('Googelt "kantoorschoonmaak"', 2, ["Eva", "Tom"]),
        ("Leest reviews", 4, ["Eva"]),
    ]
    assert journey.actors == ["Eva", "Tom"]


@pytest.mark.parametrize(("scores", "expected"), [([1], -2), ([5], 2), ([3], 0), ([2, 4, 5], 0.7)])
def test_scores_1_to_5_become_emotions(scores: list[int], expected: float) -> None:
    assert emotion(scores) == expected


def test_bad_lines_are_diagnostics_with_their_line() -> None:
    journey, problems = parse_mermaid_journey(
        "journey\n  section A\n  Bellen: hoog: Eva\n", "x.mmd"
    )
    assert journey is None
    assert [(d.line, d.col, d.message) for d in problems] == [(3, 11, "score 'hoog' is not 1 to 5")]
    _, problems = parse_mermaid_journey("flowchart LR\n  a --> b\n", "x.mmd")
    assert problems[0].message == "expected 'journey', found 'flowchart LR'"


def test_import_writes_a_journey_that_builds_with_one_curve_per_persona(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({})
    (root / "day.mmd").write_text(DIAGRAM)
    monkeypatch.chdir(root)
    assert main(["import", "mermaid", "day.mmd"]) == 0
    assert (root / "content/personas/tom.md").is_file()  # a new actor
    assert "Eva de Vries" in (root / "content/personas/eva.md").read_text()  # kept as it was
    _sources, site, diagnostics = load(Project.find(root))
    assert site is not None, [d for d in diagnostics if d.is_error]
    journey = site.journey("offerte-aanvragen-eva-s-dag")
    assert journey.personas == ("eva", "tom")
    zoeken, aanvragen = journey.stages
    assert [(tp.name, tp.emotions) for tp in zoeken.touchpoints] == [
        ('Googelt "kantoorschoonmaak"', {"eva": -1.0, "tom": -1.0}),
        ("Leest reviews", {"eva": 1.0}),
    ]
    assert zoeken.emotions == {"eva": 0.0, "tom": -1.0} and zoeken.emotion == -0.5
    assert aanvragen.emotions == {"eva": -2.0, "tom": 2.0}
    # Never overwrites: a second import of the same diagram is refused.
    assert main(["import", "mermaid", "day.mmd"]) == 1


def test_emotion_per_persona_must_name_a_persona_of_the_journey(make_project: MakeProject) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text().replace("emotion: -1", "emotion: {eva: -1, tom: 1}"))
    _sources, site, diagnostics = load(Project.find(root))
    assert site is None
    (problem,) = [d for d in diagnostics if d.is_error]
    assert (problem.line, problem.message) == (
        7,
        "emotion for 'tom', who is not a persona of this journey",
    )
    assert problem.hint == "known personas of this journey: eva"


def test_emotion_per_persona_out_of_range_is_one_error(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text().replace("emotion: -1", "emotion: {eva: 3}"))
    errors = [d for d in load(Project.find(root))[2] if d.is_error]
    assert [e.message for e in errors] == [
        "the emotion for 'eva' must be between -2 and 2, found 3"
    ]


# Mermaid's own documented examples: docs/syntax/userJourney.md, and the demo (demos/journey.html)
# with front matter and accessibility lines.
MY_WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""
MY_WORKING_DAY_DEMO = """\
---
title: My working day
---
journey
  accTitle: Very simple journey demo
  accDescr: 2 main sections: work and home, each with just a few tasks

  section Go to work
    Make tea: 5: Me
    Go upstairs: 3: Me
    Do work: 1: Me, Cat
  section Go home
    Go downstairs: 5: Me
    Sit down: 3: Me
"""


def _imported(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, diagram: str):  # type: ignore[no-untyped-def]
    root = make_project({})
    (root / "day.mmd").write_text(diagram)
    monkeypatch.chdir(root)
    assert main(["import", "mermaid", "day.mmd"]) == 0
    _sources, site, diagnostics = load(Project.find(root))
    assert site is not None, [d for d in diagnostics if d.is_error]
    return site.journey("my-working-day")


def test_my_working_day_keeps_each_actor_s_score_per_task(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = _imported(make_project, monkeypatch, MY_WORKING_DAY)
    assert journey.personas == ("me", "cat")
    work, home = journey.stages
    # Each task is a touchpoint with the score of each actor it names (1..5 -> -2..2).
    assert [(tp.name, tp.emotions) for tp in work.touchpoints] == [
        ("Make tea", {"me": 2.0}),
        ("Go upstairs", {"me": 0.0}),
        ("Do work", {"me": -2.0, "cat": -2.0}),
    ]
    assert [(tp.name, tp.emotions) for tp in home.touchpoints] == [
        ("Go downstairs", {"me": 2.0}),
        ("Sit down", {"me": 2.0}),
    ]
    # A stage's emotion is per actor, over that actor's tasks, for the actors named in it:
    # Cat was not at "Go home", so Cat has no emotion there.
    assert work.emotions == {"me": 0.0, "cat": -2.0}
    assert home.emotions == {"me": 2.0}


def test_my_working_day_demo_with_front_matter_and_one_actor_per_section(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = _imported(make_project, monkeypatch, MY_WORKING_DAY_DEMO)
    work, home = journey.stages
    assert journey.title == "My working day"
    assert work.emotions == {"me": 0.0, "cat": -2.0}
    assert [tp.emotions for tp in home.touchpoints] == [{"me": 2.0}, {"me": 0.0}]
    assert home.emotions == {"me": 1.0}


def test_the_same_task_in_two_sections_gets_two_ids(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    diagram = "journey\n  title My working day\n  section A\n    Mail: 5: Me\n"
    diagram += "  section B\n    Mail: 1: Me\n"
    journey = _imported(make_project, monkeypatch, diagram)
    assert [tp.id for s in journey.stages for tp in s.touchpoints] == ["mail", "mail-2"]


def test_a_journey_with_one_actor_has_single_emotions(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    diagram = "journey\n  title My working day\n  section A\n    Make tea: 5: Me\n    Work: 2: Me\n"
    journey = _imported(make_project, monkeypatch, diagram)
    (stage,) = journey.stages
    assert [(tp.emotion, tp.emotions) for tp in stage.touchpoints] == [(2.0, {}), (-1.0, {})]
    assert (stage.emotion, stage.emotions) == (0.5, {})


def test_a_score_out_of_range_is_refused_at_its_line(
    make_project: MakeProject,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_project({})
    (root / "day.mmd").write_text(MY_WORKING_DAY.replace("Go upstairs: 3", "Go upstairs: 7"))
    monkeypatch.chdir(root)
    assert main(["import", "mermaid", "day.mmd"]) == 1
    assert capsys.readouterr().err == (
        "day.mmd:5:20: error: score '7' is not 1 to 5\n"
        "    hint: a task line is 'Task name: 3: Actor, Actor'; Mermaid scores run from 1 "
        "(very unhappy) to 5 (very happy)\n"
        "journeygen: import failed; nothing was written\n"
    )
    assert not (root / "content/journeys/my-working-day.md").exists()
