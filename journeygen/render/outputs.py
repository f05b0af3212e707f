"""What `render` hands to `write`: files of the site, by path inside the output folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: its bytes, a file to copy as it is (assets), or a function
    that makes the bytes when they are needed (`make`: for a file whose path names its content,
    which `write` keeps from the previous build instead of making it again)."""

    path: str  # relative to the output folder, with "/" (e.g. "journeys/x/index.html")
    data: bytes | None = None
    source: Path | None = None
    make: Callable[[], bytes] | None = None
    temporary: bool = False  # `source` is a scratch file of this build: write moves it
    # A name for exactly these bytes (a page's name in the page store, see store.py): a file
    # the previous build wrote under the same name, untouched since, is these bytes too.
    identity: str | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.make is not None:
            return self.make()
        assert self.source is not None
        return self.source.read_bytes()
