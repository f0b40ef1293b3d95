"""Graph stores: Oxigraph (the default) or rdflib's memory store, behind rdflib's Graph API.

Graphs on Oxigraph are made here, and this module remembers the pyoxigraph store under each
(:func:`oxigraph_of`), so that bulk loads, counts and dumps go straight to Oxigraph in Rust.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from segraph.errors import ArgumentError, UsageError
from segraph.rdf.namespaces import bind_prefixes
from segraph.rdf.oxigraph import SegraphOxigraphStore
from segraph.rdf.terms import NeutralTriple, ntriples_chunks, rdflib_triples

STORES: tuple[str, ...] = ("oxigraph", "memory")
#: The store graphs are made on unless told otherwise.
DEFAULT_STORE = "oxigraph"


#: rdflib serializer name → Oxigraph's own serialiser, for graphs held by Oxigraph. JSON-LD stays
#: with rdflib, which compacts it with segraph's context.
OXIGRAPH_SERIALIZERS: dict[str, str] = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "nquads": "ox-nquads",
    "trig": "ox-trig",
    "xml": "ox-xml",
}


def native_serializer(graph: Graph, serializer: str) -> str:
    """The serialiser to use for ``graph``: Oxigraph's own when the graph lives in Oxigraph.

    rdflib's serialisers pull every triple through Python (minutes for 10⁶ triples); Oxigraph
    dumps its store in Rust.
    """
    return OXIGRAPH_SERIALIZERS.get(serializer, serializer) if is_oxigraph(graph) else serializer


def new_graph(store: str = DEFAULT_STORE) -> Graph:
    """Return an empty in-memory graph on ``store`` (``"oxigraph"`` or ``"memory"``), prefixes
    bound.

    An oxigraph graph keeps its triples in Oxigraph's default graph, so the store's own SPARQL
    engine and serialisers see them directly. For a graph kept on disk, see
    :func:`on_disk_graph`.
    """
    if store == "memory":
        return bind_prefixes(Graph())
    if store == "oxigraph":
        return _oxigraph_graph(pyoxigraph.Store())
    raise ArgumentError("store", f"'{store}': choose one of {', '.join(STORES)}")


def on_disk_graph(folder: str | Path) -> Graph:
    """Return the graph held by the on-disk Oxigraph store in ``folder`` (created when missing).

    Oxigraph locks the folder while the graph is open: call ``graph.close()`` when done.
    """
    try:
        return _oxigraph_graph(pyoxigraph.Store(str(folder)))
    except OSError as error:
        raise UsageError(f"{folder}: cannot open an Oxigraph store there: {error}") from None


def _oxigraph_graph(inner: Any) -> Graph:
    store = SegraphOxigraphStore(inner)
    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    return bind_prefixes(graph)


def oxigraph_of(graph: Graph) -> Any:
    """The ``pyoxigraph.Store`` holding ``graph``, or None when the graph is not on an Oxigraph
    store made by :func:`new_graph` or :func:`on_disk_graph`."""
    store = graph.store
    return store.oxigraph if isinstance(store, SegraphOxigraphStore) else None


def is_oxigraph(graph: Graph) -> bool:
    """True when ``graph`` lives in an Oxigraph store made by segraph."""
    return oxigraph_of(graph) is not None


def in_memory(graph: Graph) -> Graph:
    """Return ``graph`` itself when it is in rdflib's memory store, else a copy there.

    For libraries that walk a graph triple by triple (pyshacl): rdflib's own store answers each
    lookup without converting terms, and its literals compare as rdflib's parsers make them.
    Oxigraph hands its triples over as one N-Triples dump.
    """
    inner = oxigraph_of(graph)
    if inner is None:
        return graph
    text = inner.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return bind_prefixes(Graph()).parse(data=text, format="nt")


def triple_count(graph: Graph) -> int:
    """The number of triples in ``graph``, counted by Oxigraph itself when it holds them.

    ``len()`` of an oxrdflib graph runs a ``COUNT(DISTINCT …)`` query that takes seconds per
    10⁵ triples; the store's own count is immediate.
    """
    inner = oxigraph_of(graph)
    if inner is not None and not any(True for _ in inner.named_graphs()):
        return len(inner)
    return len(graph)


def load_triples(graph: Graph, triples: Iterable[NeutralTriple]) -> Graph:
    """Add store-neutral triples (:mod:`segraph.rdf.terms`) to ``graph`` as fast as its store
    allows.

    Into Oxigraph they go as N-Triples text, bulk-loaded by Oxigraph in Rust (see
    :func:`stream_ntriples`); into rdflib's memory store as rdflib terms.
    """
    inner = oxigraph_of(graph)
    if inner is None:
        graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(triples))
        return graph
    stream_ntriples(inner, ntriples_chunks(triples, CHUNK_TRIPLES))
    return graph


#: Triples per chunk of N-Triples text handed on at once.
CHUNK_TRIPLES = 100_000

#: Where an open file descriptor can be reached by a path, so that Oxigraph can read a pipe
#: (Linux and macOS; not Windows).
FD_PATHS = Path("/dev/fd")


def stream_ntriples(store: Any, chunks: Iterable[bytes]) -> None:
    """Bulk-load the N-Triples text ``chunks`` into the pyoxigraph ``store``.

    A second thread hands the chunks to Oxigraph while this one goes on making the next ones;
    Oxigraph parses and indexes them in Rust, without Python's lock. They go through a pipe
    that Oxigraph reads by its path (``/dev/fd/N``) in a third thread, as one load: one load of
    the whole stream costs less than a load per chunk. Where pipes have no path (Windows), the
    second thread loads the chunks one by one.

    If making the chunks stops with an exception, what was made is loaded and the exception
    raised; if Oxigraph fails, its error is raised.
    """
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def take(use: Callable[[bytes], object]) -> None:
        """Pass each pending chunk to ``use`` until the end; on failure, take the rest unused."""
        chunk = pending.get()
        try:
            while chunk is not None:
                use(chunk)
                chunk = pending.get()
        except BaseException as error:  # a load that failed first has its own error listed
            failure.append(error)
        finally:
            while chunk is not None:  # so that no put() waits for ever
                chunk = pending.get()

    def load_chunks() -> None:
        take(lambda chunk: store.bulk_load(chunk, pyoxigraph.RdfFormat.N_TRIPLES, lenient=True))

    read_end, write_end = os.pipe() if FD_PATHS.is_dir() else (-1, -1)

    def load_stream() -> None:
        try:
            store.bulk_load(
                path=str(FD_PATHS / str(read_end)),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
                lenient=True,
            )
        except BaseException as error:  # reported in the calling thread
            failure.append(error)
        finally:
            os.close(read_end)  # with no reader left, a blocked write fails instead of waiting

    def feed_stream() -> None:
        pipe = os.fdopen(write_end, "wb")
        try:
            take(pipe.write)
        finally:
            with suppress(BrokenPipeError):
                pipe.close()  # the end of the stream

    targets = [load_stream, feed_stream] if read_end >= 0 else [load_chunks]
    threads = [threading.Thread(target=t, name=f"segraph-{t.__name__}") for t in targets]
    for thread in threads:
        thread.daemon = True
        thread.start()
    try:
        for chunk in chunks:
            if failure:
                break
            pending.put(chunk)
    finally:
        pending.put(None)
        for thread in threads:
            thread.join()
    if failure:
        raise failure[0]
