"""``segraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph, with limits.

* ``/sparql`` answers queries sent by ``GET ?query=``, by ``POST`` of
  ``application/sparql-query`` or of a form (``application/x-www-form-urlencoded``), in the
  format the ``Accept`` header asks for: SPARQL results JSON, XML, CSV or TSV for SELECT and ASK;
  Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE.
* ``/`` is a small HTML page to type a query and see its answer (everything escaped).
* Updates, ``SERVICE`` and ``FROM`` (which would fetch other data) are refused; every query runs
  under a time limit and a result-size limit; requests that are too large get 413, malformed
  ones 400, each with a one-line message.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import re
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from typing import Any

from rdflib import Graph
from rdflib.query import Result

from segraph._util.text_table import cell_text
from segraph.errors import UsageError
from segraph.rdf.namespaces import bind_prefixes
from segraph.rdf.serialize import serialize_graph
from segraph.sparql.formats import format_rows, result_header, result_rows, table_cell
from segraph.sparql.query import ParsedQuery, QuerySyntaxError, parse_query, run_query
from segraph.sparql.server.cors import (
    ALLOWED_HEADERS,
    ALLOWED_METHODS,
    PREFLIGHT_SECONDS,
    CorsPolicy,
)
from segraph.sparql.server.description import service_description
from segraph.sparql.server.isolation import CAN_FORK, ChildFailed, run_in_child
from segraph.sparql.server.timelimit import NoFreeSlot, TimeLimitExceeded, call_with_time_limit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7879

#: Media type → row format of :func:`segraph.sparql.formats.format_rows`.
ROW_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: Media type → RDF format of :func:`segraph.rdf.serialize.serialize_graph`.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}
#: Other names clients give in the ``format`` parameter (SPARQLWrapper's among them) → ours.
FORMAT_ALIASES: dict[str, str] = {
    "turtle": "ttl",
    "n3": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf": "xml",
    "rdf+xml": "xml",
    "rdfxml": "xml",
}
#: Values of the ``format`` parameter (which wins over the Accept header) → media type.
ROW_FORMAT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMAT_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
FORM = "application/x-www-form-urlencoded"
_BUSY = b"busy: too many connections; try again later\n"
TOO_MANY_CONNECTIONS = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_BUSY), _BUSY)
)


@dataclass(frozen=True)
class ServerLimits:
    """What one request may cost.

    Parameters
    ----------
    query_seconds : time limit of one query (also the longest wait for a free query slot).
    max_rows : most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer.
    max_request_bytes : largest request body or query accepted.
    concurrent_queries : queries evaluated at once.
    max_connections : connections served at once; more get 503 at once.
    socket_seconds : how long a client may take to send its whole request (request line,
        headers and body together; the connection is closed when it is not in by then).
    max_memory_bytes : memory one query may take beyond the server's own (Linux; None: no limit).
    isolate : evaluate each query in a forked child process that is killed at the time limit
        (where the system can fork); otherwise in a thread that is interrupted at its next Python
        step (C code such as a regular expression runs on until it returns).
    """

    query_seconds: float = 30.0
    max_rows: int = 100_000
    max_request_bytes: int = 1_000_000
    concurrent_queries: int = 4
    max_connections: int = 64
    socket_seconds: float = 10.0
    max_memory_bytes: int | None = 1_000_000_000
    isolate: bool = CAN_FORK


class RequestError(Exception):
    """A request the server answers with an HTTP error status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    """True when ``host`` names this machine only (127.0.0.0/8, ::1 or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _media_range(item: str) -> tuple[str, float]:
    media, _, params = item.strip().partition(";")
    quality = 1.0
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return media.strip().lower(), quality


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """Pick the offered media type the ``Accept`` header prefers (the first offered when absent).

    Higher quality wins, then the more specific range, then the order of ``offered``.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["text/csv",
    ...           "application/sparql-results+json"])
    'application/sparql-results+json'
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = [_media_range(item) for item in accept.split(",")]
    refused = {media for media, quality in ranges if quality <= 0}
    best: tuple[tuple[float, int, int], str] | None = None
    for media, quality in ranges:
        if quality <= 0:
            continue
        for index, choice in enumerate(offered):
            if media == choice:
                specificity = 2
            elif (media.endswith("/*") and choice.startswith(media[:-1])) or media == "*/*":
                specificity = 1 if media != "*/*" else 0
            else:
                continue
            if choice in refused:
                continue
            rank = (quality, specificity, -index)
            if best is None or rank > best[0]:
                best = (rank, choice)
    return best[1] if best else None


