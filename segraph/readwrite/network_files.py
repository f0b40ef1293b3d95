"""Write the networks for Gephi, Cytoscape, Kumu and spreadsheets.

:func:`export_network` builds the collaboration (or two-mode) network from the RDF graph, adds
the measures and communities the graph holds (written by ``segraph build --with-metrics``), a
seeded layout, colours and sizes, and cleans every value so that the GraphML and GEXF writers
accept it (they reject ``None``; GraphML rejects lists). The writers:

* :func:`write_graphml` — GraphML with Gephi's ``r``, ``g``, ``b``, ``x``, ``y``, ``size`` keys;
* :func:`write_gexf` — GEXF 1.2 with ``viz`` colour, size and position;
* :func:`write_kumu_json` / :func:`write_kumu_csv` — Kumu elements and connections;
* :func:`write_csv` — a node list and an edge list.

Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph._util.atomic import write_text_atomic, write_with_atomic
from segraph._util.colours import palette, rgb
from segraph.errors import ArgumentError, UsageError
from segraph.network.layout import force_layout
from segraph.network.views import NETWORKS, NetworkFilter, collaboration_network, two_mode_network
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
) -> nx.Graph:
    """Return the network to export, with measures, layout, colour and size on every node.

    Parameters
    ----------
    graph : the RDF graph.
    network : ``"collaboration"`` (organisations) or ``"two-mode"`` (organisations × programs).
    flt, layer, weighting : as for :func:`segraph.network.views.collaboration_network`.

    Returns
    -------
    A clean network (see :func:`clean_network`) whose nodes carry their attributes, the
    measures and ``community`` found in the graph, ``label``, ``x``, ``y`` (the seeded
    :func:`~segraph.network.layout.force_layout`), ``r``, ``g``, ``b`` (by community, else by
    kind; the largest groups get the first colours of :func:`~segraph._util.colours.palette`) and
    ``size`` (by the first of :data:`SIZE_MEASURES` the graph holds, else by degree).
    """
    if network == "collaboration":
        result = collaboration_network(graph, flt, layer=layer, weighting=weighting)
    elif network == "two-mode":
        result = two_mode_network(graph, flt)
    else:
        raise ArgumentError("network", f"'{network}': choose one of {', '.join(NETWORKS)}")
    measures = stored_measures(graph)
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


def _for_graph_files(network: nx.Graph) -> nx.Graph:
    """A clean copy whose ``id`` attributes are renamed ``segraph_id``: the GEXF writer would
    take ``id`` for the node id, and igraph's GraphML reader for its vertex names."""
    clean = clean_network(network)
    for _, data in clean.nodes(data=True):
        if "id" in data:
            data["segraph_id"] = data.pop("id")
    return clean


