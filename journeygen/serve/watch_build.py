"""`journeygen build --watch`: build the site into its folder, then again after every change.

For people who open the site from disk or serve it with their own server (as `hugo --watch`,
`eleventy --watch` and `jekyll build --watch` do). It watches what `serve` watches, with the
same debouncer, and builds with one memo kept across rebuilds (so a rebuild redoes only what
changed; with the cache, unchanged pages are linked from the last site). Each rebuild is
atomic, as a build is; a failed one prints its problems as `check` prints them and leaves
the last good site in place. The pages are exactly what `journeygen build` writes: no
reload script.
"""

from __future__ import annotations

import dataclasses
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from journeygen.build import BuildResult, Project, build
from journeygen.cache.memo import Memo
from journeygen.core.diagnostics import format_text, summary
from journeygen.render.renderer import Cancelled
from journeygen.serve.watch import Debouncer, Targets, Watcher, find_targets
from journeygen.validate.history import HistoryError


class WatchedBuild:
    """Builds into the output folder now and after every change, until `stop()`."""

    def __init__(
        self,
        project: Project,
        options: Mapping[str, Any],
        memo: Memo,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        on_built: Callable[[BuildResult | None], None] = lambda result: None,
    ) -> None:
        self.project = project
        self.options = dict(options)  # build()'s: out, strict, clean, base_url, audience...
        self.memo = memo
        self._out, self._err = out, err
        self._on_built = on_built
        self._stopped = threading.Event()
        self.targets = self._targets(None)
        self.debouncer = Debouncer(self.rebuild)
        self.watcher = Watcher(
            self.targets, lambda path, settled: self.debouncer.poke(path, settled=settled)
        )
        self._built = False

    def _targets(self, result: BuildResult | None) -> Targets:
        targets = find_targets(
            self.project.root, self.project.config_path, result.config_file if result else None
        )
        out = self.options.get("out")
        if out is not None:  # --out: never react to what the build itself writes
            targets = dataclasses.replace(targets, output=Path(out).resolve())
        return targets

    def rebuild(self) -> BuildResult | None:
        """Build once and say how it went; never raises (the watch must live on)."""
        started = time.perf_counter()
        result: BuildResult | None = None
        try:
            self.memo.begin()
            result = build(
                self.project,
                **self.options,
                memo=self.memo,
                cancelled=lambda: self.debouncer.pending,
            )
            self.memo.sweep()
        except Cancelled:  # a newer edit is waiting: the debouncer builds again at once
            return None
        except HistoryError as exc:
            self._print(f"journeygen: error: --changes-since: {exc}", error=True)
        except Exception:  # a bug in journeygen: say so, and keep watching
            self._print(traceback.format_exc(), error=True)
        if result is not None:
            self._report(result, (time.perf_counter() - started) * 1000)
            self.targets = self._targets(result)
            if self.watcher.sync(self.targets):
                self.debouncer.poke()  # a folder (re)appeared: what changed in it meanwhile
        self._on_built(result)
        return result

    def _report(self, result: BuildResult, ms: float) -> None:
        for diagnostic in result.diagnostics:
            self._print(format_text(diagnostic), error=True)
        strict = bool(self.options.get("strict"))
        if result.failed(strict) or result.out is None:
            self._print(
                f"Build failed ({summary(result.diagnostics)}); the site in "
                f"{self._shown(result)} is left as it was",
                error=True,
            )
            return
        word = "Rebuilt" if self._built else "Built"
        self._built = True
        extra = f" ({summary(result.warnings)})" if result.warnings else ""
        self._print(
            f"{word} {result.written} files in {self._shown(result)}/ in {ms:.0f} ms{extra}"
        )

    def _shown(self, result: BuildResult) -> str:
        target = result.out or self.targets.output
        try:
            return target.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return str(target)

    def _print(self, text: str, *, error: bool = False) -> None:
        stream = (self._err or sys.stderr) if error else (self._out or sys.stdout)
        print(text, file=stream, flush=True)

    def start(self) -> None:
        """Watch, build once, and rebuild on every change (on the debouncer's thread)."""
        self.watcher.start()
        self.rebuild()
        self.debouncer.start()

    def wait(self) -> None:
        """Until `stop()` (or Ctrl-C, which raises KeyboardInterrupt here)."""
        while not self._stopped.wait(0.25):
            pass

    def stop(self) -> None:
        self._stopped.set()
        self.watcher.stop()
        self.debouncer.stop()


def run(watched: WatchedBuild) -> int:
    """`journeygen build --watch` until Ctrl-C; 0."""
    try:
        watched.start()
        watched._print("Watching for changes (Ctrl-C to stop)")
        watched.wait()
    except KeyboardInterrupt:
        watched._print("\nStopped.")
    finally:
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        watched.stop()  # a second Ctrl-C meanwhile is ignored: no traceback from the clean-up
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return 0
