"""Graph stores (rdflib's memory store or Oxigraph) and reading RDF files into them."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from segraph.errors import DataError, UsageError
from segraph.namespaces import bind_prefixes

STORES: tuple[str, ...] = ("memory", "oxigraph")

#: File suffix → rdflib parser name.
PARSERS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


#: Formats that carry named graphs; their triples are merged into one graph.
QUAD_FORMATS: frozenset[str] = frozenset({"trig", "nquads"})


def new_graph(store: str = "memory") -> Graph:
    """Return an empty graph on ``store`` (``"memory"`` or ``"oxigraph"``) with prefixes bound."""
    if store == "memory":
        graph = Graph()
    elif store == "oxigraph":
        try:
            import oxrdflib  # noqa: F401  (registers the "Oxigraph" store plugin)
        except ImportError:
            raise UsageError(
                "the oxigraph store needs the fast extra: pip install 'segraph[fast]'"
            ) from None
        graph = Graph(store="Oxigraph")
    else:
        raise UsageError(f"unknown store '{store}' (choose one of: {', '.join(STORES)})")
    return bind_prefixes(graph)


def rdf_format(path: Path) -> str:
    """Return the rdflib parser name for ``path`` from its suffix."""
    try:
        return PARSERS[path.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"{path}: cannot tell the RDF format from the suffix '{path.suffix}' "
            f"(known: {', '.join(sorted(PARSERS))})"
        ) from None


def parse_into(graph: Graph, path: Path) -> Graph:
    """Parse the RDF file ``path`` into ``graph``; problems become one-line errors."""
    if not path.is_file():
        raise DataError(path, "no such file")
    fmt = rdf_format(path)
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
        else:
            graph.parse(path, format=fmt)
    except (ParserError, SyntaxError, ValueError) as error:
        message = " ".join(str(error).split())
        raise DataError(path, f"not valid {fmt}: {message}") from None
    return graph


def load_graph(path: str | Path, store: str = "memory") -> Graph:
    """Read an exported RDF file into a new graph on ``store``."""
    return parse_into(new_graph(store), Path(path))
