"""What users write: the content format as pydantic models.

These models check raw YAML (types, ranges, unknown keys) and are the source of the
JSON Schema that `journeygen schema` prints for editors. They know nothing of other
files; cross-references (persona ids, `ref`, `next`, presets) are checked in `validate`.
See docs/format.md for the contract and what journeygen adds to it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)
from pydantic_core import PydanticCustomError

from journeygen.core.limits import MAX_NUMBER
from journeygen.model.presets import PRESETS

Evidence = Literal["observed", "reported", "assumed", "proposed"]
EVIDENCE_LEVELS: tuple[str, ...] = ("observed", "reported", "assumed", "proposed")
Visibility = Literal["public", "internal"]
VISIBILITY: Any = Field(
    "public", description="internal: left out of `journeygen build --audience client`"
)
PASSWORD_ENV = Field(
    None,
    description="Name of the environment variable that holds the password (never the "
    "password itself): the pages are encrypted (see docs/privacy.md)",
    pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
)
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _as_list(value: Any) -> Any:
    """Every list field may be written as a single string."""
    if value is None:
        return []
    if isinstance(value, str | dict):
        return [value]
    return value


def _as_text(value: Any) -> Any:
    """Numbers, dates and booleans in text fields are read as text (`name: 2026`)."""
    if type(value) is str:  # nearly always: return at once
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _not_bool(value: Any) -> Any:
    """YAML reads `yes`, `on` and `true` as true; as a number that is a mistake, not 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


Text = Annotated[str, BeforeValidator(_as_text)]

SAFE_SCHEMES = ("http", "https", "mailto")
UNSAFE_SCHEMES = frozenset(
    {"javascript", "vbscript", "data", "file", "blob", "filesystem", "about", "view-source"}
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _safe_source(value: str) -> str:
    """A source is an address (http, https, mailto) or a note in words; a one-word text
    with another scheme (`javascript:...`, `data:...`, `file:///...`) is refused.
    Browsers drop tabs and line breaks inside an address, so they are dropped here too."""
    address = re.sub(r"[\t\r\n]", "", value).strip()
    scheme = _SCHEME.match(address)
    if scheme is None or scheme[1].lower() in SAFE_SCHEMES:
        return value
    if " " in address and scheme[1].lower() not in ("javascript", "vbscript"):
        return value  # words: `Data: GA4 export`
    if scheme[1].lower() in UNSAFE_SCHEMES or address[scheme.end() :].startswith("//"):
        raise PydanticCustomError("unsafe_url", "unsafe address", {"scheme": scheme[1]})
    return value


Source = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_safe_source),
    Field(description="Where the evidence comes from: an http(s) or mailto address, or a note"),
]
Emotion = Annotated[float, Field(ge=-2, le=2, allow_inf_nan=False), BeforeValidator(_not_bool)]
# One value, or one per persona of the journey: `emotion: {eva: 1, tom: -1}`. The
# discriminator picks the branch, so a bad value gets one error, not one per branch.
EMOTION_TAGS = ("single", "per-persona")
Emotions = Annotated[
    Annotated[Emotion, Tag("single")] | Annotated[dict[str, Emotion], Tag("per-persona")],
    Discriminator(lambda v: "per-persona" if isinstance(v, dict) else "single"),
]
Number = Annotated[
    float,
    Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER),
    BeforeValidator(_not_bool),
]
MAX_VOLUME = 10**15  # people or sessions in a stage; larger numbers overflow the charts


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Note(Strict):
    """A pain, opportunity, action or thought with its evidence."""

    text: Text
    evidence: Evidence | None = None
    source: Source | None = None
    visibility: Visibility = VISIBILITY


def _as_note(value: Any) -> Any:
    if isinstance(value, str | int | float | dt.date) and not isinstance(value, bool):
        return {"text": _as_text(value)}
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) not in Note.model_fields:
        ((key, item),) = value.items()
        raise PydanticCustomError(
            "colon_in_text",
            "this item has a ': ' in its text: '{text}'",
            {"text": f"{key}: {item}"},
        )
    return value


NoteItem = Annotated[Note, BeforeValidator(_as_note)]
TextList = Annotated[list[Text], BeforeValidator(_as_list)]
NoteList = Annotated[list[NoteItem], BeforeValidator(_as_list)]


class LaneItem(Note):
    """An item of a blueprint lane (frontstage, backstage, support, props, a custom lane)."""

    owner: Text = Field("", description="The team that does it (it gets a team page)")


def _as_lane_item(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) == "owner":
        return value  # {owner: x} alone: reported as a missing text, not as a colon
    return _as_note(value)


