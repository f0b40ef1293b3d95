"""Read a published list — CSV (UTF-8 or CP949) or XLSX — into rows keyed by its column names.

Published files often carry a title and blank lines above the header, write the same header with
different spacing (``주 업종`` / ``주업종``) and store numbers and dates as spreadsheet values.
:func:`read_published_table` finds the header row by the columns a layout requires, compares
column names without whitespace, and returns every following non-empty row as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from segraph.dataset.read import CONTROL_CHARACTERS, csv_problem
from segraph.errors import DataError, Origin, UsageError

#: How many rows at the top of a file are searched for the header.
HEADER_SEARCH_ROWS = 20

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp949")

#: Cells that lists print for "nothing here".
_BLANKS: frozenset[str] = frozenset({"", "-", "–", "—"})


@dataclass(frozen=True)
class PublishedRow:
    """One data row: its cells by normalised column name, and where it is in the file."""

    cells: dict[str, str]
    origin: Origin

    def get(self, column: str) -> str:
        """Return the cell of ``column`` (spacing in the name does not matter), or ``""``."""
        return self.cells.get(column_key(column), "")


@dataclass(frozen=True)
class PublishedTable:
    """A published list as read: its header as printed, where the header is, and the rows."""

    header: list[str]
    header_origin: Origin
    rows: list[PublishedRow]
    #: The rows under the header that are not organisations, each with why (see
    #: :func:`skip_reason`).
    skipped: list[tuple[Origin, str]] = field(default_factory=list)


def column_key(name: str) -> str:
    """Normalise a column name for comparison: whitespace (line breaks too) and parenthesised
    hints removed (``사업자등록번호 (-포함 작성)`` is ``사업자등록번호``).

    Examples
    --------
    >>> column_key("사업자등록번호 (-포함 작성)"), column_key("인증\n일자")
    ('사업자등록번호', '인증일자')
    """
    return re.sub(r"\s+", "", _HINT.sub("", name)) or re.sub(r"\s+", "", name)


_HINT = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

#: Cells that mark a row of totals: 합계, 소계, … and counts such as ``25개소``.
_TOTAL_WORDS = frozenset({"합계", "소계", "총계", "계", "누계", "총합계"})
_COUNT = re.compile(r"\d[\d,]*\s*(개|개소|개사|곳|건)")
#: How a note below a table starts: ※, *, 주), 주:, 출처, 자료.
_NOTE_START = re.compile(r"^(※|\*|주\s*[):]|출처|자료\s*:)")


def skip_reason(cells: Sequence[str]) -> str | None:
    """Why a row under the header is not an organisation (a totals or a note row), or None.

    Examples
    --------
    >>> skip_reason(["소계", "", "25개소"])
    "a totals row ('소계'), not an organisation"
    >>> skip_reason(["※ 2021.12.31. 기준", ""])
    "a note ('※ 2021.12.31. 기준'), not an organisation"
    >>> skip_reason(["서울", "행복도시락"]) is None
    True
    """
    filled = [cell for cell in cells if cell]
    for cell in filled:
        word = re.sub(r"\s+", "", cell)
        if word in _TOTAL_WORDS or _COUNT.fullmatch(word):
            return f"a totals row ('{cell}'), not an organisation"
    if filled and len(filled) <= 2 and _NOTE_START.match(filled[0]):
        return f"a note ('{filled[0][:40]}'), not an organisation"
    return None


def decode_text(data: bytes, path: Path) -> str:
    """Decode a CSV file's bytes as UTF-8 (with or without BOM) or, failing that, CP949."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(path, "the file is neither UTF-8 nor CP949 (EUC-KR) text")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean(str(value))


