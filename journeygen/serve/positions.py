"""Where each item a preview page shows was written: for `journeygen serve`'s "edit" links.

Per page (its site path), a map from an item's key to how the page's script finds its
element (a CSS selector and which match, optionally a second selector inside it) and the
file, line and column of the item. The theme's own ids are used where the elements carry
one (`stage-<id>`, `tp-<id>`, a KPI's slug, a blueprint cell's `bp-<lane>--<stage>`); the
notes of a stage are found by their lane row, column and place. Built pages are not
touched: this map travels with serve's reload script only.

Positions come from the files as this build read them (`Sources`), one YAML composition
per file, when a page is first asked for (`SitePositions`); the items from the site as it
is shown (`Site`, after the audience), matched to the file's items in order, so an internal
item left out for a client does not shift the ones after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from journeygen.model.site import Journey, Note, Site, Stage
from journeygen.render.paths import Paths
from journeygen.sources.documents import Document, locator
from journeygen.sources.read import Sources
from journeygen.validate.journeys import touchpoint_id

Loc = tuple[str | int, ...]

# The map's rows of a stage's notes, by the model's field: the row's class in _map.html.
NOTE_ROWS = (
    ("actions", "doing"),
    ("thoughts", "thinking"),
    ("pains", "pains"),
    ("opportunities", "opportunities"),
)


@dataclass(frozen=True, slots=True)
class Position:
    """An item on a page and where it was written."""

    css: str  # the n-th element matching this selector (in document order) ...
    n: int
    inner: str  # ... and, when set, the m-th element matching this one inside it
    m: int
    kind: str  # stage, touchpoint, kpi, note, persona, page, journey: the button's label
    file: str  # relative to the project root, with /
    line: int
    column: int

    def as_json(self) -> list[Any]:
        return [self.css, self.n, self.inner, self.m, self.kind, self.file, self.line, self.column]


PagePositions = Mapping[str, Position]  # key -> position


class Reused:
    """A journey's positions from the last build, while its file and journey are equal
    (serve computes again only what an edit changed)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Document, Journey, dict[str, Position]]] = {}

    def journey(self, journey: Journey, doc: Document) -> dict[str, Position]:
        kept = self._kept.get(doc.path)
        if kept is not None and _same(kept[0], doc) and _same(kept[1], journey):
            return kept[2]
        found = journey_positions(journey, doc)
        self._kept[doc.path] = (doc, journey, found)
        return found


def _same(a: object, b: object) -> bool:
    return a is b or a == b


class SitePositions:
    """The positions of one build's pages, each found when first asked for (when a tab
    opens the page): finding them all at every build took 1.5 s at 300 journeys."""

    def __init__(
        self, site: Site | None = None, sources: Sources | None = None, reused: Reused | None = None
    ) -> None:
        docs = () if sources is None else (*sources.journeys, *sources.personas, *sources.pages)
        self.documents: tuple[Document, ...] = docs  # what they are found in
        by_path = {doc.path: doc for doc in docs}
        self._makers = {} if site is None else _makers(site, by_path, reused or Reused())
        self._made: dict[str, PagePositions] = {}
        self._lock = threading.Lock()

    @property
    def pages(self) -> list[str]:
        """The site paths of the pages with items."""
        return sorted(self._makers)

    def page(self, key: str | None) -> PagePositions:
        """The items of the page at site path `key` (none for another file)."""
        maker = self._makers.get(key or "")
        if key is None or maker is None:
            return {}
        with self._lock:
            if key not in self._made:
                self._made[key] = maker()
            return self._made[key]


def site_positions(site: Site, sources: Sources) -> dict[str, PagePositions]:
    """Site path of each page with items -> its items' positions, all at once."""
    found = SitePositions(site, sources)
    return {key: found.page(key) for key in found.pages}


def _makers(
    site: Site, docs: Mapping[str, Document], reused: Reused
) -> dict[str, Callable[[], PagePositions]]:
    makers: dict[str, Callable[[], PagePositions]] = {}
    personas = [(p.id, docs[p.source]) for p in site.personas if p.source in docs]
    if personas:
        makers[Paths.index] = partial(_persona_cards, personas)
    for persona_id, doc in personas:
        whole = Position(".jg-persona", 0, "", 0, "persona", doc.path, 0, 0)
        makers[Paths.persona(persona_id)] = partial(_whole, "persona", whole, doc, "name")
    for page in site.pages:
        if page.source in docs:
            doc = docs[page.source]
            whole = Position("main article", 0, "", 0, "page", doc.path, 0, 0)
            makers[Paths.page(page.id)] = partial(_whole, "page", whole, doc, "title")
    for journey in site.journeys:
        if journey.source in docs and not journey.locked:
            doc = docs[journey.source]
            makers[Paths.journey(journey.id)] = partial(reused.journey, journey, doc)
    return makers


def _whole(key: str, where: Position, doc: Document, at: str) -> PagePositions:
    """A page that is one item (a persona, a free page), at its `at` key."""
    line, column = locator(doc)((at,))
    return {key: replace(where, line=line, column=column)}


