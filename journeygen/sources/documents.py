"""A project's files as documents: front matter split from the body, YAML parsed with its
line numbers, Markdown checked for what would be too slow to convert; many files parsed by
worker processes; and the position of any value, looked up again only for a file with a
diagnostic (`locate`), which keeps the common, clean build fast."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.reuse import FRESH, Reuse, Step
from journeygen.core.workers import map_forked, worker_count
from journeygen.sources.markdown_limits import check_markdown
from journeygen.sources.project_files import (
    SLUG_RE,
    check_id,
    content_files,
    read_text,
    relpath,
    slugify,
)
from journeygen.sources.yamlload import compose, parse_yaml, walk

MARKDOWN_EXT = ".md"
YAML_EXTS = (".yml", ".yaml")


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
    reuse: Reuse = FRESH,
) -> Document | None:
    shown = relpath(path, root)
    text = read_text(path, shown, problems, reuse=reuse)
    if text is None:
        return None
    return _document(path, shown, text, kind, problems, front_matter=front_matter, reuse=reuse)


def _document(
    path: Path,
    shown: str,
    text: str,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool,
    reuse: Reuse,
    ahead: Mapping[str, Parsed] | None = None,
) -> Document | None:
    """The file parsed, or taken from `reuse`; `ahead` holds files parsed by workers."""

    def parse(found: list[Diagnostic]) -> Document | None:
        if ahead is not None and shown in ahead:
            doc, problems_found = ahead[shown]
            found.extend(problems_found)
            return doc
        return parse_document(path, shown, text, kind, found, front_matter=front_matter)

    return reuse.recall_checked(Step.DOCUMENT, (shown, kind, front_matter), text, parse, problems)


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


def read_collection(
    folder: Path,
    root: Path,
    kind: str,
    problems: list[Diagnostic],
    *,
    front_matter: bool = True,
    reuse: Reuse = FRESH,
) -> tuple[tuple[Document, ...], frozenset[str]]:
    """The documents of one folder, and every id its files claim."""
    files: list[tuple[Path, str, str]] = []  # path, as shown, text
    seen: dict[str, str] = {}
    claimed: set[str] = set()
    for path in content_files(folder, (MARKDOWN_EXT, *YAML_EXTS), root, problems):
        claimed.add(path.stem if SLUG_RE.match(path.stem) else slugify(path.stem))
        if not check_id(path, root, problems):
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
        text = read_text(path, seen[path.stem], problems, reuse=reuse)
        if text is not None:
            files.append((path, seen[path.stem], text))
    ahead = _parse_ahead(files, kind, front_matter, reuse)
    docs = [
        _document(
            path, shown, text, kind, problems, front_matter=front_matter, reuse=reuse, ahead=ahead
        )
        for path, shown, text in files
    ]
    return tuple(doc for doc in docs if doc is not None), frozenset(claimed)


PARSE_PER_WORKER = 100  # files; fewer are parsed in this process (starting one costs ~30 ms)


Parsed = tuple[Document | None, tuple[Diagnostic, ...]]  # a file parsed, with its problems


def _parse_ahead(
    files: list[tuple[Path, str, str]], kind: str, front_matter: bool, reuse: Reuse
) -> dict[str, Parsed] | None:
    """The files `reuse` does not hold, parsed by one process per CPU when there are many
    (YAML is most of what reading a large project costs), by the path they are shown as;
    None when they are few. `_document` takes them from there: the same documents and
    problems as when parsed one by one."""
    todo = [f for f in files if not reuse.holds(Step.DOCUMENT, (f[1], kind, front_matter), f[2])]
    count = worker_count(len(todo), PARSE_PER_WORKER, None, [])
    if count < 2:
        return None
    parse = functools.partial(_parse_one, kind=kind, front_matter=front_matter)
    return {
        shown: parsed
        for (_path, shown, _text), parsed in zip(todo, map_forked(parse, todo, count), strict=True)
    }


def _parse_one(file: tuple[Path, str, str], *, kind: str, front_matter: bool) -> Parsed:
    """In a worker: one file parsed, with its problems."""
    path, shown, text = file
    found: list[Diagnostic] = []
    return parse_document(path, shown, text, kind, found, front_matter=front_matter), tuple(found)


# -- positions ---------------------------------------------------------------------------


def _yaml_text(doc: Document) -> str:
    if doc.path.endswith(YAML_EXTS) or doc.kind == "config":
        return doc.text
    parts = split_front_matter(doc.text)
    return parts[0] if parts else ""


def locate(doc: Document, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """Line and column (1-based, in the file) of the YAML value at `loc`.

    With `key`, the position of the last key itself (for an unknown key). Where the
    path does not exist (a missing key), the deepest existing node is used.
    """
    return locator(doc)(loc, key=key)


class Locator(Protocol):
    def __call__(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]: ...


def locator(doc: Document) -> Locator:
    """`locate` for many values of one file: its YAML is composed once (serve's positions
    of every item on a page)."""
    root = compose(_yaml_text(doc))

    def find(loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        if root is None:
            return doc.yaml_line, 1
        best: yaml.Node = root
        steps = list(walk(root, loc))
        if steps:
            best = steps[-1][1]
        if key and steps and len(steps) == len(loc) and steps[-1][0] is not None:
            best = steps[-1][0]
        mark = best.start_mark
        return mark.line + doc.yaml_line, mark.column + 1

    return find
