"""Graph stores (rdflib's memory store or Oxigraph) and reading RDF files into them."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from segraph.errors import DataError, UsageError
from segraph.namespaces import bind_prefixes
from segraph.terms import NeutralTriple, ntriples_chunks, rdflib_triples

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


#: rdflib parser name → Oxigraph's own parser (registered by oxrdflib) for oxigraph graphs.
OXIGRAPH_PARSERS: dict[str, str] = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "nquads": "ox-nquads",
    "trig": "ox-trig",
    "xml": "ox-xml",
    "json-ld": "ox-json-ld",
    "n3": "ox-n3",
}


#: rdflib serializer name → Oxigraph's own serialiser, for graphs held by Oxigraph. JSON-LD stays
#: with rdflib, which compacts it with segraph's context.
OXIGRAPH_SERIALIZERS: dict[str, str] = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "trig": "ox-trig",
    "xml": "ox-xml",
}


def native_serializer(graph: Graph, serializer: str) -> str:
    """The serialiser to use for ``graph``: Oxigraph's own when the graph lives in Oxigraph.

    rdflib's serialisers pull every triple through Python (minutes for 10⁶ triples); Oxigraph
    dumps its store in Rust.
    """
    return OXIGRAPH_SERIALIZERS.get(serializer, serializer) if is_oxigraph(graph) else serializer


def new_graph(store: str = "memory", path: str | Path | None = None) -> Graph:
    """Return an empty graph on ``store`` (``"memory"`` or ``"oxigraph"``) with prefixes bound.

    Parameters
    ----------
    store : ``"memory"`` (rdflib's default store) or ``"oxigraph"`` (needs ``segraph[fast]``).
    path : for ``"oxigraph"`` only, a folder holding an on-disk Oxigraph store (opened, or
        created when missing); in memory when None.

    An oxigraph graph keeps its triples in Oxigraph's default graph, so the store's own SPARQL
    engine, serialisers and ``oxigraph serve --location`` see them directly.
    """
    if store == "memory":
        if path is not None:
            raise UsageError("a store path needs --store oxigraph")
        graph = Graph()
    elif store == "oxigraph":
        graph = Graph(
            store=oxigraph_store(path), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none"
        )
    else:
        raise UsageError(f"unknown store '{store}' (choose one of: {', '.join(STORES)})")
    return bind_prefixes(graph)


def oxigraph_store(path: str | Path | None = None) -> Any:
    """Return an oxrdflib store on a new in-memory Oxigraph store or the one in folder ``path``."""
    try:
        import pyoxigraph
        from oxrdflib import OxigraphStore
    except ImportError:
        raise UsageError(
            "the oxigraph store needs the fast extra: pip install 'segraph[fast]'"
        ) from None
    if path is None:
        return OxigraphStore(store=pyoxigraph.Store())
    try:
        return OxigraphStore(store=pyoxigraph.Store(str(path)))
    except OSError as error:
        raise UsageError(f"{path}: cannot open an Oxigraph store there: {error}") from None


def is_oxigraph(graph: Graph) -> bool:
    """True when ``graph`` lives in an Oxigraph store."""
    return type(graph.store).__name__ == "OxigraphStore"


def triple_count(graph: Graph) -> int:
    """The number of triples in ``graph``, counted by Oxigraph itself when it holds them.

    ``len()`` of an oxrdflib graph runs a ``COUNT(DISTINCT …)`` query that takes seconds per
    10⁵ triples; the store's own count is immediate.
    """
    if is_oxigraph(graph):
        inner = graph.store._inner
        if not any(True for _ in inner.named_graphs()):
            return len(inner)
    return len(graph)


def load_triples(graph: Graph, triples: Iterable[NeutralTriple]) -> Graph:
    """Add store-neutral triples (:mod:`segraph.terms`) to ``graph`` as fast as its store allows.

    Into Oxigraph they go as N-Triples text, bulk-loaded by Oxigraph in Rust in a second thread
    while Python writes the next chunk; into rdflib's memory store as rdflib terms.
    """
    if not is_oxigraph(graph):
        graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(triples))
        return graph
    import pyoxigraph

    inner = graph.store._inner
    chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def consume() -> None:
        while (chunk := chunks.get()) is not None:
            if failure:
                continue
            try:
                inner.bulk_load(chunk, pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
            except BaseException as error:  # reported in the calling thread
                failure.append(error)

    loader = threading.Thread(target=consume, name="segraph-bulk-load", daemon=True)
    loader.start()
    try:
        for chunk in ntriples_chunks(triples):
            chunks.put(chunk)
            if failure:
                break
    finally:
        chunks.put(None)
        loader.join()
    if failure:
        raise failure[0]
    return graph


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
    parser = OXIGRAPH_PARSERS.get(fmt, fmt) if is_oxigraph(graph) else fmt
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
        else:
            graph.parse(path, format=parser)
    except (ParserError, SyntaxError, ValueError) as error:
        message = " ".join(str(error).split())
        raise DataError(path, f"not valid {fmt}: {message}") from None
    return graph


def load_graph(
    path: str | Path, store: str = "memory", store_path: str | Path | None = None
) -> Graph:
    """Read an exported RDF file into a new graph on ``store`` (``store_path``: see new_graph)."""
    return parse_into(new_graph(store, store_path), Path(path))
