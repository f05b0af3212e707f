"""Share privately (issue 7): --audience client, noindex, listed: false, password_env.

The proof tests build a project whose private content holds known marker words, then read
every output file, text or binary, and its name, for those words: as written, HTML-escaped,
percent-encoded, as JSON escapes and in base64. Each marker test also builds the same
project for someone who may see it and finds the words there, so a test that finds nothing
is not a test that looked in the wrong place.
"""

from __future__ import annotations

import base64
import html
import json
import re
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
from conftest import MakeProject
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from journeygen.build import Project, build
from journeygen.cli import main
from journeygen.core.i18n import translator
from journeygen.model.json_schema import json_schemas
from journeygen.publish import protect
from journeygen.publish.write import MANIFEST
from journeygen.render.engine import render_site
from journeygen.render.social_image import social_card
from journeygen.render.theme import load_theme

PASSWORD_ENV = "JOURNEYGEN_TEST_PASSWORD"
PASSWORD = "correct horse battery staple"

# --- the audience project: an internal item of every kind, each with its own word -----------

INTERNAL = {
    "journey": "Quonzaria",
    "stage": "Zirkelfase",
    "stage_goal": "Vlamvogeldoel",
    "touchpoint": "Brombeertje",
    "touchpoint_owner": "Snorrepijp",
    "library_touchpoint": "Kabouterloket",
    "kpi": "Wolkenkrabber",
    "kpi_owner": "Pruttelpot",
    "pain": "Kattenkwaad",
    "pain_accented": "Möhrenkönig",
    "opportunity": "Zonnekoninkje",
    "action": "Klimopklus",
    "thought": "Gedachtespinsel",
    "persona": "Persefoonix",
    "persona_role": "Geheimhoudster",
    "page": "Flapdrolpagina",
    "ideal": "Droomscenarix",
}

AUDIENCE_FILES = {
    "journeygen.yml": """\
        title: Klantreizen Test
        language: nl
        base_url: https://example.test/reizen/
    """,
    "content/personas/geheim.md": f"""\
        ---
        name: {INTERNAL["persona"]} de Vries
        role: {INTERNAL["persona_role"]}
        visibility: internal
        ---
        Alleen voor het team.
    """,
    "content/touchpoints.yml": f"""\
        loket:
          name: {INTERNAL["library_touchpoint"]}
          channel: store
          visibility: internal
    """,
    "content/journeys/reis.md": f"""\
        ---
        title: Van zoekopdracht tot vaste klant
        personas: [eva, geheim]
        framework: aaarrr
        ideal: droom
        stages:
          - id: awareness
            emotion: {{eva: -1, geheim: 2}}
            volume: 1000
            actions:
              - Zoekt op Google
              - {{text: {INTERNAL["action"]} regelen, visibility: internal}}
            thoughts:
              - {{text: {INTERNAL["thought"]} overwegen, visibility: internal}}
            pains:
              - Te duur
              - {{text: {INTERNAL["pain"]} bij de inkoop, visibility: internal}}
              - {{text: "{INTERNAL["pain_accented"]} & co", visibility: internal}}
            opportunities:
              - {{text: {INTERNAL["opportunity"]} tonen, visibility: internal}}
            kpis:
              - {{name: Bezoekers, measure: GA4, target: 500, owner: marketing}}
              - name: {INTERNAL["kpi"]} ratio
                target: 10
                actual: 3
                owner: {INTERNAL["kpi_owner"]}
                visibility: internal
            touchpoints:
              - {{id: google-ads, name: Google Ads, channel: ads, owner: marketing,
                  next: [offerte, binnendienst, balie]}}
              - id: binnendienst
                name: {INTERNAL["touchpoint"]} belt
                owner: {INTERNAL["touchpoint_owner"]}
                channel: phone
                visibility: internal
              - ref: loket
                id: balie
          - id: acquisition
            name: {INTERNAL["stage"]}
            goal: {INTERNAL["stage_goal"]}
            visibility: internal
            volume: 400
            touchpoints:
              - {{id: intern-tp, name: Intern overleg, owner: sales}}
            kpis:
              - {{name: Interne score, target: 1}}
          - id: activation
            emotion: 1
            volume: 100
            touchpoints:
              - {{id: offerte, name: Offerteformulier, channel: website, owner: sales}}
        ---
        Het verhaal.
    """,
    "content/journeys/droom.md": f"""\
        ---
        title: {INTERNAL["ideal"]} zonder gedoe
        persona: eva
        state: ideal
        visibility: internal
        stages:
          - id: awareness
            name: Bewust
            touchpoints:
              - {{id: google-ads, name: Google Ads, channel: ads}}
              - {{id: nieuw, name: Nieuw kanaal, channel: chat}}
        ---
    """,
    "content/journeys/intern.md": f"""\
        ---
        title: {INTERNAL["journey"]} voor het team
        persona: eva
        visibility: internal
        stages:
          - id: start
            name: Start
            touchpoints:
              - {{id: mail, name: Mail, channel: email}}
        ---
    """,
    "content/pages/notities.md": f"""\
        ---
        title: {INTERNAL["page"]}
        visibility: internal
        ---
        Niet voor de klant.
    """,
    "content/data/kpis.csv": f"""\
        journey,stage,kpi,period,value
        reis,awareness,{INTERNAL["kpi"]} ratio,2026-01,2
        reis,awareness,{INTERNAL["kpi"]} ratio,2026-02,3
        reis,awareness,Bezoekers,2026-02,420
    """,
}


