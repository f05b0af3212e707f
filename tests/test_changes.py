"""--changes-since: the earlier version from git or a folder, compared with the current one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.build import Project, load
from journeygen.validate.history import HistoryError, changes_since


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def edit_journey(root: Path) -> None:
    journey = root / "content/journeys/reis.md"
    text = journey.read_text()
    text = text.replace("emotion: -1", "emotion: 0.5")  # awareness feels better
    text = text.replace("target: 500", "target: 800")  # a KPI target changed
    text = text.replace(  # a touchpoint added, one removed
        "      - {id: offerte, name: Offerteformulier, channel: website, owner: sales}",
        "      - {id: prijs, name: Prijsindicatie, channel: website, owner: sales}",
    )
    journey.write_text(text)


def two_reviews(root: Path, tom: str = "Tom") -> Path:
    """`root` as a git repository: a commit tagged review-1, then one with an edited journey
    and a new persona `tom` named `tom`."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first review")
    git(root, "tag", "review-1")
    edit_journey(root)
    (root / "content/personas/tom.md").write_text(f"---\nname: {tom}\n---\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "after the workshop")
    return root


@pytest.fixture
def repo(make_project: MakeProject) -> Path:
    return two_reviews(make_project({}))


def current(root: Path):  # type: ignore[no-untyped-def]
    _sources, site, diagnostics = load(Project.find(root))
    assert site is not None, diagnostics
    return site


def test_changes_since_a_git_tag(repo: Path) -> None:
    changes = changes_since(repo, "review-1", current(repo))
    assert changes.label.startswith("review-1 (") and changes.personas_added == ("tom",)
    (journey,) = changes.journeys
    assert (journey.id, journey.status) == ("reis", "changed")
    summary = {(i.kind, i.id, i.status): i.fields for i in journey.items}
    (emotion,) = summary[("stage", "awareness", "changed")]
    assert (emotion.field, emotion.old, emotion.new) == ("emotion", -1, 0.5)
    assert ("touchpoint", "prijs", "added") in summary
    assert ("touchpoint", "offerte", "removed") in summary
    (target,) = summary[("kpi", "awareness/Bezoekers", "changed")]
    assert (target.field, target.old, target.new) == ("target", 500, 800)


def test_changes_since_a_folder(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({})
    before = tmp_path / "before"
    shutil.copytree(root, before)
    edit_journey(root)
    changes = changes_since(root, str(before), current(root))
    assert [j.id for j in changes.journeys] == ["reis"] and changes.label == str(before)


def test_no_change_gives_an_empty_record(repo: Path) -> None:
    assert changes_since(repo, "HEAD", current(repo)).empty


def test_a_project_in_a_subfolder_of_the_repository(make_project: MakeProject) -> None:
    root = make_project({})
    top = root.parent
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "one")
    edit_journey(root)
    assert [j.id for j in changes_since(root, "HEAD", current(root)).journeys] == ["reis"]


def test_an_unknown_ref_says_so(repo: Path) -> None:
    with pytest.raises(HistoryError, match="'review-9' is not a tag, branch or commit"):
        changes_since(repo, "review-9", current(repo))
