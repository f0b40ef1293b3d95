"""`segraph push` against real servers on loopback — Oxigraph and Virtuoso Open Source: blank
nodes go as skolem IRIs (adding twice adds nothing), and a replacement staged with the update
endpoint leaves the target whole whatever happens to the upload."""

from __future__ import annotations

import http.server
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from segraph import build_graph
from segraph.sparql.client import Endpoint, EndpointError
from segraph.sparql.graph_store import GENID, push_graph
from segraph.sparql.query import select
from tests.sparql_servers import VIRTUOSO, oxigraph_server, stub_server, virtuoso_server

GRAPH_IRI = "https://example.org/graph/seoul-2021"


def labelled(count: int, prefix: str) -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add((URIRef(f"urn:{prefix}{i}"), RDFS.label, Literal(f"{prefix} {i}")))
    return graph


def with_blank_nodes() -> Graph:
    graph = labelled(3, "plain")
    for i in range(4):
        node, inner = BNode(), BNode()
        graph.add((URIRef("urn:holder"), URIRef("urn:has"), node))
        graph.add((node, RDFS.label, Literal(f"blank {i}")))
        graph.add((node, URIRef("urn:inner"), inner))
        graph.add((inner, RDFS.label, Literal(f"inner {i}")))
    return graph


def count(query_url: str, graph_iri: str | None) -> int:
    pattern = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    rows = select(Endpoint(query_url), f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(rows[0]["n"])


def graph_names(query_url: str) -> list[str]:
    rows = select(Endpoint(query_url), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sorted(row["g"] for row in rows)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[dict[str, str]]:
    with oxigraph_server(tmp_path / "db", tmp_path / "log") as base:
        yield {"store": f"{base}/store", "query": f"{base}/query", "update": f"{base}/update"}


@pytest.fixture
def failing_proxy(oxigraph: dict[str, str]) -> Iterator[dict[str, str]]:
    """Oxigraph behind a proxy that answers 500 to the third Graph Store request it gets."""
    seen: list[str] = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            is_store = self.path.startswith("/store")
            seen.append(self.path)
            if is_store and sum(p.startswith("/store") for p in seen) == 3:
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = (oxigraph["store"] if is_store else oxigraph["update"]).rsplit("/", 1)[0]
            request = urllib.request.Request(
                target + self.path,
                body,
                {"Content-Type": self.headers["Content-Type"]},
                method=self.command,
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                self.send_response(answer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        do_PUT = do_POST = _forward

        def log_message(self, *_args: object) -> None:
            pass

    with stub_server(Proxy) as base:
        yield {"store": f"{base}/store", "update": f"{base}/update"}


def test_an_interrupted_staged_replacement_leaves_the_old_graph_whole(
    oxigraph: dict[str, str], failing_proxy: dict[str, str]
) -> None:
    push_graph(labelled(5, "old"), oxigraph["store"])
    with pytest.raises(EndpointError, match="the target graph is unchanged") as raised:
        push_graph(
            labelled(10, "new"),
            failing_proxy["store"],
            chunk_triples=3,
            update_url=failing_proxy["update"],
        )
    assert "staging graph was dropped" in str(raised.value)
    rows = select(Endpoint(oxigraph["query"]), "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [row["s"] for row in rows] == [f"urn:old{i}" for i in range(5)]
    assert graph_names(oxigraph["query"]) == []  # no staging graph left behind
    sent = push_graph(
        labelled(10, "new"), oxigraph["store"], chunk_triples=3, update_url=oxigraph["update"]
    )
    assert sent == 10 and count(oxigraph["query"], None) == 10
    assert graph_names(oxigraph["query"]) == []


def test_without_an_update_endpoint_an_interrupted_replacement_says_what_is_left(
    failing_proxy: dict[str, str],
) -> None:
    with pytest.raises(EndpointError, match="stopped after 6 of 10 triples: the target graph"):
        push_graph(labelled(10, "new"), failing_proxy["store"], chunk_triples=3)


def test_adding_a_graph_with_blank_nodes_twice_adds_nothing(oxigraph: dict[str, str]) -> None:
    graph = with_blank_nodes()
    for _ in range(2):
        push_graph(graph, oxigraph["store"], replace=False)
        assert count(oxigraph["query"], None) == len(graph)
    skolems = select(
        Endpoint(oxigraph["query"]),
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{GENID}")) }}',
    )
    assert len(skolems) == 8  # every blank node became one IRI


@pytest.mark.skipif(
    VIRTUOSO is None, reason="needs virtuoso-t (apt-get install virtuoso-opensource)"
)
def test_push_to_virtuoso(tmp_path: Path) -> None:
    seoul = build_graph()
    with virtuoso_server(tmp_path) as virtuoso:
        sent = push_graph(
            seoul,
            virtuoso["store"],
            GRAPH_IRI,
            chunk_triples=2000,
            update_url=virtuoso["update"],
        )
        assert sent == len(seoul) and count(virtuoso["query"], GRAPH_IRI) == len(seoul)
        programs = select(
            Endpoint(virtuoso["query"]),
            f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{GRAPH_IRI}> "
            "{ ?p a seg:Program } }",
        )
        local = select(seoul, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a seg:Program }")
        assert int(programs[0]["n"]) == local[0]["n"] > 0
        blank = with_blank_nodes()
        other = "https://example.org/graph/blank"
        for _ in range(2):
            push_graph(blank, virtuoso["store"], other, replace=False)
            assert count(virtuoso["query"], other) == len(blank)
        push_graph(labelled(5, "small"), virtuoso["store"], GRAPH_IRI)  # one request: PUT
        assert count(virtuoso["query"], GRAPH_IRI) == 5
        assert not any(g.startswith("urn:segraph:upload:") for g in graph_names(virtuoso["query"]))
