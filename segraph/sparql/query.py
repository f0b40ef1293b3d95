"""Run SPARQL against a local graph or a SPARQL 1.1 endpoint with segraph's prefixes predeclared.

A *query target* is either an rdflib :class:`~rdflib.Graph` or an
:class:`~segraph.sparql.client.Endpoint`; every function here takes either and returns the same
rdflib :class:`~rdflib.query.Result` (rows of rdflib terms, a boolean or a graph), so the code
that reads rows is the same for both.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Identifier

from segraph.errors import SegraphError, UsageError
from segraph.rdf.namespaces import PREFIXES
from segraph.rdf.oxigraph import python_value_of
from segraph.rdf.stores import is_oxigraph, oxigraph_of
from segraph.sparql.client import Endpoint

#: Where a query can run: a local rdflib graph or a remote SPARQL endpoint.
QueryTarget = Graph | Endpoint

#: The predeclared prefixes as plain strings (what every store's ``initNs`` accepts).
INIT_NS: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}

#: rdflib's name of each query form → the SPARQL keyword.
QUERY_FORMS: dict[str, str] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


#: Algebra nodes that may wrap a query's ORDER BY.
_MODIFIERS_ABOVE_ORDER_BY = ("Project", "Slice", "Distinct", "Reduced")


class QuerySyntaxError(SegraphError):
    """A query that is not valid SPARQL 1.1; the message names the line and the column."""

    def __init__(self, source: str, line: int, column: int, problem: str):
        self.source, self.line, self.column, self.problem = source, line, column, problem
        super().__init__(f"{source}: line {line}, column {column}: {problem}")


@dataclass(frozen=True)
class ParsedQuery:
    """A checked SPARQL query: its text, its form and rdflib's algebra of it."""

    text: str
    form: str
    algebra: Query

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, which return RDF rather than rows."""
        return self.form in ("CONSTRUCT", "DESCRIBE")

    @property
    def has_order_by(self) -> bool:
        """True when the query's result is ordered by an ``ORDER BY`` at its top level."""
        node = self.algebra.algebra.p
        while getattr(node, "name", None) in _MODIFIERS_ABOVE_ORDER_BY:
            node = node.p
        return getattr(node, "name", None) == "OrderBy"

    @property
    def largest_slice(self) -> int:
        """The largest OFFSET or LIMIT anywhere in the query (0 when it has none)."""
        found = [0]

        def visit(node: Any) -> None:
            if getattr(node, "name", None) == "Slice":
                found.extend(int(n) for n in (node.start, node.length) if n)

        traverse(self.algebra.algebra, visitPost=visit)
        return max(found)

    @property
    def reaches_outside(self) -> bool:
        """True when the query would fetch data from elsewhere (``SERVICE``, ``FROM <url>``)."""
        if self.algebra.algebra.get("datasetClause"):
            return True
        found = False

        def visit(node: Any) -> None:
            nonlocal found
            if getattr(node, "name", None) == "ServiceGraphPattern":
                found = True

        traverse(self.algebra.algebra, visitPost=visit)
        return found


def parse_query(text: str, source: str = "query") -> ParsedQuery:
    """Check ``text`` as a SPARQL 1.1 query (segraph's prefixes predeclared) and return it parsed.

    Parameters
    ----------
    text : the query.
    source : what to call the query in error messages (a file name, or ``"query"``).

    Raises
    ------
    QuerySyntaxError
        With the line and column of the problem; updates are refused with a clear message.

    Examples
    --------
    >>> parse_query("SELECT ?p WHERE { ?p a seg:Program } ORDER BY ?p").form
    'SELECT'
    """
    with _PARSER_LOCK:
        try:
            parsed = parseQuery(text)
        except RecursionError:
            raise QuerySyntaxError(
                source, 1, 1, "the query nests too deeply for segraph's SPARQL parser"
            ) from None
        except ParseException as error:
            if _is_update(text):
                raise QuerySyntaxError(
                    source, 1, 1, "this is a SPARQL update; segraph only runs read-only queries"
                ) from None
            raise QuerySyntaxError(source, error.lineno, error.col, _parse_problem(error)) from None
        try:
            algebra = translateQuery(parsed, initNs=INIT_NS)
        except Exception as error:  # rdflib raises bare Exceptions for unknown prefixes
            raise QuerySyntaxError(source, 1, 1, " ".join(str(error).split())) from None
    result = ParsedQuery(text, QUERY_FORMS[parsed[1].name], algebra)
    if result.largest_slice > sys.maxsize:
        raise QuerySyntaxError(
            source, 1, 1, f"OFFSET or LIMIT {result.largest_slice}: larger than {sys.maxsize}"
        )
    return result


#: rdflib's SPARQL parser (pyparsing) is not thread-safe: one parse at a time.
_PARSER_LOCK = threading.Lock()


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseException:
        return False
    return True


