"""Pages with a password, in a real browser from file:// (issue 7): the right password
shows the map and its Mermaid diagrams, a wrong one a clear message and nothing of the
page, "remember" opens the next protected page of the same password without asking, and
the locked page has no serious accessibility problem, light or dark.

Same conventions as test_pages.py (whose fixtures and helpers this module uses): skipped
without /usr/bin/chromium, unless JOURNEYGEN_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from test_pages import (
    AXE_SERIOUS,
    DIAGRAMS_DRAWN,
    REPO,
    SHOW_A_DIAGRAM,
    Visit,
    axe_script,
    browser,
    new_context,
    wait_for,
)

from journeygen.build import Project, build
from journeygen.render import vendor

__all__ = ["axe_script", "browser"]  # fixtures, used by name

PASSWORD_ENV = "JOURNEYGEN_TEST_PASSWORD"
PASSWORD = "Zomer in Utrecht 2026"
CURRENT, IDEAL = "kantoorschoonmaak", "kantoorschoonmaak-ideaal"  # they link to each other
TITLE = "Van zoekopdracht tot vaste klant"  # in both titles: never on a locked page
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def locked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with a password on its current and its ideal journey."""
    if vendor.mermaid_script_path() is None:
        pytest.skip("the vendored Mermaid script is missing: run `pip install -e .`")
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "journeygen.yml", root / "journeygen.yml")
    for journey in (CURRENT, IDEAL):
        path = root / "content" / "journeys" / f"{journey}.md"
        text = path.read_text("utf-8")
        path.write_text(text.replace("---\n", f"---\npassword_env: {PASSWORD_ENV}\n", 1), "utf-8")
    out = root / "site"
    result = build(Project.find(root), out=out, environ={PASSWORD_ENV: PASSWORD})
    assert not result.errors, result.errors
    return out


def page_of(site: Path, journey: str) -> Path:
    return site / "journeys" / journey / "index.html"


def unlock(page: Any, password: str, *, remember: bool = False) -> None:
    page.fill("#jg-password", password)
    if remember:
        page.check("#jg-remember")
    page.click("button[type=submit]")


def test_right_password_shows_the_map(browser: Any, locked_site: Path) -> None:
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    visit = Visit(context, page_of(locked_site, CURRENT))
    page = visit.page
    assert TITLE not in page.content()
    assert page.evaluate("document.activeElement.id") == "jg-password"
    started = time.perf_counter()
    unlock(page, PASSWORD)
    page.wait_for_selector("table.jg-map", timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - started
    print(f"unlocked in {seconds:.2f} s (PBKDF2 600,000 iterations and AES-GCM)")
    assert seconds < 10
    assert TITLE in page.title()
    page.evaluate(SHOW_A_DIAGRAM)  # Mermaid comes when a diagram is near the viewport
    wait_for(page, DIAGRAMS_DRAWN, timeout=TIMEOUT_MS)
    assert page.locator("pre.mermaid svg").count() >= 1
    assert page.locator("#jg-kpis table").count() == 1
    assert page.url == page_of(locked_site, CURRENT).as_uri()  # links stay relative to it
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


def test_wrong_password_says_so_and_shows_nothing(browser: Any, locked_site: Path) -> None:
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    visit = Visit(context, page_of(locked_site, CURRENT))
    page = visit.page
    unlock(page, "zomer in utrecht 2026")  # almost
    status = page.locator("#jg-unlock-status")
    wait_for(
        page,
        "document.getElementById('jg-unlock-status').textContent.includes('klopt')",
        timeout=TIMEOUT_MS,
    )
    assert status.get_attribute("role") == "alert"
    assert "wachtwoord klopt niet" in status.inner_text()
    assert page.locator("#jg-password").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "jg-password"
    assert page.locator("table.jg-map").count() == 0
    assert TITLE not in page.content()
    assert page.evaluate("Object.keys(sessionStorage)") == []
    # an empty field asks for the password instead of trying
    page.fill("#jg-password", "")
    page.click("button[type=submit]")
    assert "Vul eerst het wachtwoord in" in status.inner_text()
    # and the right one still opens it
    unlock(page, PASSWORD)
    page.wait_for_selector("table.jg-map", timeout=TIMEOUT_MS)
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


@pytest.mark.parametrize("remember", [True, False])
def test_remember_opens_the_next_page_of_the_same_password(
    browser: Any, locked_site: Path, remember: bool
) -> None:
    context, external = new_context(browser, viewport={"width": 1280, "height": 900})
    visit = Visit(context, page_of(locked_site, CURRENT))
    page = visit.page
    unlock(page, PASSWORD, remember=remember)
    page.wait_for_selector("table.jg-map", timeout=TIMEOUT_MS)
    page.evaluate(SHOW_A_DIAGRAM)  # Mermaid comes when a diagram is near the viewport
    wait_for(page, DIAGRAMS_DRAWN, timeout=TIMEOUT_MS)  # all loaded before leaving
    stored = page.evaluate("Object.entries(sessionStorage)")
    if remember:
        assert len(stored) == 1 and stored[0][0].startswith("journeygen-key-")
        assert PASSWORD not in str(stored)  # the content key, never the password
    else:
        assert stored == []
    page.click(".jg-counterpart a")  # to the ideal journey, with the same password
    page.wait_for_url(page_of(locked_site, IDEAL).as_uri(), timeout=TIMEOUT_MS)
    if remember:
        wait_for(page, "document.title.includes('ideaal')", timeout=TIMEOUT_MS)
        assert page.locator("table.jg-map").count() == 1
        assert page.locator("#jg-password").count() == 0
        page.evaluate(SHOW_A_DIAGRAM)
        wait_for(page, DIAGRAMS_DRAWN, timeout=TIMEOUT_MS)
    else:
        page.wait_for_selector("#jg-password", timeout=TIMEOUT_MS)
        assert page.locator("table.jg-map").count() == 0
    assert visit.console == [] and visit.failed == [] and external == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_locked_page_is_accessible(
    browser: Any, locked_site: Path, axe_script: Path, scheme: str
) -> None:
    context, _ = new_context(browser, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    visit = Visit(context, page_of(locked_site, CURRENT))
    page = visit.page
    assert page.locator("label[for=jg-password]").inner_text() == "Wachtwoord"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate(axe_script.read_text("utf-8"))  # not a tag: the CSP
    assert page.evaluate(AXE_SERIOUS) == []
    context.close()
