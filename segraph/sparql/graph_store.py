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

from segraph.errors import ArgumentError
from segraph.rdf.serialize import serialize_graph
from segraph.rdf.stores import triple_count
from segraph.sparql.client import EndpointError, check_http_url, http_request

NTRIPLES = "application/n-triples"
_BLANK_OBJECT = re.compile(rb" _:\S+ \.$")


#: An absolute IRI: a scheme, then no character that an IRI cannot hold.
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def check_graph_iri(graph_iri: str) -> str:
    """Return ``graph_iri`` when it is an absolute IRI: a relative one (``g3``) would be resolved
    by the server against its own URL, and the graph stored under another name than asked.

    Examples
    --------
    >>> check_graph_iri("urn:segraph:seoul-2021")
    'urn:segraph:seoul-2021'
    """
    if not _ABSOLUTE_IRI.fullmatch(graph_iri):
        raise ArgumentError(
            "graph_iri",
            f"'{graph_iri}': not an absolute IRI (the server would store it under another "
            "name); give one such as https://example.org/graph/seoul-2021",
        )
    return graph_iri


def graph_store_url(url: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol URL of a named graph (``?graph=IRI``) or of the default graph."""
    check_http_url(url)
    if graph_iri is not None:
        check_graph_iri(graph_iri)
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def ntriples_chunks(graph: Graph, chunk_triples: int) -> Iterator[list[bytes]]:
    """The graph as N-Triples lines, in chunks of at most ``chunk_triples`` lines (the triples
    with blank nodes all in the first chunk, whatever its size)."""
    lines = [line for line in serialize_graph(graph, "nt").splitlines() if line]
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
        When the server cannot be reached or refuses a request. When some requests had already
        been accepted, the message says how many triples the target now holds of the upload.
    """
    target = graph_store_url(url, graph_iri)
    total, sent = triple_count(graph), 0
    for index, chunk in enumerate(ntriples_chunks(graph, max(chunk_triples, 1))):
        method = "PUT" if index == 0 and replace else "POST"
        body = b"".join(line + b"\n" for line in chunk)
        try:
            http_request(method, target, body, {"Content-Type": NTRIPLES}, timeout)
        except EndpointError as error:
            if sent == 0:
                raise
            again = "push again (it replaces the graph)" if replace else "push again"
            raise EndpointError(
                f"{error}; the upload stopped after {sent} of {total} triples: the target "
                f"graph holds a partial copy; {again}"
            ) from None
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    return sent
