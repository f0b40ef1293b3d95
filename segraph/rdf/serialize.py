"""Serialise graphs to RDF files: Turtle, N-Triples, N-Quads, JSON-LD, TriG, RDF/XML.

A graph on Oxigraph is written by Oxigraph's own serialisers (in Rust, with segraph's prefixes),
except JSON-LD, which rdflib compacts with the published context.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from segraph._util.atomic import atomic_output
from segraph._util.resources import ontology_file
from segraph.errors import DataError, UsageError
from segraph.rdf.reader import PARSERS
from segraph.rdf.stores import is_oxigraph, native_serializer

#: The published JSON-LD context (``ontology/context.jsonld``): segraph's prefixes, so that
#: JSON-LD output uses compact IRIs such as ``seg:participatesIn``.
CONTEXT_FILE = "context.jsonld"

#: Format name accepted on the command line → rdflib serializer name.
FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "jsonld": "json-ld",
    "trig": "trig",
    "xml": "xml",
}

#: File suffix → the rdflib serializer it implies: the suffixes segraph reads, for the formats it
#: writes.
SUFFIXES: dict[str, str] = {
    suffix: name for suffix, name in PARSERS.items() if name in FORMATS.values()
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
        return SUFFIXES.get(Path(path).suffix.lower(), "turtle")
    return "turtle"


@cache
def jsonld_context() -> dict[str, Any]:
    """Return the ``@context`` object of the published context file."""
    return json.loads(ontology_file(CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]


#: Characters XML 1.0 cannot hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Replace the characters XML 1.0 cannot hold by U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def _check_xml(graph: Graph) -> None:
    """Refuse a graph that RDF/XML cannot carry (control characters in its terms)."""
    for triple in graph:
        for term in triple:
            match = NOT_XML.search(str(term))
            if match:
                raise DataError(
                    f"<{triple[0]}>",
                    f"holds the character U+{ord(match.group()):04X}, which RDF/XML cannot carry; "
                    "write Turtle, N-Triples or JSON-LD instead",
                )


def _options(graph: Graph, serializer: str) -> dict[str, Any]:
    """Serialiser options: JSON-LD is compacted with the published context. A graph that
    RDF/XML cannot carry is refused before anything is written."""
    if serializer == "xml":
        _check_xml(graph)
    return {"context": jsonld_context()} if serializer == "json-ld" else {}


#: rdflib's serialisers of datasets: a plain graph goes into a dataset's default graph first.
QUAD_SERIALIZERS = frozenset({"nquads", "trig"})


def _writable(graph: Graph, serializer: str) -> Graph:
    """``graph`` as rdflib's ``serializer`` takes it: for N-Quads and TriG, a graph in rdflib's
    memory store goes into the default graph of a dataset (rdflib would refuse N-Quads and write
    TriG into a blank-node named graph); Oxigraph writes its own default graph as it is."""
    if serializer not in QUAD_SERIALIZERS or is_oxigraph(graph):
        return graph
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=True)
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    default.addN((s, p, o, default) for s, p, o in graph)
    return dataset


def _serialize(graph: Graph, serializer: str) -> bytes:
    native = native_serializer(graph, serializer)
    return _writable(graph, serializer).serialize(
        format=native, encoding="utf-8", **_options(graph, serializer)
    )


def serialize_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """Return ``graph`` serialised in ``fmt`` (a name from :data:`FORMATS`) as UTF-8 bytes.

    JSON-LD is compacted with the published context (:func:`jsonld_context`).
    """
    return _serialize(graph, serializer_for(fmt))


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically; the format comes from ``fmt`` or the suffix.

    The serialiser streams into a temporary file that replaces ``path`` only when complete.
    """
    serializer = serializer_for(fmt, path)
    options = _options(graph, serializer)
    native = native_serializer(graph, serializer)
    writable = _writable(graph, serializer)
    with atomic_output(path) as handle:
        writable.serialize(destination=handle, format=native, encoding="utf-8", **options)
    return Path(path)
