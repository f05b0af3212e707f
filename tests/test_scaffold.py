"""scaffold: `journeygen new` writes a starter project that builds at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeygen import schema
from journeygen.build import Project, build, load
from journeygen.cli import main
from journeygen.scaffold import ScaffoldError, create_project
from journeygen.sources import read_sources

EXPECTED = {
    ".gitignore",
    "README.md",
    "journeygen.yml",
    "content/touchpoints.yml",
    "content/personas/priya.md",
    "content/personas/tom.md",
    "content/journeys/trial-to-paid.md",
    "content/journeys/trial-to-paid-ideal.md",
    "content/data/kpis.csv",
    "content/pages/about.md",
}


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "my-journeys"
    create_project(root)
    return root


def test_writes_the_starter_and_returns_the_files(tmp_path: Path) -> None:
    root = tmp_path / "my-journeys"
    written = create_project(root)
    assert {p.relative_to(root).as_posix() for p in written} == EXPECTED
    assert files_under(root) == EXPECTED
    assert all(p.is_file() for p in written)


def test_gitignore_is_a_dotfile_that_ignores_the_site(project: Path) -> None:
    assert not (project / "gitignore").exists()
    assert "site/" in (project / ".gitignore").read_text("utf-8").split()


def test_files_validate_against_the_schema_models(project: Path) -> None:
    sources, problems = read_sources(project, project / "journeygen.yml")
    assert problems == []
    assert sources.config is not None
    schema.ConfigIn.model_validate(sources.config.data)
    assert sources.touchpoints is not None
    for entry in sources.touchpoints.data.values():
        schema.LibraryTouchpointIn.model_validate(entry)
    assert {d.id for d in sources.personas} == {"priya", "tom"}
    for doc in sources.personas:
        schema.PersonaIn.model_validate(doc.data)
    assert {d.id for d in sources.journeys} == {"trial-to-paid", "trial-to-paid-ideal"}
    for doc in sources.journeys:
        schema.JourneyIn.model_validate(doc.data)
    for doc in sources.pages:
        schema.PageIn.model_validate(doc.data)


def test_current_and_ideal_journeys_are_linked(project: Path) -> None:
    _, site, diagnostics = load(Project.find(project))
    assert diagnostics == []
    assert site is not None
    current = site.journey("trial-to-paid")
    ideal = site.journey("trial-to-paid-ideal")
    assert (current.state, current.ideal) == ("current", ideal.id)
    assert ideal.state == "ideal"
    assert current.bottleneck is not None
    assert (current.bottleneck.from_stage, current.bottleneck.to_stage) == (
        "acquisition",
        "activation",
    )
    assert all(kpi.actual is not None for kpi in current.kpis)
    assert any(tp.ref for tp in current.touchpoints)


def test_new_project_builds_without_diagnostics(project: Path) -> None:
    result = build(Project.find(project), strict=True)
    assert result.diagnostics == []
    assert result.out == project / "site"
    built = files_under(project / "site")
    for page in (
        "index.html",
        "journeys/trial-to-paid/index.html",
        "journeys/trial-to-paid-ideal/index.html",
        "personas/priya/index.html",
        "about/index.html",
    ):
        assert page in built, page


def test_starter_holds_no_placeholder_text(project: Path) -> None:
    placeholder = re.compile(r"\b(TODO|FIXME|TBD|XXX|lorem ipsum)\b", re.IGNORECASE)
    for rel in EXPECTED:
        text = (project / rel).read_text("utf-8")
        assert not placeholder.search(text), rel


def test_empty_existing_folder_is_accepted(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    written = create_project(root)
    assert files_under(root) == EXPECTED
    assert len(written) == len(EXPECTED)


def test_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "taken"
    root.mkdir()
    (root / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(ScaffoldError, match="not empty"):
        create_project(root)
    assert files_under(root) == {"notes.txt"}
    assert (root / "notes.txt").read_text("utf-8") == "mine"


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("mine", "utf-8")
    with pytest.raises(ScaffoldError, match="not a folder"):
        create_project(target)
    assert target.read_text("utf-8") == "mine"


def test_cli_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "via-cli"
    assert main(["new", str(root)]) == 0
    assert files_under(root) == EXPECTED
    assert main(["new", str(root)]) == 1
    assert "not empty" in capsys.readouterr().err
