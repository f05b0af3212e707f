"""The built example works wherever it is put: no broken link or anchor.

The example project is built and served on loopback the way GitHub Pages serves it (a
project site under `/klantreizen/`, a site at a domain root, the site's 404.html for a
missing page), then crawled: every href and src of every page, every stylesheet url(),
canonical, og:url and the sitemap's URLs must answer 200, and every `#anchor` must exist
on its target page. The same crawl runs on the files on disk (`file://`), as a client
opens a zip of the site. Absolute links to the site's own base_url are checked against the
local copy; links to other hosts are listed, never fetched.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from journeygen.build import Project, build

REPO = Path(__file__).resolve().parent.parent
LINK_ATTRS = {"href", "src", "poster", "action", "data"}
URL_META = {"og:url", "og:image", "twitter:image"}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


class Links(HTMLParser):
    """Links, ids and <base href> of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "base" and "href" in a:
            self.base = a["href"]
            return
        self.links += [a[k] for k in LINK_ATTRS & a.keys()]
        if tag == "meta" and a.get("property", a.get("name")) in URL_META and "content" in a:
            self.links.append(a["content"])


@dataclass
class Crawl:
    pages: dict[str, Links] = field(default_factory=dict)  # HTML pages by URL
    statuses: dict[str, int] = field(default_factory=dict)  # every URL fetched
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # page, link, status
    anchors: list[tuple[str, str]] = field(default_factory=list)  # page, link
    rooted: list[tuple[str, str]] = field(default_factory=list)  # page, "/..." link
    external: set[str] = field(default_factory=set)


Fetch = Callable[[str], tuple[int, bytes]]


def crawl(starts: list[str], fetch: Fetch, local: Callable[[str], str | None]) -> Crawl:
    """Follow every link from `starts`; `local` maps a URL into the copy (None: external)."""
    result = Crawl()
    pending: list[str] = []
    wanted: list[tuple[str, str, str]] = []  # (page, link as written, local URL with #)

    def get(url: str) -> None:
        if url in result.statuses:
            return
        status, body = fetch(url)
        result.statuses[url] = status
        if status == 200 and _is_html(url, body):
            result.pages[url] = Links(body.decode("utf-8"))
            pending.append(url)
        elif status == 200 and urlsplit(url).path.endswith(".css"):
            found = re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8"))
            wanted.extend((url, link, urljoin(url, link)) for link in found)

    for start in starts:
        get(start)
    while pending:
        page = pending.pop()
        parsed = result.pages[page]
        base = urljoin(page, parsed.base) if parsed.base else page
        for link in parsed.links:
            if link.startswith(SKIP_SCHEMES) or not link:
                continue
            if link.startswith("/") and not link.startswith("//"):
                result.rooted.append((page, link))
            wanted.append((page, link, urljoin(base, link)))
        while wanted:
            source, link, target = wanted.pop()
            if link.startswith(SKIP_SCHEMES):
                continue
            mapped = local(target)
            if mapped is None:
                result.external.add(target)
                continue
            address, anchor = urldefrag(mapped)
            get(address)
            status = result.statuses[address]
            if status != 200:
                result.broken.append((source, link, status))
            elif anchor and address in result.pages and anchor not in result.pages[address].ids:
                result.anchors.append((source, link))
    return result


def _is_html(url: str, body: bytes) -> bool:
    path = urlsplit(url).path
    return path.endswith((".html", "/")) or body.lstrip()[:15].lower() == b"<!doctype html>"


# --- the site, built and served --------------------------------------------------------------


@functools.cache
def built(tmp: Path, base_url: str | None) -> Path:
    out = tmp / ("site-" + (re.sub(r"\W+", "-", base_url) if base_url else "relative"))
    result = build(Project.find(REPO), out=out, base_url=base_url)
    assert not result.errors, result.errors
    return out


class PagesHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages: files as they are, the site's 404.html for anything missing."""

    not_found: Path

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):  # type: ignore[no-untyped-def]
        if code != 404 or not self.not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path, str], str]]:
    """serve(site, mount) -> the site's address on loopback, e.g. http://127.0.0.1:p/reis/."""
    servers: list[ThreadingHTTPServer] = []

    def start(site: Path, mount: str) -> str:
        www = tmp_path / f"www-{len(servers)}"
        folder = www / mount.strip("/") if mount.strip("/") else www
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(site, target_is_directory=True)
        handler = type("Handler", (PagesHandler,), {"not_found": site / "404.html"})
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(www))
        )
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}{mount}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def http_fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def mapper(root: str, base_url: str | None) -> Callable[[str], str | None]:
    """Links under `root` stay; under base_url they move to `root`; others are external."""

    def local(url: str) -> str | None:
        if url.startswith(root):
            return url
        if base_url and url.startswith(base_url):
            return root + url[len(base_url) :]
        return None

    return local


def assert_clean(result: Crawl, minimum_pages: int) -> None:
    assert result.broken == []
    assert result.anchors == []
    assert result.rooted == []  # a link starting with / breaks under a sub-path and on disk
    assert len(result.pages) >= minimum_pages
    assert {u for u in result.external if "127.0.0.1" in u or u.startswith("file:")} == set()


