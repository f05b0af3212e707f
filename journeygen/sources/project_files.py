"""Finding and reading a project's files safely: text with its size limit and encoding,
folder listings that report links leaving the content folder, asset lists, ids from file
names, and paths as diagnostics show them."""

from __future__ import annotations

import math
import os
import posixpath
import re
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from journeygen.core.diagnostics import Diagnostic
from journeygen.core.limits import MAX_CSV_BYTES, MAX_FILE_BYTES
from journeygen.core.reuse import FRESH, Reuse, Step

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MB = 1024 * 1024


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"


def inside_project(written: str) -> bool:
    """Whether a folder named in journeygen.yml (`content_dir`, `output_dir`) is relative
    and stays inside the project: not `/...`, `C:\\...` or `../...`."""
    path = written.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return False
    return not posixpath.normpath(path).startswith("..")


def relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


SETTLED_NS = 2_000_000_000  # a file changed this long before it is read is taken by its stat


def read_text(
    path: Path,
    shown: str,
    problems: list[Diagnostic],
    limit: int = MAX_FILE_BYTES,
    reuse: Reuse = FRESH,
) -> str | None:
    """The text of the file `path` (shown as `shown`), or None with problems. With a cache
    (`reuse`: serve's), a file whose inode, size, modification and change times are those
    of the last read is not read again, as long as it had settled then: changed more than
    `SETTLED_NS` before that read (else a second change within the clock's granularity
    could keep the same times; git's "racily clean" rule)."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        problems.append(Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror}"))
        return None
    now = time.time_ns()
    key: object = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > now - SETTLED_NS:
        key = ("unsettled", now)  # read now, and never taken by its stat later
    return reuse.recall_checked(
        Step.TEXT,
        shown,
        key,
        lambda found: _read_text(path, shown, found, limit, stat.st_size),
        problems,
    )


def _read_text(
    path: Path, shown: str, problems: list[Diagnostic], limit: int, size: int
) -> str | None:
    try:
        if size > limit:
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"file is too large ({math.ceil(size / _MB * 10) / 10} MB; "
                    f"the limit is {limit // _MB} MB)",
                    "split the measurements over several CSV files in content/data/"
                    if limit == MAX_CSV_BYTES
                    else "split it: one persona, journey or page per file",
                )
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Diagnostic(
                shown,
                line,
                col,
                "file is not valid UTF-8",
                "save the file as UTF-8 (in VS Code: 'Save with Encoding')",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_files(
    folder: Path, exts: Sequence[str], root: Path, problems: list[Diagnostic]
) -> list[Path]:
    """The files of `folder` with one of `exts`, without links that leave the content
    folder (`folder`'s parent): those are reported."""
    if not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as entries:  # the entries' types come with them: no stat each
        listed = sorted((e for e in entries if os.path.splitext(e.name)[1] in exts), key=_name)
    for entry in listed:
        path = folder / entry.name
        if entry.is_symlink() and not readable(path, folder.parent, root, problems):
            continue
        if entry.is_file():
            found.append(path)
    return found


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def readable(path: Path, content: Path, root: Path, problems: list[Diagnostic]) -> bool:
    """Whether `path` may be read: a link must stay inside the content folder and lead
    somewhere. (Editors' lock files, `.#name`, are links to nothing: left alone.)"""
    if not path.is_symlink():
        return True
    if path.name.startswith((".", "#")):
        return False
    shown = relpath(path, root)
    if not path.exists():
        problems.append(
            Diagnostic(shown, 1, 1, "this link leads to no file", "remove the link, or fix it")
        )
        return False
    if not path.resolve().is_relative_to(content.resolve()):
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"this is a link to '{path.resolve()}', outside the folder '{content.name}/'",
                "journeygen reads only files inside the content folder: "
                f"copy the {'folder' if path.is_dir() else 'file'} in instead of linking to it",
            )
        )
        return False
    return True


def content_folder(content: Path, name: str, root: Path, problems: list[Diagnostic]) -> Path:
    """The folder `name` of the content folder; a link out of the content folder is
    reported and stands for no folder (nothing of it is read)."""
    folder = content / name
    if readable(folder, content, root, problems):
        return folder
    return content / ".journeygen-no-folder"


def check_id(path: Path, root: Path, problems: list[Diagnostic]) -> bool:
    if SLUG_RE.match(path.stem):
        return True
    shown = relpath(path, root)
    problems.append(
        Diagnostic(
            shown,
            1,
            1,
            f"file name '{path.name}' is not a valid id",
            f"ids are lower-case letters, digits and '-': rename it to "
            f"'{slugify(path.stem)}{path.suffix}'",
        )
    )
    return False


def list_assets(folder: Path, root: Path, problems: list[Diagnostic]) -> tuple[str, ...]:
    """The files under `folder` (content/assets/), as paths relative to it. Links are
    followed while they stay inside the content folder; a link out of it, to nothing or to
    something that is not a file (a pipe, a device) is reported, and so is a file that
    cannot be read: the build would copy it into the site."""
    if not folder.is_dir():
        return ()
    content = folder.parent
    found: list[str] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        here = Path(dirpath)
        real = os.path.realpath(here)
        if real in seen:  # a link back up: walked already
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and readable(here / d, content, root, problems)
        )
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or not readable(path, content, root, problems):
                continue
            problem = _not_a_file(path)
            if problem:
                problems.append(Diagnostic(relpath(path, root), 1, 1, *problem))
                continue
            found.append(path.relative_to(folder).as_posix())
    return tuple(sorted(found))


def _not_a_file(path: Path) -> tuple[str, str] | None:
    if not path.is_file():
        return (
            "this is not a file (a pipe, socket or device)",
            "content/assets/ holds images and files to publish: remove it",
        )
    if not os.access(path, os.R_OK):
        return ("cannot read file: permission denied", "make the file readable, or remove it")
    return None
