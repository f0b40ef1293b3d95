"""The page data of a community-level map: the community nodes and the ties between them (as
vis-network records in a pyvis ``Network``), and, for the drill-down, every community's members
and ties in a compact form that the page script turns into records when a community is opened.

Member tooltips are built by the page script from this data with ``textContent`` (no HTML), so
a name from the data stays text there too.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network

from segraph.drawing.community import CommunityLevel
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
    colours = {entry.key: entry.colour for entry in view.legend}
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
                "color": colours[community.group],
                "colourGroup": community.group,
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


def drill_data(view: MapView, level: CommunityLevel | None) -> dict[str, Any]:
    """Return every community's members and ties in the compact form the page script reads
    (``level`` None: the whole network as one set, :data:`EVERY_ORGANISATION`, at the positions
    of ``view``; large organisation-level maps are written so).

    ``prefix`` is the part all organisation IRIs share (left out of each member's id);
    ``programs`` lists ``[IRI, Korean, English, index of the parent or -1]`` of the programs the
    members take part in and those above them; ``styles`` the ``[colour, dashes]`` of the edges;
    ``measures`` the (Korean, English) names of the measures each member carries. A member is
    ``[id, Korean name, English name, kind, district, colour group, size, x, y, [program
    indexes], [measure values]]``, an edge ``[member index, member index, width, style index,
    shared programs, ties]``.
    """
    network = view.network
    prefix = _shared_prefix([str(node) for node in network])
    programs = _program_table(view)
    index = {row[0]: i for i, row in enumerate(programs)}
    styles: list[list[Any]] = []
    style_index: dict[str, int] = {}
    drawn: dict[str, tuple[int, str]] = {}  # ties text → (style index, ties), made once each

    def drawing(text: str) -> tuple[int, str]:
        ties = [t for t in text.split(";") if t]
        style = tie_style(ties)
        style_key = repr(style)
        if style_key not in style_index:
            style_index[style_key] = len(styles)
            styles.append([style[0], style[1]])
        return style_index[style_key], ";".join(ties)

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
            text = str(attrs.get("ties") or "")
            if text not in drawn:
                drawn[text] = drawing(text)
            style, ties = drawn[text]
            weight = float(attrs.get("weight") or 0)
            width = edge_width(weight, most) if weight > 0 else 2.0
            shared = int(attrs.get("shared_programs") or 0)
            edges.append([position[a], position[b], width, style, shared, ties])
        edges.sort()
        communities[key] = {"members": members, "edges": edges}
    return {
        "prefix": prefix,
        "programs": programs,
        "styles": styles,
        "measures": [list(view.terms.measure(name)) for name in view.measures],
        "ties": {t: list(view.terms.name("tie", t)) for t in _tie_types(view)},
        "communities": communities,
    }


def _member(
    view: MapView, node: Hashable, at: Position, prefix: str, index: dict[str, int]
) -> list[Any]:
    attrs = view.network.nodes[node]
    ko = str(attrs.get("label_ko") or attrs.get("id") or node)
    en = str(attrs.get("label_en") or view.romanised.get(str(node), ""))
    x, y = at
    taken = sorted({index[p] for p, _ in view.participations.get(node, []) if p in index})
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
        taken,
        [round(values[node], 6) for values in view.measures.values()],
    ]


def _program_table(view: MapView) -> list[list[Any]]:
    """The programs the members take part in and every program above them, by IRI."""
    used: set[str] = set()
    for taken in view.participations.values():
        for program, _ in taken:
            used.update(view.program_path(program))
    order = sorted(used)
    where = {iri: i for i, iri in enumerate(order)}
    rows = []
    for iri in order:
        attrs = view.programs[iri]
        ko = attrs["label_ko"]
        rows.append([iri, ko, attrs["label_en"] or ko, where.get(attrs["parent"], -1)])
    return rows


def _tie_types(view: MapView) -> list[str]:
    edges = view.network.edges(data=True)
    return sorted({t for _, _, a in edges for t in str(a.get("ties") or "").split(";") if t})


def _shared_prefix(ids: list[str]) -> str:
    """The longest start, up to a ``/``, that every id has (the sorted first and last suffice)."""
    low, high = min(ids), max(ids)
    same = 0
    while same < min(len(low), len(high)) and low[same] == high[same]:
        same += 1
    return low[: low.rfind("/", 0, same) + 1]
