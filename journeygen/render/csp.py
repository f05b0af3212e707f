"""The Content-Security-Policy every built page carries (a `<meta http-equiv>` in its head).

A page runs only the site's own scripts and talks only to the site: no script, style, font,
frame or connection from elsewhere, so neither a Markdown slip nor a theme's mistake can make
a reader's browser contact a third party (SECURITY.md). Inline styles stay allowed: the
charts and Mermaid's diagrams use them, and a style cannot run script. Images from `data:`
are allowed (Mermaid draws some); images from other sites only with the project's
`markdown: {remote_images: true}`. The pinned Mermaid of `mermaid: cdn` is the one script
from elsewhere, and only with that setting.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

from journeygen.model.site import Site
from journeygen.render import vendor


def policy(site: Site) -> Markup:
    """The policy of the pages of `site`, as the meta tag's content (Markup: its quotes
    are written as they are; it holds no `"`, `<` or `&`)."""
    script = "'self'"
    if site.config.mermaid == "cdn":
        parts = urlsplit(vendor.cdn_script_url())
        script += f" {parts.scheme}://{parts.netloc}"
    images = "'self' data:" + (" https: http:" if site.config.remote_images else "")
    # default-src covers what is not named: fonts, connections (search, serve's reload),
    # media, manifests. Short: it is in every page (the weight budget of test_render).
    return Markup(
        f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; "
        f"img-src {images}; object-src 'none'; frame-src 'none'"
    )
