"""The memo of parsed files and validated journeys, kept on disk between runs of `build`
and `check`.

Parsing YAML (about 2 ms per journey file) and validating a journey with its KPI rows
(about 1 ms) are most of what `check` does; a file whose text has not changed since the last
run is taken from here instead, and so is its journey when what it refers to (the ids of
personas and journeys, the touchpoint library, its rows of KPI data) is unchanged too; so
are pages and exports whose inputs are unchanged (`page_store.py`). The cache lives in the user's
cache folder (`$XDG_CACHE_HOME/journeygen/`, or `JOURNEYGEN_CACHE_DIR`), one
file per project, never in the project: a pickle is code to Python, and a folder that came
with a cloned repository must never be unpickled. Anything wrong with it (another version
of journeygen, Python or PyYAML, a damaged file, no permission) means starting empty; it is
never an error. `--no-cache` skips it.

Trust: the file is a pickle, so it is unpickled only when this user alone could have
written it (`trusted`: owned by this user, in a folder of this user's, neither writable by
group or others). The format: a pickle of `_stamp()` (FORMAT, journeygen's version, the
code's and the libraries' versions: any difference means starting empty), then the
pickles `_dump` writes (described there); FORMAT changes whenever their layout does.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from journeygen import __version__
from journeygen.cache.memo import Memo
from journeygen.cache.page_store import Store
from journeygen.core.reuse import Step

# The steps kept: parsed files, validated journeys, and the pages with what they were made
# from (the page bytes are files of `page_store.Store`; `page-stamp` and `whole-site` hold what
# every page shares, once, so that pages compare it by identity), and what the last build
# wrote to each output folder (`write.FileRecord`: unchanged pages are linked, not copied),
# and the files of builders that make bytes (the search index).
CACHED_STEPS = (
    Step.DOCUMENT, Step.CSV, Step.JOURNEY_SHARED, Step.JOURNEY, Step.PAGE_STAMP,
    Step.WHOLE_SITE, Step.READS_SITE, Step.PAGE, Step.WRITTEN, Step.BUILDER_BYTES,
    Step.VERSION,
)  # fmt: skip
FORMAT = 5
PROTOCOL = pickle.HIGHEST_PROTOCOL


def cache_file(root: Path) -> Path:
    base = os.environ.get("JOURNEYGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "journeygen"
    )
    project = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return Path(base) / f"{project}.pickle"


def page_store(root: Path) -> Store:
    return Store(cache_file(root).with_suffix(".pages"))


@functools.cache  # once per run: read when the cache is opened and again when it is saved
def _stamp() -> tuple[object, ...]:
    """What a cached result depends on besides its inputs: the code that made it (also when
    journeygen's files are edited in place, as in a development checkout) and the libraries
    that parse, render and write (every dependency that shapes a page or an export)."""
    libraries = (
        "pyyaml", "pydantic", "jinja2", "markdown", "markupsafe", "mermaid-py", "nh3",
        "pillow", "orjson",
    )  # fmt: skip
    return (
        FORMAT,
        __version__,
        _code(),
        sys.version,
        yaml.__with_libyaml__,
        *map(_version, libraries),
    )


def _code() -> str:
    package = Path(__file__).parent.parent  # the whole journeygen package
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cyclic garbage collector: it would scan the growing heap again and again
    while the cache's objects are made (loading took twice as long with it). They stay for
    the whole run, so they are moved out of its sight (`gc.freeze`) before it starts again:
    else its next full pass would walk them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def open_memo(root: Path) -> Memo:
    """A memo with what the last run on this project kept (empty if nothing usable)."""
    memo = Memo(page_store(root))
    try:
        with cache_file(root).open("rb") as file, _no_gc():
            if trusted(file) and pickle.load(file) == _stamp():
                tables, memo.loaded = _load(file, _Loaded.identity(os.fstat(file.fileno())))
                memo.restore(tables)
    except Exception:  # absent, damaged, from another version: start empty
        pass
    memo.begin()
    return memo


def trusted(file: BinaryIO) -> bool:
    """Whether the open cache file may be unpickled: only this user could have written it.
    The file and its folder must belong to this user and be writable by no one else (the
    folder is made with mode 0700, the file by `mkstemp`, mode 0600). A cache file that
    another user could have put there or changed is ignored: unpickling runs code. Where
    there are no user ids (Windows), the user's own cache folder is trusted as it is."""
    if not hasattr(os, "getuid"):
        return True
    uid = os.getuid()
    for stat in (os.fstat(file.fileno()), os.stat(os.path.dirname(os.path.abspath(file.name)))):
        if stat.st_uid != uid or stat.st_mode & 0o022:
            return False
    return True


def save_memo(memo: Memo, root: Path) -> None:
    """Keep what this run used for the next; a cache that cannot be written is skipped.
    A run that parsed nothing anew (every file as last time, or `NO_MEMO`) writes nothing."""
    if not memo.changed(CACHED_STEPS):
        return
    target = cache_file(root)
    temporary = None
    try:
        tables = memo.tables(CACHED_STEPS)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".new-")
        loaded = memo.loaded if isinstance(memo.loaded, _Loaded) else None
        with os.fdopen(handle, "wb") as file, _no_gc(), _previous(target, loaded) as before:
            pickle.dump(_stamp(), file, PROTOCOL)
            _dump(tables, file, loaded if before is not None else None, before)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return
    if memo.page_store is not None:
        pages = {name for _inputs, (name, _diagram) in tables[Step.PAGE].values()}
        versions = {  # a version's files (a broken version's entry is its message)
            name
            for _inputs, names in tables[Step.VERSION].values()
            if isinstance(names, dict)
            for name in names.values()
        }
        memo.page_store.sweep(pages | versions)


