"""Interactive maps of the ecosystem: one self-contained, offline, searchable HTML page.

The knowledge graph → a networkx view (:mod:`segraph.network`) → a pyvis ``Network`` built node
by node → a page of segraph's own with vis-network inlined, written as UTF-8, atomically::

    import segraph
    from segraph.mapview import MapSpec, write_map
    page = write_map(segraph.build_graph(), "mapo.html", MapSpec(districts=("마포구",)))
    print(page.nodes, page.edges)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from segraph.mapview.measures import SIZE_MEASURES
from segraph.mapview.page import render_page, write_page
from segraph.mapview.pyvis_network import to_pyvis
from segraph.mapview.view import (
    COLOUR_SCHEMES,
    LANGUAGES,
    LAYOUTS,
    NETWORKS,
    MapSpec,
    MapView,
    map_view,
)


@dataclass(frozen=True)
class MapPage:
    """A rendered map: its HTML and how many nodes and edges it shows."""

    html: str
    nodes: int
    edges: int
    view: MapView


def make_map(graph: Graph, spec: MapSpec | None = None) -> MapPage:
    """Return the HTML page of the map ``spec`` describes.

    Raises
    ------
    UsageError
        for an option value or a name that matches nothing (listing close matches).
    """
    view = map_view(graph, spec)
    html = render_page(view, to_pyvis(view))
    network = view.network
    return MapPage(html, network.number_of_nodes(), network.number_of_edges(), view)


def write_map(graph: Graph, path: str | Path, spec: MapSpec | None = None) -> MapPage:
    """Write the map ``spec`` describes to ``path`` (UTF-8, atomically) and return it."""
    page = make_map(graph, spec)
    write_page(path, page.html)
    return page


__all__ = [
    "COLOUR_SCHEMES",
    "LANGUAGES",
    "LAYOUTS",
    "NETWORKS",
    "SIZE_MEASURES",
    "MapPage",
    "MapSpec",
    "MapView",
    "make_map",
    "map_view",
    "write_map",
]
