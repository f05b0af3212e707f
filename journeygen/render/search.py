"""The site's search index: journeys, personas, stages, touchpoints, KPIs, pages and the
items of service blueprint lanes.

Written at build time as `assets/search-index.js`, a script that sets
`window.JOURNEYGEN_SEARCH` (a JSON file could not be fetched from file://). The search box's
script (journeygen.js) loads it on first use and scores entries by normalised prefix and
substring matches. Texts are normalised here the way the script normalises a query: NFKD,
accents dropped, lower case, so `oriënteren` is found by `orienteren` and `ĳs` by `ijs`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from journeygen.core.i18n import Translator, translator
from journeygen.model.site import Site
from journeygen.render.blueprint_view import lane_cell_id, lane_label
from journeygen.render.paths import Paths

INDEX_PATH = "assets/search-index.js"
GLOBAL = "JOURNEYGEN_SEARCH"
KINDS = ("journey", "persona", "stage", "touchpoint", "kpi", "page", "blueprint")

_MARKS = re.compile("[\u0300-\u036f]")


def normalize(text: str) -> str:
    """Lower case, accents dropped, ligatures split, spaces collapsed (as the script does)."""
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return " ".join(folded.split())


@dataclass(frozen=True)
class Entry:
    kind: str  # one of KINDS
    title: str
    context: str  # where it is: "Journey title · Stage"
    path: str  # site path, with #anchor
    more: str = ""  # further text that finds it (channel, owner, role), not shown

    def as_json(self) -> dict[str, str]:
        return {
            "k": self.kind,
            "t": self.title,
            "c": self.context,
            "u": self.path,
            "n": normalize(self.title),
            "m": normalize(f"{self.context} {self.more}"),
        }


def search_entries(site: Site) -> Iterator[Entry]:
    names = {p.id: p.name for p in site.personas}
    t = translator(site.config.language)
    for journey in site.journeys:
        if journey.locked or not journey.listed:
            continue
        page = Paths.journey(journey.id)
        who = ", ".join(names.get(pid, pid) for pid in journey.personas)
        yield Entry(
            "journey", journey.title, who, page, f"{journey.goal} {journey.framework or ''}"
        )
        for stage in journey.stages:
            where = f"{journey.title} · {stage.name}"
            yield Entry("stage", stage.name, journey.title, f"{page}#stage-{stage.id}", stage.goal)
            for tp in stage.touchpoints:
                more = f"{tp.channel} {tp.owner} {tp.id}"
                yield Entry("touchpoint", tp.name, where, f"{page}#tp-{tp.id}", more)
            for kpi in stage.kpis:
                yield Entry("kpi", kpi.name, where, f"{page}#{kpi.slug}", f"{kpi.owner} {kpi.unit}")
            for lane, items in stage.lanes.items():
                name = lane_label(lane, site.config, t)
                for item in items:
                    anchor = f"{page}#{lane_cell_id(lane, stage.id)}"
                    yield Entry("blueprint", item.text, f"{where} · {name}", anchor, item.owner)
    for persona in site.personas:
        yield Entry("persona", persona.name, persona.role, Paths.persona(persona.id))
    for free in site.pages:
        yield Entry("page", free.title, "", Paths.page(free.id))


def kind_labels(t: Translator, blueprint: bool = True) -> dict[str, str]:
    return {kind: t(f"search.kind.{kind}") for kind in KINDS if blueprint or kind != "blueprint"}


def index_script(site: Site) -> str:
    """`window.JOURNEYGEN_SEARCH = {...};`: kind labels and entries, in a fixed order (the
    blueprint's kind only on a site with blueprint items)."""
    entries = list(search_entries(site))
    blueprint = any(entry.kind == "blueprint" for entry in entries)
    data = {
        "kinds": kind_labels(translator(site.config.language), blueprint),
        "entries": [entry.as_json() for entry in entries],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"/* journeygen search index */\nwindow.{GLOBAL} = {text};\n"
