"""`journeygen gh-deploy`: commit a built site to the `gh-pages` branch and push it.

Like `mkdocs gh-deploy` (which uses ghp-import): the commit is made with `git fast-import`
straight into the object database, so the working tree, the index and HEAD are never
touched. The new commit's parent is the branch as it is on the remote (else as it is
here), so every deploy adds one commit and a push is a fast-forward. The branch gets a
`.nojekyll` (GitHub Pages would otherwise run Jekyll, which drops `_`-folders) and keeps a
`CNAME` that GitHub wrote there when a custom domain was set.

Only git is run here; building is the caller's job (`cli` builds first).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeygen.publish.write import MANIFEST

NOJEKYLL = ".nojekyll"
CNAME = "CNAME"
DEFAULT_MESSAGE = "Deploy {sha} from {branch}"
_GITHUB = re.compile(r"github\.com[:/]+(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


class DeployError(Exception):
    """A problem the user can fix (no repository, no remote, push rejected); says how."""


@dataclass(frozen=True)
class Deployed:
    commit: str  # the new commit on the branch
    source: str  # short sha of the commit the site was built from
    source_branch: str
    remote: str
    branch: str
    files: int
    pages_url: str | None  # https://owner.github.io/repo/ when the remote is on GitHub


class Repository:
    """The git repository that holds a project, driven through the git command line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            top = self.git("rev-parse", "--show-toplevel")
        except DeployError:
            raise DeployError(
                f"{path} is not in a git repository; run `git init`, commit the project "
                "and add a remote (git remote add origin <url>) first"
            ) from None
        self.root = Path(top)

    def git(self, *args: str, stdin: bytes | None = None, check: bool = True) -> str:
        """Run git in the project folder; its output, or DeployError with git's message."""
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.path,
                input=stdin,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError:
            raise DeployError("git is not installed (or not on the PATH)") from None
        if check and done.returncode != 0:
            raise DeployError(_message(done.stderr) or f"git {args[0]} failed")
        return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""

    def remote_url(self, remote: str) -> str:
        url = self.git("remote", "get-url", remote, check=False)
        if not url:
            known = self.git("remote").split()
            hint = f"known remotes: {', '.join(known)}" if known else "this repository has none"
            raise DeployError(
                f"no git remote '{remote}' ({hint}); add one with "
                f"`git remote add {remote} <url>` or choose one with --remote"
            )
        return url

    def source(self) -> tuple[str, str]:
        """(short sha, branch name) of HEAD: what the deploy message names."""
        sha = self.git("rev-parse", "--short", "HEAD", check=False)
        if not sha:
            raise DeployError(
                "this repository has no commit yet; commit the project first, so that the "
                "deploy can name the commit it was built from"
            )
        branch = self.git("symbolic-ref", "--short", "-q", "HEAD", check=False)
        return sha, branch or "detached HEAD"

    def changes(self, exclude: Path | None = None) -> list[str]:
        """Uncommitted changes in the project folder, not counting the folder `exclude`."""
        spec = ["."]
        project = self.path.resolve()
        if exclude is not None and exclude.resolve().is_relative_to(project):
            spec.append(f":(exclude){exclude.resolve().relative_to(project).as_posix()}")
        return self.git("status", "--porcelain", "--", *spec).splitlines()

    def tip(self, ref: str) -> str | None:
        return self.git("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False) or None

    def remote_tip(self, remote: str, branch: str) -> str | None:
        """The branch's commit on the remote, fetched so it can be a parent; None if absent."""
        listed = self.git("ls-remote", "--heads", remote, f"refs/heads/{branch}")
        if not listed:
            return None
        self.git("fetch", "-q", remote, f"refs/heads/{branch}")
        return listed.split()[0]


def pages_url(remote_url: str) -> str | None:
    """Where GitHub Pages serves a repository's site, from its remote URL."""
    match = _GITHUB.search(remote_url)
    if match is None:
        return None
    owner, repo = match["owner"], match["repo"]
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{repo.lower()}/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def site_files(site_dir: Path) -> list[str]:
    """The files to publish: everything in the built folder but journeygen's manifest.
    A link in it is refused, never read: a build makes none (and refuses a linked output
    folder), so one there was put there to publish what it leads to."""
    if site_dir.is_symlink():
        raise DeployError(f"{site_dir} is a link: refusing to publish what it leads to")
    found = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(site_dir).as_posix()
            if path.is_symlink():
                raise DeployError(
                    f"{rel} in {site_dir} is a link: refusing to publish what it leads to"
                )
            if name in filenames and rel != MANIFEST:
                found.append(rel)
    return sorted(found)


def check_repository(project: Path, remote: str) -> Repository:
    """Fail early, before building, when there is nothing to push to."""
    repo = Repository(project)
    repo.remote_url(remote)
    repo.source()
    return repo


def gh_deploy(
    repo: Repository,
    site_dir: Path,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str | None = None,
    force: bool = False,
) -> Deployed:
    """Commit the contents of `site_dir` to `branch` and push it to `remote`."""
    url = repo.remote_url(remote)
    sha, source_branch = repo.source()
    if repo.git("symbolic-ref", "-q", "HEAD", check=False) == f"refs/heads/{branch}":
        raise DeployError(
            f"the branch '{branch}' is checked out here; switch to the branch with your "
            f"project (git switch main) and deploy from there"
        )
    text = (message or DEFAULT_MESSAGE).replace("{sha}", sha).replace("{branch}", source_branch)
    parent = repo.remote_tip(remote, branch) or repo.tip(f"refs/heads/{branch}")
    files = site_files(site_dir)
    cname = None
    if CNAME not in files and parent is not None:
        cname = repo.git("rev-parse", "-q", "--verify", f"{parent}:{CNAME}", check=False) or None
    stream = _fast_import_stream(
        site_dir, files, branch=branch, message=text, parent=parent,
        ident=_ident(repo), cname_blob=cname,
    )  # fmt: skip
    repo.git("fast-import", "--quiet", "--force", stdin=b"".join(stream))
    commit = repo.git("rev-parse", f"refs/heads/{branch}")
    try:
        repo.git("push", *(["--force"] if force else []), remote, f"{commit}:refs/heads/{branch}")
    except DeployError as exc:
        raise DeployError(
            f"git push to {remote} ({url}) was refused: {exc}\n"
            f"    hint: if someone else deployed in between, run gh-deploy again; "
            f"--force replaces the remote '{branch}' branch"
        ) from None
    count = len(files) + (NOJEKYLL not in files) + (cname is not None)
    return Deployed(commit, sha, source_branch, remote, branch, count, pages_url(url))


def _ident(repo: Repository) -> bytes:
    ident = repo.git("var", "GIT_COMMITTER_IDENT", check=False)
    if not ident:
        raise DeployError(
            "git does not know who you are; set it with "
            '`git config --global user.name "Your Name"` and '
            "`git config --global user.email you@example.com`"
        )
    return ident.encode("utf-8")


def _fast_import_stream(
    site_dir: Path,
    files: Sequence[str],
    *,
    branch: str,
    message: str,
    parent: str | None,
    ident: bytes,
    cname_blob: str | None,
) -> Iterator[bytes]:
    """A `git fast-import` stream for one commit whose tree is exactly `files`."""
    encoded = message.encode("utf-8")
    yield b"commit refs/heads/" + branch.encode("utf-8") + b"\n"
    yield b"committer " + ident + b"\n"
    yield b"data %d\n" % len(encoded) + encoded + b"\n"
    if parent is not None:
        yield b"from " + parent.encode("ascii") + b"\n"
    yield b"deleteall\n"
    if cname_blob is not None:  # GitHub wrote it when a custom domain was set: keep it
        yield b"M 100644 " + cname_blob.encode("ascii") + b" " + CNAME.encode() + b"\n"
    for rel in files:
        data = (site_dir / rel).read_bytes()
        yield b"M 100644 inline " + _quote(rel) + b"\n"
        yield b"data %d\n" % len(data) + data + b"\n"
    if NOJEKYLL not in files:
        yield b"M 100644 inline " + NOJEKYLL.encode() + b"\ndata 0\n\n"


def _quote(path: str) -> bytes:
    """A path as fast-import reads it: C-style quoted when it needs to be."""
    raw = path.encode("utf-8")
    if not any(c in raw for c in b'"\\\n') and not raw.startswith(b'"'):
        return raw
    escaped = raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    return b'"' + escaped + b'"'


def _message(stderr: bytes) -> str:
    """git's error output on one line (the last few lines: that is where the reason is)."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    return "; ".join(line for line in lines[-4:] if line)