LaneItemList = Annotated[
    list[Annotated[LaneItem, BeforeValidator(_as_lane_item)]], BeforeValidator(_as_list)
]
IdList = Annotated[list[Text], BeforeValidator(_as_list)]


class PersonaIn(Strict):
    name: Text
    role: Text = ""
    quote: Text = ""
    photo: Text | None = Field(None, description="Image path relative to content/assets/")
    goals: TextList = []
    pains: TextList = []
    needs: TextList = []
    jobs: TextList = Field([], description="Jobs to be done")
    channels: TextList = []
    tone_of_voice: Text = ""
    visibility: Visibility = VISIBILITY
    body: Text = Field("", description="Markdown (only in .yml/.yaml persona files)")
    extra: dict[str, Any] = Field({}, description="Free data for themes")


class TouchpointFields(Strict):
    """The keys a touchpoint may set, in a journey or in content/touchpoints.yml."""

    name: Text | None = None
    channel: Text = ""
    offline: bool = False
    owner: Text = ""
    description: Text = ""
    emotion: Emotions | None = Field(None, description="-2..2, or one per persona: {eva: 1}")
    evidence: Evidence | None = None
    source: Source | None = None
    next: IdList = Field([], description="Ids of touchpoints this leads to, in any stage")
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = {}


class TouchpointIn(TouchpointFields):
    id: Text | None = Field(None, description="Unique within the journey")
    ref: Text | None = Field(None, description="Id of a touchpoint in content/touchpoints.yml")


class LibraryTouchpointIn(TouchpointFields):
    name: Text


class KpiIn(Strict):
    name: Text
    signal: Text = Field("", description="How you notice that a customer is in this stage")
    measure: Text = Field("", description="How it is measured")
    target: Number | None = None
    actual: Number | None = Field(None, description="Overrides the latest value from data/*.csv")
    unit: Text = ""
    better: Literal["higher", "lower"] = "higher"
    owner: Text = ""
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = {}


class StageIn(Strict):
    id: Text
    name: Text | None = None
    description: Text = ""
    goal: Text = ""
    actions: NoteList = []
    thoughts: NoteList = []
    emotion: Emotions | None = Field(None, description="-2..2, or one per persona: {eva: 1}")
    pains: NoteList = []
    opportunities: NoteList = []
    volume: Annotated[int, Field(ge=0, le=MAX_VOLUME, strict=True)] | None = Field(
        None, description="People who reach this stage (a whole number)"
    )
    kpis: Annotated[list[KpiIn], BeforeValidator(_as_list)] = []
    touchpoints: Annotated[list[TouchpointIn], BeforeValidator(_as_list)] = []
    frontstage: LaneItemList = Field([], description="What staff do that the customer sees")
    backstage: LaneItemList = Field([], description="What staff do out of the customer's sight")
    support: LaneItemList = Field([], description="Systems, partners and processes behind them")
    props: LaneItemList = Field([], description="Physical and digital evidence the customer holds")
    evidence: Evidence | None = None
    source: Source | None = None
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = {}


MAP_LANES: Any = Field(
    None,
    description="The lanes the map shows, in order: built-in (actions, thoughts, touchpoints, "
    "emotion, pains, opportunities, kpis, frontstage, backstage, support, props) or declared "
    "under 'lanes:' in journeygen.yml",
)


class LaneIn(Strict):
    """A custom lane (journeygen.yml `lanes:`): a stage gives its items under `id`."""

    id: Text = Field(description="A slug; not a built-in stage key")
    name: Text
    name_nl: Text | None = Field(None, description="The name on a 'language: nl' site")
    after: Text | None = Field(None, description="The lane it follows on the map")


class JourneyIn(Strict):
    title: Text
    persona: Text | None = None
    personas: IdList = []
    framework: Text | None = Field(
        None,
        description="Stage preset; see docs/format.md",
        json_schema_extra=lambda schema: _enum(schema, sorted(PRESETS)),
    )
    state: Literal["current", "ideal"] = "current"
    ideal: Text | None = Field(None, description="Id of the ideal-state journey to compare with")
    goal: Text = ""
    hypothesis: Text = ""
    stages: Annotated[list[StageIn], Field(min_length=1)]
    map_lanes: IdList | None = MAP_LANES
    visibility: Visibility = VISIBILITY
    listed: bool = Field(
        True, description="false: built, but in no overview, search, sitemap or list"
    )
    password_env: str | None = PASSWORD_ENV
    body: Text = Field("", description="Markdown (only in .yml/.yaml journey files)")
    extra: dict[str, Any] = {}


class PageIn(Strict):
    title: Text | None = None
    order: int = Field(0, description="Position in the navigation (lower first)")
    nav: bool = Field(True, description="Show the page in the site navigation")
    visibility: Visibility = VISIBILITY
    body: Text = ""
    extra: dict[str, Any] = {}


