"""The HTTP side of `journeygen serve`: paths, content types, what is injected into pages
(snippet.py), the event stream, the request to open an item in the editor (editor.py), and
the server itself.

It serves whatever `SiteSource` (the `Serve` object of serve.py) holds: a `Snapshot` of one
complete build. Nothing here builds or watches.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import mimetypes
import socket
import socketserver
import sys
import zlib
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote

from journeygen.serve.editor import MAX_BODY, OPEN_PATH, Editor, Place, open_request
from journeygen.serve.positions import SitePositions
from journeygen.serve.snippet import (
    CLIENT_SCRIPTS,
    client_script,
    editor_snippet,
    inject,
    make_overlay,
    reload_script,
)

EVENTS_PATH = "/__journeygen/events"
PING_SECONDS = 15.0
PORT_TRIES = 20
NOT_FOUND_PAGE = "404.html"

CONTENT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".mmd": "text/plain",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".xml": "application/xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
}
TEXT_TYPES = frozenset(
    {"application/json", "application/xml", "image/svg+xml", "application/manifest+json"}
)


# --- what is served: snapshots, paths, types, the injected snippet ----------------------------


@dataclass(frozen=True)
class Snapshot:
    """One complete build as served: files of the last good build, problems of the latest.

    `changed` says, per file, in which build its bytes last changed, so a tab reloads only
    when its own page (or the list of problems) changed, not after every build.
    """

    boot: str  # this server's id: a tab from an earlier server reloads
    number: int = 1  # builds published so far
    files: Mapping[str, bytes] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # format_text() of each diagnostic of a failed build
    headline: str = ""  # "Build failed: 2 errors" when problems
    overlay: bytes = b""  # the error overlay, before </body> of every HTML response
    changed: Mapping[str, int] = field(default_factory=dict)  # path -> build number
    problems_changed: int = 1  # build number
    positions: SitePositions = field(default_factory=SitePositions)  # of the last good build
    places: tuple[Place | None, ...] = ()  # where each problem is, when in a file

    @property
    def generation(self) -> str:
        return f"{self.boot}-{self.number}"

    def next(
        self,
        files: Mapping[str, bytes],
        problems: tuple[str, ...],
        headline: str,
        positions: SitePositions | None = None,
        places: tuple[Place | None, ...] = (),
        moved: frozenset[str] = frozenset(),
    ) -> Snapshot:
        """The snapshot after this one, noting which files and whether the problems changed."""
        number = self.number + 1
        changed = {}
        for path, data in files.items():
            before = self.files.get(path)
            same = before is not None and (before is data or before == data) and path not in moved
            changed[path] = self.changed[path] if same else number
        return Snapshot(
            self.boot,
            number,
            files,
            problems,
            headline,
            make_overlay(headline, problems, places),
            changed,
            self.problems_changed
            if problems == self.problems and places == self.places
            else number,
            self.positions if positions is None else positions,
            places,
        )

    def version(self, key: str | None) -> str:
        """What a tab showing the file `key` compares to know whether to reload: it changes
        when that file's bytes or the problems change (any build, for a missing page), and
        names the file, so a tab whose page is gone (its address now shows the 404 page)
        reloads even when both were last changed by the same build."""
        if key is None or key not in self.changed:
            return f"{self.boot}-{self.number}-{self.problems_changed}"
        which = zlib.crc32(key.encode("utf-8"))
        return f"{self.boot}-{self.changed[key]}-{self.problems_changed}-{which:08x}"

    def snippet(self, key: str | None, editor: Editor | None = None) -> bytes:
        script = self.overlay + reload_script(self.version(key))
        if editor is None:
            return script
        return script + editor_snippet(editor, self.positions.page(key))


def resolve(files: Mapping[str, bytes], url_path: str) -> tuple[str | None, str | None]:
    """(key into `files`, None) for a URL path, (None, redirect) for a folder without its /,
    (None, None) when nothing is there. Nothing outside `files` is reachable by construction;
    odd paths (`..`, NUL, backslashes, after one round of %-decoding) are refused outright."""
    decoded = unquote(url_path, errors="strict") if "%" in url_path else url_path
    if "\x00" in decoded or "\\" in decoded or not decoded.startswith("/"):
        return None, None
    parts = decoded.split("/")
    if any(part in (".", "..") for part in parts):
        return None, None
    key = "/".join(part for part in parts if part)
    if decoded.endswith("/"):
        key = f"{key}/index.html" if key else "index.html"
    elif key not in files and f"{key}/index.html" in files:
        return None, quote(f"/{key}/")
    return (key, None) if key in files else (None, None)


def content_type(path: str) -> str:
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    textual = kind.startswith("text/") or kind in TEXT_TYPES
    return f"{kind}; charset=utf-8" if textual else kind


class SiteSource(Protocol):
    """What the HTTP server serves from (serve.Serve)."""

    @property
    def snapshot(self) -> Snapshot: ...

    @property
    def url(self) -> str: ...

    @property
    def editor(self) -> Editor: ...

    def wait_for_build(self, seen: str, timeout: float) -> Snapshot | None: ...

    def viewing(self, key: str | None) -> AbstractContextManager[None]: ...


# --- HTTP ----------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "journeygen"
    timeout = 60  # idle keep-alive connections give their thread back
    # Headers and body go out as separate writes; with Nagle's algorithm the body waits for
    # the client's delayed ACK of the headers (~40 ms per response on loopback).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per build is what the terminal shows."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, *, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), str(self.server.server_address[0])):
            body = f"journeygen serve answers to localhost only: {self.server.serve.url}\n"
            self._send(HTTPStatus.FORBIDDEN, body.encode(), "", head)
            return
        if not fetch_allowed(self.headers):
            body = "journeygen serve: another site's page may link here, not load this\n"
            self._send(HTTPStatus.FORBIDDEN, body.encode(), "", head)
            return
        path, _mark, query = self.path.split("#", 1)[0].partition("?")
        if path == EVENTS_PATH and not head:
            self._stream_events(parse_qs(query).get("page", [""])[0])
            return
        if path in CLIENT_SCRIPTS:
            script = client_script(CLIENT_SCRIPTS[path]).encode()
            self._send(HTTPStatus.OK, script, CLIENT_SCRIPTS[path], head)
            return
        snapshot = self.server.serve.snapshot
        try:
            key, redirect = resolve(snapshot.files, path)
        except UnicodeDecodeError:
            key, redirect = None, None
        if redirect is not None:
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "", head, location=redirect)
        elif key is not None and key.endswith(".html"):
            self._send(HTTPStatus.OK, snapshot.files[key], key, head, snapshot=snapshot)
        elif key is not None:
            # Stylesheets, scripts, exports: a reload asks again but downloads (and the
            # browser compiles) only what changed; a link with ?v=<hash> never changes.
            etag = f'"{snapshot.version(key)}"'
            cache = "max-age=31536000, immutable" if "v=" in query else "no-cache"
            if self.headers.get("If-None-Match") == etag:
                self._send(HTTPStatus.NOT_MODIFIED, b"", key, True, cache=cache, etag=etag)
            else:
                self._send(HTTPStatus.OK, snapshot.files[key], key, head, cache=cache, etag=etag)
        elif NOT_FOUND_PAGE in snapshot.files:
            missing = snapshot.files[NOT_FOUND_PAGE]
            self._send(HTTPStatus.NOT_FOUND, missing, NOT_FOUND_PAGE, head, snapshot=snapshot)
        else:  # no good build yet (or a site without a 404 page)
            status = HTTPStatus.INTERNAL_SERVER_ERROR if snapshot.problems else HTTPStatus.NOT_FOUND
            title = snapshot.headline or "Not found"
            page = f"<!doctype html><title>{html.escape(title)}</title><body></body>"
            self._send(status, page.encode(), "error.html", head, snapshot=snapshot)

    def do_POST(self) -> None:
        """Open an item in the editor (`editor.open_request`); nothing else is posted."""
        path = self.path.split("#", 1)[0].partition("?")[0]
        length = self.headers.get("Content-Length", "")
        if path != OPEN_PATH:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"a JSON object, short\n", "", False)
            return
        body = self.rfile.read(int(length))
        if not host_allowed(self.headers.get("Host"), str(self.server.server_address[0])):
            self._send(HTTPStatus.FORBIDDEN, b"localhost only\n", "", False)
            return
        snapshot = self.server.serve.snapshot
        answer = open_request(
            self.server.serve.editor,
            self.headers,
            body,
            str(self.client_address[0]),
            lambda page: snapshot.positions.page(_page_key(snapshot, page)),
            snapshot.places,
        )
        message = f"{answer.message}\n".encode() if answer.message else b""
        self._send(answer.status, message, "", False)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        path: str,
        head: bool,
        *,
        snapshot: Snapshot | None = None,
        location: str | None = None,
        cache: str = "no-store",
        etag: str | None = None,
    ) -> None:
        kind = content_type(path) if path else "text/plain; charset=utf-8"
        if snapshot is not None and kind.startswith("text/html"):
            body = inject(body, snapshot.snippet(path, self.server.serve.editor))
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        if etag is not None:
            self.send_header("ETag", etag)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream_events(self, page: str) -> None:
        """Server-Sent Events: `event: build` with the version of the tab's page (`page`, its
        URL path) on connect and whenever it changes; a comment line now and then to find
        clients that left."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        serve = self.server.serve
        self.wfile.write(b"retry: 1000\n\n")
        generation, sent = "", ""
        with serve.viewing(_page_key(serve.snapshot, page)):
            while True:
                snapshot = serve.wait_for_build(generation, PING_SECONDS)
                if snapshot is None:
                    return
                if snapshot.generation == generation:
                    self.wfile.write(b": ping\n\n")
                    continue
                generation = snapshot.generation
                version = snapshot.version(_page_key(snapshot, page))
                if version != sent:
                    self.wfile.write(f"event: build\ndata: {version}\n\n".encode())
                    sent = version


