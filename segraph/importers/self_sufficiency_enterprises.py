"""한국자활복지개발원 전국자활기업현황: self-sufficiency enterprises (자활기업)."""

from __future__ import annotations

from segraph.dataset.regions import AdminAreas
from segraph.importers.base import Entry, ListLayout, Warnings, joined, legal_form_of, locate
from segraph.importers.tables import PublishedRow


class SelfSufficiencyEnterprises(ListLayout):
    """한국자활복지개발원 전국자활기업현황."""

    kind = "self-sufficiency-enterprises"
    title = "한국자활복지개발원 전국자활기업현황"
    authority = "한국자활복지개발원"
    columns = (
        "순번",
        "시도",
        "시군구",
        "자활기업",
        "자활기업구분",
        "대표자명",
        "업종",
        "사업자구분",
        "주소",
    )
    required = ("자활기업", "시도", "자활기업구분")
    id_prefix = "sse"
    name_column = "자활기업"

    def entry(self, row: PublishedRow, areas: AdminAreas, warnings: Warnings) -> Entry | None:
        """Return the entry of one self-sufficiency enterprise.

        자활기업구분 (일반, 광역, 전국) and 사업자구분 (법인, 개인, 협동조합 …) are kept in the
        note; 사업자구분 also gives the legal form when it names one.
        """
        name = row.get("자활기업")
        if not name:
            return None
        return Entry(
            name=name,
            origin=row.origin,
            designation="self-sufficiency-enterprise",
            legal_form=legal_form_of(row.get("사업자구분"), name),
            area=locate(row, areas, warnings, "시도", "시군구", "주소"),
            address=row.get("주소") or None,
            activity=joined(("업종", row.get("업종"))),
            representative=row.get("대표자명") or None,
            notes=[
                note
                for note in (
                    joined(("자활기업구분", row.get("자활기업구분"))),
                    joined(("사업자구분", row.get("사업자구분"))),
                )
                if note
            ],
        )
