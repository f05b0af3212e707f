"""Themes: where templates and assets are looked up, most specific folder first.

A theme is a folder with `templates/` (Jinja), `assets/` (copied to `site/assets/`) and an
optional `theme.yml`. The chain for a project:

* ``theme: default`` (the default) is the built-in theme. A project folder
  ``themes/default/`` overrides single files of it: drop in
  ``themes/default/templates/journey.html`` or ``themes/default/assets/journeygen.css``.
* ``theme: brand`` is the project folder ``themes/brand/``. Its ``theme.yml`` may say
  ``extends: default`` (or the name of another project theme); without ``extends`` the theme
  stands alone and must provide every template.

An override can extend the template it replaces and change one block. Templates of a theme
in the chain are also reachable under ``<theme name>/``; ``default/`` is always the built-in
theme itself, so a project override never extends itself::

    {# themes/default/templates/journey.html #}
    {% extends "default/journey.html" %}
    {% block journey_intro %}
      {{ super() }}
      <p class="jg-callout">Workshop draft: please do not forward.</p>
    {% endblock %}
"""

from __future__ import annotations

import functools
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
)

import journeygen
from journeygen.core.diagnostics import Diagnostic, hint_with_choices
from journeygen.render import (
    extension,
    filters,  # noqa: F401  (registers journeygen's own filters)
    precompiled,
)
from journeygen.sources.config_file import ConfigFile

BUILTIN_NAME = "default"
THEME_FILE = "theme.yml"
THEME_KEYS = ("extends", "description")


@dataclass(frozen=True)
class Theme:
    """A theme chain: `dirs` are theme folders, most specific first."""

    name: str
    dirs: tuple[Path, ...]

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return tuple(d / "templates" for d in self.dirs if (d / "templates").is_dir())

    @property
    def asset_dirs(self) -> tuple[Path, ...]:
        return tuple(d / "assets" for d in self.dirs if (d / "assets").is_dir())

    @property
    def environment(self) -> Environment:
        """The Jinja environment of this theme, shared by every build with the same files.

        Templates are compiled once and recompiled when their file changes (auto reload);
        a template file added or removed in a theme folder makes a new environment, so a
        new override takes effect in `serve` without a restart.
        """
        return _environment(self.dirs, _template_files(self.dirs))

    def display_path(self, filename: str | None) -> str:
        """A template file as the user knows it: `themes/brand/templates/x.html`."""
        if not filename:
            return "themes"
        path = Path(filename)
        builtin = builtin_theme_dir()
        for folder in self.dirs:
            if folder == builtin:
                continue
            try:
                return path.relative_to(folder.parent.parent).as_posix()
            except ValueError:
                continue
        try:
            return "<journeygen>/themes/default/" + path.relative_to(builtin).as_posix()
        except ValueError:
            return path.as_posix()


def _template_files(dirs: tuple[Path, ...]) -> frozenset[str]:
    return frozenset(
        str(path) for folder in dirs for path in (folder / "templates").rglob("*") if path.is_file()
    )


