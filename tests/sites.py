"""A small Site built from model dataclasses, for the render and theme tests.

Numbers that `validate` would compute (conversions, bottleneck, KPI status, comparison)
are computed here with the same functions, so the site is what a real build hands render.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from journeygen.analysis.compare import compare
from journeygen.analysis.metrics import conversions
from journeygen.model.site import (
    Config,
    Journey,
    Kpi,
    Measurement,
    Note,
    Page,
    Persona,
    Site,
    Stage,
    Touchpoint,
)
from journeygen.render.engine import render_site
from journeygen.render.outputs import Output
from journeygen.render.theme import Theme, builtin_theme_dir


def persona(name: str = "Eva de Vries", **fields: object) -> Persona:
    values: dict[str, object] = {
        "id": "eva",
        "name": name,
        "role": "Office manager",
        "quote": "Ik wil er niet naar omkijken.",
        "goals": ("Schoon kantoor",),
        "pains": ("Schoonmakers die niet komen",),
        "needs": ("Eén aanspreekpunt",),
        "jobs": ("Facilitaire zaken regelen",),
        "channels": ("Google", "e-mail", "Smoke signals"),
        "tone_of_voice": "Zakelijk",
        "body": "Eva runs the office.\n\n## Background\n\nTwelve years.",
    }
    values.update(fields)
    return Persona(**values)  # type: ignore[arg-type]


def touchpoint(tp_id: str, stage_id: str, text: str = "", **fields: object) -> Touchpoint:
    values: dict[str, object] = {
        "id": tp_id,
        "name": text or tp_id.replace("-", " ").title(),
        "stage_id": stage_id,
        "channel": "website",
        "icon": "website",
        "owner": "marketing",
        "description": "A touchpoint",
        "emotion": 0.5,
        "evidence": "observed",
    }
    values.update(fields)
    return Touchpoint(**values)  # type: ignore[arg-type]


def kpi(name: str, stage_id: str, target: float, actual: float, **fields: object) -> Kpi:
    slug = "kpi-" + stage_id + "-" + name.lower().replace(" ", "-")
    status = "met" if actual >= target else "missed"
    values: dict[str, object] = {
        "name": name,
        "slug": slug,
        "stage_id": stage_id,
        "signal": "Lands on the site",
        "measure": "GA4 sessions",
        "target": target,
        "actual": actual,
        "owner": "marketing",
        "status": status,
    }
    values.update(fields)
    return Kpi(**values)  # type: ignore[arg-type]


def stages(text: str = "", *, ideal: bool = False) -> tuple[Stage, ...]:
    """Three stages with every lane filled; `text` is put into every text field."""
    t = text
    series = (Measurement("2026-09", 3900.0), Measurement("2026-10", 4234.5))
    return (
        Stage(
            id="awareness",
            name=t or "Awareness",
            index=0,
            description=t or "Eva notices the current cleaner falls short",
            goal=t or "Find a reliable company",
            actions=(Note(t or "Searches Google"),),
            thoughts=(Note(t or "Who is reliable?"),),
            emotion=-1.0,
            pains=(Note(t or "All look alike", "assumed", t or "https://example.org/study"),),
            opportunities=(Note(t or "Show local reviews", "proposed"),),
            volume=12000,
            kpis=(
                kpi(
                    t or "Visitors",
                    "awareness",
                    5000,
                    4234.5,
                    series=series,
                    previous=3900.0,
                    previous_period="2026-09",
                    progress="improving",
                    trend="up",
                    unit=t or "",
                    signal=t or "Lands on the site",
                    measure=t or "GA4",
                    owner=t or "marketing",
                ),
            ),
            touchpoints=(
                touchpoint(
                    "google-ads",
                    "awareness",
                    t,
                    channel=t or "ads",
                    icon=None if t else "ads",
                    owner=t or "marketing",
                    description=t or "Ad",
                    source=t or None,
                    next=("landing",),
                ),
            ),
            evidence="observed",
        ),
        Stage(
            id="acquisition",
            name=t or "Acquisition",
            index=1,
            emotion=1.5 if ideal else 0.0,
            volume=3000,
            kpis=(kpi("Quote requests", "acquisition", 40, 38 if not ideal else 45),),
            touchpoints=(
                touchpoint("landing", "acquisition", offline=False, evidence="assumed"),
                *(
                    (touchpoint("price-check", "acquisition", channel="app", icon="app"),)
                    if ideal
                    else ()
                ),
            ),
        ),
        Stage(
            id="activation",
            name="Activation",
            index=2,
            emotion=1.0,
            volume=540,
            touchpoints=(
                touchpoint(
                    "visit",
                    "activation",
                    "On-site visit",
                    channel="Op locatie",
                    icon=None,
                    offline=True,
                ),
                *(
                    ()
                    if ideal
                    else (touchpoint("pdf-quote", "activation", channel="email", icon="email"),)
                ),
            ),
        ),
    )


def journey(journey_id: str = "reis", text: str = "", **fields: object) -> Journey:
    ideal = fields.get("state") == "ideal"
    staged = stages(text, ideal=ideal)
    rates, bottleneck = conversions(staged)
    values: dict[str, object] = {
        "id": journey_id,
        "title": text or "From search to client",
        "stages": staged,
        "personas": ("eva",),
        "framework": "aaarrr",
        "goal": text or "More quote requests",
        "hypothesis": text or "The price is missing",
        "body": "The story.\n\n```mermaid\nflowchart LR\n  a --> b\n```\n",
        "conversions": rates,
        "bottleneck": bottleneck,
    }
    values.update(fields)
    return Journey(**values)  # type: ignore[arg-type]


def site(*, language: str = "en", text: str = "", mermaid: str = "local", **config: object) -> Site:
    """Persona eva, journeys `reis` (current) and `reis-ideaal` (ideal), a page `about`."""
    current = journey("reis", text, ideal="reis-ideaal")
    ideal = journey("reis-ideaal", text, state="ideal", current="reis", title=(text or "Ideal"))
    comparison = compare(current, ideal)
    current = dataclasses.replace(current, comparison=comparison)
    ideal = dataclasses.replace(ideal, comparison=comparison)
    return Site(
        config=Config(
            title=text or "Klantreizen",
            description=text or "Journeys",
            language=language,  # type: ignore[arg-type]
            mermaid=mermaid,  # type: ignore[arg-type]
            **config,  # type: ignore[arg-type]
        ),
        personas=(persona(text or "Eva de Vries", role=text or "Office manager"),),
        journeys=(current, ideal),
        pages=(Page(id="about", title=text or "About", body="# About\n\nWho we are."),),
    )


def builtin_theme() -> Theme:
    return Theme("default", (builtin_theme_dir(),))


def render(the_site: Site, theme: Theme | None = None, content_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """render_site with the built-in theme: (outputs by path, diagnostics)."""
    outputs, problems = render_site(
        the_site, theme or builtin_theme(), content_dir=content_dir or Path("/nonexistent/content")
    )
    return {o.path: o for o in outputs}, problems


def html(outputs: dict[str, Output], path: str) -> str:
    return outputs[path].read().decode("utf-8")
