"""Quality checks: what makes a journey map go stale or mislead, as rules with ids.

Each rule looks at the validated Site and reports findings at the file and line they
are about. A project sets each rule to `off`, `warning` or `error` under `checks:` in
journeygen.yml (docs/checks.md documents every rule with an example).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from journeygen.analysis.metrics import period_date
from journeygen.core.diagnostics import Diagnostic, Severity
from journeygen.model.site import Site
from journeygen.sources.documents import Document, locate
from journeygen.sources.read import Sources

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: where (file kind and id, YAML path) and what."""

    kind: str  # journey | persona | touchpoints | config
    doc_id: str
    loc: Loc
    message: str
    hint: str


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    level: Severity | None  # default; None = off
    run: Callable[[Site, CheckSettings], Iterator[Finding]]


@dataclass(frozen=True)
class CheckSettings:
    stale_months: int = 3


VANITY = re.compile(
    r"\b(likes?|followers?|volgers|impressions?|impressies|page ?views?|paginaweergaven|"
    r"weergaven|views|bereik|reach|fans|vind-ik-leuks?)\b",
    re.IGNORECASE,
)


def stage_no_action(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        for index, stage in enumerate(journey.stages):
            if not stage.actions:
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", index),
                    f"stage '{stage.id}' says nothing the customer does",
                    "list what the customer does in this stage under 'actions:'",
                )


def stage_no_touchpoint(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        for index, stage in enumerate(journey.stages):
            if not stage.touchpoints:
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", index),
                    f"stage '{stage.id}' has no touchpoints",
                    "list where the customer meets you in this stage under 'touchpoints:'",
                )


def _kpi_missing(key: str, hint: str) -> Callable[[Site, CheckSettings], Iterator[Finding]]:
    def rule(site: Site, settings: CheckSettings) -> Iterator[Finding]:
        for journey in site.journeys:
            for s_index, stage in enumerate(journey.stages):
                for k_index, kpi in enumerate(stage.kpis):
                    if getattr(kpi, key) in ("", None):
                        yield Finding(
                            "journey",
                            journey.id,
                            ("stages", s_index, "kpis", k_index),
                            f"KPI '{kpi.name}' has no {key}",
                            hint,
                        )

    return rule


