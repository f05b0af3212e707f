"""Site-wide lists split into pages: the overview's journey cards, the touchpoint inventory
and the monthly evaluation (issue 19: at 1,000 journeys the inventory was one page of 14 MB).

A list at most one page long is one page, as before. A longer one is static pages of a fixed
number of rows (`touchpoints/index.html`, `touchpoints/2/index.html`, ...), each with a pager,
and, per filter (a facet: channel, owner), the rows of each value on pages of their own
(`touchpoints/channel/email/index.html`, ...): filters that work opened from disk, with
no script and no fetch, and pages that each show one slice. Each page's memo inputs are
what its slice shows, so an edit redraws only the pages that show the edited journey.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from journeygen.core.i18n import Translator
from journeygen.sources.project_files import slugify

T = TypeVar("T")

WINDOW = 2  # page links either side of the current one (plus the first and the last)


def page_path(base: str, number: int) -> str:
    """`touchpoints/index.html`, page 3: `touchpoints/3/index.html`."""
    if number == 1:
        return base
    folder = base.removesuffix("index.html")
    return f"{folder}{number}/index.html"


def facet_base(base: str, facet: str, slug: str) -> str:
    """The first page of a facet value: `touchpoints/channel/email/index.html`."""
    return f"{base.removesuffix('index.html')}{facet}/{slug}/index.html"


@dataclass(frozen=True)
class PageLink:
    number: int
    path: str
    current: bool


@dataclass(frozen=True)
class Pager:
    """Where a page is in its list: what the pager under the heading shows."""

    number: int
    count: int  # pages in the list
    first: int  # the first row shown, counted from 1
    last: int
    total: int  # rows in the list
    links: tuple[PageLink | None, ...]  # None: a gap ("…")
    previous: str | None
    next: str | None
    summary: str  # "Rows 501–1,000 of 24,013 · page 2 of 49"


@dataclass(frozen=True)
class FacetValue:
    value: str  # as written in the content
    label: str  # as shown
    count: int
    path: str  # the first page of its rows
    current: bool


@dataclass(frozen=True)
class Facet:
    key: str  # channel, owner, status
    label: str  # "Channel"
    values: tuple[FacetValue, ...]
    all_path: str  # the list without this filter
    current: bool  # this page shows one of its values


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a list: its rows, its path, its pager and its filters."""

    path: str
    rows: tuple[T, ...]
    pager: Pager | None  # None: the whole list is this one page
    facets: tuple[Facet, ...]
    heading: str  # "" on the unfiltered list; else the filter, "Channel: Email"


def slugs(values: Sequence[str]) -> dict[str, str]:
    """A folder name per value, unique (`Sales & support` -> `sales-support`)."""
    made: dict[str, str] = {}
    taken: set[str] = set()
    for value in values:
        slug = base = slugify(value)
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        made[value] = slug
    return made


def pager(
    base: str,
    number: int,
    count: int,
    size: int,
    total: int,
    t: Translator,
    path_of: Callable[[str, int], str] = page_path,
) -> Pager:
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    links: list[PageLink | None] = []
    for n in shown:
        if links and links[-1] is not None and n - links[-1].number > 1:
            links.append(None)
        links.append(PageLink(n, path_of(base, n), n == number))
    first, last = (number - 1) * size + 1, min(number * size, total)
    summary = t(
        "list.summary",
        first=t.number(first),
        last=t.number(last),
        total=t.number(total),
        page=t.number(number),
        pages=t.number(count),
    )
    return Pager(
        number=number,
        count=count,
        first=first,
        last=last,
        total=total,
        links=tuple(links),
        previous=path_of(base, number - 1) if number > 1 else None,
        next=path_of(base, number + 1) if number < count else None,
        summary=summary,
    )


@dataclass(frozen=True)
class FacetSpec:
    """A filter of a list: `values(row)` are the row's values of it (a row may have several
    channels); `label(value)` is how a value is shown."""

    key: str
    title: str
    values: Callable[[object], Sequence[str]]
    label: Callable[[str], str]
    sort: Callable[[str], Any] = str.casefold
    # Set for a list sorted by this facet (the evaluation, by status): a value has no pages
    # of its own, it links to the list's page where its rows begin, at `#anchor(value)`.
    anchor: Callable[[str], str] | None = None


def split(
    base: str,
    rows: Sequence[T],
    size: int,
    t: Translator,
    facets: Sequence[FacetSpec] = (),
    path_of: Callable[[str, int], str] = page_path,
) -> list[Slice[T]]:
    """The pages of a list. At most `size` rows: one page, `base`, with no pager and no
    filter pages (the page's own script filters its rows). Longer: the list in pages of
    `size`, and for every value of every facet its rows in pages of their own."""
    if len(rows) <= size:
        return [Slice(base, tuple(rows), None, (), "")]
    groups: list[tuple[FacetSpec, dict[str, list[T]], dict[str, str]]] = []
    for spec in facets:
        of_value: dict[str, list[T]] = {}
        for row in rows:
            for value in spec.values(row):
                of_value.setdefault(value, []).append(row)
        ordered = sorted(of_value, key=spec.sort)
        groups.append((spec, {v: of_value[v] for v in ordered}, slugs(ordered)))
    where = {id(row): n for n, row in enumerate(rows)}

    def value_path(spec: FacetSpec, value: str, members: Sequence[T], slug: str) -> str:
        if spec.anchor is None:
            return facet_base(base, spec.key, slug)
        number = where[id(members[0])] // size + 1
        return f"{path_of(base, number)}#{spec.anchor(value)}"

    def facets_for(current: tuple[str, str] | None) -> tuple[Facet, ...]:
        made = []
        for spec, of_value, slug_of in groups:
            values = tuple(
                FacetValue(
                    value=value,
                    label=spec.label(value),
                    count=len(members),
                    path=value_path(spec, value, members, slug_of[value]),
                    current=current == (spec.key, value),
                )
                for value, members in of_value.items()
            )
            is_current = current is not None and current[0] == spec.key
            made.append(Facet(spec.key, spec.title, values, base, is_current))
        return tuple(made)

    def pages(
        first: str, members: Sequence[T], heading: str, current: tuple[str, str] | None
    ) -> list[Slice[T]]:
        count = -(-len(members) // size)
        shared = facets_for(current)
        return [
            Slice(
                path_of(first, n),
                tuple(members[(n - 1) * size : n * size]),
                pager(first, n, count, size, len(members), t, path_of),
                shared,
                heading,
            )
            for n in range(1, count + 1)
        ]

    made = pages(base, rows, "", None)
    for spec, of_value, slug_of in groups:
        if spec.anchor is not None:
            continue
        for value, members in of_value.items():
            heading = f"{spec.title}: {spec.label(value)}"
            first = facet_base(base, spec.key, slug_of[value])
            made += pages(first, members, heading, (spec.key, value))
    return made


def heading(title: str, part: Slice[T], t: Translator) -> str:
    """A list page's title: `Touchpoint inventory · Channel: Email · page 2 of 5`."""
    parts = [title]
    if part.heading:
        parts.append(part.heading)
    if part.pager is not None and part.pager.number > 1:
        page, pages = t.number(part.pager.number), t.number(part.pager.count)
        parts.append(t("list.page", page=page, pages=pages))
    return " · ".join(parts)


def digest(keys: Iterable[str]) -> bytes:
    """What the rows of a page show, in 16 bytes: a page's memo inputs. The rows' own
    objects as inputs made the cache file larger by every touchpoint and KPI again, and
    its save and the comparisons slower than drawing the pages."""
    return hashlib.blake2b("\x1e".join(keys).encode(), digest_size=16).digest()
