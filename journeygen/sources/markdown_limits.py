"""Markdown that Python-Markdown would take too long on, or nest too deep: found before a
text is converted, and reported at its line (`check_markdown`)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.limits import (
    MAX_ABBREVIATIONS,
    MAX_BLOCK_BYTES,
    MAX_BRACKET_SCAN,
    MAX_DEPTH,
    MAX_MARKDOWN_BYTES,
    MAX_OPEN_TAGS,
)

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
    fence, start = "", 0
    lines: list[str] = []
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
