"""The four national lists as published files really are: a title above the header, header
cells with hints and line breaks, totals and note rows, 시도 cells merged over several rows,
business numbers and dates written as spreadsheet values, 시군구 that have moved; in XLSX,
CP949 CSV and UTF-8 CSV with a byte-order mark."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from segraph.dataset.identifiers import business_number_check_digit
from segraph.importers import import_list, write_dataset
from segraph.rdf.build import build_graph
from segraph.rdf.serialize import serialize_graph


def number(first_nine: str) -> str:
    """A business registration number with its right check digit."""
    return first_nine + str(business_number_check_digit(first_nine + "0"))


DOSIRAK = [number("601811234"), number("501811234"), number("121811234")]
FORMATS = ("xlsx", "cp949", "utf-8-sig")

#: Each list: its title, its header as printed, its data rows (None: the 시도 cell is merged
#: with the row above in the XLSX, empty in CSV) and the rows under them that are not
#: organisations.
LISTS: dict[str, dict[str, Any]] = {
    "village-enterprises": {
        "title": "전국 마을기업 현황 (2021.12.31. 기준)",
        "header": [
            "연번",
            "시도",
            "시군구",
            "소재지",
            "마을기업명",
            "유형",
            "주 업종",
            "주 생산품 또는\n서비스명",
            "사업내용",
            "사업자등록번호 (-포함 작성)",
        ],
        "rows": [
            [
                "1",
                "부산",
                "금정구",
                "부산광역시 금정구 부산대학로 1",
                "행복도시락",
                "신규",
                "식품",
                "도시락",
                "",
                f"{DOSIRAK[0]}.0",
            ],
            [
                "2",
                "대구",
                "중구",
                "대구광역시 중구 동덕로 1",
                "행복도시락",
                "재지정",
                "식품",
                "도시락",
                "",
                DOSIRAK[1],
            ],
            [
                "3",
                "인천",
                "남동구",
                "인천광역시 남동구 정각로 1",
                "행복도시락",
                "예비",
                "식품",
                "도시락",
                "",
                f"{DOSIRAK[2][:3]}-{DOSIRAK[2][3:5]}-{DOSIRAK[2][5:]}",
            ],
            # 시도 merged with the 인천 row above; no address: only the merge says which 중구
            ["4", None, "중구", "", "인천항마을", "신규", "수산", "", "", ""],
            [
                "4",
                "경북",
                "군위군",
                "경상북도 군위군 군위읍 중앙길 1",
                "군위마을",
                "신규",
                "농업",
                "사과",
                "",
                "",
            ],
            [
                "5",
                None,
                "포항시 남구",
                "경상북도 포항시 남구 1",
                "바다마을",
                "신규",
                "수산",
                "",
                "",
                "",
            ],
            ["", "소계", "", "", "204개", "", "", "", "", ""],
        ],
        "after": [["※ 시도 제출 자료 기준", "", ""]],
        "districts": {
            "행복도시락": ["26410", "27110", "28200"],
            "군위마을": ["27720"],
            "바다마을": ["47111"],
            "인천항마을": ["28110"],
        },
    },
    "social-enterprises": {
        "title": "고용노동부 사회적기업 인증 현황",
        "header": [
            "지역",
            "인증번호",
            "기관명",
            "사업내용",
            "사회적목적\n실현유형",
            "사회서비스분야",
            "사업자등록번호",
            "대표자",
            "소재지",
            "홈페이지",
            "인증일자",
            "인증회차",
        ],
        "rows": [
            [
                "서울",
                "2021-001",
                "(주)새싹",
                "교육",
                "일자리제공형",
                "교육",
                f"{number('214861234')}.0",
                "",
                "서울특별시 마포구 월드컵로 1",
                "",
                "2021-03-07 00:00:00",
                "1",
            ],
            [
                "서울",
                "2021-002",
                "돌봄나무",
                "돌봄",
                "사회서비스제공형",
                "돌봄",
                number("105812345"),
                "",
                "서울특별시 은평구 통일로 1",
                "",
                "44262",
                "1",
            ],
            ["합계", "", "", "", "", "", "", "", "", "", "", "25개소"],
        ],
        "after": [],
        "districts": {"(주)새싹": ["11440"], "돌봄나무": ["11380"]},
    },
    "self-sufficiency-enterprises": {
        "title": "전국자활기업현황",
        "header": [
            "순번",
            "시도",
            "시군구",
            "자활기업",
            "자활기업\n구분",
            "대표자명",
            "업종",
            "사업자\n구분",
            "주소",
        ],
        "rows": [
            [
                "1",
                "대구",
                "군위군",
                "군위자활",
                "일반",
                "",
                "청소",
                "개인",
                "대구광역시 군위군 군위읍 1",
            ],
            ["2", None, "수성구", "수성자활", "광역", "", "돌봄", "법인", "대구광역시 수성구 1"],
            ["계", "", "", "", "", "", "", "", ""],
        ],
        "after": [["주) 2021년 12월 말 기준", ""]],
        "districts": {"군위자활": ["27720"], "수성자활": ["27260"]},
    },
    "social-cooperatives": {
        "title": "사회적협동조합 설립현황",
        "header": ["구분", "협동조합명", "대표자", "업종", "유형", "소재지", "수리인가일", "주소"],
        "rows": [
            [
                "사회적협동조합",
                "사회적협동조합 이음",
                "",
                "교육",
                "지역사업형",
                "서울",
                "21.3.7",
                "서울특별시 성북구 1",
            ],
            [
                "사회적협동조합연합회",
                "사회적협동조합연합회 모음",
                "",
                "기타",
                "기타",
                "서울",
                "2021-03-08 00:00:00",
                "서울특별시 중구 1",
            ],
            ["합계", "2개", "", "", "", "", "", ""],
        ],
        "after": [["출처: 기획재정부", ""]],
        "districts": {"사회적협동조합 이음": ["11290"], "사회적협동조합연합회 모음": ["11140"]},
    },
}


def write_list(folder: Path, kind: str, fmt: str) -> Path:
    spec = LISTS[kind]
    width = len(spec["header"])
    lines = [[spec["title"]], [], spec["header"], *spec["rows"], [], *spec["after"]]
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        for line in lines:
            sheet.append([_xlsx_value(v) for v in line] + [None] * (width - len(line)))
        sido = spec["header"].index("시도") + 1 if "시도" in spec["header"] else None
        for row, line in enumerate(lines, start=1):
            if sido and len(line) >= sido and line[sido - 1] is None:  # merged with the row above
                sheet.merge_cells(
                    start_row=row - 1, start_column=sido, end_row=row, end_column=sido
                )
        path = folder / f"{kind}.xlsx"
        book.save(path)
        return path
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[_csv_value(v, line, spec) for v in line] for line in lines]
    )
    path = folder / f"{kind}-{fmt}.csv"
    path.write_bytes(buffer.getvalue().encode(fmt))
    return path


def _xlsx_value(value: str | None) -> Any:
    """As a spreadsheet holds it: dates as dates, numbers as numbers."""
    if value and value.endswith(" 00:00:00"):
        return datetime.fromisoformat(value)
    if value and value.endswith(".0") and value[:-2].isdigit():
        return float(value)
    return value


def _csv_value(value: str | None, line: list[str | None], spec: dict[str, Any]) -> str:
    if value is None:  # a merged 시도 cell exported to CSV: repeated, as Excel writes it
        above = spec["rows"][spec["rows"].index(line) - 1]
        return str(above[spec["header"].index("시도")])
    return value


@pytest.mark.parametrize(("kind", "fmt"), list(itertools.product(LISTS, FORMATS)))
def test_a_messy_published_list_imports_every_organisation_and_nothing_else(
    tmp_path: Path, kind: str, fmt: str
) -> None:
    spec = LISTS[kind]
    result = import_list(kind, write_list(tmp_path, kind, fmt))
    expected = {name: codes for name, codes in spec["districts"].items()}
    found: dict[str, list[str]] = {}
    for org in result.dataset.organisations:
        found.setdefault(org.name_ko, []).append(org.district)
    assert {name: sorted(codes) for name, codes in found.items()} == expected
    skipped = [reason for _, reason in result.skipped]
    assert len(skipped) == 1 + len(spec["after"]), skipped
    assert any("totals row" in reason for reason in skipped)
    assert all(not w.startswith("missing") and "is not a date" not in w for w in result.warnings)
    numbers = {o.name_ko: o.business_number for o in result.dataset.organisations}
    for row in spec["rows"]:
        if kind == "social-enterprises" and row[2] in numbers:
            assert numbers[row[2]] == row[6].removesuffix(".0")
    dates = sorted(r.date for r in result.dataset.registrations if r.date)
    if kind == "social-enterprises":
        assert dates == ["2021-03-07", "2021-03-07"]
    if kind == "social-cooperatives":
        assert dates == ["2021-03-07", "2021-03-08"]
        forms = {o.name_ko: o.legal_form for o in result.dataset.organisations}
        assert forms["사회적협동조합연합회 모음"] == "cooperative-federation"
        assert all(r.authority is None for r in result.dataset.registrations)


def test_same_names_elsewhere_are_never_merged_with_the_bundled_seoul_record(
    tmp_path: Path,
) -> None:
    path = write_list(tmp_path, "village-enterprises", "xlsx")
    result = import_list("village-enterprises", path, merge_with=["seoul-2021"])
    dosirak = [o for o in result.dataset.organisations if o.name_ko == "행복도시락"]
    assert sorted(o.business_number for o in dosirak) == sorted(DOSIRAK)
    assert all(o.id != "happy-dosirak" for o in dosirak)
    assert result.near_misses == 3  # each reads like the Seoul 행복도시락, in another 시도
    folder = tmp_path / "imported"
    write_dataset(result.dataset, folder)
    graphs = [
        sorted(serialize_graph(build_graph(list(order)), "nt").splitlines())
        for order in ([folder, "seoul-2021"], ["seoul-2021", folder])
    ]
    assert graphs[0] == graphs[1]
    happy = [line for line in graphs[0] if b"/org/happy-dosirak>" in line.split(b" ")[0]]
    assert not any(b"locatedIn" in line for line in happy)  # still where the report put it
