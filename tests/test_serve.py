"""`segraph serve`: the SPARQL 1.1 Protocol, content negotiation and the limits, on both engines
(Oxigraph, the default, and rdflib's memory store)."""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.query import Result

from segraph.cli.main import main
from segraph.cli.serve import serve as serve_command
from segraph.errors import UsageError
from segraph.rdf.namespaces import with_prologue
from segraph.rdf.stores import is_oxigraph, new_graph
from segraph.sparql.server.cors import cors_policy
from segraph.sparql.server.http import ServerLimits, SparqlServer, is_loopback, make_server
from segraph.sparql.server.negotiation import negotiate
from segraph.sparql.server.workers import CAN_FORK
from tests.conftest import MINI
from tests.sparql_servers import stub_server

HOSTILE = '</td><script>alert("x")</script> \\ } \n'
UNITS = "SELECT ?id WHERE { ?p a seg:UnitProgram ; seg:identifier ?id } ORDER BY ?id"
UNIT_IDS = ["care", "intl", "youth"]  # the unit programs of tests/fixtures/mini/programs.csv
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def serve_graph(graph: Graph, limits: ServerLimits) -> Iterator[SparqlServer]:
    server = make_server(graph, "127.0.0.1", 0, limits)
    server.quiet = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def server(mini_graph: Graph, request: pytest.FixtureRequest) -> Iterator[SparqlServer]:
    graph = new_graph(request.param)
    graph += mini_graph
    graph.add((URIRef("urn:hostile"), RDFS.label, Literal(HOSTILE)))
    limits = ServerLimits(query_seconds=1.5, max_answer_bytes=8000, max_request_bytes=4096)
    yield from serve_graph(graph, limits)


def on_oxigraph(server: SparqlServer) -> bool:
    return is_oxigraph(server.graph)


