"""The site as templates see it: immutable, cross-references resolved, numbers computed.

Built by `validate` from the user's files; read by `render`. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

from journeygen.model.versions import VersionMenu
from journeygen.sources.config_file import ConfigFile

Status = Literal["met", "missed", "unknown"]
Trend = Literal["up", "down", "flat"]
Progress = Literal["improving", "worsening", "unchanged"]  # a change read against `better`


@dataclass(frozen=True, slots=True)
class Note:
    """A line in a lane (action, thought, pain, opportunity) with its evidence label."""

    text: str
    evidence: str | None = None
    source: str | None = None
    internal: bool = False  # visibility: internal (for the team, not the client)
    owner: str = ""  # blueprint lane items only: the team that does it


@dataclass(frozen=True, slots=True)
class Persona:
    id: str
    name: str
    role: str = ""
    quote: str = ""
    photo: str | None = None  # site path, e.g. "assets/eva.jpg"
    goals: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tone_of_voice: str = ""
    body: str = ""  # Markdown
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""  # path of the file it came from
    internal: bool = False

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        if not words:
            return self.name[:2].upper()
        if len(words) == 1:
            return words[0][:2].upper()
        return (words[0][0] + words[-1][0]).upper()


@dataclass(frozen=True, slots=True)
class Touchpoint:
    id: str
    name: str
    stage_id: str
    channel: str = ""
    icon: str | None = None  # a known channel (see channels.CHANNELS), else None
    offline: bool = False
    owner: str = ""
    description: str = ""
    emotion: float | None = None  # the mean when given per persona
    emotions: Mapping[str, float] = field(default_factory=dict)  # persona id -> -2..2
    evidence: str | None = None
    source: str | None = None
    next: tuple[str, ...] = ()
    ref: str | None = None  # id in content/touchpoints.yml it came from
    extra: Mapping[str, Any] = field(default_factory=dict)
    internal: bool = False

    @property
    def row_key(self) -> tuple[str, ...]:
        """Its row in the touchpoint inventory: shared touchpoints (`ref`) are one by
        library id, others by id and name."""
        return ("ref", self.ref) if self.ref else ("own", self.id, self.name)


@dataclass(frozen=True, slots=True)
class Measurement:
    period: str  # YYYY-MM, YYYY-MM-DD or YYYY-Www, as written
    value: float


@dataclass(frozen=True, slots=True)
class Kpi:
    name: str
    slug: str  # anchor id within the journey: "kpi-<stage>-<slug of name>"
    stage_id: str
    signal: str = ""
    measure: str = ""
    target: float | None = None
    actual: float | None = None  # stated in the journey, else the latest measurement
    unit: str = ""
    better: Literal["higher", "lower"] = "higher"
    owner: str = ""
    series: tuple[Measurement, ...] = ()  # sorted by period
    status: Status = "unknown"
    trend: Trend | None = None  # direction of the last change in the series
    previous: float | None = None  # the value before the latest, from the series
    previous_period: str | None = None  # when `previous` was measured, as written
    progress: Progress | None = None  # the last change against `better`
    extra: Mapping[str, Any] = field(default_factory=dict)
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    name: str
    index: int
    description: str = ""
    goal: str = ""
    actions: tuple[Note, ...] = ()
    thoughts: tuple[Note, ...] = ()
    emotion: float | None = None  # the mean when given per persona
    emotions: Mapping[str, float] = field(default_factory=dict)  # persona id -> -2..2
    pains: tuple[Note, ...] = ()
    opportunities: tuple[Note, ...] = ()
    volume: int | None = None
    kpis: tuple[Kpi, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()
    evidence: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    internal: bool = False
    # Service blueprint: lane id (frontstage, backstage, support, props or a custom lane)
    # -> its items; only lanes with items, built-in lanes first, then custom ones.
    lanes: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LaneDef:
    """A custom lane declared in journeygen.yml (`lanes:`)."""

    id: str
    name: str
    name_nl: str | None = None
    after: str | None = None  # the lane it follows on the map; None: at the end

    def label(self, language: str) -> str:
        return self.name_nl if language == "nl" and self.name_nl else self.name


@dataclass(frozen=True, slots=True)
class Conversion:
    """Share of the people in one stage that reach the next one."""

    from_stage: str
    to_stage: str
    rate: float  # 0.25 for 25 %; above 1 when the later stage has more people
    is_bottleneck: bool = False
    skipped: tuple[str, ...] = ()  # ids of the stages between them, without a volume

    @property
    def is_increase(self) -> bool:
        """More people than in the stage before: a funnel that grows, not a conversion."""
        return self.rate > 1


@dataclass(frozen=True, slots=True)
class OverallConversion:
    """The share of the people in the first stage with a volume that reach the last one."""

    from_stage: str
    to_stage: str
    rate: float
    skipped: tuple[str, ...] = ()  # stages between them without a volume
    increases: tuple[str, ...] = ()  # stages with more people than the one before


@dataclass(frozen=True, slots=True)
class FlowEdge:
    """A step in the flow graph between two touchpoints."""

    source: str  # touchpoint id
    target: str
    is_loop: bool = False  # leads back to the same or an earlier stage


@dataclass(frozen=True, slots=True)
class Journey:
    id: str
    title: str
    stages: tuple[Stage, ...]
    personas: tuple[str, ...] = ()  # persona ids
    framework: str | None = None
    state: Literal["current", "ideal"] = "current"
    ideal: str | None = None  # id of the ideal journey to compare with
    current: str | None = None  # id of the current journey that names this one as its ideal
    goal: str = ""
    hypothesis: str = ""
    body: str = ""  # Markdown
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    conversions: tuple[Conversion, ...] = ()
    bottleneck: Conversion | None = None
    flow: tuple[FlowEdge, ...] = ()
    comparison: Comparison | None = None  # on both journeys of a current/ideal pair
    internal: bool = False
    listed: bool = True  # false: built, but in no overview, list, search or sitemap
    password_env: str | None = None  # the variable with the password: the page is encrypted
    locked: bool = False  # a stand-in for a protected journey: id only (see protect.py)
    map_lanes: tuple[str, ...] | None = None  # the journey's own choice and order of lanes

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        return tuple(tp for stage in self.stages for tp in stage.touchpoints)

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return tuple(kpi for stage in self.stages for kpi in stage.kpis)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    title: str
    body: str = ""  # Markdown
    order: int = 0
    nav: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Config:
    title: str
    description: str = ""
    base_url: str | None = None
    language: Literal["en", "nl"] = "en"
    theme: str = "default"
    mermaid: Literal["local", "cdn", "off"] = "local"
    extra: Mapping[str, Any] = field(default_factory=dict)
    checks: Mapping[str, str] = field(default_factory=dict)  # rule id -> off|warning|error
    stale_months: int = 3
    raw_html: bool = False  # markdown: {raw_html: true}: Markdown's HTML is not sanitised
    remote_images: bool = False  # markdown: {remote_images: true}: images from other sites
    active_assets: bool = False  # assets: {active_content: true}: HTML, script in SVG
    noindex: bool = False  # robots: noindex, nofollow on every page; robots.txt disallows all
    password_env: str | None = None  # every page is encrypted with this variable's password
    lanes: tuple[LaneDef, ...] = ()  # custom lanes (`lanes:`), in file order
    map_lanes: tuple[str, ...] | None = None  # the project's choice and order of map lanes
    versions: str | None = None  # a git tag pattern: publish each matching tag's version
    # Where it was read from: not compared, so that a comment added to journeygen.yml does
    # not make serve render every page again (no page shows a line number of it).
    file: ConfigFile = field(default_factory=ConfigFile, compare=False)


ChangeStatus = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A stage, touchpoint or KPI that was added, removed or changed."""

    kind: Literal["stage", "touchpoint", "kpi"]
    id: str
    name: str
    stage_id: str
    status: ChangeStatus
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class JourneyChanges:
    id: str
    title: str
    status: ChangeStatus
    fields: tuple[FieldChange, ...] = ()
    items: tuple[ItemChange, ...] = ()

    def of_kind(self, kind: str) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.kind == kind)


