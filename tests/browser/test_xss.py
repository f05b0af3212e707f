"""XSS payloads in every field, in CSV data, in Markdown, Mermaid and asset file names:
the built site, opened in Chromium, runs none of them.

The payloads are in tests/fixtures/xss/ (`payloads.txt`: one line each, put into every
text field of a project; `markdown.md`: raw HTML, links, attribute lists and Mermaid
blocks, as the body of every page). Each payload tries to set `window.__xss`, to open a
dialog, or to make a request to xss.invalid. On every page of the site:

- `window.__xss` stays undefined and no dialog opens (`page.on("dialog")`);
- no request leaves: everything that is not file:// is recorded and aborted;
- the DOM holds no event-handler attribute, no `javascript:` link, no iframe, object,
  embed, base, meta refresh or form, and only the theme's own scripts;
- the text of a payload is shown as text (escaped, not dropped).

Needs /usr/bin/chromium (skipped without it, unless JOURNEYGEN_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_pages import SHOW_A_DIAGRAM, _unavailable, browser, wait_for

from journeygen.build import Project, build
from journeygen.render import vendor

__all__ = ["browser"]  # a fixture, used by name

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xss"
TIMEOUT_MS = 30_000


def payloads() -> list[str]:
    lines = (FIXTURES / "payloads.txt").read_text("utf-8").splitlines()
    kept = [line for line in lines if line.strip() and not line.startswith("#")]
    return [
        line.replace("{n}", str(n)).replace("\\u2028", "\u2028").replace("\\u2029", "\u2029")
        for n, line in enumerate(kept)
    ]


def markdown(first: int) -> str:
    return (FIXTURES / "markdown.md").read_text("utf-8").replace("{n}", str(first))


def front_matter(data: Any, body: str = "") -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def write_project(root: Path) -> str:
    """A project with the payloads in every field; returns the text of all payloads."""
    every = payloads()
    text = " ".join(every)

    def notes(prefix: str) -> list[Any]:
        return [f"{prefix} {text}", {"text": text, "evidence": "observed", "source": text}]

    asset = '"><img src=x onerror=window.__xss=900>.png'
    touchpoint = {
        "name": text,
        "channel": text,
        "owner": text,
        "description": text,
        "emotion": 1,
        "evidence": "assumed",
        "source": "https://xss.invalid/?q=" + text.replace(" ", "+"),
        "extra": {text: text},
    }
    kpi = {"name": f"KPI {text}", "signal": text, "measure": text, "target": 10, "unit": text}
    stages = [
        {
            "id": stage_id,
            "name": f"{stage_id} {text}",
            "description": text,
            "goal": text,
            "actions": notes("a"),
            "thoughts": notes("t"),
            "pains": notes("p"),
            "opportunities": notes("o"),
            "emotion": emotion,
            "volume": volume,
            "kpis": [{**kpi, "owner": text}],
            "touchpoints": [{**touchpoint, "id": f"tp-{stage_id}"}],
            "evidence": "reported",
            "source": text,
            "extra": {"x": text},
        }
        for stage_id, emotion, volume in (("see", -1, 1000), ("think", 1, 100))
    ]
    stages[0]["touchpoints"] = [{**stages[0]["touchpoints"][0], "next": ["tp-think"]}]
    stages[0]["touchpoints"].append({"ref": "shared", "next": ["tp-think"]})
    journey = {
        "title": text,
        "persona": "eva",
        "personas": ["tom"],
        "ideal": "ideal",
        "goal": text,
        "hypothesis": text,
        "stages": stages,
        "extra": {text: text},
    }
    ideal = {**journey, "state": "ideal", "ideal": None, "title": f"Ideal {text}"}
    ideal["stages"] = [{**stages[0], "emotion": 2}, {**stages[1], "volume": 500}]
    persona = {
        "name": f"Eva {text}",
        "role": text,
        "quote": text,
        "photo": asset,
        "goals": [text],
        "pains": [text],
        "needs": [text],
        "jobs": [text],
        "channels": [text, "email"],
        "tone_of_voice": text,
        "extra": {text: text},
    }
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["journey", "stage", "kpi", "period", "value", text])
    for period, value in (("2026-01", 5), ("2026-02", 12)):
        writer.writerow(["reis", "see", kpi["name"], period, value, text])
    files: dict[str, str | bytes] = {
        "journeygen.yml": yaml.safe_dump(
            {"title": f"Site {text}", "description": text, "extra": {text: text}},
            allow_unicode=True,
        ),
        "content/personas/eva.md": front_matter(persona, markdown(100)),
        "content/personas/tom.yml": yaml.safe_dump(
            {**persona, "name": f"Tom {text}", "photo": None, "body": markdown(200)},
            allow_unicode=True,
        ),
        "content/journeys/reis.md": front_matter(journey, markdown(300)),
        "content/journeys/ideal.md": front_matter(ideal, markdown(400)),
        "content/touchpoints.yml": yaml.safe_dump({"shared": touchpoint}, allow_unicode=True),
        "content/data/kpis.csv": rows.getvalue(),
        "content/pages/payloads.md": front_matter({"title": text}, markdown(500)),
        "content/pages/plain.md": markdown(600),
        f"content/assets/{asset}": (FIXTURES / "pixel.png").read_bytes(),
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return text


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if vendor.mermaid_script_path() is None:
        _unavailable("the vendored Mermaid script is missing: run `pip install -e .`")
    root = tmp_path_factory.mktemp("hostile")
    text = write_project(root)
    out = root / "site"
    result = build(Project.find(root), out=out)
    assert not result.errors, result.errors
    return out, text


DOM_PROBLEMS = """() => {
  const found = [];
  const urls = ['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'poster'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      const where = `${el.tagName} ${attr.name}`;
      if (attr.name.startsWith('on')) found.push(where);
      if (urls.includes(attr.name) && /^(javascript|vbscript|data:text)/.test(value)) {
        found.push(`${where}=${value}`);
      }
      if (attr.name === 'style' && /url\\(/i.test(attr.value)) found.push(`${where} url()`);
    }
  }
  // the theme's own Content-Security-Policy, first in the head, is the one meta allowed
  const csp = 'meta[http-equiv]:not('
    + 'head > meta[http-equiv="Content-Security-Policy"]:nth-child(2))';
  for (const sel of ['iframe', 'object', 'embed', 'base', 'form[action]', csp,
                     'frame', 'link[href^="http"]', 'img[srcset]', 'video', 'audio']) {
    for (const el of document.querySelectorAll(sel)) found.push(`element ${sel}`);
  }
  for (const script of document.querySelectorAll('script')) {
    if (script.src && !script.src.startsWith('file:')) found.push(`script ${script.src}`);
    if (!script.src && /__xss|alert\\(/.test(script.textContent)) found.push('inline payload');
  }
  return found;
}"""


def visit(context: Any, path: Path, dialogs: list[str]) -> Any:
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
    if page.locator("pre.mermaid").count():  # drawn, or shown as Mermaid's error
        page.evaluate(SHOW_A_DIAGRAM)  # Mermaid comes when a diagram is near the viewport
        wait_for(
            page,
            "[...document.querySelectorAll('pre.mermaid')].every(p => p.dataset.processed"
            " || p.querySelector('svg'))",
            timeout=TIMEOUT_MS,
        )
    return page


def test_no_payload_runs_on_any_page(browser: Any, hostile_site: tuple[Path, str]) -> None:
    site_dir, _ = hostile_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    dialogs: list[str] = []
    problems: list[str] = []
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        rel = path.relative_to(site_dir).as_posix()
        page = visit(context, path, dialogs)
        # what a reader does: hover and click everything that can be clicked, search
        for link in page.locator("main a, main button, main summary").all()[:12]:
            with contextlib.suppress(Exception):  # covered or hidden: fine
                link.hover(timeout=200)
        search = page.locator("[data-search] input")
        if search.count():
            search.first.fill("script")
            page.wait_for_timeout(200)
        page.wait_for_timeout(300)
        if page.evaluate("typeof window.__xss") != "undefined":
            problems.append(f"{rel}: payload {page.evaluate('window.__xss')} ran")
        problems += [f"{rel}: {p}" for p in page.evaluate(DOM_PROBLEMS)]
        page.close()
    context.close()
    assert problems == []
    assert dialogs == []
    assert requests == []


def test_payloads_show_as_text(browser: Any, hostile_site: tuple[Path, str]) -> None:
    """Escaped, not dropped: a reader sees what the interview said, tags and all."""
    site_dir, _ = hostile_site
    context = browser.new_context()
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    page = visit(context, site_dir / "journeys" / "reis" / "index.html", [])
    shown = page.evaluate("document.body.innerText")
    assert "<script>window.__xss=0;alert(0)</script>" in shown
    assert "{{ 7*7 }}" in shown  # content is never run as a template
    title = page.title()
    assert "<script>window.__xss=0" in title
    context.close()


def test_the_sanitiser_is_what_keeps_markdown_safe() -> None:
    """Without the browser: the HTML made from the Markdown payloads holds no dangerous
    tag, no handler, no javascript: or data: address (text that looks like one is fine)."""
    from html.parser import HTMLParser

    from journeygen.render.markup import render_markdown

    found: list[str] = []

    class Check(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "iframe", "object", "embed", "form", "base", "meta"):
                found.append(tag)
            for name, value in attrs:
                address = (value or "").replace(" ", "").lower()
                if name.startswith("on") or name in ("style", "srcdoc", "srcset"):
                    found.append(f"{tag} {name}")
                if name in ("href", "src") and address.startswith(
                    ("javascript", "vbscript", "data")
                ):
                    found.append(f"{tag} {name}={value}")

    html = str(render_markdown(markdown(1)).html)
    Check().feed(html)
    assert found == []
    assert '<pre class="mermaid">' in html  # diagrams are kept, as escaped text
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in html  # escaped, not run
