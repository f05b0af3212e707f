"""Whole sites against their golden output: every file of the example project and of a
benchmark corpus, by SHA-256, recorded in tests/golden/*.sha256.

This is the safety net for restructuring: moving code must not change one byte of what a
build writes. A deliberate change of output is recorded with
`pytest tests/test_golden_site.py --update-golden`, and the diff of the manifest shows in
review which files changed.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from journeygen.build import build
from journeygen.validate.audience import Audience
from journeygen.validate.project import Project

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402

BENCH_JOURNEYS = 12


def manifest(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def compare(name: str, site: Path, update: bool) -> None:
    expected_file = GOLDEN / f"{name}.sha256"
    actual = manifest(site)
    if update:
        GOLDEN.mkdir(exist_ok=True)
        expected_file.write_text(actual, "utf-8")
        return
    expected = dict(
        reversed(line.split("  ", 1)) for line in expected_file.read_text("utf-8").splitlines()
    )
    got = dict(reversed(line.split("  ", 1)) for line in actual.splitlines())
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    changed = sorted(p for p in set(expected) & set(got) if expected[p] != got[p])
    assert (missing, extra, changed) == ([], [], []), (
        f"{name}: output differs from tests/golden/{name}.sha256 (missing, extra, changed); "
        "if deliberate, rerun with --update-golden"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


def example_copy(tmp_path: Path) -> Project:
    root = tmp_path / "example"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "journeygen.yml", root / "journeygen.yml")
    return Project.find(root)


@pytest.mark.parametrize(("name", "audience"), [("example", "team"), ("example-client", "client")])
def test_the_example_site_is_byte_identical_to_its_golden_output(
    tmp_path: Path, update_golden: bool, name: str, audience: Audience
) -> None:
    out = tmp_path / "site"
    result = build(example_copy(tmp_path), out=out, audience=audience)
    assert not result.errors
    compare(name, out, update_golden)


def test_a_benchmark_corpus_is_byte_identical_to_its_golden_output(
    tmp_path: Path, update_golden: bool
) -> None:
    """Without base_url: link-preview images are named and drawn by Pillow, whose bytes
    differ between the versions the two locks install (differential tests cover them)."""
    root = tmp_path / "bench"
    generate.write_project(root, BENCH_JOURNEYS)
    out = tmp_path / "site"
    result = build(Project.find(root), out=out)
    assert not result.errors
    compare("bench", out, update_golden)
