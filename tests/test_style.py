"""The code stays `ruff check` and `ruff format` clean, mypy clean, and imports go down the
layers (config in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(exe).exists():
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    return subprocess.run([exe, *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_check() -> None:
    run = ruff("check", "journeygen", "tests", "bench", "scripts")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format() -> None:
    run = ruff("format", "--check", "journeygen", "tests", "bench", "scripts")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy() -> None:
    """journeygen/ type-checks with mypy and the pydantic plugin ([tool.mypy] in
    pyproject.toml)."""
    exe = Path(sys.executable).with_name("mypy")
    if not exe.exists():
        pytest.fail("mypy is not installed: pip install -e '.[test]'")
    run = subprocess.run([str(exe)], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_imports_go_down_the_layers() -> None:
    """import-linter's layers contract ([tool.importlinter] in pyproject.toml): cli, then
    serve and scaffold, build, publish, render, cache, validate, analysis, model, sources,
    core; no module imports one of a layer above its own."""
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.fail("import-linter is not installed: pip install -e '.[test]'")
    run = subprocess.run([str(exe), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_layers_contract_fails_on_an_import_upwards(tmp_path: Path) -> None:
    """The contract is not vacuous: the same configuration finds an import of render from
    sources, added to a copy of the package."""
    exe = Path(sys.executable).with_name("lint-imports")
    copy = tmp_path / "journeygen"
    shutil.copytree(REPO / "journeygen", copy, ignore=shutil.ignore_patterns("_vendor", "*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = copy / "sources" / "yamlload.py"
    bad.write_text(bad.read_text("utf-8") + "\nfrom journeygen.render import engine  # noqa\n")
    run = subprocess.run(
        [str(exe), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "journeygen.sources.yamlload -> journeygen.render.engine" in run.stdout
