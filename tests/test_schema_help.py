"""The help in `journeygen schema`: every key of every kind has a description and examples
(what an editor shows on hover), in English and in Dutch, and the examples are valid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from journeygen.cli import main
from journeygen.model import schema_nl
from journeygen.model.json_schema import json_schemas
from journeygen.scaffold.new import create_project
from journeygen.validate.lanes import journey_model

LANGUAGES = ("en", "nl")
KINDS = {"config", "persona", "journey", "touchpoints", "page"}


def _schemas(language: str) -> dict[str, dict[str, Any]]:
    """The schemas of a project with a custom lane, so that its field is walked too."""
    return json_schemas(journey_model(("systems",)), language)


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, schema) of every property anywhere in `node`: the root's, those of $defs,
    of nested objects and of list items."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}[{index}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}.{name}", prop
            yield from _properties(value, f"{where}/{key}")


def _texts(node: Any, key: str, names: bool = False) -> Iterator[Any]:
    """Every value of `key` (description, examples) anywhere in `node`; `names`: the keys
    of `node` are property names (`description` of a stage), not keywords."""
    if isinstance(node, list):
        for item in node:
            yield from _texts(item, key)
    elif isinstance(node, dict):
        for name, value in node.items():
            if name == key and not names:
                yield value
            else:
                yield from _texts(value, key, names=name == "properties" and not names)


def _strings(value: Any) -> Iterator[str]:
    """The texts in an example (not the keys of its mappings: those are the format's)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_property_of_every_kind_has_a_description_and_examples(language: str) -> None:
    schemas = _schemas(language)
    assert set(schemas) == KINDS
    seen = 0
    for kind, schema in schemas.items():
        assert schema["description"], kind
        for path, prop in _properties(schema):
            seen += 1
            assert isinstance(prop.get("description"), str) and prop["description"], (kind, path)
            assert isinstance(prop.get("examples"), list) and prop["examples"], (kind, path)
            assert "title" not in prop, (kind, path)  # pydantic's "Tone Of Voice", in English
    assert seen > 120  # the walk reached $defs and nested items, not only the roots
    stage = schemas["journey"]["$defs"]["StageIn"]["properties"]
    assert {"systems", "frontstage", "kpis", "touchpoints"} <= set(stage)


@pytest.mark.parametrize("language", LANGUAGES)
def test_examples_are_valid_for_their_own_key(language: str) -> None:
    for kind, schema in _schemas(language).items():
        for path, prop in _properties(schema):
            if not ({"type", "anyOf", "oneOf", "$ref", "enum"} & set(prop)):
                continue  # a key of any type
            validator = jsonschema.Draft202012Validator({**prop, "$defs": schema.get("$defs", {})})
            for example in prop["examples"]:
                errors = [e.message for e in validator.iter_errors(example)]
                assert not errors, (kind, path, example, errors)


def test_the_dutch_help_leaves_no_english_description() -> None:
    english, dutch = _schemas("en"), _schemas("nl")
    for kind in KINDS:
        en_texts = list(_texts(english[kind], "description"))
        pairs = list(zip(en_texts, _texts(dutch[kind], "description"), strict=True))
        assert pairs, kind
        for en, nl in pairs:
            assert nl != en, (kind, en)


def test_every_free_text_example_has_a_dutch_one_and_no_translation_is_left_over() -> None:
    """Texts with a space are free text, and are translated; one-word examples (ids, enum
    values, channels, paths, addresses) stay as they are unless the table names them."""
    english = _schemas("en")
    descriptions = set(_texts(english, "description"))
    examples = {text for value in _texts(english, "examples") for text in _strings(value)}
    free = {text for text in examples if " " in text}
    assert free - set(schema_nl.EXAMPLES) - schema_nl.KEPT == set()
    assert (set(schema_nl.EXAMPLES) | schema_nl.KEPT) - examples == set()  # left over
    assert set(schema_nl.DESCRIPTIONS) - descriptions == set()
    dutch = _schemas("nl")
    dutch_examples = {text for value in _texts(dutch, "examples") for text in _strings(value)}
    assert "Bestelbevestiging per e-mail" in dutch_examples
    assert not (free - schema_nl.KEPT) & dutch_examples


def test_translation_keeps_ids_enum_values_and_numbers() -> None:
    journey = _schemas("nl")["journey"]
    assert journey["properties"]["framework"]["examples"] == ["aaarrr", "see-think-do-care"]
    stage = journey["$defs"]["StageIn"]["properties"]
    assert stage["emotion"]["examples"] == [-1, 1.5, {"eva": 1, "tom": -1}]
    assert stage["props"]["examples"] == [["Offerte-pdf", "Bestelbevestiging per e-mail"]]
    assert stage["frontstage"]["examples"] == [
        [{"text": "Adviseur belt binnen een uur terug", "owner": "sales"}]
    ]
    # the schema itself, apart from its help, is the same in both languages
    assert _without_help(journey) == _without_help(_schemas("en")["journey"])


def _without_help(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_help(item) for item in node]
    if isinstance(node, dict):
        return {
            key: _without_help(value)
            for key, value in node.items()
            if key not in ("description", "examples")
        }
    return node


def test_schema_language_option_and_project_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    def printed(*args: str) -> dict[str, Any]:
        assert main(["schema", "journey", *args]) == 0
        result: dict[str, Any] = json.loads(capsys.readouterr().out)
        return result

    assert printed() == json_schemas()["journey"]  # no journeygen.yml: English
    assert printed("--language", "nl") == json_schemas(language="nl")["journey"]
    (tmp_path / "journeygen.yml").write_text("title: Klantreizen\nlanguage: nl\n", "utf-8")
    assert printed() == json_schemas(language="nl")["journey"]
    assert printed("--language", "en") == json_schemas()["journey"]
    (tmp_path / "journeygen.yml").write_text("language: fr\n", "utf-8")  # not ours: en
    assert printed() == json_schemas()["journey"]
    (tmp_path / "journeygen.yml").write_text("language: nl\n", "utf-8")
    out = tmp_path / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    config = json.loads((out / "config.schema.json").read_text("utf-8"))
    assert config == json_schemas(language="nl")["config"]
    assert config["properties"]["base_url"]["description"].startswith("Het adres")


def test_schema_refuses_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "--language", "fr"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_writes_the_schemas_in_the_project_s_language(tmp_path: Path, language: str) -> None:
    root = tmp_path / "p"
    create_project(root, language=language)
    for kind, schema in json_schemas(language=language).items():
        written = json.loads((root / f".vscode/schemas/{kind}.schema.json").read_text("utf-8"))
        assert written == schema
    stage = json.loads((root / ".vscode/schemas/journey.schema.json").read_text("utf-8"))
    emotion = stage["$defs"]["StageIn"]["properties"]["emotion"]["description"]
    assert emotion.startswith("Hoe de klant zich voelt" if language == "nl" else "How the")
