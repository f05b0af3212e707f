"""write: atomic swap, stale and foreign files, refused output folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeygen.publish.write import MANIFEST, UnsafeOutput, check_output_dir, write_site
from journeygen.render.outputs import Bytes, CopiedFile, Output


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def test_writes_outputs_and_copies_sources(tmp_path: Path) -> None:
    source = tmp_path / "logo.svg"
    source.write_bytes(b"<svg/>")
    out = tmp_path / "site"
    count = write_site([Bytes("index.html", b"home"), CopiedFile("assets/logo.svg", source)], out)
    assert count == 2
    assert files(out) == {"index.html": b"home", "assets/logo.svg": b"<svg/>"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".journeygen")] == []


def test_stale_pages_go_foreign_files_stay_unless_clean(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([Bytes("index.html", b"1"), Bytes("journeys/old/index.html", b"old")], out)
    (out / "CNAME").write_text("maps.example.org")
    write_site([Bytes("index.html", b"2")], out)
    assert files(out) == {"index.html": b"2", "CNAME": b"maps.example.org"}
    write_site([Bytes("index.html", b"3")], out, clean=True)
    assert files(out) == {"index.html": b"3"}


def test_a_failing_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([Bytes("index.html", b"good"), Bytes("a/b.html", b"b")], out)
    before = files(out)

    def broken() -> list[Output]:
        raise RuntimeError("render exploded")

    def outputs():  # type: ignore[no-untyped-def]
        yield Bytes("index.html", b"half")
        broken()

    with pytest.raises(RuntimeError):
        write_site(outputs(), out)
    assert files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    for name in (".journeygen-site-new-abc12_yz", ".journeygen-site-old-0a1b2c3d"):
        stale = tmp_path / name  # named as tempfile.mkdtemp names them
        stale.mkdir()
        (stale / "index.html").write_text("partial")
    write_site([Bytes("index.html", b"ok")], tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("name", ["root", "home", "project", "content", "parent"])
def test_refuses_dangerous_output_folders(tmp_path: Path, name: str) -> None:
    project = tmp_path / "proj"
    content = project / "content"
    content.mkdir(parents=True)
    target = {
        "root": Path("/"),
        "home": Path.home(),
        "project": project,
        "content": content,
        "parent": tmp_path,
    }[name]
    with pytest.raises(UnsafeOutput):
        check_output_dir(target, project, content)


def test_accepts_a_normal_output_folder(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    check_output_dir(project / "site", project, project / "content")
    check_output_dir(tmp_path / "elsewhere", project, project / "content")


def test_the_swap_falls_back_to_two_renames_without_an_atomic_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeygen.publish.write

    monkeypatch.setattr(journeygen.publish.write, "_exchange", lambda a, b: False)
    write_site([Bytes("index.html", b"one")], tmp_path / "site")
    write_site([Bytes("index.html", b"two")], tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_the_last_build_wrote_unchanged_is_linked_an_edited_one_written_again(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    for name in ("a", "b", "c"):
        (store / name).write_bytes(f"page {name}".encode())
    out = tmp_path / "site"
    outputs = [CopiedFile(f"{n}.html", store / n, n) for n in ("a", "b", "c")]
    known: dict[str, tuple[str, int, int, int]] = {}
    write_site(outputs, out, known=known)
    assert sorted(known) == ["a.html", "b.html", "c.html"]
    inode = {path: (out / path).stat().st_ino for path in known}
    assert inode["a.html"] != (store / "a").stat().st_ino  # a copy: the store is never shared
    (out / "b.html").write_bytes(b"edited by hand")
    (out / "c.html").write_bytes(b"page x")  # the same size, written later
    os.utime(out / "c.html", ns=(known["c.html"][3] + 10**9,) * 2)
    write_site(outputs, out, known=known)
    assert (out / "a.html").stat().st_ino == inode["a.html"]  # linked, not copied
    assert files(out) == {"a.html": b"page a", "b.html": b"page b", "c.html": b"page c"}
    assert (out / "b.html").stat().st_ino != inode["b.html"]
    # Another output at a path (a page rendered again) is never taken for the old file.
    (store / "d").write_bytes(b"page d")
    write_site([CopiedFile("a.html", store / "d", "d")], out, known=known)
    assert files(out) == {"a.html": b"page d"} and known["a.html"][0] == "d"
