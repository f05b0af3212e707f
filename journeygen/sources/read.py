"""Read a project: its config, personas, journeys, pages, touchpoint library, CSV rows and
assets, as `Sources`.

Nothing is checked here beyond what it takes to read a file (encoding, size, front matter,
YAML syntax, CSV shape, Markdown that would be too slow to convert); `validate` checks
meaning. The pieces: `yamlload` (YAML to data, and its errors in words), `csvrows` (CSV text
to rows), `markdown_limits`, and `limits` (how much of each is read). Line and column
numbers are looked up again only for files that have a diagnostic (`locate`), which keeps
the common, clean build fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.limits import MAX_CSV_BYTES
from journeygen.core.reuse import FRESH, Reuse, Step
from journeygen.sources.config_file import ConfigFile
from journeygen.sources.csvrows import CsvRow, parse_csv_rows
from journeygen.sources.documents import Document, locate, read_collection, read_document
from journeygen.sources.project_files import (
    content_files,
    content_folder,
    inside_project,
    list_assets,
    read_text,
    readable,
    relpath,
)
from journeygen.sources.yamlload import compose

CONFIG_NAMES = ("journeygen.yml", "journeygen.yaml")


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
        if readable(path, content, root, problems) and path.is_file():
            touchpoints = read_document(path, root, "touchpoints", problems, reuse=reuse)
            break
    data, personas_dir, journeys_dir, pages_dir, assets = (
        content_folder(content, name, root, problems)
        for name in ("data", "personas", "journeys", "pages", "assets")
    )
    rows: list[CsvRow] = []
    for csv_path in content_files(data, (".csv",), root, problems):
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
