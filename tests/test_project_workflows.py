"""journeygen's own GitHub workflows (.github/workflows/): they cannot run here, so they are
checked with the tools GitHub users check them with: zizmor (offline, its strictest
persona) finds nothing above informational, and GitHub's workflow schema (the copy
check-jsonschema ships) accepts them; and they run what the README says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_the_workflow_passes_zizmor_and_the_workflow_schema(name: str) -> None:
    run = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--format", "json",
         str(WORKFLOWS / name)],
        capture_output=True, text=True,
    )  # fmt: skip
    above = [
        f for f in json.loads(run.stdout) if f["determinations"]["severity"] != "Informational"
    ]
    assert above == [], run.stdout
    schema = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(WORKFLOWS / name)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_ci_runs_ci_run_on_linux_and_the_suite_without_a_browser_elsewhere() -> None:
    jobs = load("ci.yml")["jobs"]
    linux = [step.get("run", "") for step in jobs["linux"]["steps"]]
    assert "CI=true bash .ci/run" in linux
    other = jobs["other-systems"]
    assert set(other["strategy"]["matrix"]["os"]) == {"macos-latest", "windows-latest"}
    runs = [step.get("run", "") for step in other["steps"]]
    assert 'python -m pytest -m "not browser"' in runs
    # requires-python's floor is a version CI really tests
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    assert 'requires-python = ">=3.11"' in pyproject
    assert "3.11" in other["strategy"]["matrix"]["python"]


def test_release_publishes_with_trusted_publishing_and_no_token() -> None:
    flow = load("release.yml")
    assert flow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads `on:` as True
    publish = flow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in publish["steps"][-1]  # no password, no token: OIDC
    text = (WORKFLOWS / "release.yml").read_text("utf-8")
    assert "secrets." not in text and "password" not in text.lower()
    build = [step.get("run", "") for step in flow["jobs"]["build"]["steps"]]
    assert "python -m twine check --strict dist/*" in build
