"""The network prepared for other tools: measures, layout, colours, sizes, clean values.

:func:`export_network` builds the collaboration (or two-mode) network from the RDF graph, adds
its measures and communities (computed on it, or those the graph holds), a seeded layout,
colours and sizes, and cleans every value so that the GraphML and GEXF writers accept it (they
reject ``None``; GraphML rejects lists). The writers are in :mod:`segraph.readwrite.gephi`,
:mod:`~segraph.readwrite.kumu` and :mod:`~segraph.readwrite.tables`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph import __version__
from segraph._util.colours import palette, rgb
from segraph.errors import ArgumentError
from segraph.network.analysis import AnalysisSettings, analyse
from segraph.network.layout import force_layout
from segraph.network.read import dataset_iris
from segraph.network.views import NETWORKS, NetworkFilter, collaboration_network, two_mode_network
from segraph.network.writeback import analysis_values
from segraph.rdf.namespaces import SEG
from segraph.rdf.serialize import xml_safe
from segraph.sparql.query import select

#: Smallest and largest node size written for Gephi.
SIZE_RANGE: tuple[float, float] = (5.0, 30.0)

MEASURES = """
SELECT ?org ?p ?value WHERE {
  ?org a org:Organization ; ?p ?value . FILTER(isNumeric(?value))
}
"""

COMMUNITIES = """
SELECT ?org ?community WHERE {
  ?org a org:Organization ; seg:community ?c .
  OPTIONAL { ?c seg:identifier ?cid }
  BIND(COALESCE(STR(?cid), REPLACE(STR(?c), "^.*[/#]", "")) AS ?community)
} ORDER BY ?org ?community
"""


def stored_measures(graph: Graph) -> dict[str, dict[str, Any]]:
    """Return the numeric ``seg:`` values (measures) and the community of every organisation.

    Whatever ``segraph build --with-metrics`` wrote is picked up: every ``seg:`` property with a
    numeric literal becomes an attribute named after the property (``betweenness``,
    ``pagerank``…), and ``seg:community`` becomes ``community`` (the community's id).
    """
    result: dict[str, dict[str, Any]] = {}
    rows = sorted((r["org"], r["p"], r["value"]) for r in select(graph, MEASURES))
    for org, prop, value in rows:
        if prop.startswith(str(SEG)):
            result.setdefault(org, {})[prop[len(str(SEG)) :]] = float(value)
    for row in select(graph, COMMUNITIES):
        result.setdefault(row["org"], {}).setdefault("community", str(row["community"]))
    return result


def clean_value(value: Any) -> str | int | float | bool:
    """Return ``value`` as a type GraphML and GEXF accept.

    ``None`` and NaN become ``""``; lists, tuples and sets are joined with ``;`` (sorted for
    sets); ``Decimal`` becomes ``float``; anything else that is not a bool, int, float or str
    becomes its string. Characters XML cannot hold (control characters from someone else's RDF)
    become U+FFFD.

    Examples
    --------
    >>> clean_value(None), clean_value({"b", "a"}), clean_value(Decimal("1.5"))
    ('', 'a;b', 1.5)
    >>> clean_value("a\\x01b") == "a\\ufffdb"
    True
    """
    plain = _plain_value(value)
    return xml_safe(plain) if isinstance(plain, str) else plain


def _plain_value(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return "" if math.isnan(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, set | frozenset):
        return ";".join(sorted(str(v) for v in value))
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def clean_network(network: nx.Graph) -> nx.Graph:
    """Return a copy of ``network`` whose graph, node and edge attributes are all clean values.

    The input network is not changed.
    """
    result = network.__class__()
    result.graph.update({k: clean_value(v) for k, v in network.graph.items()})
    for node, data in network.nodes(data=True):
        result.add_node(clean_value(node), **{k: clean_value(v) for k, v in data.items()})
    for a, b, data in network.edges(data=True):
        result.add_edge(
            clean_value(a), clean_value(b), **{k: clean_value(v) for k, v in data.items()}
        )
    return result


def _colour_key(data: dict[str, Any]) -> str:
    if data.get("community") not in (None, ""):
        return f"community {data['community']}"
    return str(data.get("kind") or data.get("type") or "")


#: Measures that size the nodes, the first one the network holds winning; else the degree.
SIZE_MEASURES: tuple[str, ...] = ("betweenness", "pagerank", "weightedDegree", "degree")


def _node_sizes(network: nx.Graph) -> dict[Any, float]:
    def number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    for measure in SIZE_MEASURES:
        if any(number(d.get(measure)) for _, d in network.nodes(data=True)):
            return {
                node: float(d[measure]) if number(d.get(measure)) else 0.0
                for node, d in network.nodes(data=True)
            }
    return {node: float(network.degree(node)) for node in network}


def export_network(
    graph: Graph,
    network: str = "collaboration",
    flt: NetworkFilter | None = None,
    layer: str = "both",
    weighting: str = "count",
    with_metrics: bool = False,
) -> nx.Graph:
    """Return the network to export, with measures, layout, colour and size on every node.

    Parameters
    ----------
    graph : the RDF graph.
    network : ``"collaboration"`` (organisations) or ``"two-mode"`` (organisations × programs).
    flt, layer, weighting : as for :func:`segraph.network.views.collaboration_network`.
    with_metrics : analyse the network here (:func:`segraph.network.analysis.analyse` with the
        same ``flt``, ``layer`` and ``weighting``) and export the analysed network with its
        measures and communities; False: read the network and the measures the graph holds
        (:func:`stored_measures`, written by ``segraph build --with-metrics``).

    Returns
    -------
    A clean network (see :func:`clean_network`) whose nodes carry their attributes, the
    measures and ``community``, ``label``, ``x``, ``y`` (the seeded
    :func:`~segraph.network.layout.force_layout`), ``r``, ``g``, ``b`` (by community, else by
    kind; the largest groups get the first colours of :func:`~segraph._util.colours.palette`) and
    ``size`` (by the first of :data:`SIZE_MEASURES` the graph holds, else by degree).

    The graph attributes record what produced it: ``segraph_version``, ``datasets`` and the
    settings (:meth:`segraph.network.analysis.Analysis.provenance` when analysed here).

    Collaboration edges carry ``weight`` = the tie strength the measures use (the
    shared-program weight plus one per formal tie type), so that weighted tools (Gephi, igraph)
    keep formal-only ties; the shared-program part alone is ``coparticipation_weight``.
    """
    if network not in NETWORKS:
        raise ArgumentError("network", f"'{network}': choose one of {', '.join(NETWORKS)}")
    measures: Mapping[str, Mapping[str, Any]]
    if with_metrics:  # one analysis: the exported network is the one measured
        settings = AnalysisSettings(layer=layer, weighting=weighting, filter=flt or NetworkFilter())
        analysis = analyse(graph, settings)
        analysed = analysis.network if network == "collaboration" else analysis.two_mode
        result, measures = nx.Graph(analysed), analysis_values(analysis)  # an unfrozen copy
        result.graph.update(analysis.provenance())
    else:
        if network == "collaboration":
            result = collaboration_network(graph, flt, layer=layer, weighting=weighting)
        else:
            result = two_mode_network(graph, flt)
        measures = stored_measures(graph)
        result.graph.update(
            segraph_version=__version__,
            datasets=";".join(dataset_iris(graph)),
            layer=layer,
            weighting=weighting,
            measures="as stored in the graph (segraph build --with-metrics)",
        )
    if network == "collaboration":
        for _, _, edge in result.edges(data=True):
            edge["coparticipation_weight"] = edge["weight"]
            edge["weight"] = edge["strength"]
    for node, data in result.nodes(data=True):
        data.update(measures.get(node, {}))
        data["label"] = data.get("label_ko") or data.get("label_en") or data.get("id") or node
    result = clean_network(result)
    positions = force_layout(result)
    members = Counter(_colour_key(d) for _, d in result.nodes(data=True))
    groups = sorted(members, key=lambda group: (-members[group], group))  # largest first
    colours = dict(zip(groups, map(rgb, palette(len(groups))), strict=True))
    sizes = _node_sizes(result)
    largest = max(sizes.values(), default=0.0) or 1.0
    low, high = SIZE_RANGE
    for node, data in result.nodes(data=True):
        data["r"], data["g"], data["b"] = colours[_colour_key(data)]
        data["x"], data["y"] = positions[node]
        data["size"] = round(low + (high - low) * sizes[node] / largest, 3)
    return result
