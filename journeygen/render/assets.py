"""The files of the site that are not rendered: the theme's and the project's assets, and
the Mermaid script with its licence; and the version a link to a stylesheet or script
carries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from journeygen.core.diagnostics import Diagnostic, Severity
from journeygen.model.site import Site
from journeygen.render import vendor
from journeygen.render.outputs import CopiedFile, Output
from journeygen.render.theme import Theme

MERMAID_PATH = "assets/vendor/mermaid/mermaid.min.js"
MERMAID_LICENSE_PATH = "assets/vendor/mermaid/LICENSE"


@dataclass(frozen=True)
class MermaidScript:
    src: str  # a site path (local) or a URL (cdn)
    integrity: str | None = None

    @property
    def local(self) -> bool:
        return self.integrity is None


def asset_version(output: Output) -> str:
    """What a link to a stylesheet or script carries as `?v=`: a hash of its bytes."""
    return hashlib.sha256(output.read()).hexdigest()[:10]


def site_assets(
    theme: Theme, content_dir: Path, site: Site, problems: list[Diagnostic]
) -> dict[str, Output]:
    """Theme assets (the most specific theme folder wins), then the project's own."""
    found: dict[str, Output] = {}
    for folder in reversed(theme.asset_dirs):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            path = "assets/" + file.relative_to(folder).as_posix()
            found[path] = CopiedFile(path, file)
    for name in site.assets:
        path = "assets/" + name
        if path in found:
            problems.append(
                Diagnostic(
                    f"{content_dir.name}/assets/{name}", 1, 1,
                    f"replaces the theme's asset '{path}'",
                    "to restyle the theme, put the file in themes/default/assets/ instead",
                    Severity.WARNING,
                )
            )  # fmt: skip
        found[path] = CopiedFile(path, content_dir / "assets" / name)
    return found


def mermaid_script(site: Site) -> MermaidScript | None:
    """The script the pages with a diagram load; whether the site needs it is known once
    every page is rendered (`mermaid_files` then adds the files)."""
    mode = site.config.mermaid
    if mode == "off":
        return None
    if mode == "cdn":
        return MermaidScript(vendor.cdn_script_url(), vendor.cdn_integrity())
    return MermaidScript(MERMAID_PATH)


def mermaid_files(
    loaded: MermaidScript | None,
    site: Site,
    outputs: dict[str, Output],
    problems: list[Diagnostic],
) -> None:
    """The files of the script the pages with a diagram load (`loaded`, from
    `mermaid_script`): the vendored script and its licence; a CDN script is not a file of
    the site."""
    if loaded is None or not loaded.local:
        return
    script = vendor.mermaid_script_path()
    if script is None:
        problems.append(
            Diagnostic(
                site.config.file.path, site.config.file.line("mermaid"), 1,
                "mermaid: local, but this journeygen has no Mermaid script to copy",
                "reinstall journeygen; " + vendor.MISSING_HINT,
            )
        )  # fmt: skip
        return
    outputs[MERMAID_PATH] = CopiedFile(MERMAID_PATH, script)
    license_file = vendor.mermaid_license_path()
    if license_file is not None:
        outputs[MERMAID_LICENSE_PATH] = CopiedFile(MERMAID_LICENSE_PATH, license_file)
