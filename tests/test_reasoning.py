"""The ontology with the reused vocabularies' own axioms: consistent, and nothing false entailed.

The published W3C ORG, RegOrg, PROV-O and DCAT files and the relevant part of schema.org
(``tests/fixtures/vocabularies/``) are loaded with the bundled data and the segraph ontology,
and closed under OWL 2 RL (owlrl). The closure must be consistent, give each organisation one
kind, type nothing across organisation, program, district and register entry, conform to the
shapes and answer the competency questions as the plain graph does. A DL reasoner (HermiT, from
the owlready2 package, with Java) checks consistency where it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlrl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import segraph
from segraph.rdf.iris import ID_BASE
from segraph.rdf.namespaces import ORG, ROV, SCHEMA, SEG
from segraph.rdf.shacl import validate_graph
from segraph.rdf.stores import in_memory
from segraph.sparql.competency import load_questions, run_question, same_answer

VOCABULARIES = Path(__file__).parent / "fixtures" / "vocabularies"
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

#: Classes whose instances in the data must stay apart under any reasoning.
APART = (ORG.Organization, SEG.Program, SEG.District, SEG.Registration, SEG.Participation)


def vocabularies() -> Graph:
    """The reused vocabularies' published axioms."""
    graph = Graph()
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        graph.parse(path)
    return graph


def owl_rl_closure(data: Graph) -> tuple[Graph, list[str]]:
    """``data`` with the vocabularies, closed under OWL 2 RL; and the inconsistencies found."""
    closure = Graph()
    for triple in data:
        closure.add(triple)
    closure += vocabularies()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure, sorted(str(m) for m in closure.objects(None, OWLRL_ERROR))


def is_data_node(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(ID_BASE)


@pytest.fixture(scope="module")
def plain(seoul_graph: Graph) -> Graph:
    """The bundled graph (with the ontology and concept schemes, as built) in memory."""
    return in_memory(seoul_graph)


@pytest.fixture(scope="module")
def reasoned(plain: Graph) -> tuple[Graph, list[str]]:
    """The data as a reasoner sees it: the plain graph plus every entailed triple about a data
    node (the vocabularies' own blank nodes left out); and the inconsistencies."""
    closure, errors = owl_rl_closure(plain)
    view = Graph()
    for triple in plain:
        view.add(triple)
    for triple in closure:
        if is_data_node(triple[0]):
            view.add(triple)
    return view, errors


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {node for node in graph.subjects(RDF.type, cls) if is_data_node(node)}


def test_the_closure_is_consistent(reasoned: tuple[Graph, list[str]]) -> None:
    view, errors = reasoned
    assert errors == []
    assert len(view) > 1.5 * len(set(view.subjects())), "the closure added next to nothing"


def test_a_node_of_two_disjoint_classes_is_found_inconsistent(plain: Graph) -> None:
    program = next(iter(instances(plain, SEG.Program)))
    broken = Graph()
    for triple in plain:
        broken.add(triple)
    broken.add((program, RDF.type, ORG.Organization))
    _, errors = owl_rl_closure(broken)
    assert errors, "owl:AllDisjointClasses did not make the program-organisation inconsistent"


def test_each_organisation_has_exactly_one_kind(reasoned: tuple[Graph, list[str]]) -> None:
    view, _ = reasoned
    kinds = set(view.subjects(SKOS.inScheme, SEG.OrganisationKinds))
    organisations = instances(view, ORG.Organization)
    assert len(organisations) > 100
    entailed_legal_forms = 0
    for org in organisations:
        classifications = set(view.objects(org, ORG.classification))
        assert len(classifications & kinds) == 1, org
        # RegOrg: rov:orgType is a sub-property of org:classification
        entailed_legal_forms += len(classifications - kinds)
    assert entailed_legal_forms > 0


def test_nothing_is_typed_across_organisation_program_district_and_record(
    plain: Graph, reasoned: tuple[Graph, list[str]]
) -> None:
    view, _ = reasoned
    for cls in APART:
        assert instances(view, cls) == instances(plain, cls), f"reasoning added {cls} instances"
    for i, first in enumerate(APART):
        for second in APART[i + 1 :]:
            assert not instances(view, first) & instances(view, second), (first, second)
    assert not instances(view, SCHEMA.Organization), "schema.org made something an organisation"


def test_legal_status_is_not_entailed_beyond_what_is_stated(
    plain: Graph, reasoned: tuple[Graph, list[str]]
) -> None:
    view, _ = reasoned
    for cls in (ROV.RegisteredOrganization, ORG.FormalOrganization):
        assert instances(view, cls) == instances(plain, cls)
    enterprises = instances(plain, SEG.SocialEconomyEnterprise)
    assert enterprises - instances(plain, ROV.RegisteredOrganization), (
        "the bundled data has enterprises without a registered legal form"
    )


def test_the_reasoned_graph_conforms_to_the_shapes(reasoned: tuple[Graph, list[str]]) -> None:
    report = validate_graph(reasoned[0])
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    "cq", [cq for cq in load_questions() if not cq.requires], ids=lambda cq: cq.name
)
def test_competency_questions_answer_the_same_under_reasoning(
    cq: object, plain: Graph, reasoned: tuple[Graph, list[str]]
) -> None:
    expected = run_question(plain, cq)  # type: ignore[arg-type]
    actual = run_question(reasoned[0], cq)  # type: ignore[arg-type]
    assert same_answer(expected, actual, ordered=False)


