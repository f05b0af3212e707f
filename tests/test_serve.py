"""journeygen serve and watch: paths, types, injection, debounce, ignore rules, and a real
server (in a thread, on a free port) that rebuilds after edits and survives broken ones."""

from __future__ import annotations

import gc
import html
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import interruptible

from journeygen import cli
from journeygen.build import Project, build
from journeygen.cache.memo import Memo
from journeygen.render import pages, search
from journeygen.render import renderer as render
from journeygen.render.renderer import Cancelled
from journeygen.serve.http import (
    EVENTS_PATH,
    NOT_FOUND_PAGE,
    Snapshot,
    content_type,
    inject,
    is_loopback,
    make_overlay,
    reload_script,
    resolve,
)
from journeygen.serve.preview import Serve
from journeygen.serve.watch import (
    Debouncer,
    Targets,
    find_targets,
    is_ignored,
)

BROKEN_YAML = """\
---
title: [unclosed
persona: eva
---
"""
MARKER = "journeygen-livereload"


# --- pure functions --------------------------------------------------------------------------

FILES = {
    "index.html": b"home",
    "404.html": b"missing",
    "journeys/reis/index.html": b"reis",
    "assets/app.css": b"css",
}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/", "index.html"),
        ("/index.html", "index.html"),
        ("/journeys/reis/", "journeys/reis/index.html"),
        ("/journeys//reis/", "journeys/reis/index.html"),
        ("/journeys/reis/index.html", "journeys/reis/index.html"),
        ("/assets/app%2Ecss", "assets/app.css"),
        ("/nope", None),
        ("/journeys/", None),
    ],
)
def test_resolve_maps_urls_to_built_files(url: str, key: str | None) -> None:
    assert resolve(FILES, url) == (key, None)


def test_resolve_redirects_a_folder_to_its_slash() -> None:
    assert resolve(FILES, "/journeys/reis") == (None, "/journeys/reis/")


@pytest.mark.parametrize(
    "url",
    [
        "/../etc/passwd",
        "/journeys/../index.html",
        "/./index.html",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/journeys/%2e%2e/index.html",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/journeys\\reis\\index.html",
        "/index.html%00.css",
        "/index.html\x00",
        "index.html",
        "//etc/passwd",
        "/etc/passwd",
    ],
)
def test_resolve_refuses_paths_outside_the_site(url: str) -> None:
    assert resolve(FILES, url) == (None, None)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/journeygen.css", "text/css; charset=utf-8"),
        ("assets/journeygen.js", "text/javascript; charset=utf-8"),
        ("assets/logo.svg", "image/svg+xml; charset=utf-8"),
        ("journeys/reis/flow.mmd", "text/plain; charset=utf-8"),
        ("search.json", "application/json; charset=utf-8"),
        ("assets/font.woff2", "font/woff2"),
        ("assets/photo.png", "image/png"),
        ("assets/vendor/mermaid/LICENSE", "application/octet-stream"),
    ],
)
def test_content_types(path: str, expected: str) -> None:
    assert content_type(path) == expected


def test_inject_goes_before_the_last_body_end_tag() -> None:
    page = b"<html><body><p></body> in text</p></BODY></html>"
    assert inject(page, b"<x>") == b"<html><body><p></body> in text</p><x></BODY></html>"
    assert inject(b"<p>no body", b"<x>") == b"<p>no body<x>"


def test_overlay_escapes_diagnostics_and_the_script_carries_the_version() -> None:
    problems = ('content/journeys/<b>.md:2:8: error: bad "<script>alert(1)</script>" & co',)
    overlay = make_overlay("Build failed: 1 error", problems).decode()
    assert "<script>alert(1)" not in overlay
    assert html.escape(problems[0]) in overlay
    assert 'id="journeygen-overlay"' in overlay
    assert make_overlay("", ()) == b""
    assert 'data-generation="g-1&quot;"' in reload_script('g-1"').decode()


def test_a_page_and_the_404_page_made_by_the_same_build_have_different_versions() -> None:
    files = {"journeys/reis/index.html": b"<p>reis", NOT_FOUND_PAGE: b"<p>404"}
    first = Snapshot("boot", 1, files, changed=dict.fromkeys(files, 1))
    # a tab on the journey's page whose address now shows the 404 page must reload
    assert first.version("journeys/reis/index.html") != first.version(NOT_FOUND_PAGE)
    second = first.next({NOT_FOUND_PAGE: files[NOT_FOUND_PAGE]}, (), "")
    assert second.version(NOT_FOUND_PAGE) == first.version(NOT_FOUND_PAGE)  # unchanged
    assert second.version(None) == second.version("error.html") != first.version(None)


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.8.9.1") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("::")


