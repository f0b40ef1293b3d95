"""Graph stores (rdflib's memory store or Oxigraph) and reading RDF files into them."""

from __future__ import annotations

import functools
import json
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax

from segraph._util.atomic import note_input
from segraph.errors import DataError, UsageError
from segraph.rdf.namespaces import bind_prefixes
from segraph.rdf.terms import NeutralTriple, ntriples_chunks, rdflib_triples

STORES: tuple[str, ...] = ("memory", "oxigraph")

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


#: rdflib serializer name → Oxigraph's own serialiser, for graphs held by Oxigraph. JSON-LD stays
#: with rdflib, which compacts it with segraph's context.
OXIGRAPH_SERIALIZERS: dict[str, str] = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "trig": "ox-trig",
    "xml": "ox-xml",
}


def native_serializer(graph: Graph, serializer: str) -> str:
    """The serialiser to use for ``graph``: Oxigraph's own when the graph lives in Oxigraph.

    rdflib's serialisers pull every triple through Python (minutes for 10⁶ triples); Oxigraph
    dumps its store in Rust.
    """
    return OXIGRAPH_SERIALIZERS.get(serializer, serializer) if is_oxigraph(graph) else serializer


def new_graph(store: str = "memory", path: str | Path | None = None) -> Graph:
    """Return an empty graph on ``store`` (``"memory"`` or ``"oxigraph"``) with prefixes bound.

    Parameters
    ----------
    store : ``"memory"`` (rdflib's default store) or ``"oxigraph"`` (needs ``segraph[fast]``).
    path : for ``"oxigraph"`` only, a folder holding an on-disk Oxigraph store (opened, or
        created when missing); in memory when None.

    An oxigraph graph keeps its triples in Oxigraph's default graph, so the store's own SPARQL
    engine, serialisers and ``oxigraph serve --location`` see them directly.
    """
    if store == "memory":
        if path is not None:
            raise UsageError("a store path needs --store oxigraph")
        graph = Graph()
    elif store == "oxigraph":
        graph = Graph(
            store=oxigraph_store(path), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none"
        )
    else:
        raise UsageError(f"unknown store '{store}' (choose one of: {', '.join(STORES)})")
    return bind_prefixes(graph)


def oxigraph_store(path: str | Path | None = None) -> Any:
    """Return an oxrdflib store on a new in-memory Oxigraph store or the one in folder ``path``."""
    try:
        import pyoxigraph
        from oxrdflib import OxigraphStore
    except ImportError:
        raise UsageError(
            "the oxigraph store needs the fast extra: pip install 'segraph[fast]'"
        ) from None
    if path is None:
        return OxigraphStore(store=pyoxigraph.Store())
    try:
        return OxigraphStore(store=pyoxigraph.Store(str(path)))
    except OSError as error:
        raise UsageError(f"{path}: cannot open an Oxigraph store there: {error}") from None


def is_oxigraph(graph: Graph) -> bool:
    """True when ``graph`` lives in an Oxigraph store."""
    return type(graph.store).__name__ == "OxigraphStore"


def triple_count(graph: Graph) -> int:
    """The number of triples in ``graph``, counted by Oxigraph itself when it holds them.

    ``len()`` of an oxrdflib graph runs a ``COUNT(DISTINCT …)`` query that takes seconds per
    10⁵ triples; the store's own count is immediate.
    """
    if is_oxigraph(graph):
        inner = graph.store._inner
        if not any(True for _ in inner.named_graphs()):
            return len(inner)
    return len(graph)


def load_triples(graph: Graph, triples: Iterable[NeutralTriple]) -> Graph:
    """Add store-neutral triples (:mod:`segraph.rdf.terms`) to ``graph`` as fast as its store
    allows.

    Into Oxigraph they go as N-Triples text, bulk-loaded by Oxigraph in Rust (see
    :func:`stream_ntriples`); into rdflib's memory store as rdflib terms.
    """
    if not is_oxigraph(graph):
        graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(triples))
        return graph
    stream_ntriples(graph.store._inner, ntriples_chunks(triples, _CHUNK_TRIPLES))
    return graph


#: Triples per chunk of N-Triples text handed on at once.
_CHUNK_TRIPLES = 100_000

#: Where an open file descriptor can be reached by a path, so that Oxigraph can read a pipe
#: (Linux and macOS; not Windows).
FD_PATHS = Path("/dev/fd")


