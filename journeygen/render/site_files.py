"""The files of the site that are not pages: each journey's exports and link-preview image,
and the search index.

Page builders that yield files instead of pages to render: finished `Output`s, or `FileSpec`s
whose bytes the rendering processes make; render runs them with the others in
`render.PAGE_BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from journeygen.core.i18n import translator
from journeygen.model.site import Site
from journeygen.render import exports, search
from journeygen.render.extension import FileSpec
from journeygen.render.outputs import Bytes, Output
from journeygen.render.social_image import draw_card, image_path, social_card


def journey_files(site: Site) -> Iterator[Output | FileSpec]:
    t = translator(site.config.language)
    personas = {p.id: p for p in site.personas}
    for journey in site.journeys:
        if journey.locked:
            continue  # a protected journey: nothing of it outside its encrypted page
        for name, make in exports.export_makers(site, journey, personas).items():
            # made by a worker; serve makes it again only when the journey changed
            path = exports.journey_file(journey.id, name)
            yield FileSpec(path, make, journey, group=("journey", journey.id))
        if not site.config.base_url:
            continue  # link previews need an absolute image address: see pages.journey_context
        card = social_card(site, journey, t)
        # drawn where pages are rendered; the page cache keeps it while the card is equal
        yield FileSpec(image_path(journey.id, card), partial(draw_card, card), card)


def search_index(site: Site) -> Iterator[Output]:
    yield Bytes(search.INDEX_PATH, search.index_script(site).encode("utf-8"))


BUILDERS = (journey_files, search_index)