def _page_key(snapshot: Snapshot, page: str) -> str | None:
    """The file a tab at URL path `page` shows (its 404 page when there is none)."""
    try:
        key, _redirect = resolve(snapshot.files, page or "/")
    except UnicodeDecodeError:
        key = None
    if key is None and NOT_FOUND_PAGE in snapshot.files:
        return NOT_FOUND_PAGE
    return key


class DevHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 overflows when a page's assets (a browser opens
    # six connections) or a few tabs connect at once: the kernel drops the extra
    # connections and the client tries again a second later.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], serve: SiteSource, family: int) -> None:
        self.address_family = family
        self.serve = serve
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # TCPServer's bind, without HTTPServer's reverse DNS lookup of the host name
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a tab closed or went away mid-response
        super().handle_error(request, client_address)


def bind(host: str, port: int, serve: SiteSource) -> DevHTTPServer:
    """A server on `host`:`port`, or on the first free port of the next few."""
    family = socket.getaddrinfo(host, port or None, type=socket.SOCK_STREAM)[0][0]
    ports = [port] if port == 0 else range(port, min(port + PORT_TRIES, 65536))
    for candidate in ports:
        try:
            return DevHTTPServer((host, candidate), serve, family)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or candidate == ports[-1]:
                raise
    raise AssertionError("unreachable")


