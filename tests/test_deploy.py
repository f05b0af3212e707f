"""deploy: `journeygen gh-deploy` pushes the built site to gh-pages and touches nothing else.

Every test pushes to a bare repository in tmp_path; no network.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.cli import main
from journeygen.publish.deploy import DeployError, pages_url, site_files


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git config of our own: no user settings, a known identity, `main` as first branch."""
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Test Deployer\n\temail = deploy@example.com\n"
        "[init]\n\tdefaultBranch = main\n",
        "utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


@pytest.fixture
def repo(make_project: MakeProject, remote: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed project with `origin` pointing at the bare repository; cwd is its root."""
    root = make_project({"journeygen.yml": "title: Reizen\n", ".gitignore": "site/\n"})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Journeys")
    git(root, "remote", "add", "origin", str(remote))
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """What the user works with: HEAD, branch, index, status and every file outside .git."""
    files = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
    return {
        "head": git(root, "rev-parse", "HEAD"),
        "branch": git(root, "symbolic-ref", "HEAD"),
        "index": hashlib.sha256((root / ".git" / "index").read_bytes()).hexdigest(),
        "status": git(root, "status", "--porcelain", "--untracked-files=all"),
        **files,
    }


def test_deploys_the_site_to_gh_pages_and_leaves_the_work_alone(
    repo: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["build"])  # site/ exists before, as it would for a user; it is ignored by git
    (repo / "notes.txt").write_text("not committed", "utf-8")  # an untracked file stays
    git(repo, "add", "notes.txt")  # ...and staged: the index must stay as it is
    before = snapshot(repo)
    assert main(["gh-deploy"]) == 0
    assert snapshot(repo) == before

    short = git(repo, "rev-parse", "--short", "HEAD")
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == f"Deploy {short} from main"
    assert git(remote, "log", "--format=%an", "gh-pages") == "Test Deployer"
    published = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    built = {
        p.relative_to(repo / "site").as_posix()
        for p in (repo / "site").rglob("*")
        if p.is_file() and p.name != ".journeygen-files"
    }
    assert published == built | {".nojekyll"}
    assert {"index.html", "journeys/reis/index.html", "404.html"} <= published
    assert git(remote, "cat-file", "-s", "gh-pages:.nojekyll") == "0"
    index = git(remote, "show", "gh-pages:index.html")
    assert index == (repo / "site" / "index.html").read_text("utf-8").strip()
    # the local gh-pages branch follows the remote one; HEAD stays on main
    assert git(repo, "rev-parse", "gh-pages") == git(remote, "rev-parse", "gh-pages")
    out = capsys.readouterr()
    assert f"Deployed {short} from main to origin/gh-pages" in out.out
    assert "Deploy from a branch" in out.out
    assert "1 uncommitted change in the project" in out.err


def test_a_second_deploy_adds_a_commit_and_drops_removed_pages(repo: Path, remote: Path) -> None:
    (repo / "content/pages").mkdir(parents=True)
    (repo / "content/pages/over.md").write_text("---\ntitle: Over\n---\nHallo.\n", "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "About page")
    assert main(["gh-deploy"]) == 0
    first = git(remote, "rev-parse", "gh-pages")
    assert "over/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")

    git(repo, "rm", "-q", "content/pages/over.md")
    git(repo, "commit", "-q", "-m", "No about page")
    assert main(["gh-deploy", "--message", "Site for {branch} at {sha}"]) == 0
    short = git(repo, "rev-parse", "--short", "HEAD")
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == f"Site for main at {short}"
    assert git(remote, "rev-parse", "gh-pages^") == first
    assert "over/index.html" not in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")


def test_a_cname_on_the_branch_is_kept(repo: Path, remote: Path, tmp_path: Path) -> None:
    """GitHub commits a CNAME to gh-pages when a custom domain is set; a deploy keeps it."""
    assert main(["gh-deploy"]) == 0
    other = tmp_path / "elsewhere"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(remote), str(other))
    (other / "CNAME").write_text("reizen.glans.nl\n", "utf-8")
    git(other, "add", "CNAME")
    git(other, "commit", "-q", "-m", "Create CNAME")
    git(other, "push", "-q", "origin", "gh-pages")

    assert main(["gh-deploy"]) == 0
    assert git(remote, "show", "gh-pages:CNAME") == "reizen.glans.nl"
    assert git(remote, "log", "-1", "--format=%s", "gh-pages^") == "Create CNAME"


def test_another_branch_and_remote(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.git"
    subprocess.run(["git", "init", "-q", "--bare", str(other)], check=True)
    git(repo, "remote", "add", "pages", str(other))
    assert main(["gh-deploy", "--remote", "pages", "--branch", "site"]) == 0
    assert "index.html" in git(other, "ls-tree", "--name-only", "site")


def test_not_a_git_repository(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({})
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    assert main(["gh-deploy"]) == 1
    err = capsys.readouterr().err
    assert "is not in a git repository" in err and "git init" in err
    assert "Traceback" not in err
    assert not (root / "site").exists()  # nothing is built when there is nowhere to push


def test_no_remote(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "remote", "remove", "origin")
    assert main(["gh-deploy"]) == 1
    err = capsys.readouterr().err
    assert "no git remote 'origin' (this repository has none)" in err
    assert "git remote add origin <url>" in err
    assert main(["gh-deploy", "--remote", "upstream"]) == 1


def test_no_commit_yet(
    make_project: MakeProject, remote: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    root = make_project({})
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", str(remote))
    monkeypatch.chdir(root)
    assert main(["gh-deploy"]) == 1
    assert "no commit yet; commit the project first" in capsys.readouterr().err


def test_a_rejected_push_is_a_clear_error(
    repo: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'gh-pages is protected' >&2\nexit 1\n", "utf-8")
    hook.chmod(0o755)
    main(["build"])
    before = snapshot(repo)
    assert main(["gh-deploy"]) == 1
    err = capsys.readouterr().err
    assert "git push to origin" in err and "was refused" in err
    assert "gh-pages is protected" in err
    assert "Traceback" not in err
    assert snapshot(repo) == before
    assert git(remote, "branch", "--list", "gh-pages") == ""


def test_a_build_error_deploys_nothing(
    repo: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "content/journeys/reis.md").write_text("---\ntitle: Kapot\n---\n", "utf-8")
    assert main(["gh-deploy"]) == 1
    assert "nothing was deployed" in capsys.readouterr().err
    assert git(remote, "branch", "--list", "gh-pages") == ""


def test_refuses_when_gh_pages_is_checked_out(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "switch", "-q", "-c", "gh-pages")
    assert main(["gh-deploy"]) == 1
    assert "the branch 'gh-pages' is checked out here" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:glans/klantreizen.git", "https://glans.github.io/klantreizen/"),
        ("https://github.com/Glans/klantreizen", "https://glans.github.io/klantreizen/"),
        ("https://github.com/glans/glans.github.io.git", "https://glans.github.io/"),
        ("/tmp/remote.git", None),
        ("https://gitlab.com/glans/klantreizen.git", None),
    ],
)
def test_pages_url(url: str, expected: str | None) -> None:
    assert pages_url(url) == expected


def test_a_symlinked_site_folder_pushes_nothing(
    repo: Path, remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A committed `site -> ~/.ssh` once pushed the key to gh-pages (issue 16, case 1)."""
    secrets = tmp_path / "home-ssh"
    secrets.mkdir()
    (secrets / "id_rsa").write_text("PRIVATE KEY", "utf-8")
    (repo / "site").symlink_to(secrets, target_is_directory=True)
    assert main(["gh-deploy"]) == 1
    err = capsys.readouterr().err
    assert "site:1:1: error: the output folder is a link" in err
    assert "Traceback" not in err
    assert git(remote, "branch", "--list") == ""
    assert sorted(p.name for p in secrets.iterdir()) == ["id_rsa"]


def test_site_files_refuses_links(tmp_path: Path) -> None:
    """A guard under the build's own check: gh-deploy reads no file through a link."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", "utf-8")
    assert site_files(site) == ["index.html"]
    (site / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(DeployError, match=r"passwd\.txt in .* is a link"):
        site_files(site)
    (site / "passwd.txt").unlink()
    (site / "keys").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(DeployError, match=r"keys in .* is a link"):
        site_files(site)
    (tmp_path / "linked").symlink_to(site, target_is_directory=True)
    with pytest.raises(DeployError, match="is a link"):
        site_files(tmp_path / "linked")


def test_deploys_the_tagged_versions(repo: Path, remote: Path) -> None:
    """`versions:` publishes each tag's version with gh-deploy as with build."""
    git(repo, "tag", "review-1")
    (repo / "journeygen.yml").write_text("title: Reizen\nversions: review-*\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Versions")
    git(repo, "tag", "review-2")
    assert main(["gh-deploy"]) == 0
    published = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {"versions.json", "versions/review-1/index.html", "versions/review-2/index.html"} <= (
        published
    )
    assert main(["gh-deploy", "--versions", "review-1"]) == 0
    published = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert "versions/review-1/index.html" in published
    assert "versions/review-2/index.html" not in published
