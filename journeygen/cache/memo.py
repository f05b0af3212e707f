"""What one build computed, for the next build of the same process to reuse.

`journeygen serve` rebuilds on every save; most of the project is unchanged each time. A
`Memo` keeps, per step and per slot (a file, a journey, a page), the inputs a result was
made from and the result. The next build asks again with its own inputs: when they are
equal (an identical object compares in no time), it gets the same result object back, so
the steps after it see identical objects too and can skip their work in turn; else the
result is made anew and replaces the old one. One entry per slot: memory does not grow
with the number of edits.

A one-off build (`journeygen build`, `check`) passes no memo: `NO_MEMO` makes every result
afresh, so the code path is the same and the output the same bytes.

Inputs must hold everything the result depends on, as values that compare by content
(strings, numbers, tuples, frozen dataclasses): a result is only ever reused for inputs
equal to those it was made from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from journeygen.cache.page_store import Store
from journeygen.core.diagnostics import Diagnostic

T = TypeVar("T")


class Memo:
    """Results by step and slot; used by one build at a time (serve builds on one thread)."""

    def __init__(self, page_store: Store | None = None) -> None:
        # Where rendered pages are kept: in memory (serve), or as files of `page_store` on
        # disk (a build with the cache, disk.py), rendered with every core as a plain build is.
        self.page_store = page_store
        self.loaded: object = None  # what disk.py read from disk, to write parts of it again
        self._tables: dict[str, dict[Hashable, tuple[Any, Any]]] = {}
        self.hits = 0
        self.misses = 0
        self.made: Counter[str] = Counter()  # results made, by step
        self._touched: dict[str, set[Hashable]] = {}  # slots asked for since `begin`

    def recall(self, step: str, slot: Hashable, inputs: object, make: Callable[[], T]) -> T:
        """The result for `inputs` in `slot` of `step`: the last one if its inputs are equal."""
        found, value = self.lookup(step, slot, inputs)
        if not found:
            value = make()
            self.store(step, slot, inputs, value)
        return value

    def lookup(self, step: str, slot: Hashable, inputs: object) -> tuple[bool, Any]:
        """(True, the result) when `slot` of `step` was made from equal inputs; else
        (False, None), and the caller makes it and calls `store` (for results made
        elsewhere, such as pages rendered by worker processes)."""
        self._touched.setdefault(step, set()).add(slot)
        entry = self._tables.get(step, {}).get(slot)
        if entry is not None and entry[0] == inputs:
            self.hits += 1
            return True, entry[1]
        self.misses += 1
        self.made[step] += 1
        return False, None

    def store(self, step: str, slot: Hashable, inputs: object, value: object) -> None:
        self._tables.setdefault(step, {})[slot] = (inputs, value)

    def holds(self, step: str, slot: Hashable, inputs: object) -> bool:
        """Whether `lookup` would find a result (without counting it as asked for)."""
        entry = self._tables.get(step, {}).get(slot)
        return entry is not None and entry[0] == inputs

    def made_elsewhere(self, step: str, slot: Hashable, inputs: object, value: object) -> None:
        """A result made ahead, in other processes: kept (and counted as made) for the
        `recall` that follows to find."""
        self.store(step, slot, inputs, value)
        self.made[step] += 1

    def recall_checked(
        self,
        step: str,
        slot: Hashable,
        inputs: object,
        make: Callable[[list[Diagnostic]], T],
        problems: list[Diagnostic],
    ) -> T:
        """`recall` for a step that reports problems: they are kept with the result and
        reported again, in the same order, whenever the result is reused."""

        def made() -> tuple[T, tuple[Diagnostic, ...]]:
            found: list[Diagnostic] = []
            return make(found), tuple(found)

        value, found = self.recall(step, slot, inputs, made)
        problems.extend(found)
        return value

    def begin(self) -> None:
        """A build starts: from now on, note which slots it asks for and what it makes."""
        self._touched = {}
        self.made.clear()

    def sweep(self) -> None:
        """Drop the slots this build did not ask for in the steps it ran (files that are
        gone, journeys removed), so memory follows the project, not its history."""
        for step, touched in self._touched.items():
            table = self._tables[step]
            for slot in [s for s in table if s not in touched]:
                del table[slot]

    def tables(self, steps: Iterable[str]) -> dict[str, dict[Hashable, tuple[Any, Any]]]:
        """The entries of `steps` this build asked for (to keep them on disk); all of a step
        it did not run (`check` renders no page: the pages of the last build stay)."""
        tables = {}
        for step in steps:
            table = self._tables.get(step, {})
            if step in self._touched:
                table = {slot: e for slot, e in table.items() if slot in self._touched[step]}
            tables[step] = table
        return tables

    def changed(self, steps: Iterable[str]) -> bool:
        """Whether this build made or dropped entries of `steps` since `begin` (a step it did
        not run drops nothing: see `tables`)."""
        return any(
            self.made[step]
            or (step in self._touched and set(self._tables.get(step, ())) - self._touched[step])
            for step in steps
        )

    def restore(self, tables: dict[str, dict[Hashable, tuple[Any, Any]]]) -> None:
        """Start from entries an earlier run kept (see `cache.py`)."""
        for step, table in tables.items():
            self._tables.setdefault(step, {}).update(table)

    def scoped(self, scope: str) -> Memo:
        """This memo for a second render of the same build (the protected pages of a site
        with passwords): its slots are apart from this one's, its results kept alike."""
        return _Scoped(self, scope)

    @property
    def in_memory(self) -> bool:
        """Whether results stay in this process only (serve): never on disk."""
        return self.page_store is None


class _Scoped(Memo):
    """A memo's entries under slots of their own (`Memo.scoped`)."""

    def __init__(self, parent: Memo, scope: str) -> None:
        super().__init__(parent.page_store)
        self._parent = parent
        self._scope = scope

    def lookup(self, step: str, slot: Hashable, inputs: object) -> tuple[bool, Any]:
        return self._parent.lookup(step, (self._scope, slot), inputs)

    def store(self, step: str, slot: Hashable, inputs: object, value: object) -> None:
        self._parent.store(step, (self._scope, slot), inputs, value)

    def holds(self, step: str, slot: Hashable, inputs: object) -> bool:
        return self._parent.holds(step, (self._scope, slot), inputs)

    def made_elsewhere(self, step: str, slot: Hashable, inputs: object, value: object) -> None:
        self._parent.made_elsewhere(step, (self._scope, slot), inputs, value)


class _NoMemo(Memo):
    """Makes every result afresh and keeps nothing: one-off builds."""

    def lookup(self, step: str, slot: Hashable, inputs: object) -> tuple[bool, Any]:
        return False, None

    def store(self, step: str, slot: Hashable, inputs: object, value: object) -> None:
        pass

    def holds(self, step: str, slot: Hashable, inputs: object) -> bool:
        return False

    def scoped(self, scope: str) -> Memo:
        return self

    @property
    def in_memory(self) -> bool:
        return False


NO_MEMO: Memo = _NoMemo()
