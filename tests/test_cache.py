"""`build` and `check` keep parsed files in the user's cache folder between runs: a file whose
text is unchanged is not parsed again, and nothing about the cache can change a result."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import test_memo

from journeygen.build import Project, build, load
from journeygen.cache import disk as cache
from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import format_text
from journeygen.publish import protect
from journeygen.render import search
from journeygen.render.page_cache import MemoryPages, PageCache, StoredPages, page_cache

REPO = Path(__file__).resolve().parent.parent


def example(folder: Path) -> Path:
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy(REPO / "journeygen.yml", folder / "journeygen.yml")
    return folder


def run(
    root: Path, cache_dir: Path, *args: str, workers: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "JOURNEYGEN_CACHE_DIR": str(cache_dir),
        "JOURNEYGEN_WORKERS": workers,
    }
    return subprocess.run(
        [sys.executable, "-m", "journeygen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def cached_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The example project, with journeygen's cache in tmp_path/cache."""
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    return Project.find(example(tmp_path / "project"))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("workers", ["1", "2"])  # pages kept by the process that renders them
def test_a_second_build_reads_the_cache_and_makes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    root = example(tmp_path / "project")
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    cache_dir = tmp_path / "cache"
    first = run(root, cache_dir, "build", "--out", str(tmp_path / "one"), workers=workers)
    assert first.returncode == 0, first.stderr
    [kept] = cache_dir.glob("*.pickle")
    [pages] = cache_dir.glob("*.pages")
    for path, mode in [(kept, 0o600), (cache_dir, 0o700), (pages, 0o700)]:
        assert path.stat().st_mode & 0o777 == mode, path
    assert not any(p.name.endswith(".pickle") for p in root.rglob("*"))  # never in the project
    kept_tables = cache.open_memo(root).tables(cache.CACHED_STEPS)
    assert len(kept_tables["document"]) == 11  # config, library, 3 personas, 4 journeys, 2 pages
    assert len(kept_tables["journey"]) == 4
    rendered = {p.name: p.read_bytes() for p in pages.iterdir()}
    built = tree(tmp_path / "one")
    journeys = [p for p in built if p.startswith("journeys/")]  # pages and exports
    assert len(journeys) > 10 and {built[p] for p in journeys} <= set(rendered.values())
    second = run(root, cache_dir, "build", "--out", str(tmp_path / "two"), workers=workers)
    assert second.returncode == 0, second.stderr
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    # No page was rendered again: a rendered page would be kept under a new name.
    assert {p.name: p.read_bytes() for p in pages.iterdir()} == rendered
    fresh = run(root, tmp_path / "unused", "build", "--no-cache", "--out", str(tmp_path / "3"))
    assert fresh.returncode == 0 and tree(tmp_path / "3") == tree(tmp_path / "one")
    assert not (tmp_path / "unused").exists()


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    cache_dir = tmp_path / "cache"
    assert run(root, cache_dir, "check").returncode == 0
    journey = root / "content" / "journeys" / "praktijkreiniging.yml"
    journey.write_text(journey.read_text("utf-8").replace("persona: sanne", "persona: saane"))
    broken = run(root, cache_dir, "check")
    assert broken.returncode == 1
    assert "praktijkreiniging.yml:3:10: error: unknown persona 'saane'" in broken.stderr
    journey.write_text(journey.read_text("utf-8").replace("persona: saane", "persona: sanne"))
    assert run(root, cache_dir, "check").returncode == 0


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("old", {}))])
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, damage: bytes) -> None:
    root = example(tmp_path / "project")
    cache_dir = tmp_path / "cache"
    assert run(root, cache_dir, "check").returncode == 0
    [kept] = cache_dir.iterdir()
    kept.write_bytes(damage)
    again = run(root, cache_dir, "check")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert kept.stat().st_size > 1000  # written anew


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    result = run(root, blocked / "cache", "check")
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_the_cache_file_is_per_project_and_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOURNEYGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    one, two = cache.cache_file(tmp_path / "a"), cache.cache_file(tmp_path / "b")
    assert one.parent == tmp_path / "xdg" / "journeygen" and one != two


