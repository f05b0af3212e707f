"""Read a project's files: config, front matter, YAML, CSV rows and assets.

Nothing is checked here beyond what it takes to read a file (encoding, size, front matter,
YAML syntax, CSV shape, Markdown that would be too slow to convert); `validate` checks
meaning. The pieces: `yamlload` (YAML to data, and its errors in words), `csvrows` (CSV text
to rows), `markdown_limits`, and `limits` (how much of each is read). Line and column
numbers are looked up again only for files that have a diagnostic (`locate`), which keeps
the common, clean build fast.
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
import re
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.limits import MAX_CSV_BYTES, MAX_FILE_BYTES
from journeygen.core.reuse import FRESH, Reuse, Step
from journeygen.core.workers import map_forked, worker_count
from journeygen.sources.config_file import ConfigFile
from journeygen.sources.csvrows import CsvRow, parse_csv_rows
from journeygen.sources.markdown_limits import check_markdown
from journeygen.sources.yamlload import compose, parse_yaml, walk

CONFIG_NAMES = ("journeygen.yml", "journeygen.yaml")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_EXT = ".md"
YAML_EXTS = (".yml", ".yaml")
_MB = 1024 * 1024


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
    config_file: ConfigFile = field(default_factory=ConfigFile)


def read_config_file(root: Path, config_path: Path | None) -> ConfigFile:
    """journeygen.yml's folders and key lines alone (serve, before its first build; a
    build has them in `Sources.config_file`)."""
    problems: list[Diagnostic] = []
    doc = None if config_path is None else read_document(config_path, root, "config", problems)
    return config_file(doc, root, config_path)


def config_file(doc: Document | None, root: Path, config_path: Path | None) -> ConfigFile:
    """What `ConfigFile` holds, from the config as parsed; read leniently (the defaults for
    what is not text): a broken config is reported by validate."""
    shown = relpath(config_path, root) if config_path is not None else CONFIG_NAMES[0]
    if doc is None or not isinstance(doc.data, dict):
        return ConfigFile(path=shown)
    folders = {}
    for key, default in (("content_dir", "content"), ("output_dir", "site")):
        value = doc.data.get(key)
        folders[key] = str(value) if value else default
    lines: dict[str, int] = {}
    node = compose(doc.text)
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.setdefault(str(key.value), key.start_mark.line + doc.yaml_line)
    return ConfigFile(shown, folders["content_dir"], folders["output_dir"], lines)


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


SETTLED_NS = 2_000_000_000  # a file changed this long before it is read is taken by its stat


def read_text(
    path: Path,
    shown: str,
    problems: list[Diagnostic],
    limit: int = MAX_FILE_BYTES,
    reuse: Reuse = FRESH,
) -> str | None:
    """The text of the file `path` (shown as `shown`), or None with problems. With a cache
    (`reuse`: serve's), a file whose inode, size, modification and change times are those
    of the last read is not read again, as long as it had settled then: changed more than
    `SETTLED_NS` before that read (else a second change within the clock's granularity
    could keep the same times; git's "racily clean" rule)."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        problems.append(Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror}"))
        return None
    now = time.time_ns()
    key: object = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > now - SETTLED_NS:
        key = ("unsettled", now)  # read now, and never taken by its stat later
    return reuse.recall_checked(
        Step.TEXT,
        shown,
        key,
        lambda found: _read_text(path, shown, found, limit, stat.st_size),
        problems,
    )


def _read_text(
    path: Path, shown: str, problems: list[Diagnostic], limit: int, size: int
) -> str | None:
    try:
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


def _content_files(
    folder: Path, exts: Sequence[str], root: Path, problems: list[Diagnostic]
) -> list[Path]:
    """The files of `folder` with one of `exts`, without links that leave the content
    folder (`folder`'s parent): those are reported."""
    if not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as entries:  # the entries' types come with them: no stat each
        listed = sorted((e for e in entries if os.path.splitext(e.name)[1] in exts), key=_name)
    for entry in listed:
        path = folder / entry.name
        if entry.is_symlink() and not _readable(path, folder.parent, root, problems):
            continue
        if entry.is_file():
            found.append(path)
    return found


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


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
                f"copy the {'folder' if path.is_dir() else 'file'} in instead of linking to it",
            )
        )
        return False
    return True


def _content_folder(content: Path, name: str, root: Path, problems: list[Diagnostic]) -> Path:
    """The folder `name` of the content folder; a link out of the content folder is
    reported and stands for no folder (nothing of it is read)."""
    folder = content / name
    if _readable(folder, content, root, problems):
        return folder
    return content / ".journeygen-no-folder"


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
    reuse: Reuse = FRESH,
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


def read_csv_rows(
    path: Path, root: Path, problems: list[Diagnostic], reuse: Reuse = FRESH
) -> tuple[CsvRow, ...]:
    shown = relpath(path, root)
    text = read_text(path, shown, problems, MAX_CSV_BYTES, reuse)
    if text is None:
        return ()
    return reuse.recall_checked(
        Step.CSV, shown, text, lambda found: tuple(parse_csv_rows(shown, text, found)), problems
    )


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
    root: Path, config_path: Path | None, reuse: Reuse = FRESH
) -> tuple[Sources, list[Diagnostic]]:
    """Everything a build reads, from the project folder `root`; with a cache (`reuse`) of
    the last build, files whose text is unchanged are not parsed again."""
    problems: list[Diagnostic] = []
    config = None
    if config_path is not None:
        config = read_document(config_path, root, "config", problems, reuse=reuse)
    folders = config_file(config, root, config_path)
    content_name = folders.content_dir
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
    elif content.is_symlink() and not content.resolve().is_relative_to(root.resolve()):
        problems.append(
            Diagnostic(
                relpath(content, root),
                1,
                1,
                f"this is a link to '{content.resolve()}', outside the project folder",
                "journeygen reads content only from inside the project: "
                "move the folder into the project instead of linking to it",
            )
        )
        content = root / ".journeygen-no-content"
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
            touchpoints = read_document(path, root, "touchpoints", problems, reuse=reuse)
            break
    data, personas_dir, journeys_dir, pages_dir, assets = (
        _content_folder(content, name, root, problems)
        for name in ("data", "personas", "journeys", "pages", "assets")
    )
    rows: list[CsvRow] = []
    for csv_path in _content_files(data, (".csv",), root, problems):
        rows.extend(read_csv_rows(csv_path, root, problems, reuse))
    personas, persona_ids = read_collection(personas_dir, root, "persona", problems, reuse=reuse)
    journeys, journey_ids = read_collection(journeys_dir, root, "journey", problems, reuse=reuse)
    pages, page_ids = read_collection(
        pages_dir, root, "page", problems, front_matter=False, reuse=reuse
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
        assets=list_assets(assets, root, problems),
        known_ids={"persona": persona_ids, "journey": journey_ids, "page": page_ids},
        config_file=folders,
    )
    return sources, problems


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
    root = compose(_yaml_text(doc))
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
