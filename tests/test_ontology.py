"""Tests of the ontology, the SKOS concept schemes and the SHACL shapes in ``ontology/``.

They read the Turtle files directly (no loader needed) and check them against the vocabulary
contract (``docs/vocabulary.md``) and the data format (``docs/data-format.md``): every term is
declared and documented in Korean and English, every CSV code has its concept, and the shapes
accept a correct hand-written graph and catch broken ones.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

import segraph
from segraph.cli.main import main

ROOT = Path(__file__).parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
VOCABULARY_MD = ROOT / "docs" / "vocabulary.md"
DATA_FORMAT_MD = ROOT / "docs" / "data-format.md"
DOCS_DIR = ROOT / "docs" / "ontology"
LISTS = ROOT / "tests" / "fixtures" / "lists"

# Plain Namespace objects: pytest's collection probes module globals, and rdflib's closed
# namespaces warn on every unknown attribute.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SEG = Namespace("https://w3id.org/segraph/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
SEGSH = Namespace("https://w3id.org/segraph/shapes#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace("https://w3id.org/segraph/id/")

ONTOLOGY_IRI = URIRef("https://w3id.org/segraph/ontology")
PREFIXES = {
    "seg": str(SEG),
    "org": str(ORG),
    "rov": str(ROV),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ESSGLOBAL_NAMESPACES = (
    "http://purl.org/essglobal/vocab/",
    "http://purl.org/essglobal/standard/legal-form/",
    "http://purl.org/essglobal/standard/organisational-structure/",
)
SCHEMES = {
    "kind": SEG.OrganisationKinds,
    "legal": SEG.LegalForms,
    "designation": SEG.Designations,
    "role": SEG.ParticipationRoles,
    "tie": SEG.TieTypes,
}
#: The schemes of ``registers.ttl`` and their prefixes (``seg:<prefix>-<code>``).
REGISTER_SCHEMES = {
    "idscheme": SEG.IdentifierSchemes,
    "registration-status": SEG.RegistrationStatuses,
}
ANALYTICS_PROPERTIES = [
    "degree", "weightedDegree", "betweenness", "closeness", "harmonicCentrality", "eigenvector",
    "pagerank", "constraint", "effectiveSize", "coreNumber", "brokerageCoordinator",
    "brokerageItinerant", "brokerageGatekeeper", "brokerageRepresentative", "brokerageLiaison",
    "community", "modularity", "communityMethod", "communitySize",
]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@cache
def load(name: str) -> Graph:
    """Parse one Turtle file of ``ontology/`` (cached; callers must not mutate the result)."""
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


def expand(curie: str) -> URIRef:
    """Expand a CURIE such as ``seg:Program`` with the project's prefixes."""
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    """The language tags of the literal values of ``predicate`` on ``subject``."""
    return {
        o.language
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language
    }


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of every Markdown table in ``markdown``, as lists of stripped cells."""
    lines = [line.strip() for line in markdown.splitlines()]
    rows = []
    for i, line in enumerate(lines):
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following.startswith("|") and set(following) <= set("|-: "):
            continue  # a header row: the separator line follows it
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def backticked(text: str) -> list[str]:
    """The contents of the backtick spans in ``text``."""
    return re.findall(r"`([^`]+)`", text)


@cache
def vocabulary_terms() -> frozenset[str]:
    """Every ``seg:`` class or property named in the tables of ``docs/vocabulary.md``.

    Concept IRI patterns such as ``seg:kind-<code>`` or ``seg:kind-…`` are left out: the concepts
    are checked against ``docs/data-format.md`` instead.
    """
    terms = set()
    for row in table_rows(VOCABULARY_MD.read_text(encoding="utf-8")):
        for span in backticked(" | ".join(row)):
            for token in re.split(r"[,\s]+", span):
                if re.fullmatch(r"seg:[A-Za-z][A-Za-z0-9]*", token):
                    terms.add(token)
    return frozenset(terms)


@cache
def vocabulary_class_rows() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Rows of the Classes table: (class, materialised superclasses, "one of" subclasses)."""
    text = VOCABULARY_MD.read_text(encoding="utf-8")
    section = text.split("## Classes", 1)[1].split("## Properties", 1)[0]
    rows = []
    for cells in table_rows(section):
        names = backticked(cells[0])
        if len(names) != 1 or not names[0].startswith(("seg:", "org:", "dcat:")):
            continue
        supers: list[str] = []
        subs: list[str] = []
        for span in backticked(cells[1]):
            if span.startswith("+"):
                supers += [s.strip() for s in span[1:].split(",")]
            else:
                subs.append(span)
        rows.append((names[0], tuple(supers), tuple(subs)))
    return tuple(rows)


def _codes_after(marker: str, text: str) -> list[tuple[str, str | None]]:
    """Codes (with their Korean term, if printed) of an inline list such as "**Roles** (…): …"."""
    paragraph = text.split(marker, 1)[1].split("\n\n", 1)[0]
    listing = paragraph.split("):", 1)[1]
    found = []
    for code, korean in re.findall(r"`([a-z][a-z-]*)`(?:\s*\(([^)]*)\))?", listing):
        found.append((code, korean.split(",")[0].strip() if korean else None))
    return found


@cache
def data_format_codes() -> dict[str, tuple[tuple[str, str | None], ...]]:
    """The concept codes of ``docs/data-format.md`` per scheme prefix, with Korean terms."""
    text = DATA_FORMAT_MD.read_text(encoding="utf-8")
    kinds_section = text.split("**Kinds**", 1)[1].split("**Legal forms**", 1)[0]
    kinds = tuple(
        (row[0], None) for row in table_rows(kinds_section) if re.fullmatch(r"[a-z][a-z-]*", row[0])
    )
    ties_section = text.split("## ties.csv", 1)[1].split("##", 1)[0]
    type_row = next(row for row in table_rows(ties_section) if row[0] == "type")
    tie_types = tuple((code, None) for code in backticked(type_row[2]))
    return {
        "kind": kinds,
        "legal": tuple(_codes_after("**Legal forms**", text)),
        "designation": tuple(_codes_after("**Designations**", text)),
        "role": tuple(_codes_after("**Roles**", text)),
        "tie": tie_types,
    }


@cache
def kind_classes() -> dict[str, str]:
    """Kind code → class CURIE, from the Kinds table of ``docs/data-format.md``."""
    text = DATA_FORMAT_MD.read_text(encoding="utf-8")
    section = text.split("**Kinds**", 1)[1].split("**Legal forms**", 1)[0]
    return {
        row[0]: backticked(row[1])[0]
        for row in table_rows(section)
        if re.fullmatch(r"[a-z][a-z-]*", row[0])
    }


# Axioms of the reused vocabularies (W3C ORG, RegOrg) that segraph relies on without restating.
REUSED_AXIOMS = [
    (ORG.FormalOrganization, RDFS.subClassOf, ORG.Organization),
    (ORG.OrganizationalCollaboration, RDFS.subClassOf, ORG.Organization),
    (ROV.RegisteredOrganization, RDFS.subClassOf, ORG.FormalOrganization),
]


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and all its superclasses (reflexive, transitive), with the reused axioms."""
    closed = Graph()
    for triple in graph.triples((None, RDFS.subClassOf, None)):
        closed.add(triple)
    for triple in REUSED_AXIOMS:
        closed.add(triple)
    return set(closed.transitive_objects(cls, RDFS.subClassOf))


# --------------------------------------------------------------------------------------------
# The three files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["segraph.ttl", "concepts.ttl", "shapes.ttl"])
def test_file_parses_and_is_not_empty(name: str) -> None:
    assert len(load(name)) > 100


def test_package_init_is_a_docstring_only() -> None:
    source = (ONTOLOGY_DIR / "__init__.py").read_text(encoding="utf-8").strip()
    assert source.startswith('"""') and source.endswith('"""')
    assert source.count('"""') == 2


