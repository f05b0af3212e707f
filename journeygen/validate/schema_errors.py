"""Check a document's raw YAML against its schema model; errors become diagnostics.

pydantic reports where a value is wrong as a path (`stages.2.emotion`); this module
turns that into `path:line:col`, a plain message and a hint a user can act on.
"""

from __future__ import annotations

import copy
import math
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from journeygen.core.diagnostics import Diagnostic, suggest
from journeygen.model.schema import EMOTION_TAGS, StageIn
from journeygen.sources.documents import Document, locate

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "key: value pairs",
    "model_type": "key: value pairs",
    "model_attributes_type": "key: value pairs",
}


def _sub_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation like `list[Annotated[Note, ...]] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _sub_model(arg)
        if found is not None:
            return found
    return None


def model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that owns the mapping at `loc` (for listing its keys in a hint)."""
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        field = current.model_fields.get(step) or next(
            (f for f in current.model_fields.values() if f.alias == step), None
        )  # a custom lane's field is named by its alias (lanes.journey_model)
        current = _sub_model(field.annotation) if field else None
    return current


def model_keys(model: type[BaseModel]) -> set[str]:
    """The keys a model accepts as written: a field's alias where it has one."""
    return {field.alias or name for name, field in model.model_fields.items()}


def _bounds(annotation: Any, metadata: Sequence[Any]) -> tuple[Any, Any]:
    """The ge/le bounds of a field, also when they sit inside `Annotated[...] | None`."""
    low = high = None
    pending = [*metadata, annotation]
    while pending:
        item = pending.pop()
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
        pending.extend(getattr(item, "metadata", None) or [])
        pending.extend(a for a in typing.get_args(item) if not isinstance(a, str | int | float))
    return low, high


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "key: value pairs"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")  # a number YAML kept as text: too many digits
_NOT_FINITE = re.compile(r"[-+]?\.?(nan|inf|infinity)", re.IGNORECASE)
_ITEM_EXAMPLES = {
    "stages": "- id: awareness",
    "touchpoints": "- name: Google Ads",
    "kpis": "- name: Bezoekers",
}
SECRET_KEYS = frozenset({"password", "password_hash", "passwd", "wachtwoord"})
PASSWORD_HINT = (
    "anyone who can read the project can read it: remove it, write 'password_env: NAME' "
    "in journeygen.yml or a journey, and set the environment variable NAME when you build "
    "(on GitHub Actions from a repository secret; see docs/privacy.md)"
)
COLON_HINT = "text with ': ' in it reads as 'key: value'; put the whole text in quotes"


def _type_error(kind: str, name: str, loc: tuple[str | int, ...], value: Any) -> tuple[str, str]:
    """Message and hint for a value of the wrong type."""
    if value is None:
        return f"'{name}' is empty", f"write a value after '{name}:', or remove the line"
    message = f"'{name}' must be {_TYPE_WORDS[kind]}, found {_shown(value)}"
    if kind != "string_type" and isinstance(value, str) and _DIGITS.fullmatch(value):
        return f"'{name}' is too large a number, found {_shown(value)}", ""
    if kind != "string_type" and isinstance(value, str) and _NOT_FINITE.fullmatch(value):
        return f"'{name}' must be a finite number, found {_shown(value)}", "write e.g. 12 or 0.5"
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        ((key, item),) = value.items()
        return f"'{name}' has a ': ' in its text: '{key}: {item}'", COLON_HINT
    if kind == "string_type" and isinstance(value, list) and name == "persona":
        return message, "for several personas write 'personas: [eva, tom]'"
    if kind == "string_type":
        return message, "put the value in quotes to make it text"
    if kind in ("model_type", "dict_type") and isinstance(value, list):
        parent = next((str(s) for s in reversed(loc) if isinstance(s, str)), name)
        return message, f"an item under '{parent}:' is a text or a set of keys, not a list"
    if kind in ("model_type", "dict_type") and isinstance(value, str):
        parent = next((str(s) for s in reversed(loc) if isinstance(s, str)), name)
        example = _ITEM_EXAMPLES.get(parent, "- key: value")
        return message, f"each item under '{parent}:' is a set of keys, e.g. '{example}'"
    if kind == "float_parsing" and name == "emotion":
        return message, "a number from -2 (very negative) to 2 (very positive)"
    if kind == "float_parsing" and isinstance(value, str):
        if "%" in value or any(c.isalpha() for c in value):
            return message, f"write the number only (the unit goes under 'unit:'), e.g. {name}: 35"
        if "," in value:
            return message, "YAML writes decimals with a dot: 12.5, and no thousands separator"
        return message, "write a plain number such as 12 or 0.5"
    if isinstance(value, bool):
        return (
            message,
            f"YAML reads yes, no, on and off as true or false; write a number: '{name}: 12'",
        )
    if kind == "int_type" and isinstance(value, float) and not math.isfinite(value):
        return f"'{name}' must be a whole number, found {value:g}", "write e.g. 12000"
    if kind == "int_type" and isinstance(value, float):
        return (
            f"'{name}' must be a whole number, found {value:g}",
            "YAML reads a dot as a decimal point: write twelve thousand as 12000, not 12.000",
        )
    return message, ""


def _describe(
    model: type[BaseModel], error: Any, hidden: frozenset[str] = frozenset()
) -> tuple[tuple[str | int, ...], str, str, bool]:
    """(location, message, hint, point at the key) for one pydantic error."""
    loc: tuple[str | int, ...] = tuple(s for s in error["loc"] if s not in EMOTION_TAGS)
    kind: str = error["type"]
    name = next((str(s) for s in reversed(loc) if isinstance(s, str)), "value")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if name in SECRET_KEYS and kind == "extra_forbidden":
        return loc, f"'{name}': a password must not be written in a file", PASSWORD_HINT, True
    if name == "password_env" and kind not in ("missing",):
        # The value may be the password itself, written in the wrong place: never shown.
        return (
            loc,
            "'password_env' must be the name of an environment variable",
            (
                "write e.g. 'password_env: JOURNEYGEN_PASSWORD' and put the password in that "
                "variable when you build"
            ),
            False,
        )
    if kind == "extra_forbidden":
        owner = model_at(model, loc[:-1])
        keys = sorted(model_keys(owner) - hidden) if owner else []
        guess = suggest(name, keys)
        hint = f"{guess} " if guess else ""
        hint += f"known keys: {', '.join(keys)}; free data goes under 'extra:'"
        if owner is not None and issubclass(owner, StageIn):
            hint += "; a custom lane is declared in journeygen.yml under 'lanes:'"
        return loc, f"unknown key '{name}'", hint, True
    if kind == "missing":
        return loc[:-1], f"missing required key '{name}'", f"add '{name}: ...'", False
    if kind == "colon_in_text":
        return loc, str(error["msg"]), COLON_HINT, False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        guess = suggest(str(value), [c for c in choices if c])
        hint = f"{guess} use one of: {expected}".strip()
        return loc, f"'{name}' cannot be {_shown(value)}", hint, False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        owner = model_at(model, loc[:-1])
        field = owner.model_fields.get(name) if owner else None
        low, high = _bounds(field.annotation, field.metadata) if field else (None, None)
        subject = f"'{name}'"
        if "emotion" in loc and name != "emotion":  # per persona: emotion: {eva: 3}
            low, high, subject, name = -2, 2, f"the emotion for '{name}'", "emotion"
        if low is not None and high is not None and high - low > 1000:  # volume: 0 .. 10**15
            low, high = (low, None) if kind.startswith("greater") else (None, high)
        if low is not None and high is not None:
            message = f"{subject} must be between {low:g} and {high:g}, found {_shown(value)}"
        elif low is not None:
            shown = f"{low:g}" if abs(low) < 1e6 else f"{int(low):,}"
            message = f"{subject} must be at least {shown}, found {_shown(value)}"
        elif high is not None:
            message = f"{subject} must be at most {high:,}, found {_shown(value)}"
        else:
            message = f"{subject} is out of range, found {_shown(value)}"
        hint = "-2 is very negative, 0 neutral, 2 very positive" if name == "emotion" else ""
        return loc, message, hint, False
    if kind == "too_short" and name == "stages":
        return loc, "a journey needs at least one stage", "add a list under 'stages:'", False
    if kind == "unsafe_url":
        scheme = str(ctx.get("scheme", "")).lower()
        message = f"'{name}' cannot be a '{scheme}:' address, found {_shown(value)}"
        return (
            loc,
            message,
            "write an http://, https:// or mailto: address, or a note in words",
            False,
        )
    if kind == "finite_number":
        hint = "a number from -2 (very negative) to 2 (very positive)" if name == "emotion" else ""
        message = f"'{name}' must be a finite number, found {_shown(value)}"
        return (
            loc,
            message,
            hint or "'.nan' and '.inf' are not numbers: write e.g. 12 or 0.5",
            False,
        )
    if kind in _TYPE_WORDS:
        message, hint = _type_error(kind, name, loc, value)
        if name == "emotion" and not hint:
            hint = "a number from -2 (very negative) to 2 (very positive)"
        return loc, message, hint, False
    return loc, f"'{name}': {error['msg']}", "", False


def check_document(
    doc: Document, model: type[M], data: Any, problems: list[Diagnostic], base: Sequence = ()
) -> M | None:
    """Validate `data`, found at `base` inside `doc`, as `model`.

    Returns the model, or None after adding one diagnostic per problem to `problems`.
    """
    if not isinstance(data, dict):
        line, col = locate(doc, base)
        kind = "list" if isinstance(data, list) else "single value"
        problems.append(
            Diagnostic(
                doc.path,
                line,
                col,
                f"expected key: value pairs, found a {kind}",
                "write the keys as 'name: value', one per line",
            )
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # `body:` is for .yml files only; a .md file's body follows its front matter.
        hidden = frozenset({"body"}) if doc.path.endswith(".md") else frozenset()
        described = [_describe(model, error, hidden) for error in exc.errors(include_url=False)]
        # A misspelled required key (`titel:`) is one problem, not also a missing `title`.
        misspelled = {
            (loc[:-1], hint.split("'")[1])
            for loc, message, hint, _key in described
            if message.startswith("unknown key") and hint.startswith("did you mean")
        }
        for loc, message, hint, at_key in described:
            if (
                message.startswith("missing required key")
                and (loc, message.split("'")[1]) in misspelled
            ):
                continue
            empty = message.endswith("is empty")  # point at the key: the value is not there
            line, col = locate(doc, (*base, *loc), key=at_key or empty)
            problems.append(Diagnostic(doc.path, line, col, message, hint))
        return None


def salvage(model: type[M], data: Any) -> M | None:
    """`data` as `model` with every bad value left out, or None if that is not enough.

    Used after `check_document` reported the type errors, so the rest of a document
    can still be checked (references, ids) and all problems are reported at once.
    """
    if not isinstance(data, dict):
        return None
    repaired = copy.deepcopy(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(step for step in error["loc"] if step not in EMOTION_TAGS)
        key_at = max((i for i, step in enumerate(loc) if isinstance(step, str)), default=-1)
        if key_at < 0:
            return None
        parent: Any = repaired
        for step in loc[:key_at]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict):
            parent.pop(loc[key_at], None)
    try:
        return model.model_validate(repaired)
    except ValidationError:
        return None


def check_password_env(
    doc: Document,
    name: str,
    problems: list[Diagnostic],
    environ: Mapping[str, str],
    loc: tuple[str | int, ...] = ("password_env",),
) -> None:
    """The variable `password_env` names must hold a password when the site is checked or
    built: a protected page is never published unencrypted."""
    if environ.get(name):
        return
    line, col = locate(doc, loc)
    state = "is empty" if name in environ else "is not set"
    problems.append(
        Diagnostic(
            doc.path, line, col,
            f"password_env names '{name}', which {state}: the protected pages cannot be "
            "encrypted",
            f"set it before you build, e.g. {name}='a long passphrase' journeygen build; on "
            f"GitHub Actions pass a repository secret as env: {name}: "
            f"${{{{ secrets.{name} }}}} (see docs/privacy.md)",
        )
    )  # fmt: skip