def _parse_problem(error: ParseException) -> str:
    found = error.line[error.col - 1 : error.col + 19].strip() if error.line else ""
    return f"syntax error near '{found}'" if found else "syntax error at the end of the query"


def run_query(
    target: QueryTarget,
    query: str | ParsedQuery,
    bindings: Mapping[str, Identifier] | None = None,
) -> Result:
    """Run a query on a graph or an endpoint and return rdflib's result.

    Parameters
    ----------
    target : an rdflib Graph or an :class:`~segraph.sparql.client.Endpoint`.
    query : SPARQL text (checked with :func:`parse_query`) or an already parsed query.
    bindings : pre-bound variables (``{"org": URIRef(...)}``). Values reach the query as RDF
        terms, never pasted into its text: rdflib's ``initBindings`` on a graph in rdflib's memory
        store, a trailing ``VALUES`` block of N-Triples terms on Oxigraph and on an endpoint.
        Bind variables the query's pattern uses outside aggregates (a trailing ``VALUES`` joins
        after grouping), so that every engine gives the same answer.

    Returns
    -------
    rdflib.query.Result: ``.type`` is SELECT, ASK, CONSTRUCT or DESCRIBE; iterate it for rows,
    read ``.askAnswer`` for ASK and ``.graph`` for CONSTRUCT/DESCRIBE.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if isinstance(target, Endpoint):
        return target.query(parsed.text + _values_block(bindings), parsed.returns_graph)
    if type(target.store).query is Store.query:
        # rdflib evaluates: hand it the algebra already made (no second, locked, parse)
        return target.query(parsed.algebra, initBindings=dict(bindings or {}))
    # the store has its own engine (Oxigraph): it reads the text, bindings as on an endpoint
    try:
        return target.query(parsed.text + _values_block(bindings), initNs=INIT_NS)
    except SyntaxError as error:  # Oxigraph's parser is stricter than rdflib's in places
        raise oxigraph_syntax_error(error) from None


#: Where Oxigraph's query parser says the error is: ``error at 1:56: …``.
_OXIGRAPH_AT = re.compile(r"^error at (\d+):(\d+): ")


def oxigraph_syntax_error(error: SyntaxError, source: str = "query") -> QuerySyntaxError:
    """Oxigraph's syntax error as a :class:`QuerySyntaxError` naming the line and column."""
    message = str(error)
    found = _OXIGRAPH_AT.match(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    return QuerySyntaxError(source, line, column, _OXIGRAPH_AT.sub("", message))


def _values_block(bindings: Mapping[str, Identifier] | None) -> str:
    if not bindings:
        return ""
    for name, term in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise UsageError(f"'{name}' is not a SPARQL variable name")
        if isinstance(term, BNode):
            raise UsageError(
                f"?{name}: a blank node cannot be sent to a server (VALUES forbids it)"
            )
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def python_value(term: Identifier | None) -> Any:
    """Convert an RDF term of a result row to a plain Python value (literals to numbers/str)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def select(
    target: QueryTarget, query: str, bindings: Mapping[str, Identifier] | None = None
) -> list[dict[str, Any]]:
    """Run a SELECT query and return its rows as dicts of plain Python values.

    ``target`` is a local rdflib Graph or an :class:`~segraph.sparql.client.Endpoint`; ``bindings``
    pre-binds variables (``{"org": URIRef(...)}``) as RDF terms, never pasted into the text.

    Examples
    --------
    >>> from segraph import build_graph
    >>> rows = select(build_graph(), "SELECT (COUNT(*) AS ?n) WHERE { ?p a seg:Program }")
    >>> rows[0]["n"] > 0
    True
    """
    if isinstance(target, Graph) and is_oxigraph(target):
        return _oxigraph_select(target, parse_query(query), bindings)
    result = run_query(target, query, bindings)
    names = result.vars or []
    # the bindings, not the rows: iterating an rdflib Result skips rows with nothing bound
    return [{str(v): python_value(binding.get(v)) for v in names} for binding in result.bindings]


def _oxigraph_select(
    graph: Graph, parsed: ParsedQuery, bindings: Mapping[str, Identifier] | None
) -> list[dict[str, Any]]:
    """:func:`select` on Oxigraph's own engine: its rows read straight into Python values,
    without an rdflib term per value.

    Only this frame holds the pyoxigraph store, not :func:`select`'s: rdflib's parser leaves
    reference cycles that keep the parse's frames, and through them their callers', alive until
    the garbage collector runs, which would keep an on-disk store locked after ``graph.close()``.
    """
    try:
        solutions = oxigraph_of(graph).query(
            parsed.text + _values_block(bindings), prefixes=INIT_NS
        )
    except SyntaxError as error:
        raise oxigraph_syntax_error(error) from None
    names = [variable.value for variable in solutions.variables]
    return [
        {name: python_value_of(term) for name, term in zip(names, solution, strict=True)}
        for solution in solutions
    ]
