"""Diagnostics: problems found in a user's project, as values.

Every step of the pipeline returns diagnostics instead of raising, so that a build
reports all problems at once and tests can assert on them as data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: `path:line:col: severity: message` plus a hint."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.message)


MAX_PER_FILE = 100  # diagnostics shown for one file; the rest are counted
MORE = "more"  # the code of the diagnostic that counts them


def capped(diagnostics: Iterable[Diagnostic], limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """`diagnostics` (sorted) with at most `limit` per file, then one that counts the rest
    of that file, at the first left out: 600,000 broken CSV rows are 101 lines, not
    600,000. An error when any left out is one."""
    shown: list[Diagnostic] = []
    rest: dict[str, list[Diagnostic]] = {}
    count: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.code == MORE:  # capped before (check's list, in a build's)
            shown.append(diagnostic)
            continue
        count[diagnostic.path] = count.get(diagnostic.path, 0) + 1
        if count[diagnostic.path] <= limit:
            shown.append(diagnostic)
        else:
            rest.setdefault(diagnostic.path, []).append(diagnostic)
    for path, left in rest.items():
        first = left[0]
        error = any(d.is_error for d in left)
        shown.append(
            Diagnostic(
                path,
                first.line,
                first.col,
                f"and {len(left):,} more problems in this file, not shown",
                f"the first {limit} are above; many problems in one file are often one "
                "mistake repeated (a wrong column, a wrong separator)",
                Severity.ERROR if error else Severity.WARNING,
                MORE,
            )
        )
    return sorted(shown, key=Diagnostic.sort_key)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A `did you mean 'x'?` hint, or the empty string when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {option.lower(): option for option in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else ""


def hint_with_choices(
    word: str, choices: Iterable[str], kind: str, *, ordered: bool = False
) -> str:
    """`did you mean 'eva'? known personas: eva, tom` (the list cut at 12 names).

    With `ordered`, the choices are listed as given (a preset's stages, in order).
    """
    options = list(dict.fromkeys(choices)) if ordered else sorted(set(choices))
    guess = suggest(word, options)
    if not options:
        listing = f"there are no {kind}"
    else:
        shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
        listing = f"known {kind}: {shown}"
    return f"{guess} {listing}".strip()


def printable(text: str) -> str:
    """`text` safe to print in one line: control and invisible characters from content
    (a line break in a key, an ANSI escape in a CSV value, a right-to-left override)
    are shown as escapes instead of acting on the terminal."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def format_text(diagnostic: Diagnostic) -> str:
    head = (
        f"{printable(diagnostic.path)}:{diagnostic.line}:{diagnostic.col}: "
        f"{diagnostic.severity}: {printable(diagnostic.message)}"
    )
    return f"{head}\n    hint: {printable(diagnostic.hint)}" if diagnostic.hint else head


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the file."""
    message = printable(diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else ""))
    props = (
        f"file={_github_escape(printable(diagnostic.path), prop=True)},"
        f"line={diagnostic.line},col={diagnostic.col},title=journeygen"
    )
    return f"::{diagnostic.severity} {props}::{_github_escape(message)}"


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) if parts else "no problems"
