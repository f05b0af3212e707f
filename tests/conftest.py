"""Shared fixtures: small inline projects (`make_project`)."""

from __future__ import annotations

import os
import signal
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# journeygen build and check keep parsed files in the user's cache folder: not the tester's.
os.environ["JOURNEYGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="journeygen-test-cache-")


def interruptible() -> None:
    """`preexec_fn` for a child that a test stops with SIGINT (Ctrl-C): a test run started in
    the background has SIGINT ignored by the shell, and children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


MakeProject = Callable[[dict[str, str]], Path]

PERSONA = """\
---
name: Eva de Vries
role: Office manager
---
Eva runs the office.
"""

JOURNEY = """\
---
title: Van zoekopdracht tot vaste klant
persona: eva
framework: aaarrr
stages:
  - id: awareness
    emotion: -1
    volume: 1000
    kpis:
      - {name: Bezoekers, measure: GA4, target: 500}
    touchpoints:
      - {id: google-ads, name: Google Ads, channel: ads, owner: marketing}
  - id: acquisition
    emotion: 1
    volume: 100
    touchpoints:
      - {id: offerte, name: Offerteformulier, channel: website, owner: sales}
---
Het verhaal.
"""


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write `files` (path -> text, dedented) under tmp_path/project and return its root.

    The defaults are a persona `eva` and a journey `reis`; pass a file with the same path
    to replace one, or `None`-like empty text to leave it out.
    """

    def make(files: dict[str, str], *, defaults: bool = True) -> Path:
        root = tmp_path / "project"
        base = {"content/personas/eva.md": PERSONA, "content/journeys/reis.md": JOURNEY}
        for rel, text in ({**base, **files} if defaults else files).items():
            if text == "":
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), "utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return make


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ is a `browser` test (`-m 'not browser'` leaves them out)."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """With JOURNEYGEN_REQUIRE_BROWSER=1 (CI), a `browser` test that skips has failed: CI can
    never pass without a real browser, whatever the reason a test gave for skipping."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    required = os.environ.get("JOURNEYGEN_REQUIRE_BROWSER") == "1"
    if required and report.skipped and item.get_closest_marker("browser") is not None:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"a browser test skipped with JOURNEYGEN_REQUIRE_BROWSER=1: {reason}"
    return None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected output files (golden files) instead of comparing with them",
    )
