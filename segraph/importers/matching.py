"""Find the organisation an imported entry already is: by business number, else by name.

An entry is the same organisation as a known one when their 사업자등록번호 (10 digits) agree.
When either has none, the normalised names (:func:`segraph.dataset.identity.normalise_name`) must
agree, their legal forms must not conflict, neither may have a different business number, and their
administrative areas must be compatible (the same, or one inside the other; an area unknown on
either side is compatible only between rows of the list itself) — a name alone is too weak across
a whole country, where many organisations share one. Known organisations whose names agree but
that fail the other tests are the entry's *near misses*, which the importer warns about.
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
    #: True for an organisation of the list being imported, False for a known dataset's
    of_list: bool = False


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
        of_list: bool = False,
    ) -> None:
        """Make an organisation known under each of its printed ``names`` (``of_list``: a row
        of the list being imported, not of a known dataset)."""
        self.ids.add(org_id)
        if business_number:
            self._by_number.setdefault(business_number, org_id)
        for name in names:
            normalised = normalise_name(name)
            forms = normalised.legal_forms | ({legal_form} if legal_form else frozenset())
            self._by_core[normalised.core].append(
                Known(org_id, business_number, forms, area, of_list)
            )

    def match(
        self, name: str, legal_form: str | None, business_number: str | None, area: str | None
    ) -> Match | list[str] | None:
        """Return the match of an entry, the ids it ambiguously matches by name, or None."""
        if business_number and business_number in self._by_number:
            return Match(self._by_number[business_number], "number")
        candidates = sorted(
            {
                known.id
                for known, reason in self._alike(name, legal_form, business_number, area)
                if reason is None
            }
        )
        if len(candidates) == 1:
            return Match(candidates[0], "name")
        return candidates or None

    def near_misses(
        self, name: str, legal_form: str | None, business_number: str | None, area: str | None
    ) -> list[tuple[str, str]]:
        """The known organisations whose name reads like the entry's but that it does not match,
        each with the reason, sorted."""
        return sorted(
            {
                (known.id, reason)
                for known, reason in self._alike(name, legal_form, business_number, area)
                if reason is not None
            }
        )

    def _alike(
        self, name: str, legal_form: str | None, business_number: str | None, area: str | None
    ) -> list[tuple[Known, str | None]]:
        """Every known organisation under the entry's name core, with the reason it cannot be
        the entry (None when it can)."""
        normalised = normalise_name(name)
        forms = normalised.legal_forms | ({legal_form} if legal_form else frozenset())
        return [
            (known, self._apart(forms, business_number, area, known))
            for known in self._by_core.get(normalised.core, [])
        ]

    def _apart(
        self, forms: frozenset[str], business_number: str | None, area: str | None, known: Known
    ) -> str | None:
        if forms and known.legal_forms and not forms & known.legal_forms:
            return "legal forms differ"
        if business_number and known.business_number and business_number != known.business_number:
            return "business registration numbers differ"
        if business_number and known.business_number:
            return None
        if area is None or known.area is None:
            return None if known.of_list else "area unknown for one of them"
        if (
            area == known.area
            or known.area in self._enclosing(area)
            or area in self._enclosing(known.area)
        ):
            return None
        return f"areas differ ({area}, {known.area})"

    def _enclosing(self, code: str) -> set[str]:
        if code in self._areas.by_code:
            return {area.code for area in self._areas.lineage(code)}
        return {code}