def _clean(text: str) -> str:
    """Trim a cell, end its inner lines with LF and drop control characters (conversion debris
    that the CSV format refuses)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text).strip()


Sheet = tuple[Path, list[tuple[int, list[str]]]]


def _csv_sheet(path: Path, data: bytes) -> Sheet:
    # newline="": only CR and LF end rows (str.splitlines would also split at U+2028, U+0085…)
    reader = csv.reader(io.StringIO(decode_text(data, path), newline=""))
    rows, line = [], 0
    try:
        for cells in reader:
            rows.append((line + 1, [_clean(cell) for cell in cells]))
            line = reader.line_num
    except csv.Error as error:
        raise DataError(Origin(path, line + 1), csv_problem(error)) from None
    return path, rows


def _xlsx_sheets(path: Path) -> list[Sheet]:
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            f"{path}: reading XLSX needs openpyxl: pip install 'segraph[xlsx]'"
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise DataError(path, f"cannot read the workbook: {error}") from None
    try:
        several = len(workbook.worksheets) > 1
        return [
            (
                Path(f"{path}#{sheet.title}") if several else path,
                [
                    (number, [_cell_text(v) for v in values])
                    for number, values in enumerate(_unmerged_rows(sheet), start=1)
                ],
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _unmerged_rows(sheet: Any) -> list[list[Any]]:
    """The sheet's cell values, row by row, each merged range's value in every cell it covers
    (a 시도 printed once for the rows below it holds for each of them: the sheet says so)."""
    rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            cells = rows[row]
            cells.extend([None] * (merged.max_col - len(cells)))
            for column in range(merged.min_col - 1, merged.max_col):
                cells[column] = value
    return rows


def read_published_table(path: str | Path, required: Sequence[str], layout: str) -> PublishedTable:
    """Read a published list and return its header and data rows.

    Parameters
    ----------
    path : a ``.csv`` (UTF-8 or CP949) or ``.xlsx`` file.
    required : the columns the layout cannot do without; the first row holding all of them
        (within the first :data:`HEADER_SEARCH_ROWS` rows) is the header. Every sheet of a
        workbook that has such a header is read (lists split by region or year), and a header
        repeated further down a sheet is skipped.
    layout : the layout's name, for error messages.

    Returns
    -------
    PublishedTable with the first header found; rows with no cell filled are left out, and rows
    of totals and notes are listed in ``skipped`` with why. In a workbook of several sheets,
    origins name the sheet: ``list.xlsx#서울:5``.
    """
    path = Path(path)
    wanted = {column_key(c) for c in required}
    header: list[str] | None = None
    header_origin = Origin(path)
    found: list[PublishedRow] = []
    skipped: list[tuple[Origin, str]] = []
    for source, rows in _sheets(path):
        keys: list[str] | None = None
        for line, cells in rows:
            cell_keys = [column_key(c) for c in cells]
            if keys is None:
                if wanted <= set(cell_keys):
                    keys = cell_keys
                    if header is None:
                        header, header_origin = cells, Origin(source, line)
                elif line >= HEADER_SEARCH_ROWS:
                    break
                continue
            if not any(cells) or cell_keys == keys:  # blank, or the header repeated
                continue
            reason = skip_reason(cells)
            if reason is not None:
                skipped.append((Origin(source, line), reason))
                continue
            values = {k: v for k, v in zip(keys, cells, strict=False) if k and v not in _BLANKS}
            found.append(PublishedRow(values, Origin(source, line)))
    if header is None:
        raise DataError(
            path,
            f"no header row with the columns of the {layout} ({', '.join(required)}) "
            f"in the first {HEADER_SEARCH_ROWS} rows; is this the right list?",
        )
    return PublishedTable(header, header_origin, found, skipped)


def _sheets(path: Path) -> list[Sheet]:
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(path, f"cannot read the file: {error.strerror}") from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path)
    if data[:2] == b"PK":
        raise DataError(path, "this is a spreadsheet, not CSV text: give it a .xlsx suffix")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise DataError(
            path, "an Excel 97-2003 (.xls) workbook is not read: save it as .xlsx or CSV first"
        )
    return [_csv_sheet(path, data)]
