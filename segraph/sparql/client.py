"""A remote SPARQL 1.1 endpoint, spoken to over HTTP with the standard library.

Queries go out as the SPARQL 1.1 Protocol's ``POST`` with a form-encoded ``query`` (every
server accepts it); answers come back as SPARQL Query Results JSON (or XML) for SELECT and ASK
and as N-Triples or Turtle for CONSTRUCT and DESCRIBE, and are parsed into rdflib terms with
rdflib's own result parsers.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from rdflib import Graph
from rdflib.query import Result

from segraph.errors import SegraphError, UsageError
from segraph.rdf.namespaces import with_prologue

USER_AGENT = "segraph (+https://w3id.org/segraph)"

#: Media types segraph reads, with rdflib's parser for each.
RESULT_PARSERS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
}
GRAPH_PARSERS: dict[str, str] = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


class EndpointError(SegraphError):
    """A server could not be reached or refused a request; the message says which and why."""


@dataclass(frozen=True)
class HttpResponse:
    """What came back from a server: status, media type (without parameters) and body."""

    status: int
    media_type: str
    body: bytes


def http_request(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> HttpResponse:
    """Send one HTTP request; network failures and error statuses become :class:`EndpointError`.

    The error names the URL and gives the server's own message (first line, shortened).
    """
    request = urllib.request.Request(
        url, data=body, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpResponse(response.status, _media_type(response.headers), response.read())
    except urllib.error.HTTPError as error:
        message = _first_line(error.read().decode("utf-8", "replace")) or error.reason
        raise EndpointError(f"{url}: HTTP {error.code}: {message}") from None
    except urllib.error.URLError as error:
        raise EndpointError(f"{url}: cannot reach the server: {error.reason}") from None
    except TimeoutError:
        raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as error:
        raise EndpointError(f"{url}: {error}") from None


def _media_type(headers: Message) -> str:
    return headers.get_content_type().lower()


def _first_line(text: str, limit: int = 300) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_http_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL, else raise :class:`UsageError`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"'{url}' is not an http:// or https:// URL")
    return url


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint, such as ``http://localhost:7878/query`` (Oxigraph) or
    ``http://localhost:3030/ds/sparql`` (Fuseki).

    Parameters
    ----------
    url : the query URL.
    timeout : seconds to wait for each answer.

    Examples
    --------
    >>> from segraph.sparql.query import select
    >>> rows = select(Endpoint("http://localhost:7878/query"),
    ...               "SELECT ?p WHERE { ?p a seg:Program } ORDER BY ?p")  # doctest: +SKIP
    """

    url: str
    timeout: float = 60.0

    def __post_init__(self) -> None:
        check_http_url(self.url)

    def query(self, text: str, returns_graph: bool = False) -> Result:
        """Send ``text`` (segraph's prefixes added where undeclared) and return rdflib's result.

        ``returns_graph`` says whether to ask for RDF (CONSTRUCT, DESCRIBE) or for results.
        """
        body = urllib.parse.urlencode({"query": with_prologue(text)}).encode("utf-8")
        response = http_request(
            "POST",
            self.url,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": ACCEPT_GRAPH if returns_graph else ACCEPT_RESULTS,
            },
            self.timeout,
        )
        return self._result(response)

    def _result(self, response: HttpResponse) -> Result:
        stream = io.BytesIO(response.body)
        try:
            if response.media_type in RESULT_PARSERS:
                return Result.parse(stream, format=RESULT_PARSERS[response.media_type])
            if response.media_type in GRAPH_PARSERS:
                result = Result("CONSTRUCT")
                result.graph = Graph().parse(stream, format=GRAPH_PARSERS[response.media_type])
                return result
        except Exception as error:  # rdflib's parsers raise many kinds of exception
            problem = _first_line(str(error)) or type(error).__name__
            raise EndpointError(
                f"{self.url}: the answer is not valid {response.media_type}: {problem}"
            ) from None
        raise EndpointError(f"{self.url}: unexpected answer of type '{response.media_type}'")
