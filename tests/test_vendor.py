"""The vendored Mermaid script (journeygen.vendor) and the build hook that puts it there."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from journeygen import vendor

ROOT = Path(__file__).resolve().parents[1]


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


def _sha384(data: bytes) -> str:
    return base64.b64encode(hashlib.sha384(data).digest()).decode()


def make_tarball(
    path: Path, files: dict[str, bytes], symlinks: dict[str, str] | None = None
) -> str:
    """Write an npm-like .tgz and return its sha512 integrity string."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (symlinks or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return hook.integrity_of(path.read_bytes())


FAKE = {
    "package/dist/mermaid.min.js": b"window.mermaid = {};\n",
    "package/LICENSE": b"The MIT License (MIT)\n",
    "package/package.json": b"{}",
}


# The installed package ------------------------------------------------------------------------


def test_vendored_script_is_the_pinned_version() -> None:
    script = vendor.mermaid_script_path()
    assert script is not None, "reinstall journeygen with npm on PATH (pip install -e .)"
    data = script.read_bytes()
    assert f'version:"{vendor.MERMAID_VERSION}"'.encode() in data
    info = json.loads((script.parent / "mermaid.json").read_text(encoding="utf-8"))
    assert info == {
        "version": vendor.MERMAID_VERSION,
        "sha384": _sha384(data),
        "integrity": hook.MERMAID_INTEGRITY,
    }
    assert info["sha384"] == vendor.MERMAID_SHA384


def test_license_ships_next_to_the_script() -> None:
    license_path = vendor.mermaid_license_path()
    assert license_path is not None
    assert license_path.parent == vendor.mermaid_script_path().parent  # type: ignore[union-attr]
    assert "MIT" in license_path.read_text(encoding="utf-8")


def test_cdn_url_and_integrity_are_pinned() -> None:
    assert vendor.cdn_script_url() == (
        "https://cdn.jsdelivr.net/npm/mermaid@11.17.2/dist/mermaid.min.js"
    )
    assert vendor.cdn_integrity() == f"sha384-{vendor.MERMAID_SHA384}"


def test_hook_and_runtime_pin_the_same_version() -> None:
    assert hook.MERMAID_VERSION == vendor.MERMAID_VERSION


def test_script_path_is_none_when_the_file_is_not_the_pinned_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vendor, "_DIR", tmp_path)
    assert vendor.mermaid_script_path() is None
    assert vendor.mermaid_license_path() is None
    (tmp_path / "mermaid.min.js").write_text("not mermaid", encoding="utf-8")
    assert vendor.mermaid_script_path() is None
    assert vendor.cdn_integrity() == f"sha384-{vendor.MERMAID_SHA384}"


# The build hook's pieces ----------------------------------------------------------------------


