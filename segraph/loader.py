"""Read a dataset folder (``dataset.toml`` plus CSV files) into validated records.

The format is documented in ``docs/data-format.md``. Every problem is reported as a
:class:`~segraph.errors.DataError` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from segraph import records as rec
from segraph import vocab
from segraph.errors import DataError, Origin
from segraph.identifiers import normalise_business_number

Parser = Callable[[str], Any]

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


def _text(value: str) -> str:
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id (use lower-case ASCII letters, digits, '-' and '_')"
        )
    return value


def _number(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a finite number")
    return number


def _year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(f"'{value}' is not a year (four digits, e.g. 2021)")
    return int(value)


def _date(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD, e.g. 2021-06-30)")


def _digits(value: str) -> str:
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"'{value}' is not an administrative code (digits only, e.g. 11440)")
    return value


def _one_of(allowed: Iterable[str]) -> Parser:
    choices = tuple(allowed)

    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"'{value}' is not one of: {', '.join(choices)}")
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
            Column("kind", True, _one_of(vocab.KIND_CLASSES)),
            Column("legal_form", parse=_one_of(vocab.LEGAL_FORMS)),
            Column("designations", parse=_list_of(_one_of(vocab.DESIGNATIONS))),
            Column("district"),
            Column("district_basis", parse=_one_of(vocab.DISTRICT_BASES)),
            Column("homepage"),
            Column("business_number", parse=normalise_business_number),
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
            Column("designation", parse=_one_of(vocab.DESIGNATIONS)),
            Column("number"),
            Column("date", parse=_date),
            Column("round"),
            Column("authority"),
            Column("social_purpose", parse=_one_of(vocab.SOCIAL_PURPOSES)),
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
            Column("level", True, _one_of(vocab.LEVEL_CLASSES)),
            Column("parent", parse=_slug),
            Column("year", parse=_year),
            Column("budget", parse=_number),
            Column("spent", parse=_number),
            Column("status", parse=_one_of(vocab.PROGRAM_STATUSES)),
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
            Column("role", True, _one_of(vocab.ROLES)),
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
            Column("type", True, _one_of(vocab.TIE_PROPERTIES)),
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
            Column("section", True, _one_of(vocab.BUDGET_SECTIONS)),
            Column("category"),
            Column("name_ko", True),
            Column("name_en"),
            Column("budget", parse=_number),
            Column("actual", parse=_number),
            Column("program", parse=_slug),
            Column("kind", parse=_one_of(vocab.BUDGET_LINE_KINDS)),
            _SOURCES,
            _NOTE,
        ),
        "budget_lines",
    ),
)


def read_table(path: Path, table: Table, dataset: str = "") -> list[Any]:
    """Read one CSV file of the format into records of ``table.record``.

    Raises :class:`DataError` for unknown or missing columns, missing values, values that do not
    parse, rows with too many cells and duplicate keys.
    """
    text = _read_text(path)
    rows = csv.reader(text.splitlines(keepends=True))
    try:
        header = [name.strip() for name in next(rows)]
    except StopIteration:
        raise DataError(Origin(path, 1), "the file is empty; it needs at least a header") from None
    columns = {column.name: column for column in table.columns}
    unknown = [name for name in header if name not in columns]
    if unknown:
        raise DataError(
            Origin(path, 1),
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}; "
            f"the columns of {table.filename} are: {', '.join(columns)}",
        )
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if missing:
        raise DataError(Origin(path, 1), f"missing required column(s): {', '.join(missing)}")
    result: list[Any] = []
    seen: dict[tuple[Any, ...], Origin] = {}
    line = 1
    for cells in rows:
        line_start = line + 1
        line = rows.line_num
        if not any(cell.strip() for cell in cells):
            continue
        origin = Origin(path, line_start, dataset)
        if len(cells) > len(header):
            raise DataError(origin, f"{len(cells)} cells but the header has {len(header)} columns")
        values: dict[str, Any] = {}
        for name, cell in zip(header, cells, strict=False):
            column = columns[name]
            value = cell.strip()
            if not value:
                if column.required:
                    raise DataError(origin, "a value is required", name)
                continue
            try:
                values[column.field] = column.parse(value)
            except ValueError as error:
                raise DataError(origin, str(error), name) from None
        for column in table.columns:
            if column.required and column.field not in values:
                raise DataError(origin, "a value is required", column.name)
        record = table.record(origin=origin, **values)
        key = tuple(getattr(record, attr) for attr in table.key)
        if key in seen:
            raise DataError(
                origin,
                f"duplicate {'/'.join(table.key)} {'/'.join(map(str, key))} "
                f"(first defined at line {seen[key].line})",
            )
        seen[key] = origin
        result.append(record)
    return result


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(path, f"cannot read the file: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            path,
            f"not UTF-8 (byte {error.start}); convert it, e.g. "
            f"'iconv -f CP949 -t UTF-8 {path.name} > utf8.csv'",
        ) from None


def read_dataset_info(folder: Path) -> rec.DatasetInfo:
    """Read ``dataset.toml`` of a dataset folder."""
    path = folder / "dataset.toml"
    if not path.is_file():
        raise DataError(
            folder, "not a segraph dataset folder: it has no dataset.toml (see docs/data-format.md)"
        )
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
    known = {"id", "title", "title_ko", "year", "source", "source_url", "licence", "description"}
    unknown = sorted(set(meta) - known)
    if unknown:
        raise DataError(
            origin, f"unknown key(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return rec.DatasetInfo(origin=origin, **meta)


def load_dataset(folder: str | Path) -> rec.Dataset:
    """Load one dataset folder into a :class:`~segraph.records.Dataset`.

    Parameters
    ----------
    folder : path of a folder holding ``dataset.toml`` and the CSV files.

    Examples
    --------
    >>> from segraph import bundled_dataset
    >>> dataset = load_dataset(bundled_dataset())
    >>> dataset.info.id
    'seoul-2021'
    """
    folder = Path(folder)
    if not folder.exists():
        raise DataError(folder, "no such folder")
    if not folder.is_dir():
        raise DataError(folder, "not a folder (a dataset is a folder of CSV files)")
    dataset = rec.Dataset(info=read_dataset_info(folder))
    if not (folder / "organisations.csv").is_file():
        raise DataError(folder, "the dataset has no organisations.csv")
    for table in TABLES:
        path = folder / table.filename
        if path.is_file():
            records = read_table(path, table, dataset.info.id)
            setattr(dataset, table.dataset_attr, records)
    return dataset
