"""Every triple that describes an assembled ecosystem, typed with the segraph ontology.

:func:`ecosystem_triples` yields them as store-neutral terms (:mod:`segraph.rdf.terms`); the
vocabulary is in ``docs/vocabulary.md``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from rdflib.namespace import XSD

from segraph._util.romanize import has_hangul, romanize
from segraph.dataset import codes
from segraph.dataset.assemble import Ecosystem
from segraph.errors import DataError
from segraph.rdf import vocab
from segraph.rdf.iris import (
    ID_BASE,
    dataset_ref,
    district_ref,
    document_ref,
    org_ref,
    program_ref,
    registration_ref,
    source_ref,
    statement_ref,
)
from segraph.rdf.plain_terms import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SEG, SKOS
from segraph.rdf.registers import (
    authorities_named,
    authority_ref,
    authority_triples,
    identifier_triples,
)
from segraph.rdf.terms import Lit, NeutralTriple, is_valid_iri

Triple = NeutralTriple

_KIND_CLASSES = {code: str(iri) for code, iri in vocab.KIND_CLASSES.items()}
_LEVEL_CLASSES = {code: str(iri) for code, iri in vocab.LEVEL_CLASSES.items()}
_TIE_PROPERTIES = {code: str(iri) for code, iri in vocab.TIE_PROPERTIES.items()}
_DECIMAL = str(XSD.decimal)
_GYEAR = str(XSD.gYear)
_DATE = str(XSD.date)
_INTEGER = str(XSD.integer)


@functools.cache
def _organisation_classes(kind: str, legal_form: str | None, registered: bool) -> tuple[str, ...]:
    return tuple(map(str, vocab.organisation_classes(kind, legal_form, registered)))


@functools.cache
def _concept(scheme_prefix: str, code: str) -> str:
    return str(vocab.concept(scheme_prefix, code))


def _ko(text: str) -> Lit:
    return Lit(text, "ko")


def _en(text: str) -> Lit:
    return Lit(text, "en")


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal lexical form (``1000.0``, ``94.25``): what Turtle writes back."""
    text = format(value.normalize(), "f") if value else "0"
    return text if "." in text else f"{text}.0"


def _decimal(value: Decimal) -> Lit:
    return Lit(canonical_decimal(value), None, _DECIMAL)


@functools.cache
def _year(year: int) -> Lit:
    return Lit(f"{year:04d}", None, _GYEAR)


def _external_iri(text: str, record: object, column: str) -> str:
    """A web address from the data, checked so that no store or serialiser chokes on it."""
    if not is_valid_iri(text):
        origin = getattr(record, "origin", "dataset.toml")
        raise DataError(origin, f"'{text}' is not a valid absolute IRI (e.g. https://…)", column)
    return text


def _common(node: str, record: Any) -> Iterator[Triple]:
    """Provenance (the record's sources, else its dataset) and the curator's note."""
    for source in record.source:
        yield node, PROV.wasDerivedFrom, source_ref(source)
    if not record.source and record.origin.dataset:
        yield node, PROV.wasDerivedFrom, dataset_ref(record.origin.dataset)
    if getattr(record, "note", None):
        yield node, SKOS.editorialNote, Lit(record.note)


def _stated_years(eco: Ecosystem, node: str, record: Any) -> Iterator[Triple]:
    """``seg:year`` for the year of each dataset that states ``record`` (through its sources)."""
    years = {info.id: info.year for info in eco.datasets}  # a handful of datasets
    stated = {years.get(source.split("/", 1)[0]) for source in record.source}
    for year in sorted(year for year in stated if year is not None):
        yield node, SEG.year, _year(year)


