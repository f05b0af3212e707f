"""Read a project's files: config, front matter, YAML, CSV rows and assets.

Nothing is checked here beyond what it takes to read a file (encoding, front matter,
YAML syntax, CSV shape); `validate` checks meaning. YAML is parsed with libyaml when
available; line and column numbers are looked up again only for files that have a
diagnostic (`locate`), which keeps the common, clean build fast.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

import yaml

from journeygen.diagnostics import Diagnostic
from journeygen.memo import NO_MEMO, Memo
from journeygen.workers import map_forked, worker_count

CONFIG_NAMES = ("journeygen.yml", "journeygen.yaml")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_EXT = ".md"
YAML_EXTS = (".yml", ".yaml")

# Limits on what journeygen reads (docs/format.md "Limits", SECURITY.md): content comes
# from interviews and exports, and a build must end quickly whatever it holds.
MAX_FILE_BYTES = 2 * 1024 * 1024  # one Markdown or YAML file
MAX_CSV_BYTES = 20 * 1024 * 1024  # one file in content/data/
MAX_MARKDOWN_BYTES = 128 * 1024  # the Markdown of one file (Python-Markdown is slow on more)
MAX_BLOCK_BYTES = 16 * 1024  # one paragraph of Markdown (its inline parsing is quadratic)
MAX_BRACKET_SCAN = 1_000_000  # characters read to match '[' with ']' in one Markdown text
MAX_OPEN_TAGS = 100  # HTML tags that no '>' closes in one Markdown text
MAX_ABBREVIATIONS = 100  # '*[ABC]: ...' definitions in one Markdown text
MAX_DEPTH = 50  # levels of nesting, in YAML and in Markdown (lists, quotes)
MAX_ALIAS_VALUES = 100_000  # values that YAML aliases (*name) may repeat in one file
_MB = 1024 * 1024

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


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader that also records keys given twice in one mapping.

    Keys are always text: `1: x` has the key '1' (a list or a mapping as a key is an
    error), and a value YAML cannot convert (`2026-13-45`, `!!int abc`, a number of
    5,000 digits) stays the text it is written as.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark, yaml.Mark]] = []

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


# libyaml's words -> what a person editing a file needs to hear
_YAML_PROBLEMS = {
    "mapping values are not allowed in this context": (
        "a ':' in the middle of a value",
        "put text that contains ': ' in quotes, e.g. \"Stap 1: bellen\"",
    ),
    "did not find expected key": (
        "the indentation is off here, or a quote or bracket is not closed",
        'keys of one mapping start in the same column; close every " [ and {',
    ),
    "did not find expected '-' indicator": (
        "the items of this list are not aligned",
        "every '- ' of one list needs the same indentation",
    ),
    "did not find expected ',' or ']'": (
        "a list in [ ] is not closed",
        "close it with ']', or put text with commas or brackets in quotes",
    ),
    "did not find expected ',' or '}'": (
        "a mapping in { } is not closed",
        "close it with '}', or put text with commas or braces in quotes",
    ),
    "found unexpected end of stream": (
        "the file ends inside a quoted text",
        "close the quote that is open",
    ),
    "but found another document": (
        "the file holds more than one YAML document",
        "a line '---' starts another document: remove it (front matter ends at the second '---')",
    ),
    "a key must be text, found a list": (
        "a key must be text, found a list",
        "a key is the word before ':'; '? [a, b]' makes a list the key",
    ),
    "a key must be text, found key: value pairs": (
        "a key must be text, found key: value pairs",
        "a key is the word before ':'; '? {a: b}' makes a mapping the key",
    ),
    "found invalid Unicode character escape code": (
        "a '\\' in double quotes starts an escape that is not valid here",
        "write '\\\\' for a backslash, or put the text in single quotes",
    ),
}


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML or Markdown-with-front-matter file."""

    kind: str  # config | persona | journey | page | touchpoints
    id: str
    path: str  # as shown in diagnostics: relative to the project root, with /
    text: str
    data: Any  # the parsed YAML, {} for an empty file
    body: str = ""  # Markdown after the front matter
    yaml_line: int = 1  # line of the file where the YAML starts (1-based)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled by its fields: 5x faster (cache.py)
        return Document, (self.kind, self.id, self.path, self.text, self.data, self.body,
                          self.yaml_line)  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class Sources:
    root: Path
    content_dir: Path
    config: Document | None
    personas: tuple[Document, ...] = ()
    journeys: tuple[Document, ...] = ()
    pages: tuple[Document, ...] = ()
    touchpoints: Document | None = None
    data_rows: tuple[CsvRow, ...] = ()
    assets: tuple[str, ...] = ()
    # Every id a file claims, also of files that could not be read (or whose name is not
    # a valid id: then its proposed slug), so one broken file gives one error, not a
    # cascade of "unknown persona" in every journey that names it.
    known_ids: dict[str, frozenset[str]] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The journeygen.yml in `start` or the nearest parent folder, like git does."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"


