"""`journeygen serve` under load and abuse, on loopback: many clients while it rebuilds,
stalled and slow clients, odd request lines and headers, requests from other sites.

Everything runs against a real server in a thread on a free loopback port, with bounded
loops and timeouts; the server is closed at the end of each test.
(tests/test_serve.py checks the paths that must not leave the site.)
"""

from __future__ import annotations

import http.client
import random
import re
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

import pytest
from test_serve import serving

from journeygen.serve.http import host_allowed
from journeygen.serve.preview import Serve

REPO = Path(__file__).resolve().parents[1]
CLIENTS = 50
REQUESTS = 1000


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "journeygen.yml", tmp_path / "journeygen.yml")
    (tmp_path / "secret.txt").write_text("TOP SECRET", "utf-8")
    return tmp_path


def address(serve: Serve) -> tuple[str, int]:
    assert serve.httpd is not None
    host, port = serve.httpd.server_address[:2]
    return str(host), int(port)


def raw(serve: Serve, request: bytes, timeout: float = 10) -> bytes:
    """Send `request` as it is; the response up to the server closing the connection."""
    with socket.create_connection(address(serve), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)  # no more requests: the server closes after answering
        chunks = []
        with suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    """The status code; http.server answers a request line it cannot parse HTTP/0.9 style,
    with the error page alone (no status line): its 'Error code: NNN' then."""
    if response.startswith(b"HTTP/"):
        return int(response.split(b" ", 2)[1])
    found = re.search(rb"Error code: (\d{3})", response)
    return int(found[1]) if found else 0


def get(serve: Serve, path: str, timeout: float = 10) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*address(serve), timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_1000_requests_from_50_clients_while_rebuilding(example: Path) -> None:
    """50 clients with keep-alive connections make at least 1,000 requests (pages, assets,
    a 404, a redirect) and go on until the server has rebuilt three times under them (a
    content file is edited again after each build); every answer is complete and right,
    and each HTML page is the whole page of one build."""
    journey = example / "content" / "journeys" / "kantoorschoonmaak.md"
    text = journey.read_text("utf-8")
    with serving(example) as serve:
        files = serve.snapshot.files
        pages = sorted(p for p in files if p.endswith(".html"))
        assets = sorted(p for p in files if p.startswith("assets/"))[:10]
        targets = [(f"/{p}", 200) for p in pages + assets]
        targets += [("/nope/", 404), ("/journeys/kantoorschoonmaak", 301)]
        builds: list[str] = []
        served = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + 60

        def enough() -> bool:
            return (served[0] >= REQUESTS and len(builds) >= 3) or time.monotonic() > deadline

        def keep_editing() -> None:
            seen = serve.snapshot.generation
            for n in range(1, 30):  # bounded
                if enough():
                    return
                journey.write_text(text.replace("title: ", f"title: Versie {n} ", 1), "utf-8")
                snapshot = serve.wait_for_build(seen, 10)
                if snapshot is None or snapshot.generation == seen:
                    return
                seen = snapshot.generation
                builds.append(seen)

        def client(seed: int) -> list[str]:
            rng = random.Random(seed)
            connection = http.client.HTTPConnection(*address(serve), timeout=30)
            wrong = []
            try:
                while not enough():
                    path, expected = rng.choice(targets)
                    connection.request("GET", path)
                    response = connection.getresponse()
                    body = response.read()
                    with lock:
                        served[0] += 1
                    if response.status != expected:
                        wrong.append(f"{path}: {response.status}")
                    elif path.endswith(".html") and not body.rstrip().endswith(b"</html>"):
                        wrong.append(f"{path}: an incomplete page")
            finally:
                connection.close()
            return wrong

        editor = threading.Thread(target=keep_editing)
        editor.start()
        try:
            with ThreadPoolExecutor(CLIENTS) as pool:
                results = list(pool.map(client, range(CLIENTS)))
        finally:
            editor.join()
        assert [w for wrong in results for w in wrong] == []
        assert served[0] >= REQUESTS
        assert len(builds) >= 3, "the server rebuilt under the load"
        assert time.monotonic() < deadline
        assert get(serve, "/")[0] == 200


