"""The dependency locks (requirements/, made by scripts/lock.sh) agree with pyproject.toml.

CI installs requirements/ci.txt, and tests the floors with requirements/lowest.txt: a
dependency added to pyproject.toml without refreshing the locks fails here, not in CI's
install step; a floor raised without refreshing lowest.txt too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r)
        for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]
    ]


def pins(name: str) -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in (REPO / "requirements" / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if line:
            package, _, version = line.partition("==")
            assert version, f"requirements/{name}: {line!r} is not pinned with =="
            found[canonicalize_name(package)] = Version(version)
    return found


@pytest.mark.parametrize("lock", ["ci.txt", "lowest.txt"])
def test_every_declared_dependency_is_pinned_within_its_range(lock: str) -> None:
    pinned = pins(lock)
    for requirement in declared():
        version = pinned.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in requirements/{lock}"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {requirement.name} {version}, outside {requirement}: "
            "run scripts/lock.sh"
        )


def test_the_lowest_lock_holds_the_declared_floors() -> None:
    pinned = pins("lowest.txt")
    for requirement in declared():
        floors = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")]
        if floors:
            assert pinned[canonicalize_name(requirement.name)] == max(floors), requirement


def test_the_newest_lock_is_not_older_than_the_lowest() -> None:
    newest, lowest = pins("ci.txt"), pins("lowest.txt")
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert newest[name] >= lowest[name], name
