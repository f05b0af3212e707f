"""journeygen.yml's place, folders and key lines, as the sources read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """journeygen.yml as it was read, once (`sources.read_sources`): where it is, the folders
    it names (needed before the rest is valid: what to read, where to write, what serve
    watches) and the line of each top-level key (for diagnostics about a value)."""

    path: str = "journeygen.yml"  # as diagnostics show it
    content_dir: str = "content"
    output_dir: str = "site"
    lines: Mapping[str, int] = field(default_factory=dict)  # top-level key -> its line

    def line(self, key: str) -> int:
        """The line of top-level `key` (1 when it is not there)."""
        return self.lines.get(key, 1)
