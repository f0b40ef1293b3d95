"""Find the organisation an imported entry already is: by business number, else by name.

An entry is the same organisation as a known one when their 사업자등록번호 (10 digits) agree.
When either has none, the normalised names (:func:`segraph.dataset.identity.normalise_name`) must
agree, their legal forms must not conflict, neither may have a different business number, and their
administrative areas must be compatible (the same, one inside the other, or unknown) — a name alone
is too weak across a whole country, where many organisations share one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from segraph.dataset.identity import normalise_name
from segraph.dataset.regions import AdminAreas


@dataclass(frozen=True)
class Known:
    """What matching needs to know about an organisation."""

    id: str
    business_number: str | None
    legal_forms: frozenset[str]
    area: str | None


@dataclass(frozen=True)
class Match:
    """The id an entry resolved to and how (``"number"`` or ``"name"``)."""

    id: str
    by: str


class OrganisationIndex:
    """An index of known organisations by business number and by normalised name."""

    def __init__(self, areas: AdminAreas):
        self._areas = areas
        self._by_number: dict[str, str] = {}
        self._by_core: dict[str, list[Known]] = defaultdict(list)
        self.ids: set[str] = set()

    def add(
        self,
        org_id: str,
        names: Iterable[str],
        legal_form: str | None,
        business_number: str | None,
        area: str | None,
    ) -> None:
        """Make an organisation known under each of its printed ``names``."""
        self.ids.add(org_id)
        if business_number:
            self._by_number.setdefault(business_number, org_id)
        for name in names:
            normalised = normalise_name(name)
            forms = normalised.legal_forms | ({legal_form} if legal_form else frozenset())
            self._by_core[normalised.core].append(Known(org_id, business_number, forms, area))

    def match(
        self, name: str, legal_form: str | None, business_number: str | None, area: str | None
    ) -> Match | list[str] | None:
        """Return the match of an entry, the ids it ambiguously matches by name, or None."""
        if business_number and business_number in self._by_number:
            return Match(self._by_number[business_number], "number")
        normalised = normalise_name(name)
        forms = normalised.legal_forms | ({legal_form} if legal_form else frozenset())
        candidates = sorted(
            {
                known.id
                for known in self._by_core.get(normalised.core, [])
                if not (forms and known.legal_forms and not forms & known.legal_forms)
                and not (business_number and known.business_number)
                and self._compatible(area, known.area)
            }
        )
        if len(candidates) == 1:
            return Match(candidates[0], "name")
        return candidates or None

    def _compatible(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b:
            return True
        return b in self._enclosing(a) or a in self._enclosing(b)

    def _enclosing(self, code: str) -> set[str]:
        if code in self._areas.by_code:
            return {area.code for area in self._areas.lineage(code)}
        return {code}
