"""A schematic map of Seoul: one fixed anchor point per district (자치구), roughly geographic.

The anchors are the districts' approximate centres (longitude, latitude) projected onto the page:
x grows to the east, y to the south (screen coordinates), one degree of latitude is
:data:`PIXELS_PER_DEGREE` pixels and longitude is shrunk by cos(37.55°) so that distances keep
their proportions. 강서 lies west, 강동 east, 도봉/노원 north, 서초/강남 south.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PIXELS_PER_DEGREE = 8000.0
_CENTRE = (126.978, 37.566)  # 서울시청
_LONGITUDE_SHRINK = math.cos(math.radians(37.55))


@dataclass(frozen=True)
class District:
    """A Seoul district: its 5-digit administrative code, names and centre (lon, lat)."""

    code: str
    name_ko: str
    name_en: str
    lon: float
    lat: float

    @property
    def anchor(self) -> tuple[float, float]:
        """The district's point on the schematic map, in page pixels (x east, y south)."""
        x = (self.lon - _CENTRE[0]) * _LONGITUDE_SHRINK * PIXELS_PER_DEGREE
        y = (_CENTRE[1] - self.lat) * PIXELS_PER_DEGREE
        return round(x, 1), round(y, 1)


#: The 25 districts of Seoul by administrative code.
SEOUL_DISTRICTS: dict[str, District] = {
    d.code: d
    for d in (
        District("11110", "종로구", "Jongno-gu", 126.979, 37.594),
        District("11140", "중구", "Jung-gu", 126.998, 37.558),
        District("11170", "용산구", "Yongsan-gu", 126.980, 37.531),
        District("11200", "성동구", "Seongdong-gu", 127.041, 37.551),
        District("11215", "광진구", "Gwangjin-gu", 127.086, 37.546),
        District("11230", "동대문구", "Dongdaemun-gu", 127.055, 37.582),
        District("11260", "중랑구", "Jungnang-gu", 127.093, 37.598),
        District("11290", "성북구", "Seongbuk-gu", 127.018, 37.606),
        District("11305", "강북구", "Gangbuk-gu", 127.011, 37.644),
        District("11320", "도봉구", "Dobong-gu", 127.032, 37.669),
        District("11350", "노원구", "Nowon-gu", 127.075, 37.652),
        District("11380", "은평구", "Eunpyeong-gu", 126.927, 37.619),
        District("11410", "서대문구", "Seodaemun-gu", 126.938, 37.578),
        District("11440", "마포구", "Mapo-gu", 126.901, 37.560),
        District("11470", "양천구", "Yangcheon-gu", 126.856, 37.525),
        District("11500", "강서구", "Gangseo-gu", 126.822, 37.561),
        District("11530", "구로구", "Guro-gu", 126.856, 37.494),
        District("11545", "금천구", "Geumcheon-gu", 126.900, 37.460),
        District("11560", "영등포구", "Yeongdeungpo-gu", 126.910, 37.522),
        District("11590", "동작구", "Dongjak-gu", 126.951, 37.498),
        District("11620", "관악구", "Gwanak-gu", 126.945, 37.467),
        District("11650", "서초구", "Seocho-gu", 127.031, 37.473),
        District("11680", "강남구", "Gangnam-gu", 127.063, 37.496),
        District("11710", "송파구", "Songpa-gu", 127.115, 37.505),
        District("11740", "강동구", "Gangdong-gu", 127.147, 37.550),
    )
}
