"""Answer one SPARQL query sent to ``segraph serve``: check, evaluate, write, within a size limit.

This is the work a query worker does (:mod:`segraph.sparql.server.workers`), so parsing and
evaluation both run inside the query's time and memory limits, in parallel with other queries.

* On Oxigraph (the default store), Oxigraph parses the query, evaluates it and writes the answer
  with its own serialisers (SPARQL results JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD,
  RDF/XML), in Rust: rows with nothing bound, ``0`` and ``false`` come out as they are. ``SERVICE``
  is refused before Oxigraph sees the query (Oxigraph would fetch it); ``FROM`` names the store's
  own graphs and is allowed.
* On rdflib's memory store, rdflib parses and evaluates; ``SERVICE`` and ``FROM`` (which rdflib
  would fetch from the web) are refused, and segraph's writers write the answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph
from rdflib import Graph
from rdflib.query import Result

from segraph.rdf.namespaces import bind_prefixes
from segraph.rdf.serialize import serialize_graph
from segraph.rdf.stores import oxigraph_of
from segraph.sparql.formats import format_rows
from segraph.sparql.query import (
    INIT_NS,
    QuerySyntaxError,
    oxigraph_syntax_error,
    parse_query,
    run_query,
)
from segraph.sparql.server.errors import RequestError
from segraph.sparql.server.keywords import is_update, keywords
from segraph.sparql.server.negotiation import GRAPH_TYPES, ROW_TYPES, answer_type

_READ_ONLY = "this is a SPARQL update; this endpoint is read-only: updates are refused"
_NO_SERVICE = "SERVICE is not allowed on this endpoint (it would fetch data from elsewhere)"
_NO_FETCH = "SERVICE, FROM and FROM NAMED are not allowed on this endpoint"

#: Our media types → Oxigraph's formats.
_RESULT_FORMATS = {
    media_type: pyoxigraph.QueryResultsFormat.from_media_type(media_type)
    for media_type in ROW_TYPES
}
_RDF_FORMATS = {
    media_type: pyoxigraph.RdfFormat.from_media_type(media_type) for media_type in GRAPH_TYPES
}


@dataclass(frozen=True)
class QueryRequest:
    """What a client asked: the query text, its ``Accept`` header and ``format`` parameters."""

    text: str
    accept: str | None = None
    formats: tuple[str, ...] = ()

    def encode(self) -> bytes:
        """The request as bytes, to send to a worker process."""
        return json.dumps([self.text, self.accept, list(self.formats)]).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> QueryRequest:
        """The request :meth:`encode` wrote."""
        text, accept, formats = json.loads(data)
        return cls(text, accept, tuple(formats))


@dataclass(frozen=True)
class Answer:
    """An answer: its media type and its bytes."""

    media_type: str
    body: bytes

    def encode(self) -> bytes:
        """The answer as bytes, to send back from a worker process."""
        return self.media_type.encode("ascii") + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> Answer:
        """The answer :meth:`encode` wrote."""
        media_type, _, body = data.partition(b"\n")
        return cls(media_type.decode("ascii"), body)


def too_large(limit: int) -> RequestError:
    """The error of an answer larger than ``limit`` bytes."""
    return RequestError(
        400, f"the answer is larger than {limit:,} bytes (this server's limit): add a LIMIT"
    )


class _BoundedBuffer:
    """A binary sink that refuses to hold more than ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []
        self.overflowed = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.overflowed = True
            raise OSError("the answer is too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def answer_query(graph: Graph, request: QueryRequest, max_answer_bytes: int) -> Answer:
    """Check, evaluate and write the answer to ``request`` on ``graph``.

    Raises
    ------
    RequestError
        400 for a malformed or refused query, a failed evaluation or an answer larger than
        ``max_answer_bytes``; 403 for an update; 406 when no accepted format fits.
    """
    store = oxigraph_of(graph)
    if store is not None:
        return _oxigraph_answer(store, request, max_answer_bytes)
    return _rdflib_answer(graph, request, max_answer_bytes)


def _oxigraph_answer(store: Any, request: QueryRequest, limit: int) -> Answer:
    words = keywords(request.text)
    if "SERVICE" in words:
        raise RequestError(400, _NO_SERVICE)
    try:
        result = store.query(request.text, prefixes=INIT_NS)
    except SyntaxError as error:
        if is_update(words):
            raise RequestError(403, _READ_ONLY) from None
        raise RequestError(400, str(oxigraph_syntax_error(error))) from None
    except RuntimeError as error:
        raise RequestError(400, failure_message(error)) from None
    returns_graph = isinstance(result, pyoxigraph.QueryTriples)
    media_type = answer_type(returns_graph, request.accept, list(request.formats))
    sink = _BoundedBuffer(limit)
    try:
        if returns_graph:
            pyoxigraph.serialize(result, sink, _RDF_FORMATS[media_type], prefixes=INIT_NS)
        else:
            result.serialize(sink, _RESULT_FORMATS[media_type])
    except (OSError, RuntimeError, ValueError) as error:
        if sink.overflowed:
            raise too_large(limit) from None
        raise RequestError(400, failure_message(error)) from None
    return Answer(media_type, sink.getvalue())


def failure_message(error: BaseException) -> str:
    """The one-line message of a query that failed with ``error``."""
    return f"the query failed: {' '.join(str(error).split()) or type(error).__name__}"


def _rdflib_answer(graph: Graph, request: QueryRequest, limit: int) -> Answer:
    try:
        parsed = parse_query(request.text)
    except QuerySyntaxError as error:
        status = 403 if "update" in error.problem else 400
        raise RequestError(status, str(error)) from None
    if parsed.reaches_outside:
        raise RequestError(400, _NO_FETCH)
    media_type = answer_type(parsed.returns_graph, request.accept, list(request.formats))
    try:
        result = run_query(graph, parsed)
        body = _rdflib_body(result, media_type)
    except re.error as error:  # rdflib's engine compiles REGEX patterns as it meets them
        raise RequestError(400, f"invalid regular expression in the query: {error}") from None
    if len(body) > limit:
        raise too_large(limit)
    return Answer(media_type, body)


def _rdflib_body(result: Result, media_type: str) -> bytes:
    if media_type in GRAPH_TYPES:
        assert result.graph is not None
        return serialize_graph(bind_prefixes(result.graph), GRAPH_TYPES[media_type])
    return format_rows(result, ROW_TYPES[media_type]).encode("utf-8")