def request(
    server: SparqlServer,
    path: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, str, bytes]:
    req = urllib.request.Request(server.url.rstrip("/") + path, data, headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def get(server: SparqlServer, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    headers = {"Accept": accept} if accept else {}
    return request(server, "/sparql?" + urllib.parse.urlencode({"query": query}), None, headers)


def test_get_and_both_posts_answer_in_sparql_json(server: SparqlServer) -> None:
    answers = [
        get(server, UNITS),
        request(server, "/sparql", UNITS.encode(), {"Content-Type": "application/sparql-query"}),
        request(
            server,
            "/sparql",
            urllib.parse.urlencode({"query": UNITS}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
    ]
    for status, media_type, body in answers:
        assert (status, media_type) == (200, "application/sparql-results+json")
        rows = json.loads(body)["results"]["bindings"]
        assert [row["id"]["value"] for row in rows] == UNIT_IDS


def test_content_negotiation_for_rows(server: SparqlServer) -> None:
    status, media_type, body = get(server, UNITS, "text/csv")
    assert (status, media_type) == (200, "text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["id"], *([i] for i in UNIT_IDS)]
    status, media_type, body = get(server, UNITS, "text/tab-separated-values")
    assert body.decode().splitlines() == ["?id", *(f'"{i}"' for i in UNIT_IDS)]
    status, media_type, body = get(server, UNITS, "application/sparql-results+xml")
    assert media_type == "application/sparql-results+xml"
    parsed = Result.parse(io.BytesIO(body), format="xml")
    assert [str(row[0]) for row in parsed] == UNIT_IDS
    status, _, body = get(server, "ASK { ?s a seg:Program }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is True
    status, _, body = get(server, UNITS, "image/png")
    assert status == 406 and b"offered" in body


def test_content_negotiation_for_graphs(server: SparqlServer, mini_graph: Graph) -> None:
    query = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a seg:UnitProgram ; rdfs:label ?l }"
    expected = Graph()
    expected += mini_graph.query(
        "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p rdfs:label ?l ;"
        " a <https://w3id.org/segraph/ontology#UnitProgram> }"
    ).graph
    for accept, rdflib_format in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        (None, "turtle"),
    ):
        status, _, body = get(server, query, accept)
        assert status == 200, body
        assert isomorphic(Graph().parse(data=body, format=rdflib_format), expected)


def test_updates_and_other_methods_are_refused(server: SparqlServer) -> None:
    update = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    status, _, body = request(
        server, "/sparql", update, {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in body
    form = urllib.parse.urlencode({"update": update.decode()}).encode()
    status, _, _ = request(
        server, "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403
    status, _, _ = request(server, "/sparql", update, {"Content-Type": "application/sparql-query"})
    assert status == 403
    for method in ("PUT", "DELETE", "PATCH"):
        assert request(server, "/sparql", b"", method=method)[0] == 405
    status, _, body = get(server, "ASK { <urn:a> <urn:b> <urn:c> }")
    assert json.loads(body)["boolean"] is False


def test_malformed_requests_get_400_with_a_message(server: SparqlServer) -> None:
    status, media_type, body = get(server, "SELECT ?x WHERE {\n ?x ?y }")
    assert (status, media_type) == (400, "text/plain")
    assert body.decode().startswith("query: line 2, column")
    assert request(server, "/sparql")[0] == 200  # the service description
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert request(server, "/sparql", b"", form)[0] == 400  # a POST without a query
    assert get(server, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 400
    status, _, body = get(server, "SELECT * FROM <http://127.0.0.1:9/> { ?s ?p ?o }")
    if on_oxigraph(server):  # FROM names one of the store's graphs: none by that name
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
    else:  # rdflib would fetch it
        assert status == 400
    both = "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"
    assert request(server, both)[0] == 400
    graph_uri = "/sparql?" + urllib.parse.urlencode(
        {"query": "ASK{}", "default-graph-uri": "urn:g"}
    )
    assert request(server, graph_uri)[0] == 400
    status, _, _ = request(
        server, "/sparql", b"\xff\xfe", {"Content-Type": "application/sparql-query"}
    )
    assert status == 400
    assert request(server, "/sparql", b"x", {"Content-Type": "image/png"})[0] == 415
    assert request(server, "/elsewhere")[0] == 404


def test_oversized_requests_and_answers_are_refused(server: SparqlServer) -> None:
    big = b"#" * 5000 + b"\nASK {}"
    status, _, body = request(server, "/sparql", big, {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"4096" in body
    assert get(server, "#" * 5000 + "\nASK {}")[0] == 413
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    assert status == 400 and b"larger than 8,000 bytes" in body
    status, _, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 400 and b"larger than 8,000 bytes" in body


def test_slow_queries_are_stopped_and_the_server_keeps_answering(server: SparqlServer) -> None:
    started = time.monotonic()
    status, _, body = get(server, SLOW)
    assert status == 503 and b"1.5 s" in body
    assert time.monotonic() - started < 10
    assert get(server, UNITS)[0] == 200


def test_without_a_child_process_slow_python_work_is_still_interrupted(mini_graph: Graph) -> None:
    for threaded in serve_graph(mini_graph, ServerLimits(query_seconds=1, isolate=False)):
        status, _, body = get(threaded, SLOW)
        assert status == 503 and b"longer than 1 s" in body
        assert get(threaded, UNITS)[0] == 200


@pytest.mark.skipif(not CAN_FORK, reason="needs fork")
def test_runaway_regular_expressions_are_killed(server: SparqlServer) -> None:
    """rdflib's regular expressions run in C (Python's re): only killing the worker stops a
    catastrophic one. Oxigraph's (Rust's regex) run in linear time and answer at once."""
    runaway = 'SELECT ?s WHERE { BIND("%s!" AS ?s) FILTER(REGEX(?s, "^(a+)+$")) }' % ("a" * 40)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda q: get(server, q), [runaway] * 6))
    if on_oxigraph(server):
        assert all(json.loads(body)["results"]["bindings"] == [] for _, _, body in answers)
    else:
        assert [status for status, _, _ in answers] == [503] * 6
    assert time.monotonic() - started < 15
    started = time.monotonic()
    assert get(server, UNITS)[0] == 200
    assert time.monotonic() - started < 2


@pytest.mark.skipif(not CAN_FORK or not Path("/proc/self/statm").exists(), reason="Linux")
def test_a_query_that_needs_too_much_memory_is_stopped(mini_graph: Graph) -> None:
    limits = ServerLimits(query_seconds=60, max_memory_bytes=30_000_000)
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?b ?e ?h ?c ?f ?i"
    for small in serve_graph(mini_graph, limits):
        status, _, body = get(small, hungry)
        assert status == 503 and b"more memory" in body
        assert get(small, UNITS)[0] == 200


def _bad_request(port: int, index: int) -> int:
    """Send one of several kinds of bad request and return the status of the answer."""
    payloads = [
        b"GARBAGE\r\n\r\n",
        b"GET /sparql?query=SELECT%20%7B HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\n"
        b"Content-Length: 9\r\n\r\nCLEAR ALL",
        b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
        b"\x00\xff\x10\r\n\r\n",
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(payloads[index % len(payloads)])
        status_line = sock.makefile("rb").readline()
    return int(status_line.split()[1])


def test_the_server_still_answers_after_a_burst_of_1000_bad_requests(server: SparqlServer) -> None:
    port = server.server_address[1]
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda i: _bad_request(port, i), range(1000)))
    assert len(statuses) == 1000
    assert set(statuses) == {400, 403, 413, 414}
    status, _, body = get(server, UNITS)
    assert status == 200
    assert [r["id"]["value"] for r in json.loads(body)["results"]["bindings"]] == UNIT_IDS


def test_negotiation_prefers_quality_then_specificity() -> None:
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offered) == offered[0]
    assert negotiate("text/*;q=0.9, */*;q=0.1", offered) == "text/csv"
    assert negotiate("text/csv;q=0, */*", offered) == offered[0]
    assert negotiate("application/xml", offered) is None


def test_loopback_by_default_and_a_clear_error_for_a_bad_address(mini_graph: Graph) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.0.1")
    default_server = make_server(mini_graph, port=0)
    try:
        assert is_loopback(default_server.server_address[0])
    finally:
        default_server.server_close()
    host_option = next(p for p in serve_command.params if p.name == "host")
    assert host_option.default == "127.0.0.1"
    result = CliRunner().invoke(
        main, ["serve", "--data", str(MINI), "--port", "1", "--host", "256.0.0.1"]
    )
    assert result.exit_code == 2 and "cannot listen" in result.stderr


def test_connections_beyond_the_limit_get_503_at_once(mini_graph: Graph) -> None:
    limits = ServerLimits(max_connections=4, socket_seconds=30)
    for small in serve_graph(mini_graph, limits):
        idle = [socket.create_connection(("127.0.0.1", small.server_address[1])) for _ in range(4)]
        time.sleep(0.3)
        started = time.monotonic()
        status, _, body = get(small, UNITS)
        assert status == 503 and b"too many connections" in body
        assert time.monotonic() - started < 5
        for sock in idle:
            sock.close()
        time.sleep(0.3)
        assert get(small, UNITS)[0] == 200


def test_the_format_parameter_wins_over_accept(server: SparqlServer) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": UNITS, "format": "csv"})
    status, media_type, body = request(server, path, None, {"Accept": "application/json"})
    assert (status, media_type) == (200, "text/csv")
    assert body.decode().split() == ["id", *UNIT_IDS]
    graph_query = "CONSTRUCT WHERE { ?p a seg:UnitProgram }"
    path = "/sparql?" + urllib.parse.urlencode({"query": graph_query, "format": "nt"})
    status, media_type, body = request(server, path)
    assert (status, media_type) == (200, "application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) == len(UNIT_IDS)
    path = "/sparql?" + urllib.parse.urlencode({"query": UNITS, "format": "ttl"})
    status, _, body = request(server, path)
    assert status == 400 and b"format must be one of: json, xml, csv, tsv" in body


def _headers(server: SparqlServer, method: str, origin: str) -> dict[str, str]:
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": UNITS})
    req = urllib.request.Request(url, headers={"Origin": origin}, method=method)
    with urllib.request.urlopen(req, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}


def test_cors_lets_only_the_allowed_origins_read_answers(mini_graph: Graph) -> None:
    allowed, other = "https://yasgui.example", "https://elsewhere.example"
    policy = cors_policy([allowed + "/"])
    server = make_server(mini_graph, "127.0.0.1", 0, ServerLimits(), policy)
    server.quiet = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        answer = _headers(server, "GET", allowed)
        assert answer["access-control-allow-origin"] == allowed and answer["vary"] == "Origin"
        preflight = _headers(server, "OPTIONS", allowed)
        assert "POST" in preflight["access-control-allow-methods"]
        assert "Content-Type" in preflight["access-control-allow-headers"]
        assert "access-control-allow-origin" not in _headers(server, "GET", other)
        assert "access-control-allow-origin" not in _headers(server, "OPTIONS", other)
    finally:
        server.shutdown()
        server.server_close()
    for server in serve_graph(mini_graph, ServerLimits()):  # by default: no CORS at all
        assert "access-control-allow-origin" not in _headers(server, "GET", allowed)
    assert cors_policy(["*"]).allowed_origin(other) == "*"
    with pytest.raises(UsageError, match=r"cors 'yasgui\.example/path': give an origin"):
        cors_policy(["yasgui.example/path"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999", b"OFFSET or LIMIT"),
        ("SELECT * WHERE { FILTER(" + "(" * 25 + "1" + ")" * 25 + ") }", b"nests too deeply"),
        ('SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) }', b"regular expression"),
    ],
)
def test_queries_the_engine_rejects_are_bad_requests_not_server_errors(
    server: SparqlServer, query: str, message: bytes
) -> None:
    status, media_type, body = get(server, query)
    if on_oxigraph(server):  # Oxigraph refuses the OFFSET, reads the others (no REGEX matches)
        assert status in (200, 400) and b"failed" not in body, body
    else:
        assert (status, media_type) == (400, "text/plain") and message in body, body


def test_graph_patterns_answer_on_the_default_store(mini_graph: Graph) -> None:
    for server in serve_graph(mini_graph, ServerLimits()):
        status, _, body = get(server, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_a_get_without_a_query_describes_the_service(server: SparqlServer) -> None:
    status, media_type, body = request(server, "/sparql", None, {"Accept": "text/turtle"})
    assert (status, media_type) == (200, "text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = description.value(None, URIRef(sd + "endpoint"), URIRef(server.url + "sparql"))
    assert service is not None
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in description
    formats = {str(f) for f in description.objects(service, URIRef(sd + "resultFormat"))}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 8


def test_sparqlwrapper_gets_answers_in_every_format_it_asks_for(server: SparqlServer) -> None:
    from SPARQLWrapper import CSV, JSON, JSONLD, N3, TURTLE, XML, SPARQLWrapper

    def ask(fmt: str, query: str) -> object:
        client = SPARQLWrapper(server.url + "sparql")
        client.setQuery(with_prologue(query))
        client.setReturnFormat(fmt)
        return client.query().convert()

    rows = ask(JSON, UNITS)["results"]["bindings"]  # type: ignore[index]
    assert [row["id"]["value"] for row in rows] == UNIT_IDS
    xml = ask(XML, UNITS).toxml().encode("utf-8")  # type: ignore[attr-defined]
    assert [str(row[0]) for row in Result.parse(io.BytesIO(xml), format="xml")] == UNIT_IDS
    csv_text = ask(CSV, UNITS).decode("utf-8")  # type: ignore[attr-defined]
    assert csv_text.split() == ["id", *UNIT_IDS]
    for fmt in (TURTLE, N3, XML, JSONLD):
        answer = ask(fmt, "CONSTRUCT WHERE { ?p a seg:UnitProgram }")
        graph = answer if isinstance(answer, Graph) else None
        if graph is None:
            parse_as = {TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}[fmt]
            graph = Graph().parse(data=answer, format=parse_as)
        assert len(graph) == len(UNIT_IDS), fmt


def test_a_client_trickling_its_request_is_cut_off_at_the_whole_request_deadline(
    mini_graph: Graph,
) -> None:
    limits = ServerLimits(max_connections=2, socket_seconds=1.0)
    request_line = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    for small in serve_graph(mini_graph, limits):
        slow = [socket.create_connection(("127.0.0.1", small.server_address[1])) for _ in range(2)]
        started = time.monotonic()
        closed = False
        for byte in request_line:  # one byte every 0.1 s: each read is quick, the whole is not
            try:
                for sock in slow:
                    sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.1)
            if time.monotonic() - started > 4:
                break
        for sock in slow:
            sock.settimeout(3)
            with contextlib.suppress(OSError):
                closed = closed or sock.recv(1) == b""
            sock.close()
        assert closed and time.monotonic() - started < 4
        assert get(small, UNITS)[0] == 200  # the slots are free again


HIDDEN_SERVICES = [
    "SELECT * { SERVICE <{url}> { ?s ?p ?o } }",
    "select * { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * { ?s ?p 10SERVICE<{url}>{ ?a ?b ?c } }",
    "SELECT * { ?s ?p seg:a\\# SERVICE <{url}> { ?a ?b ?c } }",
    'SELECT * { ?s ?p """#"""SERVICE<{url}>{?a ?b ?c} }',
    "SELECT * { ?s ?p ?o FILTER(?s<?o)SERVICE<{url}>{?a ?b ?c} }",
    "PREFIX x: <urn:x#>\nSELECT * { ?s x:p ?o . sErViCe\t<{url}>\n{ ?a ?b ?c } }",
]


def test_service_is_refused_however_it_is_written(server: SparqlServer) -> None:
    """Oxigraph would call the service: segraph must see the keyword in every spelling."""
    calls: list[str] = []

    class Remote(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    with stub_server(Remote) as url:
        for template in HIDDEN_SERVICES:
            status, _, body = get(server, template.replace("{url}", url + "/sparql"))
            assert status == 400, (template, body)
    assert calls == []
    label = 'SELECT ?service { ?service rdfs:label "SERVICE" } # SERVICE <http://x/>'
    assert get(server, label)[0] == 200  # the word in a string, a variable or a comment


def test_parsing_runs_inside_the_time_limit_and_holds_up_no_one(mini_graph: Graph) -> None:
    """rdflib parses a query of 3,000 alternatives for seconds: in its worker, within the time
    limit, while other queries are answered."""
    graph = new_graph("memory")
    graph += mini_graph
    alternatives = " || ".join(f"?o = {i}" for i in range(3000))
    heavy = f"SELECT * WHERE {{ ?s ?p ?o FILTER({alternatives}) }}"
    limits = ServerLimits(query_seconds=1.5, max_request_bytes=100_000)
    for memory in serve_graph(graph, limits):
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.monotonic()
            slow = pool.submit(get, memory, heavy)
            time.sleep(0.3)
            quick_start = time.monotonic()
            assert get(memory, UNITS)[0] == 200
            quick = time.monotonic() - quick_start
            status, _, body = slow.result()
            took = time.monotonic() - started
        assert status == 503 and b"longer than 1.5 s" in body
        assert took < 4 and quick < 1.2
