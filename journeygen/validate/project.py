"""Where a project is, and reading it: sources -> validate -> model, all `check` does.

Apart from `build.py` so that `journeygen check` loads none of the rendering code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from journeygen.analysis.checks import run_checks
from journeygen.core.diagnostics import Diagnostic, capped
from journeygen.core.reuse import FRESH, Reuse, Step
from journeygen.model.site import Site
from journeygen.sources.read import Sources, find_config, read_sources
from journeygen.validate.validate import validate


@dataclass(frozen=True)
class Project:
    """Where a project lives: its root folder, its config file (if any)."""

    root: Path
    config_path: Path | None = None

    @classmethod
    def find(cls, start: Path, config: Path | None = None) -> Project:
        """The project whose journeygen.yml is in `start` or a parent; else `start` itself."""
        if config is not None:
            return cls(config.resolve().parent, config.resolve())
        found = find_config(start.resolve())
        return cls(found.parent, found) if found else cls(start.resolve(), None)


def load(
    project: Project, reuse: Reuse = FRESH, environ: Mapping[str, str] | None = None
) -> tuple[Sources, Site | None, list[Diagnostic]]:
    """Read and validate: everything `journeygen check` does."""
    sources, problems = read_sources(project.root, project.config_path, reuse)
    site, more = validate(sources, reuse, environ)
    diagnostics = [*problems, *more]
    if any(d.is_error for d in diagnostics):
        site = None
    elif site is not None:
        # A pure function of the site and the files' positions: serve reuses the findings of
        # a rebuild with nothing changed (the parts compare by identity then).
        checked = site
        inputs = (site, sources.journeys, sources.personas, sources.touchpoints)
        findings = reuse.recall(Step.CHECKS, "", inputs, lambda: run_checks(checked, sources))
        diagnostics.extend(findings)
        if any(d.is_error for d in diagnostics):
            site = None
    return sources, site, capped(sorted(diagnostics, key=Diagnostic.sort_key))
