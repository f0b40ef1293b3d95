"""Register identities: typed identifiers, granting authorities, status and validity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

import segraph
from segraph.errors import DataError
from segraph.rdf.namespaces import ADMS, ID, ORG, ROV, SCHEMA, SEG
from segraph.rdf.registers import authority, authority_triples

MINI = Path(__file__).parent / "fixtures" / "mini"


REGISTRATIONS = (
    "organisation,designation,number,date,round,authority,status,valid_from,valid_until,source\n"
    "alpha,village-enterprise,2019-11,2019-05-01,,행정안전부,valid,2019-05-01,2022-04-30,s1\n"
    "alpha,preliminary-social-enterprise,,2018-01-02,,농림축산식품부,expired,,,s1\n"
)


def dataset(tmp_path: Path, registrations: str = REGISTRATIONS, numbers: bool = True) -> Path:
    """The mini fixture with registrations and, on alpha, both register numbers."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "registrations.csv").write_text(registrations, encoding="utf-8")
    if numbers:
        orgs = folder / "organisations.csv"
        lines = orgs.read_text(encoding="utf-8").splitlines()
        lines[0] += ",business_number,corporate_number"
        lines[1:] = [
            line + (",2148612345,1101110000010" if line.startswith("alpha,") else ",,")
            for line in lines[1:]
        ]
        orgs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return segraph.build_graph(data=[dataset(tmp_path_factory.mktemp("registers"))])


def test_each_number_is_a_typed_identifier_issued_by_its_register(graph: Graph) -> None:
    alpha = ID["org/alpha"]
    business = ID["identifier/business-registration/2148612345"]
    corporate = ID["identifier/corporate-registration/1101110000010"]
    assert set(graph.objects(alpha, ADMS.identifier)) == {business, corporate}
    assert (business, RDF.type, ADMS.Identifier) in graph
    assert graph.value(business, SKOS.notation) == Literal("2148612345")
    assert graph.value(business, DCTERMS.type) == SEG["idscheme-business-registration"]
    assert graph.value(business, DCTERMS.creator) == ID["authority/national-tax-service"]
    assert graph.value(corporate, DCTERMS.type) == SEG["idscheme-corporate-registration"]
    assert graph.value(corporate, DCTERMS.creator) == ID["authority/court-registry-office"]
    # RegOrg: the registration that confers legal status, on a registered organisation only
    assert set(graph.objects(alpha, ROV.registration)) == {corporate}
    assert (alpha, RDF.type, ROV.RegisteredOrganization) in graph
    # the schemes are concepts the graph holds, with their names
    assert graph.value(SEG["idscheme-corporate-registration"], SKOS.inScheme) == (
        SEG.IdentifierSchemes
    )


def test_an_organisation_without_numbers_has_no_identifier(graph: Graph) -> None:
    assert not list(graph.objects(ID["org/center"], ADMS.identifier))


def test_the_granting_authority_is_an_organisation_node(graph: Graph) -> None:
    village = ID["registration/alpha/village-enterprise/2019-05-01"]
    ministry = ID["authority/ministry-of-the-interior-and-safety"]
    assert graph.value(village, SEG.grantedBy) == ministry
    assert graph.value(village, SEG.authority) == Literal("행정안전부", lang="ko")
    assert (ministry, RDF.type, PROV.Organization) in graph
    assert set(graph.objects(ministry, RDFS.label)) == {
        Literal("행정안전부", lang="ko"),
        Literal("Ministry of the Interior and Safety", lang="en"),
    }
    # an authority the reference table does not know: its romanised name, its Korean label only
    unknown = ID["authority/nongrimchuksansikpumbu"]
    assert set(graph.objects(unknown, RDFS.label)) == {Literal("농림축산식품부", lang="ko")}
    # authorities are not organisations of the ecosystem (nor in its network)
    assert (ministry, RDF.type, ORG.Organization) not in graph


def test_status_and_validity_are_recorded(graph: Graph) -> None:
    village = ID["registration/alpha/village-enterprise/2019-05-01"]
    assert graph.value(village, SEG.registrationStatus) == SEG["registration-status-valid"]
    assert graph.value(village, SCHEMA.validFrom) == Literal("2019-05-01", datatype=XSD.date)
    assert graph.value(village, SCHEMA.validThrough) == Literal("2022-04-30", datatype=XSD.date)
    preliminary = ID["registration/alpha/preliminary-social-enterprise/2018-01-02"]
    assert graph.value(preliminary, SEG.registrationStatus) == SEG["registration-status-expired"]
    assert graph.value(preliminary, SCHEMA.validFrom) is None


def test_the_graph_with_registers_conforms(graph: Graph) -> None:
    report = segraph.validate_graph(graph)
    assert report.conforms, report.text()


def test_a_validity_that_ends_before_it_starts_is_a_located_error(tmp_path: Path) -> None:
    rows = REGISTRATIONS.replace("2019-05-01,2022-04-30", "2019-05-01,2018-04-30")
    with pytest.raises(DataError) as caught:
        segraph.build_graph(data=[dataset(tmp_path, rows)])
    message = str(caught.value)
    assert message.endswith(
        "registrations.csv:2: column 'valid_until':"
        " the registration ends (2018-04-30) before it is valid from 2019-05-01"
    )


def test_an_unknown_status_is_a_located_error(tmp_path: Path) -> None:
    rows = REGISTRATIONS.replace(",valid,", ",suspended,")
    with pytest.raises(DataError) as caught:
        segraph.build_graph(data=[dataset(tmp_path, rows)])
    assert "registrations.csv" in str(caught.value) and "suspended" in str(caught.value)


def test_two_authorities_never_share_a_node() -> None:
    assert authority("국세청").id == "national-tax-service"
    assert authority("한국 사회").id == authority("한국(사회)").id  # one slug
    with pytest.raises(DataError, match="would share the IRI"):
        list(authority_triples(["한국 사회", "한국(사회)"]))
    assert len({s for s, _, _ in authority_triples(["국세청", "고용노동부"])}) == 2
