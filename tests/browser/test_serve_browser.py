"""journeygen serve in a real browser: edits show without a manual reload, in place (scroll
kept), a broken file shows the overlay over the last good page and the fix removes it, atomic
saves work, and the server lives through 200 rapid edits with flat memory. Needs
/usr/bin/chromium (skipped without it, unless JOURNEYGEN_REQUIRE_BROWSER=1, which makes it a
failure). What the in-place swap keeps working, and when it reloads instead:
test_livereload.py."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import interruptible
from test_pages import browser, wait_for

from journeygen.build import Project
from journeygen.serve.preview import Serve

__all__ = ["browser"]  # a fixture, used by name

TIMEOUT_MS = 20_000
BROKEN_YAML = """\
---
title: [unclosed
persona: eva
---
"""
LONG_STORY = "\n\n".join(f"Alinea {n}: " + "Het verhaal gaat verder. " * 40 for n in range(40))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    yield opened
    context.close()


@pytest.fixture
def project(make_project) -> Path:
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text().replace("Het verhaal.", LONG_STORY))
    return root


@pytest.fixture
def served(project: Path) -> Iterator[Serve]:
    serve = Serve(Project.find(project), out=io.StringIO(), err=io.StringIO())
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    yield serve
    serve.close()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_an_edit_shows_by_itself_in_place_in_every_tab_and_keeps_the_scroll_position(
    project: Path, served: Serve, page: Any
) -> None:
    url = served.url + "journeys/reis/"
    page.goto(url, wait_until="load")
    other = page.context.new_page()
    other.goto(url, wait_until="load")
    page.evaluate("window.scrollTo(0, 900)")
    wait_for(page, "window.scrollY === 900")
    page.evaluate("window.__old_document = true")

    edit(project / "content/journeys/reis.md", "Van zoekopdracht", "Vanaf de eerste klik")

    for tab in (page, other):
        expect(tab.locator("h1")).to_contain_text("Vanaf de eerste klik")
    assert page.evaluate("window.__old_document") is True  # in place: no new document
    assert page.evaluate("window.scrollY") == 900
    assert page.locator("#journeygen-overlay").count() == 0


def test_broken_yaml_shows_the_overlay_over_the_last_good_page_and_the_fix_removes_it(
    project: Path, served: Serve, page: Any
) -> None:
    journey = project / "content/journeys/reis.md"
    good = journey.read_text("utf-8")
    page.goto(served.url + "journeys/reis/", wait_until="load")

    journey.write_text(BROKEN_YAML, "utf-8")
    overlay = page.locator("#journeygen-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text("Build failed: 1 error")
    expect(overlay.locator("pre")).to_have_text(
        re.compile(r"^content/journeys/reis\.md:3:8: error: invalid YAML: .+\n    hint: .+")
    )
    expect(page.locator("h1")).to_contain_text("Van zoekopdracht tot vaste klant")
    page.screenshot(path=str(project.parent / "overlay.png"))

    journey.write_text(good, "utf-8")
    expect(overlay).to_have_count(0)
    expect(page.locator("h1")).to_contain_text("Van zoekopdracht tot vaste klant")


def test_an_atomic_save_reloads_the_page(project: Path, served: Serve, page: Any) -> None:
    journeys = project / "content/journeys"
    page.goto(served.url + "journeys/reis/", wait_until="load")
    text = (journeys / "reis.md").read_text("utf-8")
    for n, temp in enumerate(["reis.md___jb_tmp___", ".reis.md.tmp", "4913"]):
        (journeys / temp).write_text(text.replace("Van zoekopdracht", f"Atomair {n}"))
        os.replace(journeys / temp, journeys / "reis.md")
        expect(page.locator("h1")).to_contain_text(f"Atomair {n}")


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    assert found
    return int(found.group(1))


class _Output:
    """A subprocess's output lines, read on a thread."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in {self.lines}")

    def count(self, pattern: str) -> int:
        return sum(1 for line in list(self.lines) if re.search(pattern, line))


def test_the_server_survives_200_rapid_edits_with_flat_memory(project: Path, page: Any) -> None:
    journey = project / "content/journeys/reis.md"
    good = journey.read_text("utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "journeygen", "serve", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=interruptible,
    )
    output = _Output(process.stdout)
    try:
        url = output.wait_for(r"Serving (http://\S+/)").group(1)
        page.goto(url + "journeys/reis/", wait_until="load")
        h1 = page.locator("h1")

        def burst(start: int, count: int) -> None:
            """Edits 50 ms apart at most, every third one broken, the last one good."""
            for n in range(start, start + count):
                broken = n % 3 == 0 and n != start + count - 1
                journey.write_text(
                    BROKEN_YAML if broken else good.replace("Van zoek", f"V{n} zoek")
                )
                time.sleep((n * 7 % 50) / 1000)
            expect(h1).to_contain_text(f"V{start + count - 1} zoek")
            expect(page.locator("#journeygen-overlay")).to_have_count(0)

        burst(0, 30)  # warm up: imports, caches, the allocator's arenas
        rss_before = _rss_kib(process.pid)
        builds_before = output.count(r"^(Rebuilt in|Build failed)")
        burst(1000, 200)
        rss_after = _rss_kib(process.pid)
        builds = output.count(r"^(Rebuilt in|Build failed)") - builds_before
        failed = output.count(r"^Build failed")
        print(
            f"\n200 edits: {builds} builds ({failed} failed in all), RSS {rss_before} KiB -> "
            f"{rss_after} KiB ({rss_after - rss_before:+d} KiB)"
        )
        assert process.poll() is None, "the server died"
        assert 0 < builds < 200  # debounced, yet built
        assert failed > 0  # the broken states were built and reported, not skipped
        assert rss_after - rss_before < 20 * 1024, (rss_before, rss_after)

        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
        output.wait_for(r"^Stopped\.")
        assert not any("Traceback" in line for line in output.lines), output.lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
