"""What journeygen does differently on Windows and macOS (README, "Windows and macOS").
The tests for one system skip elsewhere; `.github/workflows/ci.yml` runs the suite on macOS
and Windows, where they run. What can be tested on every system (the two-rename swap,
paths with `/`) is tested here on all of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.build import Project, build
from journeygen.core import workers
from journeygen.publish import write
from journeygen.sources.project_files import relpath

windows_only = pytest.mark.skipif(sys.platform != "win32", reason="Windows only")
macos_only = pytest.mark.skipif(sys.platform != "darwin", reason="macOS only")


def test_paths_in_diagnostics_use_slashes(make_project: MakeProject) -> None:
    root = make_project({})
    journey = root / "content" / "journeys" / "reis.md"
    journey.write_text(journey.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    result = build(Project.find(root), write=False)
    assert result.errors
    assert {d.path for d in result.errors} == {"content/journeys/reis.md"}
    assert relpath(root / "content" / "journeys" / "reis.md", root) == "content/journeys/reis.md"


def test_where_there_is_no_exchange_the_swap_is_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sys.platform.startswith("linux"):  # as on Windows and macOS
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    else:
        assert write._exchange(tmp_path, tmp_path) is False
    from journeygen.render.outputs import Bytes

    out = tmp_path / "site"
    write.write_site([Bytes("index.html", b"one")], out)
    write.write_site([Bytes("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


@windows_only
def test_on_windows_pages_are_rendered_in_one_process() -> None:
    assert workers.worker_count(10_000, 1, None, []) == 1


@windows_only
def test_on_windows_a_build_writes_the_site_with_forward_slash_paths(
    make_project: MakeProject,
) -> None:
    root = make_project({})
    result = build(Project.find(root))
    assert not result.errors and result.out is not None
    assert all("\\" not in output.path for output in result.outputs)
    assert (result.out / "journeys" / "reis" / "index.html").is_file()


@macos_only
def test_on_macos_serve_watches_with_fsevents() -> None:
    from watchdog.observers import Observer

    assert "FSEvents" in Observer.__name__
