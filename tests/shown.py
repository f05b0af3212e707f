"""Numbers as a reader sees them on a page, read back: `1.320` (nl) / `1,320` (en),
`13,3%`, `€ 2,70`, `−300`, `+2,5 %-punt`. For the tests that check what is shown."""

from __future__ import annotations

import re

from journeygen.core.i18n import MINUS

_SEPARATORS = {"en": (",", "."), "nl": (".", ",")}  # (thousands, decimal)
NUMBER = re.compile(r"([+\u2212-]?)[€$£]? ?(\d[\d.,]*)")  # −€1, € 2,70, +3


def parse_shown(text: str, language: str) -> float:
    """The first number in `text` as the page's language writes it; ValueError if none."""
    match = NUMBER.search(text.replace("\u00a0", " "))
    if match is None:
        raise ValueError(f"no number in {text!r}")
    thousands, point = _SEPARATORS[language]
    written = match.group(1).replace(MINUS, "-") + match.group(2).rstrip(".,")
    return float(written.replace(thousands, "").replace(point, "."))
