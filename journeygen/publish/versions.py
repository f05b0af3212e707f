"""The published versions of a site (`versions:` in journeygen.yml): each matching tag's
version built into `versions/<tag>/`, and `versions.json` at the root.

A version is built from the tag's files (its content, its config, its theme overrides) by
the current journeygen: `build` hands in how (`BuildVersion`), this module checks out each
tag, reuses what an earlier build made from the same commit, and puts the files under
their folder. A tag whose files do not build is skipped with a warning naming the tag and
its first error (`--strict` makes it an error).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from journeygen.analysis.changes import compare_sites
from journeygen.cache.memo import Memo
from journeygen.cache.page_store import Store
from journeygen.core.diagnostics import Diagnostic, Severity
from journeygen.core.reuse import Step
from journeygen.model.site import Site
from journeygen.model.versions import VERSIONS_FOLDER, Version, VersionMenu
from journeygen.publish.protect import protects
from journeygen.render import review_pages
from journeygen.render.extension import PageBuilder
from journeygen.render.outputs import Bytes, CopiedFile, Output
from journeygen.validate.history import HistoryError, checkout

INDEX = "versions.json"


@dataclass
class Built:
    """What building a version gave: its files (paths inside its folder), its problems,
    and whether it has pages behind a password (those are never kept on disk)."""

    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    protected: bool = False
    site: Site | None = None  # as its pages show it (for what changed since)


class BuildVersion(Protocol):
    def __call__(self, root: Path, menu: VersionMenu) -> Built:
        """Build the project unpacked at `root`, its pages showing `menu`; write nothing."""
        ...


@dataclass
class Published:
    outputs: list[Output] = field(default_factory=list)  # paths from the site's root
    diagnostics: list[Diagnostic] = field(default_factory=list)
    versions: tuple[Version, ...] = ()  # the ones built, newest first
    sites: dict[str, Site] = field(default_factory=dict)  # by tag, as their pages show them


def publish_versions(
    root: Path,
    tags: tuple[Version, ...],
    current: Site,
    current_pages: frozenset[str],
    make: BuildVersion,
    *,
    memo: Memo,
    where: tuple[str, int],
    strict: bool,
    audience: str,
) -> Published:
    """Every version of `tags` that builds, under `versions/<tag>/`. A version kept from
    an earlier build (same commit, same menu, same current pages, audience and settings:
    `key`) is taken from the page store as it is; a version found broken before (same
    commit) is skipped again without being built."""
    result = Published()
    settings = key(VersionMenu(), current, audience)
    good = [tag for tag in tags if _broken(memo, tag, settings) is None]
    for tag in tags:
        if (problem := _broken(memo, tag, settings)) is not None:
            result.diagnostics.append(_failed(tag, problem, where, strict))
    built: dict[str, tuple[list[Output], Site]] = {}
    while True:
        changes = frozenset() if protects(current) else frozenset(t.tag for t in good)
        menu = VersionMenu(tuple(good), None, current_pages, changes)
        for tag in good:
            if tag.tag in built:
                continue
            this = replace(menu, this=tag)
            outputs, problem, site = _version(
                root, tag, this, key(this, current, audience), make, memo
            )
            if problem is not None or site is None:
                problem = problem or "it has no site"
                memo.store(Step.VERSION, ("broken", tag.commit), settings, problem)
                result.diagnostics.append(_failed(tag, problem, where, strict))
                good.remove(tag)
                built.clear()  # their menus named it: made again (rare: once per bad tag)
                break
            built[tag.tag] = (outputs, site)
        else:
            break
    result.versions = tuple(good)
    for tag in good:
        result.outputs += built[tag.tag][0]
        result.sites[tag.tag] = built[tag.tag][1]
    result.outputs.append(Bytes(INDEX, versions_json(result.versions)))
    return result


def _broken(memo: Memo, tag: Version, settings: object) -> str | None:
    """Why an earlier build found `tag` broken with the same settings, if it did."""
    found, problem = memo.lookup(Step.VERSION, ("broken", tag.commit), settings)
    return problem if found else None


def _failed(tag: Version, problem: str, where: tuple[str, int], strict: bool) -> Diagnostic:
    severity = Severity.ERROR if strict else Severity.WARNING
    return Diagnostic(
        where[0],
        where[1],
        1,
        f"version '{tag.tag}' ({tag.commit[:7]}) skipped: {problem}",
        f"fix it in a new tag, or leave '{tag.tag}' out of the versions pattern",
        severity,
    )


def key(menu: VersionMenu, current: Site, audience: str) -> tuple[object, ...]:
    """What a version's files are made from besides its commit (the code is the cache's):
    a client's build never reuses a team build's version."""
    protection = (
        current.config.password_env,
        tuple((j.id, j.password_env) for j in current.journeys if j.password_env),
    )
    return (menu, audience, current.config.base_url, current.config.noindex, protection)


def _version(
    root: Path, tag: Version, menu: VersionMenu, inputs: object, make: BuildVersion, memo: Memo
) -> tuple[list[Output], str | None, Site | None]:
    """The files of one version under its folder and its site, or why it cannot be built
    (`inputs`: its `key`)."""
    store = memo.page_store
    found, entry = memo.lookup(Step.VERSION, tag.commit, inputs)
    if found and store is not None:
        names, site = entry
        files = {path: store.find(name) for path, name in names.items()}
        if all(file is not None for file in files.values()):
            outputs: list[Output] = [
                CopiedFile(tag.path + path, file, names[path])
                for path, file in files.items()
                if file is not None
            ]
            return outputs, None, site
    with tempfile.TemporaryDirectory(prefix="journeygen-version-") as folder:
        try:
            project = checkout(root, tag.commit, Path(folder))
        except HistoryError as exc:
            return [], str(exc), None
        built = make(project, menu)
        first = next((d for d in built.diagnostics if d.is_error), None)
        if first is not None:
            return [], f"{first.path}:{first.line}: {first.message}", None
        data = {output.path: output.read() for output in built.outputs}
    if store is not None and not built.protected:
        kept = _keep(store, data)
        if kept is not None:
            memo.store(Step.VERSION, tag.commit, inputs, (kept, built.site))
    return [Bytes(tag.path + path, data[path]) for path in sorted(data)], None, built.site


def _keep(store: Store, data: Mapping[str, bytes]) -> dict[str, str] | None:
    """`data` written into the page store; their names there (None if one failed)."""
    names = {}
    for path, content in data.items():
        name = store.new_name()
        if not store.write(name, content):
            return None
        names[path] = name
    return names


class Render(Protocol):
    def __call__(
        self,
        site: Site,
        *,
        only: frozenset[str],
        files: bool,
        builders: Sequence[PageBuilder],
    ) -> tuple[list[Output], list[Diagnostic]]: ...


def changes_pages(
    current: Site, published: Published, render: Render
) -> tuple[list[Output], list[Diagnostic]]:
    """ "What changed since" each published version: the changes pages of `--changes-since`
    (with each changed journey's curve then and now, and its KPIs), under changes/<tag>/."""
    outputs: list[Output] = []
    problems: list[Diagnostic] = []
    for version in published.versions:
        old = published.sites[version.tag]
        folder = f"changes/{version.tag}/"
        changes = compare_sites(old, current, version.tag, f"{version.tag} ({version.date})")
        changes = replace(changes, folder=folder)
        site = replace(current, changes=changes)
        paths = {f"{folder}index.html"} | {
            f"{folder}journeys/{j.id}/index.html" for j in changes.journeys
        }
        made, found = render(
            site, only=frozenset(paths), files=False, builders=[review_pages.changes_pages]
        )
        outputs += [output for output in made if output.path in paths]
        problems += found
    return outputs, problems


def protected_like(old: Site, current: Site) -> Site:
    """An old version with the current site's protection: its password on the site (if it
    has one), on each journey the current site protects (by id), and its robots setting. A
    version tagged before a password was set is not left open beside the protected site."""
    config = replace(
        old.config,
        password_env=current.config.password_env or old.config.password_env,
        noindex=current.config.noindex or old.config.noindex,
    )
    protected = {j.id: j.password_env for j in current.journeys if j.password_env}
    journeys = tuple(
        replace(j, password_env=protected[j.id]) if j.id in protected else j for j in old.journeys
    )
    return replace(old, config=config, journeys=journeys)


def versions_json(versions: tuple[Version, ...]) -> bytes:
    """`versions.json`: the current site first, then each version, newest first."""
    rows: list[dict[str, str | None]] = [{"tag": None, "date": None, "commit": None, "path": "./"}]
    rows += [{"tag": v.tag, "date": v.date, "commit": v.commit, "path": v.path} for v in versions]
    text = json.dumps({"folder": VERSIONS_FOLDER, "versions": rows}, indent=2)
    return (text + "\n").encode()
