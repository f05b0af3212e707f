"""Model + theme -> the files of the site, in memory. Nothing is written here.

One path for every page: the page builders say what the site has (`extension.PageSpec`,
`FileSpec`, finished `Output`s); the page cache (page_cache.py) gives back what it keeps
from equal inputs; the rest is rendered (renderer.py), by as many processes as pay, and
handed to the cache. Extensions register builders and filters in extension.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import Diagnostic
from journeygen.core.i18n import translator
from journeygen.core.progress import SILENT, Progress
from journeygen.core.reuse import Step
from journeygen.model.site import Site
from journeygen.render import csp, extension, review_pages, seo, site_files, teams
from journeygen.render.assets import (
    MermaidScript,
    asset_version,
    mermaid_files,
    mermaid_script,
    site_assets,
)
from journeygen.render.extension import FileSpec, PageBuilder, PageSpec
from journeygen.render.outputs import Bytes, CopiedFile, MovedFile, Output
from journeygen.render.page_cache import PageCache, PageKeys, page_cache
from journeygen.render.pages import DEFAULT_BUILDERS
from journeygen.render.paths import Paths
from journeygen.render.renderer import Cancelled, PageResult, Renderer, render_pages
from journeygen.render.theme import Theme, template_sources

__all__ = ["MermaidScript", "render_site"]


def page_builders() -> list[PageBuilder]:
    """journeygen's own page builders, then the extensions' (`extension.page_builder`)."""
    return [
        *DEFAULT_BUILDERS,
        *review_pages.BUILDERS,
        *teams.BUILDERS,
        *seo.BUILDERS,
        *site_files.BUILDERS,
        *extension.PAGE_BUILDERS,
    ]


@dataclasses.dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str


def render_site(
    site: Site,
    theme: Theme,
    *,
    content_dir: Path,
    workers: int | None = None,
    memo: Memo = NO_MEMO,
    only: Collection[str] | None = None,
    cancelled: Callable[[], bool] | None = None,
    scratch: Path | None = None,
    files: bool = True,
    progress: Progress = SILENT,
    builders: Sequence[PageBuilder] | None = None,
) -> tuple[list[Output], list[Diagnostic]]:
    """Every page, asset and vendored script of the site, and the problems found.

    The pages are rendered by `workers` processes (see `workers.worker_count`), forked once the
    templates are compiled, so each inherits the model and the compiled templates; a page's
    context is made by the process that renders it (`pages.LazyContext`), and the pages come
    back as bytes, in their order: the output is the same with one process or several.

    With a `memo` (serve's, or the cache's), a page whose inputs equal last build's comes from
    the page cache, and a file builder's output is not made again. For `serve`: `only`
    renders just the pages at those paths (the ones open in a browser, first); `cancelled` is
    asked between pages and raises `Cancelled` when it says so (pages are then rendered in
    this process).

    With `scratch` (a folder beside the output folder), each page is written there by the
    process that renders it and comes back as a file (`outputs.MovedFile`), so no process
    holds every page's bytes until the end: that is what decides a large build's memory.

    Without `files`, the builders that make only files (exports, images, search index,
    sitemap) are not run: the pages of a second render (protect.py) need none of them.

    `progress` is told how many pages and files there are to make, and as they are made.

    `builders` (default: `page_builders()`) are the page builders to run: the changes
    pages of a published version need only theirs (publish/versions.py).
    """
    problems: list[Diagnostic] = []
    env = theme.environment
    env.filters.update(extension.FILTERS)
    t = translator(site.config.language)
    assets = site_assets(theme, content_dir, site, problems)
    whole = _whole_site(site)
    whole_site = memo.recall(Step.WHOLE_SITE, "", whole, lambda: whole)  # equal: identical
    chosen = page_builders() if builders is None else list(builders)
    built = _build_specs(site, memo, whole_site, files and only is None, cancelled, chosen)
    outputs = {**assets, **built.outputs}
    # Stylesheets and scripts of the theme and project are linked with a hash of their bytes
    # (a new version is never taken from a browser's cache). Files the build makes, such as
    # the search index, are not: else every page would change with every edit.
    versions = {
        path: asset_version(output)
        for path, output in assets.items()
        if path.endswith((".css", ".js"))
    }
    script = mermaid_script(site)
    shared = _shared_context(site, t, script)
    jobs = _jobs(built.specs, set(outputs), only, problems)
    renderer = Renderer(site, theme, env, t, shared, versions, built.specs, scratch)
    keys = None
    if memo is not NO_MEMO:
        common = (template_sources(theme), versions, shared["nav"], script, whole[1], site.versions)
        stamp = memo.recall(Step.PAGE_STAMP, "", common, lambda: common)
        keys = PageKeys(env, memo, stamp, whole_site)
    progress.step("Rendering pages", len(jobs))
    cache = page_cache(memo)
    rendered = _render(
        renderer, jobs, built.singles, workers, cache, keys, problems, cancelled, progress
    )
    if _collect(built.specs, jobs, rendered, outputs, problems):  # a page shows a diagram
        mermaid_files(script, site, outputs, problems)
    return [outputs[path] for path in sorted(outputs)], problems


@dataclasses.dataclass
class _Built:
    """What the page builders say the site has."""

    specs: list[PageSpec | FileSpec] = dataclasses.field(default_factory=list)  # to render
    singles: set[int] = dataclasses.field(default_factory=set)  # a builder's only page
    outputs: dict[str, Output] = dataclasses.field(default_factory=dict)  # finished files


def _build_specs(
    site: Site,
    memo: Memo,
    whole_site: object,
    files: bool,
    cancelled: Callable[[], bool] | None,
    builders: Sequence[PageBuilder],
) -> _Built:
    """Every builder's pages, files to make and finished files; with `files`, the
    sitemap of every builder's pages (the extensions' too)."""
    built = _Built()
    for builder in builders:
        if cancelled is not None and cancelled():  # a large site's search index takes a while
            raise Cancelled
        made = _built(builder, site, memo, whole_site, files=files)
        pages = [item for item in made if isinstance(item, PageSpec)]
        if len(pages) == 1:  # the overview, the inventory: long pages, rendered first
            built.singles.add(len(built.specs))
        built.specs += pages
        built.specs += [item for item in made if isinstance(item, FileSpec)]
        built.outputs.update((item.path, item) for item in made if isinstance(item, Output))
    if files:
        listed = (spec for spec in built.specs if isinstance(spec, PageSpec))
        sitemap = seo.sitemap(site, listed)
        if sitemap is not None:
            built.outputs[sitemap.path] = sitemap
    return built


def _shared_context(site: Site, t: Any, script: MermaidScript | None) -> dict[str, Any]:
    """What every page's template sees besides its own context."""
    return {
        "site": site,
        "config": site.config,
        "lang": site.config.language,
        "t": t,
        "paths": Paths,
        "nav": _nav(site, t),
        "mermaid": script,  # pages without a diagram do not load it
        "csp": csp.policy(site),
        "nav_key": "",  # which navigation item is the current page
        "has_diagram": False,  # load Mermaid on this page
        "versions": site.versions,  # the version menu, with `versions:` (model/versions.py)
    }


