"""Property-based tests: whatever the files hold, a build succeeds or returns diagnostics.

Hypothesis writes malformed and hostile projects (random YAML, valid journeys with values
replaced by hostile ones, Markdown, CSV, raw bytes, BOMs, CRLF, control characters, NaN,
huge numbers, deep nesting) and builds them. The property: `build` returns; it never
raises. Every diagnostic it returns is well formed (`path:line:col`, a message on one line).

In CI the examples are fixed (`derandomize=True`, profile "ci", a few hundred in all, under
a minute). `scripts/fuzz.py` runs the same tests with the "fuzz" profile: many more random
examples, and a failing example is printed as the files to reproduce it.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeygen.build import BuildResult, Project, build
from journeygen.core.diagnostics import Diagnostic, format_text

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("JOURNEYGEN_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("JOURNEYGEN_FUZZ_PROFILE", "ci"))

Files = dict[str, str | bytes]

PERSONA = {"name": "Eva de Vries", "role": "Office manager", "photo": "eva.png"}
JOURNEY: dict[str, Any] = {
    "title": "Van zoekopdracht tot klant",
    "persona": "eva",
    "framework": "aaarrr",
    "ideal": "ideaal",
    "stages": [
        {
            "id": "awareness",
            "emotion": -1,
            "volume": 1000,
            "actions": ["Zoekt op Google", {"text": "Leest reviews", "evidence": "observed"}],
            "pains": [{"text": "Te duur", "source": "https://example.org/enquete"}],
            "kpis": [{"name": "Bezoekers", "measure": "GA4", "target": 500, "unit": "%"}],
            "touchpoints": [
                {"id": "google-ads", "name": "Google Ads", "channel": "ads", "next": ["form"]},
                {"ref": "offerte"},
            ],
        },
        {
            "id": "acquisition",
            "emotion": 1.5,
            "volume": 100,
            "touchpoints": [{"id": "form", "name": "Formulier", "channel": "website"}],
        },
    ],
}
IDEAL = {**JOURNEY, "state": "ideal", "ideal": None, "title": "Ideaal"}
LIBRARY = {"offerte": {"name": "Offerteformulier", "channel": "website", "owner": "sales"}}
CSV = (
    "journey,stage,kpi,period,value\n"
    "reis,awareness,Bezoekers,2026-01,400\n"
    "reis,awareness,Bezoekers,2026-02,450\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def front_matter(data: Any, body: str = "") -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def base_files() -> Files:
    return {
        "journeygen.yml": "title: Fuzz\nlanguage: nl\n",
        "content/personas/eva.md": front_matter(PERSONA, "Eva runs the office.\n"),
        "content/journeys/reis.md": front_matter(JOURNEY, "Het verhaal.\n"),
        "content/journeys/ideaal.md": front_matter(IDEAL),
        "content/touchpoints.yml": yaml.safe_dump(LIBRARY),
        "content/data/kpis.csv": CSV,
        "content/assets/eva.png": PNG,
        "content/pages/over.md": "# Over ons\n\nTekst.\n",
    }


def check_build(files: Files, *, write: bool = False) -> BuildResult:
    """Write `files` over the base project, build it, and check the property."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, content in {**base_files(), **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8", errors="surrogatepass")
        result = build(Project.find(root), write=write)  # raises: the property fails
        for diagnostic in result.diagnostics:
            assert_well_formed(diagnostic)
        if not result.errors:
            assert result.outputs, "a build without errors makes a site"
        return result


def assert_well_formed(d: Diagnostic) -> None:
    assert isinstance(d.path, str) and d.path
    assert isinstance(d.line, int) and d.line >= 1, d
    assert isinstance(d.col, int) and d.col >= 1, d
    assert d.message, d
    printed = format_text(d)
    lines = printed.split("\n")
    assert len(lines) == (2 if d.hint else 1), printed
    assert all(line.isprintable() for line in lines), printed
    assert "Traceback" not in printed, printed


# -- strategies ---------------------------------------------------------------------------