def test_a_build_from_the_cache_keeps_its_pages_on_disk_not_in_memory(tmp_path: Path) -> None:
    # Pages go to the page store (written by the worker that renders them), not into the
    # memo in memory as serve's do: a large build holds no page's bytes.
    memo = cache.open_memo(tmp_path)
    assert not memo.in_memory
    assert isinstance(page_cache(memo), StoredPages)
    assert isinstance(page_cache(Memo()), MemoryPages)
    assert type(page_cache(NO_MEMO)) is PageCache


def test_a_second_check_takes_the_validated_journeys_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cached_example(tmp_path, monkeypatch)
    root = project.root
    first = cache.open_memo(root)
    _sources, site, _problems = load(project, first)
    assert first.made["journey"] == 4
    cache.save_memo(first, root)
    second = cache.open_memo(root)
    _sources, again, problems = load(project, second)
    assert second.made["journey"] == 0 and second.made["document"] == 0
    assert again == site == load(project)[1] and not [p for p in problems if p.is_error]


def test_a_cached_journey_is_checked_again_when_what_it_refers_to_changes(
    tmp_path: Path,
) -> None:
    root = example(tmp_path / "project")
    cache_dir = tmp_path / "cache"
    assert run(root, cache_dir, "check").returncode == 0
    (root / "content" / "personas" / "sanne.md").unlink()  # praktijkreiniging's persona
    gone = run(root, cache_dir, "check")
    assert "praktijkreiniging.yml:3:10: error: unknown persona 'sanne'" in gone.stderr
    data = root / "content" / "data" / "kpis.csv"
    rows = data.read_text("utf-8-sig").splitlines()
    row = "kantoorschoonmaak,awareness,Onbekend,2026-05,1"  # a row of a cached journey
    data.write_text("\n".join([*rows, row]) + "\n", "utf-8")
    unknown = run(root, cache_dir, "check")
    assert f"kpis.csv:{len(rows) + 1}:29: error: unknown KPI 'Onbekend'" in unknown.stderr


def test_model_objects_pickle_by_their_fields(tmp_path: Path) -> None:
    site = load(Project.find(example(tmp_path / "project")))[1]
    assert site is not None
    assert pickle.loads(pickle.dumps(site, pickle.HIGHEST_PROTOCOL)) == site


@pytest.mark.parametrize("variant", sorted(test_memo.VARIANTS))
def test_builds_from_the_cache_equal_fresh_builds_edit_after_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    """As the command line runs them: the memo read from disk, the build, the memo saved;
    after every kind of edit the site has the bytes of a build without a cache (for the
    team, for a client, and with base_url and a protected journey)."""
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(protect, "encrypt_page", test_memo.plain_encryption)
    prepare, audience = test_memo.VARIANTS[variant]
    if variant == "paginated":
        test_memo.small_pages(monkeypatch)
    root = test_memo.example(tmp_path / "project")
    prepare(root)
    project = Project.find(root)
    options: dict[str, Any] = {"write": False, "audience": audience, "environ": test_memo.ENVIRON}
    reused = 0
    for name, edit in test_memo.edits(root):
        edit()
        fresh = build(project, **options)
        memo = cache.open_memo(root)
        again = build(project, memo=memo, **options)
        cache.save_memo(memo, root)
        assert [format_text(d) for d in again.diagnostics] == [
            format_text(d) for d in fresh.diagnostics
        ], name
        assert test_memo.files_of(again) == test_memo.files_of(fresh), name
        reused += memo.hits
    assert reused > 200  # pages and journeys were taken from the cache


