"""Networks as spreadsheets: a node list and an edge list (CSV), each file written atomically
into a folder."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx

from segraph._util.atomic import write_text_atomic
from segraph.errors import ArgumentError
from segraph.readwrite.network_files import clean_network


def csv_text(rows: list[dict[str, Any]], first: list[str]) -> str:
    """``rows`` as CSV text: the ``first`` columns, then every other key, sorted."""
    columns = first + sorted({k for row in rows for k in row} - set(first))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


def write_files(folder: str | Path, files: dict[str, str]) -> list[Path]:
    """Write each file name → text into ``folder`` (created when missing), atomically."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ArgumentError("output", f"{target}: a file; this format writes two files in a folder")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_text_atomic(target / name, text)
        written.append(target / name)
    return written


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
    return write_files(
        folder,
        {
            "nodes.csv": csv_text(nodes, ["node"]),
            "edges.csv": csv_text(edges, ["source", "target"]),
        },
    )
