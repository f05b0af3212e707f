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
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from journeygen.diagnostics import Diagnostic

CONFIG_NAMES = ("journeygen.yml", "journeygen.yaml")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_EXT = ".md"
YAML_EXTS = (".yml", ".yaml")

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader that also records keys given twice in one mapping."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark, yaml.Mark]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Mark] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append(
                        (key_node.value, seen[key_node.value], key_node.start_mark)
                    )
                seen.setdefault(key_node.value, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


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


@dataclass(frozen=True, slots=True)
class CsvRow:
    path: str
    line: int
    values: dict[str, str]
    text: str = ""  # the line as written, for column numbers
    delimiter: str = ","

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


def relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, shown: str, problems: list[Diagnostic]) -> str | None:
    try:
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
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + offset
        col = (mark.column if mark else 0) + 1
        problems.append(_yaml_problem(exc, text, mark, shown, line, col))
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
    path: Path, root: Path, kind: str, problems: list[Diagnostic], *, front_matter: bool = True
) -> Document | None:
    shown = relpath(path, root)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    doc_id = path.stem
    if path.suffix in YAML_EXTS:
        data = parse_yaml(text, shown, 1, problems)
        return None if data is None else Document(kind, doc_id, shown, text, data)
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
        return Document(kind, doc_id, shown, text, {}, text, 1)
    yaml_text, body, yaml_line = parts
    data = parse_yaml(yaml_text, shown, yaml_line, problems)
    if data is None:
        return None
    return Document(kind, doc_id, shown, text, data, body, yaml_line)


def _content_files(folder: Path, exts: Sequence[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in exts)


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
    folder: Path, root: Path, kind: str, problems: list[Diagnostic], *, front_matter: bool = True
) -> tuple[tuple[Document, ...], frozenset[str]]:
    """The documents of one folder, and every id its files claim."""
    docs: list[Document] = []
    seen: dict[str, str] = {}
    claimed: set[str] = set()
    for path in _content_files(folder, (MARKDOWN_EXT, *YAML_EXTS)):
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
        doc = read_document(path, root, kind, problems, front_matter=front_matter)
        if doc is not None:
            seen[doc.id] = doc.path
            docs.append(doc)
    return tuple(docs), frozenset(claimed)


def read_csv_rows(path: Path, root: Path, problems: list[Diagnostic]) -> list[CsvRow]:
    shown = relpath(path, root)
    text = read_text(path, shown, problems)
    if text is None:
        return []
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
            row_values = {h: v.strip() for h, v in zip(header, values, strict=True)}
            raw_line = lines[line - 1] if line <= len(lines) else ""
            rows.append(CsvRow(shown, line, row_values, raw_line, delimiter))
    except csv.Error as exc:
        problems.append(Diagnostic(shown, line + 1, 1, f"invalid CSV: {exc}"))
    return rows


def list_assets(folder: Path) -> tuple[str, ...]:
    if not folder.is_dir():
        return ()
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                found.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return tuple(sorted(found))


def read_sources(root: Path, config_path: Path | None) -> tuple[Sources, list[Diagnostic]]:
    """Everything a build reads, from the project folder `root`."""
    problems: list[Diagnostic] = []
    config = None
    if config_path is not None:
        config = read_document(config_path, root, "config", problems)
    content_name = "content"
    if config is not None and isinstance(config.data, dict):
        content_name = str(config.data.get("content_dir") or "content")
    content = root / content_name
    if not content.is_dir():
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
        if (content / name).is_file():
            touchpoints = read_document(content / name, root, "touchpoints", problems)
            break
    rows: list[CsvRow] = []
    for csv_path in _content_files(content / "data", (".csv",)):
        rows.extend(read_csv_rows(csv_path, root, problems))
    personas, persona_ids = read_collection(content / "personas", root, "persona", problems)
    journeys, journey_ids = read_collection(content / "journeys", root, "journey", problems)
    pages, page_ids = read_collection(content / "pages", root, "page", problems, front_matter=False)
    sources = Sources(
        root=root,
        content_dir=content,
        config=config,
        personas=personas,
        journeys=journeys,
        pages=pages,
        touchpoints=touchpoints,
        data_rows=tuple(rows),
        assets=list_assets(content / "assets"),
        known_ids={"persona": persona_ids, "journey": journey_ids, "page": page_ids},
    )
    return sources, problems


# -- positions ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
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