def encodings(word: str) -> set[bytes]:
    """`word` as it could stand in a file: plain, HTML-escaped, percent-encoded, JSON
    escapes, and base64 (at the three alignments, its middle part that does not depend
    on the bytes around it)."""
    forms = {word, html.escape(word), urllib.parse.quote(word), json.dumps(word)[1:-1]}
    forms |= {"".join(f"&#{ord(c)};" for c in word), word.encode().hex()}
    found = {form.encode("utf-8") for form in forms}
    raw = word.encode("utf-8")
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        found.add(encoded[4 if shift else 0 : -4])  # the part fixed by `word` alone
        found.add(base64.urlsafe_b64encode(b"\0" * shift + raw)[4 if shift else 0 : -4])
    return {form for form in found if len(form) >= 4}


# write's list of the files it made, to clean up the next build: not published (gh-deploy
# leaves it out, the starter workflow removes it before the upload), so not searched.
UNPUBLISHED = {MANIFEST}


def leaks(folder: Path, words: list[str]) -> list[str]:
    """Every place in `folder` (file contents, also binary ones, and file names) where one
    of `words` stands in any of its encodings, case-insensitively for the text forms."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name in UNPUBLISHED:
            continue
        data = path.read_bytes() if path.is_file() else b""
        text = html.unescape(urllib.parse.unquote(data.decode("utf-8", "replace"))).lower()
        for word in words:
            if word.lower() in name.lower():
                found.append(f"{name}: file name holds {word}")
            if word.lower() in text:
                found.append(f"{name}: {word}")
            for form in encodings(word):
                if form in data or form.lower() in data.lower():
                    found.append(f"{name}: {word} as {form!r}")
    return found


def build_into(root: Path, out: Path, **options: object) -> Path:
    result = build(Project.find(root), out=out, **options)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    return out


# --- audience ---------------------------------------------------------------------------------


def test_client_build_holds_no_internal_word(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(AUDIENCE_FILES)
    team = build_into(root, tmp_path / "team")
    client = build_into(root, tmp_path / "client", audience="client")
    words = list(INTERNAL.values())

    # The team sees every word (so the search below looks where the words would be) ...
    team_text = "\n".join(p.read_text("utf-8", "replace") for p in team.rglob("*") if p.is_file())
    assert [w for w in words if w not in team_text] == []
    # ... and the client none, in no file, name or encoding.
    assert leaks(client, words) == []


def test_client_build_keeps_the_public_content(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(AUDIENCE_FILES)
    client = build_into(root, tmp_path / "client", audience="client")
    page = (client / "journeys/reis/index.html").read_text("utf-8")
    for public in ("Google Ads", "Offerteformulier", "Te duur", "Bezoekers", "Eva de Vries"):
        assert public in page
    assert not (client / "journeys/intern").exists()
    assert not (client / "journeys/droom").exists()
    assert not (client / "personas/geheim").exists()
    assert not (client / "notities").exists()
    data = json.loads((client / "journeys/reis/journey.json").read_text("utf-8"))
    assert [s["id"] for s in data["stages"]] == ["awareness", "activation"]
    assert [s["position"] for s in data["stages"]] == [1, 2]
    assert data["ideal"] is None and data["personas"] == [
        {"id": "eva", "name": "Eva de Vries", "role": "Office manager"}
    ]
    google = data["stages"][0]["touchpoints"][0]
    assert google["next"] == ["offerte"]  # not the internal touchpoints
    assert data["stages"][0]["emotion"] == -1  # the internal persona's 2 is not in the mean
    assert data["stages"][0]["emotions"] == {"eva": -1}
    assert data["conversions"] == [
        {"from": "awareness", "to": "activation", "rate": 0.1, "is_bottleneck": True}
    ]
    assert [k["name"] for k in data["stages"][0]["kpis"]] == ["Bezoekers"]


def test_team_build_marks_internal_items(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(AUDIENCE_FILES)
    team = build_into(root, tmp_path / "team")
    page = (team / "journeys/reis/index.html").read_text("utf-8")
    # stage, two touchpoints, a KPI, pain x2, opportunity, action, thought
    assert page.count('class="jg-internal"') >= 9
    assert 'class="jg-internal"' in (team / "index.html").read_text("utf-8")  # cards
    assert 'class="jg-internal"' in (team / "notities/index.html").read_text("utf-8")


def test_client_link_preview_cards_hold_no_internal_word(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """og:images are pixels: the text drawn on them is checked before drawing."""
    root = make_project(AUDIENCE_FILES)
    result = build(Project.find(root), out=tmp_path / "client", audience="client")
    assert result.site is not None
    t = translator("nl")
    cards = repr([social_card(result.site, j, t) for j in result.site.journeys])
    assert [w for w in INTERNAL.values() if w in cards] == []
    team = build(Project.find(root), write=False)
    assert team.site is not None
    team_cards = repr([social_card(team.site, j, t) for j in team.site.journeys])
    assert INTERNAL["stage"] in team_cards


def test_cli_build_audience(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(AUDIENCE_FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--audience", "client"]) == 0
    assert leaks(root / "site", list(INTERNAL.values())) == []
    with pytest.raises(SystemExit):
        main(["build", "--audience", "everyone"])
    assert "invalid choice: 'everyone'" in capsys.readouterr().err


def test_changes_since_sees_the_earlier_version_as_the_client(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(AUDIENCE_FILES)
    earlier = tmp_path / "earlier"
    import shutil

    shutil.copytree(root, earlier)
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text("utf-8").replace("Te duur", "Veel te duur"), "utf-8")
    out = build_into(root, tmp_path / "client", audience="client", changes_since=str(earlier))
    assert (out / "changes/index.html").is_file()
    assert leaks(out, list(INTERNAL.values())) == []


# --- noindex and listed -----------------------------------------------------------------------


def test_noindex_asks_robots_to_stay_away(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {"journeygen.yml": "title: Test\nnoindex: true\nbase_url: https://example.test/x/\n"}
    )
    out = build_into(root, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text("utf-8")
    assert (out / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (out / "sitemap.xml").exists()


def test_without_noindex_robots_may_come(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"journeygen.yml": "title: Test\nbase_url: https://example.test/x/\n"})
    out = build_into(root, tmp_path / "site")
    assert "noindex" not in (out / "index.html").read_text("utf-8")
    assert "Allow: /" in (out / "robots.txt").read_text("utf-8")
    assert "journeys/reis/" in (out / "sitemap.xml").read_text("utf-8")


UNLISTED = """\
    ---
    title: Verborgen Tussenreis
    persona: eva
    listed: false
    stages:
      - id: start
        name: Start
        kpis:
          - {name: Omzet, target: 10, actual: 5}
        touchpoints:
          - {id: balie, name: Baliegesprek, channel: store}
    ---