@dataclass(frozen=True, slots=True)
class SiteChanges:
    since: str  # what the user named: a tag, a commit or a folder
    label: str  # shown: "v1.0 (3f2a9c1)" or the folder
    journeys: tuple[JourneyChanges, ...] = ()  # only journeys with a change, by id
    personas_added: tuple[str, ...] = ()
    personas_removed: tuple[str, ...] = ()
    # Where its pages are, from the site's root: "" for `--changes-since` (changes/ and
    # journeys/<id>/changes/), "changes/<tag>/" for a published version (publish.versions).
    folder: str = ""

    def journey(self, journey_id: str) -> JourneyChanges | None:
        return next((j for j in self.journeys if j.id == journey_id), None)

    @property
    def empty(self) -> bool:
        return not (self.journeys or self.personas_added or self.personas_removed)


@dataclass(frozen=True, slots=True)
class Site:
    config: Config
    personas: tuple[Persona, ...] = ()  # sorted by id
    journeys: tuple[Journey, ...] = ()  # sorted by id
    pages: tuple[Page, ...] = ()  # sorted by (order, id)
    assets: tuple[str, ...] = ()  # paths relative to content/assets/, sorted
    library: tuple[str, ...] = ()  # ids in content/touchpoints.yml, in file order
    changes: SiteChanges | None = None  # with `build --changes-since REF`
    versions: VersionMenu | None = None  # with `versions:` (publish.versions)

    def persona(self, persona_id: str) -> Persona:
        return next(p for p in self.personas if p.id == persona_id)

    def journey(self, journey_id: str) -> Journey:
        return next(j for j in self.journeys if j.id == journey_id)

    def journeys_of(self, persona_id: str) -> tuple[Journey, ...]:
        """The listed journeys of a persona (for persona pages and counts)."""
        return tuple(j for j in self.journeys if persona_id in j.personas and j.listed)

    @property
    def listed_journeys(self) -> tuple[Journey, ...]:
        """The journeys for overviews, lists, search and the sitemap (not `listed: false`)."""
        return tuple(j for j in self.journeys if j.listed)

    @property
    def touchpoint_count(self) -> int:
        """How many rows the touchpoint inventory has (`inventory.touchpoint_rows`)."""
        listed = self.listed_journeys
        return len({tp.row_key for j in listed for s in j.stages for tp in s.touchpoints})


