"""Refresh the Mermaid script vendored in journeygen/_vendor/mermaid/ (maintainers, with npm).

    python scripts/update_mermaid.py 11.17.2

The files are committed, so installing journeygen needs neither Node nor a network. This script
is how they change: `npm view` gives the release's registry integrity (sha512 of its tarball),
`npm pack` fetches the tarball, which must match it; only `dist/mermaid.min.js` and `LICENSE`
are read from it, under fixed names (no path from the archive is used), and `mermaid.json`
records the version, the script's sha384 and the tarball's integrity. The pin in
journeygen/render/vendor.py is rewritten to the same values; `tests/test_vendor.py` checks the
committed files against it. Review the diff, rebuild the example, and commit.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = ROOT / "journeygen" / "_vendor" / "mermaid"
VENDOR_MODULE = ROOT / "journeygen" / "render" / "vendor.py"
MEMBERS = {"package/dist/mermaid.min.js": "mermaid.min.js", "package/LICENSE": "LICENSE"}
MAX_MEMBER_SIZE = 64 * 1024 * 1024


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    """Subresource-integrity string of `data`, e.g. `sha512-<base64>`."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def verify_tarball(tarball: Path, integrity: str) -> None:
    """Raise IntegrityError unless the tarball's bytes match `integrity`."""
    algorithm = integrity.partition("-")[0]
    actual = integrity_of(tarball.read_bytes(), algorithm)
    if actual != integrity:
        raise IntegrityError(f"{tarball}: integrity {actual}, expected {integrity}")


class IntegrityError(ValueError):
    """The tarball is not the one that was pinned."""


def extract_vendor(
    tarball: Path,
    dest: Path,
    integrity: str,
    version: str,
) -> dict[str, str]:
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
    return info


def npm(*args: str) -> str:
    """Run npm (whichever registry it is set up for) and return what it printed."""
    found = shutil.which("npm")
    if found is None:
        raise OSError("npm was not found on PATH: this script needs Node.js and npm")
    result = subprocess.run(
        [found, *args], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise OSError(f"npm {' '.join(args)} failed: {' '.join(detail)}")
    return result.stdout


def fetch_tarball(version: str, integrity: str, folder: Path) -> Path:
    """`npm pack mermaid@version` into `folder`, verified against `integrity`."""
    npm("pack", f"mermaid@{version}", "--pack-destination", str(folder), "--json")
    packed = sorted(folder.glob("*.tgz"))
    if len(packed) != 1:
        raise OSError(f"npm pack mermaid@{version} made {len(packed)} tarballs, expected one")
    verify_tarball(packed[0], integrity)
    return packed[0]


def write_pin(module: Path, version: str, sha384: str) -> None:
    """Point journeygen/render/vendor.py's MERMAID_VERSION and MERMAID_SHA384 at the new files."""
    text = module.read_text(encoding="utf-8")
    for name, value in (("MERMAID_VERSION", version), ("MERMAID_SHA384", sha384)):
        text, count = re.subn(rf'^{name} = "[^"]*"$', f'{name} = "{value}"', text, flags=re.M)
        if count != 1:
            raise ValueError(f'{module}: no single line `{name} = "..."` to rewrite')
    module.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("version", help="the Mermaid release to vendor, e.g. 11.17.2")
    args = parser.parse_args(argv)
    version = args.version
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        parser.error(f"{version!r} is not a release number like 11.17.2")
    try:
        integrity = json.loads(npm("view", f"mermaid@{version}", "dist.integrity", "--json"))
        with tempfile.TemporaryDirectory(prefix="journeygen-npm-") as tmp:
            tarball = fetch_tarball(version, integrity, Path(tmp))
            info = extract_vendor(tarball, VENDOR_DIR, integrity, version)
        write_pin(VENDOR_MODULE, version, info["sha384"])
    except (OSError, ValueError, tarfile.TarError) as error:
        print(f"update_mermaid: error: {error}", file=sys.stderr)
        return 1
    print(f"mermaid {version} vendored: {integrity}\nscript sha384-{info['sha384']}")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
