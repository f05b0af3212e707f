"""What an extension of journeygen imports: the types a page builder yields, and the two
registries, of page builders and of Jinja filters. Nothing else of the render layer (the
default pages and everything they draw with) is loaded for it. Register at import time,
before the first render::

    from journeygen.render.extension import PageSpec, page_builder, template_filter

    @template_filter("shout")
    def shout(text: str) -> str:
        return text.upper()

    @page_builder
    def owner_pages(site):
        for owner in sorted({tp.owner for j in site.journeys for tp in j.touchpoints}):
            yield PageSpec(f"owners/{owner}/index.html", "owner.html", {"owner": owner})

A builder is a function `(site) -> iterable of PageSpec`; it may also yield a finished
`Output` (such as `seo.py`'s sitemap.xml) or a `FileSpec`, a file made where pages are
rendered (such as a journey's exports). Every page is rendered with the shared context:
`site`, `config`, `t` (interface text and number formats), `url(target)` (a link relative
to the current page), `asset(name)`, `paths`, `nav`, `lang`, `meta` (title, description,
canonical and Open Graph fields, see `seo.py`; a builder may give its own); plus what its
builder gives. Template problems (syntax, undefined names, any exception while rendering)
become diagnostics at the template's file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journeygen.render.outputs import Output

if TYPE_CHECKING:
    from journeygen.model.site import Site


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
    group: Hashable | None = None  # see FileSpec.group


WHOLE_SITE = "whole site"  # PageSpec.inputs of a page that shows every journey


@dataclass(frozen=True)
class FileSpec:
    """A file of the site that is not a page (an export, say): `make` gives its bytes, in the
    process that renders pages, like a page's `LazyContext`."""

    path: str
    make: Callable[[], bytes]
    inputs: Any = None  # as PageSpec.inputs: what the file shows besides what all share
    # Pages and files with the same group are rendered by one process, one after the other,
    # so that what they share is made once there (a journey's page and its exports share
    # its flowchart; the pages of the inventory its rows). None: any process, any time.
    group: Hashable | None = None


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


PageBuilder = Callable[["Site"], Iterable[PageSpec | FileSpec | Output]]

# The page builders of extensions, run after journeygen's own (`engine.page_builders`).
PAGE_BUILDERS: list[PageBuilder] = []

# Every Jinja filter a theme has: journeygen's own (render/filters.py registers them) and
# an extension's. One registry: a theme's environment takes all of it.
FILTERS: dict[str, Callable[..., Any]] = {}


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
