"""The folder of rendered pages a build with the cache keeps (journeygen/store.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from journeygen.store import GRACE, Store


def test_kept_bytes_and_files_come_back_under_new_names(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache" / "project.pages")
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>page</p>")
    one, two = store.keep(b"<p>bytes</p>"), store.keep(page)
    assert one and two and one != two
    assert (store.find(one) or Path()).read_bytes() == b"<p>bytes</p>"
    assert (store.find(two) or Path()).read_bytes() == b"<p>page</p>"
    assert store.find("gone.out") is None
    for folder in (store.folder, store.folder.parent):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_sweep_removes_what_no_memo_names_once_no_build_used_it_for_a_while(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "pages")
    named, old, recent, used = (store.keep(name.encode()) for name in "abcd")
    assert named and old and recent and used
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
    assert store.keep(b"x") is None
    store.sweep(())  # no folder: nothing to do, no error
