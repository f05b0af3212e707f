"""The preview's edit links in a real browser (issue 23): `journeygen serve` with
JOURNEYGEN_EDITOR set to a small script that writes down what it was asked to open; a click
on an item's edit button, the E key on a focused item and a place in the error overlay each
open the right file:line:column; a save scrolls to the changed item and marks it.

Same conventions as test_serve_browser.py: skipped without /usr/bin/chromium, unless
JOURNEYGEN_REQUIRE_BROWSER=1 makes that a failure. The pages' CSP forbids eval: polling goes
through `evaluate` (test_pages.wait_for), never `wait_for_function`.
"""

from __future__ import annotations

import io
import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pages import browser, wait_for
from test_serve_browser import BROKEN_YAML, edit, expect, page

from journeygen.build import Project
from journeygen.serve.preview import Serve

__all__ = ["browser", "page"]  # fixtures, used by name

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]

RECORDER = """\
import sys
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(" ".join(sys.argv[2:]) + "\\n")
"""


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "opened.log"


@pytest.fixture
def project(make_project) -> Path:
    return make_project({})


@pytest.fixture
def served(project: Path, log: Path, tmp_path: Path) -> Iterator[Serve]:
    recorder = tmp_path / "recorder.py"
    recorder.write_text(RECORDER, "utf-8")
    command = shlex.join([sys.executable, str(recorder), str(log)]) + " {file}:{line}:{column}"
    serve = Serve(
        Project.find(project),
        out=io.StringIO(),
        err=io.StringIO(),
        environ={"JOURNEYGEN_EDITOR": command},
    )
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    yield serve
    serve.close()


def opened(log: Path, count: int = 1, timeout: float = 20.0) -> list[str]:
    """The lines the recorder wrote, once there are `count` of them."""
    deadline = time.monotonic() + timeout
    while True:
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        if len(lines) >= count:
            return lines
        assert time.monotonic() < deadline, f"the editor was not started: {lines}"
        time.sleep(0.05)


def test_a_click_on_a_touchpoints_edit_button_opens_its_line(
    project: Path, served: Serve, page: Any, log: Path
) -> None:
    journey = (project / "content/journeys/reis.md").resolve()
    page.goto(served.url + "journeys/reis/", wait_until="load")
    page.hover("#tp-offerte")
    button = page.locator("#journeygen-edit")
    expect(button).to_be_visible()
    button.click()
    # line 17 of the file: the front matter's 16th line, `- {id: offerte, ...}`, column 9
    assert opened(log) == [f"{journey}:17:9"]
    page.screenshot(path=str(project.parent / "edit-button.png"))


def test_the_e_key_opens_the_focused_item_and_the_overlay_opens_a_diagnostic(
    project: Path, served: Serve, page: Any, log: Path
) -> None:
    journey = (project / "content/journeys/reis.md").resolve()
    page.goto(served.url + "journeys/reis/", wait_until="load")
    page.focus("#tp-google-ads .jg-permalink")  # keyboard focus inside the touchpoint
    expect(page.locator("#journeygen-edit")).to_be_visible()
    page.keyboard.press("e")
    assert opened(log) == [f"{journey}:12:9"]
    page.focus("#tp-offerte .jg-permalink")
    page.keyboard.press("Tab")  # the edit button comes next
    assert page.evaluate("document.activeElement.id") == "journeygen-edit"
    page.keyboard.press("Enter")
    assert opened(log, 2)[1] == f"{journey}:17:9"

    journey.write_text(BROKEN_YAML, "utf-8")
    link = page.locator("#journeygen-overlay [data-journeygen-diagnostic]")
    expect(link).to_have_text("content/journeys/reis.md:3:8")
    page.screenshot(path=str(project.parent / "overlay-link.png"))
    link.click()
    assert opened(log, 3)[2] == f"{journey}:3:8"