def ecosystem_triples(eco: Ecosystem) -> Iterator[Triple]:
    """Return an iterator over every triple describing ``eco``."""
    return itertools.chain(  # chained in C: no Python frame per triple at this level
        _provenance_triples(eco),
        _district_triples(eco),
        _organisation_triples(eco),
        _program_triples(eco),
        _participation_triples(eco),
        _membership_triples(eco),
        _tie_triples(eco),
        _site_triples(eco),
        _publication_triples(eco),
        _indicator_triples(eco),
        _budget_triples(eco),
        _registration_triples(eco),
        authority_triples(authorities_named(eco)),
        _conflict_triples(eco),
    )


def _provenance_triples(eco: Ecosystem) -> Iterator[Triple]:
    for info in eco.datasets:
        node = dataset_ref(info.id)
        yield node, RDF.type, DCAT.Dataset
        yield node, RDF.type, PROV.Entity
        yield node, DCTERMS.identifier, Lit(info.id)
        yield node, DCTERMS.title, _en(info.title)
        if info.title_ko:
            yield node, DCTERMS.title, _ko(info.title_ko)
        if info.source:
            yield node, DCTERMS.source, Lit(info.source)
            document = document_ref(info.id)  # the document itself, not only its citation
            yield node, PROV.wasDerivedFrom, document
            yield document, RDF.type, DCTERMS.BibliographicResource
            yield document, RDF.type, PROV.Entity
            yield document, DCTERMS.bibliographicCitation, Lit(info.source)
            if info.source_url:
                yield document, DCAT.landingPage, _external_iri(info.source_url, info, "source_url")
        if info.source_url:
            yield node, DCAT.landingPage, _external_iri(info.source_url, info, "source_url")
        if info.licence:
            yield node, DCTERMS.rights, Lit(info.licence)
        if info.description:
            yield node, DCTERMS.description, Lit(info.description)
        if info.year:
            yield node, DCTERMS.temporal, _year(info.year)
    for qualified, section in eco.sources.items():
        node = source_ref(qualified)
        yield node, RDF.type, SEG.SourceSection
        yield node, RDF.type, PROV.Entity
        yield node, RDFS.label, _ko(section.title)
        yield node, SEG.identifier, Lit(section.id)
        yield node, DCTERMS.isPartOf, dataset_ref(qualified.split("/", 1)[0])
        if section.page:
            yield node, SEG.page, Lit(section.page)
        if section.note:
            yield node, SKOS.editorialNote, Lit(section.note)


def _district_triples(eco: Ecosystem) -> Iterator[Triple]:
    for code, district in eco.districts.items():
        node = district_ref(code)
        yield node, RDF.type, SEG.District
        yield node, RDF.type, SCHEMA.AdministrativeArea
        yield node, RDFS.label, _ko(district.name_ko)
        yield node, RDFS.label, _en(district.name_en)
        yield node, SKOS.notation, Lit(code)
        if district.parent:
            yield node, SCHEMA.containedInPlace, district_ref(district.parent)
        yield from _common(node, district)


def _organisation_triples(eco: Ecosystem) -> Iterator[Triple]:
    for org in eco.organisations.values():
        yield from _organisation(eco, org)


def _organisation(eco: Ecosystem, org: Any) -> Iterator[Triple]:
    node = org_ref(org.id)
    yield node, RDF.type, _KIND_CLASSES[org.kind]
    for cls in _organisation_classes(org.kind, org.legal_form, bool(org.corporate_number)):
        yield node, RDF.type, cls
    yield node, SEG.identifier, Lit(org.id)
    yield node, RDFS.label, _ko(org.name_ko)
    if org.name_en:
        yield node, RDFS.label, _en(org.name_en)
    elif has_hangul(org.name_ko):
        yield node, RDFS.label, Lit(romanize(org.name_ko), "ko-Latn")
    for alt in org.alt_names:
        yield node, SKOS.altLabel, _ko(alt)
    yield node, ORG.classification, _concept("kind", org.kind)
    if org.legal_form:
        yield node, ROV.orgType, _concept("legal", org.legal_form)
    for designation in org.designations:
        yield node, SEG.designation, _concept("designation", designation)
    if org.district:
        code = eco.district_code(org.district)
        assert code is not None  # checked by assemble
        yield node, SEG.locatedIn, district_ref(code)
        yield node, SEG.districtBasis, Lit(org.district_basis)
    if org.homepage:
        yield node, SCHEMA.url, _external_iri(org.homepage, org, "homepage")
    if org.business_number:
        yield node, SEG.businessRegistrationNumber, Lit(org.business_number)
    if org.corporate_number:
        yield node, SEG.corporateRegistrationNumber, Lit(org.corporate_number)
    yield from identifier_triples(node, org)
    if org.address:
        yield node, SCHEMA.address, _ko(org.address)
    if org.activity:
        yield node, SCHEMA.description, _ko(org.activity)
    if org.representative:
        yield node, SEG.representative, _ko(org.representative)
    yield from _common(node, org)


