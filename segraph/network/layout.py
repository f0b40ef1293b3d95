"""A seeded force-directed layout of a network (Fruchterman-Reingold in numpy), fast enough
for tens of thousands of nodes; maps and Gephi exports place nodes with it.

:func:`force_layouts` lays out many networks at once (the communities of a national map),
shared between this process and a forked child when the work is large.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np

from segraph._util.background import Background
from segraph._util.seed import SEED

#: Distance between neighbouring nodes in layout units (page pixels in a map).
SPACING = 60.0
#: Up to this many nodes :func:`spring_positions` computes every repulsion; above, a sample.
EXACT_REPULSION_LIMIT = 1000
REPULSION_SAMPLE = 300
_CHUNK = 2048
#: Layouts of more than this many node pairs in all (see :func:`layout_cost`) are shared between
#: two processes by :func:`force_layouts`.
PARALLEL_COST = 2_000_000

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
    # the ties in one order, whatever order the network gives them in (the forces are summed
    # in this order, and a layout amplifies the last bit of a sum)
    pairs = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in network.edges())
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    points = spring_positions(len(nodes), ends, seed)
    scale = spacing * math.sqrt(len(nodes))
    points = points - points.mean(axis=0)
    reach = float(np.abs(points).max()) or 1.0
    points *= scale / reach
    placed = zip(nodes, points.round(1).tolist(), strict=True)
    return {node: (x, y) for node, (x, y) in placed}


def layout_cost(count: int) -> int:
    """The node pairs one step of :func:`spring_positions` computes a repulsion for."""
    return count * min(count, REPULSION_SAMPLE if count > EXACT_REPULSION_LIMIT else count)


def force_layouts(
    networks: Sequence[nx.Graph], seed: int = SEED, spacing: float = SPACING
) -> list[dict[Hashable, Position]]:
    """Return :func:`force_layout` of each of ``networks``, in order.

    When the layouts cost more than :data:`PARALLEL_COST` node pairs in all, a forked child
    process lays out about half of the work (the networks dealt largest first to the side with
    less) while this process does the rest; each layout is the one :func:`force_layout` gives.
    """
    costs = [layout_cost(len(network)) for network in networks]
    if sum(costs) <= PARALLEL_COST:
        return [force_layout(network, seed, spacing) for network in networks]
    sides: tuple[list[int], list[int]] = ([], [])
    loads = [0, 0]
    for index in sorted(range(len(networks)), key=lambda i: (-costs[i], i)):
        lighter = 0 if loads[0] <= loads[1] else 1
        sides[lighter].append(index)
        loads[lighter] += costs[index]
    child = Background(lambda: [force_layout(networks[i], seed, spacing) for i in sides[1]])
    layouts: dict[int, dict[Hashable, Position]] = {
        i: force_layout(networks[i], seed, spacing) for i in sides[0]
    }
    layouts.update(zip(sides[1], child.result(), strict=True))
    return [layouts[i] for i in range(len(networks))]


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
    step = np.empty((count, 2))
    for _ in range(iterations):
        if count <= EXACT_REPULSION_LIMIT:
            sources, factor = positions, 1.0
        else:
            sources = positions[rng.choice(count, REPULSION_SAMPLE, replace=False)]
            factor = (count - 1) / REPULSION_SAMPLE
        _repulsion(positions, sources, ideal * ideal * factor, step)
        delta = positions[first] - positions[second]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / ideal)[:, None]
        for axis in (0, 1):
            step[:, axis] += np.bincount(second, pull[:, axis], count)
            step[:, axis] -= np.bincount(first, pull[:, axis], count)
        length = np.maximum(np.sqrt((step * step).sum(axis=1)), 0.01)
        positions += step * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return positions


def _repulsion(
    positions: np.ndarray, sources: np.ndarray, strength: float, out: np.ndarray
) -> None:
    """Write into ``out`` each node's push away from ``sources``: the sum over the sources of
    (p − s) · strength / max(|p − s|², 10⁻⁴), computed ``_CHUNK`` nodes at a time, in single
    precision (half the memory traffic of the pairwise arrays; ample for a picture)."""
    points, origins = positions.astype(np.float32), sources.astype(np.float32)
    for start in range(0, len(points), _CHUNK):
        block = points[start : start + _CHUNK]
        dx = np.subtract.outer(block[:, 0], origins[:, 0])
        dy = np.subtract.outer(block[:, 1], origins[:, 1])
        push = dx * dx
        push += dy * dy
        np.maximum(push, np.float32(1e-4), out=push)
        np.divide(np.float32(strength), push, out=push)
        out[start : start + _CHUNK, 0] = np.einsum("ij,ij->i", dx, push)
        out[start : start + _CHUNK, 1] = np.einsum("ij,ij->i", dy, push)
