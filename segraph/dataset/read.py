"""Read a dataset folder (``dataset.toml`` plus CSV files) into validated records.

The format is documented in ``docs/data-format.md``. Every problem is reported as a
:class:`~segraph.errors.DataError` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import shlex
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from segraph._util.close_match import did_you_mean
from segraph._util.inputs import note_input
from segraph._util.resources import bundled_datasets
from segraph.dataset import codes
from segraph.dataset import records as rec
from segraph.dataset.identifiers import normalise_business_number, normalise_corporate_number
from segraph.errors import DataError, Origin, Problems, UsageError, shown

log = logging.getLogger(__name__)

#: The longest cell accepted, in characters: far above any real name or note, low enough that a
#: stray quote swallowing the rest of a file is caught at once. (Python's csv module has its own
#: process-wide ``field_size_limit``, 131,072 by default; segraph leaves it alone and reports
#: cells beyond either limit as too long.)
MAX_CELL = 100_000

#: Control characters other than tab, line feed and carriage return are refused in cells: they
#: cannot be written to RDF/XML and are almost always debris of a bad conversion.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

Parser = Callable[[str], Any]

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_YEAR = re.compile(r"(19|20|21)\d\d")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(value: str) -> str:
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{shown(value)} is not a valid id; use lower-case ASCII letters, digits, '-' and "
            "'_', starting with a letter or digit"
        )
    return value


def _number(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValueError(
            f"{shown(value)} is not a number; write plain digits such as 1500000 or 12.5 "
            "(amounts in KRW, without units)"
        ) from None
    if not number.is_finite():
        raise ValueError(f"{shown(value)} is not a finite number; write plain digits")
    return number


def _year(value: str) -> int:
    if not _YEAR.fullmatch(value):
        raise ValueError(f"{shown(value)} is not a year; write four digits such as 2021")
    return int(value)


def _position(value: str) -> int:
    if not value.isdigit() or not value.isascii():
        raise ValueError(f"{shown(value)} is not a number in a list; write digits such as 3")
    return int(value)


def _date(value: str) -> str:
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{shown(value)} is not a date; write YYYY-MM-DD, e.g. 2021-06-30")


def _digits(value: str) -> str:
    if not value.isascii() or not value.isdigit() or len(value) not in (2, 5):
        raise ValueError(
            f"{shown(value)} is not an administrative code; write 5 digits for a 시군구"
            " (11440) or 2 for a 시도 (11)"
        )
    return value


def _one_of(allowed: Iterable[str]) -> Parser:
    choices = tuple(allowed)

    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(
                f"{shown(value)} is not one of: {', '.join(choices)}{did_you_mean(value, choices)}"
            )
        return value

    return parse


def _list_of(item: Parser) -> Parser:
    def parse(value: str) -> tuple[Any, ...]:
        return tuple(item(part.strip()) for part in value.split(";") if part.strip())

    return parse


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, whether a value is required, and how to parse it."""

    name: str
    required: bool = False
    parse: Parser = _text
    attr: str | None = None

    @property
    def field(self) -> str:
        """The record attribute the column fills."""
        return self.attr or self.name


@dataclass(frozen=True)
class Table:
    """One CSV file of the format and the record type its rows become."""

    filename: str
    record: type
    columns: tuple[Column, ...]
    dataset_attr: str
    key: tuple[str, ...] = ("id",)


_SOURCES = Column("source", parse=_list_of(_slug))
_NOTE = Column("note")

