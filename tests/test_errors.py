"""Every error message has a fixture: a small broken project and its exact output.

Each folder in tests/fixtures/invalid/ is a minimal project with one kind of problem
(like Zola's test_sites_invalid/), holding:

- `expected.txt`: the exact stderr of `journeygen check` run in that folder;
- `expected-strict.txt` (warning cases only): the stderr of `journeygen check --strict`.
  A case with this file has only warnings: plain `check` exits 0, `--strict` exits 1;
- `xfail.txt` (optional): the engine does not yet give this output. `expected.txt` then
  holds the output it *should* give and `xfail.txt` says why; the test is a strict
  xfail, so it fails loudly once the engine is fixed: then delete `xfail.txt`.

`pytest tests/test_errors.py --update-golden` rewrites the expected files from the
actual output (cases with an `xfail.txt` are left alone).

The same projects are built with a `site/` folder already in place: the build must
fail, print no traceback, report what `check` reports and change no file.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
EXPECTED, EXPECTED_STRICT, XFAIL = "expected.txt", "expected-strict.txt", "xfail.txt"
NOT_PROJECT = (EXPECTED, EXPECTED_STRICT, XFAIL)


FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def _param(folder: Path) -> object:
    """The case, a strict xfail when its folder has an xfail.txt (holding the reason)."""
    xfail = folder / XFAIL
    marks = []
    if xfail.is_file():
        marks.append(pytest.mark.xfail(strict=True, reason=xfail.read_text("utf-8").strip()))
    return pytest.param(folder, id=folder.name, marks=marks)


@dataclass(frozen=True)
class Cli:
    main: Callable[[Sequence[str]], int]
    render_problem: str  # why the build half cannot run yet; "" when it can


@pytest.fixture(scope="module")
def cli() -> Iterator[Cli]:
    """`journeygen.cli.main`, also while the render layer is still landing.

    `check` does not render, but journeygen.build imports journeygen.render.engine at the
    top; when that import fails, a stand-in module is used for this test module only
    and the build tests are skipped.
    """
    try:
        importlib.import_module("journeygen.render.engine")
    except ImportError as exc:
        problem = f"journeygen.render.engine is not importable yet ({exc}); it will land soon"
    else:
        from journeygen.cli import main

        yield Cli(main, "")
        return
    stand_in = types.ModuleType("journeygen.render.engine")

    def render_site(*args: object, **kwargs: object) -> object:
        raise AssertionError("check must not render")

    stand_in.render_site = render_site  # type: ignore[attr-defined]
    sys.modules["journeygen.render.engine"] = stand_in
    try:
        from journeygen.cli import main

        yield Cli(main, problem)
    finally:
        for name in ("journeygen.cli", "journeygen.build", "journeygen.render.engine"):
            sys.modules.pop(name, None)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


def copy_project(case: Path, tmp_path: Path) -> Path:
    project = tmp_path / case.name
    shutil.copytree(case, project, ignore=shutil.ignore_patterns(*NOT_PROJECT))
    return project


def run(cli: Cli, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def compare(expected: Path, actual: str, *, update: bool) -> None:
    if update and not (expected.parent / XFAIL).exists():
        expected.write_text(actual, "utf-8")
    assert expected.is_file(), f"{expected} is missing: run pytest with --update-golden"
    assert actual == expected.read_text("utf-8")


def warnings_only(case: Path) -> bool:
    return (case / EXPECTED_STRICT).is_file()


@pytest.mark.parametrize("case", [_param(f) for f in FOLDERS])
def test_check_reports_exactly(
    case: Path,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    monkeypatch.chdir(copy_project(case, tmp_path))

    code, out, err = run(cli, ["check"], capsys)
    compare(case / EXPECTED, err, update=update_golden)
    assert out == ""
    assert code == (0 if warnings_only(case) else 1)

    if warnings_only(case):
        code, out, err = run(cli, ["check", "--strict"], capsys)
        compare(case / EXPECTED_STRICT, err, update=update_golden)
        assert out == ""
        assert code == 1


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `root`."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def diagnostics(stderr: str) -> str:
    """The problems printed, without the final `journeygen: ... failed/passed` line."""
    return "".join(line for line in stderr.splitlines(True) if not line.startswith("journeygen:"))


@pytest.mark.parametrize("case", FOLDERS, ids=lambda p: p.name)
def test_failed_build_changes_nothing(
    case: Path,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if cli.render_problem:
        pytest.skip(cli.render_problem)
    project = copy_project(case, tmp_path)
    (project / "site" / "css").mkdir(parents=True)
    (project / "site" / "index.html").write_text("<p>the previous build</p>\n", "utf-8")
    (project / "site" / "css" / "site.css").write_text("body {}\n", "utf-8")
    (project / "site" / "CNAME").write_text("klantreizen.example\n", "utf-8")
    before = snapshot(project)
    monkeypatch.chdir(project)

    checked_code, _, checked = run(cli, ["check"], capsys)
    if checked_code == 0 and not warnings_only(case):
        assert (case / XFAIL).is_file(), "check passes: this case has no problem to report"
        pytest.xfail("check does not fail yet, so neither does the build: see xfail.txt")
    args = ["build", "--strict"] if warnings_only(case) else ["build"]
    code, out, err = run(cli, args, capsys)

    assert "Traceback" not in out + err
    assert code == 1
    assert diagnostics(err) == diagnostics(checked)
    assert err.splitlines()[-1].startswith("journeygen: build failed")
    assert snapshot(project) == before
