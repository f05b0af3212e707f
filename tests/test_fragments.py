"""The theme's filters for small repeated pieces of HTML: what they draw, and that every text
in them is escaped (a name with markup in it stays text)."""

from __future__ import annotations

from types import SimpleNamespace

from jinja2 import Environment, StrictUndefined

from journeygen.analysis.evidence import Footnote, Footnotes
from journeygen.core.i18n import translator
from journeygen.model.site import Note, Touchpoint
from journeygen.render.filters import FILTERS
from journeygen.render.inventory import USES_SHOWN, Channel, TouchpointRow, TouchpointUse

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"


def draw(template: str, /, **context: object) -> str:
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env.from_string(template).render(t=translator("en"), **context)


def test_icon_names_a_symbol_of_the_sprite() -> None:
    assert draw("{{ 'drop' | icon }}") == (
        '<svg class="jg-icon" viewBox="0 0 24 24" aria-hidden="true">'
        '<use href="#jg-i-drop"></use></svg>'
    )
    assert 'class="jg-icon jg-tp__icon"' in draw("{{ 'email' | icon('jg-tp__icon') }}")
    assert "<script>" not in draw("{{ name | icon(name) }}", name=HOSTILE)


def test_permalink_labels_the_anchor_with_the_items_name() -> None:
    html = draw("{{ ('tp-' ~ id) | permalink(name) }}", id="ads", name=HOSTILE)
    assert html.startswith('<a class="jg-permalink" href="#tp-ads" aria-label="')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&#34;x&#34;" in html


def test_badges_are_empty_without_a_value() -> None:
    item = SimpleNamespace(internal=False)
    context = {"item": item, "footnotes": Footnotes()}
    template = "{{ none | evidence_badge }}{{ item | internal_badge }}{{ none | cite }}"
    assert draw(template, **context) == ""


def test_evidence_status_and_internal_badges() -> None:
    assert draw("{{ 'observed' | evidence_badge }}") == (
        '<span class="jg-ev jg-ev--observed">Observed</span>'
    )
    assert draw("{{ 'met' | status_badge }}") == (
        '<span class="jg-status jg-status--met"><span class="jg-status__mark" aria-hidden="true">'
        '✓</span><span class="jg-vh">On target</span></span>'
    )
    assert 'jg-status__mark" aria-hidden="true">–<' in draw("{{ 'unknown' | status_badge }}")
    internal = draw("{{ item | internal_badge }}", item=SimpleNamespace(internal=True))
    assert internal.startswith('<span class="jg-internal" title="')


def test_cite_numbers_a_source_and_needs_the_pages_footnotes() -> None:
    note = Footnote(2, HOSTILE, None)
    footnotes = Footnotes(
        (Footnote(1, "a", None), note), {"a": Footnote(1, "a", None), HOSTILE: note}
    )
    html = draw("{{ source | cite }}", source=f"  {HOSTILE} ", footnotes=footnotes)
    assert html.startswith('<sup class="jg-fn"><a href="#src-2" aria-label="')
    assert html.endswith(">2</a></sup>")
    assert draw("{{ 'a' | cite }}") == ""  # a page without footnotes


def touchpoint(**fields: object) -> Touchpoint:
    values: dict[str, object] = {
        "id": "ads",
        "name": "Google Ads",
        "stage_id": "a",
        "channel": "ads",
    }
    return Touchpoint(**(values | fields))  # type: ignore[arg-type]


def test_a_touchpoint_item_escapes_every_text() -> None:
    hostile = touchpoint(
        name=HOSTILE, channel=HOSTILE, owner=HOSTILE, description=HOSTILE, offline=True
    )
    html = draw("{{ tp | touchpoint_item }}", tp=hostile)
    assert "<script>" not in html and html.count("&lt;script&gt;") == 5  # + the aria-label
    assert html.startswith('<li class="jg-tp jg-tp--offline" id="tp-ads">')
    assert html.endswith("</li>")


def test_a_touchpoint_item_shows_only_what_it_has() -> None:
    bare = draw("{{ tp | touchpoint_item }}", tp=touchpoint(channel=""))
    assert "jg-tp__meta" not in bare and "jg-tp__desc" not in bare and "jg-ev" not in bare
    full = draw(
        "{{ tp | touchpoint_item }}",
        tp=touchpoint(icon="ads", owner="marketing", evidence="observed", description="Zoek"),
    )
    assert 'class="jg-tp jg-ev-observed"' in full and "#jg-i-ads" in full
    assert '<span class="jg-vh">Owner: </span>marketing' in full
    assert '<span class="jg-ev jg-ev--observed">' in full


def test_notes_list_escapes_the_text_and_keeps_the_badges_markup() -> None:
    notes = (Note(HOSTILE, evidence="reported"), Note("Belt"))
    html = draw("{{ notes | notes_list('jg-notes--pains') }}", notes=notes)
    assert html.startswith(
        '<ul class="jg-notes jg-notes--pains">\n<li class="jg-note jg-ev-reported">'
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert ' <span class="jg-note__meta"><span class="jg-ev jg-ev--reported">' in html
    assert html.endswith('<li class="jg-note">Belt</li>\n</ul>\n')
    assert draw("{{ () | notes_list }}") == ""


def test_an_inventory_row_escapes_every_text_and_links_each_use() -> None:
    tp = touchpoint(name=HOSTILE, description=HOSTILE, offline=True, evidence="reported")
    journey = SimpleNamespace(id="reis", title=HOSTILE)
    uses = tuple(TouchpointUse(journey, HOSTILE, tp) for _ in range(USES_SHOWN + 2))  # type: ignore[arg-type]
    row = TouchpointRow(
        tp,
        uses,
        (HOSTILE, "sales"),
        (Channel(HOSTILE, "ads", HOSTILE), Channel("email", None, "email")),
    )
    html = draw(
        "{{ row | touchpoint_row }}",
        row=row,
        url=lambda target: f"../{target}",
        paths=SimpleNamespace(journey=lambda id: f"journeys/{id}/index.html"),
    )
    assert "<script>" not in html
    # name, description, an owner (filter data and cell), a channel (filter data and cell),
    # and the journey's title and stage in each link shown
    assert html.count("&lt;script&gt;") == 2 + 2 + 2 + 2 * USES_SHOWN
    assert html.count('href="../journeys/reis/index.html#tp-ads"') == USES_SHOWN
    assert "and 2 more" in html and '<span class="jg-ev jg-ev--reported">' in html
    assert 'data-label="Channel"' in html and "#jg-i-ads" in html and "#jg-i-offline" in html
    assert html.startswith("<tr ") and html.endswith("</tr>")


def test_an_inventory_row_without_channel_or_owner_shows_a_dash() -> None:
    tp = touchpoint(channel="")
    journey = SimpleNamespace(id="reis", title="Reis")
    row = TouchpointRow(tp, (TouchpointUse(journey, "Fase", tp),), (), ())  # type: ignore[arg-type]
    html = draw(
        "{{ row | touchpoint_row }}",
        row=row,
        url=lambda target: target,
        paths=SimpleNamespace(journey=lambda id: f"journeys/{id}/"),
    )
    assert '<td data-label="Channel">–</td>' in html and '<td data-label="Owner">–</td>' in html
    assert "jg-uses__more" not in html and "jg-tp__offline" not in html and "jg-ev" not in html
