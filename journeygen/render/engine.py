"""Model + theme -> the files of the site, in memory. Nothing is written here.

The one seam for extensions is this module's registry: `FILTERS` (extra Jinja filters) and
`PAGE_BUILDERS` (functions `(site) -> iterable of PageSpec`, see `specs.py`; a builder may
also yield a finished `Output`, such as `seo.py`'s sitemap.xml, or a `FileSpec`, a file made
where pages are rendered, such as a journey's exports). Register at import time,
before the first render::

    from journeygen.render.engine import page_builder, template_filter

    @template_filter("shout")
    def shout(text: str) -> str:
        return text.upper()

    @page_builder
    def owner_pages(site):
        for owner in sorted({tp.owner for j in site.journeys for tp in j.touchpoints}):
            yield PageSpec(f"owners/{owner}/index.html", "owner.html", {"owner": owner})

Every page is rendered with the shared context: `site`, `config`, `t` (interface text and
number formats), `url(target)` (a link relative to the current page), `asset(name)`,
`paths`, `nav`, `lang`, `meta` (title, description, canonical and Open Graph fields, see
`seo.py`; a builder may give its own); plus what its builder gives. Template problems
(syntax, undefined names, any exception while rendering) become diagnostics at the
template's file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.cache.store import Store
from journeygen.core.diagnostics import Diagnostic, Severity
from journeygen.core.i18n import translator
from journeygen.core.progress import SILENT, Progress
from journeygen.core.workers import forked_pool, ignore_interrupts, worker_count
from journeygen.model.site import Site
from journeygen.render import csp, review_pages, seo, vendor
from journeygen.render import site_files as files
from journeygen.render.outputs import Output
from journeygen.render.pages import DEFAULT_BUILDERS
from journeygen.render.paths import Paths
from journeygen.render.specs import WHOLE_SITE, FileSpec, PageSpec
from journeygen.render.theme import Theme, reads_site, template_sources
from journeygen.render.theme_errors import template_diagnostic

PageBuilder = Callable[[Site], Iterable[PageSpec | FileSpec | Output]]

PAGE_BUILDERS: list[PageBuilder] = [
    *DEFAULT_BUILDERS,
    *review_pages.BUILDERS,
    *seo.BUILDERS,
    *files.BUILDERS,
]
FILTERS: dict[str, Callable[..., Any]] = {}

MERMAID_PATH = "assets/vendor/mermaid/mermaid.min.js"
MERMAID_LICENSE_PATH = "assets/vendor/mermaid/LICENSE"


def page_builder(builder: PageBuilder) -> PageBuilder:
    """Register a page builder (usable as a decorator)."""
    PAGE_BUILDERS.append(builder)
    return builder


def template_filter(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a Jinja filter under `name` (a decorator)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        FILTERS[name] = function
        return function

    return register


def relative_url(page: str, target: str) -> str:
    """The link from site path `page` to site path `target` (`#anchor` kept).

    What `posixpath.relpath(target, dirname(page))` gives, without its two `os.getcwd()`
    calls (tens of thousands of links per build): the folders both paths share are dropped.
    Paths with empty, `.` or `..` parts (or absolute ones) still go through relpath."""
    path, hash_mark, anchor = target.partition("#")
    if not path:
        return target
    folders = page.split("/")[:-1]
    parts = path.split("/")
    if _UNCLEAN.intersection(folders) or _UNCLEAN.intersection(parts):
        link = posixpath.relpath(path, posixpath.dirname(page) or ".")
        return link + hash_mark + anchor
    common = 0
    for folder, part in zip(folders, parts, strict=False):
        if folder != part:
            break
        common += 1
    link = "/".join([".."] * (len(folders) - common) + parts[common:]) or "."
    return link + hash_mark + anchor


_UNCLEAN = frozenset(("", ".", ".."))  # path parts that need relpath's normalising


@dataclass(frozen=True)
class MermaidScript:
    src: str  # a site path (local) or a URL (cdn)
    integrity: str | None = None

    @property
    def local(self) -> bool:
        return self.integrity is None


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str


class Cancelled(Exception):
    """`render_site` stopped because its `cancelled()` said so (a newer edit is waiting)."""


def render_site(
    site: Site,
    theme: Theme,
    *,
    content_dir: Path,
    workers: int | None = None,
    memo: Memo = NO_MEMO,
    only: Collection[str] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    spill: Path | None = None,
    files: bool = True,
    progress: Progress = SILENT,
) -> tuple[list[Output], list[Diagnostic]]:
    """Every page, asset and vendored script of the site, and the problems found.

    The pages are rendered by `workers` processes (see `workers.worker_count`), forked once the
    templates are compiled, so each inherits the model and the compiled templates; a page's
    context is made by the process that renders it (`pages.LazyContext`), and the pages come
    back as bytes, in their order: the output is the same with one process or several.

    For `serve`: with a `memo`, a page whose inputs (`PageSpec.inputs`, and what every page
    shares) equal last build's is not rendered again, nor a file builder's output made again;
    `only` renders just the pages at those paths (the ones open in a browser, first);
    `cancelled` is asked between pages and raises `Cancelled` when it says so.

    With `spill` (a folder beside the output folder), each page is written there by the
    process that renders it and comes back as a file (`Output.temporary`), so no process
    holds every page's bytes until the end: that is what decides a large build's memory.

    Without `files`, the builders that make only files (exports, images, search index,
    sitemap) are not run: the pages of a second render (protect.py) need none of them.
    `progress` is told how many pages and files there are to make, and as they are made.
    """
    if not memo.pages and memo.files is None:
        memo = NO_MEMO  # a build that keeps no pages: render as a plain build
    problems: list[Diagnostic] = []
    env = theme.environment
    env.filters.update(FILTERS)
    t = translator(site.config.language)
    specs: list[PageSpec | FileSpec] = []  # what the rendering processes make
    singles: set[int] = set()  # a builder's only page (overview, inventory): the long ones
    outputs: dict[str, Output] = {}
    assets = _assets(theme, content_dir, site, problems)
    outputs.update(assets)
    whole_site = None
    if memo is not NO_MEMO:  # the equal one of the last build, if any: compared by identity
        whole = _whole_site(site)
        whole_site = memo.recall("whole-site", "", whole, lambda: whole)
    for builder in PAGE_BUILDERS:
        if cancelled():  # the search index of a large site takes a while
            raise Cancelled
        made = _built(builder, site, memo, whole_site, files=files and only is None)
        pages = [item for item in made if isinstance(item, PageSpec)]
        if len(pages) == 1:
            singles.add(len(specs))
        specs += pages
        specs += [item for item in made if isinstance(item, FileSpec)]
        outputs.update((item.path, item) for item in made if isinstance(item, Output))
    if files and only is None:  # the pages of every builder, the extensions' too
        sitemap = seo.sitemap(site, (spec for spec in specs if isinstance(spec, PageSpec)))
        if sitemap is not None:
            outputs[sitemap.path] = sitemap
    # Stylesheets and scripts of the theme and project are linked with a hash of their bytes
    # (a new version is never taken from a browser's cache). Files the build makes, such as
    # the search index, are not: else every page would change with every edit.
    versions = {
        path: asset_version(output)
        for path, output in assets.items()
        if path.endswith((".css", ".js"))
    }
    shared = {
        "site": site,
        "config": site.config,
        "lang": site.config.language,
        "t": t,
        "paths": Paths,
        "nav": _nav(site, t),
        "mermaid": _mermaid_script(site),  # pages without a diagram do not load it
        "csp": csp.policy(site),
        "nav_key": "",  # which navigation item is the current page
        "has_diagram": False,  # load Mermaid on this page
    }
    jobs: list[int] = []  # the specs to render, by index
    taken = set(outputs)
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
    renderer = _Renderer(site, theme, env, t, shared, versions, specs, spill)
    progress.step("Rendering pages", len(jobs))
    kept: set[int] = set()  # jobs whose page is a file of `memo.files`: copied, not moved
    names: dict[int, str] = {}  # a page's name in `memo.files` (its `Output.identity`)
    if memo is NO_MEMO:
        results = _render_all(renderer, jobs, singles, workers, problems, progress)
    else:
        common = (
            template_sources(theme),
            versions,
            shared["nav"],
            shared["mermaid"],
            _shared_inputs(site),
        )
        stamp = memo.recall("page-stamp", "", common, lambda: common)
        keys = _PageKeys(renderer.env, memo, stamp, whole_site)
        if memo.files is not None:
            results, kept, names = _render_stored(
                renderer, jobs, singles, workers, keys, problems, progress
            )
        else:
            results = _render_remembered(renderer, jobs, keys, cancelled, progress)
    seen: set[tuple[str, int, str]] = set()
    needs_mermaid = False
    for index, (data, has_diagram, problem) in zip(jobs, results, strict=True):
        if problem is not None:
            if (problem.path, problem.line, problem.message) not in seen:
                seen.add((problem.path, problem.line, problem.message))
                problems.append(problem)
            continue
        assert data is not None
        needs_mermaid = needs_mermaid or has_diagram
        path = specs[index].path
        if isinstance(data, Path):
            temporary = index not in kept
            outputs[path] = Output(
                path, source=data, temporary=temporary, identity=names.get(index)
            )
        else:
            outputs[path] = Output(path, data=data)
    if needs_mermaid:
        _mermaid_files(site, outputs, problems)
    if memo.in_memory:
        _made_once(outputs, memo)
    return [outputs[path] for path in sorted(outputs)], problems


def _made_once(outputs: dict[str, Output], memo: Memo) -> None:
    """The files made when written (link-preview images), made now through the memo:
    serve reads every output of every build, and such a file's path names its content,
    so a file of the same path is the same bytes (a no-op rebuild draws no image)."""
    for path, output in outputs.items():
        if output.make is not None:
            found, result = memo.lookup("page", path, path)
            if not found:
                result = (output.make(), False, None)
                memo.store("page", path, path, result)
            outputs[path] = Output(path, data=result[0])


# --- rendering for serve: what changed only -------------------------------------------------


def _whole_site(site: Site) -> tuple[object, ...]:
    """What every page may show: the inputs of pages that list every journey, and part of
    every page's (config, personas, free pages, the library, changes, assets)."""
    return (site.journeys, _shared_inputs(site))


