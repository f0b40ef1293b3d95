"""The administrative-area table and the name/address lookups over it."""

from __future__ import annotations

import csv

import pytest

import segraph
from segraph.dataset.regions import admin_areas, reference_file


def test_table_has_the_17_sido_and_every_sigungu_inside_one():
    areas = admin_areas()
    sido = [a for a in areas.by_code.values() if a.level == "sido"]
    assert len(sido) == 17
    sido_codes = {a.code for a in sido}
    for area in areas.by_code.values():
        if area.level == "sigungu":
            assert len(area.code) == 5 and area.code.isdigit()
            assert area.code[:2] in sido_codes
            assert area.parent in areas.by_code
            assert area.full_name_ko.startswith(areas.by_code[area.code[:2]].name_ko)


def test_codes_are_unique_in_the_file():
    with reference_file("admin-areas.csv").open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "full_name"),
    [
        ("11440", "서울특별시 마포구"),
        ("26350", "부산광역시 해운대구"),
        ("27720", "대구광역시 군위군"),
        ("29200", "광주광역시 광산구"),
        ("41135", "경기도 성남시 분당구"),
        ("50130", "제주특별자치도 서귀포시"),
        ("51110", "강원특별자치도 춘천시"),
        ("52111", "전북특별자치도 전주시 완산구"),
    ],
)
def test_known_codes(code, full_name):
    assert admin_areas().by_code[code].full_name_ko == full_name


@pytest.mark.parametrize(
    ("sido", "sigungu", "code"),
    [
        ("서울", "마포구", "11440"),
        ("서울특별시", "중구", "11140"),
        ("부산", "중구", "26110"),
        ("울산광역시", "중구", "31110"),
        ("경기", "장안구", "41111"),
        ("경기도", "광주시", "41610"),
        ("광주", "", "29"),
        ("강원도", "춘천시", "51110"),
        ("전라북도", "전주시 완산구", "52111"),
        ("경상북도", "군위군", "27720"),
        ("인천", "남구", "28177"),
        ("세종특별자치시", "", "36110"),
        ("", "해운대구", "26350"),
    ],
)
def test_find(sido, sigungu, code):
    assert admin_areas().find(sido, sigungu).code == code


def test_ambiguous_or_unknown_names_find_nothing():
    areas = admin_areas()
    assert areas.find(None, "중구") is None
    assert areas.find("서울", "해운대구구") is None
    assert areas.find("아틀란티스", "") is None


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("서울특별시 마포구 월드컵북로 400", "11440"),
        ("경기도 수원시 장안구 정자로 1", "41111"),
        ("경기 수원시 팔달구", "41115"),
        ("충청북도 청주시 상당구 상당로 1", "43111"),
        ("세종특별자치시 한누리대로 2130", "36110"),
        ("부산 해운대구 우동", "26350"),
        ("서울 어딘가", "11"),
    ],
)
def test_from_address(address, code):
    assert admin_areas().from_address(address).code == code


def test_lineage_and_unambiguous_names():
    areas = admin_areas()
    assert [a.code for a in areas.lineage("41111")] == ["41111", "41110", "41"]
    assert areas.unambiguous_names(areas.by_code["11440"]) == ("마포구", "Mapo-gu")
    assert areas.unambiguous_names(areas.by_code["26110"]) == ("부산광역시 중구", "Jung-gu, Busan")


def test_names_agree_with_the_bundled_seoul_districts():
    """The Seoul dataset's districts were curated apart from this table: both must agree."""
    areas = admin_areas()
    seoul = segraph.load_dataset(segraph.bundled_dataset()).districts
    assert len(seoul) == 25
    for district in seoul:
        area = areas.by_code[district.code]
        assert (area.name_ko, area.name_en) == (district.name_ko, district.name_en)


#: Every 시도 as lists print it in short: the 2-digit code each one names.
SHORT_SIDO = {
    "서울": "11", "부산": "26", "대구": "27", "인천": "28", "광주": "29", "대전": "30",
    "울산": "31", "세종": "36", "경기": "41", "충북": "43", "충남": "44", "전남": "46",
    "경북": "47", "경남": "48", "제주": "50", "강원": "51", "전북": "52",
}  # fmt: skip


@pytest.mark.parametrize(("short", "code"), sorted(SHORT_SIDO.items()))
def test_every_sido_is_found_by_its_short_name(short, code):
    assert admin_areas().sido_code(short) == code


def test_the_two_고성군_are_told_apart_by_their_sido_and_군위군_is_in_대구():
    areas = admin_areas()
    assert areas.find("강원", "고성군").code == "51820"
    assert areas.find("경남", "고성군").code == "48820"
    assert areas.find(None, "고성군") is None  # two of them: never guessed
    assert areas.from_address("강원도 고성군 토성면 1").code == "51820"
    assert areas.from_address("경상북도 군위군 군위읍 1").code == "27720"  # moved 2023-07-01
    assert areas.find("대구", "군위군").code == "27720"
    assert areas.find("세종", "").code == "36110"
