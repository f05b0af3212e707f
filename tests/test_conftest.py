"""The suite's own rules (tests/conftest.py): the `browser` marker, and CI's no-skip rule."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(("required", "outcomes"), [("1", (1, 1)), ("0", (0, 2))])
def test_a_browser_test_that_skips_fails_when_a_browser_is_required(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str,
    outcomes: tuple[int, int],
) -> None:  # fmt: skip
    """CI sets JOURNEYGEN_REQUIRE_BROWSER=1: no browser test may pass by skipping there."""
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    browser: needs Chromium\n")
    pytester.makepyfile(
        "import pytest\n"
        "@pytest.mark.browser\n"
        "def test_in_chromium():\n    pytest.skip('no chromium')\n"
        "def test_elsewhere():\n    pytest.skip('not here')\n"
    )
    monkeypatch.setenv("JOURNEYGEN_REQUIRE_BROWSER", required)
    failed, skipped = outcomes
    pytester.runpytest_subprocess().assert_outcomes(failed=failed, skipped=skipped)