def fetch_allowed(headers: Message) -> bool:
    """Whether a request may be answered, by what the browser says of who asks
    (`Sec-Fetch-*`): a page of another site (or of another port: the same site) may link
    to the preview, not load its files, fetch them or frame it. The Host check does not
    cover this: that page asks 127.0.0.1 itself. Clients that send no Sec-Fetch-Site
    (curl, older browsers) are answered; Cross-Origin-Resource-Policy on every answer
    stops the loads of browsers that do not send it."""
    site = headers.get("Sec-Fetch-Site", "").lower()
    if site in ("", "same-origin", "none"):
        return True
    top_level = headers.get("Sec-Fetch-Mode", "").lower() == "navigate" and headers.get(
        "Sec-Fetch-Dest", ""
    ).lower() in ("document", "")
    return top_level


def host_allowed(header: str | None, bound: str) -> bool:
    """On a loopback address, answer only requests for a loopback name or an address: a web
    page whose domain an attacker points at 127.0.0.1 (DNS rebinding) cannot read the
    site. A name with a dot that is not `localhost` is refused; on another address (the
    user opened the server to the network) every name is allowed."""
    if header is None or not is_loopback(bound):
        return True
    name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    name = name.strip().strip("[]").rstrip(".").lower()
    if "." not in name or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_unspecified
    except ValueError:
        return False