def _shared_inputs(site: Site) -> tuple[object, ...]:
    return (site.config, site.personas, site.pages, site.library, site.changes, site.assets)


def _built(
    builder: PageBuilder, site: Site, memo: Memo, whole_site: object, *, files: bool
) -> list[PageSpec | FileSpec | Output]:
    """What `builder` makes. A builder of files only (exports, search index, sitemap) is run
    again only when the site changed, and not at all without `files` (pages first). One
    whose files are all bytes (the search index) is also kept as `builder-bytes`, a step
    the disk cache keeps (the others hold functions)."""
    key = f"{builder.__module__}.{builder.__qualname__}"
    if not files:
        found, kind = memo.lookup("builder-kind", key, None)
        if found and kind == "files":
            return []
    found, made = memo.lookup("builder", key, whole_site)
    if not found and memo.holds("builder-bytes", key, whole_site):
        found, made = memo.lookup("builder-bytes", key, whole_site)
    if found:
        return made
    made = list(builder(site))
    for item in made:
        if not isinstance(item, PageSpec | FileSpec | Output):
            kind = type(item).__name__
            raise TypeError(f"page builder {key} yielded a {kind}, not a PageSpec or FileSpec")
    only_files = bool(made) and all(isinstance(item, Output | FileSpec) for item in made)
    memo.store("builder-kind", key, None, "files" if only_files else "pages")
    if only_files:
        memo.store("builder", key, whole_site, made)
        if all(isinstance(item, Output) and item.data is not None for item in made):
            memo.store("builder-bytes", key, whole_site, made)
        if not files:
            return []
    return made


