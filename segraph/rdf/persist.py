"""A built graph kept in an on-disk Oxigraph store and reused until its inputs change.

``segraph build --store-path DIR`` (and every command with the shared graph options) builds the
graph once into ``DIR/oxigraph/`` and writes ``DIR/inputs.json``: the SHA-256 of the contents of
every input file (CSV files and ``dataset.toml`` of each data folder, extra RDF files, a read
``--graph`` file, the ontology files) with its path, the store options and segraph's version.
The next run computes the same fingerprint; when it matches, the stored graph is opened as it is
(no loading, no building); when anything differs, the store is emptied and rebuilt. Contents,
not modification times, are compared, so copying or checking out unchanged files does not force
a rebuild, and editing a file always does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph

from segraph._util.atomic import write_text_atomic
from segraph.errors import ArgumentError, UsageError
from segraph.rdf.stores import on_disk_graph, oxigraph_of

FINGERPRINT_FILE = "inputs.json"
STORE_FOLDER = "oxigraph"


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand data folders into the files a build reads (``dataset.toml`` and ``*.csv``)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".csv", ".toml")))
        else:
            files.append(path)
    return files


def fingerprint(paths: Iterable[str | Path], options: dict[str, Any]) -> dict[str, Any]:
    """Describe the inputs of a build: each file's resolved path and SHA-256, and ``options``."""
    from segraph import __version__

    files = {}
    for path in input_files(paths):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        files[str(path.resolve())] = digest
    return {"segraph": __version__, "options": options, "files": files}


def check_store(store: str) -> None:
    """Refuse a store other than Oxigraph for a graph kept in a store path."""
    if store != "oxigraph":
        raise ArgumentError("store_path", "keeps the graph in Oxigraph: drop {store} 'memory'")


def persistent_graph(
    store_path: str | Path,
    inputs: Iterable[str | Path],
    options: dict[str, Any],
    fill: Callable[[Graph], None],
) -> tuple[Graph, bool]:
    """Open the graph stored in ``store_path``, building it with ``fill`` when inputs changed.

    Parameters
    ----------
    store_path : folder of the persistent store (created when missing).
    inputs : files and data folders the graph is built from.
    options : anything else that changes the graph (e.g. whether the ontology is merged).
    fill : adds the triples to an empty graph.

    Returns
    -------
    (graph, rebuilt) — the graph on the on-disk Oxigraph store, and whether it was (re)built.
    """
    folder = Path(store_path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: the store path must be a folder")
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / FINGERPRINT_FILE
    wanted = fingerprint(inputs, options)
    graph = on_disk_graph(folder / STORE_FOLDER)
    inner = oxigraph_of(graph)
    try:
        stored = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if stored == wanted:
        return graph, False
    marker.unlink(missing_ok=True)  # a build interrupted from here on is redone next time
    inner.clear()
    fill(graph)
    inner.flush()
    write_text_atomic(marker, json.dumps(wanted, indent=1, sort_keys=True) + "\n")
    return graph, True
