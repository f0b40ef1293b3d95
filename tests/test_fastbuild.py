"""The Oxigraph build path: the same graph as rdflib's memory store, loaded in bulk."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from segraph import DataError, build_graph, select
from segraph.store import is_oxigraph, new_graph, triple_count
from segraph.synth import SynthConfig, write_synthetic
from segraph.terms import Lit, ntriples_chunks

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
    memory = build_graph(data=[MINI], include_ontology=False)
    oxigraph = build_graph(data=[MINI], store="oxigraph", include_ontology=False)
    assert is_oxigraph(oxigraph) and not is_oxigraph(memory)
    assert plain(oxigraph) == plain(memory)
    assert triple_count(oxigraph) == len(memory) > 100


def test_same_graph_on_a_synthetic_ecosystem(tmp_path: Path) -> None:
    write_synthetic(SynthConfig(orgs=150, seed=2), tmp_path)
    memory = build_graph(data=[tmp_path], include_ontology=False)
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
    graph = new_graph()
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
    assert str(value) == "12.50" and value.datatype.endswith("#decimal")
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