ODD_TEXT = [
    "",
    " ",
    "\ufeff",
    "\u200b\u200e\u202e",  # zero width, right-to-left override
    "\u2028\u2029\x85",  # line separators YAML counts as line breaks
    "e\u0301\u0301\u0301",  # combining marks
    "👩‍👩‍👧‍👦🇳🇱",
    "\x00\x01\x07\x1b[31m\x7f",
    "\r\n",
    "\t",
    "𝕳𝖊𝖑𝖑𝖔",
    "A" * 5000,
    "<script>window.__xss=1</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
    "%(x)s {0} ${x}",
    "../../../etc/passwd",
    "C:\\Windows\\system32",
    "---",
    "key: value",
    "- item",
    "&a *a",
    "!!python/object/apply:os.system ['id']",
]
odd_text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=40))
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 1e308, -1e308, 5e-324, 2**63, -(2**63) - 1, 10**18]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text, st.dates(), st.datetimes())
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(odd_text, st.integers(), st.booleans()), children, max_size=4),
    ),
    max_leaves=12,
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in `data` where a value can be replaced (dict keys and list items)."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(paths(value, (*prefix, index)))
    return found


def replaced(data: Any, where: tuple[Any, ...], value: Any) -> Any:
    if not where:
        return value
    head, rest = where[0], where[1:]
    if isinstance(data, dict):
        return {**data, head: replaced(data.get(head), rest, value)}
    copy = list(data)
    copy[head] = replaced(copy[head], rest, value)
    return copy


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """`base` with one to three values replaced by hostile ones (or keys added)."""
    data = base
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(data)))
        if draw(st.booleans()) and isinstance(value := _at(data, where), dict):
            key = draw(st.one_of(st.sampled_from(list(value) or ["x"]), odd_text))
            data = replaced(data, where, {**value, key: draw(yaml_values)})
        else:
            data = replaced(data, where, draw(yaml_values))
    return data


hostile_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(min_size=1, max_size=60),
    st.lists(st.sampled_from(ODD_TEXT), min_size=1, max_size=4).map("".join),
)
valid_numbers = st.one_of(
    st.floats(min_value=-2, max_value=2),
    st.integers(min_value=0, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, -0.0, 1e-300, 5e-324, 1e308, -1e308, 10**15, 2**53 + 1]),
)
NUMBERS_BY_KEY = {
    "emotion": st.one_of(st.floats(min_value=-2, max_value=2), st.sampled_from([-2, 2, -0.0])),
    "volume": st.one_of(st.integers(min_value=0, max_value=10**15), st.sampled_from([0, 10**15])),
}
SLUG_KEYS = {
    "photo",
    "id",
    "ref",
    "persona",
    "ideal",
    "framework",
    "next",
    "evidence",
    "state",
    "better",
}


@st.composite
def retyped(draw: st.DrawFn, base: Any, key: str = "") -> Any:
    """`base` with many leaves replaced by hostile values of the same kind: text by odd
    text, numbers by extreme numbers. Most such journeys are valid, so the site is
    rendered, charted, drawn and exported with them."""
    if isinstance(base, dict):
        return {k: draw(retyped(v, str(k))) for k, v in base.items()}
    if isinstance(base, list):
        return [draw(retyped(v, key)) for v in base]
    if key in SLUG_KEYS or not draw(st.integers(0, 2)):
        return base
    if isinstance(base, str):
        return draw(hostile_text)
    if isinstance(base, int | float) and not isinstance(base, bool):
        return draw(NUMBERS_BY_KEY.get(key, valid_numbers))
    return base


def _at(data: Any, where: tuple[Any, ...]) -> Any:
    for step in where:
        data = data[step]
    return data


