"""Upload a graph to a SPARQL 1.1 Graph Store HTTP Protocol server, in chunks.

The graph is written once as N-Triples and sent in requests of at most ``chunk_triples`` lines:
the first one ``PUT`` (replacing the target graph) or ``POST`` (adding to it), the rest ``POST``.
A blank node's label only means something within one request, so every triple that mentions a
blank node travels in the first request.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterator

from rdflib import Graph

from segraph.sparql.client import check_http_url, http_request

NTRIPLES = "application/n-triples"
_BLANK_OBJECT = re.compile(rb" _:\S+ \.$")


def graph_store_url(url: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol URL of a named graph (``?graph=IRI``) or of the default graph."""
    check_http_url(url)
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def ntriples_chunks(graph: Graph, chunk_triples: int) -> Iterator[list[bytes]]:
    """The graph as N-Triples lines, in chunks of at most ``chunk_triples`` lines (the triples
    with blank nodes all in the first chunk, whatever its size)."""
    lines = [line for line in graph.serialize(format="nt", encoding="utf-8").splitlines() if line]
    blank = [line for line in lines if line.startswith(b"_:") or _BLANK_OBJECT.search(line)]
    plain = [line for line in lines if not (line.startswith(b"_:") or _BLANK_OBJECT.search(line))]
    first = blank + plain[: max(chunk_triples - len(blank), 0)]
    yield first
    rest = plain[len(first) - len(blank) :]
    for start in range(0, len(rest), chunk_triples):
        yield rest[start : start + chunk_triples]


def push_graph(
    graph: Graph,
    url: str,
    graph_iri: str | None = None,
    replace: bool = True,
    chunk_triples: int = 50_000,
    timeout: float = 300.0,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Upload ``graph`` to a Graph Store Protocol endpoint and return the number of triples sent.

    Parameters
    ----------
    graph : the graph to upload.
    url : the server's Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``,
        Fuseki: ``http://host:3030/DATASET/data``).
    graph_iri : the named graph to write; the default graph when None.
    replace : replace the graph's content (``PUT``) rather than add to it (``POST``).
    chunk_triples : most triples per request.
    timeout : seconds to wait for each request.
    progress : called with (triples sent so far, total) after each request.

    Raises
    ------
    segraph.sparql.client.EndpointError
        When the server cannot be reached or refuses a request.
    """
    target = graph_store_url(url, graph_iri)
    total, sent = len(graph), 0
    for index, chunk in enumerate(ntriples_chunks(graph, max(chunk_triples, 1))):
        method = "PUT" if index == 0 and replace else "POST"
        body = b"".join(line + b"\n" for line in chunk)
        http_request(method, target, body, {"Content-Type": NTRIPLES}, timeout)
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    return sent
