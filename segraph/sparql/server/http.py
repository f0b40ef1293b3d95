"""``segraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph, with limits.

* ``/sparql`` answers queries sent by ``GET ?query=``, by ``POST`` of
  ``application/sparql-query`` or of a form (``application/x-www-form-urlencoded``), in the
  format the ``format`` parameter or the ``Accept`` header asks for
  (:mod:`segraph.sparql.server.negotiation`); a ``GET`` without a query gets the service
  description.
* ``/`` is the query editor (YASGUI, served from ``/editor/``; :mod:`.editor`).
* Each query is checked, evaluated and written by a worker process
  (:mod:`.workers`, :mod:`.answer`) under a time limit, a memory limit and an answer-size limit;
  updates and ``SERVICE`` are refused; requests that are too large get 413, malformed ones 400,
  each with a one-line message. A client must send its whole request within a deadline.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import Graph

from segraph.errors import UsageError
from segraph.rdf.serialize import serialize_graph
from segraph.sparql.server.answer import Answer, QueryRequest, answer_query, failure_message
from segraph.sparql.server.cors import (
    ALLOWED_HEADERS,
    ALLOWED_METHODS,
    PREFLIGHT_SECONDS,
    CorsPolicy,
)
from segraph.sparql.server.description import service_description
from segraph.sparql.server.editor import ASSETS, PAGE_POLICY, asset, editor_page
from segraph.sparql.server.errors import RequestError
from segraph.sparql.server.negotiation import GRAPH_TYPES, ROW_TYPES, negotiate
from segraph.sparql.server.timelimit import NoFreeSlot, TimeLimitExceeded, call_with_time_limit
from segraph.sparql.server.workers import CAN_FORK, ChildFailed, WorkerPool

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7879

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
    query_seconds : time limit of one query, parsing included (also the longest wait for a free
        query worker).
    max_answer_bytes : largest answer, in bytes, in whatever format it is written.
    max_request_bytes : largest request body or query accepted.
    concurrent_queries : queries evaluated at once (the worker processes).
    max_connections : connections served at once; more get 503 at once. A connection still
        sending its request costs a thread, no query worker.
    socket_seconds : how long a client may take to send its whole request (request line,
        headers and body together; the connection is closed when it is not in by then).
    max_memory_bytes : memory one query may take beyond the server's own (Linux; None: no limit).
    isolate : evaluate queries in forked worker processes, killed and replaced at the time limit
        (where the system can fork); otherwise in threads interrupted at their next Python step
        (C code such as a regular expression runs on until it returns).
    """

    query_seconds: float = 30.0
    max_answer_bytes: int = 100_000_000
    max_request_bytes: int = 1_000_000
    concurrent_queries: int = 4
    max_connections: int = 256
    socket_seconds: float = 10.0
    max_memory_bytes: int | None = 1_000_000_000
    isolate: bool = CAN_FORK


def is_loopback(host: str) -> bool:
    """True when ``host`` names this machine only (127.0.0.0/8, ::1 or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _status_of(error: BaseException) -> tuple[int, str]:
    """The status and message of an error raised while answering a query in a worker."""
    if isinstance(error, RequestError):
        return error.status, str(error)
    return 500, failure_message(error)


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
        self.workers: WorkerPool | None = None
        super().__init__(address, SparqlRequestHandler)
        # forked now, before any request thread exists, so that no worker starts with a lock
        # another thread held
        self.workers = (
            WorkerPool(self._work, limits.concurrent_queries, limits.max_memory_bytes, _status_of)
            if limits.isolate and CAN_FORK
            else None
        )

    def _work(self, job: bytes) -> bytes:
        """A worker's job: one encoded :class:`QueryRequest` in, one encoded answer out."""
        request = QueryRequest.decode(job)
        return answer_query(self.graph, request, self.limits.max_answer_bytes).encode()

    def answer(self, request: QueryRequest) -> Answer:
        """Answer ``request`` within the limits (in a worker process where the system forks).

        Raises :class:`RequestError` with the status and message of whatever went wrong.
        """
        seconds = self.limits.query_seconds
        try:
            if self.workers is None:
                return call_with_time_limit(
                    lambda: answer_query(self.graph, request, self.limits.max_answer_bytes),
                    seconds,
                    self.slots,
                )
            return Answer.decode(self.workers.run(request.encode(), seconds))
        except ChildFailed as error:
            raise RequestError(error.status, str(error)) from None
        except TimeLimitExceeded as error:
            raise RequestError(503, f"{error} (this server's limit)") from None
        except NoFreeSlot as error:
            raise RequestError(503, f"busy: {error}; try again later") from None

    def server_close(self) -> None:
        """Stop listening and stop the query workers."""
        super().server_close()
        if self.workers is not None:
            self.workers.close()

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
    """The SPARQL 1.1 Protocol (query operation only) and the query editor."""

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
        if path == "/" or path.startswith("/editor/"):
            self._request_read()
            self._editor(path)
            return
        if path != "/sparql":
            self._error(404, f"nothing at {path}: queries go to /sparql, the query editor is /")
            return
        try:
            params = read_params()
            self._request_read()
            text = _one(params, "query")
            if text is None and self.command == "GET" and not params:
                self._describe()
                return
            if text is None:
                raise RequestError(400, "missing the 'query' parameter")
            if len(text.encode("utf-8")) > self.server.limits.max_request_bytes:
                limit = self.server.limits.max_request_bytes
                raise RequestError(413, f"the query is longer than {limit} bytes")
            accept = self.headers.get("Accept")
            answer = self.server.answer(QueryRequest(text, accept, tuple(params.get("format", []))))
        except RequestError as error:
            self._error(error.status, str(error))
            return
        except Exception as error:  # a fault of the server: answer, log, keep serving
            self.log_error("internal error: %r", error)
            self._error(500, f"internal error: {' '.join(str(error).split())}")
            return
        self._send(200, answer.media_type, answer.body)

    def _editor(self, path: str) -> None:
        """The query editor's page at ``/``, its files under ``/editor/``."""
        if self.command != "GET":
            self._error(405, "the query editor is read with GET; queries go to /sparql")
            return
        if path == "/":
            self._send(200, "text/html", editor_page("/sparql"))
            return
        name = path.removeprefix("/editor/")
        body = asset(name)
        if body is None:
            self._error(404, f"nothing at {path}")
            return
        self._send(200, ASSETS[name], body, cache=True)

    def _describe(self) -> None:
        """Answer a GET of the endpoint without a query with its Service Description."""
        media_type = negotiate(self.headers.get("Accept"), list(GRAPH_TYPES))
        if media_type is None:
            raise RequestError(406, f"cannot answer in the accepted types; offered: {GRAPH_TYPES}")
        endpoint = self.server.url + "sparql"
        description = service_description(endpoint, [*ROW_TYPES, *GRAPH_TYPES])
        self._send(200, media_type, serialize_graph(description, GRAPH_TYPES[media_type]))

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

    def _send(self, status: int, media_type: str, body: bytes, cache: bool = False) -> None:
        self.send_response(status)
        textual = media_type.startswith("text/") or "json" in media_type
        self.send_header("Content-Type", media_type + ("; charset=utf-8" if textual else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        allowed = self.server.cors.allowed_origin(self.headers.get("Origin"))
        if allowed is not None and media_type != "text/html":
            self._cors_headers(allowed)
        if media_type == "text/html":
            self.send_header("Content-Security-Policy", PAGE_POLICY)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain", (message + "\n").encode("utf-8"))


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
