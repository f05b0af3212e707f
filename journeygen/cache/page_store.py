"""Rendered files kept between runs of `journeygen build` (see cache.py).

A folder of page and export bytes, one file each under a random name; the memo on disk says
which name holds the page made from which inputs. A build whose page inputs are unchanged
copies the file from here instead of rendering it again. Files are never changed once
written, and names are never reused, so a half-written file cannot be taken for a whole one
(it is written under a temporary name and renamed). Files no memo entry names are removed
after the memo is saved (`sweep`), once no build has used them for a while: two builds of
one project may run at once, and each saves its own memo.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Collection
from pathlib import Path

SUFFIX = ".out"
GRACE = 120  # seconds


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def new_name(self) -> str:
        """A name no file here has had (for `write`)."""
        return secrets.token_hex(12) + SUFFIX

    def write(self, name: str, data: bytes) -> bool:
        """Keep `data` under `name`; False if it cannot be written (then `find` will not
        find it, and the page is simply rendered again next time)."""
        temporary = self.folder / f".{name}.new"
        try:
            try:
                temporary.write_bytes(data)
            except FileNotFoundError:  # the first file: make the folders (once, not per page)
                for folder in (self.folder.parent, self.folder):  # readable by this user only
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                temporary.write_bytes(data)
            os.replace(temporary, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False
        return True

    def find(self, name: str) -> Path | None:
        """The file kept under `name`, if it is still there; marked as just used, so that
        another build's `sweep` leaves it alone while this one copies it."""
        path = self.folder / name
        try:
            os.utime(path)
        except OSError:
            return None
        return path

    def sweep(self, names: Collection[str]) -> None:
        """Remove the files not in `names` (pages no saved memo entry refers to any more)
        that no build used or wrote in the last `GRACE` seconds (one may be running now)."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        now = time.time()
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name not in names and now - entry.stat().st_mtime > GRACE:
                    os.unlink(entry.path)
