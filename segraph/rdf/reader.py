"""Reading RDF files into graphs: the format from the suffix, Oxigraph's parsers where the graph
lives in Oxigraph, and every problem as a one-line error naming the file, line and column."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from segraph._util.inputs import note_input
from segraph.errors import DataError, UsageError
from segraph.rdf.stores import DEFAULT_STORE, is_oxigraph, new_graph, triple_count

#: File suffix → rdflib parser name.
PARSERS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

#: rdflib parser name → the name users know the format by.
FORMAT_NAMES: dict[str, str] = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "n3": "Notation3",
    "json-ld": "JSON-LD",
    "trig": "TriG",
    "nquads": "N-Quads",
    "xml": "RDF/XML",
}


#: Formats that carry named graphs; their triples are merged into one graph.
QUAD_FORMATS: frozenset[str] = frozenset({"trig", "nquads"})


#: rdflib parser name → Oxigraph's own parser (registered by oxrdflib) for oxigraph graphs.
OXIGRAPH_PARSERS: dict[str, str] = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "nquads": "ox-nquads",
    "trig": "ox-trig",
    "xml": "ox-xml",
    "json-ld": "ox-json-ld",
    "n3": "ox-n3",
}


def rdf_format(path: Path) -> str:
    """Return the rdflib parser name for ``path`` from its suffix."""
    try:
        return PARSERS[path.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"{path}: cannot tell the RDF format from the suffix '{path.suffix}' "
            f"(known: {', '.join(sorted(PARSERS))})"
        ) from None


def parse_into(graph: Graph, path: Path, online: bool = False) -> Graph:
    """Parse the RDF file ``path`` into ``graph``; problems become one-line errors.

    A syntax error names the line and, where the parser tells, the column. Unless ``online``,
    a file that needs something from the network (a JSON-LD ``@context`` given by URL) is
    refused with a :class:`DataError` instead of fetched.
    """
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if not path.is_file():
        raise UsageError(f"{path}: not a file")
    fmt = rdf_format(path)
    note_input(path)
    try:
        if fmt == "json-ld" and online:
            parser = fmt  # rdflib's parser fetches remote contexts; Oxigraph's does not
        elif fmt == "json-ld":
            parser = OXIGRAPH_PARSERS[fmt] if is_oxigraph(graph) else fmt
            refuse_remote_references(path)
        else:
            parser = OXIGRAPH_PARSERS.get(fmt, fmt) if is_oxigraph(graph) else fmt
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
        else:
            graph.parse(path, format=parser)
    except DataError:
        raise
    except OSError as error:
        raise DataError(path, f"cannot read the file: {error.strerror}") from None
    except Exception as error:  # rdflib's parsers raise many kinds of errors on foreign input
        line, column, reason = _syntax_error_position(error, path)
        if parser != fmt:  # rdflib's parsers say more precisely where and what is wrong
            line, column, reason = _rdflib_position(path, fmt) or (line, column, reason)
        where = ":".join(str(part) for part in (path, line, column) if part)
        raise DataError(
            where, f"not valid {FORMAT_NAMES.get(fmt, fmt)}: {reason}; is it RDF in that format?"
        ) from None
    return graph


#: Up to this size, a file Oxigraph rejects is parsed again by rdflib, whose messages name the
#: line, the column and the problem more precisely (Oxigraph names no line in RDF/XML).
_LOCATE_LIMIT = 20_000_000


def _rdflib_position(path: Path, fmt: str) -> tuple[int, int, str] | None:
    """Where rdflib's parser for ``fmt`` stops on ``path`` (None when it reads the file, or the
    file is too large to read twice)."""
    if path.stat().st_size > _LOCATE_LIMIT:
        return None
    try:
        Graph().parse(path, format=fmt)
    except Exception as error:  # as in parse_into
        return _syntax_error_position(error, path)
    return None


def _syntax_error_position(error: Exception, path: Path) -> tuple[int, int, str]:
    """Return (line, column, reason) of a parser error; 0 where the parser does not tell."""
    if isinstance(error, BadSyntax):
        text = error._str.decode("utf-8", "replace")
        index = min(error._i, len(text))
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        return line, column, error._why
    if isinstance(error, json.JSONDecodeError):
        return error.lineno, error.colno, error.msg
    if isinstance(error, SAXParseException):
        return error.getLineNumber(), error.getColumnNumber() + 1, error.getMessage()
    if isinstance(error, SyntaxError) and error.lineno:  # Oxigraph's parsers
        return error.lineno, error.offset or 0, _OXIGRAPH_POSITION.sub("", error.msg)
    if isinstance(error, UnicodeDecodeError):
        return 0, 0, f"not UTF-8 text (byte {error.start})"
    if isinstance(error, ParserError) and str(error).startswith(_INVALID_LINE):
        line, column = _position_of(path, str(error)[len(_INVALID_LINE) :].strip())
        return line, column, "not a triple"
    return 0, 0, " ".join(str(error).split()) or type(error).__name__


#: How Oxigraph begins an error message with the position already given in the DataError.
_OXIGRAPH_POSITION = re.compile(r"^Parser error (?:between|at) .*? column \d+: ")

#: How rdflib's N-Triples and N-Quads parsers begin an error; the rest of the line follows.
_INVALID_LINE = "Invalid line: "


def _position_of(path: Path, rest: str) -> tuple[int, int]:
    """Line and column of the first line of ``path`` ending with ``rest`` ((0, 0) if none)."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            text = line.rstrip()
            if rest and text.endswith(rest):
                return number, len(text) - len(rest) + 1
    return 0, 0


def load_graph(path: str | Path, store: str = DEFAULT_STORE, online: bool = False) -> Graph:
    """Read an exported RDF file into a new graph on ``store``.

    Raises :class:`DataError` when the file is not RDF or holds no triple at all, or (unless
    ``online``) when it needs a document from the network, such as a remote JSON-LD context.
    """
    path = Path(path)
    graph = parse_into(new_graph(store), path, online)
    if triple_count(graph) == 0:
        raise DataError(path, "holds no RDF triples; is it the graph file you meant?")
    return graph


def _context_references(value: Any) -> list[str]:
    """The documents a JSON-LD ``@context`` value refers to (strings, also inside lists and
    ``@import``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [ref for item in value for ref in _context_references(item)]
    if isinstance(value, dict) and isinstance(value.get("@import"), str):
        return [value["@import"]]
    return []


def remote_references(document: Any) -> list[str]:
    """Return the remote documents (``http:``, ``https:``… contexts) a JSON-LD document names.

    Examples
    --------
    >>> document = {"@context": ["https://schema.org/", {"x": "y"}], "a": {"@context": "c.json"}}
    >>> remote_references(document)
    ['https://schema.org/']
    """
    found: list[str] = []
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "@context":
                    refs = _context_references(value)
                    found += [ref for ref in refs if urlsplit(ref).scheme not in ("", "file")]
                pending.append(value)
        elif isinstance(item, list):
            pending.extend(item)
    return found


def refuse_remote_references(path: Path) -> None:
    """Raise :class:`DataError` when the JSON-LD file ``path`` names a remote context: reading it
    would mean a request to whatever host the file names, or a long hang."""
    try:
        document = json.loads(path.read_bytes())
    except ValueError:
        return  # the parser reports where the JSON is broken
    remote = remote_references(document)
    if remote:
        raise DataError(
            path,
            f"refers to {remote[0]} (a remote JSON-LD context or document); segraph reads RDF "
            "files without going online: download it and refer to the local copy, or inline it",
        )
