"""Interactive maps of the ecosystem: one self-contained, offline, searchable HTML page.

The knowledge graph → a networkx view (:mod:`segraph.network.views`) → a pyvis ``Network`` built
node by node → a page of segraph's own with vis-network inlined, written as UTF-8, atomically::

    import segraph
    from segraph.drawing import MapSpec, write_map
    page = write_map(segraph.build_graph(), "mapo.html", MapSpec(districts=("마포구",)))
    print(page.nodes, page.edges)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyvis.network import Network
from rdflib import Graph

from segraph._util.progress import step
from segraph.drawing.details import program_table
from segraph.drawing.drilldown import community_network
from segraph.drawing.measures import SIZE_MEASURES
from segraph.drawing.page import render_page, write_page
from segraph.drawing.pyvis_network import to_pyvis
from segraph.drawing.view import (
    COLOUR_SCHEMES,
    COMMUNITY_LEVEL_THRESHOLD,
    ISOLATES,
    LANGUAGES,
    LAYOUTS,
    LEVELS,
    NETWORKS,
    MapSpec,
    MapView,
    map_view,
)


@dataclass(frozen=True)
class MapPage:
    """A rendered map: its HTML and how many nodes and edges it shows (at the community level:
    community nodes and the ties between communities; ``organisations`` counts what they hold)."""

    html: str
    nodes: int
    edges: int
    view: MapView
    level: str = "organisation"
    organisations: int = 0


def make_map(graph: Graph, spec: MapSpec | None = None) -> MapPage:
    """Return the HTML page of the map ``spec`` describes.

    Raises
    ------
    UsageError
        for an option value or a name that matches nothing (listing close matches).
    """
    view = map_view(graph, spec)
    with step("map: page"):
        programs = program_table(view)
        if view.communities is not None:
            net = community_network(view, view.communities)
        elif view.compact:  # the page script builds the records from the compact data
            net = Network(directed=True)
        else:
            net = to_pyvis(view, programs)
        html = render_page(view, net, programs)
    organisations = view.network.number_of_nodes()
    if view.communities is not None:
        return MapPage(html, len(net.nodes), len(net.edges), view, "community", organisations)
    edges = view.network.number_of_edges()
    return MapPage(html, organisations, edges, view, "organisation", organisations)


def write_map(graph: Graph, path: str | Path, spec: MapSpec | None = None) -> MapPage:
    """Write the map ``spec`` describes to ``path`` (UTF-8, atomically) and return it."""
    page = make_map(graph, spec)
    write_page(path, page.html)
    return page


__all__ = [
    "COLOUR_SCHEMES",
    "COMMUNITY_LEVEL_THRESHOLD",
    "ISOLATES",
    "LANGUAGES",
    "LAYOUTS",
    "LEVELS",
    "NETWORKS",
    "SIZE_MEASURES",
    "MapPage",
    "MapSpec",
    "MapView",
    "make_map",
    "map_view",
    "write_map",
]
