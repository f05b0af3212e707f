"""`journeygen serve`: build in memory, serve over HTTP, rebuild on change, reload open tabs.

The site is served from memory: a `Snapshot` (path -> bytes of the last good build, plus the
diagnostics of a failed build, if any) that a rebuild swaps in as one reference, so a request
always sees one complete build. Nothing is written to the output folder. HTML responses get
a small reload script (and, after a failed build, an overlay with the diagnostics) on the way
out; built files never contain either. Open tabs hear about builds over Server-Sent Events.
The HTTP side is `devserver.py`; this module builds, watches and holds the snapshot.

`Serve` is the only long-lived state in journeygen: the snapshot, the memo of the last build
(so a rebuild redoes only what changed), the watcher, the server.
"""

from __future__ import annotations

import argparse
import gc
import secrets
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from journeygen.build import BuildResult, Project, build
from journeygen.cache.memo import Memo
from journeygen.core.diagnostics import format_text, summary
from journeygen.render.renderer import Cancelled
from journeygen.serve.editor import Editor, EditorError, Place
from journeygen.serve.http import (
    DevHTTPServer,
    Snapshot,
    bind,
    is_loopback,
    is_unspecified,
)
from journeygen.serve.positions import Reused, SitePositions
from journeygen.serve.watch import Debouncer, Watcher, find_targets
from journeygen.validate.audience import Audience

# --- the serve object ----------------------------------------------------------------------


