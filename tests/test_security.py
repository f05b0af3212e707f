"""The attacks of issue 16, one test each where no browser is needed (the browser ones are in
tests/browser/test_security_browser.py): what a received project cannot make a build do.

SECURITY.md names these tests; the module mirrors that document rather than one module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import MakeProject

from journeygen.cli import main


def build(root: Path, *args: str) -> int:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return main(["build", "--no-cache", *args])
    finally:
        os.chdir(cwd)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`, links as their target (not followed)."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


# -- 1. links in the output folder --------------------------------------------------------


@pytest.mark.parametrize("name", ["passwd.txt", "deep/env.txt"])
def test_a_link_in_the_old_site_is_never_read(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GITHUB_TOKEN=ghp_secret", "utf-8")
    root = make_project({})
    assert build(root) == 0
    link = root / "site" / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    before = tree(root / "site")
    assert build(root) == 1
    err = capsys.readouterr().err
    assert f"site/{name}:1:1: error: this is a link" in err
    assert "hint:" in err and "Traceback" not in err
    assert tree(root / "site") == before
    assert "ghp_secret" not in str(before)


def test_a_linked_folder_in_the_old_site_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa").write_text("KEY", "utf-8")
    root = make_project({})
    assert build(root) == 0
    (root / "site" / "keys").symlink_to(outside, target_is_directory=True)
    assert build(root, "--clean") == 1
    assert "site/keys:1:1: error: this is a link" in capsys.readouterr().err
    assert (outside / "id_rsa").read_text("utf-8") == "KEY"


def test_a_linked_output_folder_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "id_rsa").write_text("KEY", "utf-8")
    root = make_project({})
    (root / "site").symlink_to(outside, target_is_directory=True)
    assert build(root) == 1
    err = capsys.readouterr().err
    assert "site:1:1: error: the output folder is a link" in err
    assert "Traceback" not in err
    assert tree(outside) == {"id_rsa": b"KEY"}
    assert (root / "site").is_symlink()
    assert not [p for p in root.iterdir() if p.name.startswith(".journeygen")]


def test_an_output_dir_under_a_linked_folder_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    root = make_project({"journeygen.yml": "title: T\noutput_dir: build/site\n"})
    (root / "build").symlink_to(outside, target_is_directory=True)
    assert build(root) == 1
    assert "outside the project" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


# -- 2. linked folders in content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "file", "text"),
    [
        ("assets", "id_rsa", "KEY"),
        ("journeys", "secret.md", "---\ntitle: Secret\nstages: [{id: a}]\n---\nSECRET\n"),
        ("data", "x.csv", "journey,stage,kpi,period,value\nSECRET,a,b,2026-01,1\n"),
        ("personas", "p.md", "---\nname: SECRET\n---\n"),
        ("pages", "p.md", "SECRET\n"),
    ],
)
def test_a_content_folder_linked_outside_is_refused(
    make_project: MakeProject,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    file: str,
    text: str,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / file).write_text(text, "utf-8")
    root = make_project({})
    if (root / "content" / folder).exists():
        shutil.rmtree(root / "content" / folder)
    (root / "content" / folder).symlink_to(outside, target_is_directory=True)
    assert build(root) == 1
    err = capsys.readouterr().err
    assert f"content/{folder}:1:1: error: this is a link to" in err
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_a_content_folder_linked_outside_the_project_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({})
    (root / "content").rename(tmp_path / "elsewhere")
    (root / "content").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert build(root) == 1
    err = capsys.readouterr().err
    assert "content:1:1: error: this is a link to" in err
    assert not (root / "site").exists()


def test_a_content_folder_linked_inside_content_is_read(make_project: MakeProject) -> None:
    root = make_project({"content/shared/logo.txt": "logo"})
    (root / "content/assets").symlink_to("shared", target_is_directory=True)
    assert build(root) == 0
    assert (root / "site/assets/logo.txt").read_text("utf-8") == "logo"


# -- 9. smaller ones ----------------------------------------------------------------------


def test_many_bad_csv_rows_print_a_capped_list(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """600,000 bad rows printed 600,000 diagnostics: now the first 100 of a file, then a
    count of the rest."""
    rows = "reis,awareness,Bezoekers\n" * 600_000
    root = make_project({"content/data/kpis.csv": "journey,stage,kpi,period,value\n" + rows})
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert main(["check", "--no-cache"]) == 1
        assert main(["build", "--no-cache"]) == 1  # capped once, not twice
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err.splitlines()
    shown = [line for line in err if line.startswith("content/data/kpis.csv:")]
    assert len(shown) == 202  # check, then build
    assert shown[0] == "content/data/kpis.csv:2:1: error: expected 5 values, found 3"
    assert shown[100] == (
        "content/data/kpis.csv:102:1: error: and 599,900 more problems in this file, not shown"
    )
    assert shown[:101] == shown[101:]  # build prints the same
    assert len(err) < 450  # with their hints


def test_numbers_past_the_charts_are_errors(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """1.7e308 is a finite number, but the difference of two overflows: a sparkline drew
    y1="nan", and a change of +inf ended the build with a traceback. A KPI number is at
    most 10^15 either way, like a stage's volume: an error at its place past that."""
    journey = (
        "---\ntitle: T\npersona: eva\nstages:\n  - id: a\n    name: A\n    kpis:\n"
        "      - {name: Groot, target: 1.7e308}\n      - {name: Klein, actual: -1.7e308}\n---\n"
    )
    data = "journey,stage,kpi,period,value\n" + "".join(
        f"reis,a,Groot,2026-0{month},{value}\n"
        for month, value in ((1, "1.7e308"), (2, "-1.7e308"), (3, "1000000000000000"))
    )
    root = make_project({"content/journeys/reis.md": journey, "content/data/kpis.csv": data})
    assert build(root) == 1
    assert errors(capsys) == [
        "content/journeys/reis.md:8:31: error: 'target' must be at most 1,000,000,000,000,000, "
        "found '1.7e308'",
        "content/journeys/reis.md:9:31: error: 'actual' must be at least "
        "-1,000,000,000,000,000, found '-1.7e308'",
    ]
    (root / "content/journeys/reis.md").write_text(journey.replace("e308", ""), "utf-8")
    assert build(root) == 1
    assert errors(capsys) == [
        "content/data/kpis.csv:2:22: error: value '1.7e308' is too large (the limit is 10^15, "
        "either sign)",
        "content/data/kpis.csv:3:22: error: value '-1.7e308' is too large (the limit is 10^15, "
        "either sign)",
    ]
    assert not (root / "site").exists()


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if ": error: " in line]


