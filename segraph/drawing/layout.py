"""Node positions computed in Python: a seeded force layout for large graphs and the schematic
district layout (organisations gathered around their district's anchor on a map of Seoul)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from segraph.drawing.seoul import SEOUL_DISTRICTS

#: Above this many nodes the page does not run the physics simulation: the layout is computed
#: here and the page opens with physics off.
PYTHON_LAYOUT_THRESHOLD = 1500
LAYOUT_SEED = 7
#: Distance between neighbouring nodes in a district cluster, in page pixels.
NODE_SPACING = 40.0
#: Up to this many nodes :func:`spring_positions` computes every repulsion; above, a sample.
EXACT_REPULSION_LIMIT = 1000
REPULSION_SAMPLE = 300
_CHUNK = 2048
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))

Position = tuple[float, float]

#: Group keys of the nodes that have no Seoul district: organisations, then programs.
NO_DISTRICT = ""
PROGRAMS = "program"


@dataclass(frozen=True)
class Anchor:
    """Where a group of nodes sits on the district map: its centre and the radius it covers."""

    key: str
    name_ko: str
    name_en: str
    x: float
    y: float
    radius: float


def cluster_radius(count: int, spacing: float = NODE_SPACING) -> float:
    """Return the radius of a sunflower cluster of ``count`` nodes."""
    return spacing * math.sqrt(max(count, 1))


def sunflower(count: int, centre: Position, spacing: float = NODE_SPACING) -> list[Position]:
    """Return ``count`` points spread evenly over a disc (Vogel's sunflower), centre first.

    The same count always gives the same points, so layouts are reproducible without a seed.
    """
    cx, cy = centre
    points = []
    for i in range(count):
        r = spacing * math.sqrt(i + 0.5) * 0.95
        theta = i * _GOLDEN_ANGLE
        points.append((round(cx + r * math.cos(theta), 1), round(cy + r * math.sin(theta), 1)))
    return points


def _group_key(attrs: dict) -> str:
    if attrs.get("type") == "program":
        return PROGRAMS
    code = str(attrs.get("district") or "")
    return code if code in SEOUL_DISTRICTS else NO_DISTRICT


def _order(network: nx.Graph, node: Hashable) -> tuple[str, str]:
    return (str(network.nodes[node].get("label_ko", "")), str(node))


def district_layout(network: nx.Graph) -> tuple[dict[Hashable, Position], list[Anchor]]:
    """Place every node around the anchor of its Seoul district.

    Organisations with no district (or one outside Seoul) form a separate group east of the map,
    and so do programs in the two-mode view. Within a group nodes are ordered by Korean name and
    spread on a sunflower disc, so the layout is deterministic.

    Returns
    -------
    positions : node → (x, y) in page pixels
    anchors : the groups that hold at least one node, with centre and radius (for drawing
        their names behind the nodes)
    """
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for node, attrs in network.nodes(data=True):
        groups[_group_key(attrs)].append(node)
    anchors = []
    for code, district in SEOUL_DISTRICTS.items():
        if groups.get(code):
            x, y = district.anchor
            radius = cluster_radius(len(groups[code]))
            anchors.append(Anchor(code, district.name_ko, district.name_en, x, y, radius))
    right = max(d.anchor[0] for d in SEOUL_DISTRICTS.values())
    right += max((a.radius for a in anchors), default=NODE_SPACING) + 200
    extra_names = {
        NO_DISTRICT: ("서울 자치구 정보 없음", "No Seoul district"),
        PROGRAMS: ("사업", "Programs"),
    }
    for key, (name_ko, name_en) in extra_names.items():
        if groups.get(key):
            radius = cluster_radius(len(groups[key]))
            anchors.append(Anchor(key, name_ko, name_en, right + radius, 0.0, radius))
            right += 2 * radius + 200
    positions: dict[Hashable, Position] = {}
    for anchor in anchors:
        members = sorted(groups[anchor.key], key=lambda n: _order(network, n))
        positions.update(zip(members, sunflower(len(members), (anchor.x, anchor.y)), strict=True))
    return positions, anchors


def force_layout(network: nx.Graph, seed: int = LAYOUT_SEED) -> dict[Hashable, Position]:
    """Return a force-directed layout (Fruchterman-Reingold, fixed seed) scaled to page pixels.

    Used for graphs too large for the page's own physics simulation. Nodes are placed in sorted
    order, so the same network always gives the same layout. See :func:`spring_positions` for
    the cost.
    """
    if network.number_of_nodes() == 0:
        return {}
    nodes = sorted(network, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in network.edges()], dtype=np.int64)
    points = spring_positions(len(nodes), ends.reshape(-1, 2), seed)
    scale = NODE_SPACING * 1.5 * math.sqrt(len(nodes))
    points = points - points.mean(axis=0)
    reach = float(np.abs(points).max()) or 1.0
    points *= scale / reach
    pairs = zip(nodes, points.round(1).tolist(), strict=True)
    return {node: (x, y) for node, (x, y) in pairs}


def spring_positions(
    count: int, edges: np.ndarray, seed: int = LAYOUT_SEED, iterations: int = 50
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
