"""The controlled values of the CSV format: the codes a column may hold.

Each code is also a SKOS concept or a class of the ontology; :mod:`segraph.rdf.vocab` maps the
codes to those terms, and a test keeps the two in step.
"""

from __future__ import annotations

#: Organisation kinds (``organisations.csv`` column ``kind``).
KINDS: tuple[str, ...] = (
    "enterprise",
    "consortium",
    "network",
    "support-institution",
    "public-agency",
    "private-company",
    "media",
    "civil-society",
    "team",
)

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

#: Statuses of a register entry (``registrations.csv`` column ``status``, scheme
#: ``seg:RegistrationStatuses`` in ``ontology/registers.ttl``).
REGISTRATION_STATUSES: tuple[str, ...] = ("valid", "expired", "revoked", "returned")

#: Direct tie types (``ties.csv`` column ``type``).
TIE_TYPES: tuple[str, ...] = ("partner", "supports", "operates", "funds", "agreement")
#: Tie types that hold both ways.
SYMMETRIC_TIES: frozenset[str] = frozenset({"partner", "agreement"})

#: Program levels, from the broadest (``programs.csv`` column ``level``).
LEVELS: tuple[str, ...] = ("area", "unit", "subprogram", "project")

PROGRAM_STATUSES: tuple[str, ...] = ("carried-out", "not-carried-out")
DISTRICT_BASES: tuple[str, ...] = ("stated", "inferred-from-name")
BUDGET_SECTIONS: tuple[str, ...] = ("revenue", "expenditure")
BUDGET_LINE_KINDS: tuple[str, ...] = ("line", "subtotal", "total")