TABLES: tuple[Table, ...] = (
    Table(
        "sources.csv",
        rec.SourceSection,
        (Column("id", True, _slug), Column("title", True), Column("page"), _NOTE),
        "sources",
    ),
    Table(
        "districts.csv",
        rec.District,
        (
            Column("code", True, _digits),
            Column("name_ko", True),
            Column("name_en", True),
            Column("parent", parse=_digits),
            _SOURCES,
        ),
        "districts",
        key=("code",),
    ),
    Table(
        "organisations.csv",
        rec.Organisation,
        (
            Column("id", True, _slug),
            Column("name_ko", True),
            Column("name_en"),
            Column("alt_names", parse=_list_of(_text)),
            Column("kind", True, _one_of(codes.KINDS)),
            Column("legal_form", parse=_one_of(codes.LEGAL_FORMS)),
            Column("designations", parse=_list_of(_one_of(codes.DESIGNATIONS))),
            Column("district"),
            Column("district_basis", parse=_one_of(codes.DISTRICT_BASES)),
            Column("homepage"),
            Column("business_number", parse=normalise_business_number),
            Column("corporate_number", parse=normalise_corporate_number),
            Column("address"),
            Column("activity"),
            Column("representative"),
            _SOURCES,
            _NOTE,
        ),
        "organisations",
    ),
    Table(
        "registrations.csv",
        rec.Registration,
        (
            Column("organisation", True, _slug),
            Column("designation", parse=_one_of(codes.DESIGNATIONS)),
            Column("number"),
            Column("date", parse=_date),
            Column("round"),
            Column("authority"),
            Column("social_purpose", parse=_one_of(codes.SOCIAL_PURPOSES)),
            Column("status", parse=_one_of(codes.REGISTRATION_STATUSES)),
            Column("valid_from", parse=_date),
            Column("valid_until", parse=_date),
            _SOURCES,
            _NOTE,
        ),
        "registrations",
        key=("organisation", "designation", "date"),
    ),
    Table(
        "programs.csv",
        rec.Program,
        (
            Column("id", True, _slug),
            Column("name_ko", True),
            Column("name_en", True),
            Column("level", True, _one_of(codes.LEVELS)),
            Column("parent", parse=_slug),
            Column("year", parse=_year),
            Column("budget", parse=_number),
            Column("spent", parse=_number),
            Column("status", parse=_one_of(codes.PROGRAM_STATUSES)),
            _SOURCES,
            _NOTE,
        ),
        "programs",
    ),
    Table(
        "participations.csv",
        rec.Participation,
        (
            Column("organisation", True, _slug),
            Column("program", True, _slug),
            Column("role", True, _one_of(codes.ROLES)),
            Column("stage"),
            Column("project_title"),
            Column("year", parse=_year),
            _SOURCES,
            _NOTE,
        ),
        "participations",
        key=("organisation", "program", "role"),
    ),
    Table(
        "memberships.csv",
        rec.Membership,
        (
            Column("member", True, _slug),
            Column("organisation", True, _slug),
            Column("role"),
            Column("program", parse=_slug),
            _SOURCES,
            _NOTE,
        ),
        "memberships",
        key=("member", "organisation"),
    ),
    Table(
        "ties.csv",
        rec.Tie,
        (
            Column("from", True, _slug, attr="from_id"),
            Column("to", True, _slug, attr="to_id"),
            Column("type", True, _one_of(codes.TIE_TYPES)),
            Column("program", parse=_slug),
            _SOURCES,
            _NOTE,
        ),
        "ties",
        key=("type", "from_id", "to_id"),
    ),
    Table(
        "sites.csv",
        rec.Site,
        (
            Column("id", True, _slug),
            Column("name_ko", True),
            Column("name_en"),
            Column("district"),
            Column("address"),
            Column("operator", parse=_slug),
            Column("program", parse=_slug),
            _SOURCES,
            _NOTE,
        ),
        "sites",
    ),
    Table(
        "publications.csv",
        rec.Publication,
        (
            Column("id", True, _slug),
            Column("title_ko", True),
            Column("title_en"),
            Column("category"),
            Column("number", parse=_position),
            Column("publisher", parse=_slug),
            Column("program", parse=_slug),
            Column("year", parse=_year),
            _SOURCES,
            _NOTE,
        ),
        "publications",
    ),
    Table(
        "indicators.csv",
        rec.Indicator,
        (
            Column("id", True, _slug),
            Column("program", True, _slug),
            Column("name_ko", True),
            Column("name_en"),
            Column("unit"),
            Column("target", parse=_number),
            Column("actual", parse=_number),
            Column("rate", parse=_number),
            _SOURCES,
            _NOTE,
        ),
        "indicators",
    ),
    Table(
        "budget_lines.csv",
        rec.BudgetLine,
        (
            Column("id", True, _slug),
            Column("section", True, _one_of(codes.BUDGET_SECTIONS)),
            Column("category"),
            Column("name_ko", True),
            Column("name_en"),
            Column("budget", parse=_number),
            Column("actual", parse=_number),
            Column("program", parse=_slug),
            Column("kind", parse=_one_of(codes.BUDGET_LINE_KINDS)),
            _SOURCES,
            _NOTE,
        ),
        "budget_lines",
    ),
)


