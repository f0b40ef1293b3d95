"""사회적협동조합 설립현황: social cooperatives approved by the ministries (수리인가)."""

from __future__ import annotations

import re

from segraph.dataset.regions import AdminAreas
from segraph.importers.base import (
    Entry,
    ListLayout,
    RegistrationFacts,
    Warnings,
    joined,
    legal_form_of,
    locate,
    parse_date,
    read_cell,
)
from segraph.importers.tables import PublishedRow

#: A government body's name: a ministry (부), office (처), agency (청) or commission (위원회).
_GOVERNMENT_BODY = re.compile(r"(부|처|청|위원회)$")


class SocialCooperatives(ListLayout):
    """사회적협동조합 설립현황.

    구분 is read as what it holds. In the published list it is the kind of cooperative
    (사회적협동조합, 사회적협동조합연합회 …): it gives the legal form where it names one and is
    kept in the note, and the registration then names no approving body (the list does not say
    which ministry approved it). A 구분 that names a ministry or agency (``보건복지부``) is
    the approving body.
    """

    kind = "social-cooperatives"
    title = "사회적협동조합 설립현황"
    authority = "기획재정부"
    columns = ("구분", "협동조합명", "대표자", "업종", "유형", "소재지", "수리인가일", "주소")
    required = ("협동조합명", "수리인가일")
    id_prefix = "sc"
    name_column = "협동조합명"

    def entry(self, row: PublishedRow, areas: AdminAreas, warnings: Warnings) -> Entry | None:
        """Return the entry of one social cooperative, its approval as a dated registration."""
        name = row.get("협동조합명")
        if not name:
            return None
        division = row.get("구분")
        approver = division if _GOVERNMENT_BODY.search(division) else None
        kind = None if approver else division
        return Entry(
            name=name,
            origin=row.origin,
            legal_form=legal_form_of(kind or "") or "social-cooperative",
            area=locate(row, areas, warnings, "소재지", None, "주소"),
            address=row.get("주소") or None,
            activity=joined(("업종", row.get("업종")), ("유형", row.get("유형"))),
            representative=row.get("대표자") or None,
            registration=RegistrationFacts(
                date=read_cell(row, "수리인가일", parse_date, warnings), authority=approver
            ),
            notes=[note for note in (joined(("구분", kind or "")),) if note],
        )
