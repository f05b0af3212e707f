"""The code stays `ruff check` and `ruff format` clean (config in pyproject.toml)."""

from __future__ import annotations

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
