"""Reusing what an earlier build made: the interface every cached step goes through.

A step whose result is a pure function of its inputs asks `reuse.recall(step, slot, inputs,
make)`: the result made last time for equal inputs, or `make()`'s. The code that reads and
validates a project (`sources`, `validate`) sees only this protocol; it never imports the
cache. `build` (or `serve`) hands the cache down: `cache.memo.Memo`, kept in memory by serve
and on disk between builds (`cache.disk`), or `FRESH`, which makes every result anew (a
build with `--no-cache`): the same code path, the same output bytes.

Inputs must hold everything the result depends on, as values that compare by content
(strings, numbers, tuples, frozen dataclasses).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import StrEnum
from typing import Protocol, TypeVar

from journeygen.core.diagnostics import Diagnostic

T = TypeVar("T")


class Step(StrEnum):
    """What a cached result is: the first part of its key (the slot is the second)."""

    TEXT = "text"  # a file's text, by its inode, size and times (serve only)
    DOCUMENT = "document"  # a parsed file (slot: path, kind, front matter), by its text
    CSV = "csv"  # the rows of a CSV file, by its text
    ROWS = "rows"  # the CSV rows grouped by journey (serve only)
    JOURNEY_SHARED = "journey-shared"  # what every journey is validated against
    JOURNEY = "journey"  # a validated journey, by its document, the shared part and its rows
    CHECKS = "checks"  # the findings of the quality checks, by the site (serve only)
    WHOLE_SITE = "whole-site"  # what every page of a site shares
    PAGE_STAMP = "page-stamp"  # the theme, the config and the assets every page shows
    READS_SITE = "reads-site"  # whether a template reads the whole site
    PAGE = "page"  # a rendered page or export (slot: its path)
    BUILDER = "builder"  # what an extension's page builder yielded
    BUILDER_KIND = "builder-kind"  # whether a builder yields files or pages
    BUILDER_BYTES = "builder-bytes"  # the bytes of a builder's files (the search index)
    LOCKED = "locked"  # a password-protected page, encrypted (serve only: never on disk)
    CONTENT_KEY = "content-key"  # the content key of a password (serve only: never on disk)
    WRITTEN = "written"  # what the last build wrote to an output folder
    VERSION = "version"  # a published version's files in the page store (slot: its commit)


class Reuse(Protocol):
    """Results by step and slot, reused for equal inputs."""

    def recall(self, step: Step, slot: Hashable, inputs: object, make: Callable[[], T]) -> T:
        """The result made for `inputs` in `slot` of `step`, or `make()`'s."""
        ...

    def recall_checked(
        self,
        step: Step,
        slot: Hashable,
        inputs: object,
        make: Callable[[list[Diagnostic]], T],
        problems: list[Diagnostic],
    ) -> T:
        """`recall` for a step that reports problems: they are kept with the result and
        added to `problems` again, in the same order, whenever the result is reused."""
        ...

    def holds(self, step: Step, slot: Hashable, inputs: object) -> bool:
        """Whether `recall` would reuse a result (so that it need not be made ahead)."""
        ...


class Fresh:
    """Makes every result anew and keeps nothing."""

    def recall(self, step: Step, slot: Hashable, inputs: object, make: Callable[[], T]) -> T:
        return make()

    def recall_checked(
        self,
        step: Step,
        slot: Hashable,
        inputs: object,
        make: Callable[[list[Diagnostic]], T],
        problems: list[Diagnostic],
    ) -> T:
        return make(problems)

    def holds(self, step: Step, slot: Hashable, inputs: object) -> bool:
        return False


FRESH: Reuse = Fresh()
