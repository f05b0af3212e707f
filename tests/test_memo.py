"""Builds that reuse the last build's work (`journeygen serve`) make the same site as a
build from scratch, edit after edit: the same bytes in every file, the same diagnostics."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from journeygen.build import BuildResult, Project, build
from journeygen.diagnostics import format_text
from journeygen.memo import Memo

REPO = Path(__file__).resolve().parent.parent


def example(folder: Path) -> Path:
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy(REPO / "journeygen.yml", folder / "journeygen.yml")
    return folder


def files_of(result: BuildResult) -> dict[str, bytes]:
    return {output.path: output.read() for output in result.outputs}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def edits(root: Path) -> list[tuple[str, Callable[[], None]]]:
    content = root / "content"
    journeys = content / "journeys"
    saved: dict[str, str] = {}

    def keep(path: Path) -> None:
        saved[str(path)] = path.read_text("utf-8")

    def restore(path: Path) -> None:
        path.write_text(saved[str(path)], "utf-8")

    current = journeys / "kantoorschoonmaak.md"
    yml = journeys / "praktijkreiniging.yml"
    csv = content / "data" / "kpis.csv"
    marco = content / "personas" / "marco.md"
    for path in (current, yml, csv, marco, root / "journeygen.yml"):
        keep(path)
    return [
        ("nothing", lambda: None),
        ("a title", lambda: replace(current, "title: ", "title: Herzien ")),
        ("broken YAML", lambda: append(yml, "\nstages: [\n")),
        ("the YAML fixed", lambda: restore(yml)),
        ("a measurement", lambda: replace(csv, ",380\n", ",395\n")),
        ("a row of an unknown journey", lambda: append(csv, "onbekend,awareness,X,2026-05,1\n")),
        ("that row gone", lambda: restore(csv)),
        ("a KPI renamed", lambda: replace(current, "Nieuwe bezoekers uit de doelgroep", "Bezoek")),
        ("the KPI back", lambda: restore(current)),
        ("a persona removed", lambda: marco.unlink()),
        ("the persona back", lambda: restore(marco)),
        ("a new journey", lambda: shutil.copy(current, journeys / "kopie.md")),
        ("the library", lambda: append(content / "touchpoints.yml", "\n")),
        ("the language", lambda: append(root / "journeygen.yml", "\nlanguage: en\n")),
        ("a free page", lambda: append(content / "pages" / "over.md", "\nMeer tekst.\n")),
        ("a journey removed", lambda: (journeys / "kopie.md").unlink()),
        ("all back", lambda: (restore(current), restore(root / "journeygen.yml"))),
        ("an override that reads the whole site", lambda: override(root, LISTS_EVERY_JOURNEY)),
        ("a title another page lists", lambda: replace(yml, "title: ", "title: Tandarts ")),
        ("the override changed", lambda: override(root, LISTS_EVERY_JOURNEY.replace("ul", "ol"))),
        ("the override gone", lambda: shutil.rmtree(root / "themes")),
    ]


LISTS_EVERY_JOURNEY = """{% extends "default/journey.html" %}
{% block journey_intro %}{{ super() }}
<ul>{% for j in site.journeys %}<li>{{ j.title }}</li>{% endfor %}</ul>
{% endblock %}
"""


def override(root: Path, template: str) -> None:
    folder = root / "themes" / "default" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "journey.html").write_text(template, "utf-8")


def test_a_build_with_the_memo_of_earlier_builds_equals_a_fresh_build(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    project = Project.find(root)
    memo = Memo()
    for name, edit in edits(root):
        edit()
        fresh = build(project, write=False)
        again = build(project, write=False, memo=memo)
        assert [format_text(d) for d in again.diagnostics] == [
            format_text(d) for d in fresh.diagnostics
        ], name
        assert again.site == fresh.site, name
        assert files_of(again) == files_of(fresh), name
    assert memo.hits > memo.misses  # it did reuse work


def test_an_edit_parses_and_validates_only_the_edited_journey(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    project = Project.find(root)
    memo = Memo()
    build(project, write=False, memo=memo)
    before = dict(memo.made)
    replace(root / "content" / "journeys" / "praktijkreiniging.yml", "title: ", "title: Nieuw ")
    build(project, write=False, memo=memo)
    made = {step: memo.made[step] - before.get(step, 0) for step in memo.made}
    assert made["document"] == 1  # the edited file; the other 11 files are not parsed
    assert made["journey"] == 1  # with its KPI rows


def test_an_edit_renders_only_the_pages_that_show_the_journey(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    project = Project.find(root)
    memo = Memo()
    build(project, write=False, memo=memo)
    memo.begin()
    replace(root / "content" / "journeys" / "praktijkreiniging.yml", "title: ", "title: Nieuw ")
    result = build(project, write=False, memo=memo)
    assert not result.errors
    # The journey's page and exports, its persona's page, the overview, the inventory and
    # the evaluation; not the other journeys, personas or free pages, nor their exports.
    exports = [
        o.path
        for o in result.outputs
        if o.path.startswith("journeys/praktijkreiniging/") and not o.path.endswith(".html")
    ]
    assert len(exports) >= 3  # journey.json, kpis.csv, the Mermaid sources
    assert memo.made["page"] == 5 + len(exports)


def test_only_makes_just_the_pages_asked_for(tmp_path: Path) -> None:
    root = example(tmp_path / "project")
    project = Project.find(root)
    memo = Memo()
    build(project, write=False, memo=memo)
    replace(root / "content" / "journeys" / "praktijkreiniging.yml", "title: ", "title: Nieuw ")
    page = "journeys/praktijkreiniging/index.html"
    first = build(project, write=False, memo=memo, only={page})
    pages = {o.path for o in first.outputs if o.path.endswith(".html")}
    assert pages == {page}
    assert not any(o.path.endswith((".json", ".csv", ".mmd", ".xml")) for o in first.outputs)
    fresh = files_of(build(project, write=False))
    assert files_of(first)[page] == fresh[page]
    assert files_of(build(project, write=False, memo=memo)) == fresh
