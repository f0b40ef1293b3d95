"""`segraph push` tells the truth about what reached the server: a relative graph IRI is refused
before anything is sent, and an upload that stops half-way says how much the target holds."""

from __future__ import annotations

import http.server
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from segraph.errors import UsageError
from segraph.sparql.client import EndpointError
from segraph.sparql.graph_store import check_graph_iri, push_graph
from tests.errors_support import run
from tests.sparql_servers import stub_server


@pytest.fixture
def second_request_fails() -> Iterator[tuple[str, list[str]]]:
    """A Graph Store that accepts the first request and answers 500 to every later one."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            requests.append(self.command)
            self.send_response(204 if len(requests) == 1 else 500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = _answer

        def log_message(self, *_args: object) -> None:
            pass

    with stub_server(Handler) as base:
        yield f"{base}/store", requests


def _graph(size: int) -> Graph:
    graph = Graph()
    for i in range(size):
        graph.add((URIRef(f"urn:s{i}"), RDFS.label, Literal(f"label {i}")))
    return graph


def test_an_interrupted_upload_says_the_target_holds_a_partial_copy(
    second_request_fails: tuple[str, list[str]],
) -> None:
    url, requests = second_request_fails
    with pytest.raises(EndpointError, match="stopped after 2 of 5 triples: the target graph holds"):
        push_graph(_graph(5), url, chunk_triples=2)
    assert requests == ["PUT", "POST"]


def test_a_failure_before_anything_was_sent_says_nothing_of_a_partial_copy(
    second_request_fails: tuple[str, list[str]],
) -> None:
    url, requests = second_request_fails
    push_graph(_graph(1), url)  # the server's one good answer
    with pytest.raises(EndpointError) as raised:
        push_graph(_graph(3), url)
    assert "partial" not in str(raised.value) and requests == ["PUT", "PUT"]


def test_a_relative_graph_iri_is_refused_before_anything_is_sent(
    second_request_fails: tuple[str, list[str]],
) -> None:
    url, requests = second_request_fails
    with pytest.raises(UsageError, match="graph_iri 'g3': not an absolute IRI"):
        push_graph(_graph(2), url, graph_iri="g3")
    with pytest.raises(UsageError):
        check_graph_iri("has space:x y")
    assert check_graph_iri("https://example.org/graph/seoul-2021")
    result = run("push", "--endpoint", url, "--graph-iri", "g3")
    assert result.exit_code == 2 and "--graph-iri 'g3': not an absolute IRI" in result.stderr
    assert requests == []
