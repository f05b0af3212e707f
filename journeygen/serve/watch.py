"""Watch a project's inputs and call back, debounced, after they change.

What is watched: `content/` (or the config's `content_dir`) and `themes/`, recursively, and
the project folder itself, not recursively, for the config file and for those folders
appearing or going away. Editors' swap, backup and temp files are ignored; so is the
output folder. A burst of saves becomes one build: the `Debouncer` waits for a short quiet
spell, and a change that lands while a build runs starts one more build afterwards.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from journeygen.sources.config_file import ConfigFile
from journeygen.sources.read import read_config_file

QUIET_SECONDS = 0.04
# After a file is closed from writing or moved into place, its editor is done with it: a
# burst of that one file ends after this much quiet instead (a save's events arrive within a
# millisecond or two; the full QUIET_SECONDS was a quarter of save-to-screen at 100
# journeys). Only for a burst after IDLE_SECONDS without any change, and while no other file
# changed in it: a git checkout waits for all its files, and a script or auto-save saving
# many times a second still gets one build per burst after its first save.
SETTLE_SECONDS = 0.005
IDLE_SECONDS = 0.25
MAX_WAIT_SECONDS = 1.0

# Editors' side files (vim, emacs, JetBrains, macOS, generic temp files) and VCS folders.
IGNORED_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})
IGNORED_SUFFIXES = (
    ".swp",
    ".swx",
    ".swo",
    ".swpx",
    "~",
    ".tmp",
    ".bak",
    ".crswap",
    "___jb_tmp___",
    "___jb_old___",
)
IGNORED_PREFIXES = (".#",)
IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".idea", ".vscode"})
# Events that mean "something was written" (or touched); watchdog also reports opens and
# reads, which a build itself causes and which must never start another build.
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})
# The same, as watchdog event classes: on Linux this keeps opens and reads out of the
# inotify mask, so a build reading 1,000 files does not wake the watcher 2,000 times.
EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
try:  # watchdog >= 7 reports `touch` and chmod apart; older versions as a modification
    from watchdog.events import FileAttribEvent  # type: ignore[attr-defined,unused-ignore]

    EVENT_FILTER.append(FileAttribEvent)
except ImportError:  # pragma: no cover
    pass


def is_ignored(path: str | PurePath) -> bool:
    """True for editor swap/backup/temp files and anything inside a VCS or editor folder."""
    parts = PurePath(path).parts
    if not parts:
        return True
    name = parts[-1]
    if name in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES):
        return True
    if name.endswith(IGNORED_SUFFIXES):
        return True
    return any(part in IGNORED_DIRS for part in parts[:-1])


@dataclass(frozen=True)
class Targets:
    """What to watch for one project, and what never to react to."""

    root: Path
    config: Path | None
    folders: tuple[Path, ...]  # watched recursively
    output: Path

    def wants(self, path: str | Path) -> bool:
        """Does a change at `path` (absolute) matter for the build?"""
        candidate = Path(path)
        if is_ignored(candidate) or _inside(candidate, self.output):
            return False
        if self.config is not None and candidate == self.config:
            return True
        if candidate.parent == self.root:  # a watched folder appeared, vanished, was renamed
            return candidate in self.folders
        return any(_inside(candidate, folder) for folder in self.folders)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def find_targets(root: Path, config: Path | None, file: ConfigFile | None = None) -> Targets:
    """What serve watches: the content and themes folders and the config, not the output
    folder; `file` is the config as the last build read it (else it is read here)."""
    root = root.resolve()
    if file is None:
        file = read_config_file(root, config)
    config = config.resolve() if config is not None else root / "journeygen.yml"
    content = root / file.content_dir
    output = root / file.output_dir
    folders = (content.resolve(), (root / "themes").resolve())
    return Targets(root, config, folders, output.resolve())


class Debouncer:
    """Run `action` once per burst of `poke()`s, on a worker thread.

    The action runs after `quiet` seconds without a poke, or at the latest `max_wait` seconds
    after the first poke of a burst; after `settle` seconds when the last poke says its file
    is written, no other file changed in the burst and the burst came after `IDLE_SECONDS`
    without a poke (see SETTLE_SECONDS). Pokes that arrive while the action runs make it run once
    more afterwards, so the last state on disk is always the one built.
    """

    def __init__(
        self,
        action: Callable[[], object],
        quiet: float = QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        settle: float = SETTLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._action = action
        self._clock = clock
        self._quiet = quiet
        self._settle = min(settle, quiet)
        self._max_wait = max_wait
        self._cond = threading.Condition()
        self._pending = False
        self._first = self._due = 0.0
        self._last = -IDLE_SECONDS  # the last poke
        self._fresh = False  # this burst came after a quiet spell
        self._paths: set[str | None] = set()  # what changed in this burst
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="journeygen-debounce", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def pending(self) -> bool:
        """Whether a change came in that no run of the action has started for yet."""
        with self._cond:
            return self._pending

    def poke(self, path: str | None = None, *, settled: bool = False) -> None:
        """`path` changed (None: something did); `settled`: the file was closed after writing,
        or moved into place."""
        with self._cond:
            now = self._clock()
            if not self._pending:
                self._pending, self._first = True, now
                self._fresh = now - self._last >= IDLE_SECONDS
                self._paths = set()
            self._paths.add(path)
            self._last = now
            alone = path is not None and len(self._paths) == 1
            soon = settled and alone and self._fresh
            self._due = now + (self._settle if soon else self._quiet)
            self._cond.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while self._wait_for_quiet():
            try:
                self._action()
            except Exception:  # a bug in the action must not stop all future runs
                traceback.print_exc()

    def due(self) -> float | None:
        """When the burst that came in is to run, on the clock; None when none is pending."""
        with self._cond:
            return self._due_at()

    def take_due(self) -> bool:
        """Whether a burst is due now; if so, it counts as run (later pokes start a new one)."""
        with self._cond:
            due = self._due_at()
            if due is None or self._clock() < due:
                return False
            self._pending = False
            return True

    def _due_at(self) -> float | None:
        return min(self._due, self._first + self._max_wait) if self._pending else None

    def _wait_for_quiet(self) -> bool:
        """Block until a burst has settled; False when stopping."""
        with self._cond:
            while not self._stopping:
                due = self._due_at()
                if due is None:
                    self._cond.wait()
                elif not self.take_due():
                    self._cond.wait(max(due - self._clock(), 0.001))
                else:
                    return True
            return False


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type in ("modified", "closed", "attrib"):
            return  # a file inside changed too, and that event says which
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        settled = event.event_type in ("closed", "moved") and not event.is_directory
        self._watcher.notice((_text(p) for p in paths if p), settled=settled)


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class Watcher:
    """watchdog observer over a project's `Targets`; calls `on_change(path, settled)` for each
    change (`settled`: the file was closed after writing, or moved into place)."""

    def __init__(self, targets: Targets, on_change: Callable[[str, bool], None]) -> None:
        self.targets = targets
        self._on_change = on_change
        self._observer = Observer()
        self._handler = _Handler(self)
        self._scheduled: dict[tuple[Path, bool], tuple[Any, int]] = {}  # -> (watch, inode)
        self._lock = threading.Lock()

    def start(self) -> None:
        self.sync(self.targets)
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(5.0)

    def notice(self, paths: Iterable[str], *, settled: bool = False) -> None:
        for path in paths:
            if self.targets.wants(path):
                self._on_change(path, settled)
                return

    def sync(self, targets: Targets) -> bool:
        """Watch what `targets` names and exists now (folders come and go; configs change).

        True when a folder is newly watched: a change made in it before now went unseen,
        so the caller should build once more."""
        wanted = {(targets.root, False)} | {(f, True) for f in targets.folders if f.is_dir()}
        added = False
        with self._lock:
            self.targets = targets
            for key, (watch, inode) in list(self._scheduled.items()):
                if key not in wanted or _inode(key[0]) != inode:  # gone, or replaced
                    del self._scheduled[key]
                    with contextlib.suppress(KeyError, OSError):  # its emitter may be gone
                        self._observer.unschedule(watch)
            for folder, recursive in sorted(wanted - set(self._scheduled)):
                try:
                    inode = _inode(folder)
                    watch = self._schedule(folder, recursive)
                except OSError:
                    continue  # vanished between the check and the call; the next sync retries
                self._scheduled[(folder, recursive)] = (watch, inode)
                added = added or recursive
        return added

    def _schedule(self, folder: Path, recursive: bool) -> Any:
        return self._observer.schedule(
            self._handler, str(folder), recursive=recursive, event_filter=EVENT_FILTER
        )


def _inode(folder: Path) -> int:
    try:
        return folder.stat().st_ino
    except OSError:
        return -1
