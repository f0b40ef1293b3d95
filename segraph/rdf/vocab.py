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

#: Classes every organisation of a kind also gets, so plain SPARQL finds it without a reasoner.
KIND_SUPERCLASSES: dict[str, tuple[URIRef, ...]] = {
    code: (ORG.Organization,)
    + ((ORG.OrganizationalCollaboration,) if code == "consortium" else ())
    + ((ORG.FormalOrganization,) if code not in ("consortium", "team") else ())
    + ((ROV.RegisteredOrganization,) if code == "enterprise" else ())
    for code in codes.KINDS
}

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