def inside_project(written: str) -> bool:
    """Whether a folder named in journeygen.yml (`content_dir`, `output_dir`) is relative
    and stays inside the project: not `/...`, `C:\\...` or `../...`."""
    path = written.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return False
    return not posixpath.normpath(path).startswith("..")


def relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(
    path: Path, shown: str, problems: list[Diagnostic], limit: int = MAX_FILE_BYTES
) -> str | None:
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"file is too large ({math.ceil(size / _MB * 10) / 10} MB; "
                    f"the limit is {limit // _MB} MB)",
                    "split the measurements over several CSV files in content/data/"
                    if limit == MAX_CSV_BYTES
                    else "split it: one persona, journey or page per file",
                )
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Diagnostic(
                shown,
                line,
                col,
                "file is not valid UTF-8",
                "save the file as UTF-8 (in VS Code: 'Save with Encoding')",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, shown: str, offset: int, problems: list[Diagnostic]) -> Any:
    """YAML text -> data; a syntax error becomes a diagnostic at its line in the file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _too_much(node, text)
        data = None if node is None else loader.construct_document(node)
    except _Refused as exc:
        line, col = exc.mark.line + offset, exc.mark.column + 1
        problems.append(Diagnostic(shown, line, col, exc.message, exc.hint))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + offset
        col = (mark.column if mark else 0) + 1
        problems.append(_yaml_problem(exc, text, mark, shown, line, col))
        return None
    except yaml.reader.ReaderError as exc:
        problems.append(_reader_problem(exc, text, shown, offset))
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


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_much(root: yaml.Node, text: str) -> None:
    """Refuse YAML whose aliases nest too deep, refer to themselves or explode.

    Without an anchor (`&name`) there is no alias: the nodes form a tree whose depth was
    checked while it was composed.
    """
    if "&" in text:
        _too_much_shared(root)


def _too_much_shared(root: yaml.Node) -> None:
    """`_too_much` where anchors and aliases may share nodes.

    libyaml shares an aliased node instead of copying it, so "a billion laughs" loads in
    a moment and explodes later, when the data is walked. Every node is visited once,
    and its expanded size and height are computed from its children's.
    """
    size: dict[int, int] = {}  # values a node stands for, aliases expanded
    height: dict[int, int] = {}  # levels of collections, the node's own included
    done: dict[int, bool] = {}  # False while its children are being visited
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        children = _children(node)
        if leaving:
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
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
    return None


def _reader_problem(exc: yaml.reader.ReaderError, text: str, shown: str, offset: int) -> Diagnostic:
    """A character YAML does not allow (a control character pasted along with text)."""
    before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    line = before.count("\n") + offset
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Diagnostic(
        shown,
        line,
        col,
        f"invalid YAML: the invisible control character U+{char:04X} is not allowed",
        "delete it (it often comes along with text pasted from another program)",
    )


def _yaml_problem(
    exc: yaml.MarkedYAMLError, text: str, mark: Any, shown: str, line: int, col: int
) -> Diagnostic:
    problem = str(exc.problem or exc.context or "")
    lines = text.split("\n")
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = here[mark.column] if mark and mark.column < len(here) else ""
    if "\t" in here[: (mark.column if mark else 0) + 1] and (char == "\t" or "token" in problem):
        return Diagnostic(
            shown,
            line,
            col,
            "invalid YAML: a tab is used for indentation",
            "YAML indents with spaces only: replace the tab by spaces",
        )
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split("'")[1] if "'" in problem else ""
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return Diagnostic(
            shown,
            line,
            col,
            f"invalid YAML: the tag '{tag}' is not allowed",
            "journeygen reads plain YAML (text, numbers, lists, key: value pairs): "
            "remove the tag, or put the value in quotes",
        )
    if problem.startswith("found undefined alias"):
        return Diagnostic(
            shown,
            line,
            col,
            f"invalid YAML: {problem.replace('found undefined alias', 'unknown alias')}",
            "an alias (*name) repeats a value marked &name earlier in the file; "
            "put text that starts with '*' in quotes",
        )
    if str(exc.context).startswith("found duplicate anchor"):
        first = exc.context_mark.line + line - mark.line if exc.context_mark and mark else line
        name = str(exc.context).split("'")[1] if "'" in str(exc.context) else ""
        return Diagnostic(
            shown,
            line,
            col,
            f"invalid YAML: the anchor '&{name}' is defined twice",
            f"the first '&{name}' is at line {first}; give each anchor its own name",
        )
    if "cannot start any token" in problem and char in "@`%":
        return Diagnostic(
            shown,
            line,
            col,
            f"invalid YAML: a value cannot start with '{char}'",
            "put the value in quotes",
        )
    plain, hint = _YAML_PROBLEMS.get(
        problem,
        (problem, "check the indentation, and put text with ': ' or a leading symbol in quotes"),
    )
    return Diagnostic(shown, line, col, f"invalid YAML: {plain}", hint)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(yaml, body, line where the YAML starts), or None when there is no front matter."""
    if not (text.startswith("---\n") or text.rstrip("\n") == "---"):
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), 2
    raise ValueError("unclosed")