def test_the_keyboard_reaches_every_item_even_one_with_nothing_to_focus(
    project: Path, served: Serve, page: Any, log: Path
) -> None:
    """A note has no link in it: in the preview it takes the focus itself (Tab), and E
    opens it; a built page gets no tabindex (the script is serve's only)."""
    page.goto(served.url + "journeys/reis/", wait_until="load")
    notes = page.locator("[data-journeygen-focus]")
    assert notes.count() > 0
    assert page.evaluate(
        "[...document.querySelectorAll('[data-journeygen-focus]')]"
        ".every(el => el.tabIndex === 0 && !el.querySelector('a[href], button'))"
    )
    target = notes.first
    key = page.evaluate(
        "(() => { const el = document.querySelector('[data-journeygen-focus]');"
        " const map = JSON.parse(document.getElementById('journeygen-positions').textContent);"
        " for (const [k, p] of Object.entries(map)) {"
        " let e = document.querySelectorAll(p[0])[p[1]];"
        " if (e && p[2]) e = e.querySelectorAll(p[2])[p[3]]; if (e === el) return p.slice(5); }"
        " return null; })()"
    )
    assert key is not None
    previous = page.evaluate(
        "(() => { const all = [...document.querySelectorAll('a[href], button, [tabindex]')]"
        ".filter(e => e.tabIndex >= 0 && e.offsetParent !== null);"
        " const i = all.indexOf(document.querySelector('[data-journeygen-focus]'));"
        " all[i - 1].setAttribute('data-before', ''); return i; })()"
    )
    assert previous > 0
    page.focus("[data-before]")
    page.keyboard.press("Tab")  # the next stop is the note itself
    assert page.evaluate("document.activeElement.hasAttribute('data-journeygen-focus')")
    expect(page.locator("#journeygen-edit")).to_be_visible()
    page.keyboard.press("e")
    file, line, column = key
    assert opened(log) == [f"{(project / file).resolve()}:{line}:{column}"]
    assert target.get_attribute("tabindex") == "0"


def test_a_save_scrolls_to_the_changed_item_and_marks_it(
    project: Path, served: Serve, page: Any
) -> None:
    page.set_viewport_size({"width": 800, "height": 400})
    page.goto(served.url + "journeys/reis/", wait_until="load")
    page.evaluate("window.scrollTo(0, 0)")
    offerte = page.locator("#tp-offerte")
    assert page.evaluate("document.querySelector('#tp-offerte').getBoundingClientRect().top") > 400
    edit(project / "content/journeys/reis.md", "name: Offerteformulier", "name: Offerte op maat")
    expect(offerte).to_contain_text("Offerte op maat")
    wait_for(page, "document.querySelector('#tp-offerte[data-journeygen-changed]') !== null")
    assert page.locator("[data-journeygen-changed]").count() == 1  # that item only
    in_view = (
        "(() => { const r = document.querySelector('#tp-offerte').getBoundingClientRect();"
        " return r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1"
        " && r.right <= innerWidth + 1; })()"
    )
    wait_for(page, in_view)  # the theme may scroll smoothly


RESOLVE = """() => {
  const map = JSON.parse(document.getElementById('journeygen-positions').textContent);
  const missing = [];
  for (const [key, p] of Object.entries(map)) {
    let el = document.querySelectorAll(p[0])[p[1]] || null;
    if (el && p[2]) el = el.querySelectorAll(p[2])[p[3]] || null;
    if (!el) missing.push(key);
  }
  return [Object.keys(map).length, missing];
}"""


def test_every_item_of_the_example_is_found_on_its_page(
    tmp_path: Path, page: Any, log: Path
) -> None:
    root = tmp_path / "example"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "journeygen.yml", root / "journeygen.yml")
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO(), environ={})
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    try:
        pages = serve.snapshot.positions.pages
        assert len(pages) >= 10
        for path in pages:
            page.goto(serve.url + path.removesuffix("index.html"), wait_until="load")
            count, missing = page.evaluate(RESOLVE)
            assert count and missing == [], path
        script = page.locator("#journeygen-editor")
        assert script.get_attribute("data-mode") == "url"  # no JOURNEYGEN_EDITOR
        assert script.get_attribute("data-url") == f"vscode://file{root.resolve().as_posix()}"
    finally:
        serve.close()