def read_table(
    path: Path, table: Table, dataset: str = "", problems: Problems | None = None
) -> list[Any]:
    """Read one CSV file of the format into records of ``table.record``.

    Raises :class:`DataError` for an empty file and for unknown, missing or repeated columns.
    Problems of single rows (missing values, values that do not parse, rows with too many
    cells, over-long cells, duplicate keys) go to ``problems``: raised at once by default, or
    recorded with the row skipped when ``problems`` is lenient.
    """
    problems = problems if problems is not None else Problems()
    text = _read_text(path)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = _read_header(path, table, rows)
    cells_read = _CellReader(header, table, controls=CONTROL_CHARACTERS.search(text) is not None)
    result: list[Any] = []
    seen: dict[tuple[Any, ...], Origin] = {}
    line = 1
    while True:
        line_start = line + 1
        try:
            cells = next(rows, None)
        except csv.Error as error:
            problems.add(DataError(Origin(path, line_start), csv_problem(error)))
            line = rows.line_num
            continue
        if cells is None:
            break
        line = rows.line_num
        if not "".join(cells).strip():
            continue
        origin = Origin(path, line_start, dataset)
        try:
            record = table.record(origin=origin, **cells_read(cells))
        except _CellError as error:
            row_id = cells[header.index("id")].strip() if "id" in header[: len(cells)] else ""
            problems.add(DataError(origin, error.problem, error.column), table.dataset_attr, row_id)
            continue
        key = tuple([getattr(record, attr) for attr in table.key])
        if key in seen:
            problems.add(
                DataError(
                    origin,
                    f"duplicate {'/'.join(table.key)} {'/'.join(map(str, key))} (first defined "
                    f"at line {seen[key].line}); give each row its own id or merge the two rows",
                )
            )
            continue
        seen[key] = origin
        result.append(record)
    return result


