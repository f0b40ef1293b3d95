"""The measures a map can size nodes by, by name.

Each entry takes the network shown and returns a value per node. Tooltips list every measure
computed for the map.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import networkx as nx

Measure = Callable[[nx.Graph], dict[Hashable, float]]


def degree(network: nx.Graph) -> dict[Hashable, float]:
    """Return each node's degree: how many others it is tied to in the map."""
    return {node: float(value) for node, value in network.degree()}


#: Measure name → function; ``--size-by`` offers these names.
SIZE_MEASURES: dict[str, Measure] = {"degree": degree}
