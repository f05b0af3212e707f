"""precompiled: the built-in theme's templates compiled ahead (default_theme.json), used only
for the exact source they were made from, under the Jinja release that made them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest
import sites
from jinja2 import Environment

from journeygen.render import precompiled, theme
from journeygen.render.theme import builtin_theme_dir, load_theme

ROOT = Path(__file__).resolve().parent.parent


def pinned_jinja() -> str:
    text = (ROOT / "requirements" / "ci.txt").read_text("utf-8")
    match = re.search(r"^jinja2==(\S+)", text, re.MULTILINE)
    assert match
    return match[1]


def builtin_env(tmp_path: Path) -> Environment:
    found, problems = load_theme(tmp_path, "default")
    assert found is not None and problems == []
    return found.environment


def builtin_names() -> list[str]:
    folder = builtin_theme_dir() / "templates"
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*.html")]


def test_the_kept_code_is_what_jinja_makes_of_the_templates_now(tmp_path: Path) -> None:
    """Fails after a change to a built-in template until `python scripts/compile_theme.py`
    is run (a stale entry is never used, but the speed-up would be lost)."""
    kept = json.loads(precompiled.DATA.read_text("utf-8"))
    assert kept["jinja"] == pinned_jinja(), "run scripts/compile_theme.py after a Jinja update"
    assert sorted(kept["templates"]) == sorted(builtin_names())
    if jinja2.__version__ != kept["jinja"]:  # the lowest locked versions: never used
        assert precompiled._entries() == {}
        return
    fresh = precompiled.generate(builtin_env(tmp_path), builtin_names())
    assert fresh == kept, "run scripts/compile_theme.py: a built-in template changed"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    names: list[str] = []
    original = Environment.compile

    def spy(self: Environment, source: str, name: str | None = None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not kwargs.get("raw") and not (args and args[-1] is True):
            names.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", spy)
    theme._environment.cache_clear()
    return names


def test_built_in_templates_are_not_compiled_and_render_the_same(
    tmp_path: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = builtin_env(tmp_path)
    template = env.get_template("journey.html")
    if not precompiled._entries():  # made by another Jinja release (the lowest lock)
        assert "journey.html" in compiles
        return
    assert compiles == []
    assert template.filename is not None and template.filename.endswith("journey.html")
    kept, _ = sites.render(sites.site(), load_theme(tmp_path, "default")[0])
    monkeypatch.setattr(precompiled, "_entries", lambda: {})  # every template compiled
    theme._environment.cache_clear()
    compiled, _ = sites.render(sites.site(), load_theme(tmp_path, "default")[0])
    assert "journey.html" in compiles and "base.html" in compiles
    assert {path: o.read() for path, o in kept.items()} == {
        path: o.read() for path, o in compiled.items()
    }


def test_an_override_or_an_edited_template_is_compiled_from_its_source(
    tmp_path: Path, compiles: list[str]
) -> None:
    override = tmp_path / "themes/default/templates/journey.html"
    override.parent.mkdir(parents=True)
    source = (builtin_theme_dir() / "templates/journey.html").read_text("utf-8")
    override.write_text(
        source.replace("{% block journey_intro %}", "{% block journey_intro %}EDITED")
    )
    outputs, problems = sites.render(sites.site(), load_theme(tmp_path, "default")[0])
    assert problems == []
    assert "EDITED" in sites.html(outputs, "journeys/reis/index.html")
    assert "journey.html" in compiles
    assert precompiled.python_source(override.read_text("utf-8"), "journey.html") is None


def test_a_template_error_still_names_the_built_in_file_and_line(tmp_path: Path) -> None:
    """Code kept ahead is compiled under the template's own file name: a runtime error in a
    built-in template is reported at that file, as before."""
    env = builtin_env(tmp_path)
    template = env.get_template("_pager.html")
    with pytest.raises(jinja2.UndefinedError) as caught:
        template.render()
    frames = [entry.path for entry in caught.traceback]
    assert any(str(path).endswith("_pager.html") for path in frames)
