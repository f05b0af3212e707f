"""The JSON Schema of each kind of file, for editors (`journeygen schema`, and the schemas
`journeygen new` writes into .vscode/schemas/): made from the models of schema.py, saying
what the validators accept, with the help of every key in English or Dutch (schema_nl.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from journeygen.model import schema_nl
from journeygen.model.schema import (
    SLUG_PATTERN,
    ConfigIn,
    JourneyIn,
    LibraryTouchpointIn,
    PageIn,
    PersonaIn,
)

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "config": ConfigIn,
    "persona": PersonaIn,
    "journey": JourneyIn,
    "touchpoints": LibraryTouchpointIn,
    "page": PageIn,
}


def _loosen(node: Any) -> Any:
    """Say in the schema what the validators accept: a single item for a list, and a
    plain string for a note ({text, evidence, source}). A list's help goes on the choice
    of the two, where an editor shows it."""
    if isinstance(node, list):
        return [_loosen(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _loosen(value) for key, value in node.items()}
    if node.get("$ref", "").endswith(("/Note", "/LaneItem")):
        return {"anyOf": [{"type": "string"}, {"$ref": node["$ref"]}]}
    if node.get("type") == "array" and "items" in node:
        moved = {key: node.pop(key) for key in HOISTED if key in node}
        return {"anyOf": [node, node["items"]], **moved}
    return node


HOISTED = ("title", "description", "examples", "default")


def _untitle(node: Any) -> Any:
    """Without pydantic's property titles ("Tone Of Voice"): they only repeat the key, and
    an editor shows them above the description, in English whatever the language."""
    if isinstance(node, list):
        return [_untitle(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _untitle(value) for key, value in node.items()}
    if isinstance(node.get("properties"), dict):
        node["properties"] = {
            key: {k: v for k, v in value.items() if k != "title"}
            for key, value in node["properties"].items()
        }
    return node


KIND_HELP = {
    "config": "journeygen.yml: the site's settings; every key has a default",
    "persona": "A persona (content/personas/<id>.md): who makes the journeys; only name is "
    "required",
    "journey": "A customer journey (content/journeys/<id>.md): its stages, touchpoints and "
    "KPIs; title and stages are required",
    "touchpoints": "Shared touchpoints by id (content/touchpoints.yml); a journey uses one "
    "with '- ref: <id>'",
    "page": "A free page (content/pages/<id>.md), such as about or method",
}


def json_schemas(
    journey: type[BaseModel] = JourneyIn, language: str = "en"
) -> dict[str, dict[str, Any]]:
    """JSON Schema per file kind, for editors (`journeygen schema`), with a description and
    examples for every key, in `language` (en, nl). `journey`: the journey model with a
    project's custom lanes (lanes.journey_model)."""
    result: dict[str, dict[str, Any]] = {}
    for kind, model in {**SCHEMA_MODELS, "journey": journey}.items():
        made = _untitle(_loosen(model.model_json_schema(mode="validation")))
        if kind == "touchpoints":
            defs = made.pop("$defs", {})
            made = {
                "type": "object",
                "propertyNames": {"pattern": SLUG_PATTERN},
                "additionalProperties": made,
                **({"$defs": defs} if defs else {}),
            }
        made["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        made["title"] = f"journeygen {kind}"
        made["description"] = KIND_HELP[kind]
        if language == "nl":
            made = schema_nl.translate(made)
        elif language != "en":
            raise ValueError(f"no schema help in {language!r}")
        result[kind] = made
    return result
