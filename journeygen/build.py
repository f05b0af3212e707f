"""The pipeline on one screen: sources -> validate -> model -> audience -> render ->
protect -> write.

`cli` and `serve` call only this module (and `project.load` for what `check` does alone).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import Diagnostic, Severity, capped
from journeygen.core.progress import SILENT, Progress
from journeygen.core.reuse import Step
from journeygen.model.site import Site
from journeygen.model.versions import VersionMenu
from journeygen.publish import protect
from journeygen.publish.versions import (
    Built,
    Published,
    changes_pages,
    protected_like,
    publish_versions,
)
from journeygen.publish.write import (
    LINK_HINT,
    FileRecord,
    UnsafeOutput,
    check_output_dir,
    links_in,
    scratch_folder,
    write_site,
)
from journeygen.render.engine import page_paths, render_site
from journeygen.render.outputs import CopiedFile, MovedFile, Output
from journeygen.render.theme import load_theme
from journeygen.sources.config_file import ConfigFile
from journeygen.sources.read import Sources
from journeygen.validate import history
from journeygen.validate.audience import Audience, for_audience
from journeygen.validate.project import Project, load
from journeygen.validate.tags import matching_tags

__all__ = ["BuildResult", "Project", "build", "load", "output_dir"]


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    outputs: list[Output] = field(default_factory=list)
    out: Path | None = None
    written: int = 0
    seconds: float = 0.0
    config_file: ConfigFile = field(default_factory=ConfigFile)  # as this build read it
    sources: Sources | None = None  # the files as read (serve finds items' lines in them)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def output_dir(project: Project, sources: Sources, out: Path | None) -> Path:
    if out is not None:
        return out.absolute()
    return project.root / sources.config_file.output_dir


def build(
    project: Project,
    *,
    out: Path | None = None,
    strict: bool = False,
    clean: bool = False,
    write: bool = True,
    base_url: str | None = None,
    changes_since: str | None = None,
    memo: Memo = NO_MEMO,
    only: Collection[str] | None = None,
    cancelled: Callable[[], bool] | None = None,
    audience: Audience = "team",
    environ: Mapping[str, str] | None = None,
    progress: Progress = SILENT,
    versions: str | None = None,
    version: VersionMenu | None = None,
    protect_as: Site | None = None,
) -> BuildResult:
    """Build the site; with errors (or warnings under `strict`) nothing is written.

    `base_url` replaces the config's (GitHub Actions passes the address Pages serves at).
    `changes_since` (a git ref or a folder) adds what changed since then; an earlier
    version that cannot be read raises `HistoryError`. For `serve`: `memo` keeps what this
    build computed for the next one to reuse, `only` makes just the pages at those paths
    (the open ones, first), and `cancelled` stops the render (`renderer.Cancelled`).
    `audience`: "client" leaves out every internal item (`for_audience`), after the checks.
    `environ` (default: the process's) holds the passwords `password_env` names.
    `progress` hears what the build is doing (the command line shows it on a terminal).
    `versions` (a tag pattern) replaces the config's `versions:`: each matching tag's
    version is built into versions/<tag>/ (`publish.versions`), when the site is written
    (serve and `check --render` show the current site only); `version` is set when this
    build is one of those (its pages show that menu; its own `versions:` is ignored), and
    `protect_as` the current site, whose passwords and robots setting it takes on.
    """
    started = time.perf_counter()
    progress.step("Reading and checking the content")
    environ = os.environ if environ is None else environ
    sources, site, diagnostics = load(project, memo, environ)
    if site is not None:
        site = for_audience(site, audience)
    if site is not None and base_url is not None:
        config = dataclasses.replace(site.config, base_url=base_url.rstrip("/") + "/")
        site = dataclasses.replace(site, config=config)
    if site is not None and changes_since is not None:
        site = dataclasses.replace(
            site, changes=history.changes_since(project.root, changes_since, site, audience)
        )
    result = BuildResult(
        diagnostics=diagnostics, site=site, config_file=sources.config_file, sources=sources
    )
    published = None
    if site is not None and version is not None:
        site = dataclasses.replace(site, versions=version)
        site = result.site = site if protect_as is None else protected_like(site, protect_as)
    elif site is not None and (versions or site.config.versions) and write and not result.errors:
        published = _publish_versions(project, site, versions, memo, strict, audience, environ)
        result.diagnostics.extend(published.diagnostics)
        changes = frozenset() if protect.protects(site) else frozenset(published.sites)
        menu = VersionMenu(published.versions, changes=changes)
        site = result.site = dataclasses.replace(site, versions=menu)
    target = output_dir(project, sources, out)
    unsafe = _unsafe(project, sources, target, in_project=out is None) if write else []
    # Pages rendered into a scratch folder beside the output (see render_site), unless the
    # memo keeps pages in memory (build --watch --no-cache): it must hold their bytes.
    wanted = write and site is not None and not unsafe and not memo.in_memory
    with scratch_folder(target, wanted) as scratch:
        if site is not None and not result.failed(strict):
            theme, problems = load_theme(project.root, site.config.theme, site.config.file)
            result.diagnostics.extend(problems)
            if theme is not None:
                render = partial(
                    render_site,
                    theme=theme,
                    content_dir=sources.content_dir,
                    cancelled=cancelled,
                    progress=progress,
                )
                if not protect.protects(site):
                    result.outputs, problems = render(
                        site, memo=memo, only=only, scratch=scratch and scratch / "site"
                    )
                else:  # the protected pages from the whole site, the rest from the public one
                    result.outputs, problems = protect.render_protected(
                        render, site, theme, memo=memo, only=only, scratch=scratch, environ=environ
                    )
                result.diagnostics.extend(problems)
                if published is not None:
                    result.outputs += published.outputs
                    if not protect.protects(site):  # what changed since each version
                        more, problems = changes_pages(site, published, render)
                        result.outputs += more
                        result.diagnostics.extend(problems)
        result.diagnostics = capped(sorted(result.diagnostics, key=Diagnostic.sort_key))
        if write and site is not None and not result.failed(strict):
            result.out = target
            if unsafe:
                result.diagnostics.extend(unsafe)
            else:
                before = _written_before(memo, target)
                known = None if before is None else dict(before)
                result.written = write_site(
                    result.outputs, target, clean=clean, known=known, progress=progress
                )
                if known is not None and known != before:
                    memo.made_elsewhere(Step.WRITTEN, str(target.resolve()), None, known)
                # The pages were moved out of the scratch folder: read them where they are now.
                result.outputs = [
                    CopiedFile(o.path, target / o.path) if isinstance(o, MovedFile) else o
                    for o in result.outputs
                ]
    result.seconds = time.perf_counter() - started
    return result


def _publish_versions(
    project: Project,
    site: Site,
    pattern: str | None,
    memo: Memo,
    strict: bool,
    audience: Audience,
    environ: Mapping[str, str],
) -> Published:
    """The versions `pattern` (else the config's `versions:`) names, each built by `build`
    from the tag's files, as the current site is built (audience, passwords, base_url)."""
    where = ("command line (--versions)", 1)
    if pattern is None:
        where = (site.config.file.path, site.config.file.line("versions"))
        pattern = site.config.versions
    assert pattern is not None
    tags, problems = matching_tags(project.root, pattern, where)
    if any(d.is_error for d in problems) or not tags:
        return Published(diagnostics=problems)

    def make(root: Path, menu: VersionMenu) -> Built:
        base_url = site.config.base_url
        if base_url and menu.this is not None:
            base_url += menu.this.path
        config = root / name
        old = build(
            Project(root, config if config.is_file() else None), write=False, audience=audience,
            environ=environ, base_url=base_url, version=menu, protect_as=site,
        )  # fmt: skip
        protected = old.site is not None and protect.protects(old.site)
        return Built(old.outputs, old.diagnostics, protected, old.site)

    name = project.config_path.name if project.config_path else "journeygen.yml"

    current_pages = page_paths(site)
    published = publish_versions(
        project.root,
        tuple(tags),
        site,
        current_pages,
        make,
        memo=memo,
        where=where,
        strict=strict,
        audience=audience,
    )
    published.diagnostics[:0] = problems
    return published


def _written_before(memo: Memo, target: Path) -> dict[str, FileRecord] | None:
    """What the last build with the cache wrote to `target` (`write_site`'s `known`); None
    without the cache (serve keeps its pages in memory)."""
    if memo.page_store is None:
        return None
    found, known = memo.lookup(Step.WRITTEN, str(target.resolve()), None)
    return known if found else {}


def _unsafe(
    project: Project, sources: Sources, target: Path, *, in_project: bool
) -> list[Diagnostic]:
    """Why `target` must not be written (the project, content/, home, /, a link, a folder
    with links in it), or nothing."""
    try:
        check_output_dir(target, project.root, sources.content_dir, in_project=in_project)
    except UnsafeOutput as exc:
        if target.is_symlink():
            return [Diagnostic(_shown(project, target), 1, 1, str(exc), LINK_HINT)]
        hint = "choose another folder with --out or output_dir in journeygen.yml"
        return [Diagnostic(sources.config_file.path, 1, 1, str(exc), hint)]
    return [
        Diagnostic(
            _shown(project, link),
            1,
            1,
            f"this is a link to '{os.readlink(link)}', in the output folder",
            LINK_HINT,
        )
        for link in links_in(target)
    ]


def _shown(project: Project, path: Path) -> str:
    """`path` as diagnostics show it: relative to the project when inside it."""
    try:
        return path.absolute().relative_to(project.root.absolute()).as_posix()
    except ValueError:
        return str(path)