# --------------------------------------------------------------------------------------------
# A DL reasoner: HermiT, shipped in the owlready2 package, run with Java
# --------------------------------------------------------------------------------------------


def hermit_consistent(graph: Graph, folder: Path) -> bool:
    """Whether HermiT finds ``graph`` consistent (owl:Thing satisfiable).

    xsd:gYear is outside OWL 2's datatype map, so HermiT is told to ignore the datatypes it does
    not support rather than refuse the years.
    """
    owlready2 = pytest.importorskip("owlready2", reason="the DL check needs owlready2's HermiT")
    java = shutil.which("java")
    if java is None:
        pytest.skip("the DL check needs Java (Debian: default-jre-headless)")
    jars = Path(owlready2.__file__).parent / "hermit"
    path = folder / "ontology-and-data.owl"
    graph.serialize(path, format="xml")
    done = subprocess.run(
        [java, "-Xmx2G", "-cp", f"{jars / 'HermiT.jar'}:{jars}",
         "org.semanticweb.HermiT.cli.CommandLine", "--consistency",
         "--ignoreUnsupportedDatatypes", path.as_uri()],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if "is satisfiable" in done.stdout:
        return True
    assert "is not satisfiable" in done.stdout or "Inconsistent" in done.stderr, done.stderr[-2000:]
    return False


def dl_input(plain: Graph) -> Graph:
    """The data, the ontology and the reused vocabularies that are in OWL 2 DL (DCAT 3 is left
    out: its restrictions use xsd:duration, outside OWL 2's datatype map)."""
    graph = Graph()
    for triple in plain:
        graph.add(triple)
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        if not path.name.startswith("dcat"):
            graph.parse(path)
    return graph


def test_a_dl_reasoner_finds_ontology_and_data_consistent(plain: Graph, tmp_path: Path) -> None:
    assert hermit_consistent(dl_input(plain), tmp_path)


def test_a_dl_reasoner_finds_a_registered_team_inconsistent(plain: Graph, tmp_path: Path) -> None:
    graph = dl_input(plain)
    team = BNode()
    graph.add((team, RDF.type, SEG.InformalTeam))
    graph.add((team, RDF.type, ROV.RegisteredOrganization))  # ⊑ org:FormalOrganization
    graph.add((team, SKOS.prefLabel, Literal("등록된 팀", lang="ko")))
    assert not hermit_consistent(graph, tmp_path)


def test_a_sole_proprietor_stays_unregistered_under_reasoning(tmp_path: Path) -> None:
    listed = tmp_path / "sse.csv"
    listed.write_text(
        "순번,시도,시군구,자활기업,자활기업구분,대표자명,업종,사업자구분,주소\n"
        "1,서울,노원구,늘푸른 청소,일반,최민수,청소,개인,서울특별시 노원구 1\n",
        encoding="utf-8",
    )
    folder = tmp_path / "imported"
    segraph.write_dataset(
        segraph.import_list("self-sufficiency-enterprises", listed).dataset, folder
    )
    plain = in_memory(segraph.build_graph(data=[folder]))
    closure, errors = owl_rl_closure(plain)
    assert errors == []
    (enterprise,) = instances(plain, SEG.SocialEconomyEnterprise)
    for legal_status in (ROV.RegisteredOrganization, ORG.FormalOrganization):
        assert (enterprise, RDF.type, legal_status) not in closure
