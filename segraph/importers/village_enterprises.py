"""행정안전부 전국 마을기업 현황: designated village enterprises."""

from __future__ import annotations

from segraph.dataset.regions import AdminAreas
from segraph.importers.base import (
    Entry,
    ListLayout,
    Warnings,
    joined,
    legal_form_of,
    locate,
    read_business_number,
)
from segraph.importers.tables import PublishedRow

#: Words of the 유형 cell that state a village enterprise's stage → its designation.
STAGES: dict[str, str] = {
    "신규": "village-enterprise-new",
    "재지정": "village-enterprise-redesignated",
    "고도화": "village-enterprise-advanced",
    "우수": "excellent-village-enterprise",
}


class VillageEnterprises(ListLayout):
    """행정안전부 전국 마을기업 현황."""

    kind = "village-enterprises"
    title = "행정안전부 전국 마을기업 현황"
    authority = "행정안전부"
    columns = (
        "연번",
        "시도",
        "시군구",
        "소재지",
        "마을기업명",
        "유형",
        "주 업종",
        "주 생산품 또는 서비스명",
        "사업내용",
        "사업자등록번호",
    )
    required = ("마을기업명", "시도", "시군구")
    id_prefix = "ve"
    name_column = "마을기업명"

    def entry(self, row: PublishedRow, areas: AdminAreas, warnings: Warnings) -> Entry | None:
        """Return the entry of one village enterprise.

        유형 may state the form of incorporation (협동조합, 영농조합법인, 주식회사 …), which gives
        the legal form, or the stage (예비, 신규, 재지정, 고도화, 우수), which gives the
        designation; it is kept in ``activity`` either way.
        """
        name = row.get("마을기업명")
        if not name:
            return None
        kind = row.get("유형")
        preliminary = "예비" in kind
        return Entry(
            name=name,
            origin=row.origin,
            designation="village-enterprise-preliminary" if preliminary else "village-enterprise",
            stages=tuple(code for word, code in STAGES.items() if word in kind),
            legal_form=legal_form_of(kind, name),
            business_number=read_business_number(row, "사업자등록번호", warnings),
            area=locate(row, areas, warnings, "시도", "시군구", "소재지"),
            address=row.get("소재지") or None,
            activity=joined(
                ("", row.get("사업내용")),
                ("주 업종", row.get("주 업종")),
                ("주 생산품 또는 서비스", row.get("주 생산품 또는 서비스명")),
                ("유형", kind),
            ),
        )