@functools.lru_cache(maxsize=4)
def _environment(dirs: tuple[Path, ...], files: frozenset[str]) -> Environment:
    """One environment per theme chain and set of template files (a small cache)."""
    env = Environment(
        loader=_loader(dirs),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(extension.FILTERS)  # {{ 'drop' | icon }} and the like: see filters.py
    return env


def template_sources(theme: Theme) -> tuple[tuple[str, bytes], ...]:
    """Every template file of the theme chain with its bytes: equal as long as no template
    changed (`serve` reuses a rendered page only while this is equal)."""
    return tuple(
        (str(path), path.read_bytes())
        for folder in theme.template_dirs
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def reads_site(env: Environment, name: str) -> bool:
    """Whether template `name`, or one it extends, includes or imports, reads the variable
    `site` (the whole model): a page drawn by it may then show anything of any journey. A
    template named by an expression cannot be followed: assume it does."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        assert env.loader is not None
        source, _filename, _uptodate = env.loader.get_source(env, current)
        uses_site, referenced = _site_and_references(env, source)
        if uses_site:
            return True
        for other in referenced:
            if other is None:
                return True
            pending.append(other)
    return False


@functools.lru_cache(maxsize=512)
def _site_and_references(env: Environment, source: str) -> tuple[bool, tuple[str | None, ...]]:
    """Whether a template's own source names `site`, and the templates it refers to; each
    source parsed once per environment (base.html is part of every page template: a cold
    build of the example spent half its time parsing it again and again). Any use of a
    name `site` counts, also of a variable set or passed under that name: when in doubt, the
    page is taken to show the whole site (drawn again more often, never stale). Not
    `meta.find_undeclared_variables`, which generates the template's code to know. The
    built-in theme's answers are kept with its compiled templates (`precompiled`)."""
    kept = precompiled.site_and_references(source)
    return kept if kept is not None else precompiled.parsed_facts(env, source)


def builtin_theme_dir() -> Path:
    """The default theme: inside the installed package, else at the repository root."""
    packaged = Path(journeygen.__file__).parent / "themes" / BUILTIN_NAME
    if packaged.is_dir():
        return packaged
    return Path(journeygen.__file__).resolve().parent.parent / "themes" / BUILTIN_NAME


def _loader(dirs: tuple[Path, ...]) -> BaseLoader:
    """Search `dirs` in order; `<name>/x.html` reaches theme `<name>` and its parents only."""
    builtin = builtin_theme_dir()
    prefixes: dict[str, BaseLoader] = {}
    for index, folder in enumerate(dirs):
        name = BUILTIN_NAME if folder == builtin else folder.name
        if name in prefixes or (name == BUILTIN_NAME and folder != builtin):
            continue  # `default/` always means the built-in theme, never a project override
        prefixes[name] = _Loader([str(d / "templates") for d in dirs[index:]])
    search = _Loader([str(d / "templates") for d in dirs])
    return ChoiceLoader([PrefixLoader(prefixes), search])


class _Loader(FileSystemLoader):
    """A `FileSystemLoader` that takes a built-in template's code from `precompiled` when
    it has the code of exactly this source (else Jinja compiles it, as `BaseLoader.load`)."""

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        source, filename, uptodate = self.get_source(environment, name)
        python = precompiled.python_source(source, name)
        if python is None:
            code = environment.compile(source, name, filename)
        else:
            code = compile(python, filename or "<template>", "exec")
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)


def load_theme(
    project_root: Path, name: str, config: ConfigFile | None = None
) -> tuple[Theme | None, list[Diagnostic]]:
    """The theme `name` for the project at `project_root`, or None and what is wrong (an
    unknown `name` at its line in `config`, the journeygen.yml it was read from)."""
    themes_dir = project_root / "themes"
    builtin = builtin_theme_dir()
    problems: list[Diagnostic] = []
    dirs: list[Path] = []
    current = name
    referrer: tuple[Path, Path] | None = None  # (root, the theme.yml that named `current`)
    seen: list[str] = []
    while True:
        if current in seen:
            assert referrer is not None  # a circle needs an `extends`
            chain = " -> ".join([*seen, current])
            problems.append(_at(referrer, f"themes extend each other in a circle: {chain}", ""))
            return None, problems
        seen.append(current)
        folder = themes_dir / current
        if current == BUILTIN_NAME:
            if folder.is_dir():
                dirs.append(folder)
            dirs.append(builtin)
            break
        if not folder.is_dir():
            known = sorted({BUILTIN_NAME, *_project_theme_names(themes_dir)})
            hint = hint_with_choices(current, known, "themes")
            if referrer is None:
                config = config or ConfigFile()
                line = config.line("theme")
                problems.append(
                    Diagnostic(config.path, line, 1, f"unknown theme '{current}'", hint)
                )
            else:
                problems.append(_at(referrer, f"unknown theme '{current}' in extends", hint))
            return None, problems
        dirs.append(folder)
        parent, more = _read_theme_file(project_root, folder)
        problems.extend(more)
        if more:
            return None, problems
        if parent is None:
            break
        current, referrer = parent, (project_root, folder / THEME_FILE)
    return Theme(name=name, dirs=tuple(dirs)), problems


def _project_theme_names(themes_dir: Path) -> list[str]:
    if not themes_dir.is_dir():
        return []
    return sorted(p.name for p in themes_dir.iterdir() if p.is_dir())


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (1 if it cannot be found)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return 1
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def _at(where: tuple[Path, Path], message: str, hint: str) -> Diagnostic:
    """A problem with the `extends` of a theme.yml."""
    root, path = where
    return Diagnostic(
        path.relative_to(root).as_posix(), _key_line(path, "extends"), 1, message, hint
    )


def _read_theme_file(project_root: Path, folder: Path) -> tuple[str | None, list[Diagnostic]]:
    """The `extends` of a theme folder's theme.yml (None: stands alone), and its problems."""
    path = folder / THEME_FILE
    if not path.is_file():
        return None, []
    shown = path.relative_to(project_root).as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(shown, line, col, f"invalid YAML: {exc}".splitlines()[0])]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Diagnostic(shown, 1, 1, f"cannot read file: {exc}")]
    if data is None:
        return None, []
    if not isinstance(data, dict):
        return None, [Diagnostic(shown, 1, 1, "theme.yml must be a mapping of keys to values")]
    problems = [
        Diagnostic(
            shown,
            _key_line(path, str(key)),
            1,
            f"unknown key '{key}'",
            hint_with_choices(str(key), THEME_KEYS, "keys"),
        )
        for key in data
        if key not in THEME_KEYS
    ]
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        line = _key_line(path, "extends")
        problems.append(Diagnostic(shown, line, 1, "extends must be the name of a theme"))
    return (parent if isinstance(parent, str) else None), problems
