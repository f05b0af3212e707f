"""Model + theme -> the files of the site, in memory. Nothing is written here.

The one seam for extensions is this module's registry: `FILTERS` (extra Jinja filters) and
`PAGE_BUILDERS` (functions `(site) -> iterable of PageSpec`, see `pages.py`; a builder may
also yield a finished `Output`, such as `seo.py`'s sitemap.xml). Register at import time,
before the first render::

    from journeygen.render import page_builder, template_filter

    @template_filter("shout")
    def shout(text: str) -> str:
        return text.upper()

    @page_builder
    def owner_pages(site):
        for owner in sorted({tp.owner for j in site.journeys for tp in j.touchpoints}):
            yield PageSpec(f"owners/{owner}/index.html", "owner.html", {"owner": owner})

Every page is rendered with the shared context: `site`, `config`, `t` (interface text and
number formats), `url(target)` (a link relative to the current page), `asset(name)`,
`paths`, `nav`, `lang`, `meta` (title, description, canonical and Open Graph fields, see
`seo.py`; a builder may give its own); plus what its builder gives. Template problems
(syntax, undefined names, any exception while rendering) become diagnostics at the
template's file and line.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeygen import files, review_pages, seo, vendor
from journeygen.diagnostics import Diagnostic, Severity
from journeygen.i18n import translator
from journeygen.model import Site
from journeygen.outputs import Output
from journeygen.pages import DEFAULT_BUILDERS, PageSpec, Paths
from journeygen.sources import CONFIG_NAMES, find_config
from journeygen.theme import Theme
from journeygen.theme_errors import template_diagnostic

PageBuilder = Callable[[Site], Iterable[PageSpec | Output | tuple[str, str, dict[str, Any]]]]

PAGE_BUILDERS: list[PageBuilder] = [
    *DEFAULT_BUILDERS,
    *review_pages.BUILDERS,
    *seo.BUILDERS,
    *files.BUILDERS,
]
FILTERS: dict[str, Callable[..., Any]] = {}

MERMAID_PATH = "assets/vendor/mermaid/mermaid.min.js"
MERMAID_LICENSE_PATH = "assets/vendor/mermaid/LICENSE"


def page_builder(builder: PageBuilder) -> PageBuilder:
    """Register a page builder (usable as a decorator)."""
    PAGE_BUILDERS.append(builder)
    return builder


def template_filter(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a Jinja filter under `name` (a decorator)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        FILTERS[name] = function
        return function

    return register


def relative_url(page: str, target: str) -> str:
    """The link from site path `page` to site path `target` (`#anchor` kept).

    What `posixpath.relpath(target, dirname(page))` gives, without its two `os.getcwd()`
    calls (tens of thousands of links per build): the folders both paths share are dropped.
    Paths with empty, `.` or `..` parts (or absolute ones) still go through relpath."""
    path, hash_mark, anchor = target.partition("#")
    if not path:
        return target
    folders = page.split("/")[:-1]
    parts = path.split("/")
    if _UNCLEAN.intersection(folders) or _UNCLEAN.intersection(parts):
        link = posixpath.relpath(path, posixpath.dirname(page) or ".")
        return link + hash_mark + anchor
    common = 0
    for folder, part in zip(folders, parts, strict=False):
        if folder != part:
            break
        common += 1
    link = "/".join([".."] * (len(folders) - common) + parts[common:]) or "."
    return link + hash_mark + anchor


_UNCLEAN = frozenset(("", ".", ".."))  # path parts that need relpath's normalising


@dataclass(frozen=True)
class MermaidScript:
    src: str  # a site path (local) or a URL (cdn)
    integrity: str | None = None

    @property
    def local(self) -> bool:
        return self.integrity is None


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str


def render_site(
    site: Site, theme: Theme, *, content_dir: Path
) -> tuple[list[Output], list[Diagnostic]]:
    """Every page, asset and vendored script of the site, and the problems found."""
    problems: list[Diagnostic] = []
    env = theme.environment
    env.filters.update(FILTERS)
    t = translator(site.config.language)
    items = [item for builder in PAGE_BUILDERS for item in builder(site)]
    specs = [_spec(item) for item in items if not isinstance(item, Output)]
    outputs: dict[str, Output] = {}
    assets = _assets(theme, content_dir, site, problems)
    outputs.update(assets)
    outputs.update((item.path, item) for item in items if isinstance(item, Output))
    needs_mermaid = any(spec.context.get("has_diagram") for spec in specs)
    script = _mermaid(site, content_dir, needs_mermaid, outputs, problems)
    versions = {
        path: hashlib.sha256(output.read()).hexdigest()[:10]
        for path, output in outputs.items()
        if path.startswith("assets/") and path != MERMAID_PATH and path.endswith((".css", ".js"))
    }
    shared = {
        "site": site,
        "config": site.config,
        "lang": site.config.language,
        "t": t,
        "paths": Paths,
        "nav": _nav(site, t),
        "mermaid": script,
        "nav_key": "",  # which navigation item is the current page
        "has_diagram": False,  # load Mermaid on this page
    }
    seen: set[tuple[str, int, str]] = set()
    for spec in specs:
        if spec.path in outputs:
            problems.append(
                Diagnostic(
                    "content/pages", 1, 1, f"two pages would be written to '{spec.path}'",
                    "rename one of them",
                )
            )  # fmt: skip
            continue
        context = {**shared, **spec.context, "page_path": spec.path}
        if "meta" not in context:
            context["meta"] = seo.page_meta(site, spec, t)
        context["url"] = _linker(spec.path)
        context["asset"] = _asset_linker(spec.path, versions)
        try:
            html = env.get_template(spec.template).render(context)
        except Exception as exc:  # any template problem becomes a diagnostic
            problem = template_diagnostic(exc, theme, spec.template, context)
            if (problem.path, problem.line, problem.message) not in seen:
                seen.add((problem.path, problem.line, problem.message))
                problems.append(problem)
            continue
        outputs[spec.path] = Output(spec.path, data=compact_html(html).encode("utf-8"))
    return [outputs[path] for path in sorted(outputs)], problems


_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def compact_html(html: str) -> str:
    """Drop the templates' indentation (not inside <pre> or <textarea>): smaller pages."""
    parts = _KEEP.split(html)
    return "".join(
        part if index % 2 else _INDENT.sub("\n", part) for index, part in enumerate(parts)
    )