class _CellError(Exception):
    """A problem with one row, raised inside :func:`_row_values`."""

    def __init__(self, problem: str, column: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.column = column


def _read_header(path: Path, table: Table, rows: Iterable[list[str]]) -> list[str]:
    try:
        header = [name.strip() for name in next(iter(rows), [])]
    except csv.Error as error:
        raise DataError(Origin(path, 1), csv_problem(error)) from None
    if not any(header):
        raise DataError(
            Origin(path, 1),
            f"the file is empty; it needs at least the header line "
            f"({','.join(c.name for c in table.columns if c.required)})",
        )
    columns = [column.name for column in table.columns]
    unknown = [name for name in header if name and name not in columns]
    if unknown:
        hints = "".join(did_you_mean(name, columns) for name in unknown[:_LISTED])
        raise DataError(
            Origin(path, 1),
            f"unknown column(s) {_listing(unknown)}{hints}; "
            f"the columns of {table.filename} are: {', '.join(columns)}",
        )
    counts = Counter(name for name in header if name)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        raise DataError(
            Origin(path, 1), f"column(s) {_listing(repeated)} appear more than once in the header"
        )
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if missing:
        raise DataError(
            Origin(path, 1), f"missing required column(s): {', '.join(missing)}; add them"
        )
    return header


#: How many names a message lists before saying how many more there are.
_LISTED = 5


def _listing(names: list[str]) -> str:
    """Quote the first few ``names`` for a message, with the count of the rest."""
    more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    return ", ".join(shown(name) for name in names[:_LISTED]) + more


def _parser(column: Column) -> Parser | None:
    """The column's parser, or None when it keeps the text as it is."""
    return None if column.parse is _text else column.parse


class _CellReader:
    """Parses the cells of one row of a file into record attributes, or raises :class:`_CellError`.

    Made once per file: each position of the header is resolved to its column beforehand, so
    that the work per cell is only what the cell needs. Control characters are looked for in
    each cell only when the file holds one somewhere (``controls``).
    """

    def __init__(self, header: list[str], table: Table, controls: bool) -> None:
        columns = {column.name: column for column in table.columns}
        #: Per header position: (column name, record attribute, parser or None to keep the text,
        #: required), or the position's number for a column without a name.
        self.slots = [
            (name, columns[name].field, _parser(columns[name]), columns[name].required)
            if name
            else number
            for number, name in enumerate(header, start=1)
        ]
        self.required = [(column.field, column.name) for column in table.columns if column.required]
        self.controls = controls

    def __call__(self, cells: list[str]) -> dict[str, Any]:
        slots = self.slots
        if len(cells) > len(slots):
            raise _CellError(
                f"{len(cells)} cells but the header has {len(slots)} columns; quote cells that "
                'contain commas ("a, b")'
            )
        values: dict[str, Any] = {}
        for slot, cell in zip(slots, cells, strict=False):
            value = cell.strip()
            if type(slot) is int:
                if value:
                    raise _CellError(f"cell {slot} holds {shown(value)} but its column has no name")
                continue
            name, field, parse, required = slot
            if not value:
                if required:
                    raise _CellError("a value is required; fill it in", name)
                continue
            if len(value) > MAX_CELL:
                raise _CellError(
                    f"the cell has {len(value)} characters, more than the limit of {MAX_CELL}; "
                    'check for a stray quote (") that runs on over the following lines',
                    name,
                )
            if self.controls:
                control = CONTROL_CHARACTERS.search(value)
                if control:
                    raise _CellError(
                        f"the cell holds the control character U+{ord(control.group()):04X}; "
                        "remove it",
                        name,
                    )
            if parse is None:
                values[field] = value
                continue
            try:
                values[field] = parse(value)
            except ValueError as error:
                raise _CellError(str(error), name) from None
        for field, name in self.required:
            if field not in values:
                raise _CellError("a value is required; fill it in", name)
        return values


def csv_problem(error: csv.Error) -> str:
    """Word an error of Python's csv reader for users (a cell over the limit, a bad quote)."""
    if "field larger than field limit" in str(error):
        return (
            f"a cell is longer than the limit of {MAX_CELL} characters; check for a stray "
            'quote (") that runs on over the following lines'
        )
    return f"not readable as CSV ({error})"


def _read_text(path: Path) -> str:
    """Read a text file of a dataset: UTF-8 (with or without BOM), or CP949 when that is what
    it clearly is (logged as a warning); otherwise a :class:`DataError` says how to convert."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(path, f"cannot read the file: {error.strerror}") from None
    note_input(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            path,
            "the file is UTF-16 text; save it as 'CSV UTF-8' or convert it: "
            + _conversion(path, "UTF-16"),
        )
    korean = _as_cp949(data)
    if korean is not None:
        log.warning(
            "warning: %s: not UTF-8; read as CP949 (EUC-KR), the usual Korean Windows encoding. "
            "To convert it once for all: %s",
            path,
            _conversion(path, "CP949"),
        )
        return korean
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise DataError(
        Origin(path, line),
        f"not UTF-8 text (byte 0x{data[utf8_error.start]:02x}) and not Korean CP949 either; "
        f"find its encoding with 'file -i {shlex.quote(str(path))}' and convert it: "
        f"{_conversion(path, 'ENCODING')} (in Excel: Save as 'CSV UTF-8')",
    )


def _conversion(path: Path, encoding: str) -> str:
    """The shell command that converts ``path`` from ``encoding`` to UTF-8 in place."""
    source, converted = shlex.quote(str(path)), shlex.quote(f"{path}.utf8")
    return f"iconv -f {encoding} -t UTF-8 {source} > {converted} && mv {converted} {source}"


def _as_cp949(data: bytes) -> str | None:
    """Decode ``data`` as CP949 when it decodes cleanly and its non-ASCII text is mostly Hangul."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    foreign = [c for c in text if not c.isascii()]
    hangul = sum(1 for c in foreign if unicodedata.name(c, "").startswith("HANGUL"))
    return text if foreign and hangul * 2 >= len(foreign) else None


def read_dataset_info(folder: Path) -> rec.DatasetInfo:
    """Read ``dataset.toml`` of a dataset folder."""
    path = folder / "dataset.toml"
    if not path.is_file():
        inside = sorted(p.name for p in folder.iterdir() if (p / "dataset.toml").is_file())
        hint = (
            f"; the dataset folders inside it are: {', '.join(inside)} (give {folder / inside[0]})"
            if inside
            else " (see docs/data-format.md)"
        )
        raise DataError(folder, f"not a segraph dataset folder: it has no dataset.toml{hint}")
    try:
        meta = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise DataError(path, f"not valid TOML: {error}") from None
    origin = Origin(path)
    for required in ("id", "title"):
        if not isinstance(meta.get(required), str) or not meta[required].strip():
            raise DataError(origin, f"'{required}' is required (a string)")
    try:
        _slug(meta["id"])
    except ValueError as error:
        raise DataError(origin, str(error), "id") from None
    year = meta.get("year")
    if year is not None and not isinstance(year, int):
        raise DataError(origin, "'year' must be a whole number such as 2021", "year")
    known = {
        "id",
        "title",
        "title_ko",
        "year",
        "source",
        "source_url",
        "licence",
        "description",
        "area",
    }
    unknown = sorted(set(meta) - known)
    if unknown:
        raise DataError(
            origin, f"unknown key(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return rec.DatasetInfo(origin=origin, **meta)


def load_dataset(folder: str | Path, lenient: bool = False) -> rec.Dataset:
    """Load one dataset folder into a :class:`~segraph.dataset.records.Dataset`.

    Parameters
    ----------
    folder : path of a folder holding ``dataset.toml`` and the CSV files.
    lenient : skip rows with problems instead of stopping at the first; each skipped row is
        kept, as a :class:`DataError`, in the dataset's ``skipped`` list.

    Examples
    --------
    >>> from segraph import bundled_dataset
    >>> dataset = load_dataset(bundled_dataset())
    >>> dataset.info.id
    'seoul-2021'
    """
    folder = Path(folder)
    if not folder.exists():
        raise UsageError(
            f"{folder}: no such folder (bundled datasets: {', '.join(bundled_datasets())})"
        )
    if not folder.is_dir():
        raise DataError(folder, "not a folder; a dataset is a folder of CSV files")
    dataset = rec.Dataset(info=read_dataset_info(folder))
    if not (folder / "organisations.csv").is_file():
        raise DataError(folder, "the dataset has no organisations.csv (see docs/data-format.md)")
    problems = Problems(lenient)
    for table in TABLES:
        path = folder / table.filename
        if path.is_file():
            records = read_table(path, table, dataset.info.id, problems)
            setattr(dataset, table.dataset_attr, records)
    dataset.skipped = problems.skipped
    dataset.left_out = problems.left_out
    return dataset