def vanity_kpis(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        kpis = journey.kpis
        if kpis and all(VANITY.search(k.name) for k in kpis):
            yield Finding(
                "journey",
                journey.id,
                ("title",),
                f"every KPI of '{journey.id}' is a vanity metric "
                f"({', '.join(k.name for k in kpis)})",
                "measure what customers do: requests, purchases, repeat purchases, "
                "referrals per customer",
            )


def pain_no_opportunity(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        if journey.state == "ideal":
            continue
        for index, stage in enumerate(journey.stages):
            if stage.pains and not stage.opportunities:
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", index, "pains"),
                    f"stage '{stage.id}' has pain points but no opportunity",
                    "say under 'opportunities:' what you could do about them",
                )


def touchpoint_no_owner(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        for s_index, stage in enumerate(journey.stages):
            for t_index, tp in enumerate(stage.touchpoints):
                if not tp.owner:
                    yield Finding(
                        "journey",
                        journey.id,
                        ("stages", s_index, "touchpoints", t_index),
                        f"touchpoint '{tp.id}' has no owner",
                        "name the team that owns it under 'owner:' (marketing, sales, ...)",
                    )


def ideal_not_ideal(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    """`ideal:` names a journey that says it is a current one: the comparison would show
    two current journeys as current and ideal."""
    by_id = {journey.id: journey for journey in site.journeys}
    for journey in site.journeys:
        ideal = by_id.get(journey.ideal or "")
        if ideal is not None and ideal.state != "ideal":
            yield Finding(
                "journey",
                journey.id,
                ("ideal",),
                f"the ideal journey '{ideal.id}' has state: {ideal.state}",
                f"write 'state: ideal' in {ideal.source}, or name the ideal journey under 'ideal:'",
            )


def ideal_keeps_bottleneck(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        comparison = journey.comparison
        if journey.state != "ideal" or comparison is None or comparison.ideal_id != journey.id:
            continue
        before = comparison.current_bottleneck
        if before is None:
            continue
        same = next(
            (
                c
                for c in journey.conversions
                if (c.from_stage, c.to_stage) == (before.from_stage, before.to_stage)
            ),
            None,
        )
        if same is None or same.rate <= before.rate:
            index = next((i for i, s in enumerate(journey.stages) if s.id == before.to_stage), None)
            loc: Loc = ("stages", index, "volume") if index is not None else ("title",)
            yield Finding(
                "journey",
                journey.id,
                loc,
                f"the ideal journey leaves the bottleneck {before.from_stage} → "
                f"{before.to_stage} ({before.rate:.0%}) unchanged",
                "show in the ideal journey how that conversion improves (its volumes)",
            )


def funnel_grows(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    """A stage with more people than the measured stage before it: a funnel only shrinks,
    so one of the volumes counts something else (or is wrong)."""
    for journey in site.journeys:
        measured = [(i, s) for i, s in enumerate(journey.stages) if s.volume is not None]
        for (_, before), (index, stage) in itertools.pairwise(measured):
            if (stage.volume or 0) > (before.volume or 0):
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", index, "volume"),
                    f"stage '{stage.id}' has more people ({stage.volume}) than "
                    f"'{before.id}' before it ({before.volume}): the funnel grows here",
                    "a funnel counts the people who reach each stage, so it can only shrink: "
                    "check both volumes, or remove 'volume:' from a stage that counts "
                    "something else",
                )


def percent_as_fraction(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    """A `%` KPI whose target is a percentage (above 1) and whose values are all between
    0 and 1: most likely a fraction exported as 0.38 where 38 % is meant."""
    for journey in site.journeys:
        for s_index, stage in enumerate(journey.stages):
            for k_index, kpi in enumerate(stage.kpis):
                values = [m.value for m in kpi.series]
                if kpi.actual is not None:
                    values.append(kpi.actual)
                if kpi.unit.strip() != "%" or kpi.target is None or kpi.target <= 1:
                    continue
                if not values or not all(0 <= v <= 1 for v in values):
                    continue
                latest = kpi.actual if kpi.actual is not None else values[-1]
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", s_index, "kpis", k_index),
                    f"KPI '{kpi.name}' is in % with target {kpi.target:g}, but every value is "
                    f"between 0 and 1 (latest {latest:g}): a fraction where a percentage "
                    "is meant?",
                    f"write {round(latest * 100, 6):g} for {round(latest * 100, 6):g} %: "
                    "multiply the values by 100 (or write the target as a fraction and "
                    'leave out unit: "%")',
                )


def unused_persona(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    used = {pid for journey in site.journeys for pid in journey.personas}
    for persona in site.personas:
        if persona.id not in used:
            yield Finding(
                "persona",
                persona.id,
                ("name",),
                f"persona '{persona.id}' is in no journey",
                f"name it in a journey ('persona: {persona.id}'), or remove the file",
            )


def unused_touchpoint(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    used = {tp.ref for journey in site.journeys for tp in journey.touchpoints if tp.ref}
    for tp_id in site.library:
        if tp_id not in used:
            yield Finding(
                "touchpoints",
                "",
                (tp_id,),
                f"shared touchpoint '{tp_id}' is used by no journey",
                f"use it in a journey ('- ref: {tp_id}'), or remove it",
            )


def stale_data(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    """Series that stopped while others went on: measured against the newest period in
    the project's data, not the clock, so a build gives the same warnings any day."""
    periods = [m.period for j in site.journeys for k in j.kpis for m in k.series[-1:]]
    dated = [(d, p) for p in periods if (d := period_date(p)) is not None]
    if not dated:
        return
    newest, newest_text = max(dated)
    limit = newest.replace(day=1)
    for _ in range(settings.stale_months):
        limit = (limit - dt.timedelta(days=1)).replace(day=1)
    for journey in site.journeys:
        for s_index, stage in enumerate(journey.stages):
            for k_index, kpi in enumerate(stage.kpis):
                if not kpi.series:
                    continue
                last = kpi.series[-1].period
                when = period_date(last)
                if when is not None and when < limit:
                    yield Finding(
                        "journey",
                        journey.id,
                        ("stages", s_index, "kpis", k_index),
                        f"KPI '{kpi.name}' was last measured {last}; "
                        f"the newest data is {newest_text}",
                        f"add recent rows to content/data/ (more than "
                        f"{settings.stale_months} months behind counts as stale)",
                    )


from journeygen.analysis.checks_blueprint import BLUEPRINT_RULES  # noqa: E402 (it uses Finding, Rule)

WARNING, ERROR = Severity.WARNING, Severity.ERROR
RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("stage-no-action", "a stage says nothing the customer does", WARNING, stage_no_action),
        Rule("stage-no-touchpoint", "a stage has no touchpoints", WARNING, stage_no_touchpoint),
        Rule(
            "kpi-no-measure",
            "a KPI does not say how it is measured",
            WARNING,
            _kpi_missing("measure", "say how it is measured under 'measure:'"),
        ),
        Rule(
            "kpi-no-target",
            "a KPI has no target",
            WARNING,
            _kpi_missing("target", "say what you aim for under 'target:'"),
        ),
        Rule(
            "kpi-no-owner",
            "a KPI has no owner",
            WARNING,
            _kpi_missing("owner", "name who answers for it under 'owner:'"),
        ),
        Rule("vanity-kpis", "a journey measures only vanity metrics", WARNING, vanity_kpis),
        Rule(
            "pain-no-opportunity",
            "a stage has pains and no opportunity",
            WARNING,
            pain_no_opportunity,
        ),
        Rule("touchpoint-no-owner", "a touchpoint has no owner", WARNING, touchpoint_no_owner),
        Rule(
            "ideal-not-ideal",
            "`ideal:` names a journey with state: current",
            WARNING,
            ideal_not_ideal,
        ),
        Rule(
            "ideal-keeps-bottleneck",
            "the ideal journey keeps the current bottleneck",
            WARNING,
            ideal_keeps_bottleneck,
        ),
        Rule("funnel-grows", "a stage has more people than the one before", WARNING, funnel_grows),
        Rule(
            "percent-as-fraction",
            "a % KPI with values between 0 and 1 and a target above 1",
            WARNING,
            percent_as_fraction,
        ),
        Rule("unused-persona", "a persona is in no journey", WARNING, unused_persona),
        Rule(
            "unused-touchpoint", "a shared touchpoint is used nowhere", WARNING, unused_touchpoint
        ),
        Rule("stale-data", "KPI data is older than `months` (default 3)", WARNING, stale_data),
        *BLUEPRINT_RULES,
    )
}


LEVELS: Mapping[str, Severity | None] = {"off": None, "warning": WARNING, "error": ERROR}


def run_checks(site: Site, sources: Sources) -> list[Diagnostic]:
    """Every finding of every rule that is on, at the level the project set.

    Runs on a site without errors only: on a partial one (a journey that failed to
    load) rules would report what is not so (a persona "in no journey").
    """
    levels = {rule: LEVELS[level] for rule, level in site.config.checks.items()}
    settings = CheckSettings(stale_months=site.config.stale_months)
    docs: dict[tuple[str, str], Document] = {}
    for doc in (*sources.journeys, *sources.personas):
        docs[(doc.kind, doc.id)] = doc
    if sources.touchpoints is not None:
        docs[("touchpoints", "")] = sources.touchpoints
    if sources.config is not None:
        docs[("config", "")] = sources.config
    found: list[Diagnostic] = []
    for rule in RULES.values():
        level = levels.get(rule.id, rule.level)
        if level is None:
            continue
        for finding in rule.run(site, settings):
            where = docs.get((finding.kind, finding.doc_id))
            if where is None:
                continue
            line, col = locate(where, finding.loc, key=finding.kind == "touchpoints")
            found.append(
                Diagnostic(
                    where.path,
                    line,
                    col,
                    f"{finding.message} [{rule.id}]",
                    finding.hint,
                    level,
                    rule.id,
                )
            )
    return found