def _persona_cards(personas: Sequence[tuple[str, Document]]) -> PagePositions:
    """The overview's persona cards, each at its persona's name."""
    cards = {}
    for persona_id, doc in personas:
        line, column = locator(doc)(("name",))
        href = f'a[href*="personas/{persona_id}/"]'
        card = f".jg-pcard:has({href})"
        cards[f"persona-{persona_id}"] = Position(card, 0, "", 0, "persona", doc.path, line, column)
    return cards


def journey_positions(journey: Journey, doc: Document) -> dict[str, Position]:
    """A journey page's items: its title, stages, touchpoints, KPIs and notes."""
    find = locator(doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_stages = _as_list(data.get("stages"))
    items: dict[str, Position] = {}

    def add(
        key: str, css: str, kind: str, loc: Loc, n: int = 0, inner: str = "", m: int = 0
    ) -> None:
        line, column = find(loc)
        items[key] = Position(css, n, inner, m, kind, doc.path, line, column)

    add("journey", ".jg-hero__title", "journey", ("title",))
    # by id: a client's site numbers its stages again without the internal ones
    written = {raw.get("id"): n for n, raw in enumerate(raw_stages) if isinstance(raw, dict)}
    for column, stage in enumerate(journey.stages):
        index = written.get(stage.id, stage.index)
        at: Loc = ("stages", index)
        raw = raw_stages[index] if index < len(raw_stages) else {}
        raw = raw if isinstance(raw, dict) else {}
        add(f"stage-{stage.id}", _by_id(f"stage-{stage.id}"), "stage", at)
        add(f"about-{stage.id}", ".jg-map tr.jg-lane--about > td", "stage", at, column)
        _touchpoints(stage, raw, at, add)
        _kpis(stage, raw, at, add)
        for name, row in NOTE_ROWS:
            notes: tuple[Note, ...] = getattr(stage, name)
            css = f".jg-map tr.jg-lane--{row} > td"
            for m, loc in _note_locs(notes, raw.get(name), (*at, name)):
                add(f"{row}-{stage.id}-{m}", css, "note", loc, column, "li.jg-note", m)
        for lane, notes in stage.lanes.items():
            cell = _by_id(f"bp-{lane}--{stage.id}")
            for m, loc in _note_locs(notes, raw.get(lane), (*at, lane)):
                add(f"bp-{lane}--{stage.id}-{m}", cell, "note", loc, 0, "li.jg-note", m)
    return items


def _touchpoints(stage: Stage, raw: Mapping[str, Any], at: Loc, add: Callable[..., None]) -> None:
    """Each touchpoint at its item in the journey: a `ref:` one where the ref is written,
    not in the shared library."""
    written = _as_list(raw.get("touchpoints"))
    ids = [_touchpoint_key(item) for item in written]
    for tp, index in zip(
        stage.touchpoints, _match([tp.id for tp in stage.touchpoints], ids), strict=True
    ):
        add(f"tp-{tp.id}", _by_id(f"tp-{tp.id}"), "touchpoint", (*at, "touchpoints", index))


def _kpis(stage: Stage, raw: Mapping[str, Any], at: Loc, add: Callable[..., None]) -> None:
    written = [
        item.get("name") if isinstance(item, dict) else None for item in _as_list(raw.get("kpis"))
    ]
    for kpi, index in zip(
        stage.kpis, _match([kpi.name for kpi in stage.kpis], written), strict=True
    ):
        loc = (*at, "kpis", index)
        add(kpi.slug, _by_id(kpi.slug), "kpi", loc)  # the row of the KPI table
        chip = f'.jg-kpi-chip:has(> a[href="#{kpi.slug}"])'
        add(f"chip-{kpi.slug}", chip, "kpi", loc)  # its chip in the map


def _note_locs(notes: Sequence[Note], raw: Any, at: Loc) -> Iterable[tuple[int, Loc]]:
    """(place on the page, where in the file) of each note shown; a list given as a single
    string (`thoughts: ...`) is its one item."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [(0, at)] if notes else []
    texts = [_note_text(item) for item in raw]
    return [(m, (*at, index)) for m, index in enumerate(_match([n.text for n in notes], texts))]


def _match(shown: Sequence[object], written: Sequence[object]) -> list[int]:
    """The index in `written` of each item in `shown`: the same when nothing was left out,
    else the next written item that is equal (the audience leaves items out, in order)."""
    if len(shown) == len(written):
        return list(range(len(shown)))
    found, at = [], 0
    for item in shown:
        index = next((i for i in range(at, len(written)) if written[i] == item), at)
        found.append(index)
        at = index + 1
    return found


def _touchpoint_key(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    given = item.get("id") or item.get("ref")
    name = item.get("name")
    return str(given) if given else touchpoint_id(str(name)) if name else None


def _note_text(item: Any) -> Any:
    return item.get("text") if isinstance(item, dict) else item


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _by_id(element_id: str) -> str:
    """A selector for the element with this id (a slug may start with a digit: no `#`)."""
    return f'[id="{element_id}"]'
