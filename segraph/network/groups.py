"""The ties of a network inside each of several groups of its nodes, found in one pass.

A networkx subgraph view filters every lookup through its node set, which makes walking the
ties of hundreds of communities one view at a time slow on a national network (seconds); one
pass over the network's ties sorts them all.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx

Edge = tuple[Hashable, Hashable, dict[str, Any]]


def edges_within(network: nx.Graph, groups: Sequence[Sequence[Hashable]]) -> list[list[Edge]]:
    """For each group of nodes, the ties of ``network`` between two of its members, as
    ``(a, b, attributes)`` in the network's own order (a node in several groups counts for the
    last).

    Examples
    --------
    >>> net = nx.Graph([(1, 2), (2, 3), (3, 4)])
    >>> [[(a, b) for a, b, _ in edges] for edges in edges_within(net, [(1, 2, 3), (4,)])]
    [[(1, 2), (2, 3)], []]
    """
    where: dict[Hashable, int] = {}
    for index, members in enumerate(groups):
        where.update(dict.fromkeys(members, index))
    found: list[list[Edge]] = [[] for _ in groups]
    for a, b, attrs in network.edges(data=True):
        index = where.get(a)
        if index is not None and index == where.get(b):
            found[index].append((a, b, attrs))
    return found


def group_networks(network: nx.Graph, groups: Sequence[Sequence[Hashable]]) -> list[nx.Graph]:
    """Each group's members and the ties among them (with their attributes), as a graph of its
    own; nodes in the group's order."""
    graphs = []
    for members, edges in zip(groups, edges_within(network, groups), strict=True):
        graph = nx.Graph()
        graph.add_nodes_from(members)
        graph.add_edges_from(edges)
        graphs.append(graph)
    return graphs
