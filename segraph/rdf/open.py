"""The graph a command works on: an exported RDF file (``--graph``) or a build of dataset
folders (``--data``), in memory or kept in an on-disk Oxigraph store that is reused while its
inputs are unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from segraph.errors import ArgumentError
from segraph.rdf.build import build_graph
from segraph.rdf.persist import check_store, persistent_graph
from segraph.rdf.reader import load_graph, parse_into
from segraph.rdf.stores import DEFAULT_STORE


def open_graph(
    data: Sequence[str | Path] = (),
    rdf: Sequence[str | Path] = (),
    graph_file: str | Path | None = None,
    store: str = DEFAULT_STORE,
    store_path: str | Path | None = None,
    lenient: bool = False,
) -> Graph:
    """Return the graph of ``graph_file`` plus ``rdf``, or else the build of ``data`` plus ``rdf``.

    Parameters
    ----------
    data, rdf, lenient : as for :func:`segraph.rdf.build.build_graph` (``data`` empty: the
        bundled Seoul 2021 dataset).
    graph_file : an exported RDF file to read instead of building; not with ``data``.
    store : ``"oxigraph"`` or ``"memory"``.
    store_path : a folder for an on-disk Oxigraph store holding the graph. It is (re)filled
        only when the inputs or options changed since it was filled
        (:func:`segraph.rdf.persist.persistent_graph`), so it always holds exactly these
        inputs. Call ``graph.close()`` when done, to release Oxigraph's lock on the folder.

    Examples
    --------
    >>> graph = open_graph()  # doctest: +SKIP
    """
    if graph_file is None:
        return build_graph(
            data=list(data), rdf=list(rdf), store=store, store_path=store_path, lenient=lenient
        )
    if data:
        raise ArgumentError(
            "graph_file", "reads an exported graph: give either {graph_file} or {data}, not both"
        )
    if store_path is None:
        graph = load_graph(graph_file, store)
        for path in rdf:
            parse_into(graph, Path(path))
        return graph
    check_store(store)
    files = [Path(graph_file), *map(Path, rdf)]

    def fill(graph: Graph) -> None:
        for path in files:
            parse_into(graph, path)

    graph, _ = persistent_graph(store_path, files, {"graph": True}, fill)
    return graph
