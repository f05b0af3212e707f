"""theme: the chain of theme folders, overrides that extend the built-in templates,
and template errors reported at the template's file and line."""

from __future__ import annotations

import os
from pathlib import Path

import sites

from journeygen.render.theme import Theme, builtin_theme_dir, load_theme
from journeygen.sources.read import read_config_file

MAP_BLOCK = """\
{% extends "default/journey.html" %}
{% block journey_intro %}
{{ super() }}
<p class="draft">Workshop draft: {{ journey.title }}</p>
{% endblock %}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def render_with(root: Path, name: str = "default"):  # type: ignore[no-untyped-def]
    theme, problems = load_theme(root, name)
    assert problems == [] and theme is not None
    return sites.render(sites.site(), theme)


def test_builtin_theme_has_the_templates_and_assets() -> None:
    folder = builtin_theme_dir()
    for name in ("base.html", "index.html", "journey.html", "persona.html", "touchpoints.html"):
        assert (folder / "templates" / name).is_file()
    assert (folder / "assets" / "journeygen.css").is_file()
    assert (folder / "theme.yml").is_file()


def test_default_theme_without_and_with_project_overrides(tmp_path: Path) -> None:
    theme, problems = load_theme(tmp_path, "default")
    assert problems == [] and theme == Theme("default", (builtin_theme_dir(),))
    write(tmp_path, {"themes/default/templates/page.html": "x"})
    theme, problems = load_theme(tmp_path, "default")
    assert theme is not None and theme.dirs == (tmp_path / "themes/default", builtin_theme_dir())


def test_project_theme_extends_default(tmp_path: Path) -> None:
    write(tmp_path, {"themes/brand/theme.yml": "extends: default\n"})
    theme, problems = load_theme(tmp_path, "brand")
    assert problems == []
    assert theme is not None and theme.dirs == (tmp_path / "themes/brand", builtin_theme_dir())


def test_unknown_theme_names_the_config_line_and_the_known_themes(tmp_path: Path) -> None:
    write(tmp_path, {"journeygen.yml": "title: x\ntheme: brnad\n", "themes/brand/theme.yml": ""})
    theme, problems = load_theme(
        tmp_path, "brnad", read_config_file(tmp_path, tmp_path / "journeygen.yml")
    )
    assert theme is None
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("journeygen.yml", 2, "unknown theme 'brnad'")
    ]
    assert problems[0].hint == "did you mean 'brand'? known themes: brand, default"


def test_theme_file_problems(tmp_path: Path) -> None:
    write(tmp_path, {"themes/a/theme.yml": "extends: b\n", "themes/b/theme.yml": "extends: a\n"})
    theme, problems = load_theme(tmp_path, "a")
    assert theme is None
    assert problems[0].path == "themes/b/theme.yml"
    assert "circle: a -> b -> a" in problems[0].message
    write(tmp_path, {"themes/c/theme.yml": "description: Brand\nextend: default\n"})
    theme, problems = load_theme(tmp_path, "c")
    assert theme is None and problems[0].message == "unknown key 'extend'"
    assert (problems[0].path, problems[0].line) == ("themes/c/theme.yml", 2)
    assert problems[0].hint.startswith("did you mean 'extends'?")
    write(tmp_path, {"themes/d/theme.yml": "extends: nothere\n"})
    theme, problems = load_theme(tmp_path, "d")
    assert theme is None and problems[0].message == "unknown theme 'nothere' in extends"
    assert (problems[0].path, problems[0].line) == ("themes/d/theme.yml", 1)
    write(tmp_path, {"themes/e/theme.yml": "extends: [default\n"})
    theme, problems = load_theme(tmp_path, "e")
    assert theme is None and problems[0].message.startswith("invalid YAML")


def test_override_replaces_one_block_and_keeps_the_rest(tmp_path: Path) -> None:
    write(tmp_path, {"themes/default/templates/journey.html": MAP_BLOCK})
    outputs, problems = render_with(tmp_path)
    assert problems == []
    text = sites.html(outputs, "journeys/reis/index.html")
    assert '<p class="draft">Workshop draft: From search to client</p>' in text
    assert 'id="jg-map"' in text and "More quote requests" in text  # the rest, and super()


def test_project_theme_extends_a_template_of_its_parent(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "themes/brand/theme.yml": "extends: default\n",
            "themes/brand/templates/journey.html": MAP_BLOCK,
            "themes/brand/assets/journeygen.css": "body { color: hotpink }\n",
            "themes/brand/assets/brand.svg": "<svg/>",
        },
    )
    outputs, problems = render_with(tmp_path, "brand")
    assert problems == []
    assert "Workshop draft" in sites.html(outputs, "journeys/reis/index.html")
    assert outputs["assets/journeygen.css"].read() == b"body { color: hotpink }\n"
    assert "assets/brand.svg" in outputs and "assets/journeygen.js" in outputs


def test_a_typo_in_an_override_is_reported_at_its_line(tmp_path: Path) -> None:
    override = MAP_BLOCK.replace("{{ journey.title }}", "{{ journey.titel }}")
    write(tmp_path, {"themes/default/templates/journey.html": override})
    outputs, problems = render_with(tmp_path)
    assert [(p.path, p.line, p.col) for p in problems] == [
        ("themes/default/templates/journey.html", 4, 1)
    ]
    assert "'titel'" in problems[0].message
    assert problems[0].hint == "did you mean 'title'?"
    assert "journeys/reis/index.html" not in outputs  # the page failed; the others did not
    assert "index.html" in outputs


def test_an_undefined_name_suggests_a_context_name(tmp_path: Path) -> None:
    write(tmp_path, {"themes/default/templates/page.html": "\n\n{{ pgae.title }}\n"})
    _, problems = render_with(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("themes/default/templates/page.html", 3)]
    assert problems[0].hint == "did you mean 'page'?"


def test_syntax_error_and_missing_template(tmp_path: Path) -> None:
    write(tmp_path, {"themes/default/templates/page.html": "line 1\n{% if %}\n"})
    _, problems = render_with(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("themes/default/templates/page.html", 2)]
    assert problems[0].message.startswith("template syntax error")
    write(tmp_path, {"themes/default/templates/page.html": '{% extends "default/nope.html" %}\n'})
    _, problems = render_with(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("themes/default/templates/page.html", 1)]
    assert problems[0].message == "template 'default/nope.html' not found"


def test_a_standalone_theme_missing_a_template(tmp_path: Path) -> None:
    write(tmp_path, {"themes/bare/templates/index.html": "<p>{{ config.title }}</p>"})
    _, problems = render_with(tmp_path, "bare")
    messages = {(p.path, p.message) for p in problems}
    assert (
        "themes/bare/templates/journey.html",
        "template 'journey.html' not found in theme 'bare'",
    ) in messages


def test_missing_interface_text_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, {"themes/default/templates/page.html": "<p>{{ t('no.such.key') }}</p>\n"})
    _, problems = render_with(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("themes/default/templates/page.html", 1)]
    assert "no.such.key" in problems[0].message


def test_a_runtime_error_in_a_template_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, {"themes/default/templates/page.html": "a\nb\n{{ 1 // 0 }}\n"})
    _, problems = render_with(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("themes/default/templates/page.html", 3)]
    assert "ZeroDivisionError" in problems[0].message


def test_edits_and_new_overrides_show_in_the_next_build(tmp_path: Path) -> None:
    """As in `serve`: the environment is reused, yet template changes are picked up."""
    outputs, _ = render_with(tmp_path)
    assert "Workshop draft" not in sites.html(outputs, "journeys/reis/index.html")
    write(tmp_path, {"themes/default/templates/journey.html": MAP_BLOCK})
    outputs, _ = render_with(tmp_path)
    assert "Workshop draft" in sites.html(outputs, "journeys/reis/index.html")
    override = tmp_path / "themes/default/templates/journey.html"
    override.write_text(MAP_BLOCK.replace("Workshop draft", "Client version"), "utf-8")
    stat = override.stat()
    os.utime(override, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    outputs, _ = render_with(tmp_path)
    assert "Client version" in sites.html(outputs, "journeys/reis/index.html")