def test_the_largest_allowed_numbers_draw_no_nan(make_project: MakeProject) -> None:
    journey = (
        "---\ntitle: T\npersona: eva\nstages:\n  - id: a\n    name: A\n    kpis:\n"
        "      - {name: Groot, target: 1e15}\n---\n"
    )
    data = "journey,stage,kpi,period,value\n" + "".join(
        f"reis,a,Groot,2026-0{month},{value}\n"
        for month, value in ((1, "1e15"), (2, "-1e15"), (3, "1e15"))
    )
    root = make_project({"content/journeys/reis.md": journey, "content/data/kpis.csv": data})
    assert build(root) == 0
    page = (root / "site/journeys/reis/index.html").read_text("utf-8")
    assert "jg-sparkline" in page
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        assert not re.search(r"(?i)\b(nan|inf|infinity)\b", svg), svg


def test_touchpoints_named_only_with_emoji_get_their_own_ids(make_project: MakeProject) -> None:
    """Both got the id 'page' and a duplicate-id error that named neither."""
    journey = (
        "---\ntitle: T\npersona: eva\nstages:\n  - id: a\n    name: A\n    touchpoints:\n"
        "      - {name: '📞', channel: phone}\n      - {name: '📧', channel: email}\n"
        "      - {name: 'Bellen 📞', channel: phone}\n---\n"
    )
    root = make_project({"content/journeys/reis.md": journey})
    assert build(root) == 0
    data = json.loads((root / "site/journeys/reis/journey.json").read_text("utf-8"))
    ids = [tp["id"] for tp in data["stages"][0]["touchpoints"]]
    assert ids[2] == "bellen"
    assert len(set(ids)) == 3 and "page" not in ids
    assert all(re.fullmatch(r"touchpoint-[0-9a-f]{8}", i) for i in ids[:2])


