"""The controlled values of the CSV format and the ontology terms they stand for.

Each code is also a SKOS concept in ``ontology/concepts.ttl`` (``seg:kind-<code>``,
``seg:legal-<code>``, ``seg:designation-<code>``, ``seg:role-<code>``, ``seg:tie-<code>``);
a test keeps the two in step.
"""

from __future__ import annotations

from functools import cache

from rdflib import URIRef

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
    for code in KIND_CLASSES
}

LEGAL_FORMS: tuple[str, ...] = (
    "cooperative",
    "social-cooperative",
    "consumer-cooperative",
    "cooperative-federation",
    "stock-company",
    "incorporated-association",
    "incorporated-foundation",
    "public-body",
    "university",
    "other",
)

DESIGNATIONS: tuple[str, ...] = (
    "social-enterprise",
    "preliminary-social-enterprise",
    "village-enterprise",
    "village-enterprise-preliminary",
    "village-enterprise-new",
    "village-enterprise-redesignated",
    "village-enterprise-advanced",
    "self-sufficiency-enterprise",
    "excellent-village-enterprise",
)

ROLES: tuple[str, ...] = (
    "participant",
    "executor",
    "consortium-lead",
    "consortium-member",
    "network-partner",
    "regional-support",
    "partner-institution",
    "operator",
    "channel",
    "media-partner",
    "organiser",
    "supporter",
)

#: 사회적목적실현유형 of a certified social enterprise (scheme ``seg:SocialPurposeTypes`` in
#: ``ontology/social-purpose.ttl``), code → the Korean term the register prints.
SOCIAL_PURPOSES: dict[str, str] = {
    "job-provision": "일자리제공형",
    "social-service": "사회서비스제공형",
    "mixed": "혼합형",
    "community-contribution": "지역사회공헌형",
    "other": "기타형",
}

#: Tie type code → the direct property written for it (symmetric ones are written both ways).
TIE_PROPERTIES: dict[str, URIRef] = {
    "partner": SEG.partnerOf,
    "supports": SEG.supports,
    "operates": SEG.operates,
    "funds": SEG.funds,
    "agreement": SEG.agreementWith,
}
SYMMETRIC_TIES: frozenset[str] = frozenset({"partner", "agreement"})

#: Program level code → its class.
LEVEL_CLASSES: dict[str, URIRef] = {
    "area": SEG.StrategicArea,
    "unit": SEG.UnitProgram,
    "subprogram": SEG.SubProgram,
    "project": SEG.Project,
}

PROGRAM_STATUSES: tuple[str, ...] = ("carried-out", "not-carried-out")
DISTRICT_BASES: tuple[str, ...] = ("stated", "inferred-from-name")
BUDGET_SECTIONS: tuple[str, ...] = ("revenue", "expenditure")
BUDGET_LINE_KINDS: tuple[str, ...] = ("line", "subtotal", "total")


@cache
def concept(scheme_prefix: str, code: str) -> URIRef:
    """Return the IRI of the SKOS concept ``seg:<scheme_prefix>-<code>``."""
    return SEG[f"{scheme_prefix}-{code}"]
