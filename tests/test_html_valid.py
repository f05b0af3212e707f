"""Every page is valid HTML for the W3C Nu HTML checker (vnu.jar, run with Java): the
example and the Dutch starter of `journeygen new --language nl`, 0 errors.

vnu.jar is the `vnu-jar` release from npm, which .ci/run installs into .ci/vnu/; point
JOURNEYGEN_VNU_JAR at another copy. Without it (or without java) the test is skipped,
except where JOURNEYGEN_REQUIRE_VNU=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from journeygen.build import Project, build
from journeygen.scaffold.new import create_project

REPO = Path(__file__).resolve().parents[1]
NPM_JAR = REPO / ".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def _vnu() -> list[str]:
    jar = Path(os.environ.get("JOURNEYGEN_VNU_JAR") or NPM_JAR)
    java = shutil.which("java")
    if java and jar.is_file():
        return [java, "-Xss4m", "-jar", str(jar)]
    reason = f"the Nu HTML checker needs java and {jar} (.ci/run installs them)"
    if os.environ.get("JOURNEYGEN_REQUIRE_VNU") == "1":
        pytest.fail(f"{reason} (JOURNEYGEN_REQUIRE_VNU=1)")
    pytest.skip(reason)


def test_every_page_of_the_example_and_the_dutch_starter_is_valid_html(tmp_path: Path) -> None:
    checker = _vnu()
    example = build(Project.find(REPO), out=tmp_path / "example")
    assert not example.errors, example.errors
    starter = tmp_path / "fietsen"
    create_project(starter, language="nl")
    dutch = build(Project.find(starter))
    assert not dutch.errors, dutch.errors
    folders = [tmp_path / "example", starter / "site"]
    pages = [p for folder in folders for p in folder.rglob("*.html")]
    assert len(pages) > 20
    done = subprocess.run(
        [*checker, "--errors-only", "--format", "json", "--skip-non-html", *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
