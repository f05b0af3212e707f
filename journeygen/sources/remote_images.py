"""Images from other sites in Markdown text: each would make a reader's browser ask a third
party for it when the page is viewed (SECURITY.md: viewing a page contacts no one else).

Found in the source, so each is an error at its line: `![x](https://...)`, a reference
image whose definition is an address (`![x][logo]` with `[logo]: https://...`), a raw
`<img src="https://...">` and an attribute list's `{: src=...}`; also protocol-relative
addresses (`//host/x.png`). Whatever a writer finds around this (an address written with
character references) the pages' Content-Security-Policy still stops (`csp`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REMOTE = r"(?:https?:)?//"
_INLINE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?\s*(" + _REMOTE + r"[^\s)>]*)", re.IGNORECASE)
_SRC = re.compile(  # <img ... src=...>, and {: src=...} (attribute lists set it on images)
    r"(?:<img\b[^>]*?|\{[^}\n]*?)\bsrc\s*=\s*[\"']?\s*(" + _REMOTE + r"[^\s\"'>}]*)",
    re.IGNORECASE,
)
_REFERENCE_USE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?!\()(?:\[((?:[^\]\\]|\\.)*)\])?")
_DEFINITION = re.compile(
    r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:\s*<?\s*(" + _REMOTE + r"\S*?)>?(?:\s|$)",
    re.IGNORECASE | re.MULTILINE,
)


_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)|`+[^`\n]*`+", re.M | re.S)


@dataclass(frozen=True, slots=True)
class RemoteImage:
    line: int  # 1-based, in `text`
    col: int
    url: str


def find_remote_images(text: str) -> list[RemoteImage]:
    """Every image in the Markdown `text` that an address on another site would load."""
    text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)  # code shows, loads nothing
    found: dict[int, str] = {}  # offset -> address
    for pattern in (_INLINE, _SRC):
        for match in pattern.finditer(text):
            found.setdefault(match.start(1), match[1])
    used = {_label(m[2] or m[1]) for m in _REFERENCE_USE.finditer(text)}
    for match in _DEFINITION.finditer(text):
        if _label(match[1]) in used:
            found.setdefault(match.start(2), match[2])
    images = []
    for offset, url in sorted(found.items()):
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        images.append(RemoteImage(line, col, url))
    return images


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).lower()
