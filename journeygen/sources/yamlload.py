"""YAML text to data, with what a person needs when it goes wrong.

libyaml's safe loader (when available) with journeygen's rules: keys are always text, a key
given twice is recorded, a value YAML cannot convert stays the text it is written as, and
nesting and alias bombs are refused (`limits`). `parse_yaml` reports a syntax error as a
diagnostic at its line and column, in words and with a hint (yaml_errors.py); `compose`
and `walk` find the position of a value again for diagnostics (`sources.locate`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from sys import intern
from typing import Any

import yaml

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.limits import MAX_ALIAS_CHARS, MAX_ALIAS_VALUES, MAX_DEPTH
from journeygen.sources.yaml_errors import reader_problem, yaml_problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG, _STR_TAG = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:str"
_KINDS = {yaml.MappingNode: "key: value pairs", yaml.SequenceNode: "a list"}
_END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE_KINDS: dict[type, type] = {
    yaml.ScalarEvent: yaml.ScalarNode,
    yaml.SequenceStartEvent: yaml.SequenceNode,
    yaml.MappingStartEvent: yaml.MappingNode,
}


class _Refused(Exception):
    """YAML that is too much to load: nested too deep, an alias bomb."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


_TOO_DEEP = (
    f"the YAML is nested more than {MAX_DEPTH} levels deep",
    "journeygen's keys need a few levels: check for brackets that are not closed, "
    "or keep free data under 'extra:' flatter",
)


