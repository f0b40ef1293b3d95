"""Build the knowledge graph: load datasets, assemble them, write their triples into a store.

:func:`build_graph` is the whole pipeline of ``segraph build`` up to the RDF graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph

from segraph._util.bulk import gc_paused
from segraph._util.progress import counted, step
from segraph._util.resources import bundled_dataset, ontology_file
from segraph.dataset.load import dataset_folder, load_ecosystem
from segraph.rdf.ontology_load import add_ontology
from segraph.rdf.persist import check_store, persistent_graph
from segraph.rdf.reader import parse_into
from segraph.rdf.stores import DEFAULT_STORE, load_triples, new_graph
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
    folders = [dataset_folder(ref) for ref in data] if data else [bundled_dataset()]
    extra = [Path(p) for p in rdf]
    ontology = [ontology_file(name) for name in ONTOLOGY_FILES] if include_ontology else []

    def fill(graph: Graph) -> None:
        with gc_paused():
            with step(f"reading and checking {len(folders)} dataset(s)"):
                eco = load_ecosystem(folders, lenient)
            load_triples(graph, counted(ecosystem_triples(eco), "writing triples"))
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
