"""The Mermaid script vendored in `_vendor/mermaid/` (committed; scripts/update_mermaid.py
refreshes it), and its CDN twin."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from pathlib import Path

MERMAID_VERSION = "11.17.2"
# sha384 of dist/mermaid.min.js of that version, base64: the value mermaid.json records too.
MERMAID_SHA384 = "EOXBFmc3gx5mb+vn0vPvvGqACToJD24hhacX5Yx+8NUUQrHIle/Qi5Bg9o3zKwW2"
MISSING_HINT = (
    "this journeygen's copy of the Mermaid script is missing or changed: reinstall journeygen "
    "(`pip install --force-reinstall journeygen`), or set `mermaid: cdn` or `mermaid: off`"
)

_DIR = Path(__file__).parent.parent / "_vendor" / "mermaid"


def _sha384(path: Path) -> str:
    return base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@functools.cache
def _matches_pin(path: Path, size: int, mtime_ns: int) -> bool:
    return _sha384(path) == MERMAID_SHA384


def mermaid_script_path() -> Path | None:
    """The vendored mermaid.min.js, or None if it is missing or not the pinned version."""
    path = _DIR / "mermaid.min.js"
    try:
        stat = path.stat()
        return path if _matches_pin(path, stat.st_size, stat.st_mtime_ns) else None
    except OSError:
        return None


def mermaid_license_path() -> Path | None:
    """Mermaid's LICENSE, shipped next to the script, or None if it is missing."""
    path = _DIR / "LICENSE"
    return path if path.is_file() else None


def cdn_script_url() -> str:
    """The pinned jsDelivr URL of the same file (for `mermaid: cdn`)."""
    return f"https://cdn.jsdelivr.net/npm/mermaid@{MERMAID_VERSION}/dist/mermaid.min.js"


def cdn_integrity() -> str:
    """The `integrity` attribute for the CDN script: `sha384-<base64>`.

    Read from mermaid.json; without it, the pinned value (which the local file is checked against).
    """
    try:
        info = json.loads((_DIR / "mermaid.json").read_text(encoding="utf-8"))
        if info.get("version") == MERMAID_VERSION and info.get("sha384"):
            return f"sha384-{info['sha384']}"
    except (OSError, ValueError):
        pass
    return f"sha384-{MERMAID_SHA384}"