def read_document(
    path: Path,
    root: Path,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool = True,
    memo: Memo = NO_MEMO,
) -> Document | None:
    shown = relpath(path, root)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    return _document(path, shown, text, kind, problems, front_matter=front_matter, memo=memo)


def _document(
    path: Path,
    shown: str,
    text: str,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool,
    memo: Memo,
) -> Document | None:
    return memo.recall_checked(
        "document",
        (shown, kind, front_matter),
        text,
        lambda found: parse_document(path, shown, text, kind, found, front_matter=front_matter),
        problems,
    )


def parse_document(
    path: Path,
    shown: str,
    text: str,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool = True,
) -> Document | None:
    """The text of the file `path` (shown as `shown`) -> a Document, or None with problems."""
    doc_id = path.stem
    if path.suffix in YAML_EXTS:
        data = parse_yaml(text, shown, 1, problems)
        if data is None:
            return None
        doc = Document(kind, doc_id, shown, text, data)
        body = data.get("body") if isinstance(data, dict) else None
        if isinstance(body, str) and not check_markdown(
            body, shown, locate(doc, ("body",))[0] + 1, problems
        ):
            return None
        return doc
    try:
        parts = split_front_matter(text)
    except ValueError:
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                "front matter is not closed",
                "end the YAML front matter with a line that holds only '---'",
            )
        )
        return None
    if parts is None:
        if front_matter:
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    "missing front matter",
                    "start the file with a line '---', then the YAML keys, then a line '---'",
                )
            )
            return None
        if not check_markdown(text, shown, 1, problems):
            return None
        return Document(kind, doc_id, shown, text, {}, text, 1)
    yaml_text, body, yaml_line = parts
    data = parse_yaml(yaml_text, shown, yaml_line, problems)
    if data is None:
        return None
    body_line = text.count("\n") - body.count("\n") + 1
    if not check_markdown(body, shown, body_line, problems):
        return None
    return Document(kind, doc_id, shown, text, data, body, yaml_line)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r" {0,3}(?:>|[-+*] |\d{1,9}[.)] |: {1,3})|    |\t")
_NEW_BLOCK = re.compile(r"^\s*(?:[-+*] |\d{1,9}[.)] |\||#)")  # list item, table row, heading
_BRACKET = re.compile(r"\]\(|[\[\]()]")
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]*\] ?:", re.MULTILINE)
_OPEN_TAG = re.compile(r"</?[A-Za-z][^<>]*(?=<|\Z)")  # a tag that no '>' closes


def markdown_depth(line: str) -> int:
    """Levels of nesting a Markdown line opens: quotes, list items, indentation."""
    depth, at = 0, 0
    while (match := _CONTAINER.match(line, at)) and match.end() > at:
        depth, at = depth + 1, match.end()
    return depth


def _blocks(body: str) -> Iterator[tuple[int, str]]:
    """(index of its first line, text) of each paragraph, list item or table row; fenced
    code is left out. Python-Markdown's inline parsing is quadratic in these."""
    fence, start, lines = "", 0, []
    for number, line in enumerate([*body.split("\n"), ""]):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            continue
        if opened or not line.strip() or _NEW_BLOCK.match(line):
            if lines:
                yield start, "\n".join(lines)
            lines = []
            if opened:
                fence = opened[1]
            if opened or not line.strip():
                continue
        if not lines:
            start = number
        lines.append(line)