@dataclass(frozen=True, slots=True)
class KpiChange:
    """A KPI whose target differs between the current and the ideal journey."""

    stage_id: str
    name: str
    current_target: float | None
    ideal_target: float | None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class StageDelta:
    """One stage compared: current vs ideal (a stage may exist on one side only)."""

    stage_id: str
    name: str
    current_emotion: float | None
    ideal_emotion: float | None
    added: tuple[Touchpoint, ...] = ()  # in the ideal journey only
    removed: tuple[Touchpoint, ...] = ()  # in the current journey only
    kept: tuple[Touchpoint, ...] = ()
    in_current: bool = True
    in_ideal: bool = True

    @property
    def emotion_delta(self) -> float | None:
        if self.current_emotion is None or self.ideal_emotion is None:
            return None
        return self.ideal_emotion - self.current_emotion


@dataclass(frozen=True, slots=True)
class Comparison:
    """Current journey vs its ideal: computed by `compare`, shown on the ideal's page."""

    current_id: str
    ideal_id: str
    stages: tuple[StageDelta, ...]
    kpi_changes: tuple[KpiChange, ...] = ()
    current_bottleneck: Conversion | None = None
    ideal_bottleneck: Conversion | None = None

    @property
    def added_count(self) -> int:
        return sum(len(s.added) for s in self.stages)

    @property
    def removed_count(self) -> int:
        return sum(len(s.removed) for s in self.stages)


def _pickled_by_fields(cls: type) -> None:
    """Pickle instances as (class, field values): the cache of validated journeys
    (cache.py) loads in 0.6 of the time that dataclasses' slot state takes."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def reduce(self: object) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]


for _class in (
    Note, Persona, Touchpoint, Measurement, Kpi, Stage, LaneDef, Conversion, OverallConversion,
    FlowEdge, Journey, Page,
    Config, FieldChange, ItemChange, JourneyChanges, SiteChanges, Site, KpiChange, StageDelta,
    Comparison,
):  # fmt: skip
    _pickled_by_fields(_class)