def write_graphml(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GraphML (Gephi reads ``r``, ``g``, ``b``, ``x``, ``y``, ``size``).

    The node id is the node key (the IRI); segraph's ``id`` attribute becomes ``segraph_id``.
    """
    clean = _for_graph_files(network)
    write_with_atomic(path, lambda handle: nx.write_graphml(clean, handle))


def write_gexf(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GEXF 1.2 with ``viz`` colour, size and position on every node.

    The node id is the node key (the IRI); segraph's ``id`` attribute becomes ``segraph_id``.
    """
    clean = _for_graph_files(network)
    for _, data in clean.nodes(data=True):
        if {"r", "g", "b"} <= set(data):
            viz: dict[str, Any] = {
                "color": {"r": data.pop("r"), "g": data.pop("g"), "b": data.pop("b"), "a": 1.0}
            }
            if "size" in data:
                viz["size"] = data.pop("size")
            if "x" in data and "y" in data:
                viz["position"] = {"x": data.pop("x"), "y": data.pop("y"), "z": 0.0}
            data["viz"] = viz
    write_with_atomic(path, lambda handle: nx.write_gexf(clean, handle))


def _unique_labels(network: nx.Graph) -> dict[Any, str]:
    labels = {node: str(data.get("label") or node) for node, data in network.nodes(data=True)}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {
        node: label if counts[label] == 1 else f"{label} ({network.nodes[node].get('id', node)})"
        for node, label in labels.items()
    }


_LAYOUT_KEYS = frozenset({"r", "g", "b", "x", "y", "size", "label", "viz"})


def _connection_type(data: dict[str, Any]) -> str:
    kinds = [t for t in str(data.get("ties", "")).split(";") if t]
    if data.get("shared_programs"):
        kinds.append("co-participation")
    if "roles" in data:  # two-mode: organisation → program
        kinds.append("participation")
    return " + ".join(kinds)


def kumu_blueprint(network: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    """Return ``{"elements": [...], "connections": [...]}``, a Kumu JSON blueprint.

    Elements have ``label`` (unique: a repeated label gets the segraph id appended, because
    Kumu matches connections to elements by label), ``type`` (kind, or ``program``), ``tags``
    (the designations), ``segraph id``, ``iri`` and every other attribute. Kumu's own ``id`` key
    is not used: Kumu would then expect ids in ``from`` and ``to``. Connections have ``from``
    and ``to`` (element labels), ``type`` (e.g. ``member + co-participation``), ``direction``
    (``undirected``) and every edge attribute.
    """
    clean = clean_network(network)
    labels = _unique_labels(clean)
    elements = []
    for node, data in sorted(clean.nodes(data=True), key=lambda item: str(item[0])):
        element: dict[str, Any] = {
            "label": labels[node],
            "type": data.get("kind") or data.get("type") or "",
            "tags": [t for t in str(data.get("designations", "")).split(";") if t],
            "segraph id": data.get("id") or str(node),
            "iri": str(node),
        }
        hidden = _LAYOUT_KEYS | {"id", "designations"}
        element.update({k: v for k, v in sorted(data.items()) if k not in hidden | set(element)})
        elements.append(element)
    connections = []
    for a, b, data in sorted(clean.edges(data=True), key=lambda e: (labels[e[0]], labels[e[1]])):
        connection = {"from": labels[a], "to": labels[b], "type": _connection_type(data)}
        connection["direction"] = "undirected"
        connection.update({k: v for k, v in sorted(data.items()) if k not in connection})
        connections.append(connection)
    return {"elements": elements, "connections": connections}


def write_kumu_json(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as a Kumu JSON blueprint (see :func:`kumu_blueprint`)."""
    text = json.dumps(kumu_blueprint(network), ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")


def _csv_text(rows: list[dict[str, Any]], first: list[str]) -> str:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


_KUMU_COLUMNS = ("label", "type", "tags", "from", "to", "direction")


def _kumu_row(row: dict[str, Any]) -> dict[str, Any]:
    """A blueprint entry as a Kumu spreadsheet row: Label, Type, … and tags ``|``-separated."""
    return {
        (k.capitalize() if k in _KUMU_COLUMNS else k): "|".join(v) if isinstance(v, list) else v
        for k, v in row.items()
    }


def _write_files(folder: str | Path, files: dict[str, str]) -> list[Path]:
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: this format writes two files; give a folder with -o")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_text_atomic(target / name, text)
        written.append(target / name)
    return written


def write_kumu_csv(network: nx.Graph, folder: str | Path) -> list[Path]:
    """Write ``elements.csv`` (Label, Type, Tags, …) and ``connections.csv`` (From, To, Type, …),
    the columns Kumu's spreadsheet import reads; Tags are ``|``-separated."""
    blueprint = kumu_blueprint(network)
    elements = [_kumu_row(e) for e in blueprint["elements"]]
    connections = [_kumu_row(c) for c in blueprint["connections"]]
    return _write_files(
        folder,
        {
            "elements.csv": _csv_text(elements, ["Label", "Type", "Tags", "segraph id"]),
            "connections.csv": _csv_text(connections, ["From", "To", "Type", "Direction"]),
        },
    )


def write_csv(network: nx.Graph, folder: str | Path) -> list[Path]:
    """Write ``nodes.csv`` (``node`` = IRI, then every attribute) and ``edges.csv``
    (``source``, ``target``, then every attribute), sorted."""
    clean = clean_network(network)
    nodes = [
        {"node": str(n), **d} for n, d in sorted(clean.nodes(data=True), key=lambda i: str(i[0]))
    ]
    edges = sorted(
        ({"source": str(a), "target": str(b), **d} for a, b, d in clean.edges(data=True)),
        key=lambda row: (row["source"], row["target"]),
    )
    return _write_files(
        folder,
        {
            "nodes.csv": _csv_text(nodes, ["node"]),
            "edges.csv": _csv_text(edges, ["source", "target"]),
        },
    )


#: Network export format → its writer (``path`` is a file, or a folder for two-file formats).
WRITERS: dict[str, Callable[[nx.Graph, str | Path], Any]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "kumu-json": write_kumu_json,
    "kumu-csv": write_kumu_csv,
    "csv": write_csv,
}

#: Formats that write a folder of files rather than one file.
FOLDER_FORMATS: frozenset[str] = frozenset({"kumu-csv", "csv"})