def _bracket_scan(text: str) -> int:
    """Characters Python-Markdown reads to find the ']' of every '[' and the ')' of every
    '](' (to the end of the paragraph for one that is not closed)."""
    scanned, brackets, parens = 0, [], []
    for match in _BRACKET.finditer(text):
        token, at = match[0], match.start()
        if token == "[":
            brackets.append(at)
        elif token in ("]", "](") and brackets:
            scanned += at - brackets.pop()
        if token in ("](", "("):
            parens.append((at, token == "]("))
        elif token == ")" and parens:
            opened, link = parens.pop()
            scanned += at - opened if link else 0
    unclosed = [*brackets, *(at for at, link in parens if link)]
    return scanned + sum(len(text) - at for at in unclosed)


def _markdown_problem(body: str) -> tuple[int, str, str] | None:
    """(line index, message, hint) of what makes this Markdown too costly to render."""
    size = len(body.encode("utf-8"))
    if size > MAX_MARKDOWN_BYTES:
        return (
            0,
            f"the Markdown text is too long ({math.ceil(size / 1024)} KB; "
            f"the limit is {MAX_MARKDOWN_BYTES // 1024} KB)",
            "split it over several pages in content/pages/",
        )
    scanned = 0
    for start, block in _blocks(body):
        if (size := len(block.encode("utf-8"))) > MAX_BLOCK_BYTES:
            return (
                start,
                f"this paragraph is too long ({math.ceil(size / 1024)} KB; "
                f"the limit is {MAX_BLOCK_BYTES // 1024} KB)",
                "split it with blank lines",
            )
        depth = max(markdown_depth(line) for line in block.split("\n"))
        if depth > MAX_DEPTH:
            return (
                start,
                f"the Markdown is nested more than {MAX_DEPTH} levels deep",
                "lists and quotes need far fewer levels: remove indentation or '>' marks",
            )
        scanned += _bracket_scan(block)
        if scanned > MAX_BRACKET_SCAN:
            return (
                start,
                "too many links or '[' that are not closed",
                "close each '[' with ']' and each '](' with ')'; "
                "write a '[' that is not part of a link as '\\['",
            )
    abbreviations = list(_ABBREVIATION.finditer(body))
    if len(abbreviations) > MAX_ABBREVIATIONS:
        return (
            body.count("\n", 0, abbreviations[MAX_ABBREVIATIONS].start()),
            f"more than {MAX_ABBREVIATIONS} abbreviations ('*[ABC]: ...')",
            "keep the abbreviations a text needs; a list of terms reads better as a table",
        )
    open_tags = list(_OPEN_TAG.finditer(body))
    if len(open_tags) > MAX_OPEN_TAGS:
        line = body.count("\n", 0, open_tags[MAX_OPEN_TAGS].start())
        return (
            line,
            f"more than {MAX_OPEN_TAGS} HTML tags that no '>' closes",
            "write a '<' that does not start a tag as '&lt;'",
        )
    return None


def check_markdown(body: str, shown: str, first_line: int, problems: list[Diagnostic]) -> bool:
    """Markdown that Python-Markdown renders in bounded time and stack (see the limits)."""
    problem = _markdown_problem(body)
    if problem is None:
        return True
    line, message, hint = problem
    problems.append(Diagnostic(shown, first_line + line, 1, message, hint))
    return False


def _content_files(
    folder: Path, exts: Sequence[str], root: Path, problems: list[Diagnostic]
) -> list[Path]:
    """The files of `folder` with one of `exts`, without links that leave the content
    folder (`folder`'s parent): those are reported."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in exts):
        if _readable(path, folder.parent, root, problems) and path.is_file():
            found.append(path)
    return found


def _readable(path: Path, content: Path, root: Path, problems: list[Diagnostic]) -> bool:
    """Whether `path` may be read: a link must stay inside the content folder and lead
    somewhere. (Editors' lock files, `.#name`, are links to nothing: left alone.)"""
    if not path.is_symlink():
        return True
    if path.name.startswith((".", "#")):
        return False
    shown = relpath(path, root)
    if not path.exists():
        problems.append(
            Diagnostic(shown, 1, 1, "this link leads to no file", "remove the link, or fix it")
        )
        return False
    if not path.resolve().is_relative_to(content.resolve()):
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"this is a link to '{path.resolve()}', outside the folder '{content.name}/'",
                "journeygen reads only files inside the content folder: "
                "copy the file in instead of linking to it",
            )
        )
        return False
    return True


