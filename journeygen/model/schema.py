"""What users write: the content format as pydantic models.

These models check raw YAML (types, ranges, unknown keys) and are the source of the
JSON Schema that `journeygen schema` prints for editors (json_schema.py): every field has
a description and examples, which an editor shows on hover (in Dutch: schema_nl.py).
They know nothing of other files; cross-references (persona ids, `ref`, `next`, presets)
are checked in `validate`. See docs/format.md for the contract and what journeygen adds to it.
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


Source = Annotated[str, BeforeValidator(_as_text), AfterValidator(_safe_source)]
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

# Help for editors: the fields that several models share. Every key of every model has a
# description and examples (an editor shows them on hover); schema_nl.py has them in Dutch.
VISIBILITY: Any = Field(
    "public",
    description="Who may see this: public (everyone), or internal (left out of "
    "`journeygen build --audience client`, for notes the client should not read)",
    examples=["internal"],
)
PASSWORD_ENV: Any = Field(
    None,
    description="Name of the environment variable that holds the password (never the "
    "password itself): the pages are encrypted (see docs/privacy.md)",
    pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
    examples=["JOURNEYS_PASSWORD"],
)
EVIDENCE: Any = Field(
    None,
    description="How sure you are: observed (seen in research), reported (customers or "
    "staff told you), assumed (your team's guess) or proposed (a change you suggest)",
    examples=["observed", "assumed"],
)
SOURCE: Any = Field(
    None,
    description="Where the evidence comes from: a web address (http, https, mailto) or a "
    "short note",
    examples=["https://example.com/research/interviews-2026.pdf", "Interviews, March 2026"],
)
EXTRA: Any = Field(
    {},
    description="Free data for your own theme: any keys, journeygen leaves them as they are",
    examples=[{"sector": "legal services"}],
)
OWNER: Any = Field(
    "",
    description="The team that answers for it; each team gets a page listing what it owns",
    examples=["marketing", "customer service"],
)
EMOTION: Any = Field(
    None,
    description="How the customer feels, from -2 (very negative) to 2 (very positive), "
    "decimals allowed; or one value per persona, e.g. {eva: 1, tom: -1}",
    examples=[-1, 1.5, {"eva": 1, "tom": -1}],
)
SEE_FORMAT = "see docs/format.md"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Note(Strict):
    """An action, thought, pain or opportunity written with its evidence."""

    text: Text = Field(
        description="The note itself, in the words you would put on a sticky note",
        examples=["Cannot find a price on the website"],
    )
    evidence: Evidence | None = EVIDENCE
    source: Source | None = SOURCE
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

    text: Text = Field(
        description="What happens, in a short sentence",
        examples=["Planner enters the quote in the CRM"],
    )
    owner: Text = OWNER


def _as_lane_item(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) == "owner":
        return value  # {owner: x} alone: reported as a missing text, not as a colon
    return _as_note(value)


LaneItemList = Annotated[
    list[Annotated[LaneItem, BeforeValidator(_as_lane_item)]], BeforeValidator(_as_list)
]
IdList = Annotated[list[Text], BeforeValidator(_as_list)]


class PersonaIn(Strict):
    name: Text = Field(
        description="The persona's name as it appears on the site (required)",
        examples=["Eva de Vries"],
    )
    role: Text = Field(
        "",
        description="Job, situation or age: who this person is in a few words",
        examples=["Office manager at a law firm (42)"],
    )
    quote: Text = Field(
        "",
        description="A typical sentence in the persona's own words",
        examples=["I just don't want to have to think about it."],
    )
    photo: Text | None = Field(
        None,
        description="A picture of the persona: a file path relative to content/assets/",
        examples=["eva.jpg"],
    )
    goals: TextList = Field(
        [],
        description="What the persona wants to achieve: a list, or a single text",
        examples=[["A clean office without any hassle", "A fixed price per month"]],
    )
    pains: TextList = Field(
        [],
        description="What frustrates the persona or stands in the way: a list, or a single text",
        examples=[["Cleaners who do not show up"]],
    )
    needs: TextList = Field(
        [],
        description="What the persona needs from you to reach the goals",
        examples=[["One point of contact"]],
    )
    jobs: TextList = Field(
        [],
        description="Jobs to be done: the tasks the persona hires a product or service for",
        examples=[["Arrange facility services alongside her own work"]],
    )
    channels: TextList = Field(
        [],
        description="Where the persona looks for information and gets in touch",
        examples=[["Google", "LinkedIn", "email"]],
    )
    tone_of_voice: Text = Field(
        "",
        description="How to address this persona in texts and conversations",
        examples=["Businesslike and direct"],
    )
    visibility: Visibility = VISIBILITY
    body: Text = Field(
        "",
        description="The persona's story in Markdown (only in a .yml/.yaml persona file; "
        "in a .md file it follows the front matter)",
        examples=["Eva runs the office of a law firm with 30 staff."],
    )
    extra: dict[str, Any] = EXTRA


class TouchpointFields(Strict):
    """The keys a touchpoint may set, in a journey or in content/touchpoints.yml."""

    name: Text | None = Field(
        None,
        description="What the customer meets, as shown on the map (required unless the "
        "touchpoint comes from the library with 'ref:')",
        examples=["Google Ads advertisement"],
    )
    channel: Text = Field(
        "",
        description="The channel, in your own words; website, search, ads, social, email, "
        "phone, chat, events, print, store, marketplace, referral, app, review, video and "
        "partner get an icon",
        examples=["ads", "phone"],
    )
    offline: bool = Field(
        False,
        description="true for a touchpoint in the physical world (a visit, a letter, a shop)",
        examples=[True],
    )
    owner: Text = OWNER
    description: Text = Field(
        "",
        description="What happens at this touchpoint, in a sentence or two",
        examples=['Ad on the search "office cleaning Utrecht"'],
    )
    emotion: Emotions | None = EMOTION
    evidence: Evidence | None = EVIDENCE
    source: Source | None = SOURCE
    next: IdList = Field(
        [],
        description="Ids of the touchpoints this one leads to, in any stage; pointing back "
        "to an earlier stage draws a loop",
        examples=[["landing-page"]],
    )
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = EXTRA


class TouchpointIn(TouchpointFields):
    """A touchpoint of a stage: written in full, or taken from the library with `ref:`."""

    id: Text | None = Field(
        None,
        description="A short id, unique within the journey, that 'next:' can point to "
        "(lower-case letters, digits and '-')",
        examples=["google-ads"],
    )
    ref: Text | None = Field(
        None,
        description="Use a touchpoint from content/touchpoints.yml by its id; keys set here "
        "override the library's",
        examples=["quote-form"],
    )


class LibraryTouchpointIn(TouchpointFields):
    """A shared touchpoint: journeys use it with `- ref: <its id>`."""

    name: Text = Field(
        description="What the customer meets, as shown on the map (required)",
        examples=["Quote form on the website"],
    )


class KpiIn(Strict):
    """A KPI: how you measure that customers get through the stage."""

    name: Text = Field(
        description="The KPI's name; rows in content/data/*.csv match it by this name",
        examples=["Visitors from search engines"],
    )
    signal: Text = Field(
        "",
        description="How you notice that a customer is in this stage",
        examples=["Lands on the website through a search"],
    )
    measure: Text = Field(
        "",
        description="How and where it is measured: the tool and the figure",
        examples=["Google Analytics, sessions from organic search"],
    )
    target: Number | None = Field(
        None, description="The value you aim for, as a number (in the KPI's unit)", examples=[5000]
    )
    actual: Number | None = Field(
        None,
        description="The value measured now; leave it out when content/data/*.csv has the "
        "measurements (this overrides their latest value)",
        examples=[4200],
    )
    unit: Text = Field(
        "",
        description="The unit shown after the numbers, in free text",
        examples=["%", "EUR", "s"],
    )
    better: Literal["higher", "lower"] = Field(
        "higher",
        description="Whether a higher or a lower value is better: higher (the default) or "
        "lower, e.g. for waiting time or cost",
        examples=["lower"],
    )
    owner: Text = OWNER
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = EXTRA


class StageIn(Strict):
    """A stage (phase) of the journey, with the customer's lanes and the blueprint's."""

    id: Text = Field(
        description="A short id for the stage; with a framework, one of its stage ids",
        examples=["awareness", "purchase"],
    )
    name: Text | None = Field(
        None,
        description="The stage's name on the map; required without a framework, otherwise "
        "it replaces the preset's name",
        examples=["Awareness"],
    )
    description: Text = Field(
        "",
        description="What happens to the customer in this stage, in a sentence",
        examples=["Eva notices that the current cleaner falls short"],
    )
    goal: Text = Field(
        "",
        description="What the customer wants to achieve in this stage",
        examples=["Find a reliable company"],
    )
    actions: NoteList = Field(
        [],
        description="What the customer does: a list of texts, or mappings with text, "
        "evidence and source",
        examples=[['Searches Google for "office cleaning Utrecht"']],
    )
    thoughts: NoteList = Field(
        [],
        description="What the customer thinks or asks themselves, in their own words",
        examples=[["Who can I trust?"]],
    )
    emotion: Emotions | None = EMOTION
    pains: NoteList = Field(
        [],
        description="What goes wrong or annoys the customer here (pain points)",
        examples=[["All the companies look alike"]],
    )
    opportunities: NoteList = Field(
        [],
        description="Ideas to improve the experience in this stage",
        examples=[["Show reviews from offices nearby"]],
    )
    volume: Annotated[int, Field(ge=0, le=MAX_VOLUME, strict=True)] | None = Field(
        None,
        description="How many people reach this stage (a whole number); with two or more "
        "stages the map shows the funnel and its bottleneck",
        examples=[12000],
    )
    kpis: Annotated[list[KpiIn], BeforeValidator(_as_list)] = Field(
        [],
        description="The KPIs of this stage: name, how it is measured, target and owner",
        examples=[[{"name": "Quote requests", "measure": "CRM", "target": 40, "owner": "sales"}]],
    )
    touchpoints: Annotated[list[TouchpointIn], BeforeValidator(_as_list)] = Field(
        [],
        description="Where the customer meets you in this stage: touchpoints written here, "
        "or '- ref: <id>' for one from content/touchpoints.yml",
        examples=[[{"id": "google-ads", "name": "Google Ads advertisement", "channel": "ads"}]],
    )
    frontstage: LaneItemList = Field(
        [],
        description="Service blueprint: what staff do that the customer sees",
        examples=[[{"text": "Adviser calls back within an hour", "owner": "sales"}]],
    )
    backstage: LaneItemList = Field(
        [],
        description="Service blueprint: what staff do out of the customer's sight",
        examples=[["Planner enters the quote in the CRM"]],
    )
    support: LaneItemList = Field(
        [],
        description="Service blueprint: the systems, partners and processes behind the work",
        examples=[["HubSpot CRM", "Rostering system"]],
    )
    props: LaneItemList = Field(
        [],
        description="Service blueprint: the physical and digital things the customer holds",
        examples=[["Quote PDF", "Order confirmation email"]],
    )
    evidence: Evidence | None = EVIDENCE
    source: Source | None = SOURCE
    visibility: Visibility = VISIBILITY
    extra: dict[str, Any] = EXTRA


MAP_LANES: Any = Field(
    None,
    description="The lanes the map shows, in this order: built-in (actions, thoughts, "
    "touchpoints, emotion, pains, opportunities, kpis, frontstage, backstage, support, "
    "props) or declared under 'lanes:' in journeygen.yml",
    examples=[["actions", "touchpoints", "emotion", "pains", "frontstage", "backstage"]],
)


class LaneIn(Strict):
    """A custom lane (journeygen.yml `lanes:`): a stage gives its items under `id`."""

    id: Text = Field(
        description="The lane's id, which stages use as a key (a slug; not a built-in stage key)",
        examples=["systems"],
    )
    name: Text = Field(description="The lane's name on the map", examples=["Systems"])
    name_nl: Text | None = Field(
        None, description="The lane's name on a 'language: nl' site", examples=["Systemen"]
    )
    after: Text | None = Field(
        None,
        description="The id of the lane it follows on the map (by default: at the end)",
        examples=["backstage"],
    )


class JourneyIn(Strict):
    title: Text = Field(
        description="The journey's title, as shown on the site (required)",
        examples=["From search to regular customer"],
    )
    persona: Text | None = Field(
        None,
        description="The id of the persona who makes this journey (the file name in "
        "content/personas/ without extension)",
        examples=["eva"],
    )
    personas: IdList = Field(
        [],
        description="The ids of several personas, when more than one makes this journey",
        examples=[["eva", "tom"]],
    )
    framework: Text | None = Field(
        None,
        description="A stage preset whose stage ids and names the stages use; without it "
        "every stage needs a name (" + SEE_FORMAT + ")",
        examples=["aaarrr", "see-think-do-care"],
        json_schema_extra=lambda schema: _enum(schema, sorted(PRESETS)),
    )
    state: Literal["current", "ideal"] = Field(
        "current",
        description="current: the journey as it is today (the default); ideal: as you want it",
        examples=["ideal"],
    )
    ideal: Text | None = Field(
        None,
        description="The id of the ideal-state journey to compare this one with",
        examples=["office-cleaning-ideal"],
    )
    goal: Text = Field(
        "",
        description="What your organisation wants to achieve with this journey",
        examples=["More quote requests from offices in Utrecht"],
    )
    hypothesis: Text = Field(
        "",
        description="What you believe explains the numbers, to test with research",
        examples=["Visitors drop out on the quote page because the price is missing"],
    )
    stages: Annotated[list[StageIn], Field(min_length=1)] = Field(
        description="The stages of the journey, in order (at least one)",
        examples=[[{"id": "awareness", "name": "Awareness", "emotion": -1}]],
    )
    map_lanes: IdList | None = MAP_LANES
    visibility: Visibility = VISIBILITY
    listed: bool = Field(
        True,
        description="false: the journey is built, but left out of every overview, search, "
        "sitemap and list",
        examples=[False],
    )
    password_env: str | None = PASSWORD_ENV
    body: Text = Field(
        "",
        description="The journey's story in Markdown (only in a .yml/.yaml journey file; "
        "in a .md file it follows the front matter)",
        examples=["Eva's firm has had three cleaning companies in two years."],
    )
    extra: dict[str, Any] = EXTRA


class PageIn(Strict):
    title: Text | None = Field(
        None,
        description="The page's title (default: its first heading, else the file name)",
        examples=["About this research"],
    )
    order: int = Field(
        0, description="Position in the navigation: lower numbers come first", examples=[10]
    )
    nav: bool = Field(
        True,
        description="false: the page is built but not shown in the navigation",
        examples=[False],
    )
    visibility: Visibility = VISIBILITY
    body: Text = Field(
        "",
        description="The page's text in Markdown (only in a .yml/.yaml page file)",
        examples=["We interviewed twelve office managers in 2026."],
    )
    extra: dict[str, Any] = EXTRA


Level = Literal["off", "warning", "error"]


class CheckIn(Strict):
    """A quality rule's setting."""

    level: Level = Field(
        "warning",
        description="off (do not check), warning (report, build anyway) or error (fail the build)",
        examples=["error"],
    )
    months: Annotated[int, Field(ge=1, le=120)] | None = Field(
        None,
        description="stale-data only: how many months behind the newest data a KPI's last "
        "measurement may be (default 3)",
        examples=[6],
    )


