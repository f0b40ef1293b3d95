"""Run SPARQL against a graph with segraph's prefixes predeclared."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Identifier

from segraph.namespaces import sparql_prologue


def python_value(term: Identifier | None) -> Any:
    """Convert an RDF term of a result row to a plain Python value (literals to numbers/str)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def select(
    graph: Graph, query: str, bindings: Mapping[str, Identifier] | None = None
) -> list[dict[str, Any]]:
    """Run a SELECT query and return its rows as dicts of plain Python values.

    ``bindings`` pre-binds variables (``{"org": URIRef(...)}``): values reach the query as RDF
    terms, never pasted into its text.
    """
    result = graph.query(sparql_prologue() + query, initBindings=dict(bindings or {}))
    names = [str(v) for v in result.vars or []]
    return [{name: python_value(row[i]) for i, name in enumerate(names)} for row in result]
