"""scaffold: `journeygen new` writes a starter project that builds at once."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from journeygen import __version__
from journeygen.build import Project, build, load
from journeygen.cli import main
from journeygen.model import schema
from journeygen.model.json_schema import json_schemas
from journeygen.model.presets import PRESETS, stage_ids
from journeygen.scaffold import new as scaffold
from journeygen.scaffold.new import (
    Requirement,
    ScaffoldError,
    create_project,
    journeygen_requirement,
)
from journeygen.sources.read import read_sources

# What every starter shares: the ignore file, the Pages workflow and the VS Code setup.
SHARED_FILES = {
    ".gitignore",
    ".github/workflows/pages.yml",
    ".vscode/settings.json",
    ".vscode/tasks.json",
    ".vscode/extensions.json",
    *(f".vscode/schemas/{kind}.schema.json" for kind in json_schemas()),
}

EXPECTED = {
    *SHARED_FILES,
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


# --- the GitHub Pages workflow ---------------------------------------------------------------

GIT = Requirement("journeygen @ git+https://github.com/acme/journeygen@0a1b2c3", True)


def workflow(root: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((root / ".github/workflows/pages.yml").read_text("utf-8"))


def test_workflow_publishes_with_the_official_pages_actions(tmp_path: Path) -> None:
    root = tmp_path / "p"
    create_project(root, GIT)
    assert not (root / "github").exists()
    flow = workflow(root)
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on:` as True
    # Nothing by default; each job what it needs: writing to Pages only where it deploys.
    assert flow["permissions"] == {}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["env"]["JOURNEYGEN"] == GIT.text
    build_steps, deploy_steps = flow["jobs"]["build"]["steps"], flow["jobs"]["deploy"]["steps"]
    uses = [step["uses"].split("@")[0] for step in build_steps + deploy_steps if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    for step in build_steps + deploy_steps:  # pinned to a commit: a tag can be moved
        if "uses" in step:
            assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    checkout = build_steps[0]["with"]
    assert checkout == {"fetch-depth": 0, "persist-credentials": False}  # tags: `versions:`
    assert flow["jobs"]["deploy"]["needs"] == "build"
    assert flow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    runs = [step["run"] for step in build_steps if "run" in step]
    assert runs[0] == 'python -m pip install "$JOURNEYGEN"'
    assert "@JOURNEYGEN" not in (root / ".github/workflows/pages.yml").read_text("utf-8")


def test_the_workflow_keeps_journeygen_s_cache_keyed_by_the_journeygen_it_installs(
    tmp_path: Path,
) -> None:
    """Issue 19: CI builds are warm. The cache is journeygen's own folder outside the
    checkout (a pickle must not come with the repository); a new journeygen starts clean."""
    root = tmp_path / "p"
    create_project(root, GIT)
    steps = workflow(root)["jobs"]["build"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert names.index("Install journeygen") < steps.index(cache) < names.index("Build the site")
    assert cache["with"]["path"] == "~/.cache/journeygen"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert "${{ env.JOURNEYGEN }}" in key and key.startswith(restore)
    assert "${{ env.JOURNEYGEN }}" in restore


def test_the_workflow_s_commands_build_the_starter_for_its_pages_address(tmp_path: Path) -> None:
    """What the build job runs after installing journeygen, run here, on the new project."""
    root = tmp_path / "p"
    create_project(root, GIT)
    steps = workflow(root)["jobs"]["build"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    address = "https://acme.github.io/relay-journeys"  # configure-pages gives no final /
    for step in steps:
        command = step.get("run", "")
        if not command.startswith("journeygen "):
            continue
        assert "${{" not in command  # expressions reach commands through env: no injection
        for name, value in step.get("env", {}).items():  # as the runner's shell expands them
            value = value.replace("${{ steps.pages.outputs.base_url }}", address)
            command = command.replace(f"${name}", value)
        args = [sys.executable, "-m", "journeygen", *shlex.split(command)[1:]]
        done = subprocess.run(args, cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr)
    site = root / upload["with"]["path"]
    assert (site / "index.html").is_file()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{address}/journeys/trial-to-paid/</loc>" in sitemap
    assert f"Sitemap: {address}/sitemap.xml" in (site / "robots.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (None, Requirement(f"journeygen=={__version__}", True)),
        (
            {
                "url": "https://github.com/acme/journeygen.git",
                "vcs_info": {"vcs": "git", "commit_id": "0a1b2c3", "requested_revision": "v1"},
            },
            Requirement("journeygen @ git+https://github.com/acme/journeygen.git@0a1b2c3", True),
        ),
        (
            {"url": "https://example.org/journeygen-0.1.0-py3-none-any.whl", "archive_info": {}},
            Requirement("journeygen @ https://example.org/journeygen-0.1.0-py3-none-any.whl", True),
        ),
        (
            {"url": "file:///home/me/journeygen", "dir_info": {"editable": True}},
            Requirement(f"journeygen=={__version__}", False),
        ),
        (
            {"url": "file:///tmp/journeygen-0.1.0-py3-none-any.whl", "archive_info": {}},
            Requirement(f"journeygen=={__version__}", False),
        ),
    ],
)
def test_requirement_of_the_installed_journeygen(
    direct_url: dict | None,  # type: ignore[type-arg]
    expected: Requirement,
) -> None:
    text = "" if direct_url is None else json.dumps(direct_url)
    assert journeygen_requirement(text) == expected
    assert bool(expected.note) is not expected.reachable


def test_an_unreachable_install_is_said_in_the_workflow_and_by_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    local = Requirement(f"journeygen=={__version__}", False)
    monkeypatch.setattr(scaffold, "journeygen_requirement", lambda: local)
    root = tmp_path / "p"
    assert main(["new", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Note, for publishing with GitHub Actions (.github/workflows/pages.yml)" in out
    assert "installed here from a folder on this computer" in out
    text = (root / ".github/workflows/pages.yml").read_text("utf-8")
    comment = " ".join(
        line.strip().removeprefix("# ") for line in text.splitlines() if line.startswith("  #")
    )
    assert "which GitHub cannot reach" in comment and "git+https://github.com/OWNER/" in comment
    assert workflow(root)["env"]["JOURNEYGEN"] == local.text
    assert all(len(line) <= 100 for line in text.splitlines())


# --- a Dutch starter and a framework to start from -------------------------------------------

EXPECTED_NL = {
    *SHARED_FILES,
    "README.md",
    "journeygen.yml",
    "content/touchpoints.yml",
    "content/personas/anouk.md",
    "content/personas/henk.md",
    "content/journeys/e-bike-kopen.md",
    "content/journeys/e-bike-kopen-ideaal.md",
    "content/data/kpis.csv",
    "content/pages/over.md",
}


def test_cli_new_language_nl_writes_a_dutch_project_that_passes_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "klantreizen"
    assert main(["new", str(root), "--language", "nl"]) == 0
    assert files_under(root) == EXPECTED_NL
    config = yaml.safe_load((root / "journeygen.yml").read_text("utf-8"))
    assert config["language"] == "nl"
    create_project(tmp_path / "en")
    workflow = ".github/workflows/pages.yml"  # shared with the English starter
    assert (root / workflow).read_bytes() == (tmp_path / "en" / workflow).read_bytes()
    capsys.readouterr()
    monkeypatch.chdir(root)
    assert main(["check", "--strict"]) == 0, capsys.readouterr().err
    result = build(Project.find(root), strict=True)
    assert result.diagnostics == []
    page = (root / "site/journeys/e-bike-kopen/index.html").read_text("utf-8")
    assert '<html lang="nl">' in page and "Aantrekking" in page  # kotler-5a, in Dutch
    for rel in EXPECTED_NL:
        text = (root / rel).read_text("utf-8")
        assert "Relay" not in text and "Priya" not in text, rel


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("framework", sorted(PRESETS))
def test_new_with_a_framework_adds_a_journey_on_its_stages_that_passes_strict(
    tmp_path: Path, framework: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    argv = ["new", str(root), "--language", language, "--framework", framework]
    assert main(argv) == 0
    outline = "my-journey" if language == "en" else "mijn-klantreis"
    sources, problems = read_sources(root, root / "journeygen.yml")
    assert problems == []
    doc = next(d for d in sources.journeys if d.id == outline)
    assert doc.data["framework"] == framework
    assert [s["id"] for s in doc.data["stages"]] == list(stage_ids(framework))
    monkeypatch.chdir(root)
    assert main(["check", "--strict"]) == 0


def test_new_refuses_an_unknown_framework_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="unknown framework '5b'"):
        create_project(tmp_path / "x", framework="5b")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_workflow_passes_zizmor_and_the_workflow_schema(tmp_path: Path, language: str) -> None:
    """zizmor (offline, its strictest persona) finds nothing above informational in the
    workflow `journeygen new` writes, and it is valid by GitHub's workflow schema (the copy
    check-jsonschema ships)."""
    root = tmp_path / "p"
    create_project(root, GIT, language=language)
    workflow_file = root / ".github/workflows/pages.yml"
    bin_dir = Path(sys.executable).parent
    run = subprocess.run(
        [str(bin_dir / "zizmor"), "--offline", "--persona", "auditor", "--format", "json",
         str(workflow_file)],
        capture_output=True, text=True,
    )  # fmt: skip
    findings = json.loads(run.stdout)
    above = [f for f in findings if f["determinations"]["severity"] != "Informational"]
    assert above == [], run.stdout
    schema = subprocess.run(
        [str(bin_dir / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(workflow_file)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert schema.returncode == 0, schema.stdout + schema.stderr


@pytest.mark.parametrize("language", ["en", "nl"])
def test_new_sets_up_vs_code_schemas_tasks_and_the_yaml_extension(
    tmp_path: Path, language: str
) -> None:
    root = tmp_path / "p"
    create_project(root, GIT, language=language)
    vscode = root / ".vscode"
    settings = json.loads((vscode / "settings.json").read_text("utf-8"))
    assert json.loads((vscode / "extensions.json").read_text("utf-8")) == {
        "recommendations": ["redhat.vscode-yaml"]
    }
    mapped = settings["yaml.schemas"]
    # every schema the settings name is there, is `journeygen schema`'s, and validates the
    # starter's YAML files it is mapped to (at least the config and the library)
    validated = []
    for schema_path, globs in mapped.items():
        schema = json.loads((root / schema_path).read_text("utf-8"))
        kind = Path(schema_path).name.removesuffix(".schema.json")
        assert schema == json_schemas(language=language)[kind]
        for pattern in globs:
            for file in root.glob(pattern):
                jsonschema.validate(yaml.safe_load(file.read_text("utf-8")), schema)
                validated.append(file.relative_to(root).as_posix())
    assert {"journeygen.yml", "content/touchpoints.yml"} <= set(validated)


def test_the_vs_code_problem_matcher_reads_every_problem_journeygen_check_prints(
    tmp_path: Path,
) -> None:
    """tasks.json's pattern (a JavaScript regular expression, read here as Python's) finds
    the file, line, column, severity and message of each diagnostic, and they point at the
    real place."""
    root = tmp_path / "p"
    create_project(root, GIT)
    journey = root / "content" / "journeys" / "trial-to-paid.md"
    lines = journey.read_text("utf-8").splitlines()
    persona_line = next(i for i, line in enumerate(lines) if line.startswith("personas:"))
    lines[persona_line] = "personas: [nobody]"
    journey.write_text("\n".join(lines) + "\n", "utf-8")
    tasks = json.loads((root / ".vscode" / "tasks.json").read_text("utf-8"))["tasks"]
    check = next(task for task in tasks if task["command"] == "journeygen check")
    matcher = check["problemMatcher"]
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    pattern = re.compile(matcher["pattern"]["regexp"])
    run = subprocess.run(
        [sys.executable, "-m", "journeygen", "check"], cwd=root, capture_output=True, text=True
    )
    assert run.returncode == 1
    found = [m for line in (run.stdout + run.stderr).splitlines() if (m := pattern.match(line))]
    assert found, run.stdout + run.stderr
    first = found[0]
    groups = matcher["pattern"]
    assert first.group(groups["file"]) == "content/journeys/trial-to-paid.md"
    assert int(first.group(groups["line"])) == persona_line + 1
    assert first.group(groups["severity"]) == "error"
    assert "nobody" in first.group(groups["message"])
    for task in tasks:  # the same pattern for every task that runs journeygen
        assert task["problemMatcher"]["pattern"]["regexp"] == matcher["pattern"]["regexp"]
