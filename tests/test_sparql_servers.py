"""segraph against real SPARQL servers on loopback: Oxigraph (from the `oxigraph` package) and
`segraph serve`. The graph is pushed with `segraph push`, then the whole competency suite runs
with `--endpoint` and must give the answers the local graph gives."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.query import Result

from segraph import build_graph, graph_stats
from segraph.cli.main import main
from segraph.errors import UsageError
from segraph.network.writeback import enrich_graph
from segraph.rdf.namespaces import with_prologue
from segraph.sparql.client import Endpoint, EndpointError
from segraph.sparql.competency import (
    load_questions,
    missing_requirements,
    run_question,
    same_answer,
)
from segraph.sparql.graph_store import push_graph
from segraph.sparql.query import run_query, select
from tests.sparql_servers import oxigraph_server, segraph_server

QUESTIONS = load_questions()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Oxigraph server holding the bundled graph, pushed by `segraph push`."""
    folder = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(folder / "db", folder / "server.log") as base:
        code, _, err = run("push", "--endpoint", f"{base}/store", "--chunk-triples", "5000")
        assert code == 0, err
        assert "pushed" in err and "(100%)" in err
        yield base


def test_push_uploads_every_triple(oxigraph: str, seoul_graph: Graph) -> None:
    rows = select(Endpoint(f"{oxigraph}/query"), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": len(seoul_graph)}]


def test_the_competency_suite_gives_the_local_answers_on_oxigraph(
    oxigraph: str, seoul_graph: Graph
) -> None:
    endpoint = Endpoint(f"{oxigraph}/query")
    for cq in QUESTIONS:
        if missing_requirements(seoul_graph, cq):
            continue
        local, remote = run_question(seoul_graph, cq), run_question(endpoint, cq)
        assert same_answer(local, remote, cq.query.has_order_by), cq.name
    code, _, err = run("cq", "--check", "--endpoint", f"{oxigraph}/query")
    assert code == 0, err
    assert "different" not in err and f"{len(QUESTIONS)} questions" in err


def test_stats_read_from_the_server_equal_the_local_ones(oxigraph: str, seoul_graph: Graph) -> None:
    assert graph_stats(Endpoint(f"{oxigraph}/query")) == graph_stats(seoul_graph)
    code, out, err = run("stats", "--endpoint", f"{oxigraph}/query", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["triples"] == len(seoul_graph)


def test_bindings_and_graph_queries_agree_with_the_local_graph(
    oxigraph: str, seoul_graph: Graph
) -> None:
    endpoint = Endpoint(f"{oxigraph}/query")
    query = "SELECT ?org WHERE { ?org seg:identifier ?id } ORDER BY ?org"
    some_id = select(seoul_graph, "SELECT ?id WHERE { ?o a seg:Consortium ; seg:identifier ?id }")
    binding = {"id": Literal(some_id[0]["id"])}
    assert select(endpoint, query, binding) == select(seoul_graph, query, binding)
    assert len(select(endpoint, query, binding)) == 1
    hostile = {"id": Literal('x" } ?s ?p ?o { "')}
    assert select(endpoint, query, hostile) == []
    construct = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a seg:UnitProgram ; rdfs:label ?l }"
    assert isomorphic(run_query(endpoint, construct).graph, run_query(seoul_graph, construct).graph)
    assert run_query(endpoint, "ASK { ?p a seg:Program }").askAnswer is True


def test_push_replaces_or_adds_and_writes_named_graphs(tmp_path: Path) -> None:
    hostile = Literal("x\" } ; ?s ?p ?o . FILTER(true) <script>\n\\ '", lang="ko")
    graph = Graph()
    graph.add((URIRef("urn:a"), RDFS.label, Literal("a")))
    graph.add((URIRef("urn:b"), RDFS.label, hostile))
    nested = BNode()
    graph.add((URIRef("urn:a"), RDFS.seeAlso, nested))
    graph.add((nested, RDFS.label, Literal("inside a blank node")))
    with oxigraph_server(tmp_path / "db", tmp_path / "log") as base:
        query = Endpoint(f"{base}/query")
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        for _ in range(2):
            push_graph(graph, f"{base}/store", chunk_triples=1)
        assert select(query, count) == [{"n": 4}]
        by_label = "SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY ?s"
        assert select(query, by_label, {"l": hostile}) == [{"s": "urn:b"}]
        chained = "SELECT ?l WHERE { <urn:a> rdfs:seeAlso/rdfs:label ?l } ORDER BY ?l"
        assert select(query, chained) == [{"l": "inside a blank node"}]
        push_graph(graph, f"{base}/store", replace=False, chunk_triples=1)
        assert select(query, count) == [{"n": 4}]  # the blank node is the same skolem IRI
        push_graph(graph, f"{base}/store", graph_iri="urn:graph:one")
        named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        assert select(query, named) == [{"g": "urn:graph:one", "n": 4}]
        with pytest.raises(EndpointError, match="HTTP 4"):
            push_graph(graph, f"{base}/no-such-service")


def test_the_competency_suite_gives_the_local_answers_on_segraph_serve(tmp_path: Path) -> None:
    with segraph_server([], tmp_path / "serve.log") as base:
        code, _, err = run("cq", "--check", "--endpoint", f"{base}/sparql")
        assert code == 0, err
        assert "different" not in err and f"{len(QUESTIONS)} questions" in err


def test_questions_on_the_network_measures_agree_on_oxigraph(tmp_path: Path) -> None:
    graph = build_graph()
    enrich_graph(graph)
    with oxigraph_server(tmp_path / "db", tmp_path / "log") as base:
        push_graph(graph, f"{base}/store")
        endpoint = Endpoint(f"{base}/query")
        for cq in (cq for cq in QUESTIONS if cq.requires):
            assert not missing_requirements(endpoint, cq)
            local, remote = run_question(graph, cq), run_question(endpoint, cq)
            assert same_answer(local, remote, cq.query.has_order_by), cq.name


def test_bindings_a_server_cannot_take_are_refused(oxigraph: str) -> None:
    endpoint = Endpoint(f"{oxigraph}/query")
    with pytest.raises(UsageError, match="blank node"):
        select(endpoint, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", {"s": BNode()})
    with pytest.raises(UsageError, match="variable name"):
        select(endpoint, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", {"s } #": Literal("x")})


def test_metrics_and_report_read_from_the_server_as_from_the_local_graph(
    oxigraph: str, tmp_path: Path
) -> None:
    local = run("metrics", "--format", "csv")
    remote = run("metrics", "--format", "csv", "--endpoint", f"{oxigraph}/query")
    assert local[0] == remote[0] == 0
    assert remote[1] == local[1] and len(local[1].splitlines()) > 100
    code, _, err = run("metrics", "--data", "seoul-2021", "--endpoint", f"{oxigraph}/query")
    assert code == 2 and "--endpoint" in err
    run("report", "--no-charts", "-o", str(tmp_path / "local.md"))
    run(
        "report",
        "--no-charts",
        "-o",
        str(tmp_path / "remote.md"),
        "--endpoint",
        f"{oxigraph}/query",
    )
    assert (tmp_path / "remote.md").read_text("utf-8") == (tmp_path / "local.md").read_text("utf-8")


def test_the_map_drawn_from_the_server_is_the_local_map(oxigraph: str, tmp_path: Path) -> None:
    options = ["--district", "마포구", "--color-by", "community", "--size-by", "betweenness"]
    local, remote = tmp_path / "local.html", tmp_path / "remote.html"
    assert run("map", "-o", str(local), *options)[0] == 0
    code, _, err = run("map", "-o", str(remote), *options, "--endpoint", f"{oxigraph}/query")
    assert code == 0, err
    assert remote.read_bytes() == local.read_bytes()


#: Queries whose answers are easy to get wrong, each asked in every result format.
TRICKY = [
    "SELECT ?x WHERE { VALUES ?x { UNDEF 1 UNDEF } }",
    "SELECT ?p ?spent WHERE { ?p a seg:Program OPTIONAL { ?p seg:spent ?spent } } ORDER BY ?p",
    'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { (0 0.0 false) ("" -1 true) } }',
    'SELECT ?t WHERE { VALUES ?t { "tab\\there" "line\\nbreak" "quote\\"d" "ko"@ko } }',
    "SELECT ?s WHERE { ?s a <http://example.org/Nothing> }",
    "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { ?p a seg:Program }",
    "ASK { ?p a <http://example.org/Nothing> }",
]
RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


def _answer(url: str, query: str, media_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url,
        with_prologue(query).encode("utf-8"),
        {"Content-Type": "application/sparql-query", "Accept": media_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _comparable(body: bytes, media_type: str, ordered: bool) -> object:
    if media_type.endswith("json"):
        answer = json.loads(body)
        if "boolean" in answer:
            return answer["boolean"]
        rows = [json.dumps(b, sort_keys=True) for b in answer["results"]["bindings"]]
        return answer["head"].get("vars"), rows if ordered else sorted(rows)
    if media_type.endswith("xml"):
        result = Result.parse(io.BytesIO(body), format="xml")
        if result.type == "ASK":
            return result.askAnswer
        rows = [repr(sorted(b.items())) for b in result.bindings]
        return [str(v) for v in result.vars or []], rows if ordered else sorted(rows)
    header, *lines = body.decode("utf-8").splitlines()
    return header, lines if ordered else sorted(lines)


def test_segraph_serve_answers_the_tricky_queries_as_oxigraph_serve(
    oxigraph: str, tmp_path: Path
) -> None:
    with segraph_server([], tmp_path / "serve.log") as base:
        for query in TRICKY:
            for media_type in RESULT_TYPES:
                if media_type.startswith("text/") and query.startswith("ASK"):
                    continue  # CSV and TSV have no form for a boolean
                theirs = _answer(f"{oxigraph}/query", query, media_type)
                ours = _answer(f"{base}/sparql", query, media_type)
                assert ours[0] == theirs[0] == 200, (query, media_type, ours)
                ordered = "ORDER BY" in query
                assert _comparable(ours[1], media_type, ordered) == _comparable(
                    theirs[1], media_type, ordered
                ), (query, media_type)
        construct = "CONSTRUCT WHERE { ?p a seg:UnitProgram ; rdfs:label ?l }"
        for media_type, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
            graphs = [
                Graph().parse(data=_answer(url, construct, media_type)[1], format=fmt)
                for url in (f"{oxigraph}/query", f"{base}/sparql")
            ]
            assert len(graphs[0]) > 0 and isomorphic(*graphs)
