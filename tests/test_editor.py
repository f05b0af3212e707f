"""serve/editor.py: opening an item in the editor (issue 23).

The request is refused (403) from another origin, without `Origin`, from a page that the
browser says is another site, without the token or with a wrong one, from another machine,
and for a file outside the project; an unknown item or diagnostic is 404. A good request
runs JOURNEYGEN_EDITOR (split like a shell would, run without one) with the item's file,
line and column; without JOURNEYGEN_EDITOR the server runs nothing (the page opens
vscode://). The command never comes from journeygen.yml.
"""

from __future__ import annotations

import http.client
import io
import json
import shlex
import sys
import time
from collections.abc import Iterator
from email.message import Message
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

from journeygen.build import Project
from journeygen.cli import main
from journeygen.serve.editor import (
    OPEN_PATH,
    Editor,
    EditorError,
    Place,
    is_loopback_client,
    open_request,
    parse_command,
)
from journeygen.serve.positions import Position
from journeygen.serve.preview import Serve

RECORDER = """\
import sys
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write("|".join(sys.argv[2:]) + "\\n")
"""
BROKEN = "---\ntitle: [unclosed\npersona: eva\n---\n"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "opened.log"


def recorder_command(tmp_path: Path, log: Path) -> str:
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, "utf-8")
    return shlex.join([sys.executable, str(script), str(log)]) + " {file} {line} {column}"


@pytest.fixture
def served(make_project, tmp_path: Path, log: Path) -> Iterator[Serve]:
    root = make_project({})
    environ = {"JOURNEYGEN_EDITOR": recorder_command(tmp_path, log)}
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO(), environ=environ)
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    yield serve
    serve.close()


def post(serve: Serve, body: dict[str, Any] | bytes, **headers: str) -> tuple[int, str]:
    assert serve.httpd is not None
    host, port = serve.httpd.server_address[:2]
    origin = {"Origin": f"http://{host}:{port}"}
    sent = {"Content-Type": "application/json", **origin, **headers}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
    try:
        connection.request(
            "POST", OPEN_PATH, data, {k.replace("_", "-"): v for k, v in sent.items()}
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def item(serve: Serve, key: str = "tp-offerte", **more: Any) -> dict[str, Any]:
    return {"token": serve.editor.token, "page": "/journeys/reis/", "id": key, **more}


def recorded(log: Path, count: int = 1) -> list[str]:
    deadline = time.monotonic() + 10
    while not (log.exists() and len(log.read_text("utf-8").splitlines()) >= count):
        assert time.monotonic() < deadline, "the editor was not started"
        time.sleep(0.02)
    return log.read_text("utf-8").splitlines()


def test_a_good_request_runs_the_command_with_the_items_file_line_and_column(
    served: Serve, log: Path
) -> None:
    assert post(served, item(served), Sec_Fetch_Site="same-origin") == (204, "")
    journey = served.project.root.resolve() / "content/journeys/reis.md"
    assert recorded(log) == [f"{journey}|17|9"]
    assert post(served, item(served, "stage-awareness"))[0] == 204
    assert recorded(log, 2)[1] == f"{journey}|6|5"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": ""},
        {"Origin": "http://localhost:1"},
        {"Sec_Fetch_Site": "cross-site"},
        {"Sec_Fetch_Site": "same-site"},
        {"Host": "evil.example"},
    ],
    ids=lambda h: repr(h),
)
def test_another_origin_is_refused(served: Serve, log: Path, headers: dict[str, str]) -> None:
    status, _ = post(served, item(served), **headers)
    assert status == HTTPStatus.FORBIDDEN
    assert not log.exists()


def test_without_the_token_or_with_a_wrong_one_it_is_refused(served: Serve, log: Path) -> None:
    without = item(served)
    del without["token"]
    assert post(served, without) == (403, "missing or wrong token\n")
    assert post(served, item(served, token="x" * 32))[0] == 403
    assert post(served, item(served, token=None))[0] == 403
    assert post(served, b"not json")[0] == 400
    assert not log.exists()


def test_an_unknown_item_a_path_or_another_pages_item_is_not_found(
    served: Serve, log: Path
) -> None:
    assert post(served, item(served, "tp-nope")) == (404, "no such item on this page\n")
    assert post(served, item(served, "persona", page="/journeys/reis/"))[0] == 404
    assert post(served, item(served, page="/personas/eva/"))[0] == 404
    assert post(served, item(served, "../../etc/passwd"))[0] == 404
    assert post(served, item(served, file="/etc/passwd", id=None))[0] == 404
    assert post(served, {"token": served.editor.token, "diagnostic": 0})[0] == 404  # none
    assert post(served, {"token": served.editor.token, "diagnostic": True})[0] == 404
    assert not log.exists()


def test_a_diagnostic_opens_by_its_number(served: Serve, log: Path) -> None:
    journey = served.project.root / "content/journeys/reis.md"
    generation = served.snapshot.generation
    journey.write_text(BROKEN, "utf-8")
    served.wait_for_build(generation, 20)
    deadline = time.monotonic() + 20
    while not served.snapshot.problems:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert served.snapshot.places == (Place("content/journeys/reis.md", 3, 8),)
    body = {"token": served.editor.token, "diagnostic": 0}
    assert post(served, body)[0] == 204
    assert recorded(log) == [f"{journey.resolve()}|3|8"]
    assert post(served, {**body, "diagnostic": 1})[0] == 404


