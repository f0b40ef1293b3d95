"""Build the knowledge graph: load datasets, assemble them, write their triples into a store.

:func:`build_graph` is the whole pipeline of ``segraph build`` up to the RDF graph;
:func:`build_ntriples` writes the same triples straight to an N-Triples file, without a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from segraph._util.atomic import atomic_output
from segraph._util.bulk import gc_paused
from segraph._util.progress import counted, step
from segraph._util.resources import bundled_dataset, ontology_file
from segraph.dataset.load import dataset_folder, load_ecosystem
from segraph.rdf.ontology_load import add_ontology, canonical_quads
from segraph.rdf.persist import check_store, persistent_graph
from segraph.rdf.reader import parse_into
from segraph.rdf.stores import CHUNK_TRIPLES, DEFAULT_STORE, load_triples, new_graph
from segraph.rdf.terms import NeutralTriple, ntriples_chunks
from segraph.rdf.triples import ecosystem_triples

#: The ontology files merged into every built graph (the shapes stay apart).
ONTOLOGY_FILES: tuple[str, ...] = (
    "segraph.ttl",
    "concepts.ttl",
    "social-purpose.ttl",
    "registers.ttl",
)


def build_graph(
    data: Sequence[str | Path] | None = None,
    rdf: Iterable[str | Path] = (),
    store: str = DEFAULT_STORE,
    include_ontology: bool = True,
    store_path: str | Path | None = None,
    lenient: bool = False,
) -> Graph:
    """Build the knowledge graph from dataset folders.

    Parameters
    ----------
    data : dataset folders in the CSV format, or names of bundled datasets (``"seoul-2021"``);
        the bundled Seoul 2021 dataset when empty.
    rdf : extra RDF files (any format rdflib reads) merged into the graph.
    store : ``"oxigraph"`` (the default: Oxigraph's store and SPARQL engine) or ``"memory"``
        (rdflib's pure-Python store; much slower beyond ~10⁴ triples, see ``docs/scale.md``).
    include_ontology : merge the ontology and its concept schemes into the graph, so that labels
        of classes, kinds and roles can be queried alongside the data.
    store_path : with ``store="oxigraph"``, a folder for a persistent on-disk store: the graph is
        built there once and reused while its inputs are unchanged (:mod:`segraph.rdf.persist`).
    lenient : build from the valid rows, as :func:`load_ecosystem` loads them.

    Returns
    -------
    rdflib.Graph with segraph's prefixes bound.

    Examples
    --------
    >>> graph = build_graph()
    >>> len(graph) > 1000
    True
    """
    folders, ontology = _inputs(data, include_ontology)
    extra = [Path(p) for p in rdf]

    def fill(graph: Graph) -> None:
        with gc_paused():
            load_triples(graph, _triples(folders, lenient))
        with step("reading RDF files"):
            add_ontology(graph, ontology)
            for path in extra:
                parse_into(graph, path)

    if store_path is None:
        graph = new_graph(store)
        fill(graph)
        return graph
    check_store(store)
    graph, _ = persistent_graph(
        store_path,
        [*folders, *extra, *ontology],
        {"include_ontology": include_ontology, "lenient": lenient},
        fill,
    )
    return graph


def build_ntriples(
    path: str | Path,
    data: Sequence[str | Path] | None = None,
    include_ontology: bool = True,
    lenient: bool = False,
) -> int:
    """Build the knowledge graph from dataset folders straight into the N-Triples file ``path``.

    The triples are those :func:`build_graph` puts in its store, each written once, without
    filling a store and dumping it (a third less time at 2·10⁶ triples, see
    ``benchmarks/COMMANDS.md``). ``path`` is written
    atomically. Returns the number of triples written.
    """
    folders, ontology = _inputs(data, include_ontology)
    written: set[bytes] = set()

    def new_lines(text: bytes) -> bytes:
        lines = [line for line in dict.fromkeys(text.splitlines()) if line and line not in written]
        written.update(lines)
        return b"".join(line + b"\n" for line in lines)

    with gc_paused():
        triples = _triples(folders, lenient)  # the inputs are read before the output is opened
        with step("reading RDF files"):
            quads = canonical_quads(ontology)
        with atomic_output(path) as handle:
            for chunk in ntriples_chunks(triples, CHUNK_TRIPLES):
                handle.write(new_lines(chunk))
            text = pyoxigraph.serialize(
                (quad.triple for quad in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
            )
            handle.write(new_lines(text or b""))
    return len(written)


def _inputs(
    data: Sequence[str | Path] | None, include_ontology: bool
) -> tuple[list[Path], list[Path]]:
    """The dataset folders (the bundled one when none) and the ontology files of a build."""
    folders = [dataset_folder(ref) for ref in data] if data else [bundled_dataset()]
    ontology = [ontology_file(name) for name in ONTOLOGY_FILES] if include_ontology else []
    return folders, ontology


def _triples(folders: list[Path], lenient: bool) -> Iterable[NeutralTriple]:
    """The triples of the datasets in ``folders``, counted as they are written."""
    with step(f"reading and checking {len(folders)} dataset(s)"):
        eco = load_ecosystem(folders, lenient)
    return counted(ecosystem_triples(eco), "writing triples")
