"""Node positions of a map: the schematic district layout (organisations gathered around their
district's anchor on a map of Seoul) and the sunflower clusters it is made of. The force layout
is :func:`segraph.network.layout.force_layout`."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from segraph.drawing.seoul import SEOUL_DISTRICTS
from segraph.network.layout import Position

#: Above this many nodes the page does not run the physics simulation: the layout is computed
#: here and the page opens with physics off.
PYTHON_LAYOUT_THRESHOLD = 1500
#: Distance between neighbouring nodes in a district cluster, in page pixels.
NODE_SPACING = 40.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


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
