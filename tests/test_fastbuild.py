"""The Oxigraph build path: the same graph as rdflib's memory store, loaded in bulk."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from segraph import DataError, build_graph, select
from segraph.dataset.synthetic import SynthConfig, write_synthetic
from segraph.rdf import stores as store_module
from segraph.rdf.stores import is_oxigraph, new_graph, stream_ntriples, triple_count
from segraph.rdf.terms import Lit, ntriples_chunks

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def same_value(term: object) -> object:
    """A term as a comparable value, across the ways stores spell the same literal.

    Oxigraph returns simple literals with their RDF 1.1 datatype ``xsd:string``, writes decimals
    in its own canonical form (``1000`` for ``1000.0``) and lower-cases language tags; rdflib's
    equality tells each of these apart.
    """
    if not isinstance(term, Literal):
        return term
    if term.language:
        return (str(term), term.language.lower())
    if term.datatype == XSD_DECIMAL:
        return Decimal(str(term))
    if term.datatype in (None, XSD_STRING):
        return str(term)
    return (str(term), term.datatype)


def plain(graph: Graph) -> set[tuple]:
    """The triples of ``graph`` as comparable values (see :func:`same_value`)."""
    return {tuple(same_value(t) for t in triple) for triple in graph}


def test_oxigraph_build_holds_exactly_the_memory_graph() -> None:
    memory = build_graph(data=[MINI], store="memory", include_ontology=False)
    oxigraph = build_graph(data=[MINI], store="oxigraph", include_ontology=False)
    assert is_oxigraph(oxigraph) and not is_oxigraph(memory)
    assert plain(oxigraph) == plain(memory)
    assert triple_count(oxigraph) == len(memory) > 100


def test_same_graph_on_a_synthetic_ecosystem(tmp_path: Path) -> None:
    write_synthetic(SynthConfig(orgs=150, seed=2), tmp_path)
    memory = build_graph(data=[tmp_path], store="memory", include_ontology=False)
    oxigraph = build_graph(data=[tmp_path], store="oxigraph", include_ontology=False)
    assert plain(oxigraph) == plain(memory)


def test_literals_that_need_escaping_survive(tmp_path: Path) -> None:
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    orgs = data / "organisations.csv"
    note = 'says "hello" \\ back\nslash'
    text = orgs.read_text(encoding="utf-8").replace(
        "The report does not name the consortium.", '"' + note.replace('"', '""') + '"'
    )
    orgs.write_text(text, encoding="utf-8")
    oxigraph = build_graph(data=[data], store="oxigraph", include_ontology=False)
    memory = build_graph(data=[data], include_ontology=False)
    assert plain(oxigraph) == plain(memory)
    rows = select(oxigraph, "SELECT ?note WHERE { ?o skos:editorialNote ?note }")
    assert note in {row["note"] for row in rows}


def test_ntriples_chunks_are_read_back_by_rdflib() -> None:
    graph = new_graph("memory")
    triples = [
        ("http://e/s", "http://e/p", Lit('a "b"\\c\r\n', "ko")),
        ("http://e/s", "http://e/q", Lit("12.50", None, str(XSD_DECIMAL))),
        ("http://e/s", "http://e/r", Lit("plain")),
        ("http://e/s", "http://e/t", "http://e/o"),
    ]
    chunks = list(ntriples_chunks(triples, size=3))
    assert len(chunks) == 2
    graph.parse(data=b"".join(chunks).decode("utf-8"), format="nt")
    assert (URIRef("http://e/s"), URIRef("http://e/p"), Literal('a "b"\\c\r\n', lang="ko")) in graph
    value = graph.value(URIRef("http://e/s"), URIRef("http://e/q"))
    # decimals in Oxigraph's canonical form, as the store would hold them
    assert str(value) == "12.5" and value.datatype.endswith("#decimal")
    assert (URIRef("http://e/s"), URIRef("http://e/r"), Literal("plain")) in graph
    assert (URIRef("http://e/s"), URIRef("http://e/t"), URIRef("http://e/o")) in graph


def test_invalid_homepage_is_a_data_error(tmp_path: Path) -> None:
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    orgs = data / "organisations.csv"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace("https://sehub.net", "sehub net"), encoding="utf-8"
    )
    for store in ("memory", "oxigraph"):
        with pytest.raises(DataError, match=r"organisations.csv:2: column 'homepage'"):
            build_graph(data=[data], store=store, include_ontology=False)


def finishes(fn: Callable[[], object], seconds: float = 60) -> BaseException | None:
    """Run ``fn`` in a thread; fail the test if it hangs, else return what it raised (or None)."""
    raised: list[BaseException | None] = [None]

    def run() -> None:
        try:
            fn()
        except BaseException as error:
            raised[0] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the load hangs"
    return raised[0]


def lines(count: int, start: int = 0) -> bytes:
    return "".join(
        f"<http://e/s{i}> <http://e/p> <http://e/o> .\n" for i in range(start, start + count)
    ).encode()


def test_a_stream_larger_than_the_pipe_is_loaded_whole(handing: str) -> None:
    store = pyoxigraph.Store()
    stream_ntriples(store, (lines(20_000, start) for start in range(0, 100_000, 20_000)))
    assert len(store) == 100_000


def test_chunks_are_loaded_one_by_one_where_pipes_have_no_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(store_module, "FD_PATHS", tmp_path / "missing")
    memory = build_graph(data=[MINI], store="memory", include_ontology=False)
    oxigraph = build_graph(data=[MINI], store="oxigraph", include_ontology=False)
    assert plain(oxigraph) == plain(memory)


@pytest.fixture(params=["pipe", "chunk by chunk"])
def handing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Both ways of handing N-Triples to Oxigraph: one streamed load, or a load per chunk."""
    if request.param != "pipe":
        monkeypatch.setattr(store_module, "FD_PATHS", tmp_path / "missing")
    return request.param


def test_an_oxigraph_error_stops_the_writer_instead_of_blocking_it(handing: str) -> None:
    # the bad line comes first; megabytes follow, more than the pipe holds
    chunks = [b"<http://e/s> <http://e/p> not-a-term .\n", *(lines(20_000) for _ in range(20))]
    error = finishes(lambda: stream_ntriples(pyoxigraph.Store(), iter(chunks)))
    assert isinstance(error, SyntaxError)


def test_an_error_while_writing_is_raised_after_loading_what_was_written(handing: str) -> None:
    store = pyoxigraph.Store()

    def chunks() -> Iterator[bytes]:
        yield lines(1000)
        raise DataError("organisations.csv:7", "a problem found while writing")

    error = finishes(lambda: stream_ntriples(store, chunks()))
    assert isinstance(error, DataError) and "organisations.csv:7" in str(error)
    assert len(store) == 1000


def test_same_graph_on_the_bundled_dataset() -> None:
    memory = build_graph(include_ontology=False)
    oxigraph = build_graph(store="oxigraph", include_ontology=False)
    assert plain(oxigraph) == plain(memory)
    assert triple_count(oxigraph) == len(memory) > 5000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))), st.booleans())
def test_any_literal_text_is_read_back_by_oxigraph(text: str, korean: bool) -> None:
    triples = [("http://e/s", "http://e/p", Lit(text, "ko" if korean else None))]
    (quad,) = pyoxigraph.parse(b"".join(ntriples_chunks(triples)), pyoxigraph.RdfFormat.N_TRIPLES)
    assert quad.object.value == text
    assert quad.object.language == ("ko" if korean else None)