def _collect(
    specs: list[PageSpec | FileSpec],
    jobs: list[int],
    rendered: tuple[list[PageResult], list[Named]],
    outputs: dict[str, Output],
    problems: list[Diagnostic],
) -> bool:
    """The rendered pages into `outputs`, their problems (each once) into `problems`;
    whether any page shows a diagram."""
    seen: set[tuple[str, int, str]] = set()
    diagram = False
    for index, (data, has_diagram, problem), name in zip(jobs, *rendered, strict=True):
        if problem is not None:
            if (problem.path, problem.line, problem.message) not in seen:
                seen.add((problem.path, problem.line, problem.message))
                problems.append(problem)
            continue
        assert data is not None
        diagram = diagram or has_diagram
        path = specs[index].path
        if isinstance(data, Path):  # in the scratch folder (moved in) or the store (copied)
            identity = name[0] if name is not None else None
            moved = name is None or name[1]
            outputs[path] = (MovedFile if moved else CopiedFile)(path, data, identity)
        else:
            outputs[path] = Bytes(path, data)
    return diagram


def _jobs(
    specs: list[PageSpec | FileSpec],
    taken: set[str],
    only: Collection[str] | None,
    problems: list[Diagnostic],
) -> list[int]:
    """The specs to render, by index: every file, and the pages `only` names (all without
    it), but no page at a path another file or page already has."""
    jobs: list[int] = []
    taken.update(spec.path for spec in specs if isinstance(spec, FileSpec))
    for index, spec in enumerate(specs):
        if isinstance(spec, FileSpec):
            jobs.append(index)
            continue
        if spec.path in taken:
            problems.append(
                Diagnostic(
                    "content/pages", 1, 1, f"two pages would be written to '{spec.path}'",
                    "rename one of them",
                )
            )  # fmt: skip
            continue
        taken.add(spec.path)
        if only is None or spec.path in only:
            jobs.append(index)
    return jobs


Named = tuple[str, bool] | None  # a page's name in the page store, and whether it is new


