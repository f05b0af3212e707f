"""`journeygen new`: write the starter project (journeygen/scaffold/starter/) into a new folder.

The starter ships as package data: `starter/` in English, and `starter_nl/` with the
Dutch project (`--language nl`), which takes the rest (`.gitignore`, the workflow) from
`starter/`. Its `gitignore` is written as `.gitignore` and its `github/` folder as
`.github/`, because dotfiles in package data are easily lost by packaging tools. The
GitHub Pages workflow gets the pip requirement of the journeygen that wrote it, so the site
is built in GitHub Actions with the journeygen it was made with. `--framework` adds a
journey to fill in, with the stages of that preset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from journeygen import __version__
from journeygen.model.presets import PRESET_TITLES, PRESETS, stage_ids, stage_name

RENAMED = {"gitignore": ".gitignore"}
DOT_FOLDERS = ("github/", "vscode/")
SKIPPED = {"__pycache__", ".DS_Store"}
WORKFLOW = ".github/workflows/pages.yml"
REQUIREMENT_MARK = "@JOURNEYGEN_REQUIREMENT@"
NOTE_MARK = "@JOURNEYGEN_NOTE@"


class ScaffoldError(Exception):
    """The project cannot be created where asked; the message says why."""


# language -> the folder of its own starter files; a file it lacks comes from `starter/`
# only if it is shared (not the content, config or README of the English example).
STARTERS = {"en": "starter", "nl": "starter_nl"}
SHARED = (".gitignore", ".github/", ".vscode/")
STARTER_PERSONA = {"en": "priya", "nl": "anouk"}  # the persona a journey to fill in is about


def starter_files(language: str = "en") -> list[tuple[str, Traversable]]:
    """(path in the new project, file in the package) for every starter file, sorted."""
    found = dict(_files_in("starter"))
    if language != "en":
        found = {rel: f for rel, f in found.items() if rel.startswith(SHARED)}
        found.update(_files_in(STARTERS[language]))
    return sorted(found.items(), key=lambda item: item[0])


def _files_in(folder_name: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    pending: list[tuple[str, Traversable]] = [("", files("journeygen.scaffold") / folder_name)]
    while pending:
        prefix, folder = pending.pop()
        for child in folder.iterdir():
            if child.name in SKIPPED:
                continue
            rel = prefix + child.name
            if child.is_dir():
                pending.append((rel + "/", child))
            else:
                found.append((_target(rel), child))
    return found


def _target(rel: str) -> str:
    """Where a starter file goes in the new project: `github/x` -> `.github/x`."""
    if rel.startswith(DOT_FOLDERS):
        return "." + rel
    return RENAMED.get(rel, rel)


@dataclass(frozen=True)
class Requirement:
    """How pip installs this journeygen elsewhere, e.g. in GitHub Actions."""

    text: str  # a pip requirement: `journeygen==0.2.0`, `journeygen @ git+https://...@<sha>`
    reachable: bool  # False: installed from a folder on this computer, which CI cannot reach

    @property
    def note(self) -> str:
        if self.reachable:
            return ""
        return (
            f"journeygen was installed here from a folder on this computer, which GitHub "
            f"cannot reach, so '{self.text}' is a guess: write where your team installs "
            "journeygen from, such as a git URL "
            "(journeygen @ git+https://github.com/OWNER/journeygen@v" + __version__ + ") "
            "or a wheel's https URL."
        )


def journeygen_requirement(direct_url: str | None = None) -> Requirement:
    """The pip requirement of the running journeygen, from its install record (PEP 610).

    From an index: `journeygen==<version>`. From git: the repository at the installed
    commit. From an https archive: that URL. From a local folder or file: not reachable.
    """
    if direct_url is None:
        try:
            direct_url = metadata.distribution("journeygen").read_text("direct_url.json")
        except metadata.PackageNotFoundError:
            direct_url = None
    pinned = Requirement(f"journeygen=={__version__}", True)
    if not direct_url:
        return pinned
    try:
        info = json.loads(direct_url)
        url = str(info["url"])
    except (ValueError, KeyError, TypeError):
        return pinned
    subdirectory = info.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and not url.startswith("file:"):
        revision = vcs.get("commit_id") or vcs.get("requested_revision")
        at = f"@{revision}" if revision else ""
        return Requirement(f"journeygen @ {vcs.get('vcs', 'git')}+{url}{at}{fragment}", True)
    if "archive_info" in info and url.startswith(("https://", "http://")):
        return Requirement(f"journeygen @ {url}{fragment}", True)
    return Requirement(pinned.text, False)


def fill_workflow(text: str, requirement: Requirement) -> str:
    """The Pages workflow with the requirement (and, if it is a guess, a note) filled in."""
    lines = []
    for line in text.splitlines(keepends=True):
        if NOTE_MARK in line:
            indent = line[: len(line) - len(line.lstrip())]
            lines += [f"{indent}# {part}\n" for part in _wrap(requirement.note, 86)]
            continue
        lines.append(line.replace(REQUIREMENT_MARK, requirement.text.replace('"', "")))
    return "".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


# What a journey to fill in says, per language: its file, its title and a stage's texts.
_OUTLINE = {
    "en": {
        "id": "my-journey",
        "title": "My customer journey ({framework})",
        "intro": "A journey to fill in, with the stages of {framework}. The example journeys "
        "show what each key can hold; `docs/format.md` describes them all.",
        "description": "What the customer goes through in this stage",
        "action": "What the customer does here",
        "touchpoint": "Where we meet the customer in {stage}",
        "owner": "marketing",
    },
    "nl": {
        "id": "mijn-klantreis",
        "title": "Mijn klantreis ({framework})",
        "intro": "Een klantreis om in te vullen, met de fasen van {framework}. De "
        "voorbeeldreizen laten zien wat elke sleutel kan bevatten; `docs/format.md` "
        "beschrijft ze allemaal.",
        "description": "Wat de klant in deze fase meemaakt",
        "action": "Wat de klant hier doet",
        "touchpoint": "Waar we de klant ontmoeten in {stage}",
        "owner": "marketing",
    },
}


def outline_journey(framework: str, language: str, persona: str) -> tuple[str, str]:
    """(file in the project, text) of a journey with every stage of `framework`, each with
    the least that passes `check --strict`: a description, an action and a touchpoint."""
    words = _OUTLINE[language]
    title = PRESET_TITLES[framework]
    lines = [
        "---",
        f"title: {words['title'].format(framework=title)}",
        f"persona: {persona}",
        f"framework: {framework}",
        "stages:",
    ]
    for stage_id in stage_ids(framework):
        name = stage_name(framework, stage_id, language)
        lines += [
            f"  - id: {stage_id}",
            f"    description: {words['description']}",
            "    actions:",
            f"      - {words['action']}",
            "    touchpoints:",
            f"      - id: {stage_id}-touchpoint",
            f"        name: {words['touchpoint'].format(stage=name)}",
            f"        owner: {words['owner']}",
        ]
    lines += ["---", words["intro"].format(framework=title), ""]
    return f"content/journeys/{words['id']}.md", "\n".join(lines)


SCHEMA_FOLDER = ".vscode/schemas"  # .vscode/settings.json maps them to the project's files


def editor_schemas(language: str = "en") -> list[tuple[str, bytes]]:
    """The JSON Schemas of the content format (what `journeygen schema --out` writes), with
    their help in `language`, for the editor: (path in the new project, bytes)."""
    from journeygen.model.json_schema import json_schemas

    return [
        (f"{SCHEMA_FOLDER}/{kind}.schema.json",
         (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        for kind, schema in sorted(json_schemas(language=language).items())
    ]  # fmt: skip


def create_project(
    target: Path,
    requirement: Requirement | None = None,
    *,
    language: str = "en",
    framework: str | None = None,
) -> list[Path]:
    """Write the starter in `language` into `target` (absent or empty), with a journey to
    fill in on `framework`'s stages if one is named, and return the files written."""
    requirement = requirement or journeygen_requirement()
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"'{target}' exists and is not a folder")
        if any(target.iterdir()):
            raise ScaffoldError(
                f"'{target}' is not empty; choose a new folder name, or empty this folder first"
            )
    written: list[Path] = []
    if language not in STARTERS:
        raise ScaffoldError(f"no starter in '{language}'; choose one of {', '.join(STARTERS)}")
    if framework is not None and framework not in PRESETS:
        raise ScaffoldError(
            f"unknown framework '{framework}'; choose one of {', '.join(sorted(PRESETS))}"
        )
    planned: list[tuple[str, bytes]] = []
    for rel, source in starter_files(language):
        data = source.read_bytes()
        if rel == WORKFLOW:
            data = fill_workflow(data.decode("utf-8"), requirement).encode("utf-8")
        planned.append((rel, data))
    if framework is not None:
        rel, text = outline_journey(framework, language, STARTER_PERSONA[language])
        planned.append((rel, text.encode("utf-8")))
    planned += editor_schemas(language)
    for rel, data in planned:
        path = target / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise ScaffoldError(f"cannot write '{path}': {exc.strerror or exc}") from exc
        written.append(path)
    return written
