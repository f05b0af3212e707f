"""The version menu and an old version's banner, in a real browser: from disk (file://)
and served under a sub-path, the menu opens, lists the current site first and then the
tags newest first, and its links and the banner's lead to the right pages.

Same conventions as test_pages.py: skipped without /usr/bin/chromium, unless
JOURNEYGEN_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

from test_pages import Visit, browser, new_context
from test_versions import TAGS, repo, run

__all__ = ["browser", "repo"]  # fixtures, used by name


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def menu_entries(page: Any) -> list[str]:
    page.click(".jg-versions summary")
    assert page.locator(".jg-versions ul").is_visible()
    return [t.split()[0] for t in page.locator(".jg-versions li a").all_inner_texts()]


def test_the_menu_and_banner_from_disk(browser: Any, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(repo, out)
    context, external = new_context(browser, viewport={"width": 1280, "height": 800})
    visit = Visit(context, out / "versions/review-2/journeys/reis/index.html")
    page = visit.page
    banner = page.locator(".jg-version-banner")
    assert banner.is_visible()
    assert "review-2" in banner.inner_text()
    assert menu_entries(page) == ["Current", *TAGS[::-1]]
    page.screenshot(path=str(tmp_path.parent / "versions-menu-open.png"))
    page.click(".jg-versions li a >> text=review-1")
    assert page.url.endswith("/versions/review-1/index.html")
    page.click("[data-version-current]")  # the overview now (it is the overview then)
    assert page.url == (out / "index.html").as_uri()
    assert page.locator(".jg-version-banner").count() == 0
    assert menu_entries(page) == ["Current", *TAGS[::-1]]
    page.goto((out / "versions/review-3/journeys/reis/index.html").as_uri())
    page.click("[data-version-current]")
    assert page.url == (out / "journeys/reis/index.html").as_uri()
    assert visit.failed == [] and visit.console == [] and external == []
    context.close()


def test_the_menu_under_a_sub_path(browser: Any, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "www" / "team" / "maps"
    run(repo, out)
    with served(tmp_path / "www") as port:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        base = f"http://127.0.0.1:{port}/team/maps/"
        page.goto(base + "journeys/reis/")
        assert menu_entries(page) == ["Current", *TAGS[::-1]]
        page.click(".jg-versions li a >> text=review-3")
        assert page.url == base + "versions/review-3/index.html"
        page.goto(base + "versions/review-1/journeys/reis/")
        page.screenshot(path=str(tmp_path.parent / "versions-banner-served.png"))
        page.click("[data-version-current]")
        assert page.url == base + "journeys/reis/index.html"
        assert failed == []
        context.close()
    shutil.rmtree(tmp_path / "www")
