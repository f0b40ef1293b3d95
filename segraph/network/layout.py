"""A seeded force-directed layout of a network (Fruchterman-Reingold in numpy), fast enough
for tens of thousands of nodes; maps and Gephi exports place nodes with it."""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

from segraph._util.seed import SEED

#: Distance between neighbouring nodes in layout units (page pixels in a map).
SPACING = 60.0
#: Up to this many nodes :func:`spring_positions` computes every repulsion; above, a sample.
EXACT_REPULSION_LIMIT = 1000
REPULSION_SAMPLE = 300
_CHUNK = 2048

Position = tuple[float, float]


def force_layout(
    network: nx.Graph, seed: int = SEED, spacing: float = SPACING
) -> dict[Hashable, Position]:
    """Return a force-directed layout (Fruchterman-Reingold, seeded), centred on the origin.

    The layout spans about ``spacing`` × √n units each way (page pixels for a map, Gephi's
    units in an export). Nodes are placed in sorted order, so the same network and seed always
    give the same layout. See :func:`spring_positions` for the cost.

    Examples
    --------
    >>> positions = force_layout(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and positions == force_layout(nx.path_graph(3))
    True
    """
    if network.number_of_nodes() == 0:
        return {}
    nodes = sorted(network, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in network.edges()], dtype=np.int64)
    points = spring_positions(len(nodes), ends.reshape(-1, 2), seed)
    scale = spacing * math.sqrt(len(nodes))
    points = points - points.mean(axis=0)
    reach = float(np.abs(points).max()) or 1.0
    points *= scale / reach
    pairs = zip(nodes, points.round(1).tolist(), strict=True)
    return {node: (x, y) for node, (x, y) in pairs}


def spring_positions(
    count: int, edges: np.ndarray, seed: int = SEED, iterations: int = 50
) -> np.ndarray:
    """Return Fruchterman-Reingold positions in the unit square for ``count`` nodes.

    ``edges`` holds one row of two node numbers per edge. Every node repels every other with the
    force k²/d and each edge pulls its ends together with d²/k (k = √(1/count)); a temperature
    that falls linearly caps each step. Up to :data:`EXACT_REPULSION_LIMIT` nodes the repulsion
    is exact; above, each step draws :data:`REPULSION_SAMPLE` nodes at random (seeded) and
    scales their push by count/sample, so one step costs O(count·sample + edges) instead of
    O(count²).
    """
    rng = np.random.default_rng(seed)
    positions = rng.uniform(0.0, 1.0, (count, 2))
    ideal = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    first, second = edges[:, 0], edges[:, 1]
    for _ in range(iterations):
        if count <= EXACT_REPULSION_LIMIT:
            sources, factor = positions, 1.0
        else:
            sources = positions[rng.choice(count, REPULSION_SAMPLE, replace=False)]
            factor = (count - 1) / REPULSION_SAMPLE
        step = np.empty((count, 2))
        for start in range(0, count, _CHUNK):
            block = positions[start : start + _CHUNK]
            dx = block[:, 0, None] - sources[None, :, 0]
            dy = block[:, 1, None] - sources[None, :, 1]
            push = ideal * ideal / np.maximum(dx * dx + dy * dy, 1e-4)
            step[start : start + _CHUNK, 0] = (dx * push).sum(axis=1) * factor
            step[start : start + _CHUNK, 1] = (dy * push).sum(axis=1) * factor
        delta = positions[first] - positions[second]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / ideal)[:, None]
        for axis in (0, 1):
            step[:, axis] += np.bincount(second, pull[:, axis], count)
            step[:, axis] -= np.bincount(first, pull[:, axis], count)
        length = np.maximum(np.sqrt((step * step).sum(axis=1)), 0.01)
        positions += step * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return positions
