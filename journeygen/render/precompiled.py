"""The built-in theme's templates, compiled ahead: a cold build does not compile them.

Jinja turns a template into Python source (lexing, parsing, code generation) before Python
compiles that; for the built-in theme this was a third of a cold build of the example
(~0.2 s of ~0.6). `scripts/compile_theme.py` writes each built-in template's Python source,
as Jinja generates it, into `default_theme.json`, with the SHA-256 of the template it was made
from, the Jinja version that made it, and what `theme.reads_site` needs to know of it (whether
it names `site`, and the templates it refers to). A build then only hands that source to
Python's `compile` (Jinja's own `ModuleLoader` does the same with modules; this keeps the
template's file name in tracebacks and diagnostics).

An entry is used only for a file of the built-in theme whose bytes hash to the entry's, under
the Jinja version that made it; any other template (a project's override, a built-in
template edited in a checkout, another Jinja release) is compiled as before. The output is the
same either way (tests/test_precompiled.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2

DATA = Path(__file__).with_name("default_theme.json")


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _entries() -> dict[str, dict[str, Any]]:
    """Entries by the SHA-256 of their template; none when made by another Jinja release."""
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("jinja") != jinja2.__version__:
        return {}
    return {entry["sha256"]: entry for entry in data.get("templates", {}).values()}


def python_source(source: str, name: str) -> str | None:
    """The Python source Jinja would make of template `name` with this `source`, if kept."""
    entry = _entries().get(digest(source))
    return entry["python"] if entry is not None and entry["name"] == name else None


def site_and_references(source: str) -> tuple[bool, tuple[str | None, ...]] | None:
    """What `theme.reads_site` learns from parsing `source`, if kept."""
    entry = _entries().get(digest(source))
    return None if entry is None else (entry["site"], tuple(entry["refs"]))


def parsed_facts(env: jinja2.Environment, source: str) -> tuple[bool, tuple[str | None, ...]]:
    """Whether a template's source names `site`, and the templates it refers to, by parsing
    it (what `theme.reads_site` needs, and what `generate` keeps for the built-in theme)."""
    from jinja2 import meta, nodes

    tree = env.parse(source)
    uses_site = any(node.name == "site" for node in tree.find_all(nodes.Name))
    return uses_site, tuple(meta.find_referenced_templates(tree))


def generate(env: jinja2.Environment, names: list[str]) -> dict[str, Any]:
    """The contents of `default_theme.json` for the templates `names` of `env` (the built-in
    theme's environment), each with its `parsed_facts`."""
    templates: dict[str, Any] = {}
    assert env.loader is not None
    for name in sorted(names):
        source, filename, _ = env.loader.get_source(env, name)
        uses_site, refs = parsed_facts(env, source)
        templates[name] = {
            "name": name,
            "sha256": digest(source),
            "site": uses_site,
            "refs": list(refs),
            "python": env.compile(source, name, filename, raw=True),
        }
    return {"jinja": jinja2.__version__, "templates": templates}
