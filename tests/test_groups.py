"""Pages and files with a `group` are rendered by one process, one after the other, and what
they share is made once there: a journey's flowchart (its page and flow.mmd), an inventory
row (on the list, its channel's and its owner's page), an evaluation row."""

from __future__ import annotations

import sites
from pytest import MonkeyPatch

from journeygen.render import diagrams, filters, inventory
from journeygen.render.extension import FileSpec, PageSpec
from journeygen.render.renderer import CHUNK, chunks


def test_runs_keep_a_group_together_and_take_every_job_once() -> None:
    specs: list[PageSpec | FileSpec] = [PageSpec("index.html", "index.html")]  # a single page
    for n in range(10):  # a page and five files per journey
        specs.append(PageSpec(f"journeys/j{n}/index.html", "journey.html", group=("j", n)))
    for n in range(10):
        specs += [FileSpec(f"journeys/j{n}/f{k}", bytes, group=("j", n)) for k in range(5)]
    specs += [PageSpec(f"touchpoints/{n}/index.html", "t.html", group="tp") for n in range(40)]
    specs += [PageSpec(f"p{n}.html", "page.html") for n in range(5)]  # no group
    jobs = list(range(len(specs)))
    runs = chunks(specs, jobs, singles={0})
    assert sorted(i for run in runs for i in run) == jobs
    assert runs[0] == [0]  # the single page first, alone
    assert [specs[i].group for i in runs[1]] == ["tp"] * 40  # a long group: one run, early
    for run in runs:
        groups = {specs[i].group for i in run}
        for group in groups - {None}:
            members = [i for i, spec in enumerate(specs) if spec.group == group]
            assert set(members) <= set(run), f"group {group} split"
    assert all(len(run) < 2 * CHUNK for run in runs[2:])


def test_an_inventory_row_is_drawn_once_for_every_page_it_is_on(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(inventory, "ROWS_PER_PAGE", 2)  # list pages, channel and owner pages
    drawn: list[str] = []
    original = filters._touchpoint_row

    def counting(context, row, url):  # type: ignore[no-untyped-def]
        drawn.append(row.touchpoint.id)
        return original(context, row, url)

    monkeypatch.setattr(filters, "_touchpoint_row", counting)
    site = sites.site()
    outputs, problems = sites.render(site)
    assert problems == []
    pages = [p for p in outputs if p.startswith("touchpoints/") and p.count("/") > 1]
    assert len(pages) > 3  # more than one list page, and pages per channel and owner
    assert sorted(drawn) == sorted({row.touchpoint.id for row in inventory.touchpoint_rows(site)})
    once = {path: outputs[path].read() for path in outputs if path.startswith("touchpoints/")}
    # drawn for each page instead (a prefix that is not only ../ turns the reuse off)
    monkeypatch.setattr(filters, "_UP", filters.re.compile("(?!)"))
    outputs, _ = sites.render(sites.site())
    each = {path: outputs[path].read() for path in outputs if path.startswith("touchpoints/")}
    assert once == each
    assert len(drawn) > 2 * len(set(drawn))


def test_a_flowchart_is_drawn_once_per_journey_object() -> None:
    journey = sites.journey()
    first = diagrams.flowchart(journey)
    assert diagrams.flowchart(journey) is first
    assert diagrams.flowchart(journey, "nl") == diagrams.flowchart_text(journey, "nl")
    renamed = sites.journey(title="Another title")  # another journey: drawn anew
    assert diagrams.flowchart(renamed) == diagrams.flowchart_text(renamed)
    for n in range(diagrams.RECENT + 2):  # only the last few are kept
        diagrams.flowchart(sites.journey(f"j{n}"))
    assert len(diagrams._RECENT) <= diagrams.RECENT
