"""Builds that reuse the last build's work (`journeygen serve`) make the same site as a
build from scratch, edit after edit: the same bytes in every file, the same diagnostics."""

from __future__ import annotations

import base64
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeygen.build import BuildResult, Project, build
from journeygen.cache.memo import Memo
from journeygen.core.diagnostics import format_text
from journeygen.publish import protect
from journeygen.render import inventory, pages, review_pages, social_image
from journeygen.render import renderer as render
from journeygen.render.teams import site_teams
from journeygen.sources import project_files as read
from journeygen.validate.audience import Audience

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


PASSWORD_ENV = "MEMO_TEST_PASSWORD"
ENVIRON = {PASSWORD_ENV: "geheim wachtwoord"}


def protected(root: Path) -> None:
    """base_url (a link-preview image per journey) and one journey behind a password."""
    append(root / "journeygen.yml", "base_url: https://example.test/reizen/\n")
    replace(
        root / "content" / "journeys" / "praktijkreiniging.yml",
        "title: ",
        f"password_env: {PASSWORD_ENV}\ntitle: ",
    )


def plain_encryption(html: bytes, key: protect.ContentKey) -> dict[str, object]:
    """Locked pages that are the same bytes in every build (a real build's keys, salts and
    nonces are new every time), so the memo's build and a fresh one compare byte for byte."""
    return {"v": protect.FORMAT, "page": base64.b64encode(html).decode("ascii")}


def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's site-wide lists split as a project of thousands of journeys splits them
    (issue 19): the overview, the inventory and the evaluation in pages, with filter pages."""
    monkeypatch.setattr(pages, "CARDS_PER_PAGE", 2)
    monkeypatch.setattr(inventory, "ROWS_PER_PAGE", 7)
    monkeypatch.setattr(review_pages, "ROWS_PER_PAGE", 5)


VARIANTS: dict[str, tuple[Callable[[Path], None], Audience]] = {
    "team": (lambda root: None, "team"),
    "paginated": (lambda root: None, "team"),  # with small_pages
    "client": (lambda root: None, "client"),
    "protected": (protected, "team"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_build_with_the_memo_of_earlier_builds_equals_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    prepare, audience = VARIANTS[variant]
    monkeypatch.setattr(protect, "encrypt_page", plain_encryption)
    if variant == "paginated":
        small_pages(monkeypatch)
    root = example(tmp_path / "project")
    prepare(root)
    project = Project.find(root)
    memo = Memo()
    options: dict[str, Any] = {"write": False, "audience": audience, "environ": ENVIRON}
    texts_read = 0  # files changed in the last two seconds are read every time
    for name, edit in edits(root):
        edit()
        fresh = build(project, **options)
        memo.begin()
        again = build(project, memo=memo, **options)
        memo.sweep()
        texts_read += memo.made["text"]
        assert [format_text(d) for d in again.diagnostics] == [
            format_text(d) for d in fresh.diagnostics
        ], name
        assert again.site == fresh.site, name
        assert files_of(again) == files_of(fresh), name
    # it did reuse work (split into 57 small pages, the example's lists are mostly redrawn
    # by edits of what every page shares: language, personas, the library); files changed
    # in the last two seconds are read every time
    other = memo.misses - texts_read
    assert memo.hits > (other if variant != "paginated" else other // 2)


def test_a_rebuild_with_nothing_changed_makes_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a page rendered, a file made, an image drawn or a page locked (issue 18: with
    base_url, 300 journeys and a password, a no-op serve rebuild took seconds)."""
    root = example(tmp_path / "project")
    protected(root)
    project = Project.find(root)
    # Files changed in the last two seconds are read again (their times could repeat):
    # these were just copied, so count them as settled.
    monkeypatch.setattr(read, "SETTLED_NS", 0)
    memo = Memo()
    first = build(project, write=False, memo=memo, environ=ENVIRON)
    assert not first.failed()
    assert any(o.path.endswith(".png") for o in first.outputs)
    before = files_of(first)
    made: list[str] = []

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            made.append(name)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(
        social_image._Canvas, "finish", counted("image", social_image._Canvas.finish)
    )
    monkeypatch.setattr(render.Renderer, "render", counted("page", render.Renderer.render))
    monkeypatch.setattr(protect, "encrypt_page", counted("lock", protect.encrypt_page))
    # as in a project of more journeys than any cache beside the memo holds
    getattr(social_image.draw_card, "cache_clear", lambda: None)()
    memo.begin()
    again = build(project, write=False, memo=memo, environ=ENVIRON)
    memo.sweep()
    assert files_of(again) == before
    assert made == []
    # The page builders run again (they list the pages, each with a context made only
    # when it is rendered): the one step that is not looked up in vain.
    assert {step for step, count in memo.made.items() if count} <= {"builder"}


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
    # and the team pages that list something of it (the example has a service blueprint),
    # with the list of teams
    assert result.site is not None
    teams = [
        team
        for team in site_teams(result.site)
        if any(place.journey.id == "praktijkreiniging" for place in team.stages)
    ]
    assert 0 < len(teams) < len(site_teams(result.site))
    assert memo.made["page"] == 5 + len(exports) + len(teams) + 1


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


def test_a_settled_file_is_read_again_only_when_its_stat_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve takes the text of a file by its inode, size and times; a rewrite of the same
    size with its modification time put back still changes its change time."""
    root = example(tmp_path / "project")
    project = Project.find(root)
    journey = root / "content" / "journeys" / "praktijkreiniging.yml"
    monkeypatch.setattr(read, "SETTLED_NS", 0)
    memo = Memo()
    build(project, write=False, memo=memo)
    memo.begin()
    build(project, write=False, memo=memo)
    assert memo.made["text"] == 0
    stat = journey.stat()
    text = journey.read_text("utf-8")
    assert "title: " in text
    time.sleep(0.01)
    journey.write_text(text.replace("title: ", "title:_", 1), "utf-8")  # same size
    os.utime(journey, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    memo.begin()
    again = build(project, write=False, memo=memo)
    assert memo.made["text"] == 1
    # the new text was read: its syntax error shows
    assert any(d.path.endswith("praktijkreiniging.yml") for d in again.errors)


def test_a_file_changed_just_now_is_read_again_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within `SETTLED_NS` of a change, a second change could leave every time the same:
    such a file is never taken by its stat."""
    root = example(tmp_path / "project")
    project = Project.find(root)
    monkeypatch.setattr(read, "SETTLED_NS", 10**15)  # every file changed "just now"
    memo = Memo()
    build(project, write=False, memo=memo)
    memo.begin()
    build(project, write=False, memo=memo)
    files = sum(1 for p in (root / "content").rglob("*") if p.suffix in (".md", ".yml", ".csv"))
    assert memo.made["text"] == files + 1  # and journeygen.yml
    assert memo.made["document"] == 0  # the texts are equal: nothing is parsed again
