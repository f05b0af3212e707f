"""Write outputs to the site folder atomically.

The new site is written into a temporary folder beside the output folder and swapped
in with one atomic exchange (Linux's renameat2 RENAME_EXCHANGE; elsewhere two renames),
so readers (and a server) see either the old or the new site, and a failed or killed
build leaves the previous site as it was. Leftover temporary folders from killed builds
are removed by the next build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from journeygen.core.progress import SILENT, Progress
from journeygen.render.outputs import Bytes, MovedFile, Output

TEMP_PREFIX = ".journeygen-"


class UnsafeOutput(Exception):
    """The output folder is one journeygen must never replace (the project, home, /), or
    must not be written through (a link)."""


LINK_HINT = (
    "journeygen never reads or writes the output folder through a link (it could publish "
    "any file the link leads to): remove the link, or delete the folder and build again"
)


def check_output_dir(
    out: Path, project_root: Path, content_dir: Path, *, in_project: bool = False
) -> None:
    """Raise UnsafeOutput when `out` must not be replaced: it is a link, a folder the
    build reads or that holds the project, or (`in_project`: named in journeygen.yml)
    a folder that a link in its path leads out of the project."""
    if out.is_symlink():
        raise UnsafeOutput(f"the output folder is a link to '{os.readlink(out)}'")
    if in_project and not out.resolve().is_relative_to(project_root.resolve()):
        raise UnsafeOutput(
            f"the output folder leads outside the project, to {out.resolve()}, "
            "through a link in its path"
        )
    out = out.resolve()
    forbidden = {
        Path("/").resolve(): "the file system root",
        Path.home().resolve(): "your home folder",
        project_root.resolve(): "the project folder",
        content_dir.resolve(): "the content folder",
    }
    if out in forbidden:
        raise UnsafeOutput(f"refusing to use {forbidden[out]} ({out}) as the output folder")
    for protected in (project_root.resolve(), content_dir.resolve()):
        if protected.is_relative_to(out):
            raise UnsafeOutput(
                f"refusing to write the site over {protected}, which is inside {out}"
            )
    if content_dir.resolve() in out.parents or out == content_dir.resolve():
        raise UnsafeOutput(f"refusing to write the site inside the content folder ({out})")


def links_in(out: Path) -> list[Path]:
    """The links inside the folder `out` (files and folders; none is followed), sorted.
    scandir's entry types need no stat of their own: ~25,000 files take a few ms."""
    found: list[Path] = []
    folders = [str(out)] if out.is_dir() and not out.is_symlink() else []
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
    return sorted(found)


def _clear_stale(parent: Path, name: str, kinds: str = "new|old") -> None:
    """Remove what killed builds into `name` left: exactly our mkdtemp names, no more.

    A build into `site-preview/` beside `site/` has temporary folders that start like
    ours; matching the whole name leaves them alone.
    """
    ours = re.compile(re.escape(f"{TEMP_PREFIX}{name}-") + f"({kinds})" + r"-[a-z0-9_]{8}")
    for stale in parent.glob(f"{TEMP_PREFIX}{name}-*"):
        if ours.fullmatch(stale.name) and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def scratch_folder(out: Path, wanted: bool) -> Iterator[Path | None]:
    """A scratch folder beside `out` (same file system: its files are moved, not copied,
    into the new site), removed afterwards; None when not `wanted` (nothing is written)."""
    if not wanted:
        yield None
        return
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(out.parent, out.name, "scratch")  # of killed builds
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-scratch-", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


MANIFEST = ".journeygen-files"


