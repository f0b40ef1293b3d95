"""Add segraph's ontology files to a graph with the same blank-node labels in every build.

The ontology's class lists (``owl:AllDisjointClasses``, ``owl:unionOf``) are blank nodes; a parser
labels them afresh each time, so two builds of the same data would differ in their N-Triples.
The files are parsed together and their blank nodes labelled by RDF Dataset Canonicalization
(RDFC-1.0, in Oxigraph): the labels depend only on the triples.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from oxrdflib._converter import from_ox
from rdflib import Graph

from segraph._util.inputs import note_input
from segraph.rdf.oxigraph import simple
from segraph.rdf.stores import oxigraph_of


def canonical_quads(paths: Iterable[Path]) -> pyoxigraph.Dataset:
    """The triples of the Turtle files ``paths``, in one dataset, blank nodes canonically named."""
    dataset = pyoxigraph.Dataset()
    for path in paths:
        note_input(path)
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            dataset.add(quad)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def add_ontology(graph: Graph, paths: Iterable[Path]) -> Graph:
    """Add the ontology files ``paths`` to ``graph`` (see the module doc) and return it."""
    quads = canonical_quads(paths)
    store = oxigraph_of(graph)
    if store is not None:
        store.extend(quads)
    else:
        graph.addN(
            (from_ox(q.subject), from_ox(q.predicate), simple(from_ox(q.object)), graph)
            for q in quads
        )
    return graph
