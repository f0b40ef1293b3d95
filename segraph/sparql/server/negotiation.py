"""Which format an answer is written in: the ``format`` parameter, else the ``Accept`` header.

Rows (SELECT, ASK) come as SPARQL results JSON, XML, CSV or TSV; graphs (CONSTRUCT, DESCRIBE) as
Turtle, N-Triples, JSON-LD or RDF/XML. Clients name formats in many ways (``json``, ``turtle``,
a media type, a list of media types; SPARQLWrapper sends ``format`` twice for JSON-LD).
"""

from __future__ import annotations

from segraph.sparql.server.errors import RequestError

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


def answer_type(returns_graph: bool, accept: str | None, formats: list[str]) -> str:
    """The media type of the first ``format`` parameter this server knows, else the one the
    Accept header prefers.

    Raises :class:`RequestError` 400 for an unknown format, 406 when nothing accepted is offered.
    """
    named = GRAPH_FORMAT_TYPES if returns_graph else ROW_FORMAT_TYPES
    offered = list(GRAPH_TYPES if returns_graph else ROW_TYPES)
    given = [item.strip().lower() for fmt in formats for item in fmt.split(",") if item.strip()]
    for fmt in given:
        wanted = FORMAT_ALIASES.get(fmt, fmt)
        if wanted == "json" and returns_graph:
            wanted = "jsonld"  # what clients mean by JSON for a graph
        if wanted in offered:
            return wanted  # a media type given as the format
        if wanted in named:
            return named[wanted]
    if given:
        raise RequestError(400, f"format must be one of: {', '.join(named)}")
    media_type = negotiate(accept, offered)
    if media_type is None:
        raise RequestError(406, f"cannot answer in the accepted types; offered: {offered}")
    return media_type