class _Loader(_BaseLoader):
    """libyaml's safe loader that also records keys given twice in one mapping.

    Keys are always text: `1: x` has the key '1' (a list or a mapping as a key is an
    error), and a value YAML cannot convert (`2026-13-45`, `!!int abc`, a number of
    5,000 digits) stays the text it is written as.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark, yaml.Mark]] = []
        self.aliases: list[tuple[yaml.Mark, yaml.Node]] = []  # each *name, in file order

    def get_single_node(self) -> yaml.Node | None:
        """The document's root node, composed from libyaml's events without recursion.

        libyaml's own composer recurses in C: 100,000 nested '[' overflow the stack and
        end the process (a segmentation fault, also in `journeygen serve`).
        """
        self.get_event()  # stream start
        root = None
        if not self.check_event(yaml.StreamEndEvent):
            self.get_event()  # document start
            root = self._compose_document()
            self.get_event()  # document end
        if not self.check_event(yaml.StreamEndEvent):
            event = self.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", root.start_mark if root else None,
                "but found another document", event.start_mark,
            )  # fmt: skip
        self.get_event()  # stream end
        return root

    def _compose_document(self) -> yaml.Node:
        anchors: dict[str, yaml.Node] = {}
        open_nodes: list[list[Any]] = []  # [collection, key waiting for its value]
        get_event, resolve = self.get_event, self.resolve
        while True:
            event = get_event()
            kind = type(event)
            if kind in _END_EVENTS:
                node = open_nodes.pop()[0]
                node.end_mark = event.end_mark
                if not open_nodes:
                    return node
                continue
            if kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                    )
                node = anchors[event.anchor]
                self.aliases.append((event.start_mark, node))
            else:
                node_kind = _NODE_KINDS[kind]
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_kind, event.value if kind is yaml.ScalarEvent else None,
                                  event.implicit)  # fmt: skip
                if kind is yaml.ScalarEvent:
                    node = yaml.ScalarNode(
                        tag, event.value, event.start_mark, event.end_mark, event.style
                    )
                else:
                    node = node_kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise yaml.composer.ComposerError(
                            f"found duplicate anchor {event.anchor!r}; first occurrence",
                            anchors[event.anchor].start_mark,
                            "second occurrence", event.start_mark,
                        )  # fmt: skip
                    anchors[event.anchor] = node
            if open_nodes:
                parent = open_nodes[-1]
                if type(parent[0]) is yaml.SequenceNode:
                    parent[0].value.append(node)
                elif parent[1] is None:
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
            if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                open_nodes.append([node, None])
                if len(open_nodes) > MAX_DEPTH:  # stop here: libyaml is slow on deep nesting
                    raise _Refused(event.start_mark, *_TOO_DEEP)
            elif not open_nodes:
                return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Mark] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                if key_node.value in seen:
                    self.duplicates.append(
                        (key_node.value, seen[key_node.value], key_node.start_mark)
                    )
                seen.setdefault(key_node.value, key_node.start_mark)
        self.flatten_mapping(node)  # `<<: *base` first: its keys become the mapping's own
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be text, found {_KINDS[type(key_node)]}",
                    key_node.start_mark,
                )  # fmt: skip
            key_node.tag = _STR_TAG
            key_node.value = intern(key_node.value)  # the same keys in every file: one string
        return super().construct_mapping(node, deep=deep)


def _or_text(construct: Any) -> Any:
    def construct_or_text(loader: _Loader, node: yaml.ScalarNode) -> Any:
        try:
            value = construct(loader, node)
        except (ValueError, KeyError, IndexError, AttributeError, OverflowError):
            return node.value
        if isinstance(value, int) and value.bit_length() > 1000:  # past float: text
            return node.value
        return value

    return construct_or_text


for _tag in ("int", "float", "bool", "timestamp"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_name, _or_text(_BaseLoader.yaml_constructors[_name]))


def parse_yaml(text: str, shown: str, offset: int, problems: list[Diagnostic]) -> Any:
    """YAML text -> data; a syntax error becomes a diagnostic at its line in the file."""
    loader, node = _compose_in_c(text)
    if loader is None:
        loader = _Loader(text)
    try:
        if node is None:
            try:
                node = loader.get_single_node()
            except yaml.MarkedYAMLError as exc:
                raise _too_deep_for_libyaml(exc, text) or exc from None
        if node is not None:
            _too_much(node, text, loader.aliases)
        data = None if node is None else loader.construct_document(node)
    except _Refused as exc:
        line, col = exc.mark.line + offset, exc.mark.column + 1
        problems.append(Diagnostic(shown, line, col, exc.message, exc.hint))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + offset
        col = (mark.column if mark else 0) + 1
        problems.append(yaml_problem(exc, text, mark, shown, line, col))
        return None
    except yaml.reader.ReaderError as exc:
        problems.append(reader_problem(exc, text, shown, offset))
        return None
    except yaml.YAMLError as exc:
        problems.append(Diagnostic(shown, offset, 1, f"invalid YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    if loader.duplicates:
        for key, first, again in loader.duplicates:
            problems.append(
                Diagnostic(
                    shown,
                    again.line + offset,
                    again.column + 1,
                    f"key '{key}' is given twice in the same place",
                    f"the first '{key}' is at line {first.line + offset}; "
                    "YAML keeps only the last one: merge them",
                )
            )
        return None
    return {} if data is None else data


def _pyyaml_version() -> tuple[int, ...]:
    parts = []
    for part in yaml.__version__.split(".")[:3]:
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


# libyaml's composer (C, recursive) limits nesting itself since PyYAML 6.0.3: before, 100,000
# nested '[' overflowed its stack. It is ~4x faster than composing libyaml's events in Python.
_C_COMPOSER = hasattr(yaml, "CSafeLoader") and _pyyaml_version() >= (6, 0, 3)


def _compose_in_c(text: str) -> tuple[_Loader | None, yaml.Node | None]:
    """The root node by libyaml's own composer, when it gives the same node as
    `_Loader.get_single_node`: PyYAML 6.0.3 or later, no anchor or alias (that composer
    does not list the aliases `_too_much` needs), well-formed YAML nested at most
    `MAX_DEPTH` levels. Else (None, None), and the caller composes in Python, which finds
    the error, or the level past `MAX_DEPTH`, at the same place as before."""
    if not _C_COMPOSER or "&" in text or "*" in text:
        return None, None
    loader = _Loader(text)
    try:
        node = _BaseLoader.get_single_node(loader)
    except yaml.YAMLError:
        loader.dispose()
        return None, None
    if node is None or _deeper_than(node, MAX_DEPTH):
        loader.dispose()
        return None, None
    return loader, node


def _deeper_than(root: yaml.Node, levels: int) -> bool:
    """Whether collections nest more than `levels` deep in a tree (no aliases)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if type(node) is yaml.ScalarNode:
            continue
        if depth > levels:
            return True
        if type(node) is yaml.MappingNode:
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in node.value)
    return False


