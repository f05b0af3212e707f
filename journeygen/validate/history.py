"""Load an earlier version of a project, from git (a tag or commit) or from a folder,
for `journeygen build --changes-since REF`."""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

from journeygen.analysis.changes import SiteChanges, compare_sites
from journeygen.core.diagnostics import Diagnostic
from journeygen.model.site import Site
from journeygen.sources.read import find_config, read_sources
from journeygen.validate.audience import Audience, for_audience
from journeygen.validate.tags import GitError, git
from journeygen.validate.validate import validate


class HistoryError(Exception):
    """The earlier version cannot be read; the message says why and what to do."""


def _git(root: Path, *args: str) -> bytes:
    try:
        return git(root, *args)
    except GitError as exc:
        if "not installed" in str(exc):
            raise FileNotFoundError(str(exc)) from exc
        raise HistoryError(str(exc)) from exc


def _load(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    sources, problems = read_sources(root, find_config(root))
    site, more = validate(sources)
    return site, [*problems, *more]


def _from_git(root: Path, ref: str, folder: Path) -> tuple[Path, str]:
    """Unpack the project as it was at `ref` into `folder`; returns its root and a label."""
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except FileNotFoundError as exc:
        raise HistoryError("git is not installed; name a folder instead of a git ref") from exc
    except HistoryError as exc:
        raise HistoryError(
            f"'{ref}' is not a tag, branch or commit of this git repository, nor a folder"
        ) from exc
    sha = commit.decode().strip()
    label = ref if ref.startswith(sha[:7]) else f"{ref} ({sha[:7]})"
    return checkout(root, sha, folder), label


def checkout(root: Path, commit: str, folder: Path) -> Path:
    """Unpack the project at `root` as it was at `commit` (a full hash) into `folder`;
    returns the project's root there. Links that point out of it are refused (HistoryError),
    like everything else the tar `data` filter refuses; the project's own checks then treat
    the files as those of any project."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    archive = _git(root, "archive", "--format=tar", commit, "--", ".")  # relative to root
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            tar.extractall(folder, filter="data")
        except (tarfile.FilterError, OSError) as exc:
            raise HistoryError(f"its files cannot be unpacked safely: {exc}") from exc
    return folder / prefix


def changes_since(
    root: Path, since: str, current: Site, audience: Audience = "team"
) -> SiteChanges:
    """The changes from the project at `since` (a folder, or a git ref) to `current`;
    the earlier version is seen by the same `audience` as `current` is."""
    candidate = Path(since)
    if not candidate.is_absolute():
        candidate = root / since
    with tempfile.TemporaryDirectory(prefix="journeygen-since-") as tmp:
        if candidate.is_dir():
            old_root, label = candidate, since
        else:
            old_root, label = _from_git(root, since, Path(tmp))
        old, problems = _load(old_root)
    if old is None:
        first = next((d for d in problems if d.is_error), None)
        where = f" (first: {first.path}:{first.line}: {first.message})" if first else ""
        raise HistoryError(f"the version at '{since}' has errors, so it cannot be compared{where}")
    return compare_sites(for_audience(old, audience), current, since, label)
