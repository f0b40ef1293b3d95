"""The Oxigraph store segraph's graphs live on: oxrdflib's store with two differences.

* Simple literals come back as rdflib makes them (``Literal("x")``), not typed ``xsd:string``
  (RDF 1.1 makes them the same literal; rdflib compares them as different terms), so that a
  graph answers alike on either store.
* The pyoxigraph store underneath is public (:attr:`SegraphOxigraphStore.oxigraph`), for bulk
  loads, counts and dumps in Rust.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
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


_XSD = str(XSD)
#: Datatypes whose lexical form Python reads directly, as rdflib's ``toPython`` gives them.
_NATIVE_READERS: dict[str, Any] = {
    _XSD + "string": str,
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString": str,
    _XSD + "integer": int,
    _XSD + "int": int,
    _XSD + "long": int,
    _XSD + "nonNegativeInteger": int,
    _XSD + "positiveInteger": int,
    _XSD + "decimal": Decimal,
    _XSD + "double": float,
    _XSD + "float": float,
    _XSD + "gYear": str,  # rdflib has no Python type for it either
}


def python_value_of(term: Any) -> Any:
    """A pyoxigraph term of a result row as the plain Python value rdflib's ``toPython`` gives
    (numbers, strings, booleans, dates), read without making an rdflib term where the datatype is
    a common one; IRIs and blank nodes as their text, None as None.

    Examples
    --------
    >>> python_value_of(pyoxigraph.Literal("7", datatype=pyoxigraph.NamedNode(_XSD + "integer")))
    7
    >>> python_value_of(pyoxigraph.NamedNode("https://w3id.org/segraph/id/x"))
    'https://w3id.org/segraph/id/x'
    """
    if term is None:
        return None
    if not isinstance(term, pyoxigraph.Literal):
        return term.value
    reader = _NATIVE_READERS.get(term.datatype.value)
    if reader is not None:
        try:
            return reader(term.value)
        except (ValueError, ArithmeticError):
            pass  # an ill-typed literal: rdflib keeps it as text, below
    value = Literal(term.value, datatype=term.datatype.value).toPython()
    return str(value) if isinstance(value, Literal) else value
