"""`journeygen new`: write the starter project (journeygen/starter/) into a new folder.

The starter ships as package data. Its `gitignore` is written as `.gitignore`, because
dotfiles in package data are easily lost by packaging tools.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

RENAMED = {"gitignore": ".gitignore"}
SKIPPED = {"__pycache__", ".DS_Store"}


class ScaffoldError(Exception):
    """The project cannot be created where asked; the message says why."""


def starter_files() -> list[tuple[str, Traversable]]:
    """(path in the new project, file in the package) for every starter file, sorted."""
    found: list[tuple[str, Traversable]] = []
    pending: list[tuple[str, Traversable]] = [("", files("journeygen") / "starter")]
    while pending:
        prefix, folder = pending.pop()
        for child in folder.iterdir():
            if child.name in SKIPPED:
                continue
            rel = prefix + child.name
            if child.is_dir():
                pending.append((rel + "/", child))
            else:
                found.append((RENAMED.get(rel, rel), child))
    return sorted(found, key=lambda item: item[0])


def create_project(target: Path) -> list[Path]:
    """Write the starter into `target` (absent or empty) and return the files written."""
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"'{target}' exists and is not a folder")
        if any(target.iterdir()):
            raise ScaffoldError(
                f"'{target}' is not empty; choose a new folder name, or empty this folder first"
            )
    written: list[Path] = []
    for rel, source in starter_files():
        path = target / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read_bytes())
        except OSError as exc:
            raise ScaffoldError(f"cannot write '{path}': {exc.strerror or exc}") from exc
        written.append(path)
    return written
