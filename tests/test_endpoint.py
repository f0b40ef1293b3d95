"""The endpoint client against a misbehaving server: every failure is one clear error."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from segraph.errors import UsageError
from segraph.sparql.client import Endpoint, EndpointError
from segraph.sparql.query import run_query, select
from tests.sparql_servers import stub_server

#: path → (status, content type, body, delay in seconds)
ANSWERS: dict[str, tuple[int, str, bytes, float]] = {
    "/bad-json": (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]', 0),
    "/html": (200, "text/html", b"<html>not sparql</html>", 0),
    "/error": (500, "text/plain", b"\nstore is closed for maintenance\nsecond line\n", 0),
    "/slow": (200, "application/sparql-results+json", b"{}", 3),
    "/bad-turtle": (200, "text/turtle", b"<a> <b> .", 0),
    "/ok": (
        200,
        "application/sparql-results+json; charset=utf-8",
        '{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", '
        '"value": "성북구", "xml:lang": "ko"}}]}}'.encode(),
        0,
    ),
}


class Misbehaving(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        status, media_type, body, delay = ANSWERS[self.path]
        time.sleep(delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client gave up
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with stub_server(Misbehaving) as url:
        yield url


QUERY = "SELECT ?n WHERE { ?s rdfs:label ?n } ORDER BY ?n"


def test_a_good_answer_is_read_with_its_charset(base: str) -> None:
    assert select(Endpoint(f"{base}/ok"), QUERY) == [{"n": "성북구"}]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/bad-json", "the answer is not valid application/sparql-results+json"),
        ("/html", "unexpected answer of type 'text/html'"),
        ("/error", "HTTP 500: store is closed for maintenance"),
    ],
)
def test_bad_answers_are_one_clear_error(base: str, path: str, message: str) -> None:
    with pytest.raises(EndpointError) as caught:
        select(Endpoint(f"{base}{path}"), QUERY)
    assert str(caught.value).startswith(f"{base}{path}: {message}")
    assert "\n" not in str(caught.value)


def test_a_bad_graph_answer_is_one_clear_error(base: str) -> None:
    with pytest.raises(EndpointError, match="not valid text/turtle"):
        run_query(Endpoint(f"{base}/bad-turtle"), "CONSTRUCT WHERE { ?s ?p ?o }")


def test_a_slow_server_times_out(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"no answer within 0\.5 s"):
        select(Endpoint(f"{base}/slow", timeout=0.5), QUERY)
    assert time.monotonic() - started < 3


def test_only_http_urls_are_endpoints() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/sparql", "localhost:7878/query"):
        with pytest.raises(UsageError):
            Endpoint(url)
