"""GraphML and GEXF files for Gephi, Cytoscape and igraph, with Gephi's colour, size and
position on every node; written atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx

from segraph._util.atomic import write_with_atomic
from segraph.network.analysis import PROVENANCE_COLUMNS
from segraph.readwrite.network_files import clean_network


def _for_graph_files(network: nx.Graph) -> nx.Graph:
    """A clean copy whose ``id`` attributes are renamed ``segraph_id``: the GEXF writer would
    take ``id`` for the node id, and igraph's GraphML reader for its vertex names."""
    clean = clean_network(network)
    for _, data in clean.nodes(data=True):
        if "id" in data:
            data["segraph_id"] = data.pop("id")
    return clean


def write_graphml(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GraphML (Gephi reads ``r``, ``g``, ``b``, ``x``, ``y``, ``size``).

    The node id is the node key (the IRI); segraph's ``id`` attribute becomes ``segraph_id``.
    """
    clean = _for_graph_files(network)
    write_with_atomic(path, lambda handle: nx.write_graphml(clean, handle))


def write_gexf(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GEXF 1.2 with ``viz`` colour, size and position on every node.

    The node id is the node key (the IRI); segraph's ``id`` attribute becomes ``segraph_id``.
    """
    clean = _for_graph_files(network)
    for _, data in clean.nodes(data=True):
        if {"r", "g", "b"} <= set(data):
            viz: dict[str, Any] = {
                "color": {"r": data.pop("r"), "g": data.pop("g"), "b": data.pop("b"), "a": 1.0}
            }
            if "size" in data:
                viz["size"] = data.pop("size")
            if "x" in data and "y" in data:
                viz["position"] = {"x": data.pop("x"), "y": data.pop("y"), "z": 0.0}
            data["viz"] = viz
    write_with_atomic(path, lambda handle: handle.writelines(_gexf_lines(clean)))


def _gexf_lines(network: nx.Graph) -> Iterator[bytes]:
    """networkx's GEXF, with what produced the network as the ``<meta>`` description."""
    # GEXF has no graph attributes: what produced the network goes into <meta><description>
    described = [f"{k}={network.graph[k]}" for k in PROVENANCE_COLUMNS if k in network.graph]
    yield b"<?xml version='1.0' encoding='utf-8'?>\n"
    for line in nx.generate_gexf(network):
        yield (line + "\n").encode("utf-8")
        if line.strip().startswith("<creator>") and described:
            text = escape("; ".join(described))
            yield f"    <description>{text}</description>\n".encode()
