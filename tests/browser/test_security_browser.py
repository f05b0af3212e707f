"""Issue 16 in a real browser: a built page runs only the site's own script and asks no other
site for anything (its Content-Security-Policy), opened over http and from disk; and a page
of another site cannot load the files of a running `journeygen serve`.

A "third party" here is a second HTTP server on another port that counts what it is asked
for: it must be asked for nothing. Needs /usr/bin/chromium (skipped without it, unless
JOURNEYGEN_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from test_pages import browser, wait_for

from journeygen.build import Project, build
from journeygen.serve.preview import Serve

__all__ = ["browser"]  # a fixture, used by name

TIMEOUT_MS = 20_000


class Counted(SimpleHTTPRequestHandler):
    """Serves a folder and records every path it is asked for (in `server.asked`)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.asked.append(self.path)  # type: ignore[attr-defined]
        super().do_GET()


@contextmanager
def http_server(folder: Path) -> Iterator[tuple[int, list[str]]]:
    """`folder` over http on 127.0.0.1 (a free port): (port, the paths asked for)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counted, directory=str(folder)))
    server.asked = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.asked  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def payload(third: int) -> str:
    """Raw HTML that would run script and reach the third party, but for the policy."""
    there = f"http://127.0.0.1:{third}"
    return f"""
<script>window.__inline = 1</script>
<script src="{there}/script.js"></script>
<link rel="stylesheet" href="{there}/style.css">
<img alt="pixel" src="&#104;ttp://127.0.0.1:{third}/pixel.png">
<iframe src="{there}/frame.html"></iframe>
<object data="{there}/object.svg"></object>
<p style="background: url({there}/background.png)">styled</p>
"""


JOURNEY = """\
---
title: Reis
stages:
  - id: awareness
    name: Oriënteren
    touchpoints:
      - {id: ads, name: Advertentie, channel: ads, next: [site]}
      - {id: site, name: Website, channel: website}
---
"""


def test_a_page_runs_only_its_own_script_and_asks_no_other_site(
    make_project: Any, browser: Any, tmp_path: Path
) -> None:
    """Issue 16, cases 3 and 8: with the sanitiser off (raw_html), an inline script, another
    site's script, stylesheet, frame and object, and an image whose address a character
    reference hides from the build's check: none runs or is asked for, over http and from
    disk. The site's own scripts still work: Mermaid draws, the search finds."""
    (tmp_path / "third").mkdir()
    with http_server(tmp_path / "third") as (third, asked):
        root = make_project(
            {
                "journeygen.yml": "title: Reizen\nmarkdown: {raw_html: true}\n",
                "content/journeys/reis.md": JOURNEY + "Het verhaal.\n" + payload(third),
                "content/pages/over.md": "# Over\n" + payload(third),
            }
        )
        result = build(Project.find(root), out=root / "site")
        assert not result.errors, result.errors
        with http_server(root / "site") as (port, _):
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            blocked: list[str] = []
            page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
            for url in (
                f"http://127.0.0.1:{port}/journeys/reis/",
                f"http://127.0.0.1:{port}/over/",
                (root / "site/journeys/reis/index.html").as_uri(),
                (root / "site/over/index.html").as_uri(),
            ):
                page.goto(url, wait_until="load")
                page.wait_for_timeout(300)
                assert page.evaluate("window.__inline") is None, url
                if "reis" in url:  # the site's own scripts: Mermaid and the search
                    wait_for(page, "document.querySelector('pre.mermaid svg') !== null")
                    page.locator("[data-search] input").fill("Website")
                    wait_for(page, "document.querySelectorAll('#jg-search-results a').length")
            context.close()
    assert asked == []
    assert any("Content Security Policy" in text for text in blocked)


def test_another_site_cannot_read_the_dev_servers_files(
    make_project: Any, browser: Any, tmp_path: Path
) -> None:
    """Issue 16, case 4: a page on another site loaded the search index of a running
    `journeygen serve` (<script src>) and read every title. http://localhost:<port> is
    another site than http://127.0.0.1:<port> for the browser, as an attacker's would be;
    the Host check lets the request through (it names 127.0.0.1). A link still works."""
    root = make_project({"content/journeys/geheim.md": JOURNEY.replace("Reis", "Geheime reis")})
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO())
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    attacker = tmp_path / "attacker"
    attacker.mkdir()
    (attacker / "index.html").write_text(
        f"""<!doctype html><meta charset="utf-8">
<script src="{serve.url}assets/search-index.js"></script>
<script>
  window.stolen = window.JOURNEYGEN_SEARCH ? JSON.stringify(window.JOURNEYGEN_SEARCH) : null;
  fetch("{serve.url}journeys/geheim/journey.json", {{mode: "no-cors"}})
    .then(r => {{ window.fetched = r.type; }}, () => {{ window.fetched = "refused"; }});
</script>
<a id="preview" href="{serve.url}journeys/geheim/">the preview</a>
""",
        "utf-8",
    )
    try:
        with http_server(attacker) as (port, _):
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"http://localhost:{port}/", wait_until="load")
            wait_for(page, "window.fetched !== undefined")
            assert page.evaluate("window.stolen") is None
            assert page.evaluate("window.fetched") == "refused"
            page.click("#preview")  # following a link to the preview is fine
            page.wait_for_url(f"{serve.url}journeys/geheim/")
            assert "Geheime reis" in page.title()
            context.close()
    finally:
        serve.close()


