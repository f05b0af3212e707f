"""Rendering with worker processes gives the same site, and the same problems, as with one;
the workers never outlive a build."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from journeygen.build import Project, build, load
from journeygen.cache import disk as cache
from journeygen.core import workers as processes
from journeygen.core.diagnostics import format_text
from journeygen.render import renderer as render
from journeygen.sources import documents as sources

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers need fork"
)

JOURNEYS = 60  # 60 journeys, 6 personas: ~75 pages, rendered by two workers when forced


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "project"
    generate.write_project(root, JOURNEYS)
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts `render` forked with (so a test knows the workers really ran)."""
    counts: list[int] = []
    forked = render._render_forked

    def spy(renderer, jobs, singles, count, *rest):  # type: ignore[no-untyped-def]
        counts.append(count)
        return forked(renderer, jobs, singles, count, *rest)

    monkeypatch.setattr(render, "_render_forked", spy)
    return counts


def files(folder: Path) -> dict[str, bytes]:
    found = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in found}


def build_with(
    project: Path, out: Path, workers: str, monkeypatch: pytest.MonkeyPatch, **options: str
) -> dict[str, bytes]:
    monkeypatch.setenv(processes.WORKERS_VARIABLE, workers)
    result = build(Project.find(project), out=out, **options)  # type: ignore[arg-type]
    assert not result.failed(), result.diagnostics
    return files(out)


def test_two_workers_write_the_same_bytes_as_one_process(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    one = build_with(corpus, tmp_path / "one", "1", monkeypatch)
    assert forks == []
    two = build_with(corpus, tmp_path / "two", "2", monkeypatch)
    assert forks == [2]
    assert len(one) > 3 * JOURNEYS and sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []
    assert multiprocessing.active_children() == []


def test_with_base_url_too(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    """With base_url: sitemap, canonical links and link-preview images (drawn when written,
    from what the workers made)."""
    url = "https://example.org/journeys/"
    one = build_with(corpus, tmp_path / "one", "1", monkeypatch, base_url=url)
    two = build_with(corpus, tmp_path / "two", "2", monkeypatch, base_url=url)
    assert forks == [2]
    assert "sitemap.xml" in one and any(path.endswith(".png") for path in one)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_the_default_forks_above_the_threshold_and_not_below(monkeypatch) -> None:
    monkeypatch.delenv(processes.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(processes, "_cpus", lambda: 2)
    pages = render.MIN_PAGES_PER_WORKER
    assert processes.worker_count(2 * pages - 1, pages, None, []) == 1
    assert processes.worker_count(2 * pages, pages, None, []) == 2
    assert processes.worker_count(100 * pages, pages, None, []) == 2  # one per CPU
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "1")
    assert processes.worker_count(100 * pages, pages, None, []) == 1
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "3")
    assert processes.worker_count(5, pages, None, []) == 3  # asked for: no threshold


def test_a_bad_workers_variable_is_a_warning(monkeypatch) -> None:
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "two")
    monkeypatch.setattr(processes, "_cpus", lambda: 2)
    problems: list = []
    assert processes.worker_count(10, render.MIN_PAGES_PER_WORKER, None, problems) == 1
    assert [(p.path, p.severity.value) for p in problems] == [("JOURNEYGEN_WORKERS", "warning")]
    assert "'two' is not a number of processes" in problems[0].message


