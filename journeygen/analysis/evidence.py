"""How much of a journey rests on evidence, and its sources as numbered footnotes.

Touchpoints and notes (actions, thoughts, pains, opportunities) carry an evidence label:
observed, reported, assumed or proposed. This counts them per label, and numbers the
distinct `source` texts of a journey's map in the order the map shows them (lane by lane,
stage by stage), so the same source gets one number. Pure; the texts are translated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from journeygen.core.i18n import Translator
from journeygen.model.site import Journey, Note

LEVELS = ("observed", "reported", "assumed", "proposed")
SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class EvidenceCount:
    """How many items carry each evidence label (`unlabelled`: none)."""

    observed: int = 0
    reported: int = 0
    assumed: int = 0
    proposed: int = 0
    unlabelled: int = 0

    @property
    def total(self) -> int:
        return self.observed + self.reported + self.assumed + self.proposed + self.unlabelled

    def parts(self) -> tuple[tuple[str, int], ...]:
        """(label, count) for every label that occurs, in the legend's order."""
        return tuple(
            (level, getattr(self, level))
            for level in (*LEVELS, "unlabelled")
            if getattr(self, level)
        )


def count_evidence(labels: Iterable[str | None]) -> EvidenceCount:
    counts = dict.fromkeys((*LEVELS, "unlabelled"), 0)
    for label in labels:
        counts[label if label in LEVELS else "unlabelled"] += 1
    return EvidenceCount(**counts)


def journey_notes(journey: Journey) -> tuple[Note, ...]:
    """Every action, thought, pain and opportunity of the journey, and every item of its
    blueprint lanes."""
    return tuple(
        note
        for stage in journey.stages
        for lane in (
            stage.actions, stage.thoughts, stage.pains, stage.opportunities,
            *stage.lanes.values(),
        )
        for note in lane
    )  # fmt: skip


@dataclass(frozen=True)
class EvidencePart:
    level: str  # observed | reported | assumed | proposed | unlabelled
    count: int
    text: str  # "14 observed" / "14 waargenomen"
    share: str  # CSS width in percent, "63.6"


@dataclass(frozen=True)
class EvidenceRow:
    label: str  # "Touchpoints" / "Notes"
    count: EvidenceCount
    parts: tuple[EvidencePart, ...]


@dataclass(frozen=True)
class EvidenceSummary:
    """The headline ("14 of 22 touchpoints observed") and the labels of touchpoints and notes."""

    headline: str
    rows: tuple[EvidenceRow, ...]


def _row(label: str, count: EvidenceCount, t: Translator) -> EvidenceRow:
    parts = tuple(
        EvidencePart(
            level,
            number,
            t(f"evidence.count.{level}", count=t.number(number)),
            f"{100 * number / count.total:.1f}",
        )
        for level, number in count.parts()
    )
    return EvidenceRow(label, count, parts)


def evidence_summary(journey: Journey, t: Translator) -> EvidenceSummary | None:
    """How much of the journey is observed; None when it has no touchpoints and no notes."""
    touchpoints = count_evidence(tp.evidence for tp in journey.touchpoints)
    notes = count_evidence(note.evidence for note in journey_notes(journey))
    if not touchpoints.total and not notes.total:
        return None
    kind, headline_count = ("touchpoints", touchpoints) if touchpoints.total else ("notes", notes)
    headline = t.plural(
        f"evidence.headline.{kind}",
        headline_count.total,
        observed=t.number(headline_count.observed),
    )
    rows = tuple(
        _row(t(f"evidence.{kind}"), count, t)
        for kind, count in (("touchpoints", touchpoints), ("notes", notes))
        if count.total
    )
    return EvidenceSummary(headline, rows)


# --- sources as footnotes -------------------------------------------------------------------


def safe_url(text: str) -> str | None:
    """The text as a link target when it is one http(s) address, else None (shown as text)."""
    candidate = text.strip()
    if not candidate or any(c.isspace() or ord(c) < 32 for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    return candidate if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    url: str | None  # the text itself, when it is a safe address


@dataclass(frozen=True)
class Footnotes:
    """A journey's sources, numbered; `of(text)` is the footnote of an item's source."""

    items: tuple[Footnote, ...] = ()
    by_text: Mapping[str, Footnote] = field(default_factory=dict)

    def of(self, text: str | None) -> Footnote | None:
        return self.by_text.get(text.strip()) if text else None

    def __bool__(self) -> bool:
        return bool(self.items)


def map_sources(journey: Journey) -> Iterator[str]:
    """The sources in the order the map shows them: its rows (the stage band, doing,
    touchpoints, thinking, pains, opportunities), each from the first stage to the last."""
    stages = journey.stages
    yield from (s.source for s in stages if s.source)
    yield from (n.source for s in stages for n in s.actions if n.source)
    yield from (tp.source for s in stages for tp in s.touchpoints if tp.source)
    for lane in ("thoughts", "pains", "opportunities"):
        yield from (n.source for s in stages for n in getattr(s, lane) if n.source)
    lanes = dict.fromkeys(lane for s in stages for lane in s.lanes)  # blueprint, map order
    for lane in sorted(lanes, key=_blueprint_position):
        yield from (n.source for s in stages for n in s.lanes.get(lane, ()) if n.source)


def _blueprint_position(lane: str) -> int:
    """Built-in blueprint lanes in the map's default order, custom lanes after them."""
    order = ("props", "frontstage", "backstage", "support")
    return order.index(lane) if lane in order else len(order)


def footnotes(journey: Journey) -> Footnotes:
    """Each distinct source text (spaces around it ignored) once, numbered from 1."""
    by_text: dict[str, Footnote] = {}
    for source in map_sources(journey):
        text = source.strip()
        if text and text not in by_text:
            by_text[text] = Footnote(len(by_text) + 1, text, safe_url(text))
    return Footnotes(tuple(by_text.values()), by_text)
