"""Serialise graphs to RDF files: Turtle, N-Triples, JSON-LD, TriG, RDF/XML."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from segraph.atomic import write_bytes_atomic
from segraph.errors import UsageError
from segraph.store import native_serializer

#: Format name accepted on the command line → rdflib serializer name.
FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "trig": "trig",
    "xml": "xml",
}

#: rdflib serializer name → usual file suffix.
SUFFIXES: dict[str, str] = {
    "turtle": ".ttl",
    "nt": ".nt",
    "json-ld": ".jsonld",
    "trig": ".trig",
    "xml": ".rdf",
}


def serializer_for(fmt: str | None, path: str | Path | None = None) -> str:
    """Pick the rdflib serializer from ``fmt`` or, when it is None, from ``path``'s suffix."""
    if fmt is not None:
        try:
            return FORMATS[fmt]
        except KeyError:
            raise UsageError(
                f"unknown RDF format '{fmt}' (choose one of: {', '.join(FORMATS)})"
            ) from None
    if path is not None:
        suffix = Path(path).suffix.lower()
        for serializer, known in SUFFIXES.items():
            if suffix == known:
                return serializer
    return "turtle"


def serialize_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """Return ``graph`` serialised in ``fmt`` (a name from :data:`FORMATS`) as UTF-8 bytes."""
    serializer = native_serializer(graph, serializer_for(fmt))
    return graph.serialize(format=serializer, encoding="utf-8")


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically; the format comes from ``fmt`` or the suffix."""
    serializer = native_serializer(graph, serializer_for(fmt, path))
    data = graph.serialize(format=serializer, encoding="utf-8")
    write_bytes_atomic(path, data)
    return Path(path)