@dataclass
class _PageKeys:
    """The inputs a page is made from, as the memo compares them: its template, what it
    shows (`PageSpec.inputs`, or the whole site for a template that reads `site`), and what
    every page shares (`stamp`)."""

    env: Any
    memo: Memo
    stamp: object
    whole_site: object
    reads: dict[str, bool] = field(default_factory=dict)

    def __call__(self, spec: PageSpec | FileSpec) -> tuple[object, ...] | None:
        if spec.inputs is None:
            return None  # made every time
        if isinstance(spec, FileSpec):
            return ("file", spec.inputs, self.stamp)
        if spec.template not in self.reads:
            check = partial(_reads_site, self.env, spec.template)
            self.reads[spec.template] = self.memo.recall(
                "reads-site", spec.template, self.stamp, check
            )
        whole = spec.inputs == WHOLE_SITE or self.reads[spec.template]
        return (spec.template, self.whole_site if whole else spec.inputs, self.stamp)


def _render_remembered(
    renderer: _Renderer,
    jobs: list[int],
    keys: _PageKeys,
    cancelled: Callable[[], bool],
    progress: Progress = SILENT,
) -> list[PageResult]:
    """Pages in this process; a page whose inputs are unchanged comes from the memo."""
    results = []
    for index in jobs:
        spec = renderer.specs[index]
        inputs = keys(spec)
        if inputs is None:
            results.append(renderer.render(index))
            continue
        found, result = keys.memo.lookup("page", spec.path, inputs)
        if not found:
            if cancelled():
                raise Cancelled
            result = renderer.render(index, cancelled)
            keys.memo.store("page", spec.path, inputs, result)
        results.append(result)
        progress.advance()
    return results