def _render(
    renderer: Renderer,
    jobs: list[int],
    singles: set[int],
    workers: int | None,
    cache: PageCache,
    keys: PageKeys | None,
    problems: list[Diagnostic],
    cancelled: Callable[[], bool] | None,
    progress: Progress = SILENT,
) -> tuple[list[PageResult], list[Named]]:
    """The pages `jobs`: what `cache` keeps from equal inputs, the rest rendered and handed
    to it to keep. Also, per job, the page's name in the page store, if it has one (a file
    kept from before is copied into the site, one rendered now is moved)."""
    kept: dict[int, PageResult] = {}
    names: dict[int, Named] = {}
    inputs: dict[int, object] = {}
    todo = []
    for index in jobs:
        spec = renderer.specs[index]
        key = keys(spec) if keys is not None else None
        if key is not None:
            found = cache.find(spec.path, key)
            if found is not None:
                kept[index] = found.result
                names[index] = (found.name, False) if found.name is not None else None
                continue
            inputs[index] = key
        todo.append(index)
    new: dict[int, str] = {}
    if cache.store is not None:  # the renderer writes each page to keep into the store
        new = {index: cache.store.new_name() for index in inputs}
        renderer = dataclasses.replace(renderer, store=cache.store, to_store=new)
    progress.advance(len(kept))
    made = render_pages(renderer, todo, singles, workers, problems, cancelled, progress)
    for index, result in zip(todo, made, strict=True):
        kept[index] = result
        if index in inputs and result[0] is not None and result[2] is None:
            path = renderer.specs[index].path
            cache.keep(path, inputs[index], result, new.get(index))
            if index in new:
                names[index] = (new[index], True)
    return [kept[index] for index in jobs], [names.get(index) for index in jobs]


def _whole_site(site: Site) -> tuple[object, ...]:
    """What every page may show: the inputs of pages that list every journey, and part of
    every page's (config, personas, free pages, the library, changes, assets)."""
    return (
        site.journeys,
        (site.config, site.personas, site.pages, site.library, site.changes, site.assets),
    )


def _built(
    builder: PageBuilder, site: Site, memo: Memo, whole_site: object, *, files: bool
) -> list[PageSpec | FileSpec | Output]:
    """What `builder` makes. A builder of files only (exports, search index, sitemap) is run
    again only when the site changed, and not at all without `files` (pages first). One
    whose files are all bytes (the search index) is also kept as `builder-bytes`, a step
    the disk cache keeps (the others hold functions)."""
    key = f"{builder.__module__}.{builder.__qualname__}"
    if not files:
        found, kind = memo.lookup(Step.BUILDER_KIND, key, None)
        if found and kind == "files":
            return []
    found, made = memo.lookup(Step.BUILDER, key, whole_site)
    if not found and memo.holds(Step.BUILDER_BYTES, key, whole_site):
        found, made = memo.lookup(Step.BUILDER_BYTES, key, whole_site)
    if found:
        return made
    made = list(builder(site))
    for item in made:
        if not isinstance(item, PageSpec | FileSpec | Output):
            kind = type(item).__name__
            raise TypeError(f"page builder {key} yielded a {kind}, not a PageSpec or FileSpec")
    only_files = bool(made) and all(isinstance(item, Output | FileSpec) for item in made)
    memo.store(Step.BUILDER_KIND, key, None, "files" if only_files else "pages")
    if only_files:
        memo.store(Step.BUILDER, key, whole_site, made)
        if all(isinstance(item, Bytes) for item in made):
            memo.store(Step.BUILDER_BYTES, key, whole_site, made)
        if not files:
            return []
    return made


def _nav(site: Site, t: Any) -> tuple[NavItem, ...]:
    items = [NavItem("overview", t("nav.overview"), Paths.index)]
    if any(j.touchpoints for j in site.listed_journeys):
        items.append(NavItem("touchpoints", t("nav.touchpoints"), Paths.touchpoints))
    if review_pages.has_evaluation(site):
        items.append(NavItem("evaluation", t("nav.evaluation"), Paths.evaluation))
    if teams.has_teams(site):  # a service blueprint: who owns what
        items.append(NavItem("teams", t("teams.title"), teams.TEAMS_INDEX))
    items += [NavItem(f"page:{p.id}", p.title, Paths.page(p.id)) for p in site.pages if p.nav]
    return tuple(items)


def page_paths(site: Site) -> frozenset[str]:
    """The site paths of the pages of `site` (none rendered): for the links of an old
    version's pages to the same page now (`publish.versions`)."""
    built = _build_specs(site, NO_MEMO, _whole_site(site), False, None, page_builders())
    return frozenset(spec.path for spec in built.specs if isinstance(spec, PageSpec))