# --- watch: ignore rules, targets, debounce --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "content/journeys/.reis.md.swp",
        "content/journeys/.reis.md.swx",
        "content/journeys/reis.md~",
        "content/journeys/.#reis.md",
        "content/journeys/4913",
        "content/journeys/reis.md___jb_tmp___",
        "content/journeys/reis.md___jb_old___",
        "content/journeys/reis.md.tmp",
        "content/.DS_Store",
        "content/.git/index",
        "themes/brand/.git/objects/ab/cdef",
    ],
)
def test_editor_files_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize(
    "name",
    ["content/journeys/reis.md", "content/journeys/reis.yml", "content/assets/logo.svg"],
)
def test_content_files_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


def test_targets_cover_content_themes_and_config_but_not_the_output(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "journeygen.yml").write_text("title: T\ncontent_dir: docs\noutput_dir: public\n")
    targets = find_targets(root, root / "journeygen.yml")
    assert targets == Targets(
        root, root / "journeygen.yml", (root / "docs", root / "themes"), root / "public"
    )
    wants = targets.wants
    assert wants(root / "journeygen.yml")
    assert wants(root / "docs/journeys/reis.md")
    assert wants(root / "docs")  # the folder itself appearing or being renamed
    assert wants(root / "themes/brand/templates/journey.html")
    assert not wants(root / "content/journeys/reis.md")  # not the content folder any more
    assert not wants(root / "public/index.html")
    assert not wants(root / "README.md")
    assert not wants(root / "docs/journeys/.reis.md.swp")


def test_targets_never_include_an_output_folder_inside_a_watched_one(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "journeygen.yml").write_text("output_dir: themes/out\n")
    targets = find_targets(root, root / "journeygen.yml")
    assert not targets.wants(root / "themes/out/index.html")
    assert targets.wants(root / "themes/brand/theme.yml")


def test_targets_tolerate_a_broken_config(tmp_path: Path) -> None:
    (tmp_path / "journeygen.yml").write_text("title: [oops\n")
    targets = find_targets(tmp_path, tmp_path / "journeygen.yml")
    assert targets.folders[0] == tmp_path.resolve() / "content"


def wait_until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


