"""Password protection: pages encrypted at build time, unlocked in the reader's browser.

A post-render step (docs/privacy.md). When the site or a journey has `password_env`,
`build` renders the site twice: once as written, from which the protected pages are taken
and encrypted, and once as `public_site`, in which each protected journey is a stand-in
that holds its id and nothing else. Every other output (overview, persona pages, search
index, sitemap, exports, link-preview images, the changes pages, and any page builder a
theme adds) comes from the public render, so it cannot show what a protected journey holds:
it never saw it. `lock_site` puts the two together.

Encryption, per password (the site's, or a journey's): a random 256-bit content key; each
page is encrypted with it (AES-256-GCM, a fresh nonce), and the content key is wrapped for
each page with a key derived from the password (PBKDF2-HMAC-SHA256, `ITERATIONS`, a fresh
salt per page; AES-256-GCM, a fresh nonce). The browser (unlock.js, WebCrypto) derives the
page's key, unwraps the content key and decrypts the page. "Remember" keeps the content key
(never the password) in sessionStorage, under a random id: the other pages with the same
password then open without asking, until the tab is closed or the site is built again.
A build with passwords differs every time (fresh keys, salts and nonces), by design.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from markupsafe import Markup

from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import Diagnostic
from journeygen.core.i18n import translator
from journeygen.core.reuse import Step
from journeygen.model.site import Journey, Site
from journeygen.render import csp
from journeygen.render.assets import asset_version
from journeygen.render.outputs import Bytes, CopiedFile, Output
from journeygen.render.paths import Paths
from journeygen.render.renderer import relative_url
from journeygen.render.theme import Theme, template_sources

ITERATIONS = 600_000  # PBKDF2-HMAC-SHA256; OWASP's 2023 advice for this hash
SALT_BYTES, NONCE_BYTES, KEY_BYTES = 16, 12, 32
FORMAT = 1  # of the payload; unlock.js checks it
UNLOCK_SCRIPT = "assets/unlock.js"
TEMPLATE = "locked.html"


def protects(site: Site) -> bool:
    """Whether anything in the site has a password."""
    return bool(site.config.password_env or any(j.password_env for j in site.journeys))


def _password_of(site: Site, journey: Journey) -> str | None:
    """A journey's own password wins over the site's."""
    return journey.password_env or site.config.password_env


def public_site(site: Site) -> Site:
    """The site with each protected journey as a stand-in (its id, `listed`, and the name of
    its password variable): what every page but the protected ones is made from. A public
    journey loses its link to and comparison with a protected counterpart. With a password
    on the site, every page is protected: no persona or page is left."""
    protected = {j.id for j in site.journeys if _password_of(site, j)}
    journeys = []
    for journey in site.journeys:
        if journey.id in protected:
            journeys.append(
                Journey(
                    id=journey.id,
                    title="",
                    stages=(),
                    listed=journey.listed,
                    password_env=_password_of(site, journey),
                    locked=True,
                )
            )
            continue
        if {journey.ideal, journey.current} & protected:
            journey = dataclasses.replace(
                journey,
                ideal=None if journey.ideal in protected else journey.ideal,
                current=None if journey.current in protected else journey.current,
                comparison=None,
            )
        journeys.append(journey)
    changes = site.changes
    if changes is not None:
        kept = tuple(c for c in changes.journeys if c.id not in protected)
        changes = dataclasses.replace(changes, journeys=kept)
    whole = site.config.password_env is not None
    return dataclasses.replace(
        site,
        journeys=tuple(journeys),
        personas=() if whole else site.personas,
        pages=() if whole else site.pages,
        changes=None if whole else changes,
    )


def locked_paths(site: Site) -> frozenset[str] | None:
    """The pages that may be locked: what the render of the whole site must make (the
    public render makes the rest); None with a password on the site (every page)."""
    if site.config.password_env:
        return None
    return frozenset(
        path
        for journey in site.journeys
        if journey.password_env
        for path in (Paths.journey(journey.id), Paths.journey_changes(journey.id))
    )


def protected_pages(site: Site, paths: frozenset[str]) -> dict[str, str]:
    """Site path of each protected page (of those in `paths`) -> its password variable."""
    found: dict[str, str] = {}
    if site.config.password_env:
        found.update((p, site.config.password_env) for p in paths if p.endswith(".html"))
    for journey in site.journeys:
        if journey.password_env:
            for path in (Paths.journey(journey.id), Paths.journey_changes(journey.id)):
                if path in paths:
                    found[path] = journey.password_env
    return found


@dataclass(frozen=True)
class ContentKey:
    """The key every page with one password is encrypted with; `id` names it in storage."""

    id: str
    secret: bytes
    password: str

    @classmethod
    def new(cls, password: str) -> ContentKey:
        # cryptography is imported by the functions that encrypt: only a site with a
        # password pays its import (~60 ms of every build before)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return cls(os.urandom(8).hex(), AESGCM.generate_key(bit_length=256), password)


def password_key(password: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """The key a password gives with `salt` (NFC first: the browser does the same)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(hashes.SHA256(), KEY_BYTES, salt, iterations)
    return kdf.derive(unicodedata.normalize("NFC", password).encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encrypt_page(html: bytes, key: ContentKey) -> dict[str, object]:
    """The payload of one locked page: its own salt and nonces, the wrapped content key and
    the page (see the module docstring)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(SALT_BYTES)
    wrap_nonce, nonce = os.urandom(NONCE_BYTES), os.urandom(NONCE_BYTES)
    wrapped = AESGCM(password_key(key.password, salt)).encrypt(wrap_nonce, key.secret, None)
    return {
        "v": FORMAT,
        "kid": key.id,
        "kdf": "PBKDF2-SHA256",
        "iter": ITERATIONS,
        "salt": _b64(salt),
        "wiv": _b64(wrap_nonce),
        "wct": _b64(wrapped),
        "iv": _b64(nonce),
        "ct": _b64(AESGCM(key.secret).encrypt(nonce, html, None)),
    }


def decrypt_page(payload: Mapping[str, object], password: str) -> bytes:
    """The page a payload holds (for tests and tools; the browser does this in unlock.js).
    A wrong password raises `cryptography.exceptions.InvalidTag`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def raw(name: str) -> bytes:
        return base64.b64decode(str(payload[name]))

    iterations = payload["iter"]
    assert isinstance(iterations, int)
    wrapping = password_key(password, raw("salt"), iterations)
    secret = AESGCM(wrapping).decrypt(raw("wiv"), raw("wct"), None)
    return AESGCM(secret).decrypt(raw("iv"), raw("ct"), None)


def render_protected(
    render: Callable[..., tuple[list[Output], list[Diagnostic]]],
    site: Site,
    theme: Theme,
    *,
    memo: Memo,
    only: Collection[str] | None,
    scratch: Path | None,
    environ: Mapping[str, str],
) -> tuple[list[Output], list[Diagnostic]]:
    """The outputs of a site with passwords, and the problems found: `render` (the build's
    `render_site`, with the build's memo, `only` and scratch folder) makes the protected pages
    from the whole site and everything else from `public_site`; `lock_site` puts them
    together."""
    locked = locked_paths(site)
    if only is not None:
        locked = frozenset(only) if locked is None else locked & frozenset(only)
    full, problems = render(
        site,
        memo=memo.scoped("protected"),
        only=locked,
        files=False,
        scratch=scratch and scratch / "site",
    )
    # A warning (an asset that replaces the theme's) is the public render's too, reported
    # once; only an error stops the build here.
    if any(problem.is_error for problem in problems):
        return [], problems
    public, problems = render(
        public_site(site), memo=memo, only=only, scratch=scratch and scratch / "public"
    )
    return lock_site(site, theme, full, public, environ, memo), problems


def lock_site(
    site: Site,
    theme: Theme,
    full: list[Output],
    public: list[Output],
    environ: Mapping[str, str],
    memo: Memo = NO_MEMO,
) -> list[Output]:
    """The outputs of a site with passwords: the public render, the protected pages of the
    full render as locked pages, and the assets only the full render has (Mermaid).

    With serve's memo (in memory only, never on disk: it holds the content keys), a page
    whose bytes, password and surroundings are those of the last build keeps its locked
    page, and every page of one password keeps the content key: a rebuild locks only the
    pages that changed (each lock derives a key from the password: ~0.3 s)."""
    if not memo.in_memory:
        memo = NO_MEMO
    made = {o.path: o for o in full}
    result = {o.path: o for o in public}
    locked = protected_pages(site, frozenset(made))
    if site.config.password_env:  # every page is locked: none of the public render's is kept
        result = {path: o for path, o in result.items() if not path.endswith(".html")}
    for path, output in made.items():
        if path.startswith("assets/") and path not in result:
            result[path] = output
    result[UNLOCK_SCRIPT] = CopiedFile(UNLOCK_SCRIPT, Path(__file__).with_name("unlock.js"))
    keys: dict[str, ContentKey] = {}
    template = theme.environment.get_template(TEMPLATE)
    versions = {
        name: asset_version(result[name])
        for name in ("assets/journeygen.css", UNLOCK_SCRIPT)
        if name in result
    }
    t = translator(site.config.language)
    stamp = template_sources(theme) if memo is not NO_MEMO else ()
    for path, name in sorted(locked.items()):
        password = environ.get(name)
        if not password:  # validate reported it; a build never gets here without one
            raise RuntimeError(f"password_env {name} is not set: refusing to publish {path}")
        if name not in keys:
            keys[name] = memo.recall(
                Step.CONTENT_KEY, name, password, partial(ContentKey.new, password)
            )
        page = made[path].read()
        inputs = (page, keys[name], stamp, tuple(sorted(versions.items())), site.config)
        found, locked_page = memo.lookup(Step.LOCKED, path, inputs)
        if found:
            result[path] = locked_page
            continue
        payload = json.dumps(encrypt_page(page, keys[name]), separators=(",", ":"))

        def link(target: str, page: str = path) -> str:
            version = versions.get(target)
            return relative_url(page, target) + (f"?v={version}" if version else "")

        html = template.render(
            lang=site.config.language,
            t=t,
            config=site.config,
            whole_site=site.config.password_env is not None,
            page_path=path,
            home=None if site.config.password_env else link(Paths.index),
            base=site.config.base_url if path == Paths.not_found else None,
            stylesheet=link("assets/journeygen.css"),
            favicon=link("assets/favicon.svg"),
            script=link(UNLOCK_SCRIPT),
            payload=Markup(payload),  # base64, digits and JSON punctuation only
            csp=csp.policy(site),
        )
        result[path] = Bytes(path, html.encode("utf-8"))
        memo.store(Step.LOCKED, path, inputs, result[path])
    return [result[path] for path in sorted(result)]
