"""Turn a :class:`~segraph.drawing.view.MapView` into a pyvis ``Network``, node by node.

pyvis is used as the container of vis-network's node and edge records; its own page writer is
not (see :mod:`segraph.drawing.page`). ``from_nx`` is avoided because it mutates its input.
Labels are plain text (vis-network draws them on a canvas); tooltips are HTML with every string
from the data escaped (:mod:`segraph.drawing.tooltip`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network

from segraph.drawing.style import (
    DISTRICT_MAX_EDGE_WIDTH,
    MAX_EDGE_WIDTH,
    ORGANISATION_SHAPE,
    PARTICIPATION_COLOUR,
    PROGRAM_SHAPE,
    edge_width,
    tie_style,
)
from segraph.drawing.tooltip import (
    collaboration_edge_tooltip,
    organisation_tooltip,
    participation_edge_tooltip,
    program_tooltip,
)
from segraph.drawing.view import MapView

#: Width of an edge that is a direct tie only (no shared program, so no weight).
FORMAL_ONLY_WIDTH = 2.0
#: vis-network draws no arrow heads: the ties of the collaboration network are undirected.
NO_ARROWS = {"to": {"enabled": False}}


def to_pyvis(view: MapView) -> Network:
    """Return a pyvis ``Network`` holding the nodes and edges of ``view``.

    Nodes carry, besides vis-network's own fields, the data the page's controls use:
    ``label_ko``, ``label_en`` (the English name, else the romanised one), ``kind``,
    ``district``, ``programs`` (the IRIs of the programs the node takes part in or is, with the
    programs above them) and ``colourGroup``.
    """
    # Edges are appended as pyvis ``Edge`` records: ``Network.add_edge`` checks both ends with a
    # scan of the node list, which makes adding m edges O(n·m) (minutes at 10,000 organisations);
    # a networkx graph has neither duplicate edges nor edges to missing nodes.
    net = Network(directed=True)
    colours = {entry.key: entry.colour for entry in view.legend}
    for node, attrs in view.network.nodes(data=True):
        net.add_node(str(node), **_node_fields(view, node, attrs, colours[view.groups[node]]))
    weights = [float(a.get("weight") or 0) for _, _, a in view.network.edges(data=True)]
    max_weight = max(weights, default=0.0)
    for number, (a, b, attrs) in enumerate(view.network.edges(data=True)):
        edge = Edge(
            str(a),
            str(b),
            id=f"e{number}",
            arrows=NO_ARROWS,
            **_edge_fields(view, attrs, max_weight),
        )
        net.edges.append(edge.options)
    return net


def _node_fields(
    view: MapView, node: Hashable, attrs: dict[str, Any], colour: str
) -> dict[str, Any]:
    is_program = attrs.get("type") == "program"
    ko = str(attrs.get("label_ko") or attrs.get("id") or node)
    en = str(attrs.get("label_en") or view.romanised.get(str(node), ""))
    fields: dict[str, Any] = {
        "label": ko if view.spec.lang == "ko" else en or ko,
        "label_ko": ko,
        "label_en": en,
        "shape": PROGRAM_SHAPE if is_program else ORGANISATION_SHAPE,
        "color": colour,
        "colourGroup": view.groups[node],
        "size": view.sizes[node],
        "kind": "" if is_program else str(attrs.get("kind") or ""),
        "district": "" if is_program else str(attrs.get("district") or ""),
        "nodeType": "program" if is_program else "organisation",
    }
    if is_program:
        fields["programs"] = view.program_path(str(node))
        area = attrs.get("area")
        area_names = (
            (view.programs[area]["label_ko"], view.programs[area]["label_en"])
            if area in view.programs
            else None
        )
        fields["title"] = program_tooltip(attrs, area_names, view.network.degree(node))
    else:
        taken = view.participations.get(node, [])
        fields["programs"] = sorted({p for program, _ in taken for p in view.program_path(program)})
        listed = [
            (view.programs[p]["label_ko"], view.programs[p]["label_en"], roles)
            for p, roles in taken
        ]
        measures = [(*view.terms.measure(m), values[node]) for m, values in view.measures.items()]
        fields["title"] = organisation_tooltip(attrs, view.terms, listed, measures)
    if node in view.positions:
        fields["x"], fields["y"] = view.positions[node]
    return fields


def _edge_fields(view: MapView, attrs: dict[str, Any], max_weight: float) -> dict[str, Any]:
    if "roles" in attrs:  # organisation–program edge of the two-mode view
        roles = [r for r in attrs["roles"].split(";") if r]
        years = [y for y in attrs["years"].split(";") if y]
        return {
            "color": PARTICIPATION_COLOUR,
            "width": 1.5,
            "title": participation_edge_tooltip(roles, years, view.terms),
            "ties": "",
        }
    ties = [t for t in str(attrs.get("ties") or "").split(";") if t]
    colour, dashes = tie_style(ties)
    weight = float(attrs.get("weight") or 0)
    widest = DISTRICT_MAX_EDGE_WIDTH if view.spec.layout == "district" else MAX_EDGE_WIDTH
    programs = [p for p in str(attrs.get("programs") or "").split(";") if p]
    names = [
        (view.programs[p]["label_ko"], view.programs[p]["label_en"])
        for p in programs
        if p in view.programs
    ]
    return {
        "color": colour,
        "dashes": dashes,
        "width": edge_width(weight, max_weight, widest) if weight > 0 else FORMAL_ONLY_WIDTH,
        "title": collaboration_edge_tooltip(attrs, view.terms, names),
        "ties": ";".join(ties),
    }