def _render_stored(
    renderer: _Renderer,
    jobs: list[int],
    singles: set[int],
    workers: int | None,
    keys: _PageKeys,
    problems: list[Diagnostic],
    progress: Progress = SILENT,
) -> tuple[list[PageResult], set[int], dict[int, str]]:
    """Pages whose inputs equal those of a page in the memo's store are that file; the rest
    are rendered as in a plain build (by every core) and kept in the store. Also the jobs
    that are files of the store, and every kept page's name there, by job."""
    memo, store = keys.memo, keys.memo.files
    assert store is not None
    found: dict[int, PageResult] = {}
    names: dict[int, str] = {}  # every kept page's name in the store
    inputs: dict[int, tuple[object, ...]] = {}
    todo = []
    for index in jobs:
        spec = renderer.specs[index]
        key = keys(spec)
        if key is not None:
            known, entry = memo.lookup("page", spec.path, key)
            file = store.find(entry[0]) if known else None
            if file is not None:
                found[index] = (file, entry[1], None)
                names[index] = file.name
                continue
            inputs[index] = key
        todo.append(index)
    new = {index: store.new_name() for index in inputs}
    keeping = dataclasses.replace(renderer, store=store, to_store=new)
    progress.advance(len(found))
    rendered = _render_all(keeping, todo, singles, workers, problems, progress)
    made = dict(zip(todo, rendered, strict=True))
    for index, (data, has_diagram, problem) in made.items():
        if index in inputs and data is not None and problem is None:
            path = renderer.specs[index].path
            memo.store("page", path, inputs[index], (new[index], has_diagram))
            names[index] = new[index]
    results = [found[i] if i in found else made[i] for i in jobs]
    return results, set(found), names


def _reads_site(env: Any, template: str) -> bool:
    try:
        return reads_site(env, template)
    except Exception:  # a missing or broken template: rendering reports it
        return True


# --- rendering in worker processes ----------------------------------------------------------


def _render_all(
    renderer: _Renderer,
    jobs: list[int],
    singles: set[int],
    workers: int | None,
    problems: list[Diagnostic],
    progress: Progress = SILENT,
) -> list[PageResult]:
    """The pages `jobs`, by as many processes as pay (`worker_count`)."""
    pages = sum(isinstance(renderer.specs[index], PageSpec) for index in jobs)  # files: quick
    count = worker_count(pages, MIN_PAGES_PER_WORKER, workers, problems)
    if count > 1:
        return _render_forked(renderer, jobs, singles, count, progress)
    results = []
    for index in jobs:
        results.append(renderer.render(index))
        progress.advance()
    return results


