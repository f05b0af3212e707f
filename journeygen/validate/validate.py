"""Raw sources -> the immutable Site, with every problem reported as a diagnostic.

Order: config, shared touchpoints, personas, journeys (types, then references), KPI
data, computed numbers, current-vs-ideal comparisons, pages. Every problem is
collected; a Site is returned only when there is no error.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import partial

from journeygen.analysis import metrics
from journeygen.analysis.checks import RULES
from journeygen.analysis.compare import compare
from journeygen.core.diagnostics import Diagnostic, Severity, hint_with_choices
from journeygen.core.reuse import FRESH, Reuse, Step
from journeygen.model import schema
from journeygen.model.site import Config, Journey, Measurement, Page, Persona, Site
from journeygen.sources.active_assets import check_active_assets
from journeygen.sources.csvrows import CsvRow
from journeygen.sources.documents import Document, locate
from journeygen.sources.project_files import SLUG_RE, inside_project, relpath, slugify
from journeygen.sources.read import Sources
from journeygen.sources.remote_images import find_remote_images
from journeygen.validate.journeys import JourneyContext, build_journey
from journeygen.validate.kpidata import SeriesKey, read_series
from journeygen.validate.lanes import check_lane_config
from journeygen.validate.schema_errors import check_document, check_password_env
from journeygen.validate.tags import PATTERN_HINT, is_pattern

# Folders and pages journeygen writes itself; a free page with one of these ids would clash.
RESERVED_PAGE_IDS = frozenset(
    {
        "assets",
        "journeys",
        "personas",
        "touchpoints",
        "index",
        "404",
        "evaluation",
        "changes",
        "teams",
    }
)


def validate(
    sources: Sources, reuse: Reuse = FRESH, environ: Mapping[str, str] | None = None
) -> tuple[Site | None, list[Diagnostic]]:
    """`reuse` (the cache) gives back the journeys of the last build whose inputs are unchanged.
    `environ` (default: the process's) is where the variables `password_env` names are
    looked up: only to report one that is missing; the passwords stay out of the Site."""
    environ = os.environ if environ is None else environ
    problems: list[Diagnostic] = []
    config = validate_config(sources, problems, environ)
    library = validate_library(sources.touchpoints, problems)
    personas = validate_personas(sources, problems)
    context = JourneyContext(
        language=config.language,
        personas=sources.known_ids.get("persona", frozenset()),  # failed ones too: no cascade
        journeys=sources.known_ids.get("journey", frozenset()),
        library=library,
        library_doc=sources.touchpoints,
        lanes=tuple(lane.id for lane in config.lanes),
    )
    made = (
        context.lanes,
        context.language,
        context.personas,
        context.journeys,
        sources.touchpoints.text if sources.touchpoints else None,
    )
    shared = reuse.recall(Step.JOURNEY_SHARED, "", made, lambda: made)  # last run's, if equal
    all_ids = context.journeys
    grouped = (sources.data_rows, all_ids)
    rows, unknown = reuse.recall(Step.ROWS, "", grouped, lambda: rows_by_journey(*grouped))
    read_series(unknown, {}, problems, all_ids)  # rows of journeys no file defines
    measured = [
        reuse.recall_checked(
            Step.JOURNEY,
            doc.path,
            (doc, shared, rows.get(doc.id, ())),
            partial(measured_journey, doc, context, rows.get(doc.id, ())),
            problems,
        )
        for doc in sources.journeys
    ]
    journeys = [j for j in measured if j is not None]
    # Not in the cached step, which serve may recall: the variable can change.
    protected = {j.id: j.password_env for j in journeys if j.password_env}
    for doc in sources.journeys:
        if doc.id in protected:
            check_password_env(doc, protected[doc.id], problems, environ)
    journeys = link_ideals(journeys)
    pages = validate_pages(sources, problems)
    if not config.active_assets:
        folder = sources.content_dir / "assets"
        shown = f"{relpath(sources.content_dir, sources.root)}/assets"
        problems.extend(check_active_assets(folder, sources.assets, shown))
    if not config.remote_images:
        for doc in (*sources.personas, *sources.journeys, *sources.pages):
            check_remote_images(doc, problems)
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    site = Site(
        config=config,
        personas=tuple(sorted(personas, key=lambda p: p.id)),
        journeys=tuple(sorted(journeys, key=lambda j: j.id)),
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.id))),
        assets=sources.assets,
        library=tuple(library),
    )
    return site, problems


def check_remote_images(doc: Document, problems: list[Diagnostic]) -> None:
    """An image from another site in the Markdown of `doc` is an error at its place."""
    body, in_yaml = doc.body, False
    if not body and isinstance(doc.data, dict) and isinstance(doc.data.get("body"), str):
        body, in_yaml = doc.data["body"], True  # body: | in YAML
    if "//" not in body:
        return
    if in_yaml:
        first = locate(doc, ("body",))[0] + 1
    else:
        first = doc.text.count("\n") - doc.body.count("\n") + 1
    for image in find_remote_images(body):
        problems.append(
            Diagnostic(
                doc.path,
                first + image.line - 1,
                image.col,
                f"an image from another site ('{image.url}'): a reader's browser would "
                "ask that site for it",
                "save the image in content/assets/ and link to it with a relative address "
                "(from a journey: ../../assets/logo.png), or allow images from other sites "
                "with 'markdown: {remote_images: true}' in journeygen.yml",
            )
        )


def validate_config(
    sources: Sources, problems: list[Diagnostic], environ: Mapping[str, str] | None = None
) -> Config:
    default_title = sources.root.resolve().name
    doc = sources.config
    raw = (
        schema.ConfigIn()
        if doc is None
        else check_document(doc, schema.ConfigIn, doc.data, problems)
    )
    if raw is None:
        return Config(title=default_title, file=sources.config_file)
    base_url = raw.base_url
    if base_url is not None:
        if not base_url.startswith(("https://", "http://")) and doc is not None:
            line, col = locate(doc, ("base_url",))
            problems.append(
                Diagnostic(
                    doc.path,
                    line,
                    col,
                    f"base_url must be an http(s) address, found '{base_url}'",
                    "write the full address, e.g. https://user.github.io/repo/",
                )
            )
        base_url = base_url.rstrip("/") + "/"
    if doc is not None:
        _check_folders(doc, raw, problems)
        if raw.password_env is not None:
            check_password_env(doc, raw.password_env, problems, environ or {})
    checks: dict[str, str] = {}
    stale_months = 3
    for rule_id, setting in raw.checks.items():
        if rule_id not in RULES and doc is not None:
            line, col = locate(doc, ("checks", rule_id), key=True)
            problems.append(
                Diagnostic(
                    doc.path,
                    line,
                    col,
                    f"unknown check '{rule_id}'",
                    hint_with_choices(rule_id, RULES, "checks"),
                )
            )
            continue
        checks[rule_id] = setting.level
        if setting.months is not None:
            stale_months = setting.months
    lanes, map_lanes = check_lane_config(doc, raw, problems) if doc is not None else ((), None)
    return Config(
        title=raw.title or default_title,
        description=raw.description,
        base_url=base_url,
        language=raw.language,
        theme=raw.theme,
        mermaid=raw.mermaid,
        extra=raw.extra,
        checks=checks,
        stale_months=stale_months,
        raw_html=raw.markdown.raw_html,
        remote_images=raw.markdown.remote_images,
        active_assets=raw.assets.active_content,
        noindex=raw.noindex,
        password_env=raw.password_env,
        lanes=lanes,
        map_lanes=map_lanes,
        versions=raw.versions,
        file=sources.config_file,
    )


def _check_folders(doc: Document, raw: schema.ConfigIn, problems: list[Diagnostic]) -> None:
    """The theme is a folder name; the output folder stays inside the project (a build
    replaces it). `content_dir` is checked where it is read (sources)."""
    name = raw.theme
    if "/" in name or "\\" in name or name in (".", ".."):
        line, col = locate(doc, ("theme",))
        problems.append(
            Diagnostic(
                doc.path, line, col, f"theme '{name}' is not the name of a theme",
                "a theme is 'default' or the name of a folder in themes/, e.g. theme: brand",
            )
        )  # fmt: skip
    if raw.versions is not None and not is_pattern(raw.versions):
        line, col = locate(doc, ("versions",))
        message = f"'{raw.versions}' is not a tag pattern"
        problems.append(Diagnostic(doc.path, line, col, message, PATTERN_HINT))
    if not inside_project(raw.output_dir):
        line, col = locate(doc, ("output_dir",))
        problems.append(
            Diagnostic(
                doc.path, line, col,
                f"output_dir '{raw.output_dir}' is outside the project folder",
                "a build replaces the output folder: keep it in the project, or name a folder "
                "elsewhere for one build with 'journeygen build --out DIR'",
            )
        )  # fmt: skip


def validate_library(
    doc: Document | None, problems: list[Diagnostic]
) -> dict[str, schema.LibraryTouchpointIn]:
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.append(
            Diagnostic(
                doc.path,
                1,
                1,
                "expected shared touchpoints by id, e.g. 'offerteformulier:'",
                "write one 'id:' per touchpoint at the top level, its keys indented below it",
            )
        )
        return {}
    library: dict[str, schema.LibraryTouchpointIn] = {}
    for key, value in doc.data.items():
        tp_id = str(key)
        if not SLUG_RE.match(tp_id):
            line, col = locate(doc, (key,), key=True)
            problems.append(
                Diagnostic(
                    doc.path,
                    line,
                    col,
                    f"touchpoint id '{tp_id}' is not a valid id",
                    f"ids are lower-case letters, digits and '-': write '{slugify(tp_id)}'",
                )
            )
            continue
        item = check_document(doc, schema.LibraryTouchpointIn, value, problems, (key,))
        if item is not None:
            library[tp_id] = item
    return library


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # https:, data:, //host
_DRIVE = re.compile(r"^[a-z]:/", re.IGNORECASE)  # C:/ (C:\\ once backslashes are slashes)


def _photo_problem(written: str, photo: str) -> tuple[str, str]:
    """Message and hint for a photo that is not in the assets (the hint may be left to
    the caller): an address, or a path that leaves content/assets/, is said as such."""
    path = photo.replace("\\", "/")
    if _ADDRESS.match(path) and not _DRIVE.match(path):
        return (
            f"photo '{written}' must be a file in content/assets/, not an address",
            "save the image in content/assets/ and write its file name, e.g. photo: eva.jpg",
        )
    if path.startswith("/") or _DRIVE.match(path) or ".." in path.split("/"):
        return (
            f"photo '{written}' points outside content/assets/",
            "write the path of the image inside content/assets/, e.g. photo: eva.jpg",
        )
    return f"photo '{written}' is not in content/assets/", ""


def validate_personas(sources: Sources, problems: list[Diagnostic]) -> list[Persona]:
    personas = []
    assets = set(sources.assets)
    for doc in sources.personas:
        raw = check_document(doc, schema.PersonaIn, doc.data, problems)
        if raw is None:
            continue
        photo = None
        if raw.photo:
            photo = raw.photo.removeprefix("assets/")
            message, hint = _photo_problem(raw.photo, photo)
            if photo not in assets:
                line, col = locate(doc, ("photo",))
                hint = hint or hint_with_choices(photo, assets, "assets")
                problems.append(Diagnostic(doc.path, line, col, message, hint))
        personas.append(
            Persona(
                id=doc.id,
                name=raw.name,
                role=raw.role,
                quote=raw.quote,
                photo=f"assets/{photo}" if photo else None,
                goals=tuple(raw.goals),
                pains=tuple(raw.pains),
                needs=tuple(raw.needs),
                jobs=tuple(raw.jobs),
                channels=tuple(raw.channels),
                tone_of_voice=raw.tone_of_voice,
                body=doc.body or raw.body,
                extra=raw.extra,
                source=doc.path,
                internal=raw.visibility == "internal",
            )
        )
    return personas


def rows_by_journey(
    rows: Iterable[CsvRow], journey_ids: Collection[str]
) -> tuple[dict[str, tuple[CsvRow, ...]], list[CsvRow]]:
    """The KPI rows of each journey a file defines (in file order), and the rest."""
    found: dict[str, list[CsvRow]] = {}
    unknown: list[CsvRow] = []  # (kept by serve: read, never changed)
    for row in rows:
        journey_id = row.values["journey"]
        if journey_id in journey_ids:
            found.setdefault(journey_id, []).append(row)
        else:
            unknown.append(row)
    return {journey_id: tuple(kept) for journey_id, kept in found.items()}, unknown


def measured_journey(
    doc: Document,
    context: JourneyContext,
    rows: Sequence[CsvRow],
    problems: list[Diagnostic],
) -> Journey | None:
    """The journey of `doc` with each KPI's series, actual, status and trend filled from its
    CSV `rows`. A journey that fails validation gets none: its rows are not reported."""
    journey = build_journey(doc, context, problems)
    if journey is None:
        return None
    known = {journey.id: {s.id: {k.name for k in s.kpis} for s in journey.stages}}
    return _with_kpi_data(journey, read_series(rows, known, problems, context.journeys))


def _with_kpi_data(journey: Journey, series: Mapping[SeriesKey, list[Measurement]]) -> Journey:
    """The journey with the measurements of `series` in its KPIs."""
    stages = []
    for stage in journey.stages:
        kpis = []
        for kpi in stage.kpis:
            points = series.get((journey.id, stage.id, kpi.name), ())
            kpis.append(metrics.with_series(kpi, points))
        stages.append(dataclasses.replace(stage, kpis=tuple(kpis)))
    return dataclasses.replace(journey, stages=tuple(stages))


def link_ideals(journeys: list[Journey]) -> list[Journey]:
    """Give each current/ideal pair a link back and the computed comparison."""
    by_id: Mapping[str, Journey] = {j.id: j for j in journeys}
    updates: dict[str, Journey] = dict(by_id)
    for journey in journeys:
        ideal = by_id.get(journey.ideal or "")
        if ideal is None:
            continue
        comparison = compare(journey, ideal)
        updates[journey.id] = dataclasses.replace(updates[journey.id], comparison=comparison)
        updates[ideal.id] = dataclasses.replace(
            updates[ideal.id], current=journey.id, comparison=comparison
        )
    return [updates[j.id] for j in journeys]


def validate_pages(sources: Sources, problems: list[Diagnostic]) -> list[Page]:
    pages = []
    for doc in sources.pages:
        if doc.id in RESERVED_PAGE_IDS:
            problems.append(
                Diagnostic(
                    doc.path,
                    1,
                    1,
                    f"page id '{doc.id}' is used by journeygen itself",
                    f"rename the file; reserved ids: {', '.join(sorted(RESERVED_PAGE_IDS))}",
                )
            )
            continue
        raw = check_document(doc, schema.PageIn, doc.data, problems)
        if raw is None:
            continue
        body = doc.body or raw.body
        pages.append(
            Page(
                id=doc.id,
                title=raw.title or first_heading(body) or doc.id.replace("-", " ").capitalize(),
                body=body,
                order=raw.order,
                nav=raw.nav,
                extra=raw.extra,
                source=doc.path,
                internal=raw.visibility == "internal",
            )
        )
    return pages


def first_heading(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None
