"""The memo of parsed files and validated journeys, kept on disk between runs of `build`
and `check`.

Parsing YAML (about 2 ms per journey file) and validating a journey with its KPI rows
(about 1 ms) are most of what `check` does; a file whose text has not changed since the last
run is taken from here instead, and so is its journey when what it refers to (the ids of
personas and journeys, the touchpoint library, its rows of KPI data) is unchanged too. The cache lives in
the user's cache folder (`$XDG_CACHE_HOME/journeygen/`, or `JOURNEYGEN_CACHE_DIR`), one
file per project, never in the project: a pickle is code to Python, and a folder that came
with a cloned repository must never be unpickled. Anything wrong with it (another version
of journeygen, Python or PyYAML, a damaged file, no permission) means starting empty; it is
never an error. `--no-cache` skips it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from journeygen import __version__
from journeygen.memo import Memo

CACHED_STEPS = ("document", "csv", "journey")  # steps whose results depend on file texts only
FORMAT = 1


def cache_file(root: Path) -> Path:
    base = os.environ.get("JOURNEYGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "journeygen"
    )
    project = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return Path(base) / f"{project}.pickle"


def _stamp() -> tuple[object, ...]:
    return (FORMAT, __version__, sys.version, yaml.__version__, yaml.__with_libyaml__)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cyclic garbage collector: it would scan the growing heap again and again
    while the cache's objects are made (loading took twice as long with it). They stay for
    the whole run, so they are moved out of its sight (`gc.freeze`) before it starts again:
    else its next full pass would walk them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def open_memo(root: Path) -> Memo:
    """A memo with what the last run on this project kept (empty if nothing usable)."""
    memo = Memo(pages=False)
    try:
        with cache_file(root).open("rb") as file, _no_gc():
            stamp, tables = pickle.load(file)
        if stamp == _stamp() and isinstance(tables, dict):
            memo.restore(tables)
    except Exception:  # absent, damaged, from another version: start empty
        pass
    memo.begin()
    return memo


def save_memo(memo: Memo, root: Path) -> None:
    """Keep what this run used for the next; a cache that cannot be written is skipped.
    A run that parsed nothing anew (every file as last time, or `NO_MEMO`) writes nothing."""
    if not memo.changed(CACHED_STEPS):
        return
    target = cache_file(root)
    temporary = None
    try:
        data = pickle.dumps((_stamp(), memo.tables(CACHED_STEPS)), pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".new-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
