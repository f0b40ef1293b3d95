"""Kumu (kumu.io): a JSON blueprint, or the two spreadsheets Kumu's import reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from segraph._util.atomic import write_text_atomic
from segraph.readwrite.network_files import clean_network
from segraph.readwrite.tables import csv_text, write_files


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


_KUMU_COLUMNS = ("label", "type", "tags", "from", "to", "direction")


def _kumu_row(row: dict[str, Any]) -> dict[str, Any]:
    """A blueprint entry as a Kumu spreadsheet row: Label, Type, … and tags ``|``-separated."""
    return {
        (k.capitalize() if k in _KUMU_COLUMNS else k): "|".join(v) if isinstance(v, list) else v
        for k, v in row.items()
    }


def write_kumu_csv(network: nx.Graph, folder: str | Path) -> list[Path]:
    """Write ``elements.csv`` (Label, Type, Tags, …) and ``connections.csv`` (From, To, Type, …),
    the columns Kumu's spreadsheet import reads; Tags are ``|``-separated."""
    blueprint = kumu_blueprint(network)
    elements = [_kumu_row(e) for e in blueprint["elements"]]
    connections = [_kumu_row(c) for c in blueprint["connections"]]
    return write_files(
        folder,
        {
            "elements.csv": csv_text(elements, ["Label", "Type", "Tags", "segraph id"]),
            "connections.csv": csv_text(connections, ["From", "To", "Type", "Direction"]),
        },
    )
