"""Write query results: rows as a text table, CSV, TSV, SPARQL JSON or XML; graphs as RDF.

The row formats follow the W3C recommendations *SPARQL 1.1 Query Results JSON Format* and
*SPARQL 1.1 Query Results CSV and TSV Formats*; the same functions serve ``segraph query``,
the competency suite and ``segraph serve``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html import escape
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from segraph._util.text_table import format_table
from segraph.errors import ArgumentError
from segraph.rdf.namespaces import bind_prefixes, prefixed
from segraph.rdf.serialize import serialize_graph

#: Formats for SELECT and ASK results.
ROW_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
#: Formats for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "xml")

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long}


def result_header(result: Result) -> list[str]:
    """Return the variable names of a SELECT result (``["boolean"]`` for ASK)."""
    if result.type == "ASK":
        return ["boolean"]
    return [str(v) for v in result.vars or []]


def result_rows(result: Result) -> list[list[Identifier | None]]:
    """Return the rows of a SELECT result as lists of terms (None where unbound)."""
    if result.type == "ASK":
        return [[Literal(bool(result.askAnswer))]]
    names = result.vars or []
    # the bindings, not the rows: iterating an rdflib Result skips rows with nothing bound
    return [[binding.get(name) for name in names] for binding in result.bindings]


def term_json(term: Identifier) -> dict[str, str]:
    """Return the SPARQL 1.1 Query Results JSON object of one RDF term."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def results_json(header: list[str], rows: list[list[Identifier | None]], ask: bool) -> str:
    """Return SPARQL 1.1 Query Results JSON (one binding per line, UTF-8 text unescaped)."""
    if ask:
        return json.dumps({"head": {}, "boolean": rows[0][0].toPython()}) + "\n"  # type: ignore[union-attr]
    bindings = [
        json.dumps(
            {name: term_json(t) for name, t in zip(header, row, strict=True) if t is not None},
            ensure_ascii=False,
            sort_keys=True,
        )
        for row in rows
    ]
    head = json.dumps({"vars": header}, ensure_ascii=False)
    body = ",\n    ".join(bindings)
    return f'{{\n  "head": {head},\n  "results": {{"bindings": [\n    {body}\n  ]}}\n}}\n'


def _term_xml(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            attributes = f' xml:lang="{escape(term.language, quote=True)}"'
        elif term.datatype and term.datatype != XSD.string:
            attributes = f' datatype="{escape(str(term.datatype), quote=True)}"'
        else:
            attributes = ""
        return f"<literal{attributes}>{escape(str(term), quote=False)}</literal>"
    raise TypeError(f"not an RDF term: {term!r}")


def results_xml(header: list[str], rows: list[list[Identifier | None]], ask: bool) -> str:
    """Return SPARQL Query Results XML: every term written as it is, ``0`` and ``false``
    included (rdflib's own writer drops literals whose value is false)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{_RESULTS_NS}">']
    if ask:
        answer = "true" if rows[0][0].toPython() else "false"  # type: ignore[union-attr]
        return "\n".join([*lines, "  <head/>", f"  <boolean>{answer}</boolean>", "</sparql>\n"])
    lines.append("  <head>")
    lines += [f'    <variable name="{escape(name, quote=True)}"/>' for name in header]
    lines += ["  </head>", "  <results>"]
    for row in rows:
        lines.append("    <result>")
        lines += [
            f'      <binding name="{escape(name, quote=True)}">{_term_xml(term)}</binding>'
            for name, term in zip(header, row, strict=True)
            if term is not None
        ]
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _csv_cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.integer and _INTEGER.fullmatch(term):
        return str(term)  # Turtle's bare integer; other numbers keep their datatype
    return term.n3().replace("\t", "\\t")


def table_cell(term: Identifier | None) -> Any:
    """A term as a table cell: numbers stay numbers, IRIs are written with segraph's prefixes."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC:
            value = term.toPython()
            return value if isinstance(value, int | float | Decimal) else str(term)
        return str(term)
    if isinstance(term, URIRef):
        return prefixed(str(term))
    return f"_:{term}"


def format_rows(result: Result, fmt: str) -> str:
    """Write a SELECT or ASK result in ``fmt`` (one of :data:`ROW_FORMATS`) and return the text."""
    header, rows = result_header(result), result_rows(result)
    if fmt == "table":
        return format_table(header, [[table_cell(t) for t in row] for row in rows]) + "\n"
    if fmt == "json":
        return results_json(header, rows, result.type == "ASK")
    if fmt == "xml":
        return results_xml(header, rows, result.type == "ASK")
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows([_csv_cell(t) for t in row] for row in rows)
        else:
            buffer.write("\t".join(f"?{h}" for h in header) + "\n")
            buffer.writelines("\t".join(_tsv_cell(t) for t in row) + "\n" for row in rows)
        return buffer.getvalue()
    raise ArgumentError("fmt", f"'{fmt}': choose one of {', '.join(ROW_FORMATS)}")


def format_result(result: Result, fmt: str | None = None) -> bytes:
    """Write any query result as UTF-8 bytes: rows in a row format, graphs in an RDF format.

    ``fmt`` defaults to ``table`` for rows and ``ttl`` for graphs.
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        fmt = fmt or "ttl"
        if fmt not in GRAPH_FORMATS:
            raise ArgumentError(
                "fmt",
                f"'{fmt}': a {result.type} query returns a graph; "
                f"choose one of {', '.join(GRAPH_FORMATS)}",
            )
        assert result.graph is not None
        return serialize_graph(bind_prefixes(result.graph), fmt)
    fmt = fmt or "table"
    if fmt not in ROW_FORMATS:
        raise ArgumentError(
            "fmt",
            f"'{fmt}': a {result.type} query returns rows; choose one of {', '.join(ROW_FORMATS)}",
        )
    return format_rows(result, fmt).encode("utf-8")
