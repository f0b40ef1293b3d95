"""사회적협동조합 설립현황: social cooperatives approved by the ministries (수리인가)."""

from __future__ import annotations

from segraph.dataset.regions import AdminAreas
from segraph.importers.base import (
    Entry,
    ListLayout,
    RegistrationFacts,
    Warnings,
    joined,
    locate,
    parse_date,
    read_cell,
)
from segraph.importers.tables import PublishedRow


class SocialCooperatives(ListLayout):
    """사회적협동조합 설립현황 (구분 is the ministry that approved the cooperative)."""

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
        return Entry(
            name=name,
            origin=row.origin,
            legal_form="social-cooperative",
            area=locate(row, areas, warnings, "소재지", None, "주소"),
            address=row.get("주소") or None,
            activity=joined(("업종", row.get("업종")), ("유형", row.get("유형"))),
            representative=row.get("대표자") or None,
            registration=RegistrationFacts(
                date=read_cell(row, "수리인가일", parse_date, warnings),
                authority=row.get("구분") or None,
            ),
        )
