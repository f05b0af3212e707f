"""How many processes a CPU-bound step uses, and running a function in them.

Rendering pages (render.py) and parsing the files of a large project (sources.py) use one
process per CPU, forked so that each inherits what the parent has made. Forking is skipped
where it is not possible or not safe; the result is the same either way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from journeygen.core.diagnostics import Diagnostic, Severity

T = TypeVar("T")
R = TypeVar("R")

WORKERS_VARIABLE = "JOURNEYGEN_WORKERS"  # the number of processes; 1: work in this one


def worker_count(
    items: int, per_worker: int, workers: int | None, problems: list[Diagnostic]
) -> int:
    """How many processes work on `items` items: `workers`, else JOURNEYGEN_WORKERS, else one
    per CPU this process may use once there are `per_worker` items for each. One where
    forking is not possible or not safe: no `fork` (Windows, macOS' default) or other
    threads running (`journeygen serve` builds from a thread; forking copies only the
    calling thread, and a lock another thread held stays locked in the child)."""
    if workers is None:
        workers = _workers_from_environment(problems)
    if workers is None:
        workers = min(_cpus(), items // per_worker)
    if workers < 2 or items < 2:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return workers


def _workers_from_environment(problems: list[Diagnostic]) -> int | None:
    text = os.environ.get(WORKERS_VARIABLE, "").strip()
    if not text:
        return None
    if text.isdigit() and int(text) >= 1:
        return int(text)
    problems.append(
        Diagnostic(
            WORKERS_VARIABLE, 1, 1,
            f"{WORKERS_VARIABLE}={text!r} is not a number of processes; using the default",
            "set it to 1 (render in one process) or more, or unset it",
            Severity.WARNING,
        )
    )  # fmt: skip
    return None


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C stops the parent, which ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def forked_pool(
    count: int, initializer: Callable[..., None] = ignore_interrupts, initargs: tuple[Any, ...] = ()
) -> Iterator[Any]:
    """`count` forked processes (a `multiprocessing` pool), ended when the block ends. What
    the parent made stays out of the workers' garbage collection (`gc.freeze`): fewer of the
    pages they share with it are copied."""
    gc.freeze()
    try:
        fork = multiprocessing.get_context("fork")
        with fork.Pool(count, initializer=initializer, initargs=initargs) as pool:
            yield pool
    finally:
        gc.unfreeze()


def map_forked(function: Callable[[T], R], items: Sequence[T], count: int) -> list[R]:
    """`[function(item) for item in items]` by `count` forked processes, in order; the
    items and results travel pickled, `function` and what it reads are inherited."""
    enabled = gc.isenabled()
    gc.disable()  # the collector is not run again and again while the results come in
    try:
        with forked_pool(count) as pool:
            return pool.map(function, items, chunksize=max(1, len(items) // (count * 8)))
    finally:
        if enabled:
            gc.enable()
