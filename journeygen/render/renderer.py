"""Rendering pages: a page spec and the shared context -> the page's bytes, in this process
or in forked worker processes (the same bytes either way, in the same order)."""

from __future__ import annotations

import contextlib
import posixpath
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeygen.cache.page_store import Store
from journeygen.core.diagnostics import Diagnostic
from journeygen.core.progress import SILENT, Progress
from journeygen.core.workers import forked_pool, ignore_interrupts, worker_count
from journeygen.model.site import Site
from journeygen.render import seo
from journeygen.render.extension import FileSpec, PageSpec
from journeygen.render.theme import Theme
from journeygen.render.theme_errors import template_diagnostic

PageResult = tuple[bytes | Path | None, bool, Diagnostic | None]  # HTML, has a diagram, a problem


class Cancelled(Exception):
    """`render_site` stopped because its `cancelled()` said so (a newer edit is waiting)."""


def render_pages(
    renderer: Renderer,
    jobs: list[int],
    singles: set[int],
    workers: int | None,
    problems: list[Diagnostic],
    cancelled: Callable[[], bool] | None = None,
    progress: Progress = SILENT,
) -> list[PageResult]:
    """The pages `jobs`, by as many processes as pay (`worker_count`). With `cancelled`
    (serve), asked before each page and while a long one is drawn, in this process."""
    pages = sum(isinstance(renderer.specs[index], PageSpec) for index in jobs)  # files: quick
    count = worker_count(pages, MIN_PAGES_PER_WORKER, workers, problems)
    if count > 1:
        return _render_forked(renderer, jobs, singles, count, progress)
    done: dict[int, PageResult] = {}
    for chunk in chunks(renderer.specs, jobs, singles):
        for index in chunk:
            if cancelled is not None and cancelled():
                raise Cancelled
            done[index] = renderer.render(index, cancelled)
            progress.advance()
    return [done[index] for index in jobs]


MIN_PAGES_PER_WORKER = 40  # below this many pages, starting processes costs more than it saves
CHUNK = 16  # pages a worker takes at a time


def chunks(
    specs: Sequence[PageSpec | FileSpec], jobs: list[int], singles: set[int]
) -> list[list[int]]:
    """`jobs` in the order and runs a process renders them: the single pages first, each on
    its own (the overview and the inventory take longest), then each group of more than
    `CHUNK` specs as one run (the pages of a long list: their rows are drawn once, in one
    process), then the rest in runs of about `CHUNK`, a group never split (a journey's page
    with its exports), so that no worker is left with a long run at the end."""
    runs = [[i] for i in jobs if i in singles]
    groups: dict[Hashable, list[int]] = {}
    for index in jobs:
        if index not in singles:
            group = specs[index].group
            groups.setdefault(("", index) if group is None else group, []).append(index)
    runs += [members for members in groups.values() if len(members) > CHUNK]
    current: list[int] = []
    for members in groups.values():
        if len(members) <= CHUNK:
            current += members
            if len(current) >= CHUNK:
                runs.append(current)
                current = []
    if current:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class Renderer:
    """Everything a page needs to be rendered; forked workers inherit it."""

    site: Site
    theme: Theme
    env: Any
    t: Any
    shared: dict[str, Any]
    versions: dict[str, str]
    specs: list[PageSpec | FileSpec]
    scratch: Path | None = None
    store: Store | None = None  # where the pages of `to_store` are kept too, under a name
    to_store: Mapping[int, str] = field(default_factory=dict)
    folders: set[Path] = field(default_factory=set)  # made in `scratch` by this process

    def _kept(self, index: int, data: bytes) -> bytes | Path:
        """`data`, or with `scratch` the file it was written to (see `render_site`). A page
        the store is to keep is written there too, by the process that renders it."""
        if self.store is not None and index in self.to_store:
            self.store.write(self.to_store[index], data)
        if self.scratch is None:
            return data
        file = self.scratch / self.specs[index].path
        if file.parent not in self.folders:  # a folder per journey: made once, not per file
            file.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(file.parent)
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


_WORKER: Renderer | None = None  # in a worker process: what it renders with


def _start_worker(renderer: Renderer) -> None:
    global _WORKER
    _WORKER = renderer
    ignore_interrupts()


def _render_chunk(chunk: tuple[int, list[int]]) -> tuple[int, list[PageResult]]:
    number, indexes = chunk
    assert _WORKER is not None
    return number, [_WORKER.render(index) for index in indexes]


def _render_forked(
    renderer: Renderer,
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
    runs = chunks(renderer.specs, jobs, singles)
    done: dict[int, PageResult] = {}
    with forked_pool(count, _start_worker, (renderer,)) as pool:
        for number, results in pool.imap_unordered(_render_chunk, enumerate(runs)):
            done.update(zip(runs[number], results, strict=True))
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