"""


# The unlisted journey's title, or its id as a link, a file or a quoted value: not the word
# "later" of a sentence (the flow's lead says "a later stage").
LATER = r"Verborgen|journeys/later\b|later\.md|[\"']later[\"']"


def test_unlisted_journey_is_built_but_listed_nowhere(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(
        {
            "journeygen.yml": "title: Test\nbase_url: https://example.test/x/\n",
            "content/journeys/later.md": UNLISTED,
        }
    )
    out = build_into(root, tmp_path / "site")
    page = (out / "journeys/later/index.html").read_text("utf-8")
    assert "Verborgen Tussenreis" in page
    assert '<meta name="robots" content="noindex">' in page
    listed_elsewhere = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file()
        and p.name not in UNPUBLISHED
        and not p.relative_to(out).as_posix().startswith("journeys/later/")
        and re.search(LATER, p.read_text("utf-8", "replace"))
    ]
    assert listed_elsewhere == []
    assert '<meta name="robots"' not in (out / "journeys/reis/index.html").read_text("utf-8")


def test_no_inventory_link_when_only_unlisted_journeys_have_touchpoints(
    make_project: MakeProject, tmp_path: Path
) -> None:
    listed = build_into(make_project({}), tmp_path / "listed")
    assert 'href="touchpoints/index.html"' in (listed / "index.html").read_text("utf-8")
    root = make_project({"content/journeys/reis.md": UNLISTED})  # the only journey: unlisted
    out = build_into(root, tmp_path / "site")
    assert 'href="touchpoints/index.html"' not in (out / "index.html").read_text("utf-8")


# --- passwords --------------------------------------------------------------------------------

SECRET = {
    "title": "Geheimzinnigheidsplan",
    "stage": "Vertrouwelijkfase",
    "touchpoint": "Fluisterkanaal",
    "owner": "Achterkamertje",
    "kpi": "Zwijgplichtscore",
    "pain": "Onderonsje",
    "goal": "Binnenskamers",
    "diagram": "Stiekemstap",
}
PROTECTED = f"""\
    ---
    title: {SECRET["title"]}
    persona: eva
    password_env: {PASSWORD_ENV}
    goal: {SECRET["goal"]} blijven
    stages:
      - id: een
        name: {SECRET["stage"]}
        emotion: -1
        volume: 100
        pains: [{SECRET["pain"]}]
        kpis:
          - {{name: {SECRET["kpi"]}, target: 5, actual: 2, owner: {SECRET["owner"]}}}
        touchpoints:
          - {{id: fluister, name: {SECRET["touchpoint"]}, channel: phone, owner: {SECRET["owner"]}}}
      - id: twee
        name: Twee
        volume: 50
        touchpoints:
          - {{id: slot, name: Slot, channel: email}}
    ---
    ```mermaid
    flowchart LR
      A[{SECRET["diagram"]}] --> B
    ```
