"""Mermaid text from journeygen.render.diagrams: golden output, escaping, ids, determinism."""

from __future__ import annotations

import itertools
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from journeygen.model.site import FlowEdge, Journey, Note, Persona, Stage, Touchpoint
from journeygen.render import diagrams
from journeygen.render.diagrams import flowchart, journey_diagram

ROOT = Path(__file__).resolve().parents[1]

# Texts that mermaid-py passes through unescaped and Mermaid then misreads (research §1.5).
NASTY_TEXTS = (
    'Klant zegt "nee"',
    "Punt #35; en #quot;",
    "<b>vet</b> & <i>schuin</i>",
    "<script>alert(1)</script>x",
    "`**vet**`",
    "regel1\nregel2",
    "Overweging – afweging (Oriëntatie, café) → 🚀 客户",
    "A --> B",
    "end",
    "[ ] ( ) { } | ; 'x'",
    "Reis #1 [concept]",
    "Reis: Anna",
    "50% korting %% geen commentaar",
    "&amp; &lt; letterlijk",
    "Stap 1: bellen",
    "Bellen #2; mailen",
    "Jansen, P.",
    "Rol: klant",
    "Title page",
    "section A",
    "journey",
    "5% korting",
    "accTitle: x",
    "classDef x fill:#f00",
    "%%{init: {}}%%",
    "---",
)
# Touchpoint ids that are Mermaid keywords or collide once mermaid-py snake-cases them.
NASTY_IDS = (
    "end", "graph", "subgraph", "class", "style", "A B", "a_b", "A-->B", "default",
    "click", "o.k.", "x-ray", "1stap", "flowchart",
)  # fmt: skip
NASTY_TITLE = 'Reis: Anna #1 "concept" <script>x</script> & co'
NASTY_PERSONAS = {"jansen": "Jansen, P.", "rol": "Rol: klant", "quote": 'Eva "de" #1; 50%'}


