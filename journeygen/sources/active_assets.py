"""Files in content/assets/ that would run script on the site's address.

Every asset is published as it is, next to the pages: an HTML file, or an SVG with a
`<script>` or an `onload=`, opened from a link runs its script as the site itself, where it
can read what the pages keep (a protected page's remembered key in sessionStorage). So such
files are errors unless the project allows them knowingly (`assets: {active_content: true}`):

- HTML and XML by their extension (`.html`, `.htm`, `.xhtml`, `.xml`, `.xsl`, ...: a
  browser runs their script), and `.svgz` (compressed: not looked into);
- an `.svg` that holds an element that runs or embeds something (`<script>`,
  `<foreignObject>`, `<iframe>`, ...), an event handler attribute (`onload=`), a
  `javascript:` address, an XML entity declaration (which could spell any of these) or
  an `<?xml-stylesheet?>` (an XSLT one turns the file into an HTML page with script), also
  when written with character references.

Images in other formats, PDFs and downloads are data: a browser shows them, it runs nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from journeygen.core.diagnostics import Diagnostic

ACTIVE_EXTENSIONS = {
    ".html": "HTML", ".htm": "HTML", ".shtml": "HTML", ".xhtml": "XHTML", ".xht": "XHTML",
    ".xml": "XML", ".xsl": "XSLT", ".xslt": "XSLT", ".mht": "web archive",
    ".mhtml": "web archive", ".svgz": "compressed SVG",
}  # fmt: skip
_ACTIVE_SVG = re.compile(
    r"<(?:[\w.-]+:)?(?:script|foreignobject|iframe|embed|object|handler|listener)\b"
    r"|[\s\"'/](?:[\w.-]+:)?on[a-z]+\s*="
    r"|javascript:"
    r"|<!entity"
    r"|<\?xml-stylesheet",
    re.IGNORECASE,
)
ALLOW_HINT = "or publish it knowingly with 'assets: {active_content: true}' in journeygen.yml"


def check_active_assets(folder: Path, names: Iterable[str], shown: str) -> list[Diagnostic]:
    """A diagnostic for each file of `names` in `folder` (content/assets/, shown in
    messages as `shown`) that would run script where the site is published."""
    problems = []
    for name in names:
        suffix = Path(name).suffix.lower()
        where = f"{shown}/{name}"
        if suffix in ACTIVE_EXTENSIONS:
            kind = ACTIVE_EXTENSIONS[suffix]
            problems.append(
                Diagnostic(
                    where, 1, 1,
                    f"an {kind} file in the assets: published, its script would run on the "
                    "site's address",
                    "content/assets/ is for images and downloads: save it as a PDF or an "
                    f"image, link to it where it is hosted, {ALLOW_HINT}",
                )
            )  # fmt: skip
        elif suffix == ".svg":
            text = _svg_text((folder / name).read_bytes())
            if text is None:
                problems.append(
                    Diagnostic(
                        where, 1, 1,
                        "this SVG is not saved as UTF-8: journeygen cannot check it for script",
                        "save it as UTF-8 (an editor's 'plain SVG' export is), " + ALLOW_HINT,
                    )
                )  # fmt: skip
                continue
            found = _active_svg(text)
            if found is not None:
                line, col, what = found
                problems.append(
                    Diagnostic(
                        where, line, col,
                        f"this SVG holds script ('{what}'): opened from a link, it would "
                        "run on the site's address",
                        "remove the script, the event handlers (onload=...) and "
                        "javascript: links (an editor's 'plain SVG' export has none), "
                        + ALLOW_HINT,
                    )
                )  # fmt: skip
    return problems


_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_READ_AS_ASCII = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252"}


def _svg_text(data: bytes) -> str | None:
    """The SVG's text as a browser reads it, or None when it may be in an encoding where
    `<script` is not spelled with its ASCII bytes (UTF-16 or -32, ISO-2022-JP's escapes):
    only UTF-8 and the encodings that agree with it on ASCII are read."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data or b"\x1b" in data:
        return None
    declared = _DECLARED_ENCODING.match(data)
    if declared and declared[1].decode("ascii", "replace").lower() not in _READ_AS_ASCII:
        return None
    return data.decode("utf-8", "replace")


def _active_svg(text: str) -> tuple[int, int, str] | None:
    """(line, column, what) of the first thing in an SVG that runs or embeds, or None."""
    for number, line in enumerate(text.split("\n"), 1):
        for candidate in (line, html.unescape(line)):
            match = _ACTIVE_SVG.search(candidate)
            if match:
                return number, match.start() + 1, match[0].strip(" \t\"'/")
    # An address may be split over lines or by characters a URL parser drops.
    if "javascript:" in re.sub(r"\s", "", html.unescape(text)).lower():
        return 1, 1, "javascript:"
    return None
