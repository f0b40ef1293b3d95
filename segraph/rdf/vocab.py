"""The ontology terms the controlled codes of the CSV format stand for.

The codes are in :mod:`segraph.dataset.codes`; each is also a SKOS concept in
``ontology/concepts.ttl`` (``seg:kind-<code>``, ``seg:legal-<code>``, ``seg:designation-<code>``,
``seg:role-<code>``, ``seg:tie-<code>``); a test keeps the three in step.
"""

from __future__ import annotations

from functools import cache

from rdflib import URIRef

from segraph.dataset import codes
from segraph.rdf.namespaces import ORG, ROV, SEG

#: Organisation kind code → the specific class it gives an organisation.
KIND_CLASSES: dict[str, URIRef] = {
    "enterprise": SEG.SocialEconomyEnterprise,
    "consortium": SEG.Consortium,
    "network": SEG.Network,
    "support-institution": SEG.SupportInstitution,
    "public-agency": SEG.PublicAgency,
    "private-company": SEG.PrivateCompany,
    "media": SEG.MediaOrganisation,
    "civil-society": SEG.CivilSocietyOrganisation,
    "team": SEG.InformalTeam,
}

#: Legal forms of legal entities made by other legal means (a statute, a charter): an
#: ``org:FormalOrganization`` that RegOrg's "registered" does not describe.
STATUTORY_LEGAL_FORMS = frozenset({"public-body", "university"})

#: Legal forms of bodies incorporated by entry in a register (법인등기): every form but those
#: and ``other``. An organisation with one is a ``rov:RegisteredOrganization`` (and so an
#: ``org:FormalOrganization``).
REGISTERED_LEGAL_FORMS = frozenset(codes.LEGAL_FORMS) - STATUTORY_LEGAL_FORMS - {"other"}


def organisation_classes(
    kind: str, legal_form: str | None, registered_number: bool
) -> tuple[URIRef, ...]:
    """Return the classes an organisation is typed with besides its kind's own class.

    Every organisation is an ``org:Organization``; a consortium an
    ``org:OrganizationalCollaboration``. Only what is known to be a legal entity is an
    ``org:FormalOrganization``: a public agency, or an organisation whose legal form is recorded
    (other than ``other``). Only an organisation incorporated by registration (a legal form of
    :data:`REGISTERED_LEGAL_FORMS`, or a 법인등록번호, ``registered_number``) is a
    ``rov:RegisteredOrganization``. A kind alone says nothing of legal status: a social-economy
    enterprise may be a sole proprietor, a network an informal council.
    """
    registered = registered_number or legal_form in REGISTERED_LEGAL_FORMS
    formal = registered or kind == "public-agency" or legal_form in STATUTORY_LEGAL_FORMS
    return (
        (ORG.Organization,)
        + ((ORG.OrganizationalCollaboration,) if kind == "consortium" else ())
        + ((ORG.FormalOrganization,) if formal else ())
        + ((ROV.RegisteredOrganization,) if registered else ())
    )


#: Tie type code → the direct property written for it (symmetric ones are written both ways).
TIE_PROPERTIES: dict[str, URIRef] = {
    "partner": SEG.partnerOf,
    "supports": SEG.supports,
    "operates": SEG.operates,
    "funds": SEG.funds,
    "agreement": SEG.agreementWith,
}

#: Program level code → its class.
LEVEL_CLASSES: dict[str, URIRef] = {
    "area": SEG.StrategicArea,
    "unit": SEG.UnitProgram,
    "subprogram": SEG.SubProgram,
    "project": SEG.Project,
}


@cache
def concept(scheme_prefix: str, code: str) -> URIRef:
    """Return the IRI of the SKOS concept ``seg:<scheme_prefix>-<code>``."""
    return SEG[f"{scheme_prefix}-{code}"]
