"""Markdown to HTML: Python-Markdown with tables, fenced code, attributes and heading ids.

One converter is made on first use and reused (`reset()` between documents). Fenced
```` ```mermaid ```` blocks become `<pre class="mermaid">` (the source HTML-escaped), which
the browser draws as a diagram and which stays readable without JavaScript.
Raw HTML is left as Python-Markdown leaves it (passed through).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown
from markupsafe import Markup

EXTENSIONS = (
    "tables",
    "fenced_code",
    "attr_list",
    "def_list",
    "abbr",
    "footnotes",
    "md_in_html",
    "sane_lists",
    "toc",
)
_HEADING = re.compile(r"<h([1-6])[ >]")
_HEADING_TAG = re.compile(r"(</?)h([1-6])(?=[ >])")
# Control characters (tab and line breaks aside) mean nothing in a page; \x02 and \x03
# are also Python-Markdown's own placeholder marks, which a text must not forge.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MERMAID_BLOCK = re.compile(r'<pre><code class="language-mermaid">(.*?)</code></pre>', re.DOTALL)

_converter: markdown.Markdown | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    html: Markup
    has_diagram: bool  # holds at least one Mermaid block


def _get_converter() -> markdown.Markdown:
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(
            extensions=list(EXTENSIONS), output_format="html", tab_length=4
        )
    return _converter


def render_markdown(text: str, *, heading_level: int = 2) -> Rendered:
    """Convert `text`; its highest heading becomes `<h{heading_level}>`, the rest follow.

    Whether a writer starts at `#` or at `##`, the page's headings stay in order.
    """
    if not text.strip():
        return Rendered(Markup(""), False)
    text = _CONTROL.sub("", text)
    converter = _get_converter()
    converter.reset()
    try:
        html = converter.convert(text)
    except RecursionError:  # sources refuses Markdown nested this deep; never a traceback
        global _converter
        _converter = None
        return Rendered(Markup("<pre>{}</pre>").format(text), False)
    levels = [int(level) for level in _HEADING.findall(html)]
    if levels and min(levels) != heading_level:
        shift = heading_level - min(levels)
        html = _HEADING_TAG.sub(lambda m: f"{m[1]}h{min(int(m[2]) + shift, 6)}", html)
    html, count = _MERMAID_BLOCK.subn(r'<pre class="mermaid">\1</pre>', html)
    return Rendered(Markup(html), count > 0)
