"""`journeygen build --watch`: the site is built, then built again after every change, with
serve's watcher; a failed rebuild prints its problems and leaves the last good site; Ctrl-C
stops it cleanly. Real file-system events and threads: waits are generous."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import MakeProject

from journeygen.build import Project
from journeygen.cache.memo import Memo
from journeygen.serve.watch_build import WatchedBuild

WAIT = 30.0  # seconds; a loaded CI machine is slow, a passing run does not wait this long


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def page(root: Path) -> str:
    path = root / "site" / "journeys" / "reis" / "index.html"
    return path.read_text("utf-8") if path.exists() else ""


def test_a_change_rebuilds_the_site_and_a_broken_file_leaves_the_last_good_one(
    make_project: MakeProject,
) -> None:
    root = make_project({})
    out, err = io.StringIO(), io.StringIO()
    watched = WatchedBuild(Project.find(root), {}, Memo(), out=out, err=err)
    journey = root / "content" / "journeys" / "reis.md"
    text = journey.read_text("utf-8")
    try:
        watched.start()
        first = page(root)
        assert "Van zoekopdracht tot vaste klant" in first
        assert "livereload" not in first and "__journeygen" not in first  # a plain build
        journey.write_text(text.replace("Van zoekopdracht", "Van zoekvraag", 1), "utf-8")
        until(lambda: "Van zoekvraag tot vaste klant" in page(root), "the edit to be built")
        good = page(root)
        journey.write_text(text.replace("title:", "title: [", 1), "utf-8")  # broken YAML
        until(lambda: "left as it was" in err.getvalue(), "the failed build")
        assert "content/journeys/reis.md:" in err.getvalue() and ": error: " in err.getvalue()
        assert page(root) == good  # the last good site stays
        journey.write_text(text, "utf-8")
        until(lambda: "Van zoekopdracht tot vaste klant" in page(root), "the fix to be built")
    finally:
        watched.stop()
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"Built \d+ files in .*site/ in \d+ ms( \(.*\))?", lines[0]), lines[0]
    assert any(line.startswith("Rebuilt ") for line in lines[1:])


def test_build_watch_on_the_command_line_stops_cleanly_on_ctrl_c(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({})
    env = {**os.environ, "JOURNEYGEN_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "journeygen", "build", "--watch", "--out", "public"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        seen = [process.stdout.readline() for _ in range(2)]
        assert seen[0].startswith("Built ") and "public/" in seen[0]
        assert seen[1].startswith("Watching for changes")
        persona = root / "content" / "personas" / "eva.md"
        persona.write_text(persona.read_text("utf-8").replace("Eva", "Eefje"), "utf-8")
        rebuilt = process.stdout.readline()
        assert rebuilt.startswith("Rebuilt "), rebuilt
        assert "Eefje" in (root / "public" / "personas" / "eva" / "index.html").read_text("utf-8")
        assert not (root / "site").exists()  # --out is where it writes
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Stopped." in stdout and "Traceback" not in stderr
