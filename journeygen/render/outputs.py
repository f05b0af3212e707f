"""What `render` hands to `write`: files of the site, by path inside the output folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: its bytes, or a file to copy as it is (assets, pages kept
    in the page store) or to move (`temporary`: a page rendered into the scratch folder)."""

    path: str  # relative to the output folder, with "/" (e.g. "journeys/x/index.html")
    data: bytes | None = None
    source: Path | None = None
    temporary: bool = False  # `source` is a scratch file of this build: write moves it
    # A name for exactly these bytes (a page's name in the page store, see store.py): a file
    # the previous build wrote under the same name, untouched since, is these bytes too.
    identity: str | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.source is not None
        return self.source.read_bytes()