RUN = "window.__ran=1"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"'
HOSTILE_SVGS = {
    "script": f"{SVG_OPEN}><script>{RUN}</script></svg>",
    "prefixed": f"{SVG_OPEN}><svg:script>{RUN}</svg:script></svg>",
    "cdata": f"{SVG_OPEN}><script><![CDATA[{RUN}]]></script></svg>",
    "href": f'{SVG_OPEN}><script href="data:text/javascript,{RUN}"/></svg>',
    "onload": f'{SVG_OPEN} onload="{RUN}"></svg>',
    "slash": f'{SVG_OPEN}><g/onload="{RUN}"/></svg>',
    "onerror": f'{SVG_OPEN}><image href="nothing.png" onerror="{RUN}"/></svg>',
    "foreign": f'{SVG_OPEN}><foreignObject width="9" height="9"><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="{RUN}"/></foreignObject></svg>',  # noqa: E501
    "iframe": f'{SVG_OPEN}><foreignObject width="9" height="9"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:parent.{RUN}"></iframe></foreignObject></svg>',  # noqa: E501
    "entity": f'<!DOCTYPE svg [<!ENTITY s "&#60;script>{RUN}&#60;/script>">]>{SVG_OPEN}>&s;</svg>',
    "xslt": '<?xml-stylesheet type="text/xsl" href="data:text/xml,'
    "%3Cx:stylesheet version='1.0' xmlns:x='http://www.w3.org/1999/XSL/Transform'%3E"
    "%3Cx:template match='/'%3E%3Chtml xmlns='http://www.w3.org/1999/xhtml'%3E%3Cscript%3E"
    f'{RUN}%3C/script%3E%3C/html%3E%3C/x:template%3E%3C/x:stylesheet%3E"?>{SVG_OPEN}/>',
    "plain": f'{SVG_OPEN}><a href="https://example.org"><text>onderweg</text></a></svg>',
}
# The same script in encodings where '<script' is not spelled with its ASCII bytes.
ENCODED_SVGS = {
    "utf16-bom": f"{SVG_OPEN}><script>{RUN}</script></svg>".encode("utf-16"),
    "utf16-declared": (
        f'<?xml version="1.0" encoding="UTF-16BE"?>{SVG_OPEN}><script>{RUN}</script></svg>'
    ).encode("utf-16-be"),
    "iso-2022-jp": (
        b'<?xml version="1.0" encoding="ISO-2022-JP"?>'
        + SVG_OPEN.encode()
        + b"><scr\x1b(Bipt>"
        + RUN.encode()
        + b"</script></svg>"
    ),
}


def test_every_svg_that_runs_script_in_chromium_is_refused(browser: Any, tmp_path: Path) -> None:
    """Issue 16, case 3: an SVG from content/assets/, opened from a link, runs as the site.
    The pages' policy does not cover it (it is its own document), so the build must refuse
    it. Each of these is opened in Chromium as a document: whichever runs its script must
    be one the build refuses (and the plain one must not be refused)."""
    from journeygen.sources.active_assets import check_active_assets

    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    ran, missed = [], []
    files = {name: text.encode() for name, text in HOSTILE_SVGS.items()} | ENCODED_SVGS
    for name, data in files.items():
        (tmp_path / f"{name}.svg").write_bytes(data)
        page.goto((tmp_path / f"{name}.svg").as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        refused = bool(check_active_assets(tmp_path, [f"{name}.svg"], "content/assets"))
        if page.evaluate("window.__ran") == 1:
            ran.append(name)
            if not refused:
                missed.append(name)
        elif name == "plain":
            assert not refused
    context.close()
    assert missed == []
    assert {"script", "prefixed", "onload", "foreign", "xslt"} <= set(ran)  # it can tell
    assert {"utf16-bom", "utf16-declared"} <= set(ran)