def test_ontology_header() -> None:
    g = load("segraph.ttl")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("2.0.0")
    assert isinstance(g.value(ONTOLOGY_IRI, OWL.versionIRI), URIRef)
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("seg")
    assert str(g.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(SEG)
    for predicate in (DCTERMS.title, RDFS.label, RDFS.comment, DCTERMS.description):
        assert languages(g, ONTOLOGY_IRI, predicate) >= {"ko", "en"}, predicate


@pytest.mark.parametrize(
    "name", ["segraph.ttl", "concepts.ttl", "shapes.ttl", "social-purpose.ttl", "registers.ttl"]
)
def test_every_ontology_file_carries_its_findability_metadata(name: str) -> None:
    g = load(name)
    [header] = list(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(header, OWL.versionInfo) == Literal("2.0.0")
    assert str(g.value(header, OWL.versionIRI)).startswith(f"{header}/")
    assert g.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    for when in (DCTERMS.created, DCTERMS.modified):
        assert g.value(header, when).datatype == XSD.date, when
    assert str(header) in str(g.value(header, DCTERMS.bibliographicCitation))
    agents = load("segraph.ttl")  # the agent is described once, in the ontology
    for role in (DCTERMS.creator, DCTERMS.publisher):
        agent = g.value(header, role)
        assert isinstance(agent, URIRef), role
        assert (agent, RDF.type, PROV.Agent) in agents


# --------------------------------------------------------------------------------------------
# The vocabulary contract
# --------------------------------------------------------------------------------------------


def test_vocabulary_contract_is_parsed() -> None:
    terms = vocabulary_terms()
    # A parser that silently found nothing would make the tests below pass vacuously.
    assert len(terms) >= 50
    assert {"seg:SocialEconomyEnterprise", "seg:Participation", "seg:participatesIn",
            "seg:hasSubProgram", "seg:lineKind", "seg:agreementWith"} <= terms  # fmt: skip
    assert not any("-" in t or "<" in t for t in terms)


@pytest.mark.parametrize("curie", sorted(vocabulary_terms()))
def test_vocabulary_term_is_declared_and_documented(curie: str) -> None:
    g = load("segraph.ttl")
    term = expand(curie)
    local = curie.split(":", 1)[1]
    if local[0].isupper():
        assert (term, RDF.type, OWL.Class) in g, f"{curie} is not an owl:Class"
    else:
        assert any((term, RDF.type, t) in g for t in PROPERTY_TYPES), f"{curie} is no property"
    assert languages(g, term, RDFS.label) >= {"ko", "en"}, f"{curie} labels"
    assert languages(g, term, RDFS.comment) >= {"ko", "en"}, f"{curie} comments"


@pytest.mark.parametrize("local", [*ANALYTICS_PROPERTIES, "Community", "MetricsRun", "forClass"])
def test_analytics_and_scheme_terms_are_declared(local: str) -> None:
    g = load("segraph.ttl")
    term = SEG[local]
    expected = (OWL.Class,) if local[0].isupper() else PROPERTY_TYPES
    assert any((term, RDF.type, t) in g for t in expected)
    assert languages(g, term, RDFS.label) >= {"ko", "en"}
    assert languages(g, term, RDFS.comment) >= {"ko", "en"}


def test_every_ontology_term_is_documented_in_both_languages() -> None:
    g = load("segraph.ttl")
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(SEG))}
    assert len(terms) >= 70
    for term in terms:
        assert languages(g, term, RDFS.label) >= {"ko", "en"}, term
        assert languages(g, term, RDFS.comment) >= {"ko", "en"}, term
        assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term
        for lang in ("ko", "en"):
            labels = [o for o in g.objects(term, RDFS.label) if o.language == lang]
            assert len(labels) == 1, f"{term} has {len(labels)} @{lang} labels"
        # A comment should explain, not restate the label.
        en_comment = next(o for o in g.objects(term, RDFS.comment) if o.language == "en")
        assert len(en_comment) >= 40, term


def test_external_terms_are_declared_not_redefined() -> None:
    g = load("segraph.ttl")
    for s in set(g.subjects()):
        if isinstance(s, URIRef) and not str(s).startswith(("https://w3id.org/segraph/",)):
            predicates = set(g.predicates(s, None))
            assert predicates == {RDF.type}, f"{s} is given more than a declaration"


@pytest.mark.parametrize("row", vocabulary_class_rows(), ids=lambda row: row[0])
def test_class_hierarchy_matches_materialisation(
    row: tuple[str, tuple[str, ...], tuple[str, ...]],
) -> None:
    g = load("segraph.ttl")
    name, supers, subs = row
    cls = expand(name)
    if name.startswith("seg:"):
        ancestors = superclasses(g, cls)
        for sup in supers:
            assert expand(sup) in ancestors, f"{name} is not a subclass of {sup}"
    for sub in subs:
        assert cls in superclasses(g, expand(sub)), f"{sub} is not a subclass of {name}"


def test_class_rows_are_parsed() -> None:
    rows = {row[0]: row for row in vocabulary_class_rows()}
    assert len(rows) >= 15
    assert rows["seg:Consortium"][1] == ("org:Organization", "org:OrganizationalCollaboration")
    assert len(rows["seg:Program"][2]) == 4


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (SEG.Consortium, ORG.OrganizationalCollaboration),
        (SEG.SocialEconomyEnterprise, ORG.Organization),
        (SEG.InformalTeam, ORG.Organization),
        (SEG.Project, SEG.Program),
        (SEG.District, SCHEMA.AdministrativeArea),
        (SEG.Site, ORG.Site),
        (SEG.Participation, PROV.Entity),
        (SEG.Tie, PROV.Entity),
        (SEG.Indicator, PROV.Entity),
        (SEG.BudgetLine, PROV.Entity),
        (SEG.SourceSection, PROV.Entity),
        (SEG.Community, PROV.Entity),
        (SEG.MetricsRun, PROV.Activity),
    ],
)
def test_reused_superclasses(sub: URIRef, sup: URIRef) -> None:
    assert sup in superclasses(load("segraph.ttl"), sub)


def test_informal_team_is_not_a_formal_organisation() -> None:
    assert ORG.FormalOrganization not in superclasses(load("segraph.ttl"), SEG.InformalTeam)


def test_symmetric_and_inverse_properties() -> None:
    g = load("segraph.ttl")
    assert (SEG.partnerOf, RDF.type, OWL.SymmetricProperty) in g
    assert (SEG.agreementWith, RDF.type, OWL.SymmetricProperty) in g
    assert (SEG.supports, RDF.type, OWL.SymmetricProperty) not in g
    inverses = {(SEG.subProgramOf, SEG.hasSubProgram), (SEG.indicatorOf, SEG.hasIndicator),
                (SEG.hasParticipation, SEG.participant)}  # fmt: skip
    for a, b in inverses:
        assert (a, OWL.inverseOf, b) in g or (b, OWL.inverseOf, a) in g, (a, b)


def test_inverse_properties_mirror_domains_and_ranges() -> None:
    g = load("segraph.ttl")
    pairs = list(g.subject_objects(OWL.inverseOf))
    assert len(pairs) >= 3
    for a, b in pairs:
        assert g.value(a, RDFS.domain) == g.value(b, RDFS.range), (a, b)
        assert g.value(a, RDFS.range) == g.value(b, RDFS.domain), (a, b)