def _as_check(value: Any) -> Any:
    """`off`, `warning`, `error`, or the keys; YAML reads a bare `off` as false (and `on`
    as true), so booleans are accepted too."""
    if isinstance(value, bool):
        return {"level": "warning" if value else "off"}
    return {"level": value} if isinstance(value, str) else value


class MarkdownIn(Strict):
    """How Markdown is turned into HTML."""

    raw_html: bool = Field(
        False,
        description="Keep raw HTML in Markdown as written (scripts too): only when every "
        "writer is trusted; by default it is sanitised (see SECURITY.md)",
        examples=[True],
    )
    remote_images: bool = Field(
        False,
        description="Allow images from other sites (![x](https://...)): a reader's browser "
        "then asks those sites for them; by default such an image is an error",
        examples=[True],
    )


class AssetsIn(Strict):
    """What may be published from content/assets/."""

    active_content: bool = Field(
        False,
        description="Publish HTML and XML files, and SVG with script, from content/assets/: "
        "their script runs on the site's address (see SECURITY.md); by default an error",
        examples=[True],
    )


class ConfigIn(Strict):
    title: Text | None = Field(
        None,
        description="The site's title (default: the project folder's name)",
        examples=["Customer journeys of Shine Cleaning"],
    )
    description: Text = Field(
        "",
        description="One sentence about the site, for the home page and search engines",
        examples=["How offices become our customers"],
    )
    base_url: Text | None = Field(
        None,
        description="The address where the site is published; only needed for the "
        "sitemap, canonical links and link previews",
        examples=["https://shine.github.io/journeys/"],
    )
    language: Literal["en", "nl"] = Field(
        "en",
        description="The site's language, for the interface texts and the preset stage "
        "names: en or nl",
        examples=["nl"],
    )
    theme: Text = Field(
        "default",
        description="A built-in theme, or the name of a folder under themes/",
        examples=["default"],
    )
    mermaid: Literal["local", "cdn", "off"] = Field(
        "local",
        description="Where diagrams get Mermaid from: local (a bundled copy, no request to "
        "another site), cdn, or off (no diagrams)",
        examples=["off"],
    )
    content_dir: Text = Field(
        "content",
        description="The folder with personas/, journeys/, pages/, data/ and assets/",
        examples=["content"],
    )
    output_dir: Text = Field(
        "site", description="The folder the built site is written to", examples=["public"]
    )
    markdown: MarkdownIn = Field(
        MarkdownIn(),
        description="How Markdown is turned into HTML: raw_html and remote_images",
        examples=[{"remote_images": True}],
    )
    assets: AssetsIn = Field(
        AssetsIn(),
        description="What may be published from content/assets/: active_content",
        examples=[{"active_content": True}],
    )
    checks: dict[str, Annotated[CheckIn, BeforeValidator(_as_check)]] = Field(
        {},
        description="Quality rules by id, each off, warning or error (see docs/checks.md)",
        examples=[{"touchpoint-no-owner": "error", "stale-data": {"months": 6}}],
        json_schema_extra=lambda schema: _bare_levels(schema),
    )
    noindex: bool = Field(
        False,
        description="Ask search engines not to index or follow any page (robots)",
        examples=[True],
    )
    password_env: str | None = PASSWORD_ENV
    lanes: Annotated[list[LaneIn], BeforeValidator(_as_list)] = Field(
        [],
        description="Your own map lanes, next to the built-in ones; a stage gives their "
        "items under the lane's id (" + SEE_FORMAT + ", service blueprint)",
        examples=[[{"id": "systems", "name": "Systems", "name_nl": "Systemen"}]],
    )
    map_lanes: IdList | None = MAP_LANES
    versions: Text | None = Field(
        None,
        description="A git tag pattern: each matching tag's version is also published in "
        "versions/<tag>/ (" + SEE_FORMAT + ")",
        examples=["review-*"],
    )
    extra: dict[str, Any] = EXTRA


def _enum(schema: dict[str, Any], values: list[str]) -> None:
    """In the JSON Schema only, a text field takes one of `values` (editors complete it);
    validate checks it with a hint instead (`did you mean 'kotler-5a'?`)."""
    schema.pop("anyOf", None)
    schema.update(type="string", enum=values)


def _bare_levels(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a rule's setting may be its level alone (`vanity-kpis: off`, read
    by YAML as false), as _as_check accepts it."""
    keys = schema["additionalProperties"]
    levels = {"type": "string", "enum": ["off", "warning", "error"]}
    schema["additionalProperties"] = {"anyOf": [levels, {"type": "boolean"}, keys]}
