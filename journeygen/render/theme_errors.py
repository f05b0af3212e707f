"""Template problems as diagnostics: the template file and line, a message, a hint.

Jinja rewrites tracebacks so that frames of template code carry the template's file name
and line; the innermost such frame is where the problem is.
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import UndefinedError

from journeygen.core.diagnostics import Diagnostic, suggest
from journeygen.render.theme import Theme


def template_diagnostic(
    exc: BaseException, theme: Theme, template: str, context: dict[str, Any]
) -> Diagnostic:
    """Where in which template `exc` happened, as the user should read it."""
    if isinstance(exc, TemplateSyntaxError):
        return Diagnostic(
            theme.display_path(exc.filename),
            exc.lineno or 1,
            1,
            f"template syntax error: {exc.message}",
            "check the Jinja tags around this line",
        )
    filename, line = _template_frame(exc, theme)
    if isinstance(exc, TemplateNotFound) and filename is None:
        first = theme.dirs[0]
        shown = theme.display_path(str(first / "templates" / template))
        return Diagnostic(
            shown,
            1,
            1,
            f"template '{exc.name}' not found in theme '{theme.name}'",
            "add it, or set `extends: default` in the theme's theme.yml",
        )
    path = (
        theme.display_path(filename)
        if filename
        else theme.display_path(str(theme.dirs[0] / "templates" / template))
    )
    if isinstance(exc, UndefinedError):
        return Diagnostic(
            path, line, 1, f"undefined in template: {exc.message}", _undefined_hint(exc, context)
        )
    if isinstance(exc, TemplateNotFound):
        return Diagnostic(path, line, 1, f"template '{exc.name}' not found", _not_found_hint(theme))
    if isinstance(exc, KeyError):
        return Diagnostic(
            path, line, 1, f"no interface text for {exc}",
            "add the key to journeygen/core/strings_en.py and strings_nl.py, or fix its spelling",
        )  # fmt: skip
    return Diagnostic(path, line, 1, f"error in template: {type(exc).__name__}: {exc}")


def _template_frame(exc: BaseException, theme: Theme) -> tuple[str | None, int]:
    """The innermost traceback frame that runs template code: its file and line."""
    dirs = [d.resolve() for d in theme.template_dirs]
    found: tuple[str | None, int] = (None, 1)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix and any(_inside(path, d) for d in dirs):
            found = (frame.filename, frame.lineno or 1)
    return found


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


_UNDEFINED_NAME = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^'(?P<type>[\w.]+) object' has no attribute '(?P<name>[^']+)'$")


def _undefined_hint(exc: UndefinedError, context: dict[str, Any]) -> str:
    """`did you mean 'title'?`, from the object's attributes or the template's names."""
    fallback = "templates use StrictUndefined: check the spelling"
    message = exc.message or ""
    if match := _UNDEFINED_NAME.match(message):
        names = set(context)
        for frame in traceback.walk_tb(exc.__traceback__):
            names.update(k for k in frame[0].f_locals if isinstance(k, str))
        return suggest(match["name"], names) or fallback
    if match := _NO_ATTRIBUTE.match(message):
        module, _, name = match["type"].rpartition(".")
        owner = getattr(sys.modules.get(module), name, None) if module else None
        if isinstance(owner, type):
            choices = [a for a in dir(owner) if not a.startswith("_")]
            return suggest(match["name"], choices) or fallback
    return fallback


def _not_found_hint(theme: Theme) -> str:
    names = ", ".join(sorted({d.name for d in theme.dirs}))
    return f"check the name; a parent theme's template is reached as '<theme>/name.html' ({names})"