def _check_id(path: Path, root: Path, problems: list[Diagnostic]) -> bool:
    if SLUG_RE.match(path.stem):
        return True
    shown = relpath(path, root)
    problems.append(
        Diagnostic(
            shown,
            1,
            1,
            f"file name '{path.name}' is not a valid id",
            f"ids are lower-case letters, digits and '-': rename it to "
            f"'{slugify(path.stem)}{path.suffix}'",
        )
    )
    return False


def read_collection(
    folder: Path,
    root: Path,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool = True,
    memo: Memo = NO_MEMO,
) -> tuple[tuple[Document, ...], frozenset[str]]:
    """The documents of one folder, and every id its files claim."""
    files: list[tuple[Path, str, str]] = []  # path, as shown, text
    seen: dict[str, str] = {}
    claimed: set[str] = set()
    for path in _content_files(folder, (MARKDOWN_EXT, *YAML_EXTS), root, problems):
        claimed.add(path.stem if SLUG_RE.match(path.stem) else slugify(path.stem))
        if not _check_id(path, root, problems):
            continue
        if path.stem in seen:
            problems.append(
                Diagnostic(
                    relpath(path, root),
                    1,
                    1,
                    f"duplicate {kind} id '{path.stem}'",
                    f"'{seen[path.stem]}' has the same id: remove or rename one of them",
                )
            )
            continue
        seen[path.stem] = relpath(path, root)
        text = read_text(path, seen[path.stem], problems)
        if text is not None:
            files.append((path, seen[path.stem], text))
    _parse_ahead(files, kind, front_matter, memo)
    docs = [
        _document(path, shown, text, kind, problems, front_matter=front_matter, memo=memo)
        for path, shown, text in files
    ]
    return tuple(doc for doc in docs if doc is not None), frozenset(claimed)


PARSE_PER_WORKER = 100  # files; fewer are parsed in this process (starting one costs ~30 ms)


def _parse_ahead(
    files: list[tuple[Path, str, str]], kind: str, front_matter: bool, memo: Memo
) -> None:
    """Parse the files `memo` does not hold yet by one process per CPU when there are many
    (YAML is most of what reading a large project costs), into `memo`, where `_document`
    then finds them: the same documents and problems as when parsed one by one."""
    todo = [f for f in files if not memo.holds("document", (f[1], kind, front_matter), f[2])]
    count = worker_count(len(todo), PARSE_PER_WORKER, None, [])
    if count < 2:
        return
    parse = functools.partial(_parse_one, kind=kind, front_matter=front_matter)
    for (_path, shown, text), parsed in zip(todo, map_forked(parse, todo, count), strict=True):
        memo.made_elsewhere("document", (shown, kind, front_matter), text, parsed)


def _parse_one(
    file: tuple[Path, str, str], *, kind: str, front_matter: bool
) -> tuple[Document | None, tuple[Diagnostic, ...]]:
    """In a worker: one file parsed, as `Memo.recall_checked` keeps it."""
    path, shown, text = file
    found: list[Diagnostic] = []
    return parse_document(path, shown, text, kind, found, front_matter=front_matter), tuple(found)


def read_csv_rows(
    path: Path, root: Path, problems: list[Diagnostic], memo: Memo = NO_MEMO
) -> tuple[CsvRow, ...]:
    shown = relpath(path, root)
    text = read_text(path, shown, problems, MAX_CSV_BYTES)
    if text is None:
        return ()
    return memo.recall_checked(
        "csv", shown, text, lambda found: tuple(parse_csv_rows(shown, text, found)), problems
    )


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


def list_assets(folder: Path, root: Path, problems: list[Diagnostic]) -> tuple[str, ...]:
    """The files under `folder` (content/assets/), as paths relative to it. Links are
    followed while they stay inside the content folder; a link out of it, to nothing or to
    something that is not a file (a pipe, a device) is reported, and so is a file that
    cannot be read: the build would copy it into the site."""
    if not folder.is_dir():
        return ()
    content = folder.parent
    found: list[str] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        here = Path(dirpath)
        real = os.path.realpath(here)
        if real in seen:  # a link back up: walked already
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and _readable(here / d, content, root, problems)
        )
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or not _readable(path, content, root, problems):
                continue
            problem = _not_a_file(path)
            if problem:
                problems.append(Diagnostic(relpath(path, root), 1, 1, *problem))
                continue
            found.append(path.relative_to(folder).as_posix())
    return tuple(sorted(found))


