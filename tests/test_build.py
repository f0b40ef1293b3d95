"""The RDF build: the vocabulary contract of docs/vocabulary.md, materialised."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from segraph import select
from segraph.rdf.namespaces import ID, ORG, ROV, SCHEMA, SEG


def org(org_id: str) -> URIRef:
    return ID[f"org/{org_id}"]


def program(program_id: str) -> URIRef:
    return ID[f"program/{program_id}"]


def test_organisations_are_typed_for_plain_sparql(mini_graph: Graph) -> None:
    alpha = org("alpha")
    assert (alpha, RDF.type, SEG.SocialEconomyEnterprise) in mini_graph
    assert (alpha, RDF.type, ORG.Organization) in mini_graph
    assert (alpha, RDF.type, ORG.FormalOrganization) in mini_graph
    assert (org("cons"), RDF.type, ORG.OrganizationalCollaboration) in mini_graph
    assert (org("cons"), RDF.type, SEG.Consortium) in mini_graph
    assert (org("team1"), RDF.type, ORG.FormalOrganization) not in mini_graph
    assert (alpha, ROV.orgType, SEG["legal-social-cooperative"]) in mini_graph
    assert (alpha, ORG.classification, SEG["kind-enterprise"]) in mini_graph
    assert (org("beta"), SEG.designation, SEG["designation-social-enterprise"]) in mini_graph


def test_labels_in_korean_and_english_and_printed_variants(mini_graph: Graph) -> None:
    beta = org("beta")
    assert (beta, RDFS.label, Literal("(주)미션잇", lang="ko")) in mini_graph
    assert (beta, RDFS.label, Literal("Mission It", lang="en")) in mini_graph
    assert (beta, SKOS.altLabel, Literal("주식회사 미션잇", lang="ko")) in mini_graph


def test_districts_by_code_and_every_way_of_naming_them(mini_graph: Graph) -> None:
    mapo = ID["district/11440"]
    assert (mapo, RDF.type, SEG.District) in mini_graph
    assert (mapo, RDF.type, SCHEMA.AdministrativeArea) in mini_graph
    assert (mapo, SKOS.notation, Literal("11440")) in mini_graph
    # organisations name districts as 강동 (short), 성북구 (ko), Mapo-gu (en) and 11290 (code)
    assert (org("alpha"), SEG.locatedIn, ID["district/11740"]) in mini_graph
    assert (org("gamma"), SEG.locatedIn, ID["district/11290"]) in mini_graph
    assert (org("delta"), SEG.locatedIn, mapo) in mini_graph
    assert (org("cons"), SEG.locatedIn, ID["district/11290"]) in mini_graph
    assert (org("gamma"), SEG.districtBasis, Literal("inferred-from-name")) in mini_graph
    assert (org("beta"), SEG.locatedIn, None) not in mini_graph


def test_participation_is_both_an_edge_and_an_nary_node(mini_graph: Graph) -> None:
    rows = select(
        mini_graph,
        """SELECT ?role ?stage ?title ?year WHERE {
             ?p a seg:Participation ; seg:participant ?org ; seg:program ?program ;
                seg:role ?role ; seg:stage ?stage ; seg:projectTitle ?title ; seg:year ?year .
           }""",
        {"org": org("team1"), "program": program("youth")},
    )
    assert len(rows) == 1
    assert rows[0]["role"] == str(SEG["role-participant"])
    assert rows[0]["stage"] == "성장"
    assert rows[0]["title"].startswith("사실 그 때")
    assert (org("team1"), SEG.participatesIn, program("youth")) in mini_graph
    # every participation, whatever its role, is a plain participatesIn edge
    participations = set(mini_graph.subjects(RDF.type, SEG.Participation))
    edges = set(mini_graph.subject_objects(SEG.participatesIn))
    assert len(participations) == 8
    assert len(edges) == 8


def test_participation_year_defaults_to_the_dataset_year(mini_graph: Graph) -> None:
    node = ID["participation/alpha/care/executor/2021"]
    assert (node, SEG.year, Literal("2021", datatype=XSD.gYear)) in mini_graph


def test_memberships_and_ties_are_materialised_both_ways(mini_graph: Graph) -> None:
    assert (org("cons"), ORG.hasMember, org("gamma")) in mini_graph
    assert (org("gamma"), ORG.memberOf, org("cons")) in mini_graph
    assert (ID["membership/gamma/cons"], ORG.member, org("gamma")) in mini_graph
    # partner is symmetric, supports is directed; linkedTo joins both ways for every type
    assert (org("gamma"), SEG.partnerOf, org("beta")) in mini_graph
    assert (org("beta"), SEG.partnerOf, org("gamma")) in mini_graph
    assert (org("alpha"), SEG.supports, org("delta")) in mini_graph
    assert (org("delta"), SEG.supports, org("alpha")) not in mini_graph
    assert (org("delta"), ORG.linkedTo, org("alpha")) in mini_graph
    assert (org("center"), SEG.agreementWith, org("alpha")) in mini_graph


def test_program_hierarchy_money_and_status(mini_graph: Graph) -> None:
    care = program("care")
    assert (care, RDF.type, SEG.Program) in mini_graph
    assert (care, RDF.type, SEG.UnitProgram) in mini_graph
    assert (program("care-strategy"), SEG.subProgramOf, care) in mini_graph
    assert (care, SEG.hasSubProgram, program("care-strategy")) in mini_graph
    budget = mini_graph.value(care, SEG.budget)  # Oxigraph keeps decimals in canonical form
    assert budget.datatype == XSD.decimal and budget.toPython() == Decimal("548475000.0")
    rate = mini_graph.value(care, SEG.executionRate).toPython()
    assert float(rate) == round(516951840 / 548475000 * 100, 2)
    assert mini_graph.value(program("intl"), SEG.status) == Literal("not-carried-out")
    assert (program("intl"), SEG.executionRate, None) not in mini_graph


def test_indicators_sites_and_budget_lines(mini_graph: Graph) -> None:
    indicator = ID["indicator/care-networks"]
    assert (indicator, SEG.indicatorOf, program("care")) in mini_graph
    assert mini_graph.value(indicator, SEG.target).toPython() == 25
    assert mini_graph.value(indicator, SEG.actual).toPython() == 20
    site = ID["site/hub"]
    assert (site, RDF.type, ORG.Site) in mini_graph
    assert (site, SEG.locatedIn, ID["district/11380"]) in mini_graph
    assert (org("center"), ORG.hasSite, site) in mini_graph
    line = ID["budget/mini/staff"]
    assert mini_graph.value(line, SEG.section) == Literal("expenditure")
    assert mini_graph.value(line, SEG.spent).toPython() == 1236273854


def test_every_record_is_derived_from_a_source_section(mini_graph: Graph) -> None:
    rows = select(
        mini_graph,
        """SELECT ?thing WHERE {
             VALUES ?class { org:Organization seg:Program seg:Participation org:Membership
                             seg:Tie seg:Site seg:Indicator seg:BudgetLine seg:District }
             ?thing a ?class .
             FILTER NOT EXISTS { ?thing prov:wasDerivedFrom ?source .
                                 ?source a seg:SourceSection ; dcterms:isPartOf ?dataset }
           } ORDER BY ?thing""",
    )
    assert rows == []
    source = ID["source/mini/s2"]
    assert (org("beta"), PROV.wasDerivedFrom, source) in mini_graph


def test_merging_a_second_folder_resolves_the_same_organisation(merged_graph: Graph) -> None:
    alpha = org("alpha")
    # extra/ prints 사회적협동조합 함께강동 with two spaces and its own id: one node, both spellings
    assert (org("alpha-2022"), None, None) not in merged_graph
    assert (alpha, RDFS.label, Literal("Together Gangdong", lang="en")) in merged_graph
    assert (alpha, SKOS.altLabel, Literal("사회적협동조합  함께강동", lang="ko")) in merged_graph
    assert (alpha, SEG.participatesIn, program("youth")) in merged_graph
    assert (org("epsilon"), SEG.participatesIn, program("care-strategy")) in merged_graph
    assert (alpha, PROV.wasDerivedFrom, ID["source/extra/survey"]) in merged_graph
    # a participation the 2022 folder states without a year is of its dataset's year
    participation = ID["participation/alpha/youth/participant/2022"]
    assert merged_graph.value(participation, SEG.year) == Literal("2022", datatype=XSD.gYear)


def test_a_dataset_links_to_the_document_it_is_curated_from(seoul_graph: Graph) -> None:
    dataset, document = ID["dataset/seoul-2021"], ID["document/seoul-2021"]
    assert (dataset, PROV.wasDerivedFrom, document) in seoul_graph
    assert (document, RDF.type, DCTERMS.BibliographicResource) in seoul_graph
    citation = str(seoul_graph.value(document, DCTERMS.bibliographicCitation))
    assert "지원에서 협력으로" in citation
