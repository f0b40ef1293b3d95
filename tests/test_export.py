"""Export to every RDF format and read back: the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from segraph import build_graph, load_graph, serialize_graph, write_graph
from segraph.rdf.serialize import FORMATS, SUFFIXES
from tests.conftest import MINI


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips_to_an_isomorphic_graph(
    merged_graph: Graph, tmp_path: Path, fmt: str
) -> None:
    suffix = next(suffix for suffix, name in SUFFIXES.items() if name == FORMATS[fmt])
    path = tmp_path / f"graph{suffix}"
    write_graph(merged_graph, path, fmt)
    again = load_graph(path)
    assert len(again) == len(merged_graph)
    assert isomorphic(again, merged_graph)


def test_bundled_graph_round_trips_through_turtle(seoul_graph: Graph, tmp_path: Path) -> None:
    path = write_graph(seoul_graph, tmp_path / "seoul.ttl")
    assert isomorphic(load_graph(path), seoul_graph)


def test_format_follows_the_suffix(mini_graph: Graph, tmp_path: Path) -> None:
    path = write_graph(mini_graph, tmp_path / "mini.nt")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(("<", "_:")) and first.endswith(" .")  # blank nodes come in any order
    assert serialize_graph(mini_graph, "ttl").startswith(b"@prefix")
    for suffix, start in (
        (".xml", b"<?xml"),
        (".owl", b"<?xml"),
        (".nq", (b"<", b"_:")),
        (".ttl", b"@"),
    ):
        written = write_graph(mini_graph, tmp_path / f"mini{suffix}")
        assert written.read_bytes().startswith(start), suffix
        assert isomorphic(load_graph(written), mini_graph), suffix


def test_turtle_of_an_oxigraph_graph_uses_segraphs_prefixes(mini_graph: Graph) -> None:
    text = serialize_graph(mini_graph, "ttl").decode("utf-8")
    assert "@prefix seg: <https://w3id.org/segraph/ontology#> ." in text
    assert "seg:Participation" in text and "ns1:" not in text


def test_oxigraph_store_builds_the_same_graph() -> None:
    pytest.importorskip("oxrdflib")
    memory = build_graph(data=[MINI], include_ontology=False)  # no blank nodes to match
    ox = build_graph(data=[MINI], store="oxigraph", include_ontology=False)
    assert len(ox) == len(memory)
    assert by_value(ox) == by_value(memory)


def by_value(graph: Graph) -> set[tuple[object, ...]]:
    """Triples with literals compared by value: Oxigraph types plain literals as xsd:string
    and writes decimals in its own canonical form, which RDF 1.1 treats as the same terms; it
    also lower-cases language tags (``ko-Latn`` → ``ko-latn``), whose value space is lower case."""
    result = set()
    for s, p, o in graph:
        if isinstance(o, Literal):
            datatype = o.datatype or (None if o.language else XSD.string)
            language = o.language.lower() if o.language else None
            o = (o.toPython() if datatype == XSD.decimal else str(o), language, datatype)
        result.add((s, p, o))
    return result


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_quads_of_either_store_put_the_graph_in_the_default_graph(
    tmp_path: Path, suffix: str
) -> None:
    for store in ("memory", "oxigraph"):
        graph = build_graph([MINI], store=store)
        written = write_graph(graph, tmp_path / f"{store}{suffix}")
        dataset = Dataset()
        dataset.parse(written, format="nquads" if suffix == ".nq" else "trig")
        named = [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
        assert named == [], store  # no graph named by a blank node
        default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        assert len(default) == len(graph), store