def _not_a_file(path: Path) -> tuple[str, str] | None:
    if not path.is_file():
        return (
            "this is not a file (a pipe, socket or device)",
            "content/assets/ holds images and files to publish: remove it",
        )
    if not os.access(path, os.R_OK):
        return ("cannot read file: permission denied", "make the file readable, or remove it")
    return None


def read_sources(
    root: Path, config_path: Path | None, memo: Memo = NO_MEMO
) -> tuple[Sources, list[Diagnostic]]:
    """Everything a build reads, from the project folder `root`; with a `memo` of the last
    build, files whose text is unchanged are not parsed again."""
    if memo is NO_MEMO:  # still one for this read: files parsed ahead by workers wait in it
        memo = Memo(pages=False)
    problems: list[Diagnostic] = []
    config = None
    if config_path is not None:
        config = read_document(config_path, root, "config", problems, memo=memo)
    content_name = "content"
    if config is not None and isinstance(config.data, dict):
        content_name = str(config.data.get("content_dir") or "content")
    content = root / content_name
    if config is not None and not inside_project(content_name):
        line, col = locate(config, ("content_dir",))
        problems.append(
            Diagnostic(
                config.path,
                line,
                col,
                f"content_dir '{content_name}' is outside the project folder",
                "journeygen reads content from a folder inside the project, e.g. content",
            )
        )
        content = root / ".journeygen-no-content"  # read nothing from outside
    elif not content.is_dir():
        where = config.path if config is not None else content_name
        line, col = locate(config, ("content_dir",)) if config is not None else (1, 1)
        hint = (
            "set 'content_dir:' in journeygen.yml to the folder with personas/ and journeys/"
            if config is not None
            else "run 'journeygen new DIR' to start a project, or run this in your project folder"
        )
        problems.append(
            Diagnostic(where, line, col, f"there is no folder '{content_name}/' here", hint)
        )
    touchpoints = None
    for name in ("touchpoints.yml", "touchpoints.yaml"):
        path = content / name
        if _readable(path, content, root, problems) and path.is_file():
            touchpoints = read_document(path, root, "touchpoints", problems, memo=memo)
            break
    rows: list[CsvRow] = []
    for csv_path in _content_files(content / "data", (".csv",), root, problems):
        rows.extend(read_csv_rows(csv_path, root, problems, memo))
    personas, persona_ids = read_collection(
        content / "personas", root, "persona", problems, memo=memo
    )
    journeys, journey_ids = read_collection(
        content / "journeys", root, "journey", problems, memo=memo
    )
    pages, page_ids = read_collection(
        content / "pages", root, "page", problems, front_matter=False, memo=memo
    )
    sources = Sources(
        root=root,
        content_dir=content,
        config=config,
        personas=personas,
        journeys=journeys,
        pages=pages,
        touchpoints=touchpoints,
        data_rows=tuple(rows),
        assets=list_assets(content / "assets", root, problems),
        known_ids={"persona": persona_ids, "journey": journey_ids, "page": page_ids},
    )
    return sources, problems


# -- positions ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, _Refused):
        return None


def _yaml_text(doc: Document) -> str:
    if doc.path.endswith(YAML_EXTS) or doc.kind == "config":
        return doc.text
    parts = split_front_matter(doc.text)
    return parts[0] if parts else ""


def _walk(
    node: yaml.Node, loc: Sequence[str | int]
) -> Iterator[tuple[yaml.Node | None, yaml.Node]]:
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


def locate(doc: Document, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """Line and column (1-based, in the file) of the YAML value at `loc`.

    With `key`, the position of the last key itself (for an unknown key). Where the
    path does not exist (a missing key), the deepest existing node is used.
    """
    root = _compose(_yaml_text(doc))
    if root is None:
        return doc.yaml_line, 1
    best: yaml.Node = root
    steps = list(_walk(root, loc))
    if steps:
        best = steps[-1][1]
    if key and steps and len(steps) == len(loc) and steps[-1][0] is not None:
        best = steps[-1][0]
    mark = best.start_mark
    return mark.line + doc.yaml_line, mark.column + 1
