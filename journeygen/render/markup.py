"""Markdown to HTML: Python-Markdown with tables, fenced code, attributes and heading ids.

One converter is made on first use and reused (`reset()` between documents). Fenced
```` ```mermaid ```` blocks become `<pre class="mermaid">` (the source HTML-escaped), which
the browser draws as a diagram and which stays readable without JavaScript.

Markdown comes from untrusted text (interviews, exports), so the HTML is sanitised with an
allowlist (nh3, the Rust ammonia library): what Markdown makes, and a few harmless tags a
writer may type as raw HTML, are kept; scripts, styles, iframes, forms, event handlers
(`onerror=`), `style=` and links or images with any scheme but http, https and mailto are
dropped. A project that trusts all its writers may opt out with `markdown: {raw_html: true}`
in journeygen.yml (SECURITY.md says what that risks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown
import nh3
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

# What Python-Markdown and its extensions make, and harmless tags typed as raw HTML.
ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del"),
        *("details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3"),
        *("h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre"),
        *("q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "tr", "u", "ul"),
    }
)
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},  # ids: headings (toc), footnotes
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},  # style: text-align only (tables)
    "th": {"style", "colspan", "rowspan", "scope"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # and relative links (no scheme)
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9:._-]*$")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """Ids and classes must not clobber the theme's: no `jg-` names (its scripts look them
    up), no ids with capitals (`window.JOURNEYGEN_SEARCH`) or named `mermaid`."""
    if name == "id":
        return (
            value
            if _SAFE_ID.match(value) and value != "mermaid" and not value.startswith("jg-")
            else None
        )
    if name == "class":
        kept = [c for c in value.split() if not c.startswith("jg-")]
        return " ".join(kept) or None
    return value


_sanitizer = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "textarea", "title", "noscript", "template"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """`html` with only the allowlisted tags, attributes and URL schemes."""
    return _sanitizer.clean(html)


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


def render_markdown(text: str, *, heading_level: int = 2, raw_html: bool = False) -> Rendered:
    """Convert `text`; its highest heading becomes `<h{heading_level}>`, the rest follow.

    Whether a writer starts at `#` or at `##`, the page's headings stay in order. The HTML
    is sanitised unless `raw_html` (the project's `markdown: {raw_html: true}`).
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
    if not raw_html:
        html = sanitize_html(html)
    return Rendered(Markup(html), count > 0)