def test_classes_used_in_axioms_are_declared() -> None:
    g = load("segraph.ttl")
    declared = set(g.subjects(RDF.type, OWL.Class))
    used = set(g.objects(None, RDFS.subClassOf)) | set(g.objects(None, RDFS.domain))
    used |= {o for p, o in g.subject_objects(RDFS.range) if not str(o).startswith(str(XSD))}
    assert used, "no axioms found"
    assert used <= declared, used - declared


@pytest.mark.parametrize("prop", ["partnerOf", "supports", "operates", "funds", "agreementWith"])
def test_typed_ties_specialise_org_linked_to(prop: str) -> None:
    assert (SEG[prop], RDFS.subPropertyOf, ORG.linkedTo) in load("segraph.ttl")


@pytest.mark.parametrize(
    ("prop", "datatype"),
    [
        ("budget", XSD.decimal),
        ("spent", XSD.decimal),
        ("target", XSD.decimal),
        ("achievementRate", XSD.decimal),
        ("betweenness", XSD.decimal),
        ("brokerageLiaison", XSD.decimal),
    ],
)
def test_datatype_ranges(prop: str, datatype: URIRef) -> None:
    g = load("segraph.ttl")
    assert (SEG[prop], RDF.type, OWL.DatatypeProperty) in g
    assert g.value(SEG[prop], RDFS.range) == datatype


def test_years_are_typed_by_the_shapes_not_by_an_owl_range() -> None:
    # xsd:gYear is not in OWL 2's datatype map: an rdfs:range on it leaves OWL 2 DL
    assert load("segraph.ttl").value(SEG.year, RDFS.range) is None
    shapes = load("shapes.ttl")
    year_shapes = set(shapes.subjects(SH.path, SEG.year))
    assert year_shapes
    assert {shapes.value(ps, SH.datatype) for ps in year_shapes} <= {XSD.gYear, None}
    assert XSD.gYear in {shapes.value(ps, SH.datatype) for ps in year_shapes}


# --------------------------------------------------------------------------------------------
# Concept schemes
# --------------------------------------------------------------------------------------------


def concepts_of(scheme: URIRef) -> set[URIRef]:
    """The concepts ``skos:inScheme`` the given scheme."""
    return set(load("concepts.ttl").subjects(SKOS.inScheme, scheme))


@pytest.mark.parametrize("prefix", sorted(SCHEMES))
def test_scheme_is_documented(prefix: str) -> None:
    g = load("concepts.ttl")
    scheme = SCHEMES[prefix]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert languages(g, scheme, SKOS.prefLabel) == {"ko", "en"}
    assert "en" in languages(g, scheme, SKOS.definition)


@pytest.mark.parametrize("prefix", sorted(SCHEMES))
def test_scheme_codes_match_the_data_format(prefix: str) -> None:
    g = load("concepts.ttl")
    documented = {code for code, _ in data_format_codes()[prefix]}
    assert len(documented) >= 5, "the data-format parser found too few codes"
    notations = {str(g.value(c, SKOS.notation)) for c in concepts_of(SCHEMES[prefix])}
    assert notations == documented


@pytest.mark.parametrize("prefix", sorted(SCHEMES))
def test_every_concept_is_complete(prefix: str) -> None:
    g = load("concepts.ttl")
    scheme = SCHEMES[prefix]
    for concept in concepts_of(scheme):
        assert (concept, RDF.type, SKOS.Concept) in g
        notation = g.value(concept, SKOS.notation)
        assert notation is not None, concept
        assert concept == SEG[f"{prefix}-{notation}"], "IRI must be seg:<prefix>-<code>"
        for lang in ("ko", "en"):
            labels = [o for o in g.objects(concept, SKOS.prefLabel) if o.language == lang]
            assert len(labels) == 1, f"{concept} needs exactly one prefLabel @{lang}"
        assert "en" in languages(g, concept, SKOS.definition), concept
        top = (concept, SKOS.topConceptOf, scheme) in g
        broader = list(g.objects(concept, SKOS.broader))
        assert top != bool(broader), f"{concept}: top concept xor broader"
        assert top == ((scheme, SKOS.hasTopConcept, concept) in g), concept
        for parent in broader:
            assert (parent, SKOS.inScheme, scheme) in g, f"{concept} broader leaves its scheme"


@pytest.mark.parametrize("prefix", ["legal", "designation", "role"])
def test_korean_terms_of_the_data_format_are_labels(prefix: str) -> None:
    g = load("concepts.ttl")
    for code, korean in data_format_codes()[prefix]:
        if korean is None:
            continue
        concept = SEG[f"{prefix}-{code}"]
        names = {
            str(o)
            for p in (SKOS.prefLabel, SKOS.altLabel)
            for o in g.objects(concept, p)
            if o.language == "ko"
        }
        assert any(korean in name for name in names), f"{code}: {korean!r} not in {names}"


def test_kind_concepts_point_at_their_classes() -> None:
    concepts = load("concepts.ttl")
    ontology = load("segraph.ttl")
    mapping = kind_classes()
    assert len(mapping) == 9
    for code, curie in mapping.items():
        cls = concepts.value(SEG[f"kind-{code}"], SEG.forClass)
        assert cls == expand(curie), code
        assert (cls, RDF.type, OWL.Class) in ontology
        assert ORG.Organization in superclasses(ontology, cls)


@pytest.mark.parametrize(
    ("narrower", "broader"),
    [
        ("designation-village-enterprise-new", "designation-village-enterprise"),
        ("designation-village-enterprise-redesignated", "designation-village-enterprise"),
        ("designation-village-enterprise-advanced", "designation-village-enterprise"),
        ("designation-excellent-village-enterprise", "designation-village-enterprise"),
        ("legal-social-cooperative", "legal-cooperative"),
        ("legal-consumer-cooperative", "legal-cooperative"),
        ("legal-cooperative-federation", "legal-cooperative"),
    ],
)
def test_broader_concepts(narrower: str, broader: str) -> None:
    assert (SEG[narrower], SKOS.broader, SEG[broader]) in load("concepts.ttl")


ESSGLOBAL_2020 = Path(__file__).parent / "fixtures" / "vocabularies" / "essglobal-2020.csv"


def test_essglobal_crosswalks_follow_the_2020_code_lists() -> None:
    with ESSGLOBAL_2020.open(encoding="utf-8", newline="") as handle:
        current = {URIRef(row["concept"]) for row in csv.DictReader(handle)}
    assert URIRef("http://purl.org/essglobal/standard/organisational-structure/OS220") in current
    g = load("concepts.ttl")
    matches = (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch)
    targets = {t for p in matches for t in g.objects(None, p)}
    assert targets <= current, f"not in the 2020 ESSGlobal lists: {sorted(targets - current)}"
    os220 = URIRef("http://purl.org/essglobal/standard/organisational-structure/OS220")
    assert set(g.subjects(SKOS.closeMatch, os220)) == {
        SEG["kind-public-agency"],
        SEG["legal-public-body"],
    }


def test_essglobal_crosswalks() -> None:
    g = load("concepts.ttl")
    mapped_schemes = set()
    matches = (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch)
    count = 0
    for predicate in matches:
        for concept, target in g.subject_objects(predicate):
            assert str(target).startswith(ESSGLOBAL_NAMESPACES), target
            mapped_schemes.add(g.value(concept, SKOS.inScheme))
            count += 1
    assert count >= 10
    assert (SEG["legal-cooperative"], SKOS.closeMatch,
            URIRef("http://purl.org/essglobal/standard/legal-form/L2")) in g  # fmt: skip
    for scheme in mapped_schemes:
        notes = " ".join(str(n) for n in g.objects(scheme, SKOS.editorialNote))
        assert "ESSGlobal" in notes and "unverified" in notes, scheme


