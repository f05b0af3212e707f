"""The git tags a `versions:` pattern names, for publishing each tagged version.

Tag names become folder names (`versions/<tag>/`) and parts of links, so only plain names
are taken: letters, digits, `.`, `_` and `-`, not starting with `.` or `-`; any other
matching tag is skipped with a warning. git runs without a shell, without hooks, without
asking for a password, and never with a tag name where an option could be read.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from pathlib import Path

from journeygen.core.diagnostics import Diagnostic, Severity
from journeygen.model.versions import Version

PATTERN = re.compile(r"[A-Za-z0-9._*?\[\]-]{1,100}")
TAG_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")
PATTERN_HINT = "a tag pattern is a name with * and ? for any characters, e.g. 'review-*' or 'v1.*'"


class GitError(Exception):
    """git could not be run or answered with an error (its message)."""


def is_pattern(text: str) -> bool:
    """Whether `text` may be a `versions:` tag pattern."""
    return PATTERN.fullmatch(text) is not None and not text.startswith(("-", "."))


def git(root: Path, *args: str) -> bytes:
    """Run git in `root`: no shell, no hooks, no prompts, no pager; stdout, or GitError."""
    command = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_ASKPASS": ""}
    try:
        run = subprocess.run(
            [*command, "-C", str(root), *args], capture_output=True, check=False, env=env
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if run.returncode != 0:
        raise GitError(run.stderr.decode("utf-8", "replace").strip() or "git failed")
    return run.stdout


def matching_tags(
    root: Path, pattern: str, where: tuple[str, int]
) -> tuple[list[Version], list[Diagnostic]]:
    """The tags of the repository at `root` that `pattern` matches, newest first (by the
    tag's date), and the problems: a bad pattern (an error), no repository or no
    match (warnings), names that cannot be folder names (a warning each). `where` is the
    file and line diagnostics name (journeygen.yml's `versions:` or the command line)."""
    path, line = where
    if not is_pattern(pattern):
        message = f"'{pattern}' is not a tag pattern"
        return [], [Diagnostic(path, line, 1, message, PATTERN_HINT)]
    try:
        listed = git(
            root,
            "for-each-ref",
            "--sort=-version:refname",
            "--sort=-creatordate",
            "--format=%(refname:strip=2)%00%(creatordate:short)%00%(objecttype)"
            "%00%(objectname)%00%(*objecttype)%00%(*objectname)",
            "refs/tags/",
        )
    except GitError as exc:
        message = f"versions: cannot list the git tags ({exc})"
        hint = "versions need the project in a git repository with its tags (git fetch --tags)"
        return [], [Diagnostic(path, line, 1, message, hint, Severity.WARNING)]
    found: list[Version] = []
    problems: list[Diagnostic] = []
    folders: set[str] = set()
    for row in listed.decode("utf-8", "replace").splitlines():
        name, date, kind, sha, peeled_kind, peeled = row.split("\0")
        if not fnmatch.fnmatchcase(name, pattern):
            continue
        if not TAG_NAME.fullmatch(name) or name.lower() in folders:
            why = "is not a plain name" if TAG_NAME.fullmatch(name) is None else "is taken"
            problems.append(
                Diagnostic(
                    path,
                    line,
                    1,
                    f"tag '{_shown(name)}' skipped: its folder name {why}",
                    "tags of published versions use letters, digits, '.', '_' and '-' "
                    "(and differ in more than case)",
                    Severity.WARNING,
                )
            )
            continue
        if (peeled_kind or kind) != "commit":  # a tag of a tree or a blob
            message = f"tag '{name}' skipped: it names no commit"
            problems.append(Diagnostic(path, line, 1, message, "", Severity.WARNING))
            continue
        folders.add(name.lower())
        found.append(Version(name, date, peeled or sha))
    if not found and not problems:
        message = f"versions: no git tag matches '{pattern}'"
        hint = "list the tags with `git tag --list`; in CI, fetch them (fetch-depth: 0)"
        problems.append(Diagnostic(path, line, 1, message, hint, Severity.WARNING))
    return found, problems


def _shown(name: str) -> str:
    """A tag name as a message shows it: printable, at most 60 characters."""
    text = "".join(c if c.isprintable() else "?" for c in name)
    return text if len(text) <= 60 else text[:57] + "..."