def bounded_result(result: Result, max_rows: int) -> Result:
    """Return ``result`` with its rows read, refusing answers of more than ``max_rows``."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        size = len(result.graph) if result.graph is not None else 0
        if size > max_rows:
            raise RequestError(
                400, f"the answer has {size} triples, more than this server's limit of {max_rows}"
            )
        return result
    if result.type == "ASK":
        return result
    rows = list(islice(iter(result), max_rows + 1))
    if len(rows) > max_rows:
        raise RequestError(
            400,
            f"the answer has more than {max_rows} rows (this server's limit): add a LIMIT",
        )
    bounded = Result("SELECT")
    bounded.vars = result.vars
    names = result.vars or []
    bounded.bindings = [
        {v: t for v, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    return bounded


def evaluate(
    graph: Graph,
    parsed: ParsedQuery,
    render: Callable[[Result], bytes],
    limits: ServerLimits,
    slots: threading.Semaphore,
) -> bytes:
    """Run ``parsed`` on ``graph`` within the limits and return ``render`` of its answer.

    Raises :class:`RequestError` (answer too large, out of memory, failure),
    :class:`~segraph.sparql.server.timelimit.TimeLimitExceeded` and
    :class:`~segraph.sparql.server.timelimit.NoFreeSlot`.
    """

    def work() -> bytes:
        return render(bounded_result(run_query(graph, parsed), limits.max_rows))

    if not (limits.isolate and CAN_FORK):
        return call_with_time_limit(work, limits.query_seconds, slots)
    if not slots.acquire(timeout=limits.query_seconds):
        raise NoFreeSlot(f"all query slots stayed busy for {limits.query_seconds:g} s")
    try:
        return run_in_child(work, limits.query_seconds, limits.max_memory_bytes, _status_of)
    except ChildFailed as error:
        raise RequestError(error.status, str(error)) from None
    finally:
        slots.release()


def _status_of(error: BaseException) -> tuple[int, str]:
    if isinstance(error, RequestError):
        return error.status, str(error)
    if isinstance(error, QuerySyntaxError):  # found by the engine (Oxigraph) rather than before
        return 400, str(error)
    if isinstance(error, re.error):  # rdflib's engine compiles REGEX patterns as it meets them
        return 400, f"invalid regular expression in the query: {error}"
    return 500, f"the query failed: {' '.join(str(error).split()) or type(error).__name__}"


def renderer(media_type: str) -> Callable[[Result], bytes]:
    """The function that writes a result as ``media_type`` (a key of ROW_TYPES or GRAPH_TYPES)."""
    if media_type in GRAPH_TYPES:
        fmt = GRAPH_TYPES[media_type]
        return lambda result: serialize_graph(bind_prefixes(result.graph), fmt)
    fmt = ROW_TYPES[media_type]
    return lambda result: format_rows(result, fmt).encode("utf-8")


def check_query(text: str, limits: ServerLimits) -> ParsedQuery:
    """Parse a query sent to the server; refuse what a read-only endpoint must not run."""
    if len(text.encode("utf-8")) > limits.max_request_bytes:
        raise RequestError(413, f"the query is longer than {limits.max_request_bytes} bytes")
    try:
        parsed = parse_query(text)
    except QuerySyntaxError as error:
        status = 403 if "update" in error.problem else 400
        raise RequestError(status, str(error)) from None
    if parsed.reaches_outside:
        raise RequestError(400, "SERVICE, FROM and FROM NAMED are not allowed on this endpoint")
    return parsed


def _one(params: dict[str, list[str]], name: str) -> str | None:
    """The value of a parameter given at most once; None when absent."""
    values = params.get(name, [])
    if len(values) > 1:
        raise RequestError(400, f"give one '{name}' parameter, not several")
    return values[0] if values else None


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server that answers SPARQL queries on one graph."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        graph: Graph,
        limits: ServerLimits,
        cors: CorsPolicy | None = None,
    ):
        self.graph = graph
        self.limits = limits
        self.cors = cors or CorsPolicy()
        self.slots = threading.BoundedSemaphore(limits.concurrent_queries)
        self.connections = threading.BoundedSemaphore(limits.max_connections)
        self.quiet = False
        super().__init__(address, SparqlRequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread, or answer 503 at once when too many are open."""
        if not self.connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(TOO_MANY_CONNECTIONS)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a broken connection in one line rather than a traceback."""
        if not self.quiet:
            error = sys.exc_info()[1]
            sys.stderr.write(f"{client_address[0]} - connection error: {error!r}\n")

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    @property
    def url(self) -> str:
        """The base URL the server listens on."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"


