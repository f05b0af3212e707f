"""`versions:` / `build --versions PATTERN`: each tagged version in versions/<tag>/, on a
temporary git repository with three tags."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeProject
from test_privacy import AUDIENCE_FILES, INTERNAL, PASSWORD, PASSWORD_ENV, leaks

from journeygen.build import BuildResult, Project, build
from journeygen.cache.disk import open_memo, save_memo
from journeygen.cli import main
from journeygen.core.diagnostics import format_text
from journeygen.publish import versions as versions_module

TAGS = ("review-1", "review-2", "review-3")


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ}
    if date is not None:
        env.update(GIT_COMMITTER_DATE=date, GIT_AUTHOR_DATE=date)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root, check=True, capture_output=True, env=env,
    )  # fmt: skip


def commit(root: Path, message: str, tag: str | None, day: int) -> None:
    date = f"2026-0{day}-01T12:00:00+00:00"
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    if tag is not None:
        git(root, "tag", "-a", tag, "-m", tag, date=date)


def retitle(root: Path, title: str) -> None:
    journey = root / "content/journeys/reis.md"
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", journey.read_text())
    journey.write_text(text)


@pytest.fixture
def repo(make_project: MakeProject) -> Path:
    """Three reviews: review-1 with an extra page that is gone later, review-2 and -3 with
    the journey retitled; the working tree has a later title still (and no tag)."""
    root = make_project(
        {
            "journeygen.yml": "title: Reizen\nversions: review-*\n",
            "content/pages/workshop.md": "---\ntitle: Workshop\n---\nAgreed.\n",
        }
    )
    git(root, "init", "-q", "-b", "main")
    commit(root, "first", "review-1", 1)
    (root / "content/pages/workshop.md").unlink()
    retitle(root, "Tweede titel")
    commit(root, "second", "review-2", 2)
    retitle(root, "Derde titel")
    commit(root, "third", "review-3", 3)
    retitle(root, "Titel van nu")
    return root


def run(root: Path, out: Path, **options: Any) -> BuildResult:
    result = build(Project.find(root), out=out, **options)
    assert not result.errors, [format_text(d) for d in result.errors]
    return result


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def links(page: Path, selector: str) -> list[str]:
    """The hrefs of the links in `page` after `selector` (an attribute or class marker)."""
    text = page.read_text("utf-8")
    return re.findall(rf'<a href="([^"]+)"[^>]*{selector}', text)


def menu_links(page: Path) -> list[str]:
    text = page.read_text("utf-8")
    menu = text.split('<details class="jg-versions">', 1)[1].split("</details>", 1)[0]
    return re.findall(r'href="([^"]+)"', menu)


def test_every_tag_is_built_into_its_folder(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(repo, out)
    for tag in TAGS:
        assert (out / "versions" / tag / "index.html").is_file()
    index = json.loads((out / "versions.json").read_text())
    rows = index["versions"]
    assert [r["tag"] for r in rows] == [None, "review-3", "review-2", "review-1"]
    assert rows[0]["path"] == "./"
    assert rows[1]["path"] == "versions/review-3/"
    assert rows[3]["date"] == "2026-01-01"
    assert all(re.fullmatch(r"[0-9a-f]{40}", r["commit"]) for r in rows[1:])
    # each version shows its own content, the current site today's
    assert "Tweede titel" in (out / "versions/review-2/journeys/reis/index.html").read_text()
    assert "Titel van nu" in (out / "journeys/reis/index.html").read_text()
    assert (out / "versions/review-1/workshop/index.html").is_file()
    assert not (out / "workshop/index.html").exists()


def test_old_pages_say_which_version_and_link_to_now(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(repo, out)
    page = out / "versions/review-2/journeys/reis/index.html"
    text = page.read_text()
    assert "You are viewing version review-2, tagged on 2026-02-01." in text
    [now] = links(page, "data-version-current")
    assert (page.parent / now).resolve() == (out / "journeys/reis/index.html").resolve()
    # a page that is gone now links to the overview
    gone = out / "versions/review-1/workshop/index.html"
    [now] = links(gone, "data-version-current")
    assert (gone.parent / now).resolve() == (out / "index.html").resolve()
    assert "The current site" in gone.read_text()
    # the current site has no banner
    assert 'class="jg-version-banner"' not in (out / "journeys/reis/index.html").read_text()


def test_every_page_has_a_menu_whose_links_resolve(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(repo, out)
    expected = [out / "index.html"] + [out / "versions" / t / "index.html" for t in TAGS[::-1]]
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 20
    for page in pages:
        targets = [(page.parent / href).resolve() for href in menu_links(page)]
        assert targets == [p.resolve() for p in expected], page
        assert all(not href.startswith("/") for href in menu_links(page))  # any sub-path


def test_an_old_version_does_not_change_with_the_current_content(
    repo: Path, tmp_path: Path
) -> None:
    first = run(repo, tmp_path / "one", memo=open_memo(repo))
    assert first.out is not None
    before = tree(tmp_path / "one" / "versions")
    retitle(repo, "Weer iets anders")
    run(repo, tmp_path / "two", memo=open_memo(repo))  # reused from the cache
    run(repo, tmp_path / "three")  # built again
    assert tree(tmp_path / "two" / "versions") == before
    assert tree(tmp_path / "three" / "versions") == before


def test_versions_are_reused_by_commit(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = open_memo(repo)
    run(repo, tmp_path / "one", memo=memo)
    save_memo(memo, repo)

    def no_checkout(*args: object) -> Path:
        raise AssertionError("a version was checked out again")

    monkeypatch.setattr(versions_module, "checkout", no_checkout)
    retitle(repo, "Nog een titel")
    run(repo, tmp_path / "two", memo=open_memo(repo))
    assert tree(tmp_path / "two" / "versions") == tree(tmp_path / "one" / "versions")


def test_a_broken_tag_is_skipped_with_its_first_error(repo: Path, tmp_path: Path) -> None:
    journey = repo / "content/journeys/reis.md"
    good = journey.read_text()
    journey.write_text(good.replace("persona: eva", "persona: nobody"))
    commit(repo, "broken", "review-4", 4)
    journey.write_text(good)
    result = run(repo, tmp_path / "site")
    [warning] = [d for d in result.warnings if "review-4" in d.message]
    assert warning.path == "journeygen.yml" and warning.line == 2
    assert "version 'review-4'" in warning.message
    assert "content/journeys/reis.md:" in warning.message  # its first error, with file:line
    assert not (tmp_path / "site/versions/review-4").exists()
    rows = json.loads((tmp_path / "site/versions.json").read_text())["versions"]
    assert "review-4" not in [r["tag"] for r in rows]
    strict = build(Project.find(repo), out=tmp_path / "strict", strict=True)
    assert any("review-4" in d.message for d in strict.errors)
    assert not (tmp_path / "strict").exists()


def test_patterns_that_match_nothing_or_are_bad(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(repo, tmp_path / "site", versions="release-*")
    [warning] = [d for d in result.warnings if d.path == "command line (--versions)"]
    assert warning.message == "versions: no git tag matches 'release-*'"
    os.chdir(repo)
    assert main(["build", "--versions", "a b", "--out", str(tmp_path / "bad")]) == 1
    err = capsys.readouterr().err
    assert "command line (--versions):1:1: error: 'a b' is not a tag pattern" in err
    (repo / "journeygen.yml").write_text("title: Reizen\nversions: '../*'\n")
    assert main(["build", "--out", str(tmp_path / "bad")]) == 1
    assert "journeygen.yml:2:11: error: '../*' is not a tag pattern" in capsys.readouterr().err


def test_tags_that_cannot_be_folder_names_are_skipped(repo: Path, tmp_path: Path) -> None:
    git(repo, "tag", 'review-"><b>')
    git(repo, "tag", "REVIEW-1")
    result = run(repo, tmp_path / "site", versions="*")
    messages = [d.message for d in result.warnings]
    assert "tag 'review-\"><b>' skipped: its folder name is not a plain name" in messages
    assert "tag 'review-1' skipped: its folder name is taken" in messages  # REVIEW-1 first
    names = sorted(p.name for p in (tmp_path / "site/versions").iterdir())
    assert names == ["REVIEW-1", "review-2", "review-3"]


def test_a_tag_with_a_link_out_of_the_project_is_skipped(repo: Path, tmp_path: Path) -> None:
    (repo / "content/assets").mkdir()
    (repo / "content/assets/secret.txt").symlink_to("/etc/passwd")
    commit(repo, "link", "review-4", 4)
    (repo / "content/assets/secret.txt").unlink()
    result = run(repo, tmp_path / "site")
    [warning] = [d for d in result.warnings if "review-4" in d.message]
    assert "skipped" in warning.message
    assert not (tmp_path / "site/versions/review-4").exists()


def test_no_versions_no_menu(repo: Path, tmp_path: Path) -> None:
    (repo / "journeygen.yml").write_text("title: Reizen\n")
    run(repo, tmp_path / "site")
    assert not (tmp_path / "site/versions.json").exists()
    assert "jg-versions" not in (tmp_path / "site/index.html").read_text()


# --- the audience and passwords apply to every version -----------------------------------------


def test_client_audience_applies_to_every_version(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(AUDIENCE_FILES)
    git(root, "init", "-q", "-b", "main")
    commit(root, "one", "review-1", 1)
    commit_note = root / "content/pages/later.md"
    commit_note.write_text("---\ntitle: Later\n---\nLater.\n")
    commit(root, "two", "review-2", 2)
    out = run(root, tmp_path / "client", audience="client", versions="review-*").out
    assert out is not None
    assert (out / "versions/review-1/index.html").is_file()
    assert leaks(out, list(INTERNAL.values())) == []


def test_the_current_password_protects_old_versions(repo: Path, tmp_path: Path) -> None:
    (repo / "journeygen.yml").write_text(
        f"title: Reizen\nversions: review-*\npassword_env: {PASSWORD_ENV}\n"
    )
    environ = {PASSWORD_ENV: PASSWORD}
    out = run(repo, tmp_path / "site", environ=environ).out
    assert out is not None
    old = (out / "versions/review-2/journeys/reis/index.html").read_text()
    assert "Tweede titel" not in old
    assert "Derde titel" not in (out / "versions/review-3/journeys/reis/index.html").read_text()


# --- what changed since each version ----------------------------------------------------------


def test_what_changed_since_each_version(repo: Path, tmp_path: Path) -> None:
    journey = repo / "content/journeys/reis.md"
    journey.write_text(journey.read_text().replace("emotion: -1", "emotion: 1.5"))
    journey.write_text(journey.read_text().replace("target: 500", "target: 900"))
    out = tmp_path / "site"
    run(repo, out)
    for tag in TAGS:
        assert (out / "changes" / tag / "index.html").is_file()
        page = out / "changes" / tag / "journeys/reis/index.html"
        text = page.read_text()
        assert "jg-curve--then-now" in text  # the curve then and now
        assert tag in text and "Now" in text
        assert "500" in text and "900" in text  # the KPI's target then and now
        for href in re.findall(r'href="([^"#?]+)', text):
            assert (page.parent / href).exists(), (page, href)
        # the old version's banner links here
        old = out / "versions" / tag / "journeys/reis/index.html"
        [changes] = links(old, "data-version-changes")
        assert (old.parent / changes).resolve() == (out / "changes" / tag / "index.html")
    overview = (out / "changes/review-1/index.html").read_text()
    assert "Changes since review-1 (2026-01-01)" in overview


def test_every_link_of_a_site_with_versions_resolves(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(repo, out)
    broken = []
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text()):
            if "://" in href or href.startswith(("mailto:", "data:")):
                continue
            if not (page.parent / href).exists():
                broken.append(f"{page.relative_to(out)}: {href}")
    assert broken == []


def test_a_client_build_never_reuses_a_team_build_s_version(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Only a touchpoint is internal: the client's site has the same pages as the team's,
    so only the audience tells their versions apart."""
    root = make_project({})
    journey = root / "content/journeys/reis.md"
    public = "{id: google-ads, name: Google Ads, channel: ads, owner: marketing}"
    internal = public.replace("Google Ads", "Kabouterloket")[:-1] + ", visibility: internal}"
    journey.write_text(journey.read_text().replace(public, internal))
    git(root, "init", "-q", "-b", "main")
    commit(root, "one", "review-1", 1)
    memo = open_memo(root)
    team = run(root, tmp_path / "team", versions="review-*", memo=memo)
    save_memo(memo, root)
    assert team.out is not None
    assert "Kabouterloket" in (team.out / "versions/review-1/journeys/reis/index.html").read_text()
    client = run(
        root, tmp_path / "client", audience="client", versions="review-*", memo=open_memo(root)
    )
    assert client.out is not None
    assert (client.out / "versions/review-1/index.html").is_file()
    assert leaks(client.out, ["Kabouterloket"]) == []


def test_serve_and_check_render_show_the_current_site_only(repo: Path) -> None:
    """A build that writes nothing (serve's, `check --render`) builds no version."""
    result = build(Project.find(repo), write=False)
    assert not result.errors
    assert not [o.path for o in result.outputs if o.path.startswith(("versions", "changes/"))]