def dump(data: Any) -> str:
    """YAML for `data`; hypothesis' dates and big numbers are fine for PyYAML."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


YAML_CHARS = "-:[]{},&*!|>'\"#%@`? \n\t.~=<"
yaml_like_text = st.text(
    alphabet=st.one_of(st.sampled_from(YAML_CHARS), st.characters(codec="utf-8")),
    max_size=300,
)
MARKDOWN_TOKENS = [
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "\t", "\n", "\n\n", "[", "]", "(", ")",
    "](", "![", "*", "**", "_", "`", "```", "```mermaid\n", "~~~", "<", ">", "</", "<div>",
    '<div markdown="1">', "</div>", "<script>", "<a href=\"javascript:alert(1)\">", "&amp;",
    "&#0;", "|", "| --- |", "[^1]", "[^1]: ", "*[HTML]: ", ": ", "{: #id .cls }", "\\",
    "http://x.y", "<http://x.y>", "text", "Eva", " ", "\x00", "\ufeff", "é", "👩‍👩‍👧",
    "--->", "<!--", "-->", "graph TD\nA-->B\n", "%%{init: {\"securityLevel\": \"loose\"}}%%\n",
]  # fmt: skip
markdown_text = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.text(max_size=8)), max_size=80
).map("".join)
CSV_FIELDS = [
    "reis", "awareness", "acquisition", "Bezoekers", "2026-01", "2026-02-30", "2026-W53",
    "2026-W54", "9999-12", "0000-01", "400", "4.200,5", "4,200.5", "12%", "nan", "NaN", "inf",
    "-inf", "1e400", "-1e400", "1" * 400, "", " ", '"', '""', "a,b", "a;b", "\x00", "é",
    "=cmd|' /C calc'!A0", "+1", "-0", "0x10", "١٢٣", "٣٫٥",
]  # fmt: skip
csv_field = st.one_of(st.sampled_from(CSV_FIELDS), st.text(max_size=10))


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = draw(
        st.one_of(
            st.just(["journey", "stage", "kpi", "period", "value"]),
            st.lists(st.sampled_from(["journey", "stage", "kpi", "period", "value", "x", ""])),
        )
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(csv_field, min_size=0, max_size=7), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    prefix = draw(st.sampled_from(["", "\ufeff"]))
    return prefix + newline.join(lines) + draw(st.sampled_from(["", newline]))


def with_variants(draw: st.DrawFn, text: str) -> str | bytes:
    """The same text as it may arrive: BOM, CRLF, CR, no final newline, Latin-1 bytes."""
    variant = draw(st.sampled_from(["plain", "bom", "crlf", "cr", "strip", "latin1"]))
    if variant == "bom":
        return "\ufeff" + text
    if variant == "crlf":
        return text.replace("\n", "\r\n")
    if variant == "cr":
        return text.replace("\n", "\r")
    if variant == "strip":
        return text.rstrip("\n")
    if variant == "latin1":
        return text.encode("latin-1", "replace")
    return text


# -- the properties -----------------------------------------------------------------------


@given(data=st.data())
@example(data=None)  # the base project itself builds cleanly
def test_a_valid_journey_with_hostile_values_builds_or_reports(data: Any) -> None:
    if data is None:
        result = check_build({}, write=True)
        assert not result.errors, result.errors
        return
    journey = data.draw(mutated(JOURNEY), label="journey")
    body = data.draw(markdown_text, label="body")
    check_build({"content/journeys/reis.md": with_variants(data.draw, front_matter(journey, body))})


@given(data=st.data())
def test_hostile_text_and_numbers_in_valid_places_render_or_report(data: Any) -> None:
    journey = data.draw(retyped(JOURNEY), label="journey")
    ideal = data.draw(retyped(IDEAL), label="ideal")
    persona = data.draw(retyped(PERSONA), label="persona")
    library = data.draw(retyped(LIBRARY), label="library")
    title = data.draw(hostile_text, label="site title")
    value = data.draw(valid_numbers, label="csv value")
    kpi = journey["stages"][0]["kpis"][0]["name"]
    rows = io.StringIO()
    csv.writer(rows, lineterminator="\n").writerow(["reis", "awareness", kpi, "2026-03", value])
    check_build(
        {
            "journeygen.yml": dump({"title": title, "description": title, "language": "en"}),
            "content/journeys/reis.md": front_matter(journey, data.draw(markdown_text)),
            "content/journeys/ideaal.md": front_matter(ideal),
            "content/personas/eva.md": front_matter(persona, data.draw(markdown_text)),
            "content/touchpoints.yml": dump(library),
            "content/data/kpis.csv": "journey,stage,kpi,period,value\n" + rows.getvalue(),
        },
        write=data.draw(st.booleans(), label="write"),
    )


@given(data=st.data())
def test_hostile_persona_library_page_and_config_build_or_report(data: Any) -> None:
    target = data.draw(st.sampled_from(["persona", "library", "config", "page"]), label="file")
    if target == "persona":
        files = {"content/personas/eva.md": front_matter(data.draw(mutated(PERSONA)))}
    elif target == "library":
        files = {"content/touchpoints.yml": dump(data.draw(mutated(LIBRARY)))}
    elif target == "config":
        config = {"title": "Fuzz", "language": "nl", "checks": {"stale-data": "error"}}
        files = {"journeygen.yml": dump(data.draw(mutated(config)))}
    else:
        page = {"title": "Over", "order": 1, "nav": True}
        files = {"content/pages/over.md": front_matter(data.draw(mutated(page)))}
    check_build({k: with_variants(data.draw, v) for k, v in files.items()})


@given(text=yaml_like_text, where=st.sampled_from(["front", "yml", "config", "library"]))
def test_random_yaml_text_builds_or_reports(text: str, where: str) -> None:
    files: dict[str, Files] = {
        "front": {"content/journeys/reis.md": "---\n" + text + "\n---\nBody\n"},
        "yml": {"content/personas/tom.yml": text},
        "config": {"journeygen.yml": text},
        "library": {"content/touchpoints.yml": text},
    }
    check_build(files[where])


@given(value=yaml_values)
def test_any_yaml_data_as_a_whole_file_builds_or_reports(value: Any) -> None:
    check_build(
        {"content/journeys/reis.md": front_matter(value), "content/personas/tom.yml": dump(value)}
    )


@given(body=markdown_text, where=st.sampled_from(["journey", "persona", "page"]))
def test_any_markdown_body_builds_or_reports(body: str, where: str) -> None:
    files: Files = {
        "journey": {"content/journeys/reis.md": front_matter(JOURNEY, body)},
        "persona": {"content/personas/eva.md": front_matter(PERSONA, body)},
        "page": {"content/pages/over.md": body},
    }[where]
    check_build(files)


@given(text=csv_text())
def test_any_csv_builds_or_reports(text: str) -> None:
    check_build({"content/data/kpis.csv": text})


@given(raw=st.binary(max_size=200), where=st.sampled_from(["journey", "csv", "config", "page"]))
def test_raw_bytes_build_or_report(raw: bytes, where: str) -> None:
    path = {
        "journey": "content/journeys/reis.md",
        "csv": "content/data/kpis.csv",
        "config": "journeygen.yml",
        "page": "content/pages/over.md",
    }[where]
    check_build({path: raw})


@given(
    number=st.one_of(numbers, st.sampled_from([".nan", ".inf", "-.inf", "1e400", "0x1F"])),
    field=st.sampled_from(["emotion", "volume", "target", "actual", "tp-emotion"]),
)
def test_numbers_anywhere_build_or_report(number: Any, field: str) -> None:
    journey = JOURNEY
    if field == "tp-emotion":
        journey = replaced(journey, ("stages", 1, "touchpoints", 0), {
            "id": "form", "name": "Formulier", "emotion": number,
        })  # fmt: skip
    elif field in ("target", "actual"):
        journey = replaced(journey, ("stages", 0, "kpis", 0, field), number)
    else:
        journey = replaced(journey, ("stages", 0, field), number)
    text = front_matter(journey)
    if isinstance(number, str):
        text = text.replace(f"'{number}'", number)  # as YAML reads it, not as text
    result = check_build({"content/journeys/reis.md": text})
    if isinstance(number, float) and not math.isfinite(number):
        assert result.errors, "NaN and infinities are errors where a number is expected"


def test_the_profile_is_deterministic_in_ci() -> None:
    """CI runs the same examples every time; scripts/fuzz.py explores."""
    if os.environ.get("JOURNEYGEN_FUZZ_PROFILE", "ci") == "ci":
        assert settings.default.derandomize
        assert settings.default.max_examples <= 100
