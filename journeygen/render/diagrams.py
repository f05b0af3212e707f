"""Mermaid text for a journey: a flowchart of its touchpoints and a `journey` diagram.

The one adapter over mermaid-py. Its builders escape nothing, drop the styles of nodes inside
subgraphs and keep `classDef`s in a set, so this module escapes every text, makes the node ids,
writes the sorted `classDef` lines and the journey header itself (research/mermaid.md §1.6).
It never uses `mermaid.Mermaid`, which sends the diagram to a web service: mermaid-py is
imported with a stand-in for `requests` (`_offline_requests`) whose every call raises, so no
code in this process can reach that service through mermaid-py, and a build does not pay for
importing requests, urllib3 and ssl (~50 ms of a cold build's 0.5 s).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import math
import sys
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NoReturn

from journeygen.model.channels import channel_label
from journeygen.model.site import FlowEdge, Journey, Persona, Stage, Touchpoint


class OfflineError(RuntimeError):
    """mermaid-py tried to reach the network (its `Mermaid` class): journeygen never does."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise OfflineError("journeygen never sends a diagram to a web service (mermaid.ink)")


def _offline_attribute(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return type(name, (), {"__init__": _refuse}) if name[:1].isupper() else _refuse


@contextlib.contextmanager
def _offline_requests() -> Iterator[None]:
    """While mermaid-py is imported, `requests` is a module whose every function and class
    refuses (`OfflineError`). mermaid-py keeps it; any other import of requests, before or
    after, gets the real one (it is not replaced when already imported)."""
    if "requests" in sys.modules:
        yield
        return
    stand_in = types.ModuleType("requests", "journeygen: no network from mermaid-py")
    stand_in.__getattr__ = _offline_attribute  # type: ignore[method-assign]
    sys.modules["requests"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("requests") is stand_in:
            del sys.modules["requests"]


def _import_mermaid() -> None:
    """mermaid-py, with the stand-in for requests; a release that needs more of requests
    at import time than the stand-in has (`import requests.adapters`) gets the real one."""
    with contextlib.redirect_stdout(io.StringIO()):  # mermaid-py prints a warning on import
        try:
            with _offline_requests():
                import mermaid.flowchart
                import mermaid.userjourney
        except ImportError:
            for name in [m for m in sys.modules if m == "mermaid" or m.startswith("mermaid.")]:
                del sys.modules[name]
            import mermaid.flowchart
            import mermaid.userjourney  # noqa: F401


_import_mermaid()
from mermaid import Style  # noqa: E402
from mermaid.flowchart import FlowChart, Link, Node  # noqa: E402
from mermaid.userjourney import Actor, Section, Task  # noqa: E402

__all__ = ["flowchart", "journey_diagram", "score"]

# Flowchart labels, link messages, subgraph titles: Mermaid entity codes, decoded when drawn.
# `%`: Mermaid reads `%%{...}%%` anywhere in the text as a config directive.
# `:`: Mermaid drops the last `;` of any line matching `style.*:\S*#.*;` (or `classDef...`)
# before it decodes entities; with no raw colon in a label, no label line can match.
_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "&": "#38;",
    "%": "#37;",
    ":": "#58;",
}
# Journey sections, tasks and actors: also the journey grammar's separators.
_JOURNEY_ENTITIES = _ENTITIES | {";": "#59;", ",": "#44;"}
# Words the journey lexer reads as a keyword at the start of a line (case-insensitive).
_JOURNEY_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")

LOOP_MARK = "↺"  # before a loop's target: a sign, not a word, so no translation is needed
EXIT_MARK = "→"  # before the touchpoint an edge on to a later stage leads to
_HIDDEN = {"shape": "hidden", "head_right": "none"}  # an invisible link: `~~~`

_STYLES = {
    style.name: style
    for style in (
        # Light fills with dark text, in a dark page too (Mermaid's dark theme writes light).
        Style("negative", fill="#fde2e2", stroke="#c0392b", color="#1f2328"),
        Style("neutral", fill="#f4f4f4", stroke="#8a8a8a", color="#1f2328"),
        Style("positive", fill="#e2f7e2", stroke="#27ae60", color="#1f2328"),
        Style("offline", other="stroke-dasharray:5 3"),
        Style("placeholder", fill="none", color="#8a8a8a", other="stroke-dasharray:2 2"),
    )
}


_TABLE = str.maketrans(_ENTITIES)
_JOURNEY_TABLE = str.maketrans(_JOURNEY_ENTITIES)


def _escape(text: str, table: Mapping[int, str]) -> str:
    """`text` with every character of `table` (a `str.maketrans` of entities) replaced."""
    return text.translate(table)


def _label(text: str) -> str:
    """Flowchart label text: entity-escaped, line breaks as `<br>`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(_escape(line, _TABLE) for line in lines)


def _line(text: str) -> str:
    """Entity-escaped text on one line (accessibility title and description)."""
    return _escape(" ".join(text.split()), _TABLE)


def _yaml_title(text: str) -> str:
    """Front-matter title: a JSON string (valid YAML), on one line.

    Mermaid 11 runs a title holding `<` through an HTML sanitizer and then shows the escaped
    HTML (`&lt;`, `&amp;`) as text, so `<` becomes the look-alike `‹` (accTitle keeps it).
    """
    return json.dumps(" ".join(text.split()).replace("<", "‹"), ensure_ascii=False)


def _journey_text(text: str) -> str:
    """Journey section, task or actor text: one line, no separator, no leading keyword."""
    text = " ".join(text.split())
    escaped = _escape(text, _JOURNEY_TABLE)
    if text.lower().startswith(_JOURNEY_KEYWORDS):
        escaped = f"#{ord(text[0])};" + escaped[1:]
    return escaped


def score(emotion: float | None) -> int:
    """Journey score 1..5 for an emotion -2..2 (halves away from zero); 3 when unknown."""
    if emotion is None:
        return 3
    rounded = int(math.copysign(math.floor(abs(emotion) + 0.5), emotion))
    return min(5, max(1, rounded + 3))


def _band(emotion: float) -> str:
    value = score(emotion)
    return "negative" if value < 3 else "positive" if value > 3 else "neutral"


class _Ids:
    """Node ids made from hashed keys: never a Mermaid keyword, never two alike."""

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        digest = hashlib.sha1(key.encode()).hexdigest()
        for size in range(10, len(digest) + 1):
            node_id = "n" + digest[:size]
            if self._taken.setdefault(node_id, key) == key:
                return node_id
        raise AssertionError(f"no unique node id for {key!r}")  # pragma: no cover


def _touchpoint_node(
    touchpoint: Touchpoint, node_id: str, language: str, onward: Iterable[str]
) -> Node:
    lines = [touchpoint.name or touchpoint.id]
    if touchpoint.channel.strip():
        lines.append(channel_label(touchpoint.channel.strip(), language))
    styles = [_STYLES["offline"]] if touchpoint.offline else []
    if touchpoint.emotion is not None:
        styles.append(_STYLES[_band(touchpoint.emotion)])
    shape = "stadium-shape" if touchpoint.offline else "round-edge"
    return Node(node_id, _label("\n".join([*lines, *onward])), shape=shape, styles=styles)


def _stage_nodes(
    stage: Stage, ids: _Ids, language: str, onward: Mapping[str, list[str]]
) -> list[Node]:
    if stage.touchpoints:
        return [
            _touchpoint_node(tp, ids(f"touchpoint:{tp.id}"), language, onward.get(tp.id, ()))
            for tp in stage.touchpoints
        ]
    # An empty stage keeps its box, so the order of the stages stays visible.
    placeholder = ids(f"placeholder:{stage.id}")
    return [Node(placeholder, "…", shape="round-edge", styles=[_STYLES["placeholder"]])]


_RECENT: dict[tuple[int, str], tuple[Journey, str]] = {}  # the last few flowcharts drawn
RECENT = 8


def flowchart(journey: Journey, language: str = "en") -> str:
    """`flowchart_text`, drawn once for the journey page and its `flow.mmd` export (one
    process renders both, one after the other: `PageSpec.group`). By identity: a journey
    is never changed once made."""
    key = (id(journey), language)
    found = _RECENT.get(key)
    if found is not None and found[0] is journey:
        return found[1]
    text = flowchart_text(journey, language)
    _RECENT[key] = (journey, text)
    if len(_RECENT) > RECENT:
        del _RECENT[next(iter(_RECENT))]
    return text


def flowchart_text(journey: Journey, language: str = "en") -> str:
    """Mermaid `flowchart LR` of the journey: a column per stage (a subgraph, top to bottom),
    the stages left to right. A node names its touchpoint's channel as the site's `language`
    shows it.

    Mermaid's layout keeps a subgraph's own direction only while no edge crosses its border,
    so arrows join touchpoints within a stage, and the stages' columns. A touchpoint that
    leads on to a later stage names where it goes on its last line, `→ target`, and one that
    leads back to the same or an earlier position `↺ target (stage)`: a loop drawn as an
    arrow would let the layout stretch the earlier stage over the whole diagram.
    """
    ids = _Ids()
    names = {tp.id: tp.name or tp.id for tp in journey.touchpoints}
    position_of: dict[str, int] = {}  # touchpoint id -> its stage's position
    for position, stage in enumerate(journey.stages):
        position_of.update((tp.id, position) for tp in stage.touchpoints)
    outgoing: dict[str, list[FlowEdge]] = {}
    for edge in journey.flow:
        if edge.source not in position_of or edge.target not in position_of:
            raise ValueError(f"flow edge {edge.source} -> {edge.target}: unknown touchpoint")
        outgoing.setdefault(edge.source, []).append(edge)

    def stage_name(position: int) -> str:
        return journey.stages[position].name or journey.stages[position].id

    subgraphs: list[Node] = []
    links: list[Link] = []
    joined: dict[tuple[int, int], None] = {}  # (from, to) stage positions, an arrow each
    for position, stage in enumerate(journey.stages):
        inside: list[tuple[str, str]] = []  # arrows within the stage
        elsewhere: dict[str, list[str]] = {}  # touchpoint id -> its `→` and `↺` lines
        for tp in stage.touchpoints:
            for edge in outgoing.get(tp.id, ()):
                there = position_of[edge.target]
                if edge.is_loop:
                    line = f"{LOOP_MARK}\u00a0{names[edge.target]} ({stage_name(there)})"
                elif there == position:
                    inside.append((tp.id, edge.target))
                    continue
                else:
                    line = f"{EXIT_MARK}\u00a0{names[edge.target]}"
                    joined[(position, there)] = None
                elsewhere.setdefault(tp.id, []).append(line)
        members = _stage_nodes(stage, ids, language, elsewhere)
        nodes = dict(zip((tp.id for tp in stage.touchpoints), members, strict=False))
        links += [Link(nodes[a], nodes[b]) for a, b in inside]
        # Touchpoints no arrow joins stack in their order all the same: a column, not a row.
        for first, following in itertools.pairwise(stage.touchpoints):
            if (first.id, following.id) not in inside:
                links.append(Link(nodes[first.id], nodes[following.id], **_HIDDEN))
        subgraphs.append(
            Node(
                ids(f"stage:{stage.id}"),
                _label(stage_name(position)),
                sub_nodes=members,
                direction="TB",
            )
        )
    links += [Link(subgraphs[a], subgraphs[b]) for a, b in joined]
    # Consecutive stages that no arrow joins get an invisible link, to keep them in order.
    for position in range(len(subgraphs) - 1):
        if (position, position + 1) not in joined:
            links.append(Link(subgraphs[position], subgraphs[position + 1], **_HIDDEN))

    # Built once, with every node and link: mermaid-py ignores what is added afterwards.
    chart = FlowChart(_yaml_title(journey.title), subgraphs, links, "LR")
    used = {style.name for node in subgraphs for sub in node.sub_nodes for style in sub.styles}
    header = [
        f"\taccTitle: {_line(journey.title)}",
        f"\taccDescr: {_line(' → '.join(stage_name(p) for p in range(len(journey.stages))))}",
        *(f"\t{_STYLES[name]}" for name in sorted(used)),
    ]
    return _insert_after(chart.script, "flowchart LR", header)


def _insert_after(script: str, line: str, extra: Iterable[str]) -> str:
    lines = script.split("\n")
    at = lines.index(line) + 1
    return "\n".join([*lines[:at], *extra, *lines[at:]])


def journey_diagram(journey: Journey, personas: Mapping[str, Persona]) -> str:
    """Mermaid `journey` of the journey: a section per stage, a task per touchpoint."""
    names = (personas[pid].name if pid in personas else pid for pid in journey.personas)
    actors = [Actor(_journey_text(name)) for name in names if name.strip()]
    # The header is written here: mermaid-py's would show YAML quotes in the title.
    lines = ["journey", f"\ttitle {_journey_text(journey.title)}"]
    for stage in journey.stages:
        if stage.touchpoints:
            tasks = [
                (tp.name or tp.id, tp.emotion if tp.emotion is not None else stage.emotion)
                for tp in stage.touchpoints
            ]
        else:
            notes = [note.text for note in stage.actions if note.text.strip()]
            tasks = [(text, stage.emotion) for text in notes or [stage.name or stage.id]]
        section = Section(
            _journey_text(stage.name or stage.id),
            [Task(_journey_text(text), score(emotion), actors) for text, emotion in tasks],
        )
        # Without actors mermaid-py still writes "task: 3 : ", which reads as an empty actor.
        lines += [line.removesuffix(" : ") for line in str(section).splitlines()]
    return "\n".join(lines) + "\n"
