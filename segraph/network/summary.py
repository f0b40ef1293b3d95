"""Whole-network measures of a collaboration network: size, density, components, clustering,
mixing by district and kind."""

from __future__ import annotations

from typing import Any

import networkx as nx

from segraph._util.seed import SEED
from segraph.network.mixing import assortativity, ei_index
from segraph.network.model import NetworkLike, as_network

#: Above this many nodes the average clustering coefficient is estimated from samples.
EXACT_CLUSTERING_LIMIT = 5000
#: Sampled (node, pair of its neighbours) trials for the estimate.
CLUSTERING_TRIALS = 20_000


def average_clustering(network: nx.Graph, seed: int = SEED) -> float:
    """The average clustering coefficient (nodes of degree < 2 count as 0).

    Above :data:`EXACT_CLUSTERING_LIMIT` nodes it is estimated from
    :data:`CLUSTERING_TRIALS` seeded trials (a random node, two random neighbours: are they
    tied?; Schank & Wagner, 2005), within about ±0.01; exact below.
    """
    if len(network) == 0:
        return 0.0
    if len(network) <= EXACT_CLUSTERING_LIMIT:
        return float(nx.average_clustering(network))
    from networkx.algorithms import approximation

    return float(approximation.average_clustering(network, trials=CLUSTERING_TRIALS, seed=seed))


def network_summary(network: NetworkLike) -> dict[str, Any]:
    """Return whole-network measures of the collaboration network.

    Keys: ``nodes``, ``edges``, ``density``, ``components``, ``largest_component``,
    ``isolates``, ``average_clustering``, ``assortativity_district``, ``assortativity_kind``,
    ``ei_district``, ``ei_kind`` (None where undefined; organisations without the value are
    left out of them), and ``coverage_district``, ``coverage_kind``: (organisations with the
    value, organisations).
    """
    view = as_network(network)
    network = view.graph
    components = [len(members) for members in view.structure().components()]
    return {
        "nodes": network.number_of_nodes(),
        "edges": network.number_of_edges(),
        "density": nx.density(network) if len(network) > 1 else 0.0,
        "components": len(components),
        "largest_component": max(components, default=0),
        "isolates": nx.number_of_isolates(network),
        "average_clustering": average_clustering(network),
        "assortativity_district": assortativity(view, "district"),
        "assortativity_kind": assortativity(view, "kind"),
        "ei_district": ei_index(view, "district"),
        "ei_kind": ei_index(view, "kind"),
        "coverage_district": coverage(network, "district"),
        "coverage_kind": coverage(network, "kind"),
    }


def coverage(network: nx.Graph, attribute: str) -> tuple[int, int]:
    """(nodes whose ``attribute`` is known, nodes): how much of the network a measure by that
    attribute speaks for."""
    known = sum(1 for _, value in network.nodes(data=attribute) if value not in (None, ""))
    return known, network.number_of_nodes()
