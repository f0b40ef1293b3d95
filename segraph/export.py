"""Serialise graphs to RDF files: Turtle, N-Triples, JSON-LD, TriG, RDF/XML."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from segraph.atomic import write_bytes_atomic
from segraph.errors import UsageError
from segraph.resources import ontology_file
from segraph.store import native_serializer

#: The published JSON-LD context (``ontology/context.jsonld``): segraph's prefixes, so that
#: JSON-LD output uses compact IRIs such as ``seg:participatesIn``.
CONTEXT_FILE = "context.jsonld"

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


@cache
def jsonld_context() -> dict[str, Any]:
    """Return the ``@context`` object of the published context file."""
    return json.loads(ontology_file(CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]


def _serialize(graph: Graph, serializer: str) -> bytes:
    if serializer == "json-ld":
        return graph.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8")
    return graph.serialize(format=native_serializer(graph, serializer), encoding="utf-8")


def serialize_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """Return ``graph`` serialised in ``fmt`` (a name from :data:`FORMATS`) as UTF-8 bytes.

    JSON-LD is compacted with the published context (:func:`jsonld_context`).
    """
    return _serialize(graph, serializer_for(fmt))


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically; the format comes from ``fmt`` or the suffix."""
    write_bytes_atomic(path, _serialize(graph, serializer_for(fmt, path)))
    return Path(path)
