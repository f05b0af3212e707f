"""The types a page builder yields (see `render.PAGE_BUILDERS`): an extension's builder
imports these, not the default pages and everything they draw with."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageSpec:
    path: str  # in the output folder, e.g. "journeys/x/index.html"
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    # What the page shows besides what every page shares (config, personas, free pages,
    # navigation, theme): with equal inputs it is the same page, and `serve` reuses the one
    # it rendered last time. None: rendered every build; WHOLE_SITE: any change of the site.
    inputs: Any = None
    indexed: bool = True  # listed in sitemap.xml (not the 404 page, nor an unlisted journey)


WHOLE_SITE = "whole site"  # PageSpec.inputs of a page that shows every journey


@dataclass(frozen=True)
class FileSpec:
    """A file of the site that is not a page (an export, say): `make` gives its bytes, in the
    process that renders pages, like a page's `LazyContext`."""

    path: str
    make: Callable[[], bytes]
    inputs: Any = None  # as PageSpec.inputs: what the file shows besides what all share


class LazyContext(Mapping[str, Any]):
    """A page's context, made when first read: in the process that renders the page (see
    `render.render_site`), and never all of them at once."""

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make: Callable[[], Mapping[str, Any]] | None = make
        self._data: Mapping[str, Any] = {}

    def _get(self) -> Mapping[str, Any]:
        if self._make is not None:
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())
