"""Open an item of the preview in the person's editor: `journeygen serve` only.

The page's script (editor.js) asks with the item's key and the page it is on, or with a
diagnostic's number, never with a path; the server finds the file, line and column in the
positions of the build it serves, and:

- with `JOURNEYGEN_EDITOR` set (a command with `{file}`, `{line}` and `{column}`, e.g.
  `code --goto {file}:{line}:{column}` or `vim +{line} {file}`), runs that command, split
  like a shell would split it but run without one, so nothing in a file name is code;
- without it, the page opens `vscode://file/<path>:<line>:<column>` itself; with
  `JOURNEYGEN_EDITOR` set to another URL scheme (`cursor://`, `vscodium://`,
  `vscode-insiders://`, `windsurf://`: VS Code's forks each register their own), that one;
  the server runs nothing.

The command comes from the environment only, never from journeygen.yml: a project received
from someone else (a zip, a pull request) must not be able to choose a command that runs
on the reader's machine when they click a card.

Asking is allowed to the server's own pages only: from a loopback address, with the
page's origin (`Origin`, and `Sec-Fetch-Site: same-origin` where the browser sends it) and
with the token made when the server started, which only the pages it served carry.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import re
import secrets
import shlex
import subprocess
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from journeygen.serve.positions import PagePositions

ENV = "JOURNEYGEN_EDITOR"
OPEN_PATH = "/__journeygen/open"
MAX_BODY = 4096


class EditorError(ValueError):
    """JOURNEYGEN_EDITOR cannot be used (the message says why)."""


@dataclass(frozen=True)
class Place:
    """A file (relative to the project root, with /), line and column."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Editor:
    """How this server opens files, and the token its pages carry."""

    root: Path  # the project; nothing outside it is opened
    command: tuple[str, ...] = ()  # split JOURNEYGEN_EDITOR; empty: the page opens a URL
    token: str = ""
    scheme: str = "vscode"  # the URL the page opens without a command: <scheme>://file/...

    @classmethod
    def from_environ(cls, root: Path, environ: Mapping[str, str] | None = None) -> Editor:
        """The editor `JOURNEYGEN_EDITOR` names (a command, or a URL scheme such as
        `cursor://`; else VS Code's URL), with a new token."""
        environ = os.environ if environ is None else environ
        text = environ.get(ENV, "").strip()
        token = secrets.token_urlsafe(24)
        if _SCHEME.fullmatch(text):
            return cls(root.resolve(), (), token, text[: -len("://")].lower())
        return cls(root.resolve(), parse_command(text), token)

    @property
    def url_base(self) -> str:
        """`vscode://file/<root>`: the page adds `/<file>:<line>:<column>`."""
        root = self.root.as_posix()
        path = quote(root if root.startswith("/") else "/" + root, safe="/:")
        return f"{self.scheme}://file{path}"

    def inside(self, place: Place) -> Path | None:
        """The file of `place` when it is a file in the project, else None."""
        try:
            path = (self.root / place.file).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def arguments(self, path: Path, place: Place) -> list[str]:
        values = {"{file}": str(path), "{line}": str(place.line), "{column}": str(place.column)}
        found = []
        for part in self.command:
            for name, value in values.items():
                part = part.replace(name, value)
            found.append(part)
        return found

    def run(self, path: Path, place: Place) -> None:
        """Start the editor command; its exit is waited for on a thread (no zombie), never
        by the request (`code --wait` or a terminal editor may stay open)."""
        process = subprocess.Popen(
            self.arguments(path, place),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        threading.Thread(target=process.wait, name="journeygen-editor", daemon=True).start()


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")  # JOURNEYGEN_EDITOR=cursor:// and the like


def parse_command(text: str) -> tuple[str, ...]:
    """JOURNEYGEN_EDITOR split as a shell splits words; `{file}` is added at the end when
    the command does not name it."""
    if not text.strip():
        return ()
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise EditorError(f"{ENV} is not a command: {exc}") from None
    if not any("{file}" in word for word in words):
        words.append("{file}")
    return tuple(words)


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    message: str


def open_request(
    editor: Editor,
    headers: Message,
    body: bytes,
    client: str,
    page_items: Callable[[str], PagePositions],
    places: tuple[Place | None, ...],
) -> Answer:
    """Check a request to open an item and open it: `page_items` are the items of the page
    at a URL path, `places` where the current diagnostics are."""
    if not is_loopback_client(client):
        return Answer(HTTPStatus.FORBIDDEN, "only this machine may open files")
    if not same_origin(headers):
        return Answer(HTTPStatus.FORBIDDEN, "only this server's own pages may open files")
    try:
        asked = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        asked = None
    if not isinstance(asked, dict):
        return Answer(HTTPStatus.BAD_REQUEST, "expected a JSON object")
    token = asked.get("token")
    if not isinstance(token, str) or not hmac.compare_digest(token, editor.token):
        return Answer(HTTPStatus.FORBIDDEN, "missing or wrong token")
    place = find_place(asked, page_items, places)
    if place is None:
        return Answer(HTTPStatus.NOT_FOUND, "no such item on this page")
    path = editor.inside(place)
    if path is None:
        return Answer(HTTPStatus.FORBIDDEN, "not a file in the project")
    if not editor.command:
        return Answer(HTTPStatus.CONFLICT, f"no {ENV}: the page opens the file itself")
    try:
        editor.run(path, place)
    except OSError as exc:
        return Answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"{ENV} failed: {exc}")
    return Answer(HTTPStatus.NO_CONTENT, "")


def find_place(
    asked: Mapping[str, object],
    page_items: Callable[[str], PagePositions],
    places: tuple[Place | None, ...],
) -> Place | None:
    """The place an item key on a page, or a diagnostic's number, stands for."""
    number = asked.get("diagnostic")
    if isinstance(number, int) and not isinstance(number, bool):
        return places[number] if 0 <= number < len(places) else None
    key, page = asked.get("id"), asked.get("page")
    if not isinstance(key, str) or not isinstance(page, str):
        return None
    found = page_items(page).get(key)
    return None if found is None else Place(found.file, found.line, found.column)


def same_origin(headers: Message) -> bool:
    """Whether the browser says the request comes from a page of this server: `Origin`
    is `http://` plus the Host asked for, and `Sec-Fetch-Site` (when sent) `same-origin`."""
    host = headers.get("Host")
    origin = headers.get("Origin")
    if not host or not origin or origin != f"http://{host}":
        return False
    site = headers.get("Sec-Fetch-Site")
    return site is None or site.lower() == "same-origin"


def is_loopback_client(client: str) -> bool:
    """A loopback address, also as an IPv4 address mapped into IPv6 (`::ffff:127.0.0.1`)."""
    try:
        address = ipaddress.ip_address(client.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)