# -- 8. images from other sites -----------------------------------------------------------


REMOTE = """\
---
title: Over
---
Ons logo: ![logo](https://tracker.example/logo.png) en `![code](https://x.example/c.png)`.

<img alt="pixel" src="//tracker.example/pixel.gif">

[Een link](https://example.org) is geen afbeelding.
"""


def test_images_from_other_sites_are_errors_at_their_place(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"content/pages/over.md": REMOTE})
    assert build(root) == 1
    assert errors(capsys) == [
        "content/pages/over.md:4:19: error: an image from another site "
        "('https://tracker.example/logo.png'): a reader's browser would ask that site for it",
        "content/pages/over.md:6:23: error: an image from another site "
        "('//tracker.example/pixel.gif'): a reader's browser would ask that site for it",
    ]
    assert not (root / "site").exists()


def test_remote_images_setting_allows_them(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/pages/over.md": REMOTE,
            "journeygen.yml": "title: T\nmarkdown: {remote_images: true}\n",
        }
    )
    assert build(root) == 0
    page = (root / "site/over/index.html").read_text("utf-8")
    assert 'src="https://tracker.example/logo.png"' in page
    assert "img-src 'self' data: https: http:;" in page


# -- 3. script in assets ------------------------------------------------------------------


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>\n'


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "logo.svg",
            SVG.format("<script>alert(sessionStorage.length)</script>"),
            "1:64: error: this SVG holds script ('<script')",
        ),
        (
            "onload.svg",
            SVG.format('<rect onload="x()"/>'),
            "1:69: error: this SVG holds script ('onload=')",
        ),
        (
            "link.svg",
            SVG.format('\n<a href="&#106;avascript:x()"><text>t</text></a>'),
            "2:10: error: this SVG holds script ('javascript:')",
        ),
        (
            "entity.svg",
            '<!DOCTYPE svg [<!ENTITY x "&#60;script>">]>\n' + SVG.format("&x;"),
            "1:16: error: this SVG holds script ('<!ENTITY')",
        ),
        ("NS.SVG", SVG.format("<svg:script>x()</svg:script>"), "this SVG holds script"),
        ("page.html", "<script>x()</script>", "1:1: error: an HTML file in the assets"),
        ("page.xhtml", "<html/>", "1:1: error: an XHTML file in the assets"),
        ("data.xml", "<x/>", "1:1: error: an XML file in the assets"),
    ],
)
def test_assets_that_would_run_script_are_errors(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    expected: str,
) -> None:
    """An SVG with script or an HTML file in content/assets/ ran on the site's address and
    read a protected page's remembered key (issue 16, case 3)."""
    root = make_project({f"content/assets/{name}": text})
    assert build(root) == 1
    found = errors(capsys)
    assert len(found) == 1 and found[0].startswith(f"content/assets/{name}:"), found
    assert expected in found[0]
    assert not (root / "site").exists()


def test_plain_svg_and_other_assets_are_published(make_project: MakeProject) -> None:
    plain = SVG.format('<a href="https://example.org"><text>on the road = 1</text></a>')
    root = make_project(
        {"content/assets/logo.svg": plain, "content/assets/report.pdf": "%PDF-1.4 <script>"}
    )
    assert build(root) == 0
    assert (root / "site/assets/logo.svg").read_text("utf-8") == plain


def test_active_content_setting_publishes_them(make_project: MakeProject) -> None:
    root = make_project(
        {
            "journeygen.yml": "title: T\nassets: {active_content: true}\n",
            "content/assets/demo.html": "<script>x()</script>",
            "content/assets/anim.svg": SVG.format("<script>x()</script>"),
        }
    )
    assert build(root) == 0
    assert (root / "site/assets/demo.html").is_file()
    assert (root / "site/assets/anim.svg").is_file()