def _program_triples(eco: Ecosystem) -> Iterator[Triple]:
    for program in eco.programs.values():
        yield from _program(eco, program)


def _program(eco: Ecosystem, program: Any) -> Iterator[Triple]:
    node = program_ref(program.id)
    yield node, RDF.type, SEG.Program
    yield node, RDF.type, _LEVEL_CLASSES[program.level]
    yield node, SEG.identifier, Lit(program.id)
    yield node, RDFS.label, _ko(program.name_ko)
    yield node, RDFS.label, _en(program.name_en)
    yield node, SEG.level, Lit(program.level)
    yield node, SEG.status, Lit(program.status)
    if program.parent:
        yield node, SEG.subProgramOf, program_ref(program.parent)
        yield program_ref(program.parent), SEG.hasSubProgram, node
    for year in program.years or ((program.year,) if program.year else ()):
        yield node, SEG.year, _year(year)
    if program.budget is not None:
        yield node, SEG.budget, _decimal(program.budget)
    if program.spent is not None:
        yield node, SEG.spent, _decimal(program.spent)
    if program.budget and program.spent is not None:
        rate = (program.spent / program.budget * 100).quantize(Decimal("0.01"))
        yield node, SEG.executionRate, _decimal(rate)
    yield from _common(node, program)


def _participation_triples(eco: Ecosystem) -> Iterator[Triple]:
    for p in eco.participations:
        node = f"{ID_BASE}participation/{p.organisation}/{p.program}/{p.role}"
        if p.year is not None:  # one participation per year: a program recurs
            node = f"{node}/{p.year}"
        org, program = org_ref(p.organisation), program_ref(p.program)
        yield node, RDF.type, SEG.Participation
        yield node, SEG.participant, org
        yield node, SEG.program, program
        yield node, SEG.role, _concept("role", p.role)
        yield org, SEG.hasParticipation, node
        yield org, SEG.participatesIn, program
        if p.stage:
            yield node, SEG.stage, _ko(p.stage)
        if p.project_title:
            yield node, SEG.projectTitle, _ko(p.project_title)
        year = p.year or eco.programs[p.program].year
        if year:
            yield node, SEG.year, _year(year)
        yield from _common(node, p)


def _membership_triples(eco: Ecosystem) -> Iterator[Triple]:
    for m in eco.memberships:
        node = f"{ID_BASE}membership/{m.member}/{m.organisation}"
        member, group = org_ref(m.member), org_ref(m.organisation)
        yield node, RDF.type, ORG.Membership
        yield node, ORG.member, member
        yield node, ORG.organization, group
        yield group, ORG.hasMember, member
        yield member, ORG.memberOf, group
        if m.role:
            yield node, SEG.memberRole, _ko(m.role)
        if m.program:
            yield node, SEG.program, program_ref(m.program)
        yield from _stated_years(eco, node, m)
        yield from _common(node, m)


