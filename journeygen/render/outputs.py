"""What `render` hands to `write`: the files of the site, by path inside the output folder.

Three kinds: `Bytes` made in memory; a `CopiedFile` on disk, copied in as it is (assets,
and pages kept in the page store); a `MovedFile`, a page this build rendered into its
scratch folder, moved in. A file of the page store has an `identity` (its name there): a
file the last build wrote under the same identity, untouched since, is linked instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Bytes:
    path: str  # relative to the output folder, with "/" (e.g. "journeys/x/index.html")
    data: bytes

    def read(self) -> bytes:
        return self.data


@dataclass(frozen=True, slots=True)
class CopiedFile:
    path: str
    source: Path
    identity: str | None = None

    def read(self) -> bytes:
        return self.source.read_bytes()


@dataclass(frozen=True, slots=True)
class MovedFile:
    path: str
    source: Path  # in the scratch folder: write moves it
    identity: str | None = None

    def read(self) -> bytes:
        return self.source.read_bytes()


Output = Bytes | CopiedFile | MovedFile
