"""Name normalisation and resolution: one identity per real organisation.

The same organisation is printed differently in different places (spacing, legal-form words
such as ``(주)``, ``주식회사``, ``(사)`` or ``사회적협동조합`` before or after the name).
:func:`normalise_name` reduces a printed name to a comparable core plus the legal-form words it
carried; :func:`resolve_organisations` groups organisations whose cores agree and whose legal
forms do not conflict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from segraph.records import Organisation

#: Printed legal-form words → the legal-form code they signal. Longest first when matching.
LEGAL_FORM_WORDS: dict[str, str] = {
    "사회적협동조합": "social-cooperative",
    "소비자생활협동조합": "consumer-cooperative",
    "생활협동조합": "consumer-cooperative",
    "협동조합연합회": "cooperative-federation",
    "협동조합": "cooperative",
    "주식회사": "stock-company",
    "(주)": "stock-company",
    "㈜": "stock-company",
    "사단법인": "incorporated-association",
    "(사)": "incorporated-association",
    "재단법인": "incorporated-foundation",
    "(재)": "incorporated-foundation",
}
_LEGAL_PATTERN = re.compile(
    "|".join(re.escape(w) for w in sorted(LEGAL_FORM_WORDS, key=len, reverse=True))
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class NormalisedName:
    """A printed name reduced to its comparable ``core`` and the legal forms it names."""

    core: str
    legal_forms: frozenset[str]


def normalise_name(name: str) -> NormalisedName:
    """Normalise a printed organisation name.

    Unicode NFKC, legal-form words set aside, spaces and punctuation removed, lower-cased.

    Examples
    --------
    >>> normalise_name("사회적협동조합 함께강동") == normalise_name("사회적협동조합함께강동")
    True
    >>> normalise_name("(주)미션잇").core
    '미션잇'
    """
    text = unicodedata.normalize("NFKC", name)
    forms = frozenset(LEGAL_FORM_WORDS[m] for m in _LEGAL_PATTERN.findall(text))
    core = _NOISE.sub("", _LEGAL_PATTERN.sub(" ", text)).lower()
    return NormalisedName(core or _NOISE.sub("", text).lower(), forms)


def _forms_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)


@dataclass
class Resolution:
    """The outcome of resolution: every id mapped to its canonical id, and the merged groups."""

    canonical: dict[str, str] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)

    def __call__(self, org_id: str) -> str:
        """Return the canonical id of ``org_id`` (itself when it was not merged)."""
        return self.canonical.get(org_id, org_id)


def _signatures(org: Organisation) -> list[NormalisedName]:
    names = [org.name_ko, *org.alt_names]
    signatures = []
    for name in names:
        normalised = normalise_name(name)
        forms = normalised.legal_forms | ({org.legal_form} if org.legal_form else frozenset())
        signatures.append(NormalisedName(normalised.core, frozenset(forms)))
    return signatures


def resolve_organisations(organisations: Iterable[Organisation]) -> Resolution:
    """Group organisations that are one real organisation printed differently.

    Two organisations are linked when any of their printed names (canonical or alternative)
    share a normalised core and their legal forms do not conflict; a group is a connected set of
    linked organisations, so the groups do not depend on the order the organisations come in.
    The first organisation of a group (in the order given) keeps its id; the others become its
    aliases.
    """
    order: list[str] = []
    parent: dict[str, str] = {}

    def root(org_id: str) -> str:
        while parent[org_id] != org_id:
            parent[org_id] = parent[parent[org_id]]
            org_id = parent[org_id]
        return org_id

    by_core: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for org in organisations:
        if org.id in parent:
            continue
        order.append(org.id)
        parent[org.id] = org.id
        for signature in _signatures(org):
            for other_id, other_forms in by_core.get(signature.core, []):
                if not _forms_conflict(signature.legal_forms, other_forms):
                    parent[root(org.id)] = root(other_id)
            by_core.setdefault(signature.core, []).append((org.id, signature.legal_forms))
    members: dict[str, list[str]] = {}
    for org_id in order:
        members.setdefault(root(org_id), []).append(org_id)
    resolution = Resolution()
    for ids in members.values():
        for alias in ids[1:]:
            resolution.canonical[alias] = ids[0]
    resolution.groups = [ids for ids in members.values() if len(ids) > 1]
    return resolution
