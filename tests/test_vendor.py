"""The vendored Mermaid script (render/vendor.py), committed, and the script that refreshes it."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from journeygen.render import vendor

ROOT = Path(__file__).resolve().parents[1]


def _load_updater() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_mermaid", ROOT / "scripts/update_mermaid.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


updater = _load_updater()


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
    return updater.integrity_of(path.read_bytes())


# `npm view mermaid@11.17.2 dist.integrity`: the registry's hash of the release's tarball.
MERMAID_11_17_2_TARBALL = (
    "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhM"
    "RD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
)

FAKE = {
    "package/dist/mermaid.min.js": b"window.mermaid = {};\n",
    "package/LICENSE": b"The MIT License (MIT)\n",
    "package/package.json": b"{}",
}


# The installed package ------------------------------------------------------------------------


def test_vendored_script_is_the_pinned_version() -> None:
    script = vendor.mermaid_script_path()
    assert script is not None, "journeygen/_vendor/mermaid/mermaid.min.js is missing or changed"
    data = script.read_bytes()
    assert f'version:"{vendor.MERMAID_VERSION}"'.encode() in data
    info = json.loads((script.parent / "mermaid.json").read_text(encoding="utf-8"))
    assert info == {
        "version": vendor.MERMAID_VERSION,
        "sha384": _sha384(data),
        "integrity": MERMAID_11_17_2_TARBALL,
    }
    assert info["sha384"] == vendor.MERMAID_SHA384


def test_vendored_files_are_committed_not_built() -> None:
    """A clone holds the script: installing journeygen needs no Node, npm or network."""
    listed = subprocess.run(
        ["git", "ls-files", "journeygen/_vendor/mermaid"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    if not listed and not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist)")
    assert sorted(listed) == [
        f"journeygen/_vendor/mermaid/{name}"
        for name in ("LICENSE", "mermaid.json", "mermaid.min.js")
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", "journeygen/_vendor/mermaid/mermaid.min.js"], cwd=ROOT
    )
    assert ignored.returncode == 1


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
    info = updater.extract_vendor(tarball, dest, integrity, "1.2.3")
    assert sorted(p.name for p in dest.iterdir()) == ["LICENSE", "mermaid.json", "mermaid.min.js"]
    assert (dest / "mermaid.min.js").read_bytes() == FAKE["package/dist/mermaid.min.js"]
    assert (dest / "LICENSE").read_bytes() == FAKE["package/LICENSE"]
    assert info == json.loads((dest / "mermaid.json").read_text(encoding="utf-8"))
    assert info == {
        "version": "1.2.3",
        "sha384": _sha384(FAKE["package/dist/mermaid.min.js"]),
        "integrity": integrity,
    }


def test_extract_rejects_a_tampered_tarball(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    integrity = make_tarball(tarball, FAKE)
    make_tarball(tarball, {**FAKE, "package/dist/mermaid.min.js": b"alert('owned')"})
    dest = tmp_path / "vendor"
    with pytest.raises(updater.IntegrityError, match="integrity"):
        updater.extract_vendor(tarball, dest, integrity, "1.2.3")
    assert not dest.exists()


def test_extract_rejects_the_real_pin_for_a_fake_tarball(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    make_tarball(tarball, FAKE)
    with pytest.raises(updater.IntegrityError):
        updater.extract_vendor(tarball, tmp_path / "vendor", MERMAID_11_17_2_TARBALL, "11.17.2")


def test_extract_rejects_links_and_missing_files(tmp_path: Path) -> None:
    linked = tmp_path / "linked.tgz"
    files = {"package/LICENSE": b"MIT"}
    integrity = make_tarball(linked, files, {"package/dist/mermaid.min.js": "/etc/passwd"})
    with pytest.raises(updater.IntegrityError, match="not a regular file"):
        updater.extract_vendor(linked, tmp_path / "a", integrity, "1.2.3")
    missing = tmp_path / "missing.tgz"
    integrity = make_tarball(missing, files)
    with pytest.raises(updater.IntegrityError, match="missing"):
        updater.extract_vendor(missing, tmp_path / "b", integrity, "1.2.3")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_extract_writes_nothing_outside_dest(tmp_path: Path) -> None:
    tarball = tmp_path / "mermaid.tgz"
    integrity = make_tarball(tarball, {**FAKE, "../evil.js": b"x", "/tmp/evil.js": b"x"})
    dest = tmp_path / "out" / "vendor"
    updater.extract_vendor(tarball, dest, integrity, "1.2.3")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "LICENSE",
        "mermaid.json",
        "mermaid.min.js",
        "mermaid.tgz",
    ]


def _fake_npm(bin_dir: Path, tarball: Path, integrity: str) -> None:
    """An `npm` that answers `view` with `integrity` and `pack` with a copy of `tarball`."""
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "if sys.argv[1] == 'view':\n"
        f"    print('\"{integrity}\"')\n"
        "else:\n"
        f"    shutil.copy('{tarball}', sys.argv[4] + '/mermaid-1.2.3.tgz')\n"
        "    print('[]')\n"
    )
    npm.chmod(0o755)


OLD_PIN = 'X = 1\nMERMAID_VERSION = "1.0.0"\nMERMAID_SHA384 = "old"\n'


def _release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: str | None) -> Path:
    """A release tarball behind a fake npm whose registry says `registry` (None: the
    tarball's own integrity), and the updater pointed at a copy of vendor.py in tmp_path."""
    tarball = tmp_path / "release.tgz"
    integrity = make_tarball(tarball, FAKE)
    _fake_npm(tmp_path / "bin", tarball, registry or integrity)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    module = tmp_path / "vendor.py"
    module.write_text(OLD_PIN)
    monkeypatch.setattr(updater, "VENDOR_DIR", tmp_path / "vendor")
    monkeypatch.setattr(updater, "VENDOR_MODULE", module)
    return module


def test_update_vendors_the_release_and_rewrites_the_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _release(tmp_path, monkeypatch, None)
    assert updater.main(["1.2.3"]) == 0
    sha = _sha384(FAKE["package/dist/mermaid.min.js"])
    assert module.read_text() == f'X = 1\nMERMAID_VERSION = "1.2.3"\nMERMAID_SHA384 = "{sha}"\n'
    assert (tmp_path / "vendor/mermaid.min.js").read_bytes() == FAKE["package/dist/mermaid.min.js"]


def test_update_refuses_a_tarball_that_is_not_the_registry_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _release(tmp_path, monkeypatch, "sha512-" + "A" * 86 + "==")
    assert updater.main(["1.2.3"]) == 1
    assert "integrity" in capsys.readouterr().err
    assert not (tmp_path / "vendor").exists()
    assert module.read_text() == OLD_PIN


def test_update_without_npm_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert updater.main(["1.2.3"]) == 1
    assert "npm was not found on PATH" in capsys.readouterr().err


def test_built_wheel_contains_the_vendored_script_without_node(tmp_path: Path) -> None:
    """The wheel is built with nothing but Python on PATH: no npm, no node."""
    assert vendor.mermaid_script_path() is not None
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": str(tmp_path / "no-bin")},
    )
    (wheel,) = tmp_path.glob("journeygen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        script = archive.read("journeygen/_vendor/mermaid/mermaid.min.js")
        license_text = archive.read("journeygen/_vendor/mermaid/LICENSE").decode()
        info = json.loads(archive.read("journeygen/_vendor/mermaid/mermaid.json"))
    assert _sha384(script) == vendor.MERMAID_SHA384 == info["sha384"]
    assert "MIT" in license_text