# --------------------------------------------------------------------------------------------
# Shapes: structure
# --------------------------------------------------------------------------------------------


def test_every_loader_class_has_a_shape() -> None:
    shapes = load("shapes.ttl")
    targets = set(shapes.objects(None, SH.targetClass))
    for name, _, subs in vocabulary_class_rows():
        assert expand(name) in targets, f"no shape targets {name}"
        for sub in subs:
            assert expand(sub) in targets, f"no shape targets {sub}"


def test_shapes_use_only_declared_segraph_terms() -> None:
    shapes = load("shapes.ttl")
    ontology = load("segraph.ttl")
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = {s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)}
    used_classes = set(shapes.objects(None, SH.targetClass)) | set(
        shapes.objects(None, SH["class"])
    )
    used_paths = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    for cls in used_classes:
        if str(cls).startswith(str(SEG)):
            assert cls in classes, f"shapes use an undeclared class {cls}"
    for path in used_paths:
        if str(path).startswith(str(SEG)):
            assert path in properties, f"shapes use an undeclared property {path}"
    assert len(used_paths) >= 40


def _in_lists(path: URIRef) -> list[set[URIRef]]:
    """The ``sh:in`` lists of the property shapes on ``path``."""
    shapes = load("shapes.ttl")
    return [
        set(Collection(shapes, shapes.value(ps, SH["in"])))
        for ps in shapes.subjects(SH.path, path)
        if shapes.value(ps, SH["in"]) is not None
    ]


@pytest.mark.parametrize(
    ("path", "prefixes"),
    [
        # rov:orgType is a sub-property of org:classification (RegOrg): legal forms are entailed
        (ORG.classification, ("kind", "legal")),
        (ROV.orgType, ("legal",)),
        (SEG.designation, ("designation",)),
        (SEG.role, ("role",)),
        (SEG.tieType, ("tie",)),
    ],
)
def test_shape_value_lists_follow_the_schemes(path: URIRef, prefixes: tuple[str, ...]) -> None:
    lists = _in_lists(path)
    scheme = set().union(*(concepts_of(SCHEMES[prefix]) for prefix in prefixes))
    assert scheme in lists, f"no sh:in list on {path} admits exactly its scheme"
    for values in lists:
        assert values <= scheme


def test_exactly_one_kind_is_counted_among_the_classifications() -> None:
    shapes = load("shapes.ttl")
    kind = SEGSH.OrganisationKind
    assert shapes.value(kind, SH.path) == ORG.classification
    assert shapes.value(kind, SH.qualifiedMinCount).toPython() == 1
    assert shapes.value(kind, SH.qualifiedMaxCount).toPython() == 1
    values = shapes.value(shapes.value(kind, SH.qualifiedValueShape), SH["in"])
    assert set(Collection(shapes, values)) == concepts_of(SCHEMES["kind"])


def declared_segraph_terms() -> set[str]:
    """The local names of every property and class segraph.ttl declares in the seg: namespace."""
    g = load("segraph.ttl")
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Class)
    return {
        str(s).removeprefix(str(SEG))
        for kind in kinds
        for s in g.subjects(RDF.type, kind)
        if str(s).startswith(str(SEG))
    }


def test_the_declared_terms_shape_lists_exactly_the_declared_terms() -> None:
    shapes = load("shapes.ttl")
    shape = SEGSH.DeclaredTermsShape
    queries = [str(shapes.value(shapes.value(shape, SH.target), SH.select))]
    queries.append(str(shapes.value(shapes.value(shape, SH.sparql), SH.select)))
    for query in queries:
        listed = set(re.findall(r"seg:([A-Za-z]+)\b(?![:(])", query.split("NOT IN", 1)[1]))
        assert listed == declared_segraph_terms(), "regenerate the lists in DeclaredTermsShape"