def _tie_triples(eco: Ecosystem) -> Iterator[Triple]:
    for t in eco.ties:
        node = f"{ID_BASE}tie/{t.type}/{t.from_id}/{t.to_id}"
        a, b = org_ref(t.from_id), org_ref(t.to_id)
        yield node, RDF.type, SEG.Tie
        yield node, SEG.tieFrom, a
        yield node, SEG.tieTo, b
        yield node, SEG.tieType, _concept("tie", t.type)
        prop = _TIE_PROPERTIES[t.type]
        yield a, prop, b
        if t.type in codes.SYMMETRIC_TIES:
            yield b, prop, a
        yield a, ORG.linkedTo, b
        yield b, ORG.linkedTo, a
        if t.program:
            yield node, SEG.program, program_ref(t.program)
        yield from _stated_years(eco, node, t)
        yield from _common(node, t)


def _site_triples(eco: Ecosystem) -> Iterator[Triple]:
    for site in eco.sites.values():
        yield from _site(eco, site)


def _site(eco: Ecosystem, site: Any) -> Iterator[Triple]:
    node = f"{ID_BASE}site/{site.id}"
    yield node, RDF.type, SEG.Site
    yield node, RDF.type, ORG.Site
    yield node, SEG.identifier, Lit(site.id)
    yield node, RDFS.label, _ko(site.name_ko)
    if site.name_en:
        yield node, RDFS.label, _en(site.name_en)
    if site.district:
        code = eco.district_code(site.district)
        assert code is not None  # checked by assemble
        yield node, SEG.locatedIn, district_ref(code)
    if site.address:
        yield node, SCHEMA.address, _ko(site.address)
    if site.operator:
        yield node, ORG.siteOf, org_ref(site.operator)
        yield org_ref(site.operator), ORG.hasSite, node
    if site.program:
        yield node, SEG.program, program_ref(site.program)
    yield from _common(node, site)


def _publication_triples(eco: Ecosystem) -> Iterator[Triple]:
    for publication in eco.publications.values():
        yield from _publication(eco, publication)


def _publication(eco: Ecosystem, publication: Any) -> Iterator[Triple]:
    node = f"{ID_BASE}publication/{publication.id}"
    yield node, RDF.type, SEG.Publication
    yield node, RDF.type, SCHEMA.CreativeWork
    yield node, SEG.identifier, Lit(publication.id)
    yield node, RDFS.label, _ko(publication.title_ko)
    if publication.title_en:
        yield node, RDFS.label, _en(publication.title_en)
    if publication.category:
        yield node, SCHEMA.genre, _ko(publication.category)
    if publication.number is not None:
        yield node, SCHEMA.position, Lit(str(publication.number), None, _INTEGER)
    if publication.publisher:
        yield node, DCTERMS.publisher, org_ref(publication.publisher)
    if publication.program:
        yield node, SEG.program, program_ref(publication.program)
    if publication.year:
        yield node, SEG.year, _year(publication.year)
    yield from _common(node, publication)


def _indicator_triples(eco: Ecosystem) -> Iterator[Triple]:
    for indicator in eco.indicators.values():
        yield from _indicator(eco, indicator)


def _indicator(eco: Ecosystem, indicator: Any) -> Iterator[Triple]:
    node = f"{ID_BASE}indicator/{indicator.id}"
    program = program_ref(indicator.program)
    yield node, RDF.type, SEG.Indicator
    yield node, SEG.identifier, Lit(indicator.id)
    yield node, RDFS.label, _ko(indicator.name_ko)
    if indicator.name_en:
        yield node, RDFS.label, _en(indicator.name_en)
    yield node, SEG.indicatorOf, program
    yield program, SEG.hasIndicator, node
    if indicator.unit:
        yield node, SEG.unit, _ko(indicator.unit)
    for prop, value in (
        (SEG.target, indicator.target),
        (SEG.actual, indicator.actual),
        (SEG.achievementRate, indicator.rate),
    ):
        if value is not None:
            yield node, prop, _decimal(value)
    yield from _stated_years(eco, node, indicator)
    yield from _common(node, indicator)