MIN_PAGES_PER_WORKER = 40  # below this many pages, starting processes costs more than it saves
CHUNK = 16  # pages a worker takes at a time

PageResult = tuple[bytes | Path | None, bool, Diagnostic | None]  # HTML, has a diagram, a problem


@dataclass(frozen=True)
class _Renderer:
    """Everything a page needs to be rendered; forked workers inherit it."""

    site: Site
    theme: Theme
    env: Any
    t: Any
    shared: dict[str, Any]
    versions: dict[str, str]
    specs: list[PageSpec | FileSpec]
    spill: Path | None = None
    store: Store | None = None  # where the pages of `to_store` are kept too, under a name
    to_store: Mapping[int, str] = field(default_factory=dict)

    def _kept(self, index: int, data: bytes) -> bytes | Path:
        """`data`, or with `spill` the file it was written to (see `render_site`). A page
        the store is to keep is written there too, by the process that renders it."""
        if self.store is not None and index in self.to_store:
            self.store.write(self.to_store[index], data)
        if self.spill is None:
            return data
        file = self.spill / self.specs[index].path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
        return file

    def render(self, index: int, cancelled: Callable[[], bool] | None = None) -> PageResult:
        """One page; with `cancelled`, asked now and then while the page is drawn (a long
        page, such as the inventory of a large site, must not hold up the next edit)."""
        spec = self.specs[index]
        if isinstance(spec, FileSpec):
            return self._kept(index, spec.make()), False, None
        context = {**self.shared, **spec.context, "page_path": spec.path}
        if cancelled is not None and cancelled():  # after the context of a whole-site page
            raise Cancelled
        if "meta" not in context:
            context["meta"] = seo.page_meta(self.site, spec, self.t)
        context["url"] = _linker(spec.path)
        context["asset"] = _asset_linker(spec.path, self.versions)
        try:
            template = self.env.get_template(spec.template)
            if cancelled is None:
                html = template.render(context)
            else:
                html = "".join(_checked(template.generate(context), cancelled))
        except Cancelled:
            raise
        except Exception as exc:  # any template problem becomes a diagnostic
            return None, False, template_diagnostic(exc, self.theme, spec.template, context)
        data = self._kept(index, compact_html(html).encode("utf-8"))
        return data, bool(context.get("has_diagram")), None


CHECK_PARTS = 500  # template output parts between two questions to `cancelled` (~10 ms)


def _checked(parts: Iterator[str], cancelled: Callable[[], bool]) -> Iterator[str]:
    for count, part in enumerate(parts):
        if count % CHECK_PARTS == 0 and cancelled():
            raise Cancelled
        yield part


_WORKER: _Renderer | None = None  # in a worker process: what it renders with


def _start_worker(renderer: _Renderer) -> None:
    global _WORKER
    _WORKER = renderer
    ignore_interrupts()


def _render_chunk(chunk: tuple[int, list[int]]) -> tuple[int, list[PageResult]]:
    number, indexes = chunk
    assert _WORKER is not None
    return number, [_WORKER.render(index) for index in indexes]


def _render_forked(
    renderer: _Renderer,
    jobs: list[int],
    singles: set[int],
    count: int,
    progress: Progress = SILENT,
) -> list[PageResult]:
    """The pages `jobs` rendered by `count` forked processes, in the order of `jobs`."""
    for name in renderer.env.list_templates():
        # Compiled here, once, and inherited: not once per worker. A template that does not
        # compile is reported by the pages that use it, as in one process.
        with contextlib.suppress(Exception):
            renderer.env.get_template(name)
    # The single pages first (the overview and the inventory take longest), then the rest in
    # small chunks, so that no worker is left with a long page at the end.
    order = [i for i in jobs if i in singles] + [i for i in jobs if i not in singles]
    chunks = [[i] for i in jobs if i in singles]
    many = order[len(chunks) :]
    chunks += [many[k : k + CHUNK] for k in range(0, len(many), CHUNK)]
    done: dict[int, PageResult] = {}
    with forked_pool(count, _start_worker, (renderer,)) as pool:
        for number, results in pool.imap_unordered(_render_chunk, enumerate(chunks)):
            done.update(zip(chunks[number], results, strict=True))
            progress.advance(len(results))
    return [done[index] for index in jobs]