def test_extract_writes_the_two_files_and_their_checksums(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    integrity = make_tarball(tarball, FAKE)
    dest = tmp_path / "vendor"
    hook.extract_vendor(tarball, dest, integrity, "1.2.3")
    assert sorted(p.name for p in dest.iterdir()) == ["LICENSE", "mermaid.json", "mermaid.min.js"]
    assert (dest / "mermaid.min.js").read_bytes() == FAKE["package/dist/mermaid.min.js"]
    assert (dest / "LICENSE").read_bytes() == FAKE["package/LICENSE"]
    info = json.loads((dest / "mermaid.json").read_text(encoding="utf-8"))
    assert info == {
        "version": "1.2.3",
        "sha384": _sha384(FAKE["package/dist/mermaid.min.js"]),
        "integrity": integrity,
    }
    assert hook.vendor_is_current(dest, integrity, "1.2.3")
    assert not hook.vendor_is_current(dest, integrity, "1.2.4")
    (dest / "mermaid.min.js").write_bytes(b"changed")
    assert not hook.vendor_is_current(dest, integrity, "1.2.3")


def test_extract_rejects_a_tampered_tarball(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    integrity = make_tarball(tarball, FAKE)
    make_tarball(tarball, {**FAKE, "package/dist/mermaid.min.js": b"alert('owned')"})
    dest = tmp_path / "vendor"
    with pytest.raises(hook.IntegrityError, match="integrity"):
        hook.extract_vendor(tarball, dest, integrity)
    assert not dest.exists()


def test_extract_rejects_the_real_pin_for_a_fake_tarball(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    make_tarball(tarball, FAKE)
    with pytest.raises(hook.IntegrityError):
        hook.extract_vendor(tarball, tmp_path / "vendor")


def test_extract_rejects_links_and_missing_files(tmp_path: Path) -> None:
    linked = tmp_path / "linked.tgz"
    files = {"package/LICENSE": b"MIT"}
    integrity = make_tarball(linked, files, {"package/dist/mermaid.min.js": "/etc/passwd"})
    with pytest.raises(hook.IntegrityError, match="not a regular file"):
        hook.extract_vendor(linked, tmp_path / "a", integrity)
    missing = tmp_path / "missing.tgz"
    integrity = make_tarball(missing, files)
    with pytest.raises(hook.IntegrityError, match="missing"):
        hook.extract_vendor(missing, tmp_path / "b", integrity)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_extract_writes_nothing_outside_dest(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    integrity = make_tarball(tarball, {**FAKE, "../evil.js": b"x", "/tmp/evil.js": b"x"})
    dest = tmp_path / "out" / "vendor"
    hook.extract_vendor(tarball, dest, integrity)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "LICENSE",
        "mermaid.json",
        "mermaid.min.js",
        "mermaid.tgz",
    ]


def test_fetch_uses_a_verified_cache_and_drops_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no npm: only the cache can answer
    cached = tmp_path / "cache" / "journeygen" / "mermaid-1.2.3.tgz"
    cached.parent.mkdir(parents=True)
    integrity = make_tarball(cached, FAKE)
    assert hook.fetch_tarball("1.2.3", integrity) == cached
    cached.write_bytes(cached.read_bytes() + b"tampered")
    with pytest.raises(OSError, match="npm was not found"):
        hook.fetch_tarball("1.2.3", integrity)
    assert not cached.exists()


def test_fetch_reports_a_failing_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text("#!/bin/sh\necho 'npm error network unreachable' >&2\nexit 1\n")
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(OSError, match="network unreachable"):
        hook.fetch_tarball("1.2.3", "sha512-x")


def test_ensure_vendor_warns_and_removes_stale_files_when_it_cannot_fetch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    dest = tmp_path / "vendor"
    dest.mkdir()
    (dest / "mermaid.min.js").write_text("half a download", encoding="utf-8")
    assert hook.ensure_vendor(dest) is False
    assert list(dest.iterdir()) == []
    err = capsys.readouterr().err
    assert "WARNING: could not vendor mermaid@11.17.2: npm was not found" in err


# The hook inside hatchling ---------------------------------------------------------------------


def _run_hook(root: Path, target: str, version: str) -> dict[str, dict[str, str]]:
    build_hook = hook.CustomBuildHook(str(root), {}, None, None, str(root / "dist"), target)
    build_data: dict[str, dict[str, str]] = {"force_include": {}}
    build_hook.initialize(version, build_data)
    return build_data


def test_hook_forces_the_ignored_files_into_the_wheel_only(tmp_path: Path) -> None:
    installed = vendor.mermaid_script_path()
    assert installed is not None
    dest = tmp_path / "journeygen" / "_vendor" / "mermaid"
    shutil.copytree(installed.parent, dest)
    included = _run_hook(tmp_path, "wheel", "standard")["force_include"]
    assert included == {
        str(dest / name): f"journeygen/_vendor/mermaid/{name}"
        for name in ("mermaid.min.js", "LICENSE", "mermaid.json")
    }
    assert _run_hook(tmp_path, "wheel", "editable")["force_include"] == {}
    assert _run_hook(tmp_path, "sdist", "standard")["force_include"] == {}


def test_built_wheel_contains_the_vendored_script(tmp_path: Path) -> None:
    assert vendor.mermaid_script_path() is not None
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("journeygen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        script = archive.read("journeygen/_vendor/mermaid/mermaid.min.js")
        license_text = archive.read("journeygen/_vendor/mermaid/LICENSE").decode()
        info = json.loads(archive.read("journeygen/_vendor/mermaid/mermaid.json"))
    assert _sha384(script) == vendor.MERMAID_SHA384 == info["sha384"]
    assert "MIT" in license_text