def adversarial_journey() -> Journey:
    """Every nasty text as stage name, touchpoint name and channel; nasty ids; one loop."""
    ids = [*NASTY_IDS, *(f"tp-{i}" for i in range(len(NASTY_TEXTS) - len(NASTY_IDS)))]
    stages = []
    for number in range(0, len(NASTY_TEXTS), 4):
        stage_id = f"s{number}"
        touchpoints = tuple(
            Touchpoint(
                id=ids[i],
                name=NASTY_TEXTS[i],
                stage_id=stage_id,
                channel=NASTY_TEXTS[-1 - i],
                offline=i % 3 == 0,
                emotion=(i % 5) - 2 if i % 2 else None,
            )
            for i in range(number, min(number + 4, len(NASTY_TEXTS)))
        )
        stages.append(
            Stage(
                id=stage_id,
                name=NASTY_TEXTS[number // 4],
                index=len(stages),
                touchpoints=touchpoints,
            )
        )
    stages.append(
        Stage(
            id="empty",
            name="Leeg: niets",
            index=len(stages),
            actions=tuple(Note(text) for text in NASTY_TEXTS[-6:]),
        )
    )
    flow = [FlowEdge(a, b) for a, b in itertools.pairwise(ids)]
    flow.append(FlowEdge(ids[-1], ids[0], is_loop=True))
    return Journey(
        id="adversarial",
        title=NASTY_TITLE,
        stages=tuple(stages),
        personas=tuple(NASTY_PERSONAS),
        flow=tuple(flow),
    )


def adversarial_personas() -> dict[str, Persona]:
    return {pid: Persona(id=pid, name=name) for pid, name in NASTY_PERSONAS.items()}


def small_journey() -> Journey:
    def touchpoint(tp_id: str, name: str, stage: str, **kwargs: object) -> Touchpoint:
        return Touchpoint(id=tp_id, name=name, stage_id=stage, **kwargs)  # type: ignore[arg-type]

    stages = (
        Stage(
            id="awareness",
            name="Bewustwording",
            index=0,
            emotion=-1,
            touchpoints=(
                touchpoint("ads", "Google Ads", "awareness", channel="ads", emotion=-1.5),
                touchpoint("flyer", "Folder", "awareness", channel="print", offline=True),
            ),
        ),
        Stage(id="consider", name="Overweging", index=1, actions=(Note("Vergelijkt prijzen"),)),
        Stage(
            id="buy",
            name="Aankoop",
            index=2,
            emotion=0.4,
            touchpoints=(touchpoint("shop", "Winkel", "buy", offline=True, emotion=1.5),),
        ),
    )
    flow = (FlowEdge("ads", "shop"), FlowEdge("flyer", "shop"), FlowEdge("shop", "ads", True))
    return Journey(id="k", title="Klantreis", stages=stages, personas=("eva",), flow=flow)


SMALL_FLOWCHART = """\
---
title: "Klantreis"
---
flowchart LR
\taccTitle: Klantreis
\taccDescr: Bewustwording → Overweging → Aankoop
\tclassDef negative fill:#fde2e2,color:#1f2328,stroke:#c0392b
\tclassDef offline stroke-dasharray:5 3
\tclassDef placeholder fill:none,color:#8a8a8a,stroke-dasharray:2 2
\tclassDef positive fill:#e2f7e2,color:#1f2328,stroke:#27ae60
\tsubgraph nb7969134ab ["Bewustwording"]
\tdirection TB
\tn61f39a3ef5("Google Ads<br>ads<br>→\u00a0Winkel")
n61f39a3ef5:::negative
\tnae4e384dec(["Folder<br>print<br>→\u00a0Winkel"])
nae4e384dec:::offline
end
\tsubgraph nb6206bcef0 ["Overweging"]
\tdirection TB
\tnad968ce2bb("…")
nad968ce2bb:::placeholder
end
\tsubgraph n0cffd9922c ["Aankoop"]
\tdirection TB
\tn88f9c8fc01(["Winkel<br>↺\u00a0Google Ads (Bewustwording)"])
n88f9c8fc01:::offline
n88f9c8fc01:::positive
end
\tn61f39a3ef5 ~~~ nae4e384dec
\tnb7969134ab --> n0cffd9922c
\tnb7969134ab ~~~ nb6206bcef0
\tnb6206bcef0 ~~~ n0cffd9922c
"""

SMALL_JOURNEY = """\
journey
\ttitle Klantreis
\tsection Bewustwording
\t\tGoogle Ads: 1 : Eva de Vries
\t\tFolder: 2 : Eva de Vries
\tsection Overweging
\t\tVergelijkt prijzen: 3 : Eva de Vries
\tsection Aankoop
\t\tWinkel: 5 : Eva de Vries
"""


def test_flowchart_golden() -> None:
    assert flowchart(small_journey()) == SMALL_FLOWCHART


def test_journey_diagram_golden() -> None:
    personas = {"eva": Persona(id="eva", name="Eva de Vries")}
    assert journey_diagram(small_journey(), personas) == SMALL_JOURNEY


def test_journey_diagram_without_actors_ends_tasks_at_the_score() -> None:
    text = journey_diagram(small_journey(), {})
    assert "\t\tGoogle Ads: 1 : eva\n" in text  # an unknown persona id is shown as it is
    text = journey_diagram(Journey(id="x", title="T", stages=small_journey().stages), {})
    assert "\t\tGoogle Ads: 1\n" in text
    assert " : " not in text


@pytest.mark.parametrize(
    ("emotion", "expected"),
    [(None, 3), (-2, 1), (-1.5, 1), (-1.4, 2), (-0.5, 2), (-0.4, 3), (0, 3), (0.5, 4), (2, 5)],
)
def test_score_maps_emotion_to_1_to_5(emotion: float | None, expected: int) -> None:
    assert diagrams.score(emotion) == expected


def test_scores_fall_back_to_stage_emotion_then_3() -> None:
    stage = Stage(
        id="s",
        name="S",
        index=0,
        emotion=1.6,
        touchpoints=(
            Touchpoint(id="a", name="A", stage_id="s"),
            Touchpoint(id="b", name="B", stage_id="s", emotion=-2),
        ),
    )
    plain = Stage(id="p", name="P", index=1)
    text = journey_diagram(Journey(id="j", title="J", stages=(stage, plain)), {})
    assert "\t\tA: 5\n\t\tB: 1\n\tsection P\n\t\tP: 3\n" in text


def test_flowchart_escapes_every_label() -> None:
    text = flowchart(adversarial_journey())
    for escaped in (
        "Klant zegt #quot;nee#quot;",
        "Punt #35;35; en #35;quot;",
        "#lt;b#gt;vet#lt;/b#gt; #38; #lt;i#gt;schuin#lt;/i#gt;",
        "#lt;script#gt;alert(1)#lt;/script#gt;x",
        "#96;**vet**#96;",
        "regel1<br>regel2",
        "#38;amp; #38;lt; letterlijk",
        'subgraph n48ddfd4e62 ["Klant zegt #quot;nee#quot;"]',
        "Reis#58; Anna<br>Stap 1#58; bellen",
        "classDef x fill#58;#35;f00",
        "#37;#37;{init#58; {}}#37;#37;",
    ):
        assert escaped in text
    body = text.split("\n---\n", 1)[1]
    assert "<script>" not in body and "`" not in body
    # Between the quotes of a label, no quote, `#` or `<` other than escapes and <br>.
    for label in re.findall(r'"([^"\n]*)"', body):
        assert re.fullmatch(r"([^#<>`]|#\w+;|<br>)*", label), label


def test_flowchart_title_is_json_in_front_matter() -> None:
    text = flowchart(adversarial_journey())
    assert text.startswith('---\ntitle: "Reis: Anna #1 \\"concept\\" ‹script>x‹/script> & co"\n')
    assert (
        "\taccTitle: Reis#58; Anna #35;1 #quot;concept#quot; #lt;script#gt;x#lt;/script#gt;" in text
    )


def test_flowchart_node_ids_are_hashed_and_unique() -> None:
    journey = adversarial_journey()
    text = flowchart(journey)
    node_ids = re.findall(r"^\t(n\w+)[(\[]", text, re.MULTILINE)
    assert len(node_ids) == len(journey.touchpoints) + 1  # + the empty stage's placeholder
    assert len(set(node_ids)) == len(node_ids)
    subgraph_ids = re.findall(r"^\tsubgraph (\S+) ", text, re.MULTILINE)
    assert len(set(subgraph_ids)) == len(journey.stages)
    for node_id in (*node_ids, *subgraph_ids):
        assert re.fullmatch(r"n[0-9a-f]{10,}", node_id)
    ends = re.findall(r"^\t(\S+) (?:-->|~~~) (\S+)$", text, re.MULTILINE)
    classed = re.findall(r"^(\S+):::", text, re.MULTILINE)
    assert ends and {end for pair in ends for end in pair} <= set(node_ids) | set(subgraph_ids)
    assert set(classed) <= set(node_ids)


def test_node_ids_never_collide() -> None:
    ids = diagrams._Ids()
    made = {ids(f"touchpoint:{i}") for i in range(5000)}
    assert len(made) == 5000
    assert ids("touchpoint:1") == ids("touchpoint:1")


def test_flowchart_columns_name_onward_steps_and_loops_and_keep_stages_in_order() -> None:
    """Stages left to right, a column each: an edge on to a later stage is a `→ target` line
    in its source and an arrow between the two columns; a loop is a `↺ target (stage)` line."""
    text = flowchart(small_journey())
    assert "\nflowchart LR\n" in text and text.count("\tdirection TB\n") == 3
    assert '\tn61f39a3ef5("Google Ads<br>ads<br>→\u00a0Winkel")' in text
    assert '\tn88f9c8fc01(["Winkel<br>↺\u00a0Google Ads (Bewustwording)"])' in text
    # One arrow for the two edges from Bewustwording to Aankoop, between the columns.
    assert [line for line in text.splitlines() if "-->" in line] == [
        "\tnb7969134ab --> n0cffd9922c"
    ]
    # The empty stage stays between them; the awareness touchpoints stack in their order.
    assert "\tnb7969134ab ~~~ nb6206bcef0\n\tnb6206bcef0 ~~~ n0cffd9922c\n" in text
    assert "\tn61f39a3ef5 ~~~ nae4e384dec\n" in text
    assert "-.->" not in text


def test_flowchart_edges_never_cross_a_stage_s_border() -> None:
    """Mermaid lays a subgraph out top to bottom only while no edge crosses its border: every
    link joins two touchpoints of one stage, or two stages."""
    journey = adversarial_journey()
    text = flowchart(journey)
    members: dict[str, str] = {}
    for subgraph, body in re.findall(
        r"^\tsubgraph (\S+) [^\n]*\n(.*?)^end$", text, re.MULTILINE | re.DOTALL
    ):
        members.update((node, subgraph) for node in re.findall(r"^\t(n\w+)[(\[]", body, re.M))
    subgraphs = set(re.findall(r"^\tsubgraph (\S+) ", text, re.MULTILINE))
    links = re.findall(r"^\t(\S+) (?:-->|~~~) (\S+)$", text, re.MULTILINE)
    assert links
    for source, target in links:
        if source in subgraphs or target in subgraphs:
            assert source in subgraphs and target in subgraphs, (source, target)
        else:
            assert members[source] == members[target], (source, target)
    forward = [e for e in journey.flow if not e.is_loop]
    assert text.count("→\u00a0") >= 1 and text.count("↺\u00a0") == len(journey.flow) - len(forward)


def test_flowchart_sorts_class_defs_and_adds_those_used_in_subgraphs() -> None:
    text = flowchart(adversarial_journey())
    class_defs = re.findall(r"^\tclassDef (\w+) ", text, re.MULTILINE)
    assert class_defs == sorted(class_defs)
    used = set(re.findall(r":::(\w+)$", text, re.MULTILINE))
    assert set(class_defs) == used == {"negative", "neutral", "offline", "placeholder", "positive"}


def test_flowchart_rejects_an_edge_to_an_unknown_touchpoint() -> None:
    journey = small_journey()
    broken = Journey(id="b", title="B", stages=journey.stages, flow=(FlowEdge("ads", "nope"),))
    with pytest.raises(ValueError, match="nope"):
        flowchart(broken)


def test_journey_diagram_escapes_sections_tasks_and_actors() -> None:
    text = journey_diagram(adversarial_journey(), adversarial_personas())
    assert text.startswith("journey\n\ttitle Reis#58; Anna #35;1 #quot;concept#quot; #lt;")
    actors = "Jansen#44; P., Rol#58; klant, Eva #quot;de#quot; #35;1#59; 50#37;"
    for expected in (
        f"\t\tStap 1#58; bellen: 3 : {actors}\n",
        f"\t\tBellen #35;2#59; mailen: 1 : {actors}\n",
        "\t\tregel1 regel2: 1 : ",
        "\t\t#84;itle page: ",
        "\t\t#115;ection A: ",
        "\t\t#106;ourney: ",
        "\t\t5#37; korting: ",
        "\t\t#97;ccTitle#58; x: ",
        "\tsection Overweging – afweging (Oriëntatie#44; café) → 🚀 客户\n",
        "\tsection Leeg#58; niets\n",
    ):
        assert expected in text
    for line in text.splitlines()[2:]:
        if line.startswith("\t\t"):
            assert re.fullmatch(r"\t\t[^:;#%\n]*(#\w+;[^:;#%\n]*)*: [1-5]( : [^:\n]+)?", line), line
        else:
            assert re.fullmatch(r"\tsection [^:;#%\n]*(#\w+;[^:;#%\n]*)*", line), line


def test_output_is_the_same_for_any_hash_seed() -> None:
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('t', {str(Path(__file__))!r})\n"
        "t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)\n"
        "j = t.adversarial_journey()\n"
        "sys.stdout.write(t.flowchart(j) + t.journey_diagram(j, t.adversarial_personas()))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, env=env, check=True, cwd=ROOT
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    journey = adversarial_journey()
    expected = flowchart(journey) + journey_diagram(journey, adversarial_personas())
    assert outputs == {expected.encode()}


def test_importing_diagrams_prints_nothing() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "import journeygen.render.diagrams"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert run.stdout == b""


def test_diagrams_open_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("diagrams tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    journey = adversarial_journey()
    assert flowchart(journey) and journey_diagram(journey, adversarial_personas())


def test_flowchart_names_known_channels_in_the_site_s_language() -> None:
    english = flowchart(small_journey())
    dutch = flowchart(small_journey(), "nl")
    assert english != dutch
    assert dutch == english.replace("<br>ads", "<br>advertenties").replace(
        "<br>print", "<br>drukwerk"
    )


def test_mermaid_py_cannot_reach_its_web_service_and_requests_stays_usable() -> None:
    """mermaid-py is imported with a stand-in for requests: its `Mermaid` class (which sends
    the diagram to mermaid.ink) refuses, requests is not imported by a build, and a later
    `import requests` anywhere else still gets the real package."""
    script = (
        "import sys\n"
        "import journeygen.render.diagrams as d\n"
        "assert 'requests' not in sys.modules, 'a build imports requests'\n"
        "import mermaid.__main__ as m\n"
        "try:\n"
        "    m.Mermaid('graph TD; A-->B')\n"
        "except d.OfflineError:\n"
        "    print('refused')\n"
        "import requests\n"
        "print(callable(requests.get) and requests.get is not m.requests.get)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT, text=True
    )
    assert run.stdout.split() == ["refused", "True"]