_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def compact_html(html: str) -> str:
    """Drop the templates' indentation (not inside <pre> or <textarea>): smaller pages."""
    parts = _KEEP.split(html)
    return "".join(
        part if index % 2 else _INDENT.sub("\n", part) for index, part in enumerate(parts)
    )


def asset_version(output: Output) -> str:
    """What a link to a stylesheet or script carries as `?v=`: a hash of its bytes."""
    return hashlib.sha256(output.read()).hexdigest()[:10]


def _linker(page: str) -> Callable[[str], str]:
    def url(target: str) -> str:
        return relative_url(page, target)

    return url


def _asset_linker(page: str, versions: dict[str, str]) -> Callable[[str], str]:
    def asset(name: str) -> str:
        path = "assets/" + name
        link = relative_url(page, path)
        return f"{link}?v={versions[path]}" if path in versions else link

    return asset


def _nav(site: Site, t: Any) -> tuple[NavItem, ...]:
    items = [NavItem("overview", t("nav.overview"), Paths.index)]
    if any(j.touchpoints for j in site.listed_journeys):
        items.append(NavItem("touchpoints", t("nav.touchpoints"), Paths.touchpoints))
    if review_pages.has_evaluation(site):
        items.append(NavItem("evaluation", t("nav.evaluation"), Paths.evaluation))
    items += [NavItem(f"page:{p.id}", p.title, Paths.page(p.id)) for p in site.pages if p.nav]
    return tuple(items)


def _assets(
    theme: Theme, content_dir: Path, site: Site, problems: list[Diagnostic]
) -> dict[str, Output]:
    """Theme assets (the most specific theme folder wins), then the project's own."""
    found: dict[str, Output] = {}
    for folder in reversed(theme.asset_dirs):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            path = "assets/" + file.relative_to(folder).as_posix()
            found[path] = Output(path, source=file)
    for name in site.assets:
        path = "assets/" + name
        if path in found:
            problems.append(
                Diagnostic(
                    f"{content_dir.name}/assets/{name}", 1, 1,
                    f"replaces the theme's asset '{path}'",
                    "to restyle the theme, put the file in themes/default/assets/ instead",
                    Severity.WARNING,
                )
            )  # fmt: skip
        found[path] = Output(path, source=content_dir / "assets" / name)
    return found


def _mermaid_script(site: Site) -> MermaidScript | None:
    """The script the pages with a diagram load; whether the site needs it is known once
    every page is rendered (`_mermaid_files` then adds the files)."""
    mode = site.config.mermaid
    if mode == "off":
        return None
    if mode == "cdn":
        return MermaidScript(vendor.cdn_script_url(), vendor.cdn_integrity())
    return MermaidScript(MERMAID_PATH) if vendor.mermaid_script_path() else None


def _mermaid_files(site: Site, outputs: dict[str, Output], problems: list[Diagnostic]) -> None:
    """The local Mermaid script and its licence, for a site whose pages load it (mode
    `local`, see `_mermaid_script`); a CDN script is not a file of the site."""
    if site.config.mermaid != "local":
        return
    script = vendor.mermaid_script_path()
    if script is None:
        problems.append(
            Diagnostic(
                site.config.file.path, site.config.file.line("mermaid"), 1,
                "mermaid: local, but this journeygen has no Mermaid script to copy",
                "reinstall journeygen; " + vendor.MISSING_HINT,
            )
        )  # fmt: skip
        return
    outputs[MERMAID_PATH] = Output(MERMAID_PATH, source=script)
    license_file = vendor.mermaid_license_path()
    if license_file is not None:
        outputs[MERMAID_LICENSE_PATH] = Output(MERMAID_LICENSE_PATH, source=license_file)