class SparqlRequestHandler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol (query operation only) and the HTML query page."""

    server: SparqlServer
    server_version = "segraph"
    # Errors http.server finds itself (a garbled request line, an over-long URL or header) are
    # answered like ours: a status line, then one line of plain text.
    default_request_version = "HTTP/1.0"
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(message)s\n"

    def setup(self) -> None:
        self.timeout = self.server.limits.socket_seconds
        super().setup()
        # A whole-request deadline: the socket timeout above bounds each read only, so a client
        # sending a byte now and then would hold its connection for ever.
        self._request_deadline = threading.Timer(self.timeout, self._close_unfinished_request)
        self._request_deadline.daemon = True
        self._request_deadline.start()

    def _close_unfinished_request(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _request_read(self) -> None:
        """The whole request is in: the deadline for sending it no longer applies."""
        self._request_deadline.cancel()

    def finish(self) -> None:
        self._request_deadline.cancel()
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    # -- HTTP methods -------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._url_params)

    def do_POST(self) -> None:
        self._handle(self._body_params)

    def _refuse_method(self) -> None:
        self._error(405, "this endpoint is read-only: use GET or POST with a query")

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def do_OPTIONS(self) -> None:
        """A browser's preflight before a cross-origin POST: allowed origins get the methods
        and headers they may use; others get no CORS headers, so the browser refuses."""
        self.send_response(204)
        allowed = self.server.cors.allowed_origin(self.headers.get("Origin"))
        if allowed is not None:
            self._cors_headers(allowed)
            self.send_header("Access-Control-Allow-Methods", ALLOWED_METHODS)
            self.send_header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            self.send_header("Access-Control-Max-Age", str(PREFLIGHT_SECONDS))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _cors_headers(self, allowed: str) -> None:
        self.send_header("Access-Control-Allow-Origin", allowed)
        if allowed != "*":
            self.send_header("Vary", "Origin")

    # -- requests -----------------------------------------------------------------------------

    def _handle(self, read_params: Callable[[], dict[str, list[str]]]) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path not in ("/", "/sparql"):
            self._error(404, f"nothing at {path}: queries go to /sparql, the query page is /")
            return
        try:
            params = read_params()
            self._request_read()
            text = _one(params, "query")
            if path == "/":
                self._page(text)
                return
            if text is None and self.command == "GET" and not params:
                self._describe()
                return
            if text is None:
                raise RequestError(400, "missing the 'query' parameter")
            parsed = check_query(text, self.server.limits)
            media_type = self._media_type(parsed, params.get("format", []))
            body = self._evaluate(parsed, renderer(media_type))
        except RequestError as error:
            self._error(error.status, str(error))
            return
        except Exception as error:  # a fault of the server: answer, log, keep serving
            self.log_error("internal error: %r", error)
            self._error(500, f"internal error: {' '.join(str(error).split())}")
            return
        self._send(200, media_type, body)

    def _describe(self) -> None:
        """Answer a GET of the endpoint without a query with its Service Description."""
        media_type = negotiate(self.headers.get("Accept"), list(GRAPH_TYPES))
        if media_type is None:
            raise RequestError(406, f"cannot answer in the accepted types; offered: {GRAPH_TYPES}")
        endpoint = self.server.url + "sparql"
        description = service_description(endpoint, [*ROW_TYPES, *GRAPH_TYPES])
        self._send(200, media_type, serialize_graph(description, GRAPH_TYPES[media_type]))

    def _media_type(self, parsed: ParsedQuery, formats: list[str]) -> str:
        """The media type of the first ``format`` parameter this server knows, else the one the
        Accept header prefers.

        Clients name formats in many ways: ``json``, ``turtle``, a media type, a list of media
        types; SPARQLWrapper sends ``format`` twice for JSON-LD.
        """
        named = GRAPH_FORMAT_TYPES if parsed.returns_graph else ROW_FORMAT_TYPES
        offered = list(GRAPH_TYPES if parsed.returns_graph else ROW_TYPES)
        given = [item.strip().lower() for fmt in formats for item in fmt.split(",") if item.strip()]
        for fmt in given:
            wanted = FORMAT_ALIASES.get(fmt, fmt)
            if wanted == "json" and parsed.returns_graph:
                wanted = "jsonld"  # what clients mean by JSON for a graph
            if wanted in offered:
                return wanted  # a media type given as the format
            if wanted in named:
                return named[wanted]
        if given:
            raise RequestError(400, f"format must be one of: {', '.join(named)}")
        media_type = negotiate(self.headers.get("Accept"), offered)
        if media_type is None:
            raise RequestError(406, f"cannot answer in the accepted types; offered: {offered}")
        return media_type

    def _evaluate(self, parsed: ParsedQuery, render: Callable[[Result], bytes]) -> bytes:
        server = self.server
        try:
            return evaluate(server.graph, parsed, render, server.limits, server.slots)
        except TimeLimitExceeded as error:
            raise RequestError(503, f"{error} (this server's limit)") from None
        except NoFreeSlot as error:
            raise RequestError(503, f"busy: {error}; try again later") from None

    def _params(self, text: str) -> dict[str, list[str]]:
        try:
            params = urllib.parse.parse_qs(
                text, keep_blank_values=True, strict_parsing=False, max_num_fields=32
            )
        except ValueError as error:
            raise RequestError(400, f"malformed parameters: {error}") from None
        if params.get("update"):
            raise RequestError(403, "this endpoint is read-only: updates are refused")
        for name in ("default-graph-uri", "named-graph-uri"):
            if any(params.get(name, [])):
                raise RequestError(400, f"{name} is not supported: this endpoint serves one graph")
        return params

    def _url_params(self) -> dict[str, list[str]]:
        return self._params(urllib.parse.urlsplit(self.path).query)

    def _body_params(self) -> dict[str, list[str]]:
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise RequestError(411, "a POST needs a Content-Length")
        try:
            length = int(length_text)
        except ValueError:
            raise RequestError(400, "Content-Length is not a number") from None
        if length < 0:
            raise RequestError(400, "Content-Length is negative")
        if length > self.server.limits.max_request_bytes:
            self.close_connection = True
            raise RequestError(
                413, f"the request body is larger than {self.server.limits.max_request_bytes} bytes"
            )
        body = self.rfile.read(length)
        if len(body) < length:
            raise RequestError(400, "the request body ended early")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(400, "the request body is not UTF-8") from None
        media_type = self.headers.get_content_type()
        if media_type == "application/sparql-query":
            return {**self._url_params(), "query": [text]}
        if media_type == "application/sparql-update":
            raise RequestError(403, "this endpoint is read-only: updates are refused")
        if media_type == FORM:
            return self._params(text)
        raise RequestError(415, f"cannot read a body of type {media_type}")

    # -- responses ----------------------------------------------------------------------------

    def _send(self, status: int, media_type: str, body: bytes) -> None:
        self.send_response(status)
        textual = media_type.startswith("text/") or "json" in media_type
        self.send_header("Content-Type", media_type + ("; charset=utf-8" if textual else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        allowed = self.server.cors.allowed_origin(self.headers.get("Origin"))
        if allowed is not None and media_type != "text/html":
            self._cors_headers(allowed)
        if media_type == "text/html":
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            )
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain", (message + "\n").encode("utf-8"))

    def _page(self, text: str | None) -> None:
        status, answer = 200, ""
        if text:
            try:
                answer = self._page_answer(check_query(text, self.server.limits))
            except RequestError as error:
                status = error.status
                answer = f'<p class="error">{html.escape(str(error))}</p>'
        body = query_page(text or EXAMPLE_QUERY, answer).encode("utf-8")
        self._send(status, "text/html", body)

    def _page_answer(self, parsed: ParsedQuery) -> str:
        if parsed.returns_graph:
            turtle = self._evaluate(parsed, renderer("text/turtle")).decode("utf-8")
            answer = f"<pre>{html.escape(turtle)}</pre>"
        else:
            answer = self._evaluate(parsed, html_table).decode("utf-8")
        return download_links(parsed) + answer


EXAMPLE_QUERY = """\
SELECT ?program ?name ?budget WHERE {
  ?program a seg:UnitProgram ; rdfs:label ?name .
  FILTER(LANG(?name) = "ko")
  OPTIONAL { ?program seg:budget ?budget }
}
ORDER BY ?program
"""


def download_links(parsed: ParsedQuery) -> str:
    """Links to the answer of ``parsed`` in each format of /sparql (escaped)."""
    named = GRAPH_FORMAT_TYPES if parsed.returns_graph else ROW_FORMAT_TYPES
    links = []
    for fmt in named:
        href = "/sparql?" + urllib.parse.urlencode({"query": parsed.text, "format": fmt})
        links.append(f'<a href="{html.escape(href)}">{fmt.upper()}</a>')
    return f"<p>Download: {' · '.join(links)}</p>"


def html_table(result: Result) -> bytes:
    """A SELECT or ASK result as an HTML table (UTF-8); every cell is escaped."""
    header, rows = result_header(result), result_rows(result)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell_text(table_cell(t)))}</td>" for t in row) + "</tr>"
        for row in rows
    )
    count = f"<p>{len(rows)} row{'s' if len(rows) != 1 else ''}</p>"
    table = f"{count}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return table.encode("utf-8")


def query_page(query: str, answer: str) -> str:
    """The HTML query page with ``query`` in the text box and ``answer`` (already HTML) below."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>segraph SPARQL</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
textarea {{ width: 100%; height: 14em; font-family: monospace; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 2px 6px; }}
.error {{ color: #a00; }}
</style></head><body>
<h1>segraph SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint: <code>/sparql</code>. The segraph prefixes
(seg, org, rov, schema, skos, prov, rdfs…) are predeclared.</p>
<form method="get" action="/"><textarea name="query">{html.escape(query)}</textarea>
<p><button type="submit">Run</button></p></form>
{answer}
</body></html>
"""


def make_server(
    graph: Graph,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: ServerLimits | None = None,
    cors: CorsPolicy | None = None,
) -> SparqlServer:
    """Return a :class:`SparqlServer` bound to ``host:port`` (port 0: any free port).

    ``cors``: the web origins whose pages may read answers from a browser
    (:func:`segraph.sparql.server.cors.cors_policy`); none by default.

    Call ``serve_forever()`` on it to answer requests and ``shutdown()`` to stop.
    """
    try:
        return SparqlServer((host, port), graph, limits or ServerLimits(), cors)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
