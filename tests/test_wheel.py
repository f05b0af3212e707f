"""The distributions stand alone: `python -m build` makes an sdist and a pure-Python wheel
that pass `twine check --strict`; the sdist builds the same wheel offline; the wheel, in a
fresh virtual environment, starts, builds and checks a project with no network and no
Node. The build backend and its plugins come from the test extra (`--no-isolation`), so
nothing is downloaded here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload]
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO)
    return out


def wheel_of(folder: Path) -> Path:
    (found,) = folder.glob("journeygen-*.whl")
    return found


def wheel_version(folder: Path) -> str:
    version = wheel_of(folder).name.split("-")[1]
    assert re.fullmatch(r"\d+\.\d+\.\d+([.a-z0-9]*)(\+[a-z0-9.]+)?", version), version
    return version


def test_the_wheel_is_pure_python_and_holds_theme_starter_mermaid_and_licences(
    dist: Path,
) -> None:
    wheel = wheel_of(dist)
    assert wheel.name.endswith("-py3-none-any.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "journeygen/themes/default/templates/base.html" in names
    assert any(n.startswith("journeygen/themes/default/assets/") for n in names)
    assert "journeygen/_vendor/mermaid/mermaid.min.js" in names
    assert "journeygen/_vendor/mermaid/LICENSE" in names
    assert any(n.startswith("journeygen/scaffold/starter/") for n in names)
    assert any(n.startswith("journeygen/scaffold/starter_nl/") for n in names)
    assert "journeygen/scaffold/starter/github/workflows/pages.yml" in names  # as .github/
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):  # link-preview images
        assert f"journeygen/render/fonts/{font}" in names
    assert "journeygen/_version.py" in names and "journeygen/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("content/", "tests/", "site/")) for n in names)
    assert not any(n.endswith((".so", ".pyd", ".pyc")) for n in names)


def test_both_distributions_pass_twine_check_strict(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"]
    run(BIN / "twine", "check", "--strict", *files)


def test_the_index_page_gets_absolute_image_and_file_links(dist: Path) -> None:
    metadata = (
        zipfile.ZipFile(wheel_of(dist))
        .read(next(n for n in zipfile.ZipFile(wheel_of(dist)).namelist() if n.endswith("METADATA")))
        .decode("utf-8")
    )
    assert "](docs/" not in metadata
    assert (
        "![Overview of the example site](https://raw.githubusercontent.com/journeygen/"
        "journeygen/main/docs/screenshots/overview-desktop.png)" in metadata
    )
    assert (
        "[docs/format.md](https://github.com/journeygen/journeygen/blob/main/docs/format.md)"
        in metadata
    )
    for field in ("Project-URL: Changelog", "Project-URL: Issues", "License-Expression: MIT"):
        assert field in metadata
    # the version the tag (or setuptools-scm between tags) gave, as the file name says it
    assert f"Version: {wheel_version(dist)}\n" in metadata


def test_the_sdist_builds_the_same_wheel_offline(dist: Path, tmp_path: Path) -> None:
    (sdist,) = dist.glob("journeygen-*.tar.gz")
    out = tmp_path / "again"
    env = {**os.environ, "PIP_NO_INDEX": "1"}  # offline: everything from the test extra
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-w", out, sdist, env=env)  # fmt: skip
    first, second = zipfile.ZipFile(wheel_of(dist)), zipfile.ZipFile(wheel_of(out))
    assert wheel_of(out).name == wheel_of(dist).name
    assert {i.filename: i.CRC for i in first.infolist()} == {
        i.filename: i.CRC for i in second.infolist()
    }


def test_the_wheel_in_a_fresh_venv_makes_builds_and_checks_a_project(
    dist: Path, tmp_path: Path
) -> None:
    """No network (pip installs from the wheel file only; the libraries journeygen needs come
    from this test's environment through a .pth file) and no Node on the PATH."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel_of(dist))  # fmt: skip
    fresh_site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    libraries = sysconfig.get_path("purelib")
    (Path(fresh_site.stdout.strip()) / "test-libraries.pth").write_text(libraries + "\n")
    env = {"PATH": str(venv / "bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8"}  # no node
    probe = run(
        python, "-c", "import journeygen; print(journeygen.__file__)", env=env, cwd=tmp_path
    )
    assert probe.stdout.startswith(str(venv))  # the installed copy, not this checkout
    journeygen = venv / "bin" / "journeygen"
    version = run(journeygen, "--version", env=env, cwd=tmp_path)
    assert version.stdout.strip() == f"journeygen {wheel_version(dist)}"
    project = tmp_path / "klantreizen"
    run(journeygen, "new", project, "--language", "nl", env=env, cwd=tmp_path)
    built = run(journeygen, "build", "--base-url", "https://example.test/reizen/",
                cwd=project, env=env)  # fmt: skip
    assert "error" not in built.stdout + built.stderr
    assert (project / "site/index.html").is_file()
    assert list((project / "site/journeys").glob("*/og-*.png"))  # fonts shipped: drawn
    assert (project / "site/assets/vendor/mermaid/mermaid.min.js").is_file()  # vendored
    run(journeygen, "check", "--strict", cwd=project, env=env)
