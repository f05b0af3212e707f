"""Quality checks of the service blueprint (docs/checks.md): frontstage work with nothing
behind it, blueprint work nobody owns, and custom lanes declared but never used. (A lane used
but not declared is an error, an unknown key with a suggestion: see lanes.py.)"""

from __future__ import annotations

from collections.abc import Iterator

from journeygen.analysis.checks import CheckSettings, Finding, Rule
from journeygen.core.diagnostics import Severity
from journeygen.model.site import Site


def frontstage_no_backstage(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    for journey in site.journeys:
        for index, stage in enumerate(journey.stages):
            lanes = stage.lanes
            if lanes.get("frontstage") and not lanes.get("backstage") and not lanes.get("support"):
                yield Finding(
                    "journey",
                    journey.id,
                    ("stages", index, "frontstage"),
                    f"stage '{stage.id}' has frontstage work with no backstage or support "
                    "behind it",
                    "say what happens out of the customer's sight under 'backstage:', and "
                    "which systems or partners it needs under 'support:'",
                )


def blueprint_item_no_owner(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    """Props are left out: they are what the customer holds; who makes them is frontstage
    or backstage work."""
    for journey in site.journeys:
        for s_index, stage in enumerate(journey.stages):
            for lane, items in stage.lanes.items():
                if lane == "props":
                    continue
                for i_index, item in enumerate(items):
                    if not item.owner.strip():
                        yield Finding(
                            "journey",
                            journey.id,
                            ("stages", s_index, lane, i_index),
                            f"{lane} item '{item.text}' has no owner",
                            "name the team that does it: '- {text: ..., owner: planning}'",
                        )


def unused_lane(site: Site, settings: CheckSettings) -> Iterator[Finding]:
    used = {lane for j in site.journeys for s in j.stages for lane in s.lanes}
    for index, lane in enumerate(site.config.lanes):
        if lane.id not in used:
            yield Finding(
                "config",
                "",
                ("lanes", index, "id"),
                f"lane '{lane.id}' is declared but no stage has items in it",
                f"give a stage items under '{lane.id}:', or remove the lane from 'lanes:'",
            )


WARNING = Severity.WARNING
BLUEPRINT_RULES = (
    Rule(
        "frontstage-no-backstage",
        "a stage has frontstage work with no backstage or support behind it",
        WARNING,
        frontstage_no_backstage,
    ),
    Rule(
        "blueprint-item-no-owner",
        "a frontstage, backstage, support or custom lane item has no owner",
        WARNING,
        blueprint_item_no_owner,
    ),
    Rule("unused-lane", "a custom lane is declared but never used", WARNING, unused_lane),
)