def _foreign_files(out: Path, produced: set[str]) -> list[str]:
    """Files in `out` that no journeygen build made (a CNAME, a verification file...)."""
    if not out.is_dir():
        return []
    manifest = out / MANIFEST
    ours = set(manifest.read_text("utf-8").splitlines()) if manifest.is_file() else set()
    found = []
    prefix = len(str(out)) + 1
    for dirpath, _dirs, files in os.walk(out):
        folder = dirpath[prefix:].replace(os.sep, "/")
        for name in files:
            rel = f"{folder}/{name}" if folder else name
            if os.path.islink(os.path.join(dirpath, name)):
                continue  # never read through (build refuses a site with links)
            if rel not in ours and rel not in produced and rel != MANIFEST:
                found.append(rel)
    return sorted(found)


# What a build wrote to one path: the output's `identity`, and the file's inode, size and
# modification time just after the build (the file is still those bytes while they hold).
FileRecord = tuple[str, int, int, int]


def write_site(
    outputs: Iterable[Output],
    out: Path,
    *,
    clean: bool = False,
    known: dict[str, FileRecord] | None = None,
    progress: Progress = SILENT,
) -> int:
    """Replace the folder `out` by `outputs`; returns the number of files written.

    Files of the previous build that this build does not make are gone (no stale
    pages of removed journeys). Files that no build made, such as a CNAME put there by
    hand, are kept unless `clean` is set.

    `known`: what the previous build wrote to `out` (by path), replaced by what this one
    wrote. An output with an `identity` that the previous build wrote to the same path, in a
    file unchanged since, is that file: linked into the new site, not copied (a build with
    the cache copies no unchanged page).
    """
    out = out.absolute()
    if out.is_symlink():  # build reports it, and links inside; a guard for other callers
        raise UnsafeOutput(f"the output folder {out} is a link")
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(parent, out.name)
    staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-new-", dir=parent))
    count = 0
    try:
        outputs = list(outputs)
        progress.step("Writing files", len(outputs))
        produced = {output.path for output in outputs}
        keep = [] if clean else _foreign_files(out, produced)
        for rel in keep:
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(out / rel, staging / rel, follow_symlinks=False)
        (staging / MANIFEST).write_text("\n".join(sorted(produced)) + "\n", "utf-8")
        previous = known or {}  # replaced only once every file is written
        records: dict[str, FileRecord] = {}
        folders: set[str] = set()
        for output in outputs:  # paths as text: ~25,000 Path objects less at 1,000 journeys
            target = os.path.join(staging, output.path)
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            _write(output, target, os.path.join(out, output.path), previous.get(output.path))
            if not isinstance(output, Bytes) and output.identity is not None and known is not None:
                stat = os.stat(target)
                records[output.path] = (output.identity, stat.st_ino, stat.st_size,
                                        stat.st_mtime_ns)  # fmt: skip
            count += 1
            if count % 100 == 0:
                progress.advance(100)
        progress.advance(count % 100)
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if known is not None:
        known.clear()
        known.update(records)
    return count


def _write(output: Output, target: str, before: str, record: FileRecord | None) -> None:
    """Put `output` at `target` in the new site; `before` is its path in the previous one,
    where the previous build wrote `record`."""
    if isinstance(output, Bytes):
        with open(target, "wb") as file:
            file.write(output.data)
    elif output.identity is not None and _unchanged(before, record, output.identity):
        if not _link(before, target):
            shutil.copyfile(output.source, target)
    elif isinstance(output, MovedFile):
        try:
            os.replace(output.source, target)  # a page rendered into the scratch folder
        except OSError:
            shutil.copyfile(output.source, target)
    else:
        shutil.copyfile(output.source, target)


def _unchanged(file: str, record: FileRecord | None, identity: str) -> bool:
    """Whether `file` is still what the previous build wrote there as `identity`."""
    if record is None or record[0] != identity:
        return False
    try:
        stat = os.lstat(file)
    except OSError:
        return False
    return record[1:] == (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _link(source: str, target: str) -> bool:
    """A second name for `source` in the new site (the old site's name goes with it): no
    bytes copied. False where the file system has no hard links, or `out` is a mount."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # glibc before 2.28, musl
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if out.is_dir() and not out.is_symlink() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
