"""The files of the site that are not pages: each journey's exports and link-preview image,
and the search index.

Page builders that yield finished `Output`s (or a `Batch` of them per journey) instead of
pages to render; render runs them with the others in `render.PAGE_BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial

from journeygen import exports, search
from journeygen.i18n import Translator, translator
from journeygen.model import Journey, Persona, Site
from journeygen.outputs import Batch, Output
from journeygen.social_image import draw_card, image_path, social_card


def journey_files(site: Site) -> Iterator[Batch]:
    """Each journey's exports and link-preview image, made per journey (`Batch`)."""
    t = translator(site.config.language)
    personas = {p.id: p for p in site.personas}
    for journey in site.journeys:
        if journey.locked:
            continue  # a protected journey: nothing of it outside its encrypted page
        make = partial(_files_of, site, journey, personas, t)
        yield Batch(f"files:{journey.id}", journey, make)


def _files_of(
    site: Site, journey: Journey, personas: Mapping[str, Persona], t: Translator
) -> list[Output]:
    made = [
        Output(exports.journey_file(journey.id, name), data=data)
        for name, data in exports.journey_exports(site, journey, personas).items()
    ]
    if site.config.base_url:  # link previews need an absolute image address
        card = social_card(site, journey, t)
        # drawn when written, and only when the previous build has no file of this name
        made.append(Output(image_path(journey.id, card), make=partial(draw_card, card)))
    return made


def search_index(site: Site) -> Iterator[Output]:
    yield Output(search.INDEX_PATH, data=search.index_script(site).encode("utf-8"))


BUILDERS = (journey_files, search_index)