"""
PASSWORD_FILES = {
    "journeygen.yml": "title: Klantreizen\nbase_url: https://example.test/x/\n",
    "content/journeys/besloten.md": PROTECTED,
    # a second protected journey with the same password: distinct salts and nonces
    "content/journeys/besloten-twee.md": PROTECTED.replace("besloten", "twee"),
    # a public current journey whose ideal is protected: no comparison may show it
    "content/journeys/reis.md": "---\ntitle: Reis\npersona: eva\nideal: besloten\n"
    "stages:\n  - {id: een, name: Een, touchpoints: [{id: fluister, name: Fluister}]}\n---\n",
}


def protected_build(root: Path, out: Path, password: str = PASSWORD) -> Path:
    return build_into(root, out, environ={PASSWORD_ENV: password})


def payload(page: Path) -> dict[str, object]:
    found = re.search(
        r'<script type="application/json" id="jg-locked">(.*?)</script>', page.read_text("utf-8")
    )
    assert found, f"{page} is not a locked page"
    return json.loads(found[1])


def decrypt(data: dict[str, object], password: str) -> bytes:
    """Decrypt a locked page with `cryptography` alone (not protect.py's own code)."""

    def raw(key: str) -> bytes:
        return base64.b64decode(str(data[key]))

    kdf = PBKDF2HMAC(hashes.SHA256(), 32, raw("salt"), int(str(data["iter"])))
    wrapping = kdf.derive(password.encode("utf-8"))
    secret = AESGCM(wrapping).decrypt(raw("wiv"), raw("wct"), None)
    return AESGCM(secret).decrypt(raw("iv"), raw("ct"), None)


def test_protected_journey_words_are_in_no_output(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(PASSWORD_FILES)
    out = protected_build(root, tmp_path / "site")
    assert leaks(out, list(SECRET.values())) == []
    # the same project without a password shows them: the search looks in the right place
    open_files = {
        path: re.sub(r"(?m)^ *password_env: .*\n", "", text)
        for path, text in PASSWORD_FILES.items()
    }
    public = make_project(open_files)
    assert leaks(build_into(public, tmp_path / "public"), [SECRET["title"]]) != []


def test_protected_journey_leaves_out_what_derives_from_it(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(PASSWORD_FILES)
    out = protected_build(root, tmp_path / "site")
    assert sorted(p.name for p in (out / "journeys/besloten").iterdir()) == ["index.html"]
    assert [p.name for p in (out / "journeys/reis").iterdir() if p.suffix == ".png"]  # og kept
    overview = (out / "index.html").read_text("utf-8")
    assert "jg-jcard--locked" in overview and "Beveiligde klantreis" not in overview  # en
    assert "Protected journey" in overview
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "besloten" not in sitemap and "journeys/reis/" in sitemap
    assert "besloten" not in (out / "assets/search-index.js").read_text("utf-8")
    reis = (out / "journeys/reis/index.html").read_text("utf-8")
    assert "journeys/besloten" not in reis  # no link to, nor comparison with, its ideal
    locked = (out / "journeys/besloten/index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in locked
    assert "og:" not in locked and 'name="description"' not in locked


def test_a_warning_does_not_unlock_the_protected_pages(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """A warning of the render (a project asset that replaces the theme's) must not skip
    the protection: the build wrote the protected journey as a plain page (issue 18)."""
    root = make_project({**PASSWORD_FILES, "content/assets/journeygen.css": "body {}\n"})
    result = build(Project.find(root), out=tmp_path / "site", environ={PASSWORD_ENV: PASSWORD})
    assert not result.errors and result.warnings
    assert leaks(tmp_path / "site", list(SECRET.values())) == []
    payload(tmp_path / "site" / "journeys/besloten/index.html")
    assert (tmp_path / "site" / "journeys/reis/index.html").is_file()


def test_locked_page_decrypts_to_the_rendered_page(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(PASSWORD_FILES)
    out = protected_build(root, tmp_path / "site")
    data = payload(out / "journeys/besloten/index.html")
    assert data["kdf"] == "PBKDF2-SHA256"
    assert isinstance(data["iter"], int) and data["iter"] >= 600_000
    page = decrypt(data, PASSWORD)
    # the page as render makes it from the whole site
    result = build(Project.find(root), write=False, environ={PASSWORD_ENV: PASSWORD})
    assert result.site is not None
    theme, _ = load_theme(root, "default")
    assert theme is not None
    rendered, _ = render_site(result.site, theme, content_dir=root / "content")
    original = next(o for o in rendered if o.path == "journeys/besloten/index.html")
    assert page == original.read()
    text = page.decode("utf-8")
    assert SECRET["touchpoint"] in text and 'class="jg-map"' in text
    assert SECRET["diagram"] in text  # the Mermaid source lives inside the encrypted page
    assert "jg-downloads" not in text and "og:image" not in text
    with pytest.raises(InvalidTag):
        decrypt(data, "wrong password")


def test_every_page_has_its_own_salt_and_nonces(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {**PASSWORD_FILES, "journeygen.yml": f"title: Klantreizen\npassword_env: {PASSWORD_ENV}\n"}
    )
    out = protected_build(root, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 6
    payloads = [payload(page) for page in pages]
    for field in ("salt", "wiv", "iv", "wct", "ct"):
        values = [p[field] for p in payloads]
        assert len(set(values)) == len(values), field
    assert {p["kid"] for p in payloads} == {payloads[0]["kid"]}  # one password, one key id
    again = protected_build(root, tmp_path / "again")
    assert payload(again / "index.html")["salt"] != payload(out / "index.html")["salt"]


def test_site_password_locks_every_page(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "journeygen.yml": f"title: Klantreizen\npassword_env: {PASSWORD_ENV}\n"
            "base_url: https://example.test/x/\n",
            "content/personas/eva.md": f"---\nname: {SECRET['owner']} Eva\nrole: Baas\n---\n",
            "content/pages/over.md": f"---\ntitle: Over {SECRET['goal']}\n---\nTekst\n",
        }
    )
    out = protected_build(root, tmp_path / "site")
    for page in out.rglob("*.html"):
        payload(page)  # every page is locked
        text = page.read_text("utf-8")
        assert "Klantreizen" not in text  # not even the site's title
    assert not (out / "sitemap.xml").exists()
    assert not list(out.rglob("*.json")) and not list(out.rglob("*.png"))
    assert leaks(out, [SECRET["owner"], SECRET["goal"], "Offerteformulier", "zoekopdracht"]) == []
    unlocked = decrypt(payload(out / "index.html"), PASSWORD).decode("utf-8")
    assert "Van zoekopdracht tot vaste klant" in unlocked
    assert "data-search" not in unlocked  # no search: its index holds nothing


def test_journey_password_wins_over_the_site_password(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(
        {
            "journeygen.yml": "title: Klantreizen\npassword_env: SITE_PASSWORD\n",
            "content/journeys/besloten.md": PROTECTED,
        }
    )
    out = build_into(
        root, tmp_path / "site", environ={"SITE_PASSWORD": "site", PASSWORD_ENV: PASSWORD}
    )
    decrypt(payload(out / "journeys/besloten/index.html"), PASSWORD)
    with pytest.raises(InvalidTag):
        decrypt(payload(out / "journeys/besloten/index.html"), "site")
    decrypt(payload(out / "journeys/reis/index.html"), "site")


def test_password_is_normalised_like_the_browser_does() -> None:
    key = protect.ContentKey.new("café")  # é as one code point
    data = protect.encrypt_page(b"<p>x</p>", key)
    assert protect.decrypt_page(data, "cafe\u0301") == b"<p>x</p>"  # e + combining accent


@pytest.mark.parametrize("value", [None, ""])
def test_missing_password_fails_and_changes_nothing(
    make_project: MakeProject, tmp_path: Path, value: str | None
) -> None:
    root = make_project(PASSWORD_FILES)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the previous build</p>\n", "utf-8")
    environ = {} if value is None else {PASSWORD_ENV: value}
    result = build(Project.find(root), environ=environ)
    state = "is not set" if value is None else "is empty"
    assert [d.message for d in result.errors] == [
        f"password_env names '{PASSWORD_ENV}', which {state}: the protected pages cannot be "
        "encrypted"
    ] * 2
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "<p>the previous build</p>\n"


def test_password_in_a_file_is_refused_without_showing_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {"journeygen.yml": "title: T\npassword: Zomer2026!\npassword_env: 'Zomer 2026!'\n"}
    )
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "a password must not be written in a file" in err
    assert "must be the name of an environment variable" in err
    assert "Zomer" not in err


def test_builds_without_a_password_stay_identical(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(AUDIENCE_FILES)
    for audience in ("team", "client"):
        one = build_into(root, tmp_path / f"{audience}-1", audience=audience)
        two = build_into(root, tmp_path / f"{audience}-2", audience=audience)
        files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
        for rel in files:
            assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_json_schema_knows_the_new_keys() -> None:
    schemas = json_schemas()
    journey = {
        "title": "T",
        "visibility": "internal",
        "listed": False,
        "password_env": "KLANT_WACHTWOORD",
        "stages": [
            {
                "id": "a",
                "visibility": "internal",
                "pains": [{"text": "x", "visibility": "internal"}],
                "kpis": [{"name": "k", "visibility": "internal"}],
                "touchpoints": [{"name": "t", "visibility": "public"}],
            }
        ],
    }
    jsonschema.validate(journey, schemas["journey"])
    jsonschema.validate({"noindex": True, "password_env": "SITE_PW"}, schemas["config"])
    jsonschema.validate({"name": "Eva", "visibility": "internal"}, schemas["persona"])
    jsonschema.validate({"title": "P", "visibility": "internal"}, schemas["page"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**journey, "visibility": "secret"}, schemas["journey"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"password": "x"}, schemas["config"])


def test_client_build_leaves_out_an_internal_personas_photo(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Issue 16, case 7: the photo of an internal persona was still in assets/."""
    persona = "---\nname: Geheim\nphoto: {photo}\nvisibility: internal\n---\n"
    root = make_project(
        {
            "content/personas/geheim.md": persona.format(photo="geheim.png"),
            "content/personas/ook.md": persona.format(photo="gedeeld.png"),
            "content/personas/eva.md": "---\nname: Eva\nphoto: gedeeld.png\n---\n",
            "content/assets/geheim.png": "not really a png",
            "content/assets/gedeeld.png": "shared",
            "content/assets/logo.png": "used in a page, perhaps",
        }
    )
    team = build_into(root, tmp_path / "team")
    client = build_into(root, tmp_path / "client", audience="client")
    assert (team / "assets/geheim.png").is_file()
    assert not (client / "assets/geheim.png").exists()
    assert "geheim.png" not in (client / MANIFEST).read_text("utf-8")
    assert (client / "assets/gedeeld.png").is_file()  # Eva shows it too
    assert (client / "assets/logo.png").is_file()
