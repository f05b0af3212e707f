"""Long work shows progress on a terminal only; `--quiet` and `--verbose` (issue 19)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from journeygen.build import Project, build
from journeygen.core import progress

REPO = Path(__file__).resolve().parent.parent


class Recorded:
    """A Progress that keeps what it is told."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int | None, int]] = []
        self.closed = False

    def step(self, name: str, total: int | None = None) -> None:
        self.steps.append((name, total, 0))

    def advance(self, count: int = 1) -> None:
        name, total, done = self.steps[-1]
        self.steps[-1] = (name, total, done + count)

    def close(self) -> None:
        self.closed = True


def example(folder: Path) -> Path:
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy(REPO / "journeygen.yml", folder / "journeygen.yml")
    return folder


def test_a_build_tells_its_steps_and_counts_every_page_and_file(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    told = Recorded()
    result = build(Project.find(root), out=tmp_path / "site", progress=told)
    assert not result.errors
    names = [name for name, _, _ in told.steps]
    assert names == ["Reading and checking the content", "Rendering pages", "Writing files"]
    for name, total, done in told.steps[1:]:
        assert total is not None and total > 10
        assert done == total, name
    assert told.steps[2][1] == result.written


def test_nothing_is_shown_when_the_output_is_not_a_terminal_or_with_quiet() -> None:
    not_a_terminal = io.StringIO()
    assert progress.for_terminal(quiet=False, verbose=False, stream=not_a_terminal) is (
        progress.SILENT
    )

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(progress.for_terminal(quiet=False, verbose=False, stream=Tty()),
                      progress.Terminal)  # fmt: skip
    assert progress.for_terminal(quiet=True, verbose=False, stream=Tty()) is progress.SILENT


def test_a_terminal_shows_nothing_for_quick_work_and_a_bar_for_long_work() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quick = Tty()
    shown = progress.Terminal(quick, delay=3600)
    shown.step("Rendering pages", 3)
    shown.advance(3)
    shown.close()
    assert quick.getvalue() == ""
    slow = Tty()
    shown = progress.Terminal(slow, delay=0)
    shown.step("Rendering pages", 3)
    shown.advance(2)
    shown.close()
    assert "Rendering pages" in slow.getvalue()


def test_verbose_prints_each_step_with_its_count() -> None:
    out = io.StringIO()
    lines = progress.Lines(out)
    lines.step("Reading and checking the content")
    lines.step("Rendering pages", 1200)
    lines.advance(1200)
    lines.close()
    text = out.getvalue().splitlines()
    assert text[0].startswith("journeygen: Reading and checking the content: ")
    assert text[1].startswith("journeygen: Rendering pages (1,200 of 1,200): ")
    assert text[1].endswith(" s")


def test_quiet_and_verbose_on_the_command_line(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    command = [sys.executable, "-m", "journeygen", "build", "--no-cache", "--out", "out"]
    quiet = subprocess.run([*command, "--quiet"], cwd=root, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = subprocess.run([*command, "-v"], cwd=root, capture_output=True, text=True)
    assert verbose.returncode == 0
    assert verbose.stdout.startswith("Built 4 journeys")  # the closing line, as before
    assert "journeygen: Rendering pages (" in verbose.stderr
    plain = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert plain.stderr == ""  # not a terminal: no progress
