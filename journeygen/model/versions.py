"""The published versions of a site (`versions:` in journeygen.yml): what the version
menu and the banner of an old version's pages show. Made by `publish.versions`."""

from __future__ import annotations

from dataclasses import dataclass, field

VERSIONS_FOLDER = "versions"


@dataclass(frozen=True, slots=True)
class Version:
    """A tagged version: its tag, the day it was tagged (YYYY-MM-DD), its commit."""

    tag: str
    date: str
    commit: str

    @property
    def path(self) -> str:
        """Its folder in the site, from the site's root (ends with "/")."""
        return f"{VERSIONS_FOLDER}/{self.tag}/"


@dataclass(frozen=True, slots=True)
class VersionMenu:
    """What every page of a site with versions shows: the menu (the current site first,
    then `versions`, newest first) and, on an old version's pages, which one it is.

    `this` is None for the current site. `current_pages`: the pages of the current site
    (site paths), for an old page's link to the same page now (else to the overview).
    `changes`: the tags with a "what changed since" page."""

    versions: tuple[Version, ...] = ()
    this: Version | None = None
    current_pages: frozenset[str] = field(default_factory=frozenset)
    changes: frozenset[str] = field(default_factory=frozenset)

    @property
    def root(self) -> str:
        """From this version's root to the site's root."""
        return "" if self.this is None else "../../"

    def current_page(self, page_path: str) -> str:
        """The site path of `page_path` in the current site, or of the overview."""
        return page_path if page_path in self.current_pages else "index.html"
