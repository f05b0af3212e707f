"""Hatchling build hook: puts the pinned Mermaid script into journeygen/_vendor/mermaid/.

The files are never committed. The hook takes the npm tarball of the pinned version (from the
cache, else `npm pack`), checks its sha512 integrity, extracts only `dist/mermaid.min.js` and
`LICENSE`, and adds them to the wheel. Without npm it warns and builds without them; the site
build then says that the local Mermaid script is missing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MERMAID_VERSION = "11.17.2"
MERMAID_INTEGRITY = (  # `npm view mermaid@11.17.2 dist.integrity`
    "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhM"
    "RD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
)
VENDOR_DIR = Path("journeygen", "_vendor", "mermaid")
MEMBERS = {"package/dist/mermaid.min.js": "mermaid.min.js", "package/LICENSE": "LICENSE"}
MAX_MEMBER_SIZE = 64 * 1024 * 1024


class IntegrityError(ValueError):
    """The tarball is not the one that was pinned."""


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    """Subresource-integrity string of `data`, e.g. `sha512-<base64>`."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def verify_tarball(tarball: Path, integrity: str = MERMAID_INTEGRITY) -> None:
    """Raise IntegrityError unless the tarball's bytes match `integrity`."""
    algorithm = integrity.partition("-")[0]
    actual = integrity_of(tarball.read_bytes(), algorithm)
    if actual != integrity:
        raise IntegrityError(f"{tarball}: integrity {actual}, expected {integrity}")


def extract_vendor(
    tarball: Path,
    dest: Path,
    integrity: str = MERMAID_INTEGRITY,
    version: str = MERMAID_VERSION,
) -> None:
    """Verify the tarball, then write mermaid.min.js, LICENSE and mermaid.json into `dest`.

    Only the two regular files in MEMBERS are read, and written under fixed names, so no path
    from the archive is ever used. mermaid.json is written last: it marks a complete set.
    """
    verify_tarball(tarball, integrity)
    contents: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member_name, file_name in MEMBERS.items():
            try:
                member = archive.getmember(member_name)
            except KeyError:
                raise IntegrityError(f"{tarball}: {member_name} is missing") from None
            if not member.isfile() or member.size > MAX_MEMBER_SIZE:
                raise IntegrityError(f"{tarball}: {member_name} is not a regular file")
            stream = archive.extractfile(member)
            assert stream is not None
            contents[file_name] = stream.read()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mermaid.json").unlink(missing_ok=True)
    for file_name, data in contents.items():
        _write_atomic(dest / file_name, data)
    info = {
        "version": version,
        "sha384": integrity_of(contents["mermaid.min.js"], "sha384").partition("-")[2],
        "integrity": integrity,
    }
    _write_atomic(dest / "mermaid.json", (json.dumps(info, indent=2) + "\n").encode())


def vendor_is_current(
    dest: Path, integrity: str = MERMAID_INTEGRITY, version: str = MERMAID_VERSION
) -> bool:
    """True if `dest` holds the pinned version's files, unchanged since extraction."""
    try:
        info = json.loads((dest / "mermaid.json").read_text(encoding="utf-8"))
        script = (dest / "mermaid.min.js").read_bytes()
        has_license = (dest / "LICENSE").is_file()
    except (OSError, ValueError):
        return False
    return (
        has_license
        and info.get("version") == version
        and info.get("integrity") == integrity
        and info.get("sha384") == integrity_of(script, "sha384").partition("-")[2]
    )


def cache_dir() -> Path:
    """Where verified tarballs are kept between builds (XDG_CACHE_HOME respected)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "journeygen"


def fetch_tarball(version: str = MERMAID_VERSION, integrity: str = MERMAID_INTEGRITY) -> Path:
    """The verified tarball: from the cache, else `npm pack` (whichever registry npm uses)."""
    cached = cache_dir() / f"mermaid-{version}.tgz"
    if cached.is_file():
        try:
            verify_tarball(cached, integrity)
            return cached
        except IntegrityError:
            cached.unlink()
    npm = shutil.which("npm")
    if npm is None:
        raise OSError("npm was not found on PATH")
    with tempfile.TemporaryDirectory(prefix="journeygen-npm-") as tmp:
        result = subprocess.run(
            [npm, "pack", f"mermaid@{version}", "--pack-destination", tmp, "--json"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        packed = sorted(Path(tmp).glob("*.tgz"))
        if result.returncode != 0 or len(packed) != 1:
            detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise OSError(f"npm pack mermaid@{version} failed: {' '.join(detail)}")
        verify_tarball(packed[0], integrity)
        cached.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(cached, packed[0].read_bytes())
    return cached


def ensure_vendor(dest: Path) -> bool:
    """Make `dest` hold the pinned Mermaid files; False (and a warning) if that failed."""
    if vendor_is_current(dest):
        return True
    try:
        extract_vendor(fetch_tarball(), dest)
    except (OSError, subprocess.SubprocessError, tarfile.TarError, IntegrityError) as error:
        for name in (*MEMBERS.values(), "mermaid.json"):  # never leave a stale or partial set
            (dest / name).unlink(missing_ok=True)
        print(
            f"journeygen: WARNING: could not vendor mermaid@{MERMAID_VERSION}: {error}\n"
            "journeygen: WARNING: building without the local Mermaid script; sites built with "
            "`mermaid: local` will report it missing. Install npm and rebuild to include it.",
            file=sys.stderr,
        )
        return False
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CustomBuildHook(BuildHookInterface):
    """Vendors Mermaid before a wheel (or editable wheel) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist ships the hook, not the files
        dest = Path(self.root) / VENDOR_DIR
        if not ensure_vendor(dest) or version == "editable":
            return  # an editable install imports the files from the source tree
        # git-ignored files are left out of the wheel unless forced in.
        for name in (*MEMBERS.values(), "mermaid.json"):
            build_data["force_include"][str(dest / name)] = f"{VENDOR_DIR.as_posix()}/{name}"
