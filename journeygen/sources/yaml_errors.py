"""YAML syntax errors in words a person editing the file understands, with a hint: what
libyaml says, translated (`PROBLEMS`), and the cases it words badly (tabs, tags, aliases,
anchors, control characters)."""

from __future__ import annotations

from typing import Any

import yaml

from journeygen.core.diagnostics import Diagnostic

# libyaml's words -> what a person editing a file needs to hear
PROBLEMS = {
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


def reader_problem(exc: yaml.reader.ReaderError, text: str, shown: str, offset: int) -> Diagnostic:
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


def yaml_problem(
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
    plain, hint = PROBLEMS.get(
        problem,
        (problem, "check the indentation, and put text with ': ' or a leading symbol in quotes"),
    )
    return Diagnostic(shown, line, col, f"invalid YAML: {plain}", hint)
