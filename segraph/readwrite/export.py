"""``segraph export``: write the collaboration network for Gephi, Cytoscape, Kumu and
spreadsheets (:mod:`segraph.readwrite.network_files`), or the RDF graph as JSON-LD."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph.errors import ArgumentError
from segraph.rdf.serialize import write_graph
from segraph.rdf.stores import triple_count
from segraph.readwrite.gephi import write_gexf, write_graphml
from segraph.readwrite.kumu import write_kumu_csv, write_kumu_json
from segraph.readwrite.network_files import export_network
from segraph.readwrite.tables import write_csv

#: Network export format → its writer (``path`` is a file, or a folder for two-file formats).
WRITERS: dict[str, Callable[[nx.Graph, str | Path], Any]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "kumu-json": write_kumu_json,
    "kumu-csv": write_kumu_csv,
    "csv": write_csv,
}

#: Formats that write a folder of files rather than one file.
FOLDER_FORMATS: frozenset[str] = frozenset({"kumu-csv", "csv"})

#: Every format ``segraph export`` writes: the network formats, then JSON-LD.
FORMATS: tuple[str, ...] = (*WRITERS, "jsonld")

#: Output suffix → the format it implies when no format is given.
SUFFIX_FORMATS: dict[str, str] = {".graphml": "graphml", ".gexf": "gexf", ".jsonld": "jsonld"}


def export_format(fmt: str | None, output: str | Path | None) -> str:
    """Return ``fmt``, or the format the suffix of ``output`` implies.

    Examples
    --------
    >>> export_format(None, "seoul.gexf")
    'gexf'
    """
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output else None
    if fmt is None:
        raise ArgumentError("fmt", f"missing: give {{fmt}} ({', '.join(FORMATS)})")
    if fmt not in FORMATS:
        raise ArgumentError("fmt", f"'{fmt}': choose one of {', '.join(FORMATS)}")
    return fmt


def export(
    graph: Graph,
    output: str | Path,
    fmt: str | None = None,
    network: str = "collaboration",
    layer: str = "both",
    weighting: str = "count",
    with_metrics: bool = True,
) -> str:
    """Write ``graph``'s network (or, for ``jsonld``, the graph itself) to ``output``.

    Parameters
    ----------
    output : the file to write; a folder for ``kumu-csv`` and ``csv``.
    fmt : one of :data:`FORMATS`; None: from the suffix of ``output``.
    network, layer, weighting : as for :func:`~segraph.readwrite.network_files.export_network`.
    with_metrics : compute the measures and communities of the exported network, with the
        same ``layer`` and ``weighting`` (so they agree with ``segraph metrics`` given the same
        options and with the exported edges); False: export the measures the graph holds, if
        any (written by ``segraph build --with-metrics``).

    Returns
    -------
    What was written, for the user (``"wrote 187 nodes and 412 edges to seoul.gexf"``).
    """
    fmt = export_format(fmt, output)
    if fmt == "jsonld":
        write_graph(graph, output, "jsonld")
        return f"wrote {triple_count(graph)} triples to {output}"
    exported = export_network(
        graph, network, layer=layer, weighting=weighting, with_metrics=with_metrics
    )
    WRITERS[fmt](exported, output)
    return (
        f"wrote {exported.number_of_nodes()} nodes and {exported.number_of_edges()} edges "
        f"to {output}"
    )
