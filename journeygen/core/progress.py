"""What a long build, check or deploy is doing, and how far it is: told to a `Progress`.

The pipeline's steps call `step(...)` when one begins and `advance(n)` as work gets done;
the command line decides what is shown (`cli.py`): nothing (`SILENT`: not a terminal, CI
logs stay clean, or `--quiet`), a bar on the terminal once the work runs past a couple of
seconds (`Terminal`, drawn by rich), or a line per step with its time (`Lines`,
`--verbose`). A value handed down, not a global: tests pass their own.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def step(self, name: str, total: int | None = None) -> None:
        """A step begins: `name` as shown ("Rendering pages"), `total` its units of work."""

    def advance(self, count: int = 1) -> None:
        """`count` more units of the current step are done."""

    def close(self) -> None:
        """The work is over: anything on the terminal is cleared."""


class _Silent:
    def step(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


SILENT: Progress = _Silent()

DELAY_S = 2.0  # a terminal shows progress only for work that takes longer than this


class Terminal:
    """A transient rich progress bar on `stream`, shown once the work has run for `delay`
    seconds (a quick build prints only its closing line); cleared at the end."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY_S) -> None:
        self._stream = stream or sys.stderr
        self._delay = delay
        self._started = time.monotonic()
        self._bar: Any = None  # rich.progress.Progress, imported only when shown
        self._task: Any = None
        self._name = ""
        self._total: int | None = None
        self._done = 0

    def _show(self) -> None:
        if self._bar is None:
            if time.monotonic() - self._started < self._delay:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            console = Console(file=self._stream, stderr=self._stream is sys.stderr)
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._bar.start()
        if self._task is None:
            self._task = self._bar.add_task(self._name, total=self._total)
        self._bar.update(self._task, description=self._name, total=self._total,
                         completed=self._done)  # fmt: skip

    def step(self, name: str, total: int | None = None) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
        self._name, self._total, self._done = name, total, 0
        self._show()

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._show()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class Lines:
    """`--verbose`: a line per step when it ends, with what it did and its time."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._name: str | None = None
        self._total: int | None = None
        self._done = 0
        self._began = time.perf_counter()

    def _end(self) -> None:
        if self._name is None:
            return
        seconds = time.perf_counter() - self._began
        count = f" ({self._done:,} of {self._total:,})" if self._total is not None else ""
        print(f"journeygen: {self._name}{count}: {seconds:.2f} s", file=self._stream)

    def step(self, name: str, total: int | None = None) -> None:
        self._end()
        self._name, self._total, self._done = name, total, 0
        self._began = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self._done += count

    def close(self) -> None:
        self._end()
        self._name = None


def for_terminal(*, quiet: bool, verbose: bool, stream: TextIO | None = None) -> Progress:
    """What the command line shows: lines with `verbose`, nothing with `quiet` or when
    `stream` (stderr) is not a terminal, else a bar for long work."""
    stream = stream or sys.stderr
    if verbose:
        return Lines(stream)
    if quiet or not stream.isatty():
        return SILENT
    return Terminal(stream)
