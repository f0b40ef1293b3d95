"""What every published-list importer shares: the entry a row becomes and the layout contract.

A :class:`ListLayout` knows one published list: its columns (as the publisher prints them), which
of them it cannot do without, and how one row becomes an :class:`Entry` — a name, a designation,
a legal form, a business registration number, an administrative area, an address, a dated
registration. Turning entries into a dataset folder is :mod:`segraph.importers.convert`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from segraph.dataset.identifiers import business_number_check_digit, normalise_business_number
from segraph.dataset.identity import normalise_name
from segraph.dataset.regions import AdminArea, AdminAreas
from segraph.errors import Origin
from segraph.importers.tables import PublishedRow


@dataclass
class RegistrationFacts:
    """What a register says about one registration: number, date, round, authority, purpose."""

    number: str | None = None
    date: str | None = None
    round: str | None = None
    authority: str | None = None
    social_purpose: str | None = None


@dataclass
class Entry:
    """One organisation as a published list describes it.

    ``designation`` is what the list certifies (and what a registration records); ``stages``
    are further designations a row states, such as a village enterprise's 재지정 or 고도화.
    """

    name: str
    origin: Origin
    designation: str | None = None
    stages: tuple[str, ...] = ()
    legal_form: str | None = None
    business_number: str | None = None
    area: AdminArea | None = None
    address: str | None = None
    homepage: str | None = None
    activity: str | None = None
    representative: str | None = None
    registration: RegistrationFacts | None = None
    notes: list[str] = field(default_factory=list)


class Warnings(list[str]):
    """Problems in single cells that do not stop an import, each naming its file and line."""

    def add(self, origin: Origin, column: str, problem: str) -> None:
        """Record ``problem`` in ``column`` of the row at ``origin``."""
        self.append(f"{origin}: column '{column}': {problem}")


class ListLayout:
    """One published list: its columns and how a row becomes an :class:`Entry`.

    Subclasses set the class attributes and implement :meth:`entry`.
    """

    #: the name given on the command line (``segraph import KIND FILE``)
    kind: str = ""
    #: the list's title as the publisher gives it
    title: str = ""
    #: the body that publishes the list
    authority: str = ""
    #: every column of the published layout, in the publisher's order
    columns: tuple[str, ...] = ()
    #: the columns without which a row means nothing (used to find the header)
    required: tuple[str, ...] = ()
    #: prefix of the ids minted for organisations without a business registration number
    id_prefix: str = ""
    #: the column holding the organisation's name
    name_column: str = ""

    def entry(self, row: PublishedRow, areas: AdminAreas, warnings: Warnings) -> Entry | None:
        """Return the entry of ``row``, or None for a row that names no organisation."""
        raise NotImplementedError


_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?")
#: ``21.3.7``: a two-digit year, read as 20YY (the national lists begin in 2007).
_SHORT_DATE = re.compile(r"(\d{2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{1,2})\.?")
#: A time of day after a date, as spreadsheets write a date cell (``2021-03-07 00:00:00``).
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
#: Excel's serial day numbers of 1954-10-03 … 2119-01-08; day 0 is 1899-12-30.
_EXCEL_SERIALS = range(20_000, 80_000)


def parse_date(text: str) -> str:
    """Return a printed date as ``YYYY-MM-DD``.

    Accepts ``2019-12-31``, ``2019.12.31``, ``2019. 12. 31.``, ``2019/12/31``, ``20191231``,
    ``2019년 12월 31일``, a time after the date (``2019-12-31 00:00:00``), two-digit years
    (``19.12.31``: 20YY) and Excel's serial day numbers (``43830``, as a date cell reads when
    its format is lost).

    Raises
    ------
    ValueError
        When ``text`` is not such a date.

    Examples
    --------
    >>> parse_date("2019. 3. 5.")
    '2019-03-05'
    >>> parse_date("2021-03-07 00:00:00"), parse_date("21.3.7"), parse_date("44262")
    ('2021-03-07', '2021-03-07', '2021-03-07')
    """
    value = _TIME.sub("", text.strip())
    match = _DATE.fullmatch(value)
    short = _SHORT_DATE.fullmatch(value)
    serial = value.removesuffix(".0")
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif re.fullmatch(r"\d{8}", value):
        year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    elif short:
        year, month, day = (int(g) for g in short.groups())
        year += 2000
    elif serial.isdigit() and int(serial) in _EXCEL_SERIALS:
        return (date(1899, 12, 30) + timedelta(days=int(serial))).isoformat()
    else:
        raise ValueError(f"'{text}' is not a date")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is not a date") from None


def read_cell(
    row: PublishedRow, column: str, parse: Callable[[str], str], warnings: Warnings
) -> str | None:
    """Return ``parse`` of the cell in ``column``, None for an empty cell.

    A cell that ``parse`` rejects (``ValueError``) is warned, naming the line and column, and
    left out: one bad cell does not stop an import.

    Examples
    --------
    >>> row = PublishedRow({"인증일자": "2019.13.01"}, Origin("list.csv", 7))
    >>> warnings = Warnings()
    >>> read_cell(row, "인증일자", parse_date, warnings) is None
    True
    >>> warnings[0]
    "list.csv:7: column '인증일자': '2019.13.01' is not a date; left out"
    """
    text = row.get(column)
    if not text:
        return None
    try:
        return parse(text)
    except ValueError as error:
        warnings.add(row.origin, column, f"{error}; left out")
        return None


def read_business_number(row: PublishedRow, column: str, warnings: Warnings) -> str | None:
    """Return the 사업자등록번호 in ``column`` as 10 digits (see :func:`read_cell`).

    A number whose check digit does not match is kept as printed, with a warning: it is
    probably mistyped, and will then not match the organisation's other records.
    """
    number = read_cell(row, column, normalise_business_number, warnings)
    if number is not None and business_number_check_digit(number) != int(number[9]):
        warnings.add(
            row.origin, column, f"the check digit of {number} does not match (a typo?); kept"
        )
    return number


def legal_form_of(*texts: str) -> str | None:
    """Return the legal form that printed words in ``texts`` (a name, a 구분 cell) signal."""
    for text in texts:
        forms = normalise_name(text).legal_forms if text else frozenset()
        if len(forms) == 1:
            return next(iter(forms))
    return None


def joined(*parts: tuple[str, str]) -> str | None:
    """Join labelled texts as ``"label: text; …"`` (a part with an empty label is unlabelled)."""
    texts = [f"{label}: {text}" if label else text for label, text in parts if text]
    return "; ".join(texts) or None


def locate(
    row: PublishedRow,
    areas: AdminAreas,
    warnings: Warnings,
    sido_column: str | None,
    sigungu_column: str | None,
    address_column: str | None,
) -> AdminArea | None:
    """Find a row's administrative area from its 시도/시군구 cells or, failing that, its address.

    The most specific area found wins. A 시군구 that cannot be found (the row is then placed in
    its 시도 only) and place names that name no area at all are warned.
    """
    sido = row.get(sido_column) if sido_column else ""
    sigungu = row.get(sigungu_column) if sigungu_column else ""
    address = row.get(address_column) if address_column else ""
    by_name = areas.find(sido, sigungu) if (sido or sigungu) else None
    if by_name is None and sido:  # a 소재지 cell may hold "서울 마포구" rather than a 시도
        by_name = areas.from_address(f"{sido} {sigungu}")
    by_address = areas.from_address(address) if address else None
    found = by_name
    if by_address is not None and (
        by_name is None
        or by_name in areas.lineage(by_address.code)  # the address is finer
        # the address names the same 시도 as the cell, and its 시군구 has moved since (경상북도
        # 군위군 is 대구광역시 군위군, 27720, from 2023-07-01): the current area
        or (by_name.level == "sido" and areas.sido_code(address.split()[0]) == by_name.code)
    ):
        found = by_address
    if found is None and (sido or sigungu or address):
        shown = " ".join(p for p in (sido, sigungu) if p) or address
        warnings.add(
            row.origin,
            sigungu_column or sido_column or address_column or "",
            f"no administrative area named '{shown}'; the organisation is left without one",
        )
    elif found is not None and found.level == "sido" and sigungu_column and sigungu:
        warnings.add(
            row.origin,
            sigungu_column,
            f"no 시군구 '{sigungu}' in {found.name_ko}; the organisation is placed in the 시도",
        )
    return found
