"""Register identities as nodes: typed identifiers of organisations and the granting authorities.

An organisation's 사업자등록번호 and 법인등록번호 become ``adms:Identifier`` nodes naming their
scheme (``dcterms:type``, a concept of ``seg:IdentifierSchemes`` in ``ontology/registers.ttl``)
and the register that issues them; the 법인등록번호 is also RegOrg's ``rov:registration``. The
bodies that keep the registers or grant designations are ``prov:Organization`` nodes,
``…/id/authority/<id>``, named from ``data/reference/authorities.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from segraph._util.romanize import romanize
from segraph.dataset.regions import reference_file
from segraph.errors import DataError
from segraph.rdf.iris import ID_BASE
from segraph.rdf.plain_terms import ADMS, DCTERMS, PROV, RDF, RDFS, ROV, SEG, SEG_NAMESPACE, SKOS
from segraph.rdf.terms import Lit, NeutralTriple


@dataclass(frozen=True)
class Scheme:
    """An identifier scheme: its code, the organisation attribute holding the number, and the
    register that issues it."""

    code: str
    attribute: str
    issuer: str


#: The identifier schemes of ``seg:IdentifierSchemes``, in the order they are written.
SCHEMES: tuple[Scheme, ...] = (
    Scheme("business-registration", "business_number", "국세청"),
    Scheme("corporate-registration", "corporate_number", "법원 등기소"),
)


@dataclass(frozen=True)
class Authority:
    """A body that keeps a register or grants designations."""

    id: str
    name_ko: str
    name_en: str | None


@cache
def _known_authorities() -> dict[str, Authority]:
    with reference_file("authorities.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["name_ko"]: Authority(row["id"], row["name_ko"], row["name_en"] or None)
            for row in csv.DictReader(handle)
        }


@cache
def authority(name_ko: str) -> Authority:
    """Return the authority printed as ``name_ko``: from the reference table, else named by the
    romanised slug of its name.

    Examples
    --------
    >>> authority("고용노동부").id
    'ministry-of-employment-and-labor'
    >>> authority("농림축산식품부").id
    'nongrimchuksansikpumbu'
    """
    known = _known_authorities().get(name_ko)
    if known is not None:
        return known
    slug = re.sub(r"[^a-z0-9]+", "-", romanize(name_ko).lower()).strip("-")
    return Authority(slug or "unnamed", name_ko, None)


def authority_ref(name_ko: str) -> str:
    """IRI of the authority printed as ``name_ko`` (``…/id/authority/<id>``), as a string."""
    return f"{ID_BASE}authority/{authority(name_ko).id}"


def identifier_ref(scheme: Scheme, number: str) -> str:
    """IRI of an identifier (``…/id/identifier/<scheme>/<number>``), as a string."""
    return f"{ID_BASE}identifier/{scheme.code}/{number}"


def identifier_triples(node: str, org: Any) -> Iterator[NeutralTriple]:
    """The typed identifiers of the organisation ``org`` (IRI ``node``)."""
    for scheme in SCHEMES:
        number = getattr(org, scheme.attribute)
        if not number:
            continue
        identifier = identifier_ref(scheme, number)
        yield node, ADMS.identifier, identifier
        if scheme.code == "corporate-registration":
            yield node, ROV.registration, identifier
        yield identifier, RDF.type, ADMS.Identifier
        yield identifier, SKOS.notation, Lit(number)
        yield identifier, DCTERMS.type, f"{SEG_NAMESPACE}idscheme-{scheme.code}"
        yield identifier, ADMS.schemaAgency, Lit(scheme.issuer, "ko")
        yield identifier, DCTERMS.creator, authority_ref(scheme.issuer)


def authorities_named(eco: Any) -> set[str]:
    """The Korean names of every authority an ecosystem's records refer to."""
    names = {r.authority for r in eco.registrations if r.authority}
    for org in eco.organisations.values():
        names.update(s.issuer for s in SCHEMES if getattr(org, s.attribute))
    return names


def authority_triples(names: Iterable[str]) -> Iterator[NeutralTriple]:
    """One node for each authority in ``names``, in order of IRI.

    Raises :class:`DataError` when two names would share a node (their romanised slugs agree):
    two bodies are never merged silently.
    """
    named: dict[str, str] = {}
    for name in sorted(set(names)):
        other = named.setdefault(authority_ref(name), name)
        if other != name:
            raise DataError(
                reference_file("authorities.csv"),
                f"the authorities {other!r} and {name!r} would share the IRI"
                f" {authority_ref(name)}: give one of them an id in this table",
            )
    for name in sorted(set(names), key=authority_ref):
        node, body = authority_ref(name), authority(name)
        yield node, RDF.type, PROV.Organization
        yield node, SEG.identifier, Lit(body.id)
        yield node, RDFS.label, Lit(body.name_ko, "ko")
        if body.name_en:
            yield node, RDFS.label, Lit(body.name_en, "en")