def _too_deep_for_libyaml(exc: yaml.MarkedYAMLError, text: str) -> _Refused | None:
    """libyaml's own nesting limit (1,000 levels since PyYAML 6.0.3) as journeygen's.

    Its scanner looks ahead, so it can stop a deep file before the composer has seen
    `MAX_DEPTH` levels. The text up to where libyaml stopped is composed again: that finds
    the level past `MAX_DEPTH` and its position, the same as with a libyaml without a limit.
    """
    mark = exc.problem_mark
    if mark is None or "maximum nesting depth" not in str(exc.problem):
        return None
    loader = _Loader(text[: mark.index])
    try:
        loader.get_single_node()
    except _Refused as refused:
        return refused
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return _Refused(mark, *_TOO_DEEP)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_much(
    root: yaml.Node, text: str, aliases: Sequence[tuple[yaml.Mark, yaml.Node]] = ()
) -> None:
    """Refuse YAML whose aliases nest too deep, refer to themselves or explode, in values
    or in characters (`aliases`: each alias in the file, in order, and the node it names).

    Without an anchor (`&name`) there is no alias: the nodes form a tree whose depth was
    checked while it was composed.
    """
    if "&" in text:
        _too_much_shared(root, aliases)


def _too_much_shared(root: yaml.Node, aliases: Sequence[tuple[yaml.Mark, yaml.Node]] = ()) -> None:
    """`_too_much` where anchors and aliases may share nodes.

    libyaml shares an aliased node instead of copying it, so "a billion laughs" loads in
    a moment and explodes later, when the data is walked. Every node is visited once,
    and its expanded size and height are computed from its children's.
    """
    size: dict[int, int] = {}  # values a node stands for, aliases expanded
    chars: dict[int, int] = {}  # characters of text (keys and values), aliases expanded
    height: dict[int, int] = {}  # levels of collections, the node's own included
    done: dict[int, bool] = {}  # False while its children are being visited
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        children = _children(node)
        if leaving:
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            chars[id(node)] = (
                sum(chars[id(c)] for c in children) if children else len(node.value or "")
            )
            below = max((height[id(c)] for c in children), default=0)
            height[id(node)] = below + (not isinstance(node, yaml.ScalarNode))
            done[id(node)] = True
            continue
        if id(node) in done:
            continue
        done[id(node)] = False
        stack.append((node, True))
        for child in children:
            if done.get(id(child)) is False:
                raise _Refused(
                    child.start_mark,
                    "a YAML alias (*name) refers to the value that holds it",
                    "an alias repeats a value defined before it, outside it: "
                    "remove the alias or copy the text",
                )
            if id(child) not in done:
                stack.append((child, False))
    if height[id(root)] > MAX_DEPTH:
        node, level = root, 1
        while level <= MAX_DEPTH:
            node = max(_children(node), key=lambda c: height[id(c)])
            level += 1
        raise _Refused(node.start_mark, *_TOO_DEEP)
    if size[id(root)] - len(size) > MAX_ALIAS_VALUES:
        node = root
        while big := [c for c in _children(node) if size[id(c)] > MAX_ALIAS_VALUES]:
            node = max(big, key=lambda c: size[id(c)])
        raise _Refused(
            node.start_mark,
            f"YAML aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values here",
            "an alias repeats the value of an anchor (&name); repeating aliases of aliases "
            "multiplies them: write the values out, or split the file",
        )
    # Each alias in the file stands for its node's whole text (aliases in it expanded): the
    # text they add up to is what the data holds beyond what is written.
    repeated = 0
    for mark, node in aliases:
        repeated += chars[id(node)]
        if repeated > MAX_ALIAS_CHARS:
            raise _Refused(
                mark,
                f"YAML aliases (*name) repeat more than {MAX_ALIAS_CHARS:,} characters "
                "in this file",
                "each alias repeats the whole text of its anchor (&name): write the text "
                "out once and refer to it in words, or split the file",
            )
    return None


@functools.lru_cache(maxsize=64)
def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, _Refused):
        return None


def walk(node: yaml.Node, loc: Sequence[str | int]) -> Iterator[tuple[yaml.Node | None, yaml.Node]]:
    """Yield (key node or None, value node) for each step of `loc` that exists."""
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if key_node.value == str(step):
                    yield key_node, value
                    node = value
                    break
            else:
                return
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return
            node = node.value[step]
            yield None, node
        else:
            return
