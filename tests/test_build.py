"""build and the CLI end to end: pages, determinism, no network, failures write nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MakeProject

from journeygen.build import Project, build
from journeygen.cli import main
from journeygen.render.outputs import CopiedFile
from journeygen.serve.watch import find_targets

REPO = Path(__file__).resolve().parent.parent


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_makes_every_page(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/pages/methode.md": "---\ntitle: Methode\n---\n# Methode\n",
            "content/assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    result = build(Project.find(root))
    assert not result.errors, result.errors
    pages = digest(root / "site")
    for expected in (
        "index.html",
        "404.html",
        "journeys/reis/index.html",
        "personas/eva/index.html",
        "touchpoints/index.html",
        "methode/index.html",
        "assets/logo.svg",
    ):
        assert expected in pages, expected


def test_two_builds_give_identical_bytes(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({})
    build(Project.find(root), out=tmp_path / "one")
    build(Project.find(root), out=tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_a_build_opens_no_network_connection(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    result = build(Project.find(make_project({})))
    assert not result.errors and attempts == []


def test_errors_leave_the_previous_site_untouched(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({})
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    before = digest(root / "site")
    journey = root / "content/journeys/reis.md"
    journey.write_text(journey.read_text().replace("persona: eva", "persona: evaa"))
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "content/journeys/reis.md:3:10: error: unknown persona 'evaa'" in err
    assert "hint: did you mean 'eva'?" in err and "Traceback" not in err
    assert digest(root / "site") == before


def test_strict_fails_on_warnings_and_writes_nothing(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {"content/journeys/reis.md": "---\ntitle: R\nstages: [{id: a, name: A}]\n---\n"}
    )
    monkeypatch.chdir(root)
    assert main(["build", "--strict"]) == 1
    assert not (root / "site").exists()
    assert "warning: stage 'a' has no touchpoints" in capsys.readouterr().err
    assert main(["build"]) == 0 and (root / "site/index.html").is_file()


def test_build_finds_the_config_in_a_parent_folder(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"journeygen.yml": "title: Klantreizen\nlanguage: nl\n"})
    monkeypatch.chdir(root / "content/journeys")
    assert main(["build"]) == 0
    assert "Klantreizen" in (root / "site/index.html").read_text()


def test_check_github_format(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"content/personas/tom.md": "---\nname: Tom\nage: 40\n---\n"})
    monkeypatch.chdir(root)
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "::error file=content/personas/tom.md,line=3,col=1,title=journeygen::unknown key 'age'"
    )
    assert not (root / "site").exists()


def test_schema_is_valid_json_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    assert set(schemas) == {"config", "persona", "journey", "touchpoints", "page"}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schemas["journey"])
    # What the engine accepts, the schema accepts: a single string for a list, a note as text.
    good = {"title": "R", "stages": [{"id": "a", "name": "A", "pains": "x", "actions": ["y"]}]}
    assert list(validator.iter_errors(good)) == []
    bad = {"title": "R", "stages": [{"id": "a", "name": "A", "bogus": 1}]}
    best = jsonschema.exceptions.best_match(validator.iter_errors(bad))
    assert best is not None and "'bogus' was unexpected" in best.message
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir())[0] == "config.schema.json"


def test_version_and_help_for_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from journeygen import __version__

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"journeygen {__version__}"
    for command in ("new", "build", "check", "schema"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert f"usage: journeygen {command}" in capsys.readouterr().out


def test_python_dash_m_and_no_traceback_on_bad_yaml(make_project: MakeProject) -> None:
    root = make_project({"content/personas/eva.md": "---\nname: [Eva\n---\n"})
    run = subprocess.run(
        [sys.executable, "-m", "journeygen", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 1
    assert run.stderr.startswith("content/personas/eva.md:3:1: error: invalid YAML")
    assert "Traceback" not in run.stderr


def test_pages_go_to_disk_as_they_are_rendered_and_the_scratch_folder_goes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "journeygen.yml", root / "journeygen.yml")
    result = build(Project.find(root))
    assert not result.errors and result.out is not None
    page = next(o for o in result.outputs if o.path == "index.html")
    # Rendered into a scratch folder beside site/ and moved in: no process held every page.
    assert isinstance(page, CopiedFile) and page.source == result.out / "index.html"
    assert page.read().startswith(b"<!doctype html>")
    assert sorted(p.name for p in root.iterdir()) == ["content", "journeygen.yml", "site"]


def test_no_scratch_folder_where_the_output_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "journeygen.yml", root / "journeygen.yml")  # declares the crew lane
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    result = build(Project.find(root), out=root / "content" / "site")
    assert any("inside the content folder" in d.message for d in result.diagnostics)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_schema_lists_the_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    """Editors autocomplete `framework:` from the schema; a name outside it is flagged."""
    from journeygen.model.presets import PRESETS

    assert main(["schema"]) == 0
    journey = json.loads(capsys.readouterr().out)["journey"]
    framework = journey["properties"]["framework"]
    assert framework["enum"] == sorted(PRESETS)
    validator = jsonschema.Draft202012Validator(journey)
    stages = [{"id": "aware"}]
    assert not list(
        validator.iter_errors({"title": "R", "framework": "kotler-5a", "stages": stages})
    )
    assert list(validator.iter_errors({"title": "R", "framework": "kotler 5a", "stages": stages}))


def test_journeygen_yml_is_read_once_per_build(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config is read (and parsed) by sources alone; the output folder, the line of a
    key in a diagnostic and what serve watches come from what it read (issue 18)."""
    root = make_project(
        {"journeygen.yml": "title: Reizen\n# een regel\noutput_dir: uit\ntheme: merk\n"}
    )
    opened: list[str] = []
    real_open = Path.open

    def counted(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "journeygen.yml":
            opened.append(str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", counted)
    result = build(Project.find(root), write=False)
    assert len(opened) == 1
    assert [(d.path, d.line, d.message) for d in result.errors] == [
        ("journeygen.yml", 4, "unknown theme 'merk'")
    ]
    assert result.config_file.output_dir == "uit"
    targets = find_targets(root, root / "journeygen.yml", result.config_file)
    assert len(opened) == 1
    assert targets.output == (root / "uit").resolve()
    for module in ("render/engine", "render/theme", "build", "serve/watch"):
        source = (REPO / "journeygen" / f"{module}.py").read_text("utf-8")
        assert "find_config" not in source and "CONFIG_NAMES" not in source, module
