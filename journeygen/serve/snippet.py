"""What `journeygen serve` adds to each HTML page it sends (never to a built file): the
reload script, the error overlay after a failed build, and the edit links' script with the
positions of the page's items.

Scripts are files served from /__journeygen/, never inline: the pages' CSP allows no inline
script (the positions travel as JSON, which no browser runs).
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib.resources import files as package_files

from journeygen.serve.editor import OPEN_PATH, Editor, Place
from journeygen.serve.positions import PagePositions

CLIENT_PATH = (
    "/__journeygen/livereload.js"  # a file, not inline: the pages' CSP allows no inline script
)
EDITOR_SCRIPT_PATH = "/__journeygen/editor.js"
CLIENT_SCRIPTS = {CLIENT_PATH: "livereload.js", EDITOR_SCRIPT_PATH: "editor.js"}


@cache
def client_script(name: str) -> str:
    return package_files("journeygen.serve").joinpath(name).read_text("utf-8")


def reload_script(version: str) -> bytes:
    return (
        f'<script id="journeygen-livereload" data-generation="{html.escape(version)}" '
        f'src="{CLIENT_PATH}"></script>'
    ).encode()


def make_overlay(
    headline: str, problems: tuple[str, ...], places: tuple[Place | None, ...] = ()
) -> bytes:
    """The error overlay shown while the latest build failed (nothing when it did not).
    A problem with a place starts with a link to it (`path:line:col`), which editor.js
    opens by the problem's number."""
    if not problems:
        return b""
    shown = []
    for number, problem in enumerate(problems):
        place = places[number] if number < len(places) else None
        where = f"{place.file}:{place.line}:{place.column}" if place else ""
        if place and problem.startswith(where):
            shown.append(
                f'<a href="#" data-journeygen-diagnostic="{number}" '
                f'data-file="{html.escape(place.file)}" data-line="{place.line}" '
                f'data-column="{place.column}" title="Open in the editor" '
                'style="color:#ffd0d2;text-decoration:underline">'
                f"{html.escape(where)}</a>{html.escape(problem[len(where) :])}"
            )
        else:
            shown.append(html.escape(problem))
    text = "\n".join(shown)
    overlay = (
        '<div id="journeygen-overlay" role="alert" style="position:fixed;top:0;left:0;'
        "right:0;z-index:2147483647;max-height:85vh;overflow:auto;box-sizing:border-box;"
        "margin:0;padding:16px 20px;background:#2a0b0e;color:#ffe9e9;text-align:left;"
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
        'border-bottom:4px solid #e5484d;box-shadow:0 6px 24px rgba(0,0,0,.45)">'
        '<button type="button" aria-label="Hide" data-journeygen-hide '
        'style="float:right;font:inherit;font-size:20px;line-height:1;background:none;'
        'border:0;color:inherit;cursor:pointer">&times;</button>'
        f'<strong style="color:#ff9b9e">{html.escape(headline)}</strong> '
        "&middot; showing the last good build; this page updates by itself once the files "
        "are fixed."
        f'<pre id="journeygen-problems" style="white-space:pre-wrap;margin:12px 0 0;'
        f'font:inherit;color:inherit;background:none;border:0;padding:0">{text}</pre></div>'
    )
    return overlay.encode("utf-8")


def inject(page: bytes, snippet: bytes) -> bytes:
    """`page` with `snippet` before its last `</body>` (or at the end if it has none)."""
    at = page.lower().rfind(b"</body>")
    return page[:at] + snippet + page[at:] if at >= 0 else page + snippet


def editor_snippet(editor: Editor, positions: PagePositions | None) -> bytes:
    """What a served page gets for its edit links: its items' positions (JSON: no script
    runs from it) and editor.js with the token and the way to open files."""
    items = {key: position.as_json() for key, position in (positions or {}).items()}
    data = json.dumps(items, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = data.replace("<", "\\u003c")  # no </script> inside the script element
    mode = "command" if editor.command else "url"
    return (
        f'<script type="application/json" id="journeygen-positions">{data}</script>'
        f'<script id="journeygen-editor" src="{EDITOR_SCRIPT_PATH}" data-token="{editor.token}" '
        f'data-open="{OPEN_PATH}" data-mode="{mode}" data-url="{html.escape(editor.url_base)}">'
        "</script>"
    ).encode()
