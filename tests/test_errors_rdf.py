"""Bad RDF given with --graph or --rdf: one line with the line and column of the problem."""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import segraph
from tests.errors_support import MINI, fails, run
from tests.sparql_servers import stub_server

TURTLE_OK = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(TURTLE_OK, encoding="utf-8")
    return path


def test_a_good_graph_file_works(graph_file: Path) -> None:
    result = run("stats", "--graph", graph_file)
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("1 triples")


def test_malformed_turtle_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(TURTLE_OK + 'ex:a ex:b "unterminated .\n', encoding="utf-8")
    # the string starts at column 11 of line 3 and the newline ends it at column 26
    fails(1, "stats", "--graph", path, contains=[f"{path}:3:26:", "not valid Turtle", "newline"])


def test_malformed_turtle_in_an_extra_rdf_file(tmp_path: Path) -> None:
    path = tmp_path / "extra.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b .\n", encoding="utf-8")
    fails(1, "build", "--data", MINI, "--rdf", path, contains=[f"{path}:3:", "not valid Turtle"])


def test_malformed_ntriples_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    good = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    path.write_text(good + "\n" + good.replace("/c>", "/c d>"), encoding="utf-8")
    # rdflib stops at the object, the 47th character of line 3
    fails(1, "stats", "--graph", path, contains=[f"{path}:3:47:", "not valid N-Triples"])


def test_malformed_jsonld_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "@id": "http://example.org/a",\n  "x": [1, 2,]\n}\n', encoding="utf-8")
    # the stray "]" is the 14th character of line 3
    fails(1, "stats", "--graph", path, contains=[f"{path}:3:14:", "not valid JSON-LD"])


def test_jsonld_that_is_not_jsonld(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonld"
    path.write_text('{"@context": 5}', encoding="utf-8")
    fails(1, "stats", "--graph", path, contains=[str(path), "not valid JSON-LD"])


def test_malformed_rdfxml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rdf"
    path.write_text('<?xml version="1.0"?>\n<rdf:RDF>\n<x>', encoding="utf-8")
    fails(1, "stats", "--graph", path, contains=[f"{path}:2:", "not valid RDF/XML"])


def test_csv_given_as_turtle(tmp_path: Path) -> None:
    path = tmp_path / "table.ttl"
    path.write_bytes((MINI / "organisations.csv").read_bytes())
    fails(1, "stats", "--graph", path, contains=[f"{path}:1:1:", "not valid Turtle"])


def test_binary_given_as_graph(tmp_path: Path) -> None:
    path = tmp_path / "image.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    fails(1, "stats", "--graph", path, contains=[str(path), "not valid Turtle", "UTF-8"])


def test_graph_file_without_triples(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonld"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    fails(1, "stats", "--graph", path, contains=[str(path), "no RDF triples"])


def test_graph_file_of_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes((MINI / "organisations.csv").read_bytes())
    fails(2, "stats", "--graph", path, contains=[str(path), "'.csv'", ".ttl"])


def test_nonexistent_graph_file_is_a_usage_error(tmp_path: Path) -> None:
    fails(2, "stats", "--graph", tmp_path / "nope.ttl", contains=["nope.ttl: no such file"])


def test_nonexistent_rdf_file_is_a_usage_error(tmp_path: Path) -> None:
    fails(
        2,
        "build",
        "--data",
        MINI,
        "--rdf",
        tmp_path / "nope.nt",
        contains=["nope.nt: no such file"],
    )


def test_folder_given_as_graph_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir.ttl"
    folder.mkdir()
    fails(2, "stats", "--graph", folder, contains=["not a file"])


def test_graph_and_data_together_is_a_usage_error(graph_file: Path) -> None:
    fails(2, "stats", "--graph", graph_file, "--data", MINI, contains=["either --graph or --data"])


@pytest.fixture
def context_server() -> Iterator[tuple[str, list[str]]]:
    """A JSON-LD context served on loopback; yields its URL and the paths requested."""
    requested: list[str] = []
    body = json.dumps({"@context": {"name": "http://example.org/name"}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    with stub_server(Handler) as base:
        yield f"{base}/context.jsonld", requested


def _remote_context_file(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "remote.jsonld"
    document = {"@context": url, "@id": "http://example.org/a", "name": "x"}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_remote_jsonld_context_is_not_fetched(
    tmp_path: Path, context_server: tuple[str, list[str]]
) -> None:
    url, requested = context_server
    path = _remote_context_file(tmp_path, url)
    fails(1, "stats", "--graph", path, contains=[str(path), url, "without going online"])
    assert requested == []


def test_remote_jsonld_context_is_fetched_when_allowed(
    tmp_path: Path, context_server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    url, requested = context_server
    graph = segraph.load_graph(_remote_context_file(tmp_path, url), online=True)
    assert requested == ["/context.jsonld"]
    assert len(graph) == 1