class Serve:
    """Builds, holds the current snapshot, watches, and serves it."""

    def __init__(
        self,
        project: Project,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        audience: Audience = "team",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.project = project
        self.editor = Editor.from_environ(project.root, environ)  # EditorError: a bad command
        self._positions = Reused()
        self.audience = audience
        self._out = out
        self._err = err
        self._built = False  # a good build has been published
        self._cond = threading.Condition()
        self._closing = False
        self._viewers: Counter[str | None] = Counter()  # file -> tabs showing it
        self._snapshot = Snapshot(boot=secrets.token_hex(4))  # nothing built yet
        self.memo = Memo()  # what the last build computed: a rebuild redoes only what changed
        self.targets = find_targets(project.root, project.config_path)
        self.debouncer = Debouncer(self.rebuild)
        self.watcher = Watcher(
            self.targets, lambda path, settled: self.debouncer.poke(path, settled=settled)
        )
        self.httpd: DevHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # state

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def wait_for_build(self, seen: str, timeout: float) -> Snapshot | None:
        """The current snapshot once its generation differs from `seen` (or after
        `timeout`); None when the server is closing."""
        with self._cond:
            self._cond.wait_for(lambda: self._closing or self._snapshot.generation != seen, timeout)
            return None if self._closing else self._snapshot

    @contextmanager
    def viewing(self, key: str | None) -> Iterator[None]:
        """A tab shows the file `key` for as long as this lasts (see `viewed`)."""
        with self._cond:
            self._viewers[key] += 1
        try:
            yield
        finally:
            with self._cond:
                self._viewers[key] -= 1
                if not self._viewers[key]:
                    del self._viewers[key]

    def viewed(self) -> frozenset[str]:
        """The site files open in a browser tab now: a rebuild makes these first."""
        with self._cond:
            return frozenset(key for key in self._viewers if key is not None)

    def _publish(
        self,
        files: Mapping[str, bytes],
        problems: tuple[str, ...],
        headline: str,
        result: BuildResult | None = None,
    ) -> None:
        """Serve `files` (with the items' positions of `result`, when it was good) and
        `problems` (with their places, from `result`)."""
        current = self._snapshot
        positions = self._find_positions(result)
        places = self._places(result) if problems and result is not None else ()
        moved: frozenset[str] = frozenset()
        if positions is not None:  # the open pages whose items moved: they update too
            viewed = self.viewed()
            moved = frozenset(k for k in viewed if positions.page(k) != current.positions.page(k))
        if (
            files == current.files
            and problems == current.problems
            and places == current.places
            and not moved
            and (positions is None or positions.documents == current.positions.documents)
        ):
            return  # nothing a reader could see has changed: no reload
        with self._cond:
            self._snapshot = current.next(files, problems, headline, positions, places, moved)
            self._cond.notify_all()

    # building

    def _find_positions(self, result: BuildResult | None) -> SitePositions | None:
        """Where the items of `result`'s pages were written (found when a page is asked
        for); None: as before (a failed build)."""
        if result is None or result.failed() or result.site is None or result.sources is None:
            return None
        return SitePositions(result.site, result.sources, self._positions)

    def _places(self, result: BuildResult) -> tuple[Place | None, ...]:
        """Where each diagnostic is, when that is a file in the project."""
        places = (Place(d.path, d.line, d.col) for d in result.diagnostics)
        return tuple(place if self.editor.inside(place) else None for place in places)

    def rebuild(self) -> BuildResult | None:
        """Build in memory and publish the result; never raises (the server must live on).

        The pages open in a browser are made and published first (Hugo's "fast render"),
        then the rest of the site; both reuse what the last build made where the inputs are
        the same (`memo`). When a newer edit comes in while the rest is being made, this
        build stops and the next one starts at once.
        """
        started = time.perf_counter()
        word = "Rebuilt" if self._built else "Built"
        first_ms = None
        try:
            self.memo.begin()
            viewed = self.viewed() if self._built else frozenset()
            if viewed:
                first = build(self.project, **self._options(), only=viewed)
                if not first.failed():
                    opened = {**self._snapshot.files, **_read_outputs(first)}
                    self._publish(opened, (), "", first)
                    first_ms = (time.perf_counter() - started) * 1000
            result = build(
                self.project,
                **self._options(),
                cancelled=lambda: self.debouncer.pending,
            )
            self.memo.sweep()  # forget files and journeys that are gone
            files = None if result.failed() else _read_outputs(result)
        except Cancelled:  # a newer edit is waiting: the debouncer builds again at once
            if first_ms is not None:
                self._print(f"Updated the open pages in {first_ms:.0f} ms (a newer edit came in)")
            return None
        except Exception:  # a bug in journeygen; keep serving, show it
            trace = traceback.format_exc()
            self._print(trace, error=True)
            self._publish(self._snapshot.files, (trace,), "Build crashed (a bug in journeygen)")
            return None
        ms = (time.perf_counter() - started) * 1000
        if files is None:
            headline = f"Build failed: {summary(result.errors)}"
            self._print(f"{headline} (shown in the browser)", error=True)
            problems = tuple(format_text(d) for d in result.diagnostics)
            self._print("\n".join(problems), error=True)
            self._publish(self._snapshot.files, problems, headline, result)
        else:
            extra = f" ({summary(result.warnings)})" if result.warnings else ""
            if first_ms is not None:
                extra += f" (open pages in {first_ms:.0f} ms)"
            self._print(f"{word} in {ms:.0f} ms{extra}")
            self._built = True
            for warning in result.warnings:
                self._print(format_text(warning), error=True)
            self._publish(files, (), "", result)
        self.targets = find_targets(self.project.root, self.project.config_path, result.config_file)
        if self.watcher.sync(self.targets):
            self.debouncer.poke()  # a folder (re)appeared: what changed in it meanwhile
        if not self.debouncer.pending:
            collect_and_freeze()
        return result

    def _options(self) -> dict[str, Any]:
        return {"write": False, "memo": self.memo, "audience": self.audience}

    def _print(self, text: str, *, error: bool = False) -> None:
        stream = (self._err or sys.stderr) if error else (self._out or sys.stdout)
        print(text, file=stream, flush=True)

    # lifecycle

    def open(self, host: str = "127.0.0.1", port: int = 8000) -> DevHTTPServer:
        """Bind the HTTP server: `port`, or the next free one after it."""
        self.httpd = bind(host, port, self)
        return self.httpd

    @property
    def url(self) -> str:
        assert self.httpd is not None
        host, port = self.httpd.server_address[:2]
        if is_unspecified(str(host)):  # 0.0.0.0 or ::, every interface: open it locally
            host = "::1" if ":" in str(host) else "127.0.0.1"
        shown = f"[{host!s}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def start(self, *, background: bool = False) -> None:
        """Watch, build once, and (with `background`) serve on a thread; else call
        `serve_forever()` afterwards."""
        self.watcher.start()
        self.rebuild()
        self.debouncer.start()
        if background:
            assert self.httpd is not None
            self._thread = threading.Thread(
                target=self.httpd.serve_forever, name="journeygen-http", daemon=True
            )
            self._thread.start()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        gc.unfreeze()  # see `collect_and_freeze`
        self.watcher.stop()
        self.debouncer.stop()
        if self.httpd is not None:
            if self._thread is not None:
                self.httpd.shutdown()
                self._thread.join(5.0)
            self.httpd.server_close()


def collect_and_freeze() -> None:
    """One full garbage collection after a build, then what is left is frozen (Python's
    permanent generation), so the collections during the next build look at new objects
    only. Without this, the memo of a 1,000-journey site (millions of objects) was scanned
    again in every full collection: 0.2-0.3 s each, several per rebuild, and an edit saved
    meanwhile waited for them. Unfrozen first: nothing stays out of reach of collection
    for longer than one build."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _read_outputs(result: BuildResult) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for output in result.outputs:
        try:
            files[output.path] = output.read()
        except OSError:
            continue  # an asset vanished mid-build; its deletion already queued a rebuild
    return files


# --- command line --------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    project = Project.find(Path.cwd(), args.config)
    try:
        serve = Serve(project, audience=args.audience)
    except EditorError as exc:
        print(f"journeygen: error: {exc}", file=sys.stderr)
        return 1
    try:
        httpd = serve.open(args.host, args.port)
    except (OSError, UnicodeError) as exc:
        print(
            f"journeygen: error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
        )
        return 1
    try:
        port = httpd.server_address[1]
        if args.port and port != args.port:
            print(f"Port {args.port} is in use; using {port} instead.")
        serve.start()
        host = str(httpd.server_address[0])
        if not is_loopback(host):
            print(
                f"Warning: listening on {host}, not on loopback: other machines on the "
                "network can open this site.",
                file=sys.stderr,
            )
        print(f"Serving {serve.url} (Ctrl-C to stop; site/ is not written)", flush=True)
        if args.open:
            webbrowser.open(serve.url)
        httpd.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        serve.close()  # a second Ctrl-C meanwhile is ignored: no traceback from the clean-up
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return 0
