"""SHACL validation of built graphs, and the CSV codes kept in step with the concept schemes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD

from segraph import build_graph, validate_graph
from segraph._util.resources import ontology_file
from segraph.cli.main import main
from segraph.dataset import codes
from segraph.rdf import vocab
from segraph.rdf.namespaces import ID, ORG, SEG
from tests.conftest import EXTRA, MINI


def test_bundled_graph_conforms(seoul_graph: Graph) -> None:
    report = validate_graph(seoul_graph)
    assert report.conforms, report.text()
    assert report.text().endswith("conforms to the segraph shapes.")


def test_fixture_graphs_conform(merged_graph: Graph) -> None:
    assert validate_graph(merged_graph).conforms


def broken_copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_violations_are_reported_with_label_path_and_message(mini_graph: Graph) -> None:
    graph = broken_copy(mini_graph)
    alpha = ID["org/alpha"]
    graph.remove((alpha, ORG.classification, None))
    graph.add((ID["participation/alpha/care/executor/2021"], SEG.participant, ID["org/nobody"]))
    report = validate_graph(graph)
    assert not report.conforms
    focus = {(v.focus, v.path) for v in report.violations}
    assert (str(alpha), "org:classification") in focus
    assert (str(ID["participation/alpha/care/executor/2021"]), "seg:participant") in focus
    text = report.text()
    assert "사회적협동조합 함께강동" in text  # the organisation's label, for a human reader
    assert (
        text.splitlines()[-1] == f"The graph does not conform: {len(report.violations)} problem(s)."
    )


def test_validate_command_exits_1_when_not_conforming(tmp_path: Path, mini_graph: Graph) -> None:
    graph = broken_copy(mini_graph)
    graph.remove((ID["district/11440"], SKOS.notation, Literal("11440")))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert result.exit_code == 1
    assert "skos:notation" in result.stdout
    ok = CliRunner().invoke(main, ["validate", "--data", str(MINI), "--data", str(EXTRA)])
    assert ok.exit_code == 0, ok.stdout


@pytest.mark.parametrize(
    ("scheme", "prefix", "scheme_codes"),
    [
        ("OrganisationKinds", "kind", codes.KINDS),
        ("LegalForms", "legal", codes.LEGAL_FORMS),
        ("Designations", "designation", codes.DESIGNATIONS),
        ("ParticipationRoles", "role", codes.ROLES),
        ("TieTypes", "tie", codes.TIE_TYPES),
    ],
)
def test_csv_codes_are_the_concepts_of_their_scheme(
    scheme: str, prefix: str, scheme_codes: tuple[str, ...]
) -> None:
    concepts = Graph().parse(ontology_file("concepts.ttl"))
    in_scheme = {
        str(concepts.value(c, SKOS.notation)) for c in concepts.subjects(SKOS.inScheme, SEG[scheme])
    }
    assert in_scheme == set(scheme_codes)
    for code in scheme_codes:
        assert (vocab.concept(prefix, code), RDF.type, SKOS.Concept) in concepts


def test_every_code_maps_to_its_ontology_term() -> None:
    assert tuple(vocab.KIND_CLASSES) == codes.KINDS
    legal = vocab.REGISTERED_LEGAL_FORMS | vocab.STATUTORY_LEGAL_FORMS | {"other"}
    assert set(codes.LEGAL_FORMS) == legal
    assert {"social-cooperative", "stock-company"} <= vocab.REGISTERED_LEGAL_FORMS
    assert not {"public-body", "other"} & vocab.REGISTERED_LEGAL_FORMS
    assert tuple(vocab.TIE_PROPERTIES) == codes.TIE_TYPES
    assert tuple(vocab.LEVEL_CLASSES) == codes.LEVELS
    assert set(codes.TIE_TYPES) >= codes.SYMMETRIC_TIES


def test_kind_concepts_name_the_class_the_build_gives() -> None:
    concepts = Graph().parse(ontology_file("concepts.ttl"))
    for code, cls in vocab.KIND_CLASSES.items():
        assert concepts.value(vocab.concept("kind", code), SEG.forClass) == cls


def test_build_includes_the_ontology_unless_asked_not_to() -> None:
    with_ontology = build_graph(data=[MINI])
    without = build_graph(data=[MINI], include_ontology=False)
    assert (SEG.Program, RDF.type, None) in with_ontology
    assert (SEG.Program, RDF.type, None) not in without
    assert len(without) < len(with_ontology)


def test_what_cannot_be_true_across_years_and_sources_is_caught(mini_graph: Graph) -> None:

    graph = broken_copy(mini_graph)
    participation = ID["participation/alpha/care/executor/2021"]
    graph.remove((participation, SEG.year, None))  # its dataset has a year
    care = ID["program/care"]
    graph.add((care, SEG.subProgramOf, care))  # its own parent
    stated = ID["statement/unsourced"]
    graph.add((stated, RDF.type, SEG.StatedValue))  # a stated value with no source
    graph.add((stated, RDF.subject, ID["org/alpha"]))
    graph.add((stated, RDF.predicate, SEG.locatedIn))
    graph.add((stated, RDF.object, ID["district/11440"]))
    report = validate_graph(graph)
    messages = {(v.focus, v.message) for v in report.violations}
    assert any(f == str(participation) and "needs its seg:year" in m for f, m in messages), messages
    assert any(f == str(care) and "its own parent" in m for f, m in messages)
    assert any(f == str(stated) and "cites at least one source" in m for f, m in messages)
    graph.add((stated, PROV.wasDerivedFrom, ID["source/mini/s1"]))
    graph.add((participation, SEG.year, Literal("2021", datatype=XSD.gYear)))
    graph.remove((care, SEG.subProgramOf, care))
    assert validate_graph(graph).conforms
