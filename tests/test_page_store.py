"""The folder of rendered pages a build with the cache keeps (journeygen/cache/page_store.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from journeygen.cache.page_store import GRACE, Store


def test_written_bytes_come_back_under_their_name(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache" / "project.pages")
    one, two = store.new_name(), store.new_name()
    assert one != two
    assert store.write(one, b"<p>one</p>") and store.write(two, b"<p>two</p>")
    assert (store.find(one) or Path()).read_bytes() == b"<p>one</p>"
    assert (store.find(two) or Path()).read_bytes() == b"<p>two</p>"
    assert store.find("gone.out") is None
    assert [p.name for p in store.folder.iterdir() if p.name.startswith(".")] == []
    for folder in (store.folder, store.folder.parent):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_sweep_removes_what_no_memo_names_once_no_build_used_it_for_a_while(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "pages")
    named, old, recent, used = (store.new_name() for _ in range(4))
    for name in (named, old, recent, used):
        assert store.write(name, name.encode())
    long_ago = time.time() - GRACE - 10
    for name in (named, old, used):
        os.utime(store.folder / name, (long_ago, long_ago))
    assert store.find(used)  # another build takes it now: it stays for a while
    store.sweep({named})
    assert sorted(p.name for p in store.folder.iterdir()) == sorted([named, recent, used])


def test_a_store_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    store = Store(blocked / "pages")
    assert store.write(store.new_name(), b"x") is False
    store.sweep(())  # no folder: nothing to do, no error