def example_pages(site: Path) -> int:
    return len([p for p in site.rglob("*.html")])


# --- the tests -------------------------------------------------------------------------------


def test_the_crawl_finds_broken_links_anchors_and_rooted_links(
    tmp_path: Path, serve: Callable[[Path, str], str]
) -> None:
    """The crawler itself: what it must catch, on a two-page site."""
    site = tmp_path / "tiny"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><link rel="stylesheet" href="s.css"><h1 id="top">Hi</h1>'
        '<a href="a/index.html#here">ok</a><a href="a/index.html#gone">anchor</a>'
        '<a href="missing.html">broken</a><a href="/a/index.html">rooted</a>'
        '<a href="#top">self</a><a href="https://example.org/">external</a>',
        "utf-8",
    )
    (site / "s.css").write_text("body { background: url(bg.png) }", "utf-8")
    (site / "a" / "index.html").write_text('<!doctype html><p id="here">', "utf-8")
    root = serve(site, "/sub/")
    result = crawl([root], http_fetch, mapper(root, None))
    assert sorted(link for _, link, _ in result.broken) == ["bg.png", "missing.html"]
    assert [link for _, link in result.anchors] == ["a/index.html#gone"]
    assert [link for _, link in result.rooted] == ["/a/index.html"]  # outside /sub/
    host = root.removesuffix("/sub/")
    assert result.external == {"https://example.org/", host + "/a/index.html"}


GITHUB = "https://glans.github.io/klantreizen/"


@pytest.mark.parametrize(
    ("mount", "base_url"),
    [
        ("/klantreizen/", GITHUB),  # a project site: https://user.github.io/repo/
        ("/klantreizen/", None),
        ("/", "https://klantreizen.glans.nl/"),  # a custom domain: the site at the root
        ("/", None),
    ],
)
def test_every_link_and_anchor_resolves(
    tmp_path_factory: pytest.TempPathFactory,
    serve: Callable[[Path, str], str],
    mount: str,
    base_url: str | None,
) -> None:
    site = built(tmp_path_factory.getbasetemp(), base_url)
    root = serve(site, mount)
    starts = [root, root + "index.html", root + "404.html"]
    if base_url:  # the sitemap and robots.txt point at every page, by absolute URL
        robots = http_fetch(root + "robots.txt")[1].decode()
        assert f"Sitemap: {base_url}sitemap.xml" in robots
        sitemap = http_fetch(root + "sitemap.xml")[1]
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locs = [loc.text or "" for loc in ET.fromstring(sitemap).findall("s:url/s:loc", ns)]
        assert locs and all(loc.startswith(base_url) for loc in locs)
        starts += [root + loc[len(base_url) :] for loc in locs]
    result = crawl(starts, http_fetch, mapper(root, base_url))
    assert_clean(result, example_pages(site))
    assert all(status == 200 for url, status in result.statuses.items() if url in result.pages)
    every_page = {
        root + p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"
    }
    assert every_page <= set(result.pages)  # nothing is reachable only by typing its address


def test_a_missing_page_shows_the_404_page_and_its_links_work(
    tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path, str], str]
) -> None:
    """GitHub Pages answers a missing address deep in the site with 404.html; with base_url
    its links go through <base href> and still resolve."""
    site = built(tmp_path_factory.getbasetemp(), GITHUB)
    root = serve(site, "/klantreizen/")
    missing = root + "journeys/weg/index.html"
    status, body = http_fetch(missing)
    assert status == 404 and b'<base href="https://glans.github.io/klantreizen/">' in body
    page = Links(body.decode())
    assert page.base == GITHUB
    local = mapper(root, GITHUB)
    targets = {local(urljoin(page.base, link)) for link in page.links if not link.startswith("#")}
    assert None not in targets
    assert all(http_fetch(urldefrag(str(t))[0])[0] == 200 for t in targets)


def test_the_site_works_opened_from_disk(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every link points at a file (`x/index.html`, not `x/`), so a browser opens it from disk."""
    site = built(tmp_path_factory.getbasetemp(), GITHUB)
    root = site.as_uri() + "/"

    def disk_fetch(url: str) -> tuple[int, bytes]:
        path = Path(unquote(urlsplit(url).path))
        return (200, path.read_bytes()) if path.is_file() else (404, b"")

    local = mapper(root, GITHUB)

    def on_disk(url: str) -> str | None:
        # canonical, og:url and the sitemap name folders (`.../journeys/x/`): a host's
        # address, not a link a reader follows on disk; everything else must be a file
        mapped = local(url)
        if mapped is not None and url.startswith(GITHUB):
            mapped = re.sub(r"/(#|$)", r"/index.html\1", mapped)
        return mapped

    result = crawl([root + "index.html"], disk_fetch, on_disk)
    assert_clean(result, example_pages(site) - 1)  # 404.html is for hosts, not linked
