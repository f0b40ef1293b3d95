"""The page data of a community-level map: the community nodes and the ties between them (as
vis-network records in a pyvis ``Network``), and, for the drill-down, every community's members
and ties in a compact form that the page script turns into records when a community is opened.

Member tooltips and details are built by the page script from this data with ``textContent``
(no HTML), so a name from the data stays text there too.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network

from segraph.drawing.community import CommunityLevel
from segraph.drawing.details import drawn_ties, organisation_facts, tie_types
from segraph.drawing.layout import Position
from segraph.drawing.pyvis_network import NO_ARROWS
from segraph.drawing.style import (
    COPARTICIPATION_COLOUR,
    MAX_EDGE_WIDTH,
    ORGANISATION_SHAPE,
    edge_width,
    node_sizes,
    tie_style,
)
from segraph.drawing.tooltip import community_tooltip
from segraph.drawing.view import MapView
from segraph.network.groups import edges_within

#: The largest community node (the page's organisation nodes are at most 30 pixels).
MAX_COMMUNITY_SIZE = 60.0
#: Prefix of the vis-network ids of community nodes (organisation ids are IRIs).
COMMUNITY_ID = "community:"


def community_network(view: MapView, level: CommunityLevel) -> Network:
    """Return a pyvis ``Network`` with one node per community and one edge per pair of
    communities with ties between their members (width: how many ties)."""
    net = Network(directed=True)
    sizes = node_sizes({c.key: len(c.members) for c in level.communities}, MAX_COMMUNITY_SIZE)
    for community in level.communities:
        ko, en = community.name
        x, y = level.positions[community.key]
        net.nodes.append(
            {
                "id": COMMUNITY_ID + community.key,
                "label": f"{ko if view.spec.lang == 'ko' else en} ({len(community.members)})",
                "label_ko": f"{ko} ({len(community.members)})",
                "label_en": f"{en} ({len(community.members)})",
                "shape": ORGANISATION_SHAPE,
                "color": community.colour,
                "colourGroup": COMMUNITY_ID + community.key,
                "size": sizes[community.key],
                "kind": "",
                "district": "",
                "nodeType": "community",
                "community": community.key,
                "programs": [],
                "members": len(community.members),
                "title": community_tooltip(
                    community.name,
                    len(community.members),
                    community.profile,
                    view.terms,
                    level.districts_en,
                ),
                "x": x,
                "y": y,
            }
        )
    most = max((count for count, _ in level.ties.values()), default=0)
    for number, ((a, b), (count, strength)) in enumerate(level.ties.items()):
        title = (
            f'<div class="tip-row"><span class="tip-key">조직 간 연결 ties between members</span> '
            f"<strong>{count}</strong> (strength {strength:g})</div>"
        )
        edge = Edge(
            COMMUNITY_ID + a,
            COMMUNITY_ID + b,
            id=f"e{number}",
            arrows=NO_ARROWS,
            color=COPARTICIPATION_COLOUR,
            width=edge_width(count, most, MAX_EDGE_WIDTH),
            title=title,
            ties="",
            count=count,
        )
        net.edges.append(edge.options)
    return net


#: Key of the one member set of a large organisation-level map written in compact form.
EVERY_ORGANISATION = "all"


def drill_data(
    view: MapView, level: CommunityLevel | None, programs: list[list[Any]]
) -> dict[str, Any]:
    """Return every community's members and ties in the compact form the page script reads
    (``level`` None: the whole network as one set, :data:`EVERY_ORGANISATION`, at the positions
    of ``view``; large organisation-level maps are written so).

    ``prefix`` is the part all organisation IRIs share (left out of each member's id);
    ``styles`` the ``[colour, dashes]`` of the edges. A member is ``[id, Korean name, English
    name, kind, district, colour group, size, x, y, taken, measures, legal form,
    designations]`` (the last four from :func:`segraph.drawing.details.organisation_facts`,
    program indexes into ``programs``), an edge ``[member index, member index, width, style
    index, shared programs, ties]`` (ties as :func:`~segraph.drawing.details.drawn_ties` writes
    them).
    """
    network = view.network
    prefix = _shared_prefix([str(node) for node in network])
    index = {row[0]: i for i, row in enumerate(programs)}
    styles: list[list[Any]] = []
    style_index: dict[str, int] = {}
    drawn: dict[str, int] = {}  # ties text → style index, made once each

    def drawing(text: str) -> int:
        style = tie_style(tie_types(text))
        style_key = repr(style)
        if style_key not in style_index:
            style_index[style_key] = len(styles)
            styles.append([style[0], style[1]])
        return style_index[style_key]

    most = max((float(a.get("weight") or 0) for _, _, a in network.edges(data=True)), default=0.0)
    communities: dict[str, dict[str, Any]] = {}
    sets = (
        [(c.key, c.members, c.positions) for c in level.communities]
        if level is not None
        else [(EVERY_ORGANISATION, tuple(network), view.positions)]
    )
    within = edges_within(network, [group for _, group, _ in sets])
    for (key, group, positions), ties_within in zip(sets, within, strict=True):
        position = {member: i for i, member in enumerate(group)}
        members = [_member(view, node, positions[node], prefix, index) for node in group]
        edges = []
        for a, b, attrs in ties_within:
            ties = drawn_ties(view, a, b, attrs) if attrs.get("ties") else ""
            if ties not in drawn:
                drawn[ties] = drawing(ties)
            style = drawn[ties]
            weight = float(attrs.get("weight") or 0)
            width = edge_width(weight, most) if weight > 0 else 2.0
            shared = int(attrs.get("shared_programs") or 0)
            edges.append([position[a], position[b], width, style, shared, ties])
        edges.sort()
        communities[key] = {"members": members, "edges": edges}
    return {"prefix": prefix, "styles": styles, "communities": communities}


def _member(
    view: MapView, node: Hashable, at: Position, prefix: str, index: dict[str, int]
) -> list[Any]:
    attrs = view.network.nodes[node]
    ko = str(attrs.get("label_ko") or attrs.get("id") or node)
    en = str(attrs.get("label_en") or view.romanised.get(str(node), ""))
    x, y = at
    return [
        str(node)[len(prefix) :],
        ko,
        en,
        str(attrs.get("kind") or ""),
        str(attrs.get("district") or ""),
        view.groups[node],
        view.sizes[node],
        x,
        y,
        *organisation_facts(view, node, index),
    ]


def _shared_prefix(ids: list[str]) -> str:
    """The longest start, up to a ``/``, that every id has (the sorted first and last suffice)."""
    low, high = min(ids), max(ids)
    same = 0
    while same < min(len(low), len(high)) and low[same] == high[same]:
        same += 1
    return low[: low.rfind("/", 0, same) + 1]