def test_every_property_shape_has_a_message() -> None:
    shapes = load("shapes.ttl")
    property_shapes = set(shapes.objects(None, SH.property)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    assert len(property_shapes) >= 80
    for ps in property_shapes:
        message = shapes.value(ps, SH.message)
        assert message is not None, f"{shapes.value(ps, SH.path)} has no sh:message"
        assert re.fullmatch(r"[ -~…“”]+", str(message)), f"not plain English: {message}"


# --------------------------------------------------------------------------------------------
# Shapes: validation of example graphs
# --------------------------------------------------------------------------------------------

GOOD = """
@prefix seg: <https://w3id.org/segraph/ontology#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix id: <https://w3id.org/segraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rov: <http://www.w3.org/ns/regorg#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:dataset\\/seoul-2021 a dcat:Dataset , prov:Entity ;
    rdfs:label "Seoul social economy ecosystem 2021"@en ;
    dcterms:temporal "2021"^^xsd:gYear .

id:source\\/seoul-2021\\/village a seg:SourceSection , prov:Entity ;
    rdfs:label "마을기업 발굴 및 활성화" ;
    seg:identifier "village" ;
    dcterms:isPartOf id:dataset\\/seoul-2021 .

id:district\\/11 a seg:District , schema:AdministrativeArea ;
    skos:notation "11" ; rdfs:label "서울특별시"@ko , "Seoul"@en .

id:district\\/11440 a seg:District , schema:AdministrativeArea ;
    skos:notation "11440" ; rdfs:label "마포구"@ko , "Mapo-gu"@en ;
    schema:containedInPlace id:district\\/11 .

id:org\\/coop a seg:SocialEconomyEnterprise , org:Organization , org:FormalOrganization ,
        rov:RegisteredOrganization ;
    rdfs:label "꾸마시 협동조합"@ko , "Kkumasi hyeopdongjohap"@ko-Latn ;
    skos:altLabel "꾸마시협동조합"@ko ;
    seg:identifier "coop" ;
    org:classification seg:kind-enterprise ;
    rov:orgType seg:legal-cooperative ;
    seg:designation seg:designation-village-enterprise ,
        seg:designation-village-enterprise-redesignated ;
    seg:locatedIn id:district\\/11440 ;
    seg:districtBasis "stated" ;
    schema:url <https://example.org/coop> ;
    seg:participatesIn id:program\\/village ;
    seg:hasParticipation id:participation\\/coop\\/village\\/participant ;
    org:memberOf id:org\\/consortium ;
    seg:partnerOf id:org\\/team ;
    org:linkedTo id:org\\/team ;
    seg:degree 2 ; seg:betweenness 0.5 ; seg:constraint 0.75 ; seg:brokerageLiaison 1 ;
    seg:community id:community\\/1 ;
    seg:businessRegistrationNumber "1018212345" ;
    adms:identifier id:identifier\\/business-registration\\/1018212345 ;
    seg:registration id:registration\\/coop\\/village-enterprise\\/2019-05-01 ;
    prov:wasDerivedFrom id:source\\/seoul-2021\\/village .

id:org\\/centre a seg:SupportInstitution , org:Organization ;
    rdfs:label "서울시사회적경제지원센터"@ko , "Seoul Social Economy Center"@en ;
    org:classification seg:kind-support-institution ;
    seg:supports id:org\\/team ;
    org:linkedTo id:org\\/team ;
    seg:participatesIn id:program\\/village ;
    prov:wasDerivedFrom id:dataset\\/seoul-2021 .

id:org\\/consortium a seg:Consortium , org:Organization , org:OrganizationalCollaboration ;
    rdfs:label "마을 컨소시엄"@ko ;
    org:classification seg:kind-consortium ;
    org:hasMember id:org\\/coop ;
    prov:wasDerivedFrom id:source\\/seoul-2021\\/village .

id:org\\/team a seg:InformalTeam , org:Organization ;
    rdfs:label "청년 팀"@ko ;
    org:classification seg:kind-team ;
    seg:partnerOf id:org\\/coop ;
    org:linkedTo id:org\\/coop , id:org\\/centre ;
    seg:locatedIn id:district\\/11440 ;
    seg:districtBasis "inferred-from-name" ;
    prov:wasDerivedFrom id:source\\/seoul-2021\\/village .

id:program\\/area a seg:Program , seg:StrategicArea ;
    rdfs:label "지역순환경제 조성 지원"@ko , "Local circular economy"@en ;
    seg:level "area" ; seg:year "2021"^^xsd:gYear ;
    seg:hasSubProgram id:program\\/village .

id:program\\/village a seg:Program , seg:UnitProgram ;
    rdfs:label "마을기업 발굴 및 활성화"@ko , "Village enterprises"@en ;
    seg:identifier "village" ;
    seg:level "unit" ; seg:subProgramOf id:program\\/area ;
    seg:hasSubProgram id:program\\/village-edu ;
    seg:budget 236600000.0 ; seg:spent 236582000.0 ; seg:executionRate 99.99 ;
    seg:status "carried-out" ; seg:year "2021"^^xsd:gYear ;
    seg:hasIndicator id:indicator\\/village-edu .

id:program\\/village-edu a seg:Program , seg:SubProgram ;
    rdfs:label "예비마을기업 교육"@ko , "Training for preliminary village enterprises"@en ;
    seg:level "subprogram" ; seg:subProgramOf id:program\\/village .

id:program\\/village-edu-1 a seg:Program , seg:Project ;
    rdfs:label "교육 1회차"@ko , "First session"@en ;
    seg:level "project" ; seg:subProgramOf id:program\\/village-edu ;
    seg:status "not-carried-out" .

id:participation\\/coop\\/village\\/participant a seg:Participation ;
    seg:participant id:org\\/coop ;
    seg:program id:program\\/village ;
    seg:role seg:role-participant ;
    seg:stage "재지정" ;
    seg:projectTitle "마을 정원 가꾸기"@ko ;
    seg:year "2021"^^xsd:gYear ;
    prov:wasDerivedFrom id:source\\/seoul-2021\\/village .

id:membership\\/coop\\/consortium a org:Membership ;
    org:member id:org\\/coop ;
    org:organization id:org\\/consortium ;
    seg:memberRole "참여"@ko ;
    seg:program id:program\\/village .

id:tie\\/partner\\/coop\\/team a seg:Tie ;
    seg:tieFrom id:org\\/coop ; seg:tieTo id:org\\/team ;
    seg:tieType seg:tie-partner ; seg:program id:program\\/village .

id:site\\/hub a seg:Site , org:Site ;
    rdfs:label "사회적경제 허브"@ko , "Social economy hub"@en ;
    seg:locatedIn id:district\\/11440 ;
    schema:address "서울시 마포구" ;
    org:siteOf id:org\\/centre ;
    seg:program id:program\\/village .

id:indicator\\/village-edu a seg:Indicator ;
    rdfs:label "예비마을기업 교육"@ko ;
    seg:indicatorOf id:program\\/village ;
    seg:target 1.0 ; seg:actual 1.0 ; seg:achievementRate 100.0 ; seg:unit "회" .

id:budget\\/seoul-2021\\/total a seg:BudgetLine ;
    rdfs:label "합계"@ko , "Total"@en ;
    seg:section "expenditure" ; seg:lineKind "total" ;
    seg:budget 6182698000.0 ; seg:spent 6148208000.0 .

id:community\\/1 a seg:Community ;
    seg:communitySize 2 ; seg:modularity 0.41 ; seg:communityMethod "louvain" ;
    prov:wasGeneratedBy id:run\\/1 .

id:identifier\\/business-registration\\/1018212345 a adms:Identifier ;
    skos:notation "1018212345" ;
    dcterms:type seg:idscheme-business-registration ;
    adms:schemaAgency "국세청"@ko ;
    dcterms:creator id:authority\\/national-tax-service .

id:authority\\/national-tax-service a prov:Organization ;
    rdfs:label "국세청"@ko , "National Tax Service"@en .

id:authority\\/ministry-of-the-interior-and-safety a prov:Organization ;
    rdfs:label "행정안전부"@ko , "Ministry of the Interior and Safety"@en .

id:registration\\/coop\\/village-enterprise\\/2019-05-01 a seg:Registration , prov:Entity ;
    seg:registrationOf id:org\\/coop ;
    seg:designation seg:designation-village-enterprise ;
    dcterms:date "2019-05-01"^^xsd:date ;
    seg:authority "행정안전부"@ko ;
    seg:grantedBy id:authority\\/ministry-of-the-interior-and-safety ;
    seg:registrationStatus seg:registration-status-valid ;
    schema:validFrom "2019-05-01"^^xsd:date ;
    schema:validThrough "2022-04-30"^^xsd:date .

id:run\\/1 a seg:MetricsRun , prov:Activity ;
    prov:startedAtTime "2026-01-01T00:00:00Z"^^xsd:dateTime ;
    seg:modularity 0.41 .
"""


def good_graph() -> Graph:
    """A small, hand-written graph that follows the vocabulary contract in every respect."""
    return Graph().parse(data=GOOD, format="turtle")


Result = tuple[URIRef, URIRef | None, str, str]


def validate(data: Graph) -> tuple[bool, set[Result]]:
    """Validate ``data`` with the shapes.

    Returns whether it conforms and the top-level results as (focus node, result path,
    constraint component without its namespace and suffix, severity).
    """
    conforms, report, _ = pyshacl.validate(data, shacl_graph=load("shapes.ttl"), advanced=True)
    results = set()
    for result in report.objects(None, SH.result):  # top-level results, not sh:detail
        component = report.value(result, SH.sourceConstraintComponent)
        severity = report.value(result, SH.resultSeverity)
        results.add(
            (
                report.value(result, SH.focusNode),
                report.value(result, SH.resultPath),
                str(component).rsplit("#", 1)[1].removesuffix("ConstraintComponent"),
                str(severity).rsplit("#", 1)[1],
            )
        )
        assert report.value(result, SH.resultMessage) is not None
    return bool(conforms), results


def test_good_graph_conforms() -> None:
    conforms, results = validate(good_graph())
    assert results == set()
    assert conforms


def test_good_graph_conforms_with_ontology_and_concepts_merged() -> None:
    data = good_graph() + load("segraph.ttl") + load("concepts.ttl")
    conforms, results = validate(data)
    assert results == set()
    assert conforms


def test_shapes_conform_to_shacl_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        good_graph(), shacl_graph=load("shapes.ttl"), meta_shacl=True
    )
    assert conforms, text


def _update(query: str) -> Callable[[Graph], None]:
    """A mutation that runs a SPARQL Update (with the project's prefixes) on a graph.

    Instance names are written as in Turtle (``id:org\\/coop``); rdflib's SPARQL parser does not
    unescape ``\\/`` in prefixed names, so they are expanded to full IRIs first.
    """
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    body = re.sub(
        r"\bid:((?:[A-Za-z0-9_-]|\\/)+)",
        lambda m: f"<{ID}{m.group(1).replace(chr(92), '')}>",
        query,
    )

    def mutate(graph: Graph) -> None:
        graph.update(header + body)

    return mutate


