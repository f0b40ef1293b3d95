"""The IRIs of segraph's instances, made from their ids (``https://w3id.org/segraph/id/…``).

The ``*_ref`` functions return plain strings, as the triple generator writes them (see
:mod:`segraph.rdf.terms`); the ``*_iri`` functions return rdflib terms for callers.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from segraph.dataset import records as rec
from segraph.rdf.namespaces import ID

#: The base of every instance IRI, as a string.
ID_BASE = str(ID)


def org_ref(org_id: str) -> str:
    """IRI of an organisation, as a string."""
    return f"{ID_BASE}org/{org_id}"


def program_ref(program_id: str) -> str:
    """IRI of a program, as a string."""
    return f"{ID_BASE}program/{program_id}"


def district_ref(code: str) -> str:
    """IRI of a district, from its administrative code, as a string."""
    return f"{ID_BASE}district/{code}"


def source_ref(qualified_source: str) -> str:
    """IRI of a source section, from ``"<dataset>/<source id>"``, as a string."""
    return f"{ID_BASE}source/{qualified_source}"


def dataset_ref(dataset_id: str) -> str:
    """IRI of a dataset, as a string."""
    return f"{ID_BASE}dataset/{dataset_id}"


def document_ref(dataset_id: str) -> str:
    """IRI of the document a dataset is curated from (its ``source``), as a string."""
    return f"{ID_BASE}document/{dataset_id}"


def registration_ref(registration: rec.Registration) -> str:
    """IRI of a registration (``…/id/registration/<org id>/<designation>/<date>``), as a string."""
    designation = registration.designation or "approval"
    date = registration.date or "undated"
    return f"{ID_BASE}registration/{registration.organisation}/{designation}/{date}"


def statement_ref(*parts: str) -> str:
    """IRI of a stated value (``…/id/statement/<digest>``), named by a digest of the triple it
    states, so that one statement has one IRI in every build."""
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{ID_BASE}statement/{digest}"


def org_iri(org_id: str) -> URIRef:
    """IRI of an organisation."""
    return URIRef(org_ref(org_id))


def program_iri(program_id: str) -> URIRef:
    """IRI of a program."""
    return URIRef(program_ref(program_id))


def district_iri(code: str) -> URIRef:
    """IRI of a district, from its administrative code."""
    return URIRef(district_ref(code))


def source_iri(qualified_source: str) -> URIRef:
    """IRI of a source section, from ``"<dataset>/<source id>"``."""
    return URIRef(source_ref(qualified_source))


def dataset_iri(dataset_id: str) -> URIRef:
    """IRI of a dataset."""
    return URIRef(dataset_ref(dataset_id))


def registration_iri(registration: rec.Registration) -> URIRef:
    """IRI of a registration: ``…/id/registration/<org id>/<designation>/<date>``."""
    return URIRef(registration_ref(registration))