# --- the file: three pickles, linked -----------------------------------------------------------
#
# The CSV rows and the files that are not journeys first; then each journey file with its
# validated journey as a pickle of its own, so that what pickle keeps while it writes (every
# object it has seen, and the field tuples made for them) is freed after each journey: as
# one pickle, the journeys of a 1,000-journey project took ~100 MB more memory at the end of
# a build. Last the pages. Journeys refer to CSV rows, pages to journeys, by reference
# (pickle's persistent ids), so that after loading they are the same objects again and
# compare by identity.

Tables = dict[str, dict[Hashable, tuple[Any, Any]]]


@dataclass
class _Loaded:
    """What `_load` read: a journey whose entry is unchanged is written again as the bytes it
    was read from (pickling the journeys is most of the time a save takes), as long as what
    they refer to by number is unchanged too: the CSV rows, and the list of `common` objects.
    The bytes are read again from the file (not held: ~25 MB at 1,000 journeys), if it is
    still the file they were read from."""

    csv: dict[Hashable, tuple[Any, Any]]
    common: list[object]
    journeys: dict[Hashable, tuple[object, int, int]]  # slot -> (entry, offset, length)
    file: tuple[int, int, int, int]  # device, inode, size, mtime of the file read

    @staticmethod
    def identity(stat: os.stat_result) -> tuple[int, int, int, int]:
        return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _dump(tables: Tables, file: BinaryIO, loaded: _Loaded | None, before: BinaryIO | None) -> None:
    documents, journeys, csv = tables["document"], tables["journey"], tables["csv"]
    slot_of = {id(doc): slot for slot, (_text, (doc, _found)) in documents.items()}
    pairs = {slot: slot_of.get(id(inputs[0])) for slot, (inputs, _made) in journeys.items()}
    alone = {slot: entry for slot, entry in documents.items() if slot not in pairs.values()}
    # What every journey was checked against (the ids of all personas and journeys) once.
    # A journey pickled last time refers to it, and to CSV rows, by number: its bytes are
    # used again only while those numbers hold (the same rows; the same objects first).
    used = {id(inputs[1]): inputs[1] for inputs, _made in journeys.values()}
    reuse = (
        loaded is not None
        and all(id(c) in used for c in loaded.common)
        and loaded.csv.keys() == csv.keys()
        and all(loaded.csv[slot] is entry for slot, entry in csv.items())
    )
    earlier = {id(c): c for c in loaded.common} if loaded is not None and reuse else {}
    common = list({**earlier, **used}.values())
    pickle.dump((alone, csv, common), file, PROTOCOL)
    refs: dict[int, tuple[Hashable, ...]] = {id(c): ("common", n) for n, c in enumerate(common)}
    for slot, (_text, (rows, _found)) in csv.items():
        refs.update((id(row), ("row", slot, index)) for index, row in enumerate(rows))
    each: list[bytes | tuple[int, int]] = []  # a new pickle, or where the old one is
    for slot, entry in journeys.items():
        kept_before = loaded.journeys.get(slot) if loaded is not None and reuse else None
        if kept_before is not None and kept_before[0] is entry:
            each.append(kept_before[1:])
            continue
        document = pairs[slot]
        buffer = io.BytesIO()
        kept = None if document is None else (document, documents[document])
        _Pickler(buffer, refs).dump((kept, slot, entry))
        each.append(buffer.getvalue())
    pickle.dump([len(e) if isinstance(e, bytes) else e[1] for e in each], file, PROTOCOL)
    for blob in each:
        if not isinstance(blob, bytes):
            assert before is not None
            before.seek(blob[0])
            blob = before.read(blob[1])
        file.write(blob)
    for slot, (_inputs, (journey, _found)) in journeys.items():
        refs[id(journey)] = ("journey", slot)
    rest = {s: table for s, table in tables.items() if s not in ("document", "csv", "journey")}
    _Pickler(file, refs).dump(rest)


