"""The Oxigraph store segraph's graphs live on: oxrdflib's store with two differences.

* Simple literals come back as rdflib makes them (``Literal("x")``), not typed ``xsd:string``
  (RDF 1.1 makes them the same literal; rdflib compares them as different terms), so that a
  graph answers alike on either store.
* The pyoxigraph store underneath is public (:attr:`SegraphOxigraphStore.oxigraph`), for bulk
  loads, counts and dumps in Rust.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.query import Result


def simple(term: Any) -> Any:
    """``term``, with a literal typed ``xsd:string`` given as the simple literal it equals.

    Examples
    --------
    >>> simple(Literal("x", datatype=XSD.string)) == Literal("x")
    True
    """
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class SegraphOxigraphStore(OxigraphStore):
    """An oxrdflib store on ``store`` (a ``pyoxigraph.Store``) that keeps it as
    :attr:`oxigraph` and gives simple literals as rdflib does."""

    def __init__(self, store: pyoxigraph.Store):
        super().__init__(store=store)
        #: The pyoxigraph store holding the triples.
        self.oxigraph: pyoxigraph.Store | None = store

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Let go of the pyoxigraph store (and so of an on-disk store's lock)."""
        self.oxigraph = None
        super().close(commit_pending_transaction)

    def triples(self, triple_pattern: Any, context: Graph | None = None) -> Iterator[Any]:
        for (subject, predicate, obj), contexts in super().triples(triple_pattern, context):
            yield (subject, predicate, simple(obj)), contexts

    def query(self, *args: Any, **kwargs: Any) -> Result:
        result = super().query(*args, **kwargs)
        if result.type == "SELECT":
            result.bindings = [
                {name: simple(value) for name, value in row.items()} for row in result.bindings
            ]
        elif result.type in ("CONSTRUCT", "DESCRIBE") and result.graph is not None:
            graph = Graph()
            graph += ((s, p, simple(o)) for s, p, o in result.graph)
            result.graph = graph
        return result