def test_stalled_and_slow_clients_do_not_hold_up_others(example: Path) -> None:
    """Sockets that send half a request and stall, that send nothing, that never read a
    large response, and event streams: other requests are still answered at once."""
    with serving(example) as serve:
        held: list[socket.socket] = []
        try:
            started = time.perf_counter()
            for n in range(30):
                sock = socket.create_connection(address(serve), timeout=10)
                part = [b"", b"GET /", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"][n % 3]
                sock.sendall(part)
                held.append(sock)
            # a backlog of 5 (socketserver's) made every sixth connection wait a second
            assert time.perf_counter() - started < 1.0
            for _ in range(5):  # ask for the largest file and never read it
                sock = socket.create_connection(address(serve), timeout=10)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                largest = max(serve.snapshot.files, key=lambda p: len(serve.snapshot.files[p]))
                sock.sendall(f"GET /{largest} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                held.append(sock)
            for _ in range(10):  # live-reload event streams, as open tabs keep them
                sock = socket.create_connection(address(serve), timeout=10)
                sock.sendall(b"GET /__journeygen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                held.append(sock)
            slowest = 0.0
            for _ in range(50):
                started = time.perf_counter()
                status, body = get(serve, "/", timeout=5)
                slowest = max(slowest, time.perf_counter() - started)
                assert status == 200 and body.rstrip().endswith(b"</html>")
            assert slowest < 2.0
        finally:
            for sock in held:
                sock.close()
        assert get(serve, "/")[0] == 200


TRAVERSALS = [
    b"/../../../../etc/passwd",
    b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/%2E%2E%2F%2E%2E%2Fsecret.txt",
    b"/%252e%252e/%252e%252e/secret.txt",
    b"/..%2f..%2fsecret.txt",
    b"/assets/..%5c..%5c..%5csecret.txt",
    b"/\\..\\..\\secret.txt",
    b"/assets/../../secret.txt",
    b"/index.html%00.png",
    b"/%00",
    b"/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    b"/%ff%fe",
    b"//etc/passwd",
    b"/secret.txt",
    b"/journeygen.yml",
    b"/content/personas/eva.md",
    b"http://127.0.0.1/../../secret.txt",
    b"http://127.0.0.1/index.html",
    b"*",
    b"/\xff\xfe",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=lambda t: t.decode("latin-1"))
def test_traversal_attempts_are_refused_and_leak_nothing(example: Path, target: bytes) -> None:
    with serving(example) as serve:
        response = raw(
            serve, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        assert status_of(response) in (400, 404), response[:200]
        assert b"TOP SECRET" not in response and b"root:" not in response
        assert b"title: Klantreizen" not in response  # journeygen.yml


ODD_REQUESTS = [
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 150 + b"\r\n", 431),
    (b"GET / HTTP/1.1\r\nX-Long: " + b"b" * 70_000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc", 501),
    (b"DELETE /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501),
    (b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501),
    (b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", 403),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1.nip.io\r\n\r\n", 403),
    (b"GET /__journeygen/events HTTP/1.1\r\nHost: attacker.example:8000\r\n\r\n", 403),
    (b"GET / HTTP/1.1\r\nHost: \xff\xfe\x00\r\nX-\xff: \x00\x01\r\n\r\n", 200),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", 200),
    (b"GET / HTTP/1.0\r\n\r\n", 200),
    (b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n", 200),
]


@pytest.mark.parametrize(("request_bytes", "expected"), ODD_REQUESTS, ids=range(len(ODD_REQUESTS)))
def test_long_urls_and_odd_headers_get_an_answer_not_a_crash(
    example: Path, request_bytes: bytes, expected: int
) -> None:
    with serving(example) as serve:
        response = raw(serve, request_bytes)
        assert status_of(response) == expected, response[:300]
        assert b"Traceback" not in response
        assert get(serve, "/")[0] == 200  # and the server lives on


def test_a_page_of_another_site_cannot_read_the_dev_server(example: Path) -> None:
    """DNS rebinding: a site whose name an attacker points at 127.0.0.1 would be the same
    origin as the dev server. Requests naming such a host are refused; loopback names and
    addresses are served."""
    with serving(example) as serve:
        port = address(serve)[1]
        for host, expected in [
            (f"127.0.0.1:{port}", 200),
            (f"localhost:{port}", 200),
            (f"[::1]:{port}", 200),
            (f"journeys.localhost:{port}", 200),
            (f"attacker.example:{port}", 403),
            (f"7f000001.rbndr.us:{port}", 403),
        ]:
            connection = http.client.HTTPConnection(*address(serve), timeout=10)
            connection.request("GET", "/", headers={"Host": host})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == expected, host
            if expected == 403:
                assert b"Klantreizen" not in body


@pytest.mark.parametrize(
    ("path", "fetch", "expected"),
    [
        # another site's <script src> and fetch(): refused (issue 16, case 4)
        ("/assets/search-index.js", ("cross-site", "no-cors", "script"), 403),
        ("/assets/search-index.js", ("same-site", "no-cors", "script"), 403),  # another port
        ("/journeys/kantoorschoonmaak/journey.json", ("cross-site", "cors", "empty"), 403),
        ("/", ("cross-site", "navigate", "iframe"), 403),  # framed by another site
        ("/__journeygen/events", ("cross-site", "cors", "empty"), 403),
        # a link from elsewhere, the address typed, the site's own pages and tools
        ("/", ("cross-site", "navigate", "document"), 200),
        ("/journeys/kantoorschoonmaak/", ("none", "navigate", "document"), 200),
        ("/assets/search-index.js", ("same-origin", "no-cors", "script"), 200),
        ("/assets/search-index.js", None, 200),  # curl, or a browser without Sec-Fetch-*
    ],
)
def test_another_site_cannot_load_the_dev_servers_files(
    example: Path, path: str, fetch: tuple[str, str, str] | None, expected: int
) -> None:
    """The Host check does not help here: the other site's page asks 127.0.0.1 itself. The
    browser says who asks (Sec-Fetch-Site); every answer also carries
    Cross-Origin-Resource-Policy: same-origin for browsers that do not send it."""
    with serving(example) as serve:
        headers = {"Host": f"127.0.0.1:{address(serve)[1]}"}
        if fetch is not None:
            site, mode, dest = fetch
            headers |= {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": dest}
        connection = http.client.HTTPConnection(*address(serve), timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read(4096) if expected == 403 or path != "/__journeygen/events" else b""
        connection.close()
        assert response.status == expected, (path, fetch)
        assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
        if expected == 403:
            assert b"Klantreizen" not in body and b"JOURNEYGEN_SEARCH" not in body


def test_on_a_network_address_every_host_name_is_answered() -> None:
    """--host 0.0.0.0 opens the server to the network on purpose (with a warning): names
    are the user's business then."""
    assert host_allowed("mymac.local:8000", "0.0.0.0")
    assert host_allowed("attacker.example", "192.168.1.5")
    assert not host_allowed("attacker.example", "127.0.0.1")
    assert not host_allowed("attacker.example", "::1")
