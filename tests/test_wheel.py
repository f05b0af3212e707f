"""The wheel ships the default theme and Mermaid, and builds a site without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MakeProject

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("journeygen-*.whl")
    return found


def test_wheel_contains_theme_starter_and_mermaid(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "journeygen/themes/default/templates/base.html" in names
    assert "journeygen/themes/default/theme.yml" in names or any(
        n.startswith("journeygen/themes/default/assets/") for n in names
    )
    assert "journeygen/_vendor/mermaid/mermaid.min.js" in names
    assert "journeygen/_vendor/mermaid/LICENSE" in names
    assert any(n.startswith("journeygen/scaffold/starter/") for n in names)
    assert "journeygen/scaffold/starter/github/workflows/pages.yml" in names  # written as .github/
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):  # link-preview images
        assert f"journeygen/render/fonts/{font}" in names
    assert not any(n.startswith(("content/", "tests/", "site/")) for n in names)


def test_installed_wheel_builds_a_site(
    wheel: Path, tmp_path: Path, make_project: MakeProject
) -> None:
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # With a base_url, so the link-preview image (and its shipped fonts) is drawn too.
    root = make_project({"journeygen.yml": "base_url: https://glans.github.io/klantreizen/\n"})
    # PYTHONPATH puts the installed copy ahead of the editable source checkout;
    # -I is not used because it would drop PYTHONPATH too. The check below proves which ran.
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import journeygen, journeygen.render.theme as t; "
         "print(journeygen.__file__); print(t.builtin_theme_dir())"],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    module_file, theme_dir = probe.stdout.split("\n")[:2]
    assert module_file.startswith(str(target)) and theme_dir.startswith(str(target))
    run = subprocess.run(
        [sys.executable, "-m", "journeygen", "build"],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    html = (root / "site/journeys/reis/index.html").read_text()
    assert "Van zoekopdracht tot vaste klant" in html
    assert len(list((root / "site/journeys/reis").glob("og-*.png"))) == 1