def stream_ntriples(store: Any, chunks: Iterable[bytes]) -> None:
    """Bulk-load the N-Triples text ``chunks`` into the pyoxigraph ``store``.

    A second thread hands the chunks to Oxigraph while this one goes on making the next ones;
    Oxigraph parses and indexes them in Rust, without Python's lock. They go through a pipe
    that Oxigraph reads by its path (``/dev/fd/N``) in a third thread, as one load: one load of
    the whole stream costs less than a load per chunk. Where pipes have no path (Windows), the
    second thread loads the chunks one by one.

    If making the chunks stops with an exception, what was made is loaded and the exception
    raised; if Oxigraph fails, its error is raised.
    """
    import pyoxigraph

    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def take(use: Callable[[bytes], object]) -> None:
        """Pass each pending chunk to ``use`` until the end; on failure, take the rest unused."""
        chunk = pending.get()
        try:
            while chunk is not None:
                use(chunk)
                chunk = pending.get()
        except BaseException as error:  # a load that failed first has its own error listed
            failure.append(error)
        finally:
            while chunk is not None:  # so that no put() waits for ever
                chunk = pending.get()

    def load_chunks() -> None:
        take(lambda chunk: store.bulk_load(chunk, pyoxigraph.RdfFormat.N_TRIPLES, lenient=True))

    read_end, write_end = os.pipe() if FD_PATHS.is_dir() else (-1, -1)

    def load_stream() -> None:
        try:
            store.bulk_load(
                path=str(FD_PATHS / str(read_end)),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
                lenient=True,
            )
        except BaseException as error:  # reported in the calling thread
            failure.append(error)
        finally:
            os.close(read_end)  # with no reader left, a blocked write fails instead of waiting

    def feed_stream() -> None:
        pipe = os.fdopen(write_end, "wb")
        try:
            take(pipe.write)
        finally:
            with suppress(BrokenPipeError):
                pipe.close()  # the end of the stream

    targets = [load_stream, feed_stream] if read_end >= 0 else [load_chunks]
    threads = [threading.Thread(target=t, name=f"segraph-{t.__name__}") for t in targets]
    for thread in threads:
        thread.daemon = True
        thread.start()
    try:
        for chunk in chunks:
            if failure:
                break
            pending.put(chunk)
    finally:
        pending.put(None)
        for thread in threads:
            thread.join()
    if failure:
        raise failure[0]


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
    parser = OXIGRAPH_PARSERS.get(fmt, fmt) if is_oxigraph(graph) else fmt
    note_input(path)
    try:
        with _offline(None if online else path):
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
        where = ":".join(str(part) for part in (path, line, column) if part)
        raise DataError(
            where, f"not valid {FORMAT_NAMES.get(fmt, fmt)}: {reason}; is it RDF in that format?"
        ) from None
    return graph


#: The RDF file being parsed, while parsing must not go online; None otherwise.
_PARSING: ContextVar[Path | None] = ContextVar("segraph_parsing", default=None)


def _refuse_network(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook: refuse URL requests made while an RDF file is parsed (see :func:`_offline`)."""
    if event == "urllib.Request":
        path = _PARSING.get()
        if path is not None:
            raise DataError(
                path,
                f"refers to {args[0]} (a remote JSON-LD context or document); segraph reads RDF "
                "files without going online: download it and refer to the local copy, or inline it",
            )


@functools.cache
def _install_network_guard() -> None:
    sys.addaudithook(_refuse_network)


@contextmanager
def _offline(path: Path | None) -> Iterator[None]:
    """Parse ``path`` without network access (no restriction when ``path`` is None): a JSON-LD
    file naming a remote ``@context`` would otherwise make rdflib fetch it, a request to any host
    the file names, or a long hang."""
    _install_network_guard()
    token = _PARSING.set(path)
    try:
        yield
    finally:
        _PARSING.reset(token)


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
    if isinstance(error, SyntaxError) and error.lineno:
        return error.lineno, error.offset or 0, error.msg
    if isinstance(error, UnicodeDecodeError):
        return 0, 0, f"not UTF-8 text (byte {error.start})"
    if isinstance(error, ParserError) and str(error).startswith(_INVALID_LINE):
        line, column = _position_of(path, str(error)[len(_INVALID_LINE) :].strip())
        return line, column, "not a triple"
    return 0, 0, " ".join(str(error).split()) or type(error).__name__


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


def load_graph(
    path: str | Path,
    store: str = "memory",
    online: bool = False,
    store_path: str | Path | None = None,
) -> Graph:
    """Read an exported RDF file into a new graph on ``store`` (``store_path``: see new_graph).

    Raises :class:`DataError` when the file is not RDF or holds no triple at all, or (unless
    ``online``) when it needs a document from the network, such as a remote JSON-LD context.
    """
    path = Path(path)
    graph = parse_into(new_graph(store, store_path), path, online)
    if triple_count(graph) == 0:
        raise DataError(path, "holds no RDF triples; is it the graph file you meant?")
    return graph
