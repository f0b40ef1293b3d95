"""고용노동부 사회적기업 목록: certified social enterprises (한국사회적기업진흥원 publishes it)."""

from __future__ import annotations

import re

from segraph.dataset import codes
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
    read_business_number,
    read_cell,
)
from segraph.importers.tables import PublishedRow


def _hangul(text: str) -> str:
    return re.sub(r"[^가-힣]", "", text)


#: Printed 사회적목적실현유형, Hangul letters only (spaces, dots and brackets dropped) → code.
PURPOSES: dict[str, str] = {_hangul(term): code for code, term in codes.SOCIAL_PURPOSES.items()}
PURPOSES |= {"기타": "other", "창의혁신형": "other", "기타창의혁신형": "other"}

_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+\Z")


def homepage(text: str) -> str:
    """Return a printed homepage as an absolute http(s) URL (``http://`` added when missing).

    Raises
    ------
    ValueError
        When ``text`` is not a web address.
    """
    value = text.strip()
    if not re.match(r"https?://", value, re.IGNORECASE):
        value = "http://" + value
    if not (_URL.match(value) and "." in value):
        raise ValueError(f"'{text}' is not a web address")
    return value


def social_purpose(text: str) -> str:
    """Return the concept code of a printed 사회적목적실현유형.

    Only the Hangul letters count: ``일자리 제공형`` → ``job-provision``,
    ``기타(창의․혁신형)`` → ``other``.

    Raises
    ------
    ValueError
        When ``text`` is none of the five types.
    """
    code = PURPOSES.get(_hangul(text))
    if code is None:
        known = ", ".join(codes.SOCIAL_PURPOSES.values())
        raise ValueError(f"unknown type '{text}' (known: {known})")
    return code


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
        return Entry(
            name=name,
            origin=row.origin,
            designation="social-enterprise",
            legal_form=legal_form_of(name),
            business_number=read_business_number(row, "사업자등록번호", warnings),
            area=locate(row, areas, warnings, "지역", None, "소재지"),
            address=row.get("소재지") or None,
            homepage=read_cell(row, "홈페이지", homepage, warnings),
            activity=joined(
                ("", row.get("사업내용")), ("사회서비스분야", row.get("사회서비스분야"))
            ),
            representative=row.get("대표자") or None,
            registration=RegistrationFacts(
                number=row.get("인증번호") or None,
                date=read_cell(row, "인증일자", parse_date, warnings),
                round=row.get("인증회차") or None,
                authority=self.authority,
                social_purpose=read_cell(row, "사회적목적실현유형", social_purpose, warnings),
            ),
        )