def test_a_site_written_from_the_cache_has_the_bytes_of_a_fresh_build_edit_after_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages unchanged since the last build are linked from the site folder it wrote, not
    copied: after every edit, and after files of the site were changed by hand, the folder
    holds the bytes of a build without a cache, and unchanged pages keep their file."""
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    root = test_memo.example(tmp_path / "project")
    project = Project.find(root)
    out = tmp_path / "site"
    linked = 0
    for name, edit in [("none", lambda: None), *test_memo.edits(root)]:
        edit()
        before = {p: f.stat().st_ino for p, f in _files(out).items()}
        fresh = build(project, write=False)
        memo = cache.open_memo(root)
        again = build(project, out=out, memo=memo)
        cache.save_memo(memo, root)
        if again.failed():
            continue
        written = {path: file.read_bytes() for path, file in _files(out).items()}
        assert written == test_memo.files_of(fresh), name
        linked += sum(before.get(p) == f.stat().st_ino for p, f in _files(out).items())
        page = out / "index.html"
        page.write_bytes(page.read_bytes().replace(b"<html", b"<html data-edited", 1))
    assert linked > 100  # unchanged pages were linked, not copied


def test_the_search_index_of_an_unchanged_site_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cached_example(tmp_path, monkeypatch)
    root = project.root
    made = []
    monkeypatch.setattr(search, "index_script", _counted(search.index_script, made))
    results = []
    for _run in range(2):
        memo = cache.open_memo(root)
        results.append(test_memo.files_of(build(project, write=False, memo=memo)))
        cache.save_memo(memo, root)
    assert len(made) == 1 and results[0] == results[1]
    assert search.INDEX_PATH in results[1]


def _counted(function: Any, calls: list[object]) -> Any:
    def counted(*args: Any) -> Any:
        calls.append(args)
        return function(*args)

    return counted


def _files(out: Path) -> dict[str, Path]:
    if not out.is_dir():
        return {}
    return {
        p.relative_to(out).as_posix(): p
        for p in out.rglob("*")
        if p.is_file() and p.name != ".journeygen-files"
    }


def test_a_journey_kept_as_it_was_still_refers_to_its_own_csv_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journey whose entry is unchanged is saved again as the bytes read, which refer to
    CSV rows by number: not when the rows moved (a broken row above them mended, so that
    the rows after it keep their lines but not their places)."""
    project = cached_example(tmp_path, monkeypatch)
    root = project.root
    data = root / "content" / "data" / "kpis.csv"
    header, first, *rows = data.read_text("utf-8-sig").splitlines()
    for line in (first.rsplit(",", 1)[0], first):  # a column short, then whole again
        data.write_text("\n".join([header, line, *rows]) + "\n", "utf-8")
        memo = cache.open_memo(root)
        load(project, memo)
        cache.save_memo(memo, root)
    tables = cache.open_memo(root).tables(["csv", "journey"])
    every_row = [row for _text, (kept, _found) in tables["csv"].values() for row in kept]
    assert len(tables["journey"]) == 4
    for (doc, _shared, kept), _journey in tables["journey"].values():
        assert kept == tuple(row for row in every_row if row.values["journey"] == doc.id)


def test_journeys_are_not_copied_from_a_cache_file_another_run_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged journeys are saved again as the bytes they were read from, read anew from
    the file: not when another run replaced that file in the meantime."""
    project = cached_example(tmp_path, monkeypatch)
    root = project.root
    first = cache.open_memo(root)
    load(project, first)
    cache.save_memo(first, root)
    journey = root / "content" / "journeys" / "jaarevaluatie.md"  # the first: others move
    one, two = cache.open_memo(root), cache.open_memo(root)  # both read that file
    text = journey.read_text("utf-8")
    journey.write_text(text.replace("title: ", "title: Nieuw en langer, ", 1))
    load(project, two)
    cache.save_memo(two, root)  # replaces it: other journeys, other places in the file
    journey.write_text(text.replace("title: ", "title: Ander ", 1))
    load(project, one)
    cache.save_memo(one, root)
    again = cache.open_memo(root)
    _sources, site, _problems = load(project, again)
    assert again.made["journey"] == 0 and site is not None and site == load(project)[1]
    assert site.journeys[0].title.startswith("Ander ")  # what `one` saved


@pytest.mark.parametrize("target", ["file", "folder"])
def test_a_cache_file_another_user_could_have_written_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """A pickle runs code when it is loaded: a cache file that is writable by others, or in
    a folder writable by others, is ignored (the run starts empty, as with no cache)."""
    project = cached_example(tmp_path, monkeypatch)
    memo = cache.open_memo(project.root)
    load(project, memo)
    cache.save_memo(memo, project.root)
    file = cache.cache_file(project.root)
    again = cache.open_memo(project.root)
    load(project, again)
    assert again.made["journey"] == 0  # trusted: taken from the cache
    loads: list[object] = []
    real_load = cache.pickle.load
    monkeypatch.setattr(cache.pickle, "load", lambda f: loads.append(1) or real_load(f))
    path = file if target == "file" else file.parent
    mode = path.stat().st_mode
    path.chmod(mode | 0o022)
    try:
        ignored = cache.open_memo(project.root)
    finally:
        path.chmod(mode)
    assert loads == []  # not even the stamp is unpickled
    load(project, ignored)
    assert ignored.made["journey"] == 4