def _spec(item: PageSpec | tuple[str, str, dict[str, Any]]) -> PageSpec:
    return item if isinstance(item, PageSpec) else PageSpec(*item)


def _linker(page: str) -> Callable[[str], str]:
    def url(target: str) -> str:
        return relative_url(page, target)

    return url


def _asset_linker(page: str, versions: dict[str, str]) -> Callable[[str], str]:
    def asset(name: str) -> str:
        path = "assets/" + name
        link = relative_url(page, path)
        return f"{link}?v={versions[path]}" if path in versions else link

    return asset


def _nav(site: Site, t: Any) -> tuple[NavItem, ...]:
    items = [NavItem("overview", t("nav.overview"), Paths.index)]
    if any(j.touchpoints for j in site.journeys):
        items.append(NavItem("touchpoints", t("nav.touchpoints"), Paths.touchpoints))
    if review_pages.has_evaluation(site):
        items.append(NavItem("evaluation", t("nav.evaluation"), Paths.evaluation))
    items += [NavItem(f"page:{p.id}", p.title, Paths.page(p.id)) for p in site.pages if p.nav]
    return tuple(items)


def _assets(
    theme: Theme, content_dir: Path, site: Site, problems: list[Diagnostic]
) -> dict[str, Output]:
    """Theme assets (the most specific theme folder wins), then the project's own."""
    found: dict[str, Output] = {}
    for folder in reversed(theme.asset_dirs):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            path = "assets/" + file.relative_to(folder).as_posix()
            found[path] = Output(path, source=file)
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
        found[path] = Output(path, source=content_dir / "assets" / name)
    return found


def _mermaid(
    site: Site,
    content_dir: Path,
    needed: bool,
    outputs: dict[str, Output],
    problems: list[Diagnostic],
) -> MermaidScript | None:
    mode = site.config.mermaid
    if not needed or mode == "off":
        return None
    if mode == "cdn":
        return MermaidScript(vendor.cdn_script_url(), vendor.cdn_integrity())
    script = vendor.mermaid_script_path()
    if script is None:
        path, line = _config_line(content_dir, "mermaid")
        problems.append(
            Diagnostic(
                path, line, 1,
                "mermaid: local, but this journeygen has no Mermaid script to copy",
                "reinstall journeygen; " + vendor.MISSING_HINT,
            )
        )  # fmt: skip
        return None
    outputs[MERMAID_PATH] = Output(MERMAID_PATH, source=script)
    license_file = vendor.mermaid_license_path()
    if license_file is not None:
        outputs[MERMAID_LICENSE_PATH] = Output(MERMAID_LICENSE_PATH, source=license_file)
    return MermaidScript(MERMAID_PATH)


def _config_line(content_dir: Path, key: str) -> tuple[str, int]:
    config = find_config(content_dir.resolve())
    if config is None:
        return CONFIG_NAMES[0], 1
    for number, line in enumerate(config.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return config.name, number
    return config.name, 1