COOP = ID["org/coop"]
TEAM = ID["org/team"]
AREA = ID["program/area"]
UNIT = ID["program/village"]
PART = ID["participation/coop/village/participant"]
TIE = ID["tie/partner/coop/team"]
MAPO = ID["district/11440"]
INDICATOR = ID["indicator/village-edu"]
BUDGET = ID["budget/seoul-2021/total"]
SOURCE = ID["source/seoul-2021/village"]
MEMBERSHIP = ID["membership/coop/consortium"]
SITE = ID["site/hub"]
NEW = ID["org/new"]
REGISTRATION = ID["registration/coop/village-enterprise/2019-05-01"]
BRN, CRN = SEG.businessRegistrationNumber, SEG.corporateRegistrationNumber
V, W = "Violation", "Warning"

BROKEN: list[tuple[str, str, set[Result]]] = [
    (
        "organisation-without-korean-label",
        'DELETE DATA { id:org\\/coop rdfs:label "꾸마시 협동조합"@ko }',
        {(COOP, RDFS.label, "QualifiedMinCount", V)},
    ),
    (
        "organisation-with-two-korean-labels",
        'INSERT DATA { id:org\\/coop rdfs:label "꾸마시"@ko }',
        {(COOP, RDFS.label, "UniqueLang", V)},
    ),
    (
        "organisation-with-plain-label",
        'INSERT DATA { id:org\\/coop rdfs:label "Kkumasi" }',
        {(COOP, RDFS.label, "LanguageIn", V)},
    ),
    (
        "organisation-with-two-kinds",
        "INSERT DATA { id:org\\/coop org:classification seg:kind-network }",
        {(COOP, ORG.classification, "QualifiedMaxCount", V)},
    ),
    (
        "organisation-without-kind",
        "DELETE DATA { id:org\\/team org:classification seg:kind-team }",
        {
            (TEAM, ORG.classification, "QualifiedMinCount", V),
            (TEAM, ORG.classification, "HasValue", V),
        },
    ),
    (
        "organisation-kind-a-legal-form",
        "DELETE DATA { id:org\\/team org:classification seg:kind-team } ;"
        "INSERT DATA { id:org\\/team org:classification seg:legal-other }",
        {
            (TEAM, ORG.classification, "QualifiedMinCount", V),
            (TEAM, ORG.classification, "HasValue", V),
        },
    ),
    (
        "organisation-kind-not-a-concept-of-either-scheme",
        "INSERT DATA { id:org\\/team org:classification seg:role-partner }",
        {(TEAM, ORG.classification, "In", V)},
    ),
    (
        "organisation-kind-disagrees-with-class",
        "DELETE DATA { id:org\\/team org:classification seg:kind-team } ;"
        "INSERT DATA { id:org\\/team org:classification seg:kind-media }",
        {(TEAM, ORG.classification, "HasValue", V)},
    ),
    (
        "organisation-with-two-legal-forms",
        "INSERT DATA { id:org\\/coop rov:orgType seg:legal-stock-company }",
        {(COOP, ROV.orgType, "MaxCount", V)},
    ),
    (
        "organisation-with-unknown-designation",
        "INSERT DATA { id:org\\/coop seg:designation seg:kind-enterprise }",
        {(COOP, SEG.designation, "In", V)},
    ),
    (
        "organisation-located-in-a-program",
        "DELETE DATA { id:org\\/team seg:locatedIn id:district\\/11440 } ;"
        "INSERT DATA { id:org\\/team seg:locatedIn id:program\\/area }",
        {(TEAM, SEG.locatedIn, "Class", V)},
    ),
    (
        "organisation-in-two-districts",
        "INSERT DATA { id:org\\/team seg:locatedIn id:district\\/11 }",
        {(TEAM, SEG.locatedIn, "MaxCount", V)},
    ),
    (
        "organisation-district-without-basis",
        'DELETE DATA { id:org\\/team seg:districtBasis "inferred-from-name" }',
        {(TEAM, None, "Or", V)},
    ),
    (
        "organisation-with-unknown-district-basis",
        'DELETE DATA { id:org\\/team seg:districtBasis "inferred-from-name" } ;'
        'INSERT DATA { id:org\\/team seg:districtBasis "guessed" }',
        {(TEAM, SEG.districtBasis, "In", V)},
    ),
    (
        "organisation-without-source",
        "DELETE DATA { id:org\\/team prov:wasDerivedFrom id:source\\/seoul-2021\\/village }",
        {(TEAM, PROV.wasDerivedFrom, "MinCount", V)},
    ),
    (
        "organisation-derived-from-a-program",
        "DELETE DATA { id:org\\/team prov:wasDerivedFrom id:source\\/seoul-2021\\/village } ;"
        "INSERT DATA { id:org\\/team prov:wasDerivedFrom id:program\\/area }",
        {(TEAM, PROV.wasDerivedFrom, "Node", V)},
    ),
    (
        "organisation-not-typed-org-organization",
        "INSERT DATA { id:org\\/new a seg:Network ;"
        ' rdfs:label "새 협의회"@ko ; org:classification seg:kind-network ;'
        " prov:wasDerivedFrom id:dataset\\/seoul-2021 }",
        {(NEW, None, "Class", V)},
    ),
    (
        "registered-legal-form-not-typed-registered",
        "DELETE DATA { id:org\\/coop a rov:RegisteredOrganization }",
        {(COOP, None, "Or", V)},
    ),
    (
        "registered-without-a-registered-legal-form",
        "INSERT DATA { id:org\\/team a rov:RegisteredOrganization }",
        {(TEAM, None, "Or", V)},
    ),
    (
        "formal-without-being-a-legal-entity",
        "INSERT DATA { id:org\\/centre a org:FormalOrganization }",
        {(ID["org/centre"], None, "Node", V)},
    ),
    (
        "informal-team-typed-formal",
        "INSERT DATA { id:org\\/team a org:FormalOrganization ;"
        " rov:orgType seg:legal-public-body }",
        {(TEAM, None, "Not", V)},
    ),
    (
        "organisation-that-is-also-a-program",
        "INSERT DATA { id:org\\/team a seg:Program }",
        {
            (TEAM, None, "SPARQL", V),
            (TEAM, None, "Xone", V),
            (TEAM, RDFS.label, "QualifiedMinCount", V),
            (TEAM, SEG.level, "MinCount", V),
        },
    ),
    (
        "district-that-is-also-an-organisation",
        "INSERT DATA { id:district\\/11440 a org:Organization }",
        {
            (MAPO, None, "SPARQL", V),
            (MAPO, ORG.classification, "QualifiedMinCount", V),
            (MAPO, PROV.wasDerivedFrom, "MinCount", V),
        },
    ),
    (
        "two-organisations-with-one-business-number",
        'INSERT DATA { id:org\\/coop seg:businessRegistrationNumber "1018212345" .'
        ' id:org\\/team seg:businessRegistrationNumber "1018212345" }',
        {(COOP, BRN, "SPARQL", V), (TEAM, BRN, "SPARQL", V)},
    ),
    (
        "two-organisations-with-one-corporate-number",
        'INSERT DATA { id:org\\/coop seg:corporateRegistrationNumber "1101110000012" .'
        ' id:org\\/centre seg:corporateRegistrationNumber "1101110000012" }',
        # and a 법인등록번호 makes the centre a registered, formal organisation it is not typed as
        {
            (COOP, CRN, "SPARQL", V),
            (ID["org/centre"], CRN, "SPARQL", V),
            (ID["org/centre"], None, "Or", V),
        },
    ),
    (
        "business-number-of-nine-digits",
        'INSERT DATA { id:org\\/coop seg:businessRegistrationNumber "101821234" }',
        # (the cooperative already has one)
        {(COOP, BRN, "Pattern", V), (COOP, BRN, "MaxCount", V)},
    ),
    (
        "organisation-tied-to-itself",
        "INSERT DATA { id:org\\/coop seg:partnerOf id:org\\/coop }",
        {(COOP, SEG.partnerOf, "SPARQL", V)},
    ),
    (
        "homepage-as-string",
        'INSERT DATA { id:org\\/coop schema:url "https://example.org" }',
        {(COOP, SCHEMA.url, "NodeKind", V)},
    ),
    (
        "identifier-not-a-slug",
        'INSERT DATA { id:org\\/coop seg:identifier "Coop 1" }',
        {(COOP, SEG.identifier, "Pattern", V)},
    ),
    (
        "metric-written-as-float",
        'INSERT DATA { id:org\\/team seg:pagerank "0.25"^^xsd:double }',
        {(TEAM, SEG.pagerank, "Node", V)},
    ),
    (
        "program-budget-as-integer",
        "DELETE { id:program\\/village seg:budget ?b } INSERT { id:program\\/village seg:budget 5 }"
        " WHERE { id:program\\/village seg:budget ?b }",
        # and the execution rate no longer follows from it
        {(UNIT, SEG.budget, "Datatype", V), (UNIT, None, "SPARQL", V)},
    ),
    (
        "program-with-two-budgets",
        "INSERT DATA { id:program\\/village seg:budget 1.0 }",
        {(UNIT, SEG.budget, "MaxCount", V), (UNIT, None, "SPARQL", V)},
    ),
    (
        "program-without-english-label",
        'DELETE DATA { id:program\\/area rdfs:label "Local circular economy"@en }',
        {(AREA, RDFS.label, "QualifiedMinCount", V)},
    ),
    (
        "program-with-unknown-level",
        'DELETE DATA { id:program\\/area seg:level "area" } ;'
        'INSERT DATA { id:program\\/area seg:level "theme" }',
        {(AREA, SEG.level, "In", V), (AREA, SEG.level, "HasValue", V)},
    ),
    (
        "program-level-disagrees-with-class",
        'DELETE DATA { id:program\\/area seg:level "area" } ;'
        'INSERT DATA { id:program\\/area seg:level "unit" }',
        {(AREA, SEG.level, "HasValue", V)},
    ),
    (
        "program-without-level-class",
        "DELETE DATA { id:program\\/village a seg:UnitProgram }",
        {(UNIT, None, "Xone", V)},
    ),
    (
        "program-with-negative-budget",
        "DELETE { id:program\\/village seg:budget ?b }"
        ' INSERT { id:program\\/village seg:budget "-1.0"^^xsd:decimal }'
        " WHERE { id:program\\/village seg:budget ?b }",
        {(UNIT, SEG.budget, "MinInclusive", V)},
    ),
    (
        "program-with-negative-spending",
        "DELETE { id:program\\/village seg:spent ?b }"
        ' INSERT { id:program\\/village seg:spent "-5.0"^^xsd:decimal }'
        " WHERE { id:program\\/village seg:spent ?b }",
        {(UNIT, SEG.spent, "MinInclusive", V), (UNIT, None, "SPARQL", V)},
    ),
    (
        "execution-rate-disagrees-with-spending",
        "DELETE { id:program\\/village seg:executionRate ?r }"
        " INSERT { id:program\\/village seg:executionRate 50.0 }"
        " WHERE { id:program\\/village seg:executionRate ?r }",
        {(UNIT, None, "SPARQL", V)},
    ),
    (
        "strategic-area-with-parent",
        "INSERT DATA { id:program\\/area seg:subProgramOf id:program\\/village }",
        # and the two now lie below themselves
        {
            (AREA, SEG.subProgramOf, "MaxCount", V),
            (AREA, None, "SPARQL", V),
            (UNIT, None, "SPARQL", V),
        },
    ),
    (
        "program-its-own-parent",
        "DELETE DATA { id:program\\/village seg:subProgramOf id:program\\/area } ;"
        "INSERT DATA { id:program\\/village seg:subProgramOf id:program\\/village }",
        {(UNIT, None, "SPARQL", V), (UNIT, SEG.subProgramOf, "Class", V)},
    ),
    (
        "participation-without-its-year",
        "DELETE { id:participation\\/coop\\/village\\/participant seg:year ?y }"
        " WHERE { id:participation\\/coop\\/village\\/participant seg:year ?y }",
        {(PART, None, "SPARQL", V)},
    ),
    (
        "stated-value-without-source",
        "INSERT DATA { id:statement\\/x a seg:StatedValue ; rdf:subject id:org\\/coop ;"
        " rdf:predicate seg:locatedIn ; rdf:object id:district\\/11440 }",
        {(ID["statement/x"], PROV.wasDerivedFrom, "MinCount", V)},
    ),
    (
        "program-with-two-parents",
        "INSERT DATA { id:program\\/village-edu seg:subProgramOf id:program\\/area }",
        {(ID["program/village-edu"], SEG.subProgramOf, "MaxCount", V)},
    ),
    (
        "project-directly-under-an-area",
        "INSERT DATA { id:program\\/p2 a seg:Program , seg:Project ;"
        ' rdfs:label "둘"@ko , "Two"@en ; seg:level "project" ;'
        " seg:subProgramOf id:program\\/area }",
        {(ID["program/p2"], SEG.subProgramOf, "Not", V)},
    ),
    (
        "program-with-unknown-status",
        'INSERT DATA { id:program\\/area seg:status "cancelled" }',
        {(AREA, SEG.status, "In", V)},
    ),
    (
        "district-with-two-codes",
        'INSERT DATA { id:district\\/11440 skos:notation "11441" }',
        {(MAPO, SKOS.notation, "MaxCount", V)},
    ),
    (
        "district-code-of-four-digits",
        'DELETE DATA { id:district\\/11440 skos:notation "11440" } ;'
        'INSERT DATA { id:district\\/11440 skos:notation "1144" }',
        {(MAPO, SKOS.notation, "Pattern", V)},
    ),
    (
        "district-without-english-label",
        'DELETE DATA { id:district\\/11440 rdfs:label "Mapo-gu"@en }',
        {(MAPO, RDFS.label, "QualifiedMinCount", V)},
    ),
    (
        "district-not-an-administrative-area",
        "DELETE DATA { id:district\\/11440 a schema:AdministrativeArea }",
        {(MAPO, None, "Class", V)},
    ),
    (
        "participation-with-two-roles",
        "INSERT DATA { id:participation\\/coop\\/village\\/participant"
        " seg:role seg:role-executor }",
        {(PART, SEG.role, "MaxCount", V)},
    ),
    (
        "participation-of-a-district",
        "DELETE DATA { id:participation\\/coop\\/village\\/participant"
        " seg:participant id:org\\/coop } ;"
        "INSERT DATA { id:participation\\/coop\\/village\\/participant"
        " seg:participant id:district\\/11440 }",
        {(PART, SEG.participant, "Class", V)},
    ),
    (
        "participation-without-program",
        "DELETE DATA { id:participation\\/coop\\/village\\/participant"
        " seg:program id:program\\/village }",
        {(PART, SEG.program, "MinCount", V)},
    ),
    (
        "participation-year-as-string",
        "DELETE DATA { id:participation\\/coop\\/village\\/participant"
        ' seg:year "2021"^^xsd:gYear } ;'
        'INSERT DATA { id:participation\\/coop\\/village\\/participant seg:year "2021" }',
        {(PART, SEG.year, "Datatype", V)},
    ),
    (
        "membership-without-member",
        "DELETE DATA { id:membership\\/coop\\/consortium org:member id:org\\/coop }",
        {(MEMBERSHIP, ORG.member, "MinCount", V)},
    ),
    (
        "membership-of-a-team",
        "DELETE DATA { id:membership\\/coop\\/consortium org:organization id:org\\/consortium } ;"
        "INSERT DATA { id:membership\\/coop\\/consortium org:organization id:org\\/team }",
        {(MEMBERSHIP, ORG.organization, "Or", W)},
    ),
    (
        "tie-to-itself",
        "DELETE DATA { id:tie\\/partner\\/coop\\/team seg:tieTo id:org\\/team } ;"
        "INSERT DATA { id:tie\\/partner\\/coop\\/team seg:tieTo id:org\\/coop }",
        {(TIE, SEG.tieFrom, "Disjoint", V)},
    ),
    (
        "tie-with-unknown-type",
        "DELETE DATA { id:tie\\/partner\\/coop\\/team seg:tieType seg:tie-partner } ;"
        "INSERT DATA { id:tie\\/partner\\/coop\\/team seg:tieType seg:role-supporter }",
        {(TIE, SEG.tieType, "In", V)},
    ),
    (
        "site-in-two-districts",
        "INSERT DATA { id:site\\/hub seg:locatedIn id:district\\/11 }",
        {(SITE, SEG.locatedIn, "MaxCount", V)},
    ),
    (
        "indicator-without-program",
        "DELETE DATA { id:indicator\\/village-edu seg:indicatorOf id:program\\/village }",
        {(INDICATOR, SEG.indicatorOf, "MinCount", V)},
    ),
    (
        "indicator-target-as-double",
        "DELETE DATA { id:indicator\\/village-edu seg:target 1.0 } ;"
        'INSERT DATA { id:indicator\\/village-edu seg:target "1.0"^^xsd:double }',
        {(INDICATOR, SEG.target, "Datatype", V)},
    ),
    (
        "budget-line-with-unknown-section",
        'DELETE DATA { id:budget\\/seoul-2021\\/total seg:section "expenditure" } ;'
        'INSERT DATA { id:budget\\/seoul-2021\\/total seg:section "income" }',
        {(BUDGET, SEG.section, "In", V)},
    ),
    (
        "identifier-without-its-scheme",
        "DELETE DATA { id:identifier\\/business-registration\\/1018212345"
        " dcterms:type seg:idscheme-business-registration }",
        {(ID["identifier/business-registration/1018212345"], DCTERMS.type, "MinCount", V)},
    ),
    (
        "identifier-number-with-hyphens",
        "DELETE DATA { id:identifier\\/business-registration\\/1018212345"
        ' skos:notation "1018212345" } ;'
        "INSERT DATA { id:identifier\\/business-registration\\/1018212345"
        ' skos:notation "101-82-12345" }',
        {(ID["identifier/business-registration/1018212345"], SKOS.notation, "Pattern", V)},
    ),
    (
        "authority-without-korean-name",
        'DELETE DATA { id:authority\\/national-tax-service rdfs:label "국세청"@ko }',
        {(ID["authority/national-tax-service"], RDFS.label, "QualifiedMinCount", V)},
    ),
    (
        "registration-granted-by-a-literal",
        "DELETE DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        " seg:grantedBy id:authority\\/ministry-of-the-interior-and-safety } ;"
        "INSERT DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        ' seg:grantedBy "행정안전부" }',
        {(REGISTRATION, SEG.grantedBy, "Class", V)},
    ),
    (
        "registration-with-unknown-status",
        "DELETE DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        " seg:registrationStatus seg:registration-status-valid } ;"
        "INSERT DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        " seg:registrationStatus seg:designation-village-enterprise }",
        {(REGISTRATION, SEG.registrationStatus, "In", V)},
    ),
    (
        "registration-valid-until-before-it-starts",
        "DELETE DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        ' schema:validThrough "2022-04-30"^^xsd:date } ;'
        "INSERT DATA { id:registration\\/coop\\/village-enterprise\\/2019-05-01"
        ' schema:validThrough "2018-12-31"^^xsd:date }',
        {(REGISTRATION, SCHEMA.validFrom, "LessThanOrEquals", V)},
    ),
    (
        "misspelt-segraph-property",
        "INSERT DATA { id:org\\/team seg:locatedln id:district\\/11440 }",
        {(TEAM, None, "SPARQL", V)},
    ),
    (
        "misspelt-segraph-class",
        "INSERT DATA { id:program\\/village a seg:UnitPrograme }",
        {(UNIT, None, "SPARQL", V)},
    ),
    (
        "source-section-without-dataset",
        "DELETE DATA { id:source\\/seoul-2021\\/village dcterms:isPartOf id:dataset\\/seoul-2021 }",
        {(SOURCE, DCTERMS.isPartOf, "MinCount", V)},
    ),
]


