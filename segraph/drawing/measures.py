"""The measures a map sizes nodes by, computed by :mod:`segraph.network.centrality` on the network
the map shows (so a filtered map ranks organisations within what it shows)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx

from segraph.network.centrality import MEASURES, organisation_measures

#: The measures ``--size-by`` offers (every per-node measure of :mod:`segraph.network.centrality`).
SIZE_MEASURES: tuple[str, ...] = MEASURES


def node_measures(network: nx.Graph, names: Iterable[str]) -> dict[str, dict[Hashable, float]]:
    """Return measure name → node → value for the measures ``names`` (of
    :data:`SIZE_MEASURES`), in the order given.

    Tie strength is the edges' ``strength``; the edges of the two-mode network have none and
    weigh 1 each.
    """
    names = list(dict.fromkeys(names))
    rows = organisation_measures(network, names=names)
    return {name: {node: float(rows[node][name]) for node in rows} for name in names}