def test_only_a_loopback_client_and_only_files_in_the_project(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content/reis.md").write_text("x", "utf-8")
    (tmp_path / "secret.txt").write_text("x", "utf-8")
    (root / "content/link.md").symlink_to(tmp_path / "secret.txt")
    editor = Editor(root.resolve(), ("true", "{file}"), "token")
    headers = Message()
    headers["Host"] = "127.0.0.1:8000"
    headers["Origin"] = "http://127.0.0.1:8000"
    positions = {
        "p.html": {
            "in": Position("x", 0, "", 0, "stage", "content/reis.md", 1, 1),
            "out": Position("x", 0, "", 0, "stage", "../secret.txt", 1, 1),
            "link": Position("x", 0, "", 0, "stage", "content/link.md", 1, 1),
            "gone": Position("x", 0, "", 0, "stage", "content/gone.md", 1, 1),
        }
    }

    def ask(key: str, client: str = "127.0.0.1") -> int:
        body = json.dumps({"token": "token", "page": "/p", "id": key}).encode()
        answer = open_request(editor, headers, body, client, lambda _: positions["p.html"], ())
        return answer.status

    assert ask("in") == 204
    assert ask("in", "192.168.1.20") == ask("in", "10.0.0.1") == 403
    assert ask("in", "::1") == ask("in", "::ffff:127.0.0.1") == 204
    assert ask("out") == ask("link") == ask("gone") == 403
    assert is_loopback_client("127.0.0.2") and not is_loopback_client("localhost")


def test_without_journeygen_editor_nothing_runs_and_the_page_opens_vscode(
    make_project, tmp_path: Path
) -> None:
    root = make_project({})
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO(), environ={})
    serve.open("127.0.0.1", 0)
    serve.start(background=True)
    try:
        assert post(serve, item(serve))[0] == HTTPStatus.CONFLICT
        assert serve.editor.url_base == f"vscode://file{root.resolve().as_posix()}"
    finally:
        serve.close()


def test_a_url_scheme_opens_a_fork_of_vs_code_from_the_page(tmp_path: Path) -> None:
    """VS Code's forks register their own scheme: JOURNEYGEN_EDITOR=cursor:// (no command)."""
    for value, scheme in (("cursor://", "cursor"), ("VSCodium://", "vscodium")):
        editor = Editor.from_environ(tmp_path, {"JOURNEYGEN_EDITOR": value})
        assert editor.command == ()
        assert editor.url_base == f"{scheme}://file{tmp_path.resolve().as_posix()}"
    plain = Editor.from_environ(tmp_path, {"JOURNEYGEN_EDITOR": "code --goto {file}"})
    assert plain.command == ("code", "--goto", "{file}") and plain.scheme == "vscode"


def test_the_command_is_split_like_a_shell_would_and_run_without_one(tmp_path: Path) -> None:
    assert parse_command("") == ()
    assert parse_command("subl") == ("subl", "{file}")
    assert parse_command("code --goto '{file}:{line}:{column}'") == (
        "code",
        "--goto",
        "{file}:{line}:{column}",
    )
    with pytest.raises(EditorError, match="JOURNEYGEN_EDITOR is not a command"):
        parse_command("vim 'unclosed")
    odd = tmp_path / "a b; rm -rf ~ $(x).md"
    editor = Editor(tmp_path, parse_command("ed +{line} {file}"), "t")
    assert editor.arguments(odd, Place("x", 4, 2)) == ["ed", "+4", str(odd)]  # one argument


def test_serve_stops_with_a_message_for_a_bad_command(
    make_project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(make_project({}))
    monkeypatch.setenv("JOURNEYGEN_EDITOR", "vim 'unclosed")
    assert main(["serve", "--port", "0"]) == 1
    assert "journeygen: error: JOURNEYGEN_EDITOR is not a command" in capsys.readouterr().err


def test_the_config_file_never_names_the_command(make_project) -> None:
    root = make_project({"journeygen.yml": "title: T\neditor: touch /tmp/pwned-{line}\n"})
    serve = Serve(Project.find(root), out=io.StringIO(), err=io.StringIO(), environ={})
    assert serve.editor.command == ()


def test_a_line_added_above_an_item_moves_it_and_an_open_tab_hears_of_it(served: Serve) -> None:
    key = "journeys/reis/index.html"
    journey = served.project.root / "content/journeys/reis.md"
    before = served.snapshot
    assert before.positions.page(key)["tp-offerte"].line == 17
    with served.viewing(key):  # a tab shows the page
        journey.write_text(journey.read_text("utf-8").replace("---\n", "---\n# a note\n", 1))
        deadline = time.monotonic() + 20
        while served.snapshot.positions.page(key)["tp-offerte"].line != 18:
            assert time.monotonic() < deadline, "the positions did not move"
            time.sleep(0.05)
    after = served.snapshot
    assert after.files[key] == before.files[key]  # the page itself is the same
    assert after.version(key) != before.version(key)  # but the tab takes the new positions
    assert after.version("index.html") == before.version("index.html")  # no other tab
