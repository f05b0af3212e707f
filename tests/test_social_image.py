"""The link-preview image: 1200 x 630 PNG, the same bytes for the same journey, another image
for another journey, named by its content, drawn again only when it changes."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import MakeProject
from PIL import Image

from journeygen.build import Project, build
from journeygen.cache.disk import open_memo, save_memo
from journeygen.render import social_image
from journeygen.render.social_image import Card, CardPersona, CardStage, draw_card, printable

CARD = Card(
    site_title="Klantreizen Glans",
    title="Van zoekopdracht tot vaste klant",
    pills=("Huidige situatie", "AAARRR"),
    personas=(CardPersona("Eva de Vries", "EV", 1), CardPersona("Marco Jansen", "MJ", 3)),
    counts="6 fasen · 23 touchpoints",
    stages=tuple(
        CardStage(name, i, emotion)
        for i, (name, emotion) in enumerate(
            [("Oriënteren", -0.5), ("Acquisitie", 0.5), ("Activatie", 1), ("Omzet", -1.5)]
        )
    ),
    bottleneck="Grootste uitval: Activatie → Omzet (9% conversie)",
    footer="",
)


def draw(card: Card) -> bytes:
    return draw_card(card)


def test_the_image_is_a_1200_by_630_png_without_metadata() -> None:
    data = draw(CARD)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "RGB")
    assert image.info == {}  # no text chunks, no timestamps, no dpi
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"tIME", b"pHYs"):
        assert chunk not in data


def test_the_same_card_gives_the_same_bytes() -> None:
    assert draw(CARD) == draw(replace(CARD))


def test_another_journey_gives_another_image_and_name() -> None:
    other = replace(CARD, title="Jaarevaluatie en contractverlenging")
    assert draw(other) != draw(CARD)
    assert other.key != CARD.key
    fewer = replace(CARD, stages=CARD.stages[:3])
    assert draw(fewer) != draw(CARD) and fewer.key != CARD.key


def test_long_and_empty_texts_still_draw() -> None:
    long = replace(
        CARD,
        title="Een heel lange titel " * 12,
        personas=tuple(CardPersona(f"Persona {i}", f"P{i}", i) for i in range(7)),
        stages=tuple(CardStage(f"Fase met een lange naam {i}", i % 8, None) for i in range(12)),
        bottleneck="",
        footer="Het doel van deze klantreis " * 10,
    )
    assert Image.open(io.BytesIO(draw(long))).size == (1200, 630)
    empty = replace(CARD, personas=(), stages=(), bottleneck="", pills=())
    assert Image.open(io.BytesIO(draw(empty))).size == (1200, 630)


def test_characters_outside_the_fonts_are_folded_not_drawn_as_boxes() -> None:
    assert printable("Oriënteren → ĳs €5 ≥ 3") == "Oriënteren → ĳs €5 ≥ 3"
    assert printable("Ǆemal ﬁle") == "DZemal file"  # ligatures split, marks dropped
    assert printable("klant 😀 ✓") == "klant  "  # no glyph, no base letter: left out


def test_the_fonts_ship_inside_journeygen() -> None:
    for name in social_image.FONT_FILES.values():
        assert (social_image.FONT_DIR / name).stat().st_size < 100_000
    assert "Bitstream Vera" in (social_image.FONT_DIR / "LICENSE").read_text("utf-8")


def test_stage_colours_are_the_themes() -> None:
    css = (Path(__file__).resolve().parents[1] / "themes/default/assets/journeygen.css").read_text(
        "utf-8"
    )
    for i, colour in enumerate(social_image.STAGE_COLOURS):
        assert f"--jg-stage-{i}: {colour};" in css


def test_journey_pages_name_their_image(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"journeygen.yml": "title: Reizen\nbase_url: https://example.org/r/\n"})
    result = build(Project.find(root), out=tmp_path / "site")
    assert not result.errors, result.errors
    images = sorted((tmp_path / "site/journeys/reis").glob("og-*.png"))
    assert len(images) == 1
    name = images[0].name
    page = (tmp_path / "site/journeys/reis/index.html").read_text("utf-8")
    url = f"https://example.org/r/journeys/reis/{name}"
    assert f'<meta property="og:image" content="{url}">' in page
    assert f'<meta name="twitter:image" content="{url}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta property="og:image:alt" content="' in page and "Eva de Vries" in page
    assert "og:image" not in (tmp_path / "site/index.html").read_text("utf-8")


def test_without_base_url_there_is_no_image(make_project: MakeProject) -> None:
    """Chat apps need an absolute og:image; without base_url none is drawn (it costs time)."""
    result = build(Project.find(make_project({})), write=False)
    page = next(o for o in result.outputs if o.path == "journeys/reis/index.html").read()
    assert b"og:image" not in page
    assert not any(o.path.endswith(".png") for o in result.outputs)


def test_an_unchanged_image_is_not_drawn_again_by_a_build_with_the_cache(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image goes through the page cache like every page: a build with the cache takes
    an unchanged one from the page store; a changed journey gets a new image and URL."""
    monkeypatch.setenv("JOURNEYGEN_CACHE_DIR", str(tmp_path / "cache"))
    drawn: list[int] = []
    finish = social_image._Canvas.finish
    monkeypatch.setattr(
        social_image._Canvas, "finish", lambda self: drawn.append(1) or finish(self)
    )
    root = make_project({"journeygen.yml": "base_url: https://glans.github.io/klantreizen/\n"})
    out = tmp_path / "site"

    def build_with_cache() -> None:
        memo = open_memo(root)
        assert not build(Project.find(root), out=out, memo=memo).errors
        save_memo(memo, root)

    build_with_cache()
    (image,) = out.glob("journeys/reis/og-*.png")
    first = image.read_bytes()
    assert first.startswith(b"\x89PNG") and len(drawn) == 1
    build_with_cache()
    assert len(drawn) == 1 and image.read_bytes() == first
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text("utf-8").replace("vaste klant", "trouwe klant"), "utf-8")
    build_with_cache()
    (changed,) = out.glob("journeys/reis/og-*.png")
    assert len(drawn) == 2
    assert changed.name != image.name and changed.read_bytes().startswith(b"\x89PNG")
