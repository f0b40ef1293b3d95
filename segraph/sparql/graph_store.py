"""Upload a graph to a SPARQL 1.1 Graph Store HTTP Protocol server, in chunks.

The graph is written once as N-Triples and sent in requests of at most ``chunk_triples`` lines:
the first one ``PUT`` (replacing the target graph) or ``POST`` (adding to it), the rest ``POST``.

* Blank nodes travel as skolem IRIs (RDF 1.1 Concepts §3.5): a blank node's label means nothing
  beyond one request, and adding the same graph twice would add its blank-node triples twice.
  Each becomes ``…/.well-known/genid/<digest of the graph>/<canonical label>``, the label from
  the RDFC-1.0 canonicalisation: the same graph always gets the same IRIs.
* Replacing a graph that takes several requests, with an update endpoint given, goes to a
  staging graph first, which one SPARQL ``MOVE`` puts in place once complete: the target holds
  the old graph or the new one, never a part. Without an update endpoint, an upload stopped half
  way says so.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
import uuid
from collections.abc import Callable

import pyoxigraph
from rdflib import Graph

from segraph.errors import ArgumentError
from segraph.rdf.serialize import serialize_graph
from segraph.sparql.client import EndpointError, check_http_url, http_request

NTRIPLES = "application/n-triples"
#: Where the skolem IRIs of uploaded blank nodes live.
GENID = "https://w3id.org/segraph/.well-known/genid/"


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


def skolemised_ntriples(graph: Graph) -> list[bytes]:
    """The graph as N-Triples lines, its blank nodes replaced by skolem IRIs under
    :data:`GENID` that depend on the graph's content only (the same graph, the same IRIs)."""
    data = serialize_graph(graph, "nt")
    if b"_:" not in data:
        return [line for line in data.splitlines() if line]
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    canonical = sorted(str(quad) for quad in dataset)
    digest = hashlib.sha256("\n".join(canonical).encode("utf-8")).hexdigest()[:32]

    def skolem(term: object) -> object:
        if isinstance(term, pyoxigraph.BlankNode):
            return pyoxigraph.NamedNode(f"{GENID}{digest}/{term.value}")
        return term

    triples = sorted(
        (pyoxigraph.Triple(skolem(q.subject), q.predicate, skolem(q.object)) for q in dataset),
        key=str,
    )
    out = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return [line for line in out.splitlines() if line]


def chunks_of(lines: list[bytes], chunk_triples: int) -> list[list[bytes]]:
    """``lines`` in chunks of at most ``chunk_triples`` (one empty chunk for an empty graph, so
    that replacing with nothing still empties the target)."""
    return [lines[i : i + chunk_triples] for i in range(0, len(lines), chunk_triples)] or [[]]


def push_graph(
    graph: Graph,
    url: str,
    graph_iri: str | None = None,
    replace: bool = True,
    chunk_triples: int = 50_000,
    timeout: float = 300.0,
    progress: Callable[[int, int], None] | None = None,
    update_url: str | None = None,
) -> int:
    """Upload ``graph`` to a Graph Store Protocol endpoint and return the number of triples sent.

    Parameters
    ----------
    graph : the graph to upload (blank nodes go as skolem IRIs, see :func:`skolemised_ntriples`).
    url : the server's Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``,
        Fuseki: ``http://host:3030/DATASET/data``).
    graph_iri : the named graph to write; the default graph when None.
    replace : replace the graph's content (``PUT``) rather than add to it (``POST``).
    chunk_triples : most triples per request.
    timeout : seconds to wait for each request.
    progress : called with (triples sent so far, total) after each request.
    update_url : the server's SPARQL Update endpoint (Oxigraph: ``http://host:7878/update``).
        With it, a replacement that takes several requests is staged in a graph of its own and
        moved over the target in one update, so the target never holds part of the upload.

    Raises
    ------
    segraph.sparql.client.EndpointError
        When the server cannot be reached or refuses a request. The message says what the target
        holds then: unchanged, or (without ``update_url``) how many triples of the upload.
    """
    target = graph_store_url(url, graph_iri)
    if update_url is not None:
        check_http_url(update_url)
    chunks = chunks_of(skolemised_ntriples(graph), max(chunk_triples, 1))
    total = sum(len(chunk) for chunk in chunks)
    if replace and len(chunks) > 1 and update_url is not None:
        return _staged_push(chunks, url, graph_iri, update_url, timeout, progress, total)
    sent = 0
    for index, chunk in enumerate(chunks):
        method = "PUT" if index == 0 and replace else "POST"
        try:
            _send(method, target, chunk, timeout)
        except EndpointError as error:
            if sent == 0:
                raise
            again = (
                "push again (it replaces the graph), with --update-endpoint so that the graph "
                "is replaced only once complete"
                if replace
                else "push again"
            )
            raise EndpointError(
                f"{error}; the upload stopped after {sent} of {total} triples: the target "
                f"graph holds a partial copy; {again}"
            ) from None
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    return sent


def _send(method: str, target: str, chunk: list[bytes], timeout: float) -> None:
    body = b"".join(line + b"\n" for line in chunk)
    http_request(method, target, body, {"Content-Type": NTRIPLES}, timeout)


def _staged_push(
    chunks: list[list[bytes]],
    url: str,
    graph_iri: str | None,
    update_url: str,
    timeout: float,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> int:
    """Upload into a fresh staging graph, then ``MOVE`` it over the target in one update."""
    staging = f"urn:segraph:upload:{uuid.uuid4()}"
    staging_url = graph_store_url(url, staging)
    destination = f"GRAPH <{graph_iri}>" if graph_iri else "DEFAULT"
    sent = 0
    try:
        for index, chunk in enumerate(chunks):
            _send("PUT" if index == 0 else "POST", staging_url, chunk, timeout)
            sent += len(chunk)
            if progress is not None:
                progress(sent, total)
        _update(update_url, f"MOVE GRAPH <{staging}> TO {destination}", timeout)
    except EndpointError as error:
        try:
            _update(update_url, f"DROP SILENT GRAPH <{staging}>", timeout)
            left = "the staging graph was dropped"
        except EndpointError:
            left = f"the staging graph <{staging}> could not be dropped: drop it by hand"
        raise EndpointError(
            f"{error}; the upload stopped after {sent} of {total} triples: the target graph is "
            f"unchanged ({left}); push again"
        ) from None
    return sent


def _update(update_url: str, update: str, timeout: float) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    http_request("POST", update_url, body, headers, timeout)