def test_no_fork_while_other_threads_run(monkeypatch) -> None:
    """`journeygen serve` builds from a watcher thread beside the HTTP server's threads."""
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "2")
    assert processes.worker_count(1000, render.MIN_PAGES_PER_WORKER, None, []) == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert processes.worker_count(1000, render.MIN_PAGES_PER_WORKER, None, []) == 1
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(
    "template",
    [
        "{% extends 'default/journey.html' %}\n{% block content %}\n{{ 1 // 0 }}\n{% endblock %}\n",
        "{% extends 'default/journey.html' %}\n{% block content %}\n{{ jurney.title }}\n"
        "{% endblock %}\n",
        "line 1\nline 2\n{% if %}\n",
    ],
    ids=["runtime-error", "undefined-name", "syntax-error"],
)
def test_a_broken_template_gives_the_same_diagnostic_in_a_worker(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
    template: str,
) -> None:
    theme = corpus / "themes/default/templates/journey.html"
    theme.parent.mkdir(parents=True, exist_ok=True)
    theme.write_text(template, "utf-8")
    try:
        results = {}
        for workers in ("1", "2"):
            monkeypatch.setenv(processes.WORKERS_VARIABLE, workers)
            result = build(Project.find(corpus), out=tmp_path / workers)
            results[workers] = [(d.path, d.line, d.message, d.hint) for d in result.errors]
    finally:
        theme.unlink()
        for folder in (theme.parent, theme.parent.parent, theme.parent.parent.parent):
            folder.rmdir()
    assert forks == [2]
    assert results["1"] == results["2"]
    assert [(path, line) for path, line, *_ in results["2"]] == [
        ("themes/default/templates/journey.html", 3)
    ]


def _sleeping_chunk(chunk):  # type: ignore[no-untyped-def]
    time.sleep(30)
    raise AssertionError("not stopped")


def _failing_chunk(chunk):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug in a page builder")


def test_workers_end_when_the_build_is_interrupted(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (here: an alarm raising KeyboardInterrupt in the parent) leaves no worker."""
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(render, "_render_chunk", _sleeping_chunk)

    def interrupt(signum, frame):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            build(Project.find(corpus), out=tmp_path / "site")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 20
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "site").exists()


def test_workers_end_when_a_page_raises(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (not a template problem) still raises in the parent, and no worker is left."""
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(render, "_render_chunk", _failing_chunk)
    with pytest.raises(RuntimeError, match="a bug in a page builder"):
        build(Project.find(corpus), out=tmp_path / "site")
    assert multiprocessing.active_children() == []
    assert _zombies() == []


def _zombies() -> list[int]:
    """Children of this process that ended and were not reaped."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(entry.name))
    return found


def test_files_parsed_by_two_workers_give_the_same_site_and_problems(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    journeys = sorted((project / "content" / "journeys").glob("*.md"))
    journeys[3].write_text(journeys[3].read_text("utf-8").replace("stages:", "stages: [", 1))
    journeys[7].write_text(journeys[7].read_text("utf-8").replace("persona: ", "persona: x", 1))
    maps: list[int] = []
    mapped = sources.map_forked

    def spy(function, items, count):  # type: ignore[no-untyped-def]
        maps.append(count)
        return mapped(function, items, count)

    monkeypatch.setattr(sources, "map_forked", spy)
    loaded = {}
    for count in ("1", "2"):
        monkeypatch.setenv(processes.WORKERS_VARIABLE, count)
        parsed, _site, problems = load(Project.find(project))
        loaded[count] = (parsed, [format_text(p) for p in problems])
    assert maps == [2, 2]  # personas and journeys, by two workers; not with "1"
    assert loaded["1"] == loaded["2"]
    assert len([p for p in loaded["2"][1] if ": error: " in p]) >= 2


def test_builds_from_the_cache_write_the_same_bytes_on_the_corpus(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's corpus built without a cache, with an empty one (it is filled), and
    from it (every page copied), by two workers: the same files, byte for byte."""
    monkeypatch.setenv(processes.WORKERS_VARIABLE, "2")
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    project = Project.find(corpus)
    plain = build(project, out=tmp_path / "plain")
    assert not plain.failed()
    for name in ("filled", "from-cache"):
        memo = cache.open_memo(corpus)
        result = build(project, out=tmp_path / name, memo=memo)
        cache.save_memo(memo, corpus)
        assert not result.failed(), result.diagnostics
        assert files(tmp_path / name) == files(tmp_path / "plain"), name
    assert memo.made["page"] == 0 and memo.made["journey"] == 0  # all from the cache