def _budget_triples(eco: Ecosystem) -> Iterator[Triple]:
    for qualified, line in eco.budget_lines.items():
        node = f"{ID_BASE}budget/{qualified}"
        yield node, RDF.type, SEG.BudgetLine
        yield node, SEG.identifier, Lit(line.id)
        yield node, RDFS.label, _ko(line.name_ko)
        if line.name_en:
            yield node, RDFS.label, _en(line.name_en)
        yield node, SEG.section, Lit(line.section)
        yield node, SEG.lineKind, Lit(line.kind)
        if line.category:
            yield node, SEG.category, _ko(line.category)
        if line.budget is not None:
            yield node, SEG.budget, _decimal(line.budget)
        if line.actual is not None:
            yield node, SEG.spent, _decimal(line.actual)
        if line.program:
            yield node, SEG.program, program_ref(line.program)
        yield from _common(node, line)


def _registration_triples(eco: Ecosystem) -> Iterator[Triple]:
    for r in eco.registrations:
        node, org = registration_ref(r), org_ref(r.organisation)
        yield node, RDF.type, SEG.Registration
        yield node, SEG.registrationOf, org
        yield org, SEG.registration, node
        if r.designation:
            concept = _concept("designation", r.designation)
            yield node, SEG.designation, concept
            yield org, SEG.designation, concept
        if r.number:
            yield node, SEG.registrationNumber, Lit(r.number)
        if r.date:
            yield node, DCTERMS.date, Lit(r.date, None, _DATE)
        if r.round:
            yield node, SEG.round, Lit(r.round)
        if r.authority:
            yield node, SEG.authority, _ko(r.authority)
            yield node, SEG.grantedBy, authority_ref(r.authority)
        if r.status:
            yield node, SEG.registrationStatus, _concept("registration-status", r.status)
        if r.valid_from:
            yield node, SCHEMA.validFrom, Lit(r.valid_from, None, _DATE)
        if r.valid_until:
            yield node, SCHEMA.validThrough, Lit(r.valid_until, None, _DATE)
        if r.social_purpose:
            concept = _concept("purpose", r.social_purpose)
            yield node, SEG.socialPurpose, concept
            yield org, SEG.socialPurpose, concept
        yield from _common(node, r)


#: Each kind of record whose values may conflict: its records in an ecosystem, and the function
#: that describes one.
_DESCRIBED: dict[str, tuple[Callable[[Ecosystem], Mapping[str, Any]], Any]] = {
    "organisation": (lambda eco: eco.organisations, _organisation),
    "program": (lambda eco: eco.programs, _program),
    "site": (lambda eco: eco.sites, _site),
    "publication": (lambda eco: eco.publications, _publication),
    "indicator": (lambda eco: eco.indicators, _indicator),
}


def _conflict_triples(eco: Ecosystem) -> Iterator[Triple]:
    """Each value that merged records disagree on, as ``rdf:Statement`` nodes (typed
    ``seg:StatedValue``) of the triples that say it, derived from the sources that state it.

    The record in the graph holds the first value; the triples of each value are found by
    describing the record with that value and keeping what the values do not share.
    """
    for conflict in eco.conflicts:
        records, describe = _DESCRIBED[conflict.kind]
        record = records(eco).get(conflict.id)
        if record is None:  # left out by a lenient load
            continue
        values = [  # a district left out by a lenient load is no value to state
            value
            for value in conflict.values
            if conflict.field != "district" or value in eco.districts
        ]
        if len(values) < 2:
            continue
        said = {
            value: set(describe(eco, replace(record, **{conflict.field: value})))
            for value in values
        }
        shared = set.intersection(*said.values())
        for value in values:
            sources = conflict.values[value]
            for subject, predicate, obj in sorted(said[value] - shared, key=repr):
                node = statement_ref(subject, predicate, repr(obj))
                yield node, RDF.type, RDF.Statement
                yield node, RDF.type, SEG.StatedValue
                yield node, RDF.subject, subject
                yield node, RDF.predicate, predicate
                yield node, RDF.object, obj
                for source in sources:
                    yield node, PROV.wasDerivedFrom, source_ref(source)
