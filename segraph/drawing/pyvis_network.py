"""Turn a :class:`~segraph.drawing.view.MapView` into a pyvis ``Network``, node by node.

pyvis is used as the container of vis-network's node and edge records; its own page writer is
not (see :mod:`segraph.drawing.page`). ``from_nx`` is avoided because it mutates its input.
Labels are plain text (the page script draws them on the canvas). Organisations and their ties
carry the facts of :mod:`segraph.drawing.details`, from which the page script makes their
tooltips and details panel as text; programs and participations (two-mode view) have HTML
tooltips with every string from the data escaped (:mod:`segraph.drawing.tooltip`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network

from segraph.drawing.details import drawn_ties, organisation_facts
from segraph.drawing.style import (
    DISTRICT_MAX_EDGE_WIDTH,
    MAX_EDGE_WIDTH,
    ORGANISATION_SHAPE,
    PARTICIPATION_COLOUR,
    PROGRAM_SHAPE,
    edge_width,
    tie_style,
)
from segraph.drawing.tooltip import participation_edge_tooltip, program_tooltip
from segraph.drawing.view import MapView

#: Width of an edge that is a direct tie only (no shared program, so no weight).
FORMAL_ONLY_WIDTH = 2.0
#: No arrow heads (the page script adds them to directed ties).
NO_ARROWS = {"to": {"enabled": False}}


def to_pyvis(view: MapView, programs: list[list[Any]]) -> Network:
    """Return a pyvis ``Network`` holding the nodes and edges of ``view``.

    Nodes carry, besides vis-network's own fields, the data the page's controls use:
    ``label_ko``, ``label_en`` (the English name, else the romanised one), ``kind``,
    ``district``, ``programs`` (the IRIs of the programs the node takes part in or is, with the
    programs above them) and ``colourGroup``; organisations also ``taken``, ``measures``,
    ``legal`` and ``designations`` (:func:`segraph.drawing.details.organisation_facts`, program
    indexes into ``programs``, the table of :func:`~segraph.drawing.details.program_table`).
    Edges between organisations carry ``ties`` (:func:`~segraph.drawing.details.drawn_ties`),
    ``shared`` (how many programs) and ``programIndexes``.
    """
    index = {row[0]: i for i, row in enumerate(programs)}
    # Edges are appended as pyvis ``Edge`` records: ``Network.add_edge`` checks both ends with a
    # scan of the node list, which makes adding m edges O(n·m) (minutes at 10,000 organisations);
    # a networkx graph has neither duplicate edges nor edges to missing nodes.
    net = Network(directed=True)
    colours = {entry.key: entry.colour for entry in view.legend}
    for node, attrs in view.network.nodes(data=True):
        fields = _node_fields(view, node, attrs, colours[view.groups[node]], index)
        net.add_node(str(node), **fields)
    weights = [float(a.get("weight") or 0) for _, _, a in view.network.edges(data=True)]
    max_weight = max(weights, default=0.0)
    for number, (a, b, attrs) in enumerate(view.network.edges(data=True)):
        edge = Edge(
            str(a),
            str(b),
            id=f"e{number}",
            arrows=NO_ARROWS,
            **_edge_fields(view, (a, b, attrs), max_weight, index),
        )
        net.edges.append(edge.options)
    return net


def _node_fields(
    view: MapView, node: Hashable, attrs: dict[str, Any], colour: str, index: dict[str, int]
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
        fields["programs"] = sorted({p for t in taken for p in view.program_path(t.program)})
        facts = organisation_facts(view, node, index)
        fields.update(zip(("taken", "measures", "legal", "designations"), facts, strict=True))
    if node in view.positions:
        fields["x"], fields["y"] = view.positions[node]
    return fields


def _edge_fields(
    view: MapView,
    edge: tuple[Hashable, Hashable, dict[str, Any]],
    max_weight: float,
    index: dict[str, int],
) -> dict[str, Any]:
    first, second, attrs = edge
    if "roles" in attrs:  # organisation–program edge of the two-mode view
        roles = [r for r in attrs["roles"].split(";") if r]
        years = [y for y in attrs["years"].split(";") if y]
        return {
            "color": PARTICIPATION_COLOUR,
            "width": 1.5,
            "title": participation_edge_tooltip(roles, years, view.terms),
            "ties": "",
        }
    colour, dashes = tie_style([t for t in str(attrs.get("ties") or "").split(";") if t])
    weight = float(attrs.get("weight") or 0)
    widest = DISTRICT_MAX_EDGE_WIDTH if view.spec.layout == "district" else MAX_EDGE_WIDTH
    programs = [p for p in str(attrs.get("programs") or "").split(";") if p]
    return {
        "color": colour,
        "dashes": dashes,
        "width": edge_width(weight, max_weight, widest) if weight > 0 else FORMAL_ONLY_WIDTH,
        "ties": drawn_ties(view, first, second, attrs),
        "shared": int(attrs.get("shared_programs") or 0),
        "programIndexes": sorted(index[p] for p in programs if p in index),
    }