class Clock:
    """A clock the test moves by hand: the debouncer's timing without the wall clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Poke = tuple[float, str | None, bool]  # when (after the start), which file, settled


def runs_of(debouncer: Debouncer, clock: Clock, pokes: list[Poke], until: float) -> list[float]:
    """When the action would run for these pokes: what the worker thread does, step by step."""
    start, runs = clock.now, []

    def run_what_is_due(moment: float) -> None:
        while (due := debouncer.due()) is not None and due <= moment:
            clock.now = due
            assert debouncer.take_due()
            runs.append(round(due - start, 6))

    for at, path, settled in pokes:
        run_what_is_due(start + at)
        clock.now = start + at
        assert not debouncer.take_due() or debouncer.due() is None
        debouncer.poke(path, settled=settled)
    run_what_is_due(start + until)
    return runs


def test_debouncer_turns_a_burst_of_50_pokes_in_a_second_into_one_run() -> None:
    clock = Clock()
    debouncer = Debouncer(lambda: None, quiet=0.04, max_wait=1.0, clock=clock)
    pokes: list[Poke] = [(i * 0.019, None, False) for i in range(50)]
    assert runs_of(debouncer, clock, pokes, until=5) == [round(49 * 0.019 + 0.04, 6)]


def test_debouncer_runs_a_long_burst_at_least_every_max_wait() -> None:
    clock = Clock()
    debouncer = Debouncer(lambda: None, quiet=0.04, max_wait=1.0, clock=clock)
    pokes: list[Poke] = [(i * 0.02, None, False) for i in range(150)]  # 3 s of saves
    assert runs_of(debouncer, clock, pokes, until=5) == [1.0, 2.0, 3.0]


def test_debouncer_waits_for_quiet_before_running() -> None:
    clock = Clock()
    debouncer = Debouncer(lambda: None, quiet=0.05, clock=clock)
    assert debouncer.due() is None and not debouncer.take_due()
    assert runs_of(debouncer, clock, [(0, None, False), (0.03, None, False)], until=1) == [0.08]


@pytest.mark.parametrize(
    ("pokes", "runs"),
    [
        ([(0, "a.md", False), (0.01, "a.md", True)], [0.015]),  # a save: modified, then closed
        ([(0, "a.md", False), (0.01, "b.md", True)], [0.16]),  # two files: a checkout
        ([(0, "a.md", True), (0.2, "a.md", True)], [0.005, 0.35]),  # 0.2 s after the last one
        ([(0, "a.md", True), (0.3, "a.md", True)], [0.005, 0.305]),  # after a quiet spell
        ([(0, None, True)], [0.15]),  # something changed, not known which file
    ],
)
def test_debouncer_runs_soon_after_one_file_is_written_after_a_quiet_spell(
    pokes: list[Poke], runs: list[float]
) -> None:
    """A file closed after writing ends its burst after SETTLE_SECONDS, not the whole quiet
    period: unless other files changed in the burst (a checkout), or it follows other
    changes closely (a script saving many times a second)."""
    clock = Clock()
    debouncer = Debouncer(lambda: None, quiet=0.15, settle=0.005, clock=clock)
    clock.now += 10  # a quiet spell before the first poke
    assert runs_of(debouncer, clock, pokes, until=2) == runs


def test_debouncer_runs_again_after_a_change_during_a_run() -> None:
    started, release = threading.Event(), threading.Event()
    runs: list[int] = []

    def action() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            started.set()
            release.wait(5)

    debouncer = Debouncer(action, quiet=0.01)
    debouncer.start()
    try:
        debouncer.poke()
        assert started.wait(5)
        debouncer.poke()  # lands while the first run is busy
        debouncer.poke()
        release.set()
        wait_until(lambda: len(runs) == 2)
        time.sleep(0.1)
        assert len(runs) == 2
    finally:
        debouncer.stop()


def test_debouncer_stops_promptly_even_when_idle() -> None:
    debouncer = Debouncer(lambda: None)
    debouncer.start()
    started = time.monotonic()
    debouncer.stop()
    assert time.monotonic() - started < 1


# --- a real server -------------------------------------------------------------------------


@contextmanager
def serving(root: Path) -> Iterator[Serve]:
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO())
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    try:
        yield serve
    finally:
        serve.close()


def get(serve: Serve, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(serve.url.rstrip("/") + path, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def raw_get(serve: Serve, target: bytes) -> bytes:
    """A request line sent as it is, for paths an HTTP client would clean up first."""
    assert serve.httpd is not None
    with socket.create_connection(serve.httpd.server_address[:2], timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def get_with(serve: Serve, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(serve.url.rstrip("/") + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_assets_are_revalidated_and_downloaded_again_only_when_changed(make_project) -> None:
    root = make_project({"themes/default/assets/extra.css": "p { color: red }\n"})
    with serving(root) as serve:
        status, headers = get_with(serve, "/assets/extra.css", {})
        assert status == 200 and headers["Cache-Control"] == "no-cache"
        etag = headers["ETag"]
        assert get_with(serve, "/assets/extra.css", {"If-None-Match": etag})[0] == 304
        assert get_with(serve, "/assets/extra.css?v=0123456789", {})[1]["Cache-Control"] == (
            "max-age=31536000, immutable"  # the hash is in the link: it never changes
        )
        edit(root / "themes/default/assets/extra.css", "red", "blue")
        wait_until(lambda: b"blue" in get(serve, "/assets/extra.css")[2])
        status, headers = get_with(serve, "/assets/extra.css", {"If-None-Match": etag})
        assert status == 200 and headers["ETag"] != etag
        assert get(serve, "/")[1]["Cache-Control"] == "no-store"  # pages: always anew


def test_serves_pages_with_the_reload_script_types_and_no_store(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        status, headers, body = get(serve, "/")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "no-store"
        assert body.count(MARKER.encode()) == 1
        assert body.rstrip().endswith(b"</html>")
        assert int(headers["Content-Length"]) == len(body)

        status, headers, body = get(serve, "/journeys/reis/")
        assert status == 200 and b"Van zoekopdracht tot vaste klant" in body

        status, headers, _ = get(serve, "/journeys/reis")
        assert status == 301 and headers["Location"] == "/journeys/reis/"

        css = next(p for p in serve.snapshot.files if p.endswith(".css"))
        status, headers, body = get(serve, "/" + css)
        assert headers["Content-Type"] == "text/css; charset=utf-8"
        assert MARKER.encode() not in body

        status, headers, body = get(serve, "/no/such/page/")
        assert status == 404
        assert body.startswith(serve.snapshot.files["404.html"][:50])
        assert MARKER.encode() in body

        status, headers, body = get(serve, "/", method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


TRAVERSALS = [
    b"/../../../../etc/passwd",
    b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/%252e%252e/%252e%252e/etc/passwd",
    b"/..%2f..%2f..%2fetc%2fpasswd",
    b"/..\\..\\..\\etc\\passwd",
    b"/%5c..%5c..%5cetc%5cpasswd",
    b"/../secret.txt",
    b"/%2e%2e/secret.txt",
    b"/index.html%00",
    b"/%ff%fe",
    b"//etc/passwd",
    b"http://127.0.0.1/../../etc/passwd",
]


def test_nothing_outside_the_site_is_served(make_project) -> None:
    root = make_project({"secret.txt": "TOP SECRET", "content/secret.txt": "TOP SECRET"})
    with serving(root) as serve:
        for target in TRAVERSALS:
            response = raw_get(serve, target)
            status = response.split(b"\r\n", 1)[0]
            assert status in (b"HTTP/1.1 404 Not Found", b"HTTP/1.1 400 Bad Request"), target
            assert b"root:" not in response and b"TOP SECRET" not in response, target


def test_event_stream_announces_the_current_build(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        assert serve.httpd is not None
        with socket.create_connection(serve.httpd.server_address[:2], timeout=10) as sock:
            sock.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            received = b""
            while b"data:" not in received or not received.endswith(b"\n\n"):
                received += sock.recv(4096)
        assert b"Content-Type: text/event-stream" in received
        version = serve.snapshot.version("index.html")  # no ?page=: the home page
        assert f"event: build\ndata: {version}\n\n".encode() in received


def read_event(sock: socket.socket, timeout: float) -> bytes | None:
    """The next `event: build` from an event stream, or None when none comes in time."""
    sock.settimeout(timeout)
    received = b""
    try:
        while b"event: build" not in received or not received.endswith(b"\n\n"):
            chunk = sock.recv(4096)
            if not chunk:
                return None
            received += chunk
    except TimeoutError:
        return None
    return received[received.index(b"event: build") :]


def test_a_tab_hears_of_a_build_only_when_its_own_page_changed(make_project) -> None:
    root = make_project({"content/pages/over.md": "# Over ons\n\nWie we zijn.\n"})
    with serving(root) as serve:
        assert serve.httpd is not None
        address = serve.httpd.server_address[:2]
        with (
            socket.create_connection(address, timeout=10) as journey_tab,
            socket.create_connection(address, timeout=10) as page_tab,
        ):
            for sock, page in ((journey_tab, "/journeys/reis/"), (page_tab, "/over/")):
                sock.sendall(f"GET {EVENTS_PATH}?page={page} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                assert read_event(sock, 10) is not None  # the version on connect
            wait_until(lambda: serve.viewed() == {"journeys/reis/index.html", "over/index.html"})
            # The story text is on the journey's page only (and in the search index).
            edit(root / "content/journeys/reis.md", "Het verhaal.", "Het nieuwe verhaal.")
            event = read_event(journey_tab, 10)
            assert event is not None
            assert serve.snapshot.version("journeys/reis/index.html").encode() in event
            assert read_event(page_tab, 1.0) is None  # its page did not change: no reload


def test_serve_writes_nothing_and_built_files_have_no_reload_script(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        assert get(serve, "/")[0] == 200
    assert not (root / "site").exists()
    result = build(Project.find(root), write=True)
    assert result.out is not None and not result.errors
    written = [p for p in result.out.rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        assert MARKER.encode() not in data and b"__journeygen" not in data, path
        assert b"journeygen-positions" not in data and b"journeygen-edit" not in data, path


def test_an_edit_is_served_after_a_rebuild(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        before = serve.snapshot.generation
        edit(root / "content/journeys/reis.md", "Van zoekopdracht", "Vanaf de eerste klik")
        wait_until(lambda: b"Vanaf de eerste klik" in get(serve, "/journeys/reis/")[2])
        assert serve.snapshot.generation != before
        assert "Rebuilt in " in serve._out.getvalue()  # type: ignore[union-attr]


def check_output(root: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> list[str]:
    """The diagnostic lines `journeygen check` prints for the project at `root`."""
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert cli.main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    return [line for line in lines if not line.startswith("journeygen: check")]


def overlay_text(page: bytes) -> str | None:
    found = re.search(rb'<pre id="journeygen-problems"[^>]*>(.*?)</pre>', page, re.S)
    text = re.sub(r"<[^>]*>", "", found.group(1).decode()) if found else None  # the links
    return html.unescape(text) if text is not None else None


def test_broken_yaml_keeps_the_last_good_site_with_the_check_diagnostics_over_it(
    make_project, monkeypatch, capsys
) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    good = journey.read_text("utf-8")
    with serving(root) as serve:
        journey.write_text(BROKEN_YAML, "utf-8")
        wait_until(lambda: serve.snapshot.problems)
        expected = check_output(root, monkeypatch, capsys)
        assert re.match(r"content/journeys/reis\.md:\d+:\d+: error: invalid YAML", expected[0])

        for path in ("/", "/journeys/reis/", "/does-not-exist/"):
            status, _, page = get(serve, path)
            assert status == (404 if path == "/does-not-exist/" else 200)
            assert overlay_text(page) == "\n".join(expected)
        assert b"Van zoekopdracht tot vaste klant" in get(serve, "/journeys/reis/")[2]
        assert "Build failed: 1 error (shown in the browser)" in serve._err.getvalue()  # type: ignore[union-attr]

        journey.write_text(good, "utf-8")
        wait_until(lambda: not serve.snapshot.problems)
        assert overlay_text(get(serve, "/journeys/reis/")[2]) is None


def test_a_template_error_shows_in_the_overlay(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        override = root / "themes/default/templates/journey.html"
        override.parent.mkdir(parents=True)
        override.write_text(
            '{% extends "default/journey.html" %}{% block content %}{{ nope }}{% endblock %}'
        )
        wait_until(lambda: serve.snapshot.problems)
        text = overlay_text(get(serve, "/journeys/reis/")[2])
        assert text is not None and "themes/default/templates/journey.html:1:" in text
        assert "nope" in text
        override.unlink()
        wait_until(lambda: not serve.snapshot.problems)


def test_a_first_build_that_fails_serves_an_error_page(make_project) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    good = journey.read_text("utf-8")
    journey.write_text(BROKEN_YAML, "utf-8")
    with serving(root) as serve:
        status, _, page = get(serve, "/")
        assert status == 500
        assert "content/journeys/reis.md:3:8: error: invalid YAML" in (overlay_text(page) or "")
        assert MARKER.encode() in page
        journey.write_text(good, "utf-8")
        wait_until(lambda: get(serve, "/")[0] == 200)


def test_a_crash_in_the_build_is_shown_and_survived(make_project, monkeypatch) -> None:
    root = make_project({})
    with serving(root) as serve:

        def crash(*args: object, **kwargs: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr("journeygen.serve.preview.build", crash)
        edit(root / "content/journeys/reis.md", "Het verhaal.", "Een ander verhaal.")
        wait_until(lambda: serve.snapshot.problems)
        text = overlay_text(get(serve, "/")[2])
        assert text is not None and "RuntimeError: boom" in text
        monkeypatch.undo()
        edit(root / "content/journeys/reis.md", "Een ander", "Nog een ander")
        wait_until(lambda: not serve.snapshot.problems)


def test_atomic_saves_renames_deletes_and_new_files(make_project) -> None:
    root = make_project({})
    journeys = root / "content/journeys"
    with serving(root) as serve:
        # the vim / JetBrains / VS Code way: write a temp file, then rename it over the original
        temp = journeys / "reis.md___jb_tmp___"
        temp.write_text((journeys / "reis.md").read_text().replace("Van zoek", "Atomair zoek"))
        os.replace(temp, journeys / "reis.md")
        wait_until(lambda: b"Atomair zoek" in get(serve, "/journeys/reis/")[2])

        # vim's default: move the original to a backup, write a new file, delete the backup
        os.replace(journeys / "reis.md", journeys / "reis.md~")
        (journeys / "reis.md").write_text(
            (journeys / "reis.md~").read_text().replace("Atom", "Vim")
        )
        (journeys / "reis.md~").unlink()
        wait_until(lambda: b"Vimair zoek" in get(serve, "/journeys/reis/")[2])

        (journeys / "tweede.md").write_text((journeys / "reis.md").read_text())
        wait_until(lambda: get(serve, "/journeys/tweede/")[0] == 200)

        os.replace(journeys / "tweede.md", journeys / "derde.md")
        wait_until(lambda: get(serve, "/journeys/derde/")[0] == 200)
        assert get(serve, "/journeys/tweede/")[0] == 404

        (journeys / "derde.md").unlink()
        wait_until(lambda: get(serve, "/journeys/derde/")[0] == 404)
        assert not serve.snapshot.problems


def test_editor_side_files_do_not_start_a_build(make_project) -> None:
    root = make_project({})
    journeys = root / "content/journeys"
    with serving(root) as serve:
        pokes: list[str] = []
        serve.watcher._on_change = lambda path, _settled: pokes.append(path)  # what gets through
        for name in (".reis.md.swp", "reis.md~", "4913", ".#reis.md", "reis.md___jb_old___"):
            (journeys / name).write_text("x")
            (journeys / name).unlink()
        (root / "site").mkdir()
        (root / "site/index.html").write_text("out")
        (root / "notes.txt").write_text("not an input")
        (journeys / "reis.md").touch()  # the sentinel: events arrive in order
        wait_until(lambda: pokes)
        assert all(p.endswith("reis.md") for p in pokes), pokes


def test_a_file_written_in_place_or_moved_into_place_is_reported_settled(make_project) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    with serving(root) as serve:
        pokes: list[tuple[str, bool]] = []
        serve.watcher._on_change = lambda path, settled: pokes.append((path, settled))
        journey.write_text(journey.read_text() + "\n")  # an editor that writes in place
        wait_until(lambda: (str(journey), True) in pokes)
        pokes.clear()
        side = journey.with_name(".reis.md.tmp")  # one that writes a copy and renames it
        side.write_text(journey.read_text() + "\n")
        os.replace(side, journey)
        wait_until(lambda: any(settled for _path, settled in pokes))
        assert all(path == str(journey) for path, settled in pokes if settled), pokes


def test_a_rebuild_collects_garbage_then_freezes_what_is_left(make_project) -> None:
    """Full collections during a rebuild skip what the last one left (frozen), but nothing
    frozen stays out of reach of collection for longer than one build."""

    class Node:
        other: object = None

    root = make_project({})
    with serving(root) as serve:
        one, two = Node(), Node()
        one.other, two.other = two, one  # a cycle: only the collector frees it
        gc.freeze()  # frozen with what the last build left
        gone = weakref.ref(one)
        del one, two
        serve.rebuild()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # closed: the process collects as usual again


def test_a_burst_of_50_saves_gives_far_fewer_builds_and_the_last_one(make_project) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    text = journey.read_text()
    with serving(root) as serve:
        builds: list[str] = []
        rebuild = serve.rebuild
        serve.debouncer._action = lambda: builds.append("b") or rebuild()  # type: ignore[func-returns-value]
        saves: list[float] = []
        for n in range(50):
            journey.write_text(text.replace("Het verhaal.", f"Versie {n}."))
            saves.append(time.monotonic())
            time.sleep(0.018)
        wait_until(lambda: b"Versie 49." in get(serve, "/journeys/reis/")[2])
        time.sleep(0.3)  # let a queued build (if any) run, to count it
        # The last save is built, and the burst gives far fewer builds than saves. How many
        # exactly depends on how a loaded machine spaces the saves and their events (10 were
        # seen with three test suites on two cores); the debouncer's exact timing is tested
        # on a fake clock (test_debouncer_*).
        assert 1 <= len(builds) <= len(saves) // 4, builds


def test_config_changes_rebuild(make_project) -> None:
    root = make_project({"journeygen.yml": "title: Eerste titel\n"})
    with serving(root) as serve:
        assert b"Eerste titel" in get(serve, "/")[2]
        (root / "journeygen.yml").write_text("title: Tweede titel\n")
        wait_until(lambda: b"Tweede titel" in get(serve, "/")[2])


def test_memory_stays_flat_over_many_good_and_bad_builds(make_project) -> None:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    good = journey.read_text()
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO())

    def cycle(n: int) -> None:
        journey.write_text(good.replace("Het verhaal.", f"Versie {n}.") if n % 3 else BROKEN_YAML)
        serve.rebuild()
        serve._out = io.StringIO()  # the log itself is not what is measured
        serve._err = io.StringIO()

    for n in range(4):  # warm up: caches, first-time imports
        cycle(n)
    tracemalloc.start()
    try:
        for n in range(4, 6):
            cycle(n)
        gc.collect()  # Jinja environments are cycles; count what is really retained
        baseline = tracemalloc.get_traced_memory()[0]
        for n in range(6, 18):
            cycle(n)
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - baseline
    finally:
        tracemalloc.stop()
    print(f"traced memory growth over 12 builds: {growth} bytes")
    assert growth < 250_000, f"{growth} bytes retained over 12 builds"


# --- the command ---------------------------------------------------------------------------


def test_help_says_serve_does_not_write_site(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "does not write site/" in out
    for option in ("--host", "--port", "--open", "--config"):
        assert option in out


def test_the_command_moves_to_a_free_port_and_stops_cleanly_on_ctrl_c(make_project) -> None:
    root = make_project({})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "journeygen", "serve", "--port", str(port)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=interruptible,
        )
        try:
            assert process.stdout is not None
            lines = []
            while not any(line.startswith("Serving ") for line in lines):
                line = process.stdout.readline()
                assert line, (
                    f"serve exited early: {process.stderr.read() if process.stderr else ''}"
                )
                lines.append(line)
            url = re.search(r"http://\S+/", lines[-1])
            assert url is not None
            assert f":{port}/" not in url.group(0)
            assert any(f"Port {port} is in use" in line for line in lines)
            with urllib.request.urlopen(url.group(0), timeout=10) as response:
                assert response.status == 200
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Stopped." in out


def test_a_non_loopback_host_is_warned_about_config_and_open_are_honoured(
    make_project, monkeypatch, capsys
) -> None:
    from journeygen.serve import preview as serve_module

    root = make_project({"journeygen.yml": "title: Met config\n"})
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    def stop_at_once(self, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(serve_module.DevHTTPServer, "serve_forever", stop_at_once)
    opened: list[str] = []
    monkeypatch.setattr(serve_module.webbrowser, "open", opened.append)
    config = str(root / "journeygen.yml")
    argv = ["serve", "--host", "0.0.0.0", "--port", "0", "--config", config, "--open"]
    assert cli.main(argv) == 0
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    captured = capsys.readouterr()
    assert "Warning: listening on 0.0.0.0" in captured.err
    assert "Built in " in captured.out and "Stopped." in captured.out
    assert "Traceback" not in captured.err


def test_the_content_folder_can_go_away_and_come_back(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        os.replace(root / "content", root / "content-old")
        wait_until(lambda: serve.snapshot.problems)
        assert "there is no folder 'content/'" in serve.snapshot.problems[0]
        os.replace(root / "content-old", root / "content")
        wait_until(lambda: not serve.snapshot.problems)
        wait_until(
            lambda: any(folder == root / "content" for folder, _ in serve.watcher._scheduled)
        )
        edit(root / "content/journeys/reis.md", "Het verhaal.", "Weer terug.")
        wait_until(lambda: b"Weer terug." in get(serve, "/journeys/reis/")[2])


def test_serves_on_ipv6_loopback(make_project) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    root = make_project({})
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO())
    try:
        serve.open("::1", 0)
    except OSError:
        pytest.skip("::1 is not available here")
    serve.start(background=True)
    try:
        assert serve.url.startswith("http://[::1]:")
        assert get(serve, "/")[0] == 200
    finally:
        serve.close()


def test_a_request_during_a_rebuild_gets_the_previous_complete_build(
    make_project, monkeypatch
) -> None:
    from journeygen.serve import preview as serve_module

    root = make_project({})
    with serving(root) as serve:
        entered, release = threading.Event(), threading.Event()
        real_build = serve_module.build

        def slow_build(*args: object, **kwargs: object) -> object:
            entered.set()
            assert release.wait(10)
            return real_build(*args, **kwargs)

        monkeypatch.setattr(serve_module, "build", slow_build)
        edit(root / "content/journeys/reis.md", "Van zoekopdracht", "Tijdens de bouw")
        assert entered.wait(10)
        status, _, page = get(serve, "/journeys/reis/")
        assert status == 200 and b"Van zoekopdracht" in page and page.rstrip().endswith(b"</html>")
        release.set()
        wait_until(lambda: b"Tijdens de bouw" in get(serve, "/journeys/reis/")[2])


def test_theme_templates_added_changed_and_removed_rebuild(make_project) -> None:
    root = make_project({})
    override = root / "themes/default/templates/journey.html"
    with serving(root) as serve:
        override.parent.mkdir(parents=True)
        block = '{% extends "default/journey.html" %}{% block content %}TEXT{% endblock %}'
        override.write_text(block.replace("TEXT", "Eerste versie"))
        wait_until(lambda: b"Eerste versie" in get(serve, "/journeys/reis/")[2])
        override.write_text(block.replace("TEXT", "Tweede versie"))
        wait_until(lambda: b"Tweede versie" in get(serve, "/journeys/reis/")[2])
        override.unlink()
        wait_until(lambda: b"Van zoekopdracht" in get(serve, "/journeys/reis/")[2])
        assert not serve.snapshot.problems


def test_the_open_page_is_published_before_the_rest_of_the_site(make_project) -> None:
    root = make_project({})
    with serving(root) as serve:
        assert serve.httpd is not None
        published: list[Snapshot] = []
        publish = serve._publish

        def spy(
            files: Mapping[str, bytes], problems: tuple[str, ...], headline: str, *result: Any
        ) -> None:
            publish(files, problems, headline, *result)
            published.append(serve.snapshot)

        serve._publish = spy  # type: ignore[method-assign]
        with socket.create_connection(serve.httpd.server_address[:2], timeout=10) as tab:
            tab.sendall(
                f"GET {EVENTS_PATH}?page=/journeys/reis/ HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            )
            wait_until(lambda: serve.viewed() == {"journeys/reis/index.html"})
            edit(root / "content/journeys/reis.md", "Van zoekopdracht", "Vanaf de eerste klik")
            wait_until(lambda: len(published) == 2)
        first, full = published
        assert b"Vanaf de eerste klik" in first.files["journeys/reis/index.html"]
        assert b"Vanaf de eerste klik" not in first.files["index.html"]  # the rest: later
        assert b"Vanaf de eerste klik" in full.files["index.html"]
        assert "(open pages in " in serve._out.getvalue()  # type: ignore[union-attr]


def test_a_build_stops_for_a_newer_edit_and_the_next_one_completes(make_project) -> None:
    root = make_project({})
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO())
    assert serve.rebuild() is not None  # the first build (the debouncer is not running)
    before = serve.snapshot
    edit(root / "content/journeys/reis.md", "Van zoekopdracht", "Vanaf de eerste klik")
    serve.debouncer.poke()  # a newer edit is waiting
    assert serve.rebuild() is None  # stopped before rendering a page
    assert serve.snapshot is before
    serve.debouncer._pending = False  # the debouncer's run takes the edit
    assert serve.rebuild() is not None
    assert b"Vanaf de eerste klik" in serve.snapshot.files["journeys/reis/index.html"]


def test_a_newer_edit_stops_a_build_before_the_site_wide_files_and_after_a_page_context(
    make_project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a rebuild cannot stop in the middle of (the search index; the context of a page
    that lists the whole site) is each followed by a question to `cancelled`."""
    project = Project.find(make_project({}))
    indexed: list[object] = []
    monkeypatch.setattr(search, "index_script", lambda site: indexed.append(site) or "")
    with pytest.raises(Cancelled):
        build(project, write=False, memo=Memo(), cancelled=lambda: True)
    assert indexed == []
    made: list[str] = []
    context = pages.LazyContext.__init__

    def noted(self: pages.LazyContext, make: Callable[[], Mapping[str, object]]) -> None:
        context(self, lambda: made.append("context") or make())

    monkeypatch.setattr(pages.LazyContext, "__init__", noted)
    checked = render._checked
    monkeypatch.setattr(render, "_checked", lambda *a: made.append("template") or checked(*a))
    with pytest.raises(Cancelled):
        build(project, write=False, memo=Memo(), cancelled=lambda: bool(made))
    assert made == ["context"]  # stopped after the first page's context, before its template
