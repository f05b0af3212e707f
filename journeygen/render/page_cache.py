"""Pages reused from an earlier build: one interface, with a home in memory and one on disk.

`render_site` names every page, and every file made like one (exports, link-preview images),
by its path and the inputs it is made from (`PageKeys`). The cache gives back what was made
from equal inputs last time; everything else is rendered (by as many processes as pay) and
handed to the cache to keep. Which cache a build has follows from its memo (`page_cache`):

- none (`PageCache`): a build with `--no-cache`; nothing is kept, every page is rendered;
- `MemoryPages` (serve): a page is kept as its bytes, in this process;
- `StoredPages` (a build with the cache): a page is kept as a file of the page store
  (cache/page_store.py), written by the process that rendered it, so a large build holds no
  page's bytes; it comes back as that file, which the site copies (or links, write.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from journeygen.cache.memo import Memo
from journeygen.cache.page_store import Store
from journeygen.core.reuse import Step
from journeygen.render.extension import WHOLE_SITE, FileSpec, PageSpec
from journeygen.render.renderer import PageResult
from journeygen.render.theme import reads_site


@dataclass(frozen=True)
class Kept:
    """A page the cache gives back: as `render_pages` would make it, and, for a file of the
    page store, its name there (the site must copy that file, never move it)."""

    result: PageResult
    name: str | None = None


class PageCache:
    """Keeps nothing: every page is rendered."""

    store: Store | None = None  # where the renderer writes the pages to keep, if on disk

    def find(self, path: str, key: object) -> Kept | None:
        return None

    def keep(self, path: str, key: object, result: PageResult, name: str | None) -> None:
        """Keep a page rendered from `key` (`name`: the file the renderer wrote it to)."""


class MemoryPages(PageCache):
    def __init__(self, memo: Memo) -> None:
        self.memo = memo

    def find(self, path: str, key: object) -> Kept | None:
        found, result = self.memo.lookup(Step.PAGE, path, key)
        return Kept(result) if found else None

    def keep(self, path: str, key: object, result: PageResult, name: str | None) -> None:
        if not isinstance(result[0], bytes):  # a scratch file is gone after the build
            raise TypeError(f"{path}: pages kept in memory must be bytes")
        self.memo.store(Step.PAGE, path, key, result)


class StoredPages(PageCache):
    def __init__(self, memo: Memo, store: Store) -> None:
        self.memo = memo
        self.store = self._store = store

    def find(self, path: str, key: object) -> Kept | None:
        found, entry = self.memo.lookup(Step.PAGE, path, key)
        file = self._store.find(entry[0]) if found else None  # gone: rendered again
        if file is None:
            return None
        return Kept((file, entry[1], None), file.name)

    def keep(self, path: str, key: object, result: PageResult, name: str | None) -> None:
        if name is not None:
            self.memo.store(Step.PAGE, path, key, (name, result[1]))


def page_cache(memo: Memo) -> PageCache:
    """The page cache of a build whose memo is `memo`."""
    if memo.page_store is not None:
        return StoredPages(memo, memo.page_store)
    if memo.in_memory:
        return MemoryPages(memo)
    return PageCache()


@dataclass
class PageKeys:
    """The inputs a page is made from, as the cache compares them: its template, what it
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
            check: Callable[[], bool] = partial(_reads_site, self.env, spec.template)
            self.reads[spec.template] = self.memo.recall(
                Step.READS_SITE, spec.template, self.stamp, check
            )
        whole = spec.inputs == WHOLE_SITE or self.reads[spec.template]
        return (spec.template, self.whole_site if whole else spec.inputs, self.stamp)


def _reads_site(env: Any, template: str) -> bool:
    try:
        return reads_site(env, template)
    except Exception:  # a missing or broken template: rendering reports it
        return True