def _load(file: BinaryIO, identity: tuple[int, int, int, int]) -> tuple[Tables, _Loaded]:
    documents, csv, common = pickle.load(file)
    objects: dict[tuple[Hashable, ...], object] = {("common", n): c for n, c in enumerate(common)}
    for slot, (_text, (rows, _found)) in csv.items():
        objects.update((("row", slot, index), row) for index, row in enumerate(rows))
    journeys = {}
    loaded = _Loaded(dict(csv), common, {}, identity)
    for length in pickle.load(file):
        offset = file.tell()
        kept, slot, entry = _Unpickler(io.BytesIO(file.read(length)), objects).load()
        if kept is not None:
            documents[kept[0]] = kept[1]
        journeys[slot] = entry
        loaded.journeys[slot] = (entry, offset, length)
        objects["journey", slot] = entry[1][0]
    tables = {"document": documents, "csv": csv, "journey": journeys,
              **_Unpickler(file, objects).load()}  # fmt: skip
    return tables, loaded


@contextlib.contextmanager
def _previous(target: Path, loaded: _Loaded | None) -> Iterator[BinaryIO | None]:
    """The cache file `loaded` was read from, open, if it is still that file (another run
    may have replaced it since); else None, and every journey is pickled anew."""
    if loaded is None:
        yield None
        return
    try:
        file = target.open("rb")
    except OSError:
        yield None
        return
    with file:
        yield file if _Loaded.identity(os.fstat(file.fileno())) == loaded.file else None


class _Pickler(pickle.Pickler):
    def __init__(self, file: BinaryIO, refs: dict[int, tuple[Hashable, ...]]) -> None:
        super().__init__(file, PROTOCOL)
        self.refs = refs

    def persistent_id(self, obj: object) -> tuple[Hashable, ...] | None:
        return self.refs.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, objects: dict[tuple[Hashable, ...], object]) -> None:
        super().__init__(file)
        self.objects = objects

    def persistent_load(self, pid: tuple[Hashable, ...]) -> object:
        return self.objects[pid]