@pytest.mark.parametrize(
    ("query", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_graph_gives_the_expected_result(query: str, expected: set[Result]) -> None:
    data = good_graph()
    before = set(data)
    _update(query)(data)
    after = set(data)
    assert after != before, "the mutation changed nothing (a typo in the update?)"
    if "DELETE" in query:
        assert before - after, "the DELETE removed nothing"
    if "INSERT" in query:
        assert after - before, "the INSERT added nothing"
    conforms, results = validate(data)
    assert not conforms
    assert results == expected


# --------------------------------------------------------------------------------------------
# HTML documentation
# --------------------------------------------------------------------------------------------


def test_html_documentation_is_up_to_date() -> None:
    """The committed pages equal what ``docs/ontology/generate.py`` renders from the Turtle."""
    try:
        version = importlib.metadata.version("pylode")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("pyLODE is not installed")
    pages = {name: (DOCS_DIR / name).read_text(encoding="utf-8") for name in
             ("index.html", "concepts.html")}  # fmt: skip
    if any(f'id="version">{version}<' not in html for html in pages.values()):
        pytest.skip(f"the pages were made with another pyLODE than {version}")
    spec = importlib.util.spec_from_file_location("generate_docs", DOCS_DIR / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render()
    for name, html in pages.items():
        assert rendered[name] == html, f"{name} is stale: run python docs/ontology/generate.py"
    index, concepts = pages["index.html"], pages["concepts.html"]
    assert "<title>segraph social economy ecosystem ontology</title>" in index
    assert ">social economy enterprise<" in index and "한국어: 사회적경제기업" in index
    assert ">village enterprise<" in concepts and "CSV code: village-enterprise." in concepts


def test_rdfs_domains_type_nothing_the_data_does_not_state(tmp_path: Path) -> None:
    """Every subject of a property with a declared rdfs:domain is already an instance of it (or
    of one class of a union domain), so RDFS entails no type the data does not state: e.g. a
    registration holding seg:designation does not become an org:Organization."""
    folder = tmp_path / "imported"
    result = CliRunner().invoke(
        main,
        ["import", "social-enterprises", str(LISTS / "social-enterprises.csv"), "-o", str(folder)],
    )
    assert result.exit_code == 0, result.output
    graph = segraph.build_graph(data=[folder, segraph.bundled_dataset()], store="memory")
    assert (None, RDF.type, SEG.Registration) in graph
    supers: dict[Node, set[Node]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        supers.setdefault(sub, set()).add(sup)

    def closure(classes: set[Node]) -> set[Node]:
        found, pending = set(classes), list(classes)
        while pending:
            for parent in supers.get(pending.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    pending.append(parent)
        return found

    unexpected = set()
    for prop, domain in graph.subject_objects(RDFS.domain):
        members = (
            set(Collection(graph, graph.value(domain, OWL.unionOf)))
            if isinstance(domain, BNode)
            else {domain}
        )
        for subject in set(graph.subjects(prop, None)):
            if not closure(set(graph.objects(subject, RDF.type))) & members:
                unexpected.add((str(prop), str(subject).rsplit("/", 2)[-2]))
    assert unexpected == set()
