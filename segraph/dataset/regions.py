"""Korea's administrative areas (17 시도, 268 시군구) and their codes, for the importers.

The table is ``data/reference/admin-areas.csv`` (its source and curation are described in
``data/reference/README.md``). :class:`AdminAreas` maps the place names that published lists
print — a 시도 and a 시군구 in separate columns, or an address — to the area's code.

Examples
--------
>>> areas = admin_areas()
>>> areas.find("서울", "마포구").code
'11440'
>>> areas.find("경기도", "수원시 장안구").full_name_ko
'경기도 수원시 장안구'
>>> areas.from_address("강원도 춘천시 중앙로 1").code
'51110'
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "도")


@dataclass(frozen=True)
class AdminArea:
    """One 시도 (2-digit code) or 시군구 (5-digit code)."""

    code: str
    level: str
    name_ko: str
    full_name_ko: str
    name_en: str
    parent: str | None


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


class AdminAreas:
    """Look up administrative areas by code, by 시도 and 시군구 names, or by address.

    Parameters
    ----------
    areas : every area of the table.
    aliases : former or informal names (``"강원도"``, ``"인천광역시 남구"``) → current code.
    """

    def __init__(self, areas: list[AdminArea], aliases: dict[str, str]):
        self.by_code: dict[str, AdminArea] = {area.code: area for area in areas}
        self._sido: dict[str, str] = {}
        self._local: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._national: dict[str, list[str]] = defaultdict(list)
        for area in areas:
            if area.level == "sido":
                for name in _sido_names(area.name_ko):
                    self._sido[_key(name)] = area.code
            else:
                for name in _local_names(area.name_ko):
                    self._local[area.code[:2]][_key(name)].append(area.code)
                    self._national[_key(name)].append(area.code)
        self._renamed: dict[tuple[str, str], str] = {}
        for alias, code in aliases.items():
            if " " not in alias.strip():
                self._sido[_key(alias)] = code
        for alias, code in aliases.items():
            if " " in alias.strip():
                sido, sigungu = alias.split(None, 1)
                self._renamed[self._sido[_key(sido)], _key(sigungu)] = code

    def sido_code(self, name: str) -> str | None:
        """Return the 2-digit code of a 시도 printed in full or short form (``"경북"``)."""
        return self._sido.get(_key(name))

    def find(self, sido: str | None, sigungu: str | None) -> AdminArea | None:
        """Return the area named by a 시도 and a 시군구 (either may be empty).

        With only a 시도, the 시도 itself is returned (세종특별자치시: its single 시군구-level
        area ``36110``). A 시군구 whose 시도 is missing or unknown is found when its name is
        unique in the country. Returns None when nothing or more than one area matches.
        """
        sido = (sido or "").strip()
        sigungu = (sigungu or "").strip()
        sido_code = self.sido_code(sido) if sido else None
        if (sido_code, _key(sigungu)) in self._renamed:
            return self.by_code[self._renamed[sido_code, _key(sigungu)]]
        if sido_code == "36":  # 세종특별자치시 has a single 시군구-level area
            return self.by_code["36110"]
        if not sigungu:
            return self.by_code[sido_code] if sido_code else None
        if sido_code:
            codes = self._local[sido_code].get(_key(sigungu), [])
            if len(codes) == 1:
                return self.by_code[codes[0]]
        codes = self._national.get(_key(sigungu), [])
        if len(codes) == 1:
            return self.by_code[codes[0]]
        return None

    def from_address(self, address: str | None) -> AdminArea | None:
        """Return the most specific area an address starts with (``"서울특별시 마포구 …"``).

        Examples
        --------
        >>> admin_areas().from_address("경기도 성남시 분당구 판교역로 1").code
        '41135'
        >>> admin_areas().from_address("세종특별자치시 한누리대로 2130").code
        '36110'
        """
        tokens = (address or "").replace(",", " ").split()
        if not tokens:
            return None
        sido_code = self.sido_code(tokens[0])
        rest = tokens[1:] if sido_code else tokens
        sido = tokens[0] if sido_code else None
        for size in (2, 1):
            if len(rest) >= size:
                area = self.find(sido, " ".join(rest[:size]))
                if area is not None:
                    return area
        return self.find(sido, None) if sido else None

    def unambiguous_names(self, area: AdminArea) -> tuple[str, str]:
        """Return Korean and English names that no other area shares.

        A 시군구 whose name recurs elsewhere (중구, 강서구, 고성군) is qualified by its 시도:
        ``("부산광역시 중구", "Jung-gu, Busan")``; other areas keep their plain names.
        """
        if area.level == "sido" or len(self._national[_key(area.name_ko)]) == 1:
            return area.name_ko, area.name_en
        sido = self.by_code[area.code[:2]]
        return area.full_name_ko, f"{area.name_en}, {sido.name_en}"

    def lineage(self, code: str) -> list[AdminArea]:
        """Return the area of ``code`` and every enclosing area, innermost first."""
        chain = []
        area: AdminArea | None = self.by_code[code]
        while area is not None:
            chain.append(area)
            area = self.by_code.get(area.parent) if area.parent else None
        return chain


def _sido_names(name: str) -> set[str]:
    names = {name}
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            names.add(stem)
            if suffix != "도":
                names.add(stem + "시")
    short = {"충청북도": "충북", "충청남도": "충남", "전라남도": "전남", "경상북도": "경북"}
    short |= {"경상남도": "경남", "전북특별자치도": "전북", "강원특별자치도": "강원"}
    if name in short:
        names.add(short[name])
    return names


def _local_names(name: str) -> set[str]:
    names = {name}
    parts = name.split()
    if len(parts) == 2:
        names.add(parts[1])  # 장안구 alone (unique within its 시도 or not used)
    return names


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_file(name: str) -> Path:
    """Return the path of a bundled reference table such as ``"admin-areas.csv"``."""
    return Path(str(files("segraph.data").joinpath("reference", name)))


@cache
def admin_areas() -> AdminAreas:
    """Return the bundled table of Korea's administrative areas (read once)."""
    areas = [
        AdminArea(
            code=row["code"],
            level=row["level"],
            name_ko=row["name_ko"],
            full_name_ko=row["full_name_ko"],
            name_en=row["name_en"],
            parent=row["parent"] or None,
        )
        for row in _read_csv(reference_file("admin-areas.csv"))
    ]
    aliases = {
        row["alias"]: row["code"] for row in _read_csv(reference_file("admin-area-aliases.csv"))
    }
    return AdminAreas(areas, aliases)