Level = Literal["off", "warning", "error"]


class CheckIn(Strict):
    level: Level = "warning"
    months: Annotated[int, Field(ge=1, le=120)] | None = Field(
        None, description="stale-data only: how many months behind the newest data is stale"
    )


def _as_check(value: Any) -> Any:
    """`off`, `warning`, `error`, or the keys; YAML reads a bare `off` as false (and `on`
    as true), so booleans are accepted too."""
    if isinstance(value, bool):
        return {"level": "warning" if value else "off"}
    return {"level": value} if isinstance(value, str) else value


class MarkdownIn(Strict):
    raw_html: bool = Field(
        False,
        description="Keep raw HTML in Markdown as written (scripts too): only when every "
        "writer is trusted; by default it is sanitised (see SECURITY.md)",
    )
    remote_images: bool = Field(
        False,
        description="Allow images from other sites (![x](https://...)): a reader's browser "
        "then asks those sites for them; by default such an image is an error",
    )


class AssetsIn(Strict):
    active_content: bool = Field(
        False,
        description="Publish HTML and XML files, and SVG with script, from content/assets/: "
        "their script runs on the site's address (see SECURITY.md); by default an error",
    )


class ConfigIn(Strict):
    title: Text | None = Field(None, description="Default: the project folder's name")
    description: Text = ""
    base_url: Text | None = None
    language: Literal["en", "nl"] = "en"
    theme: Text = "default"
    mermaid: Literal["local", "cdn", "off"] = "local"
    content_dir: Text = Field("content", description="Folder with personas/, journeys/, ...")
    output_dir: Text = Field("site", description="Build output folder")
    markdown: MarkdownIn = MarkdownIn()
    assets: AssetsIn = AssetsIn()
    checks: dict[str, Annotated[CheckIn, BeforeValidator(_as_check)]] = Field(
        {}, description="Quality rules by id: off, warning or error (see docs/checks.md)"
    )
    noindex: bool = Field(
        False, description="Ask search engines not to index or follow any page (robots)"
    )
    password_env: str | None = PASSWORD_ENV
    lanes: Annotated[list[LaneIn], BeforeValidator(_as_list)] = Field(
        [], description="Custom map lanes (see docs/format.md, service blueprint)"
    )
    map_lanes: IdList | None = MAP_LANES
    versions: Text | None = Field(
        None,
        description="A git tag pattern (e.g. 'review-*'): each matching tag's version is "
        "published in versions/<tag>/ (see docs/format.md)",
    )
    extra: dict[str, Any] = {}


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "config": ConfigIn,
    "persona": PersonaIn,
    "journey": JourneyIn,
    "touchpoints": LibraryTouchpointIn,
    "page": PageIn,
}


def _enum(schema: dict[str, Any], values: list[str]) -> None:
    """In the JSON Schema only, a text field takes one of `values` (editors complete it);
    validate checks it with a hint instead (`did you mean 'kotler-5a'?`)."""
    schema.pop("anyOf", None)
    schema.update(type="string", enum=values)


def _loosen(node: Any) -> Any:
    """Say in the schema what the validators accept: a single item for a list, and a
    plain string for a note ({text, evidence, source})."""
    if isinstance(node, list):
        return [_loosen(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _loosen(value) for key, value in node.items()}
    if node.get("$ref", "").endswith(("/Note", "/LaneItem")):
        return {"anyOf": [{"type": "string"}, {"$ref": node["$ref"]}]}
    if node.get("type") == "array" and "items" in node:
        default = node.pop("default", None)
        title = node.pop("title", None)
        loose: dict[str, Any] = {"anyOf": [node, node["items"]]}
        if title is not None:
            loose["title"] = title
        if default is not None:
            loose["default"] = default
        return loose
    return node


def json_schemas(journey: type[BaseModel] = JourneyIn) -> dict[str, dict[str, Any]]:
    """JSON Schema per file kind, for editors (`journeygen schema`). `journey`: the journey
    model with a project's custom lanes (lanes.journey_model)."""
    result: dict[str, dict[str, Any]] = {}
    for kind, model in {**SCHEMA_MODELS, "journey": journey}.items():
        schema = _loosen(model.model_json_schema(mode="validation"))
        if kind == "touchpoints":
            defs = schema.pop("$defs", {})
            schema = {
                "type": "object",
                "description": "Shared touchpoints by id (content/touchpoints.yml)",
                "propertyNames": {"pattern": SLUG_PATTERN},
                "additionalProperties": schema,
                **({"$defs": defs} if defs else {}),
            }
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"journeygen {kind}"
        result[kind] = schema
    return result
