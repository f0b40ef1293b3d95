"""고용노동부 사회적기업 목록: certified social enterprises (한국사회적기업진흥원 publishes it)."""

from __future__ import annotations

import re

from segraph import vocab
from segraph.importers.base import (
    Entry,
    ListLayout,
    RegistrationFacts,
    Warnings,
    joined,
    legal_form_of,
    locate,
    read_business_number,
    read_date,
)
from segraph.importers.tables import PublishedRow, column_key
from segraph.regions import AdminAreas

#: Printed 사회적목적실현유형 (spacing and middle dots removed) → concept code.
PURPOSES: dict[str, str] = {
    column_key(term).replace("·", ""): code for code, term in vocab.SOCIAL_PURPOSES.items()
} | {"창의혁신형": "other", "기타(창의혁신)형": "other", "기타창의혁신형": "other"}

_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+\Z")


def homepage(text: str) -> str | None:
    """Return a printed homepage as an absolute http(s) URL, or None when it is not one."""
    value = text.strip()
    if value and not re.match(r"https?://", value, re.IGNORECASE):
        value = "http://" + value
    return value if _URL.match(value) and "." in value else None


class SocialEnterprises(ListLayout):
    """고용노동부 사회적기업 목록."""

    kind = "social-enterprises"
    title = "고용노동부 사회적기업 목록"
    authority = "고용노동부"
    columns = (
        "지역",
        "인증번호",
        "기관명",
        "사업내용",
        "사회적목적실현유형",
        "사회서비스분야",
        "사업자등록번호",
        "대표자",
        "소재지",
        "홈페이지",
        "인증일자",
        "인증회차",
    )
    required = ("기관명", "인증번호", "인증일자")
    id_prefix = "se"
    name_column = "기관명"

    def entry(self, row: PublishedRow, areas: AdminAreas, warnings: Warnings) -> Entry | None:
        """Return the entry of one certified social enterprise."""
        name = row.get("기관명")
        if not name:
            return None
        purpose_text = row.get("사회적목적실현유형")
        purpose = PURPOSES.get(column_key(purpose_text).replace("·", "")) if purpose_text else None
        if purpose_text and purpose is None:
            warnings.add(
                row.origin,
                "사회적목적실현유형",
                f"unknown type '{purpose_text}' "
                f"(known: {', '.join(vocab.SOCIAL_PURPOSES.values())})",
            )
        site = row.get("홈페이지")
        url = homepage(site) if site else None
        if site and url is None:
            warnings.add(row.origin, "홈페이지", f"'{site}' is not a web address; left out")
        return Entry(
            name=name,
            origin=row.origin,
            designation="social-enterprise",
            legal_form=legal_form_of(name),
            business_number=read_business_number(row, "사업자등록번호", warnings),
            area=locate(row, areas, warnings, "지역", None, "소재지"),
            address=row.get("소재지") or None,
            homepage=url,
            activity=joined(
                ("", row.get("사업내용")), ("사회서비스분야", row.get("사회서비스분야"))
            ),
            representative=row.get("대표자") or None,
            registration=RegistrationFacts(
                number=row.get("인증번호") or None,
                date=read_date(row, "인증일자", warnings),
                round=row.get("인증회차") or None,
                authority=self.authority,
                social_purpose=purpose,
            ),
        )
