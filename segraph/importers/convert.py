"""Turn a published list into a dataset folder in the segraph CSV format.

:func:`import_list` reads the list, finds each organisation's administrative area, folds rows of
one organisation together, matches them against the organisations of ``merge_with`` folders
(so that the new folder adds designations and registrations to them under their ids) and
returns the records; :func:`write_dataset` writes them as ``dataset.toml`` plus CSV files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from segraph._util.atomic import atomic_folder, write_text_atomic
from segraph._util.inputs import reading_earlier_output
from segraph.dataset import records as rec
from segraph.dataset.assemble import merge_organisation
from segraph.dataset.identity import normalise_name
from segraph.dataset.load import load_ecosystem
from segraph.dataset.read import TABLES, Table, read_dataset_info
from segraph.dataset.regions import AdminAreas, admin_areas
from segraph.errors import Origin, UsageError
from segraph.importers.base import Entry, ListLayout, Warnings
from segraph.importers.layouts import LAYOUTS
from segraph.importers.matching import Match, OrganisationIndex
from segraph.importers.tables import column_key, read_published_table

SOURCE_ID = "list"


@dataclass
class ImportResult:
    """The records an import produced and what happened on the way."""

    dataset: rec.Dataset
    rows: int = 0
    warnings: Warnings = field(default_factory=Warnings)
    folded: int = 0
    merged_by_number: int = 0
    merged_by_name: int = 0
    near_misses: int = 0
    #: Rows of the list that are not organisations (totals, notes, rows without a name), each
    #: with where and why.
    skipped: list[tuple[Origin, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line: rows read, what they became, merges and warnings."""
        dataset = self.dataset
        return (
            f"{self.rows} rows → {len(dataset.organisations)} organisations, "
            f"{len(dataset.registrations)} registrations, "
            f"{len(dataset.districts)} administrative areas; "
            f"matched to existing organisations: {self.merged_by_number} by business number, "
            f"{self.merged_by_name} by name; kept apart from a known one of the same name: "
            f"{self.near_misses}; "
            f"rows folded into an earlier row of the list: {self.folded}; "
            f"rows skipped (totals, notes, no name): {len(self.skipped)}; "
            f"warnings: {len(self.warnings)}"
        )


def _minted_id(layout: ListLayout, entry: Entry, taken: set[str]) -> str:
    if entry.business_number:
        base = f"brn-{entry.business_number}"
    else:
        key = f"{normalise_name(entry.name).core}|{entry.area.code if entry.area else ''}"
        base = f"{layout.id_prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _organisation(
    entry: Entry, org_id: str, kind: str, include_representatives: bool
) -> rec.Organisation:
    return rec.Organisation(
        id=org_id,
        name_ko=entry.name,
        kind=kind,
        origin=entry.origin,
        legal_form=entry.legal_form,
        designations=tuple(d for d in (entry.designation, *entry.stages) if d),
        district=entry.area.code if entry.area else None,
        district_basis="stated" if entry.area else None,
        homepage=entry.homepage,
        business_number=entry.business_number,
        address=entry.address,
        activity=entry.activity,
        representative=entry.representative if include_representatives else None,
        source=(SOURCE_ID,),
        note="; ".join(entry.notes) or None,
    )


def _registration(entry: Entry, org_id: str) -> rec.Registration | None:
    facts = entry.registration
    if facts is None:
        return None
    return rec.Registration(
        organisation=org_id,
        origin=entry.origin,
        designation=entry.designation,
        number=facts.number,
        date=facts.date,
        round=facts.round,
        authority=facts.authority,
        social_purpose=facts.social_purpose,
        source=(SOURCE_ID,),
    )


def _known_index(
    areas: AdminAreas, merge_with: Sequence[str | Path]
) -> tuple[OrganisationIndex, dict[str, str]]:
    index = OrganisationIndex(areas)
    kinds: dict[str, str] = {}
    if not merge_with:
        return index, kinds
    eco = load_ecosystem(list(merge_with))
    for org in eco.organisations.values():
        area = eco.area_of(org)
        index.add(org.id, (org.name_ko, *org.alt_names), org.legal_form, org.business_number, area)
        kinds[org.id] = org.kind
    return index, kinds


def import_list(
    kind: str,
    path: str | Path,
    merge_with: Sequence[str | Path] = (),
    include_representatives: bool = False,
    dataset_id: str | None = None,
) -> ImportResult:
    """Read a published list and return its organisations as segraph records.

    Parameters
    ----------
    kind : the list's layout, a key of :data:`segraph.importers.layouts.LAYOUTS`.
    path : the list as published: ``.csv`` (UTF-8 or CP949) or ``.xlsx``.
    merge_with : dataset folders whose organisations imported rows are matched against (by
        사업자등록번호, else by normalised name within compatible areas); a matched row keeps
        the existing organisation's id and kind.
    include_representatives : keep the 대표자 column (personal data; left out by default).
    dataset_id : id of the new dataset (default: ``kind``).

    Returns
    -------
    ImportResult whose ``dataset`` holds organisations, registrations, districts and one source.
    """
    if kind not in LAYOUTS:
        raise UsageError(f"unknown list '{kind}' (choose one of: {', '.join(LAYOUTS)})")
    if dataset_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", dataset_id):
        raise UsageError(
            f"'{dataset_id}' is not a valid dataset id (lower-case ASCII letters, digits, '-', '_')"
        )
    layout = LAYOUTS[kind]
    path = Path(path)
    areas = admin_areas()
    table = read_published_table(path, layout.required, layout.title)
    index, kinds = _known_index(areas, merge_with)
    existing = set(index.ids)
    info = rec.DatasetInfo(
        id=dataset_id or layout.kind,
        title=f"{layout.title} ({path.name})",
        origin=Origin(path),
        title_ko=layout.title,
        source=layout.title,
        description=f"Imported by segraph ('segraph import {layout.kind}') from {path.name}.",
    )
    result = ImportResult(dataset=rec.Dataset(info=info), skipped=list(table.skipped))
    printed = {column_key(c) for c in table.header}
    for column in layout.columns:
        if column_key(column) not in printed:
            result.warnings.add(
                table.header_origin,
                column,
                "missing from the header (the published layout has it); its facts are left out",
            )
    organisations: dict[str, rec.Organisation] = {}
    registrations: dict[tuple[Any, ...], rec.Registration] = {}
    for row in table.rows:
        entry = layout.entry(row, areas, result.warnings)
        if entry is None:
            result.skipped.append((row.origin, f"no name in the column '{layout.name_column}'"))
            continue
        result.rows += 1
        area = entry.area.code if entry.area else None
        found = index.match(entry.name, entry.legal_form, entry.business_number, area)
        if isinstance(found, list):
            result.warnings.add(
                entry.origin,
                layout.name_column,
                f"'{entry.name}' matches several organisations by name ({', '.join(found)}); "
                "kept apart",
            )
        if isinstance(found, Match):
            org_id = found.id
            if org_id in organisations:
                result.folded += 1
            elif org_id in existing:
                result.merged_by_number += found.by == "number"
                result.merged_by_name += found.by == "name"
        else:
            org_id = _minted_id(layout, entry, index.ids)
            for other, reason in index.near_misses(
                entry.name, entry.legal_form, entry.business_number, area
            ):
                if other in existing:
                    result.near_misses += 1
                    result.warnings.add(
                        entry.origin,
                        layout.name_column,
                        f"'{entry.name}' reads like the known organisation '{other}' but is kept "
                        f"apart ({reason}); give both the same business number to merge them",
                    )
        index.add(org_id, (entry.name,), entry.legal_form, entry.business_number, area, True)
        record = _organisation(
            entry, org_id, kinds.get(org_id, "enterprise"), include_representatives
        )
        organisations[org_id] = (
            merge_organisation(organisations[org_id], record) if org_id in organisations else record
        )
        registration = _registration(entry, org_id)
        if registration is None:
            continue
        key = (org_id, registration.designation, registration.date)
        if key in registrations:
            result.warnings.add(
                entry.origin,
                layout.name_column,
                f"the same registration as line {registrations[key].origin.line}; left out",
            )
        else:
            registrations[key] = registration
    dataset = result.dataset
    dataset.organisations = sorted(organisations.values(), key=lambda o: o.id)
    dataset.registrations = sorted(
        registrations.values(), key=lambda r: (r.organisation, r.designation or "", r.date or "")
    )
    dataset.districts = _districts(
        areas, {o.district for o in organisations.values() if o.district}
    )
    dataset.sources = [rec.SourceSection(id=SOURCE_ID, title=info.title, origin=Origin(path))]
    return result


def _districts(areas: AdminAreas, codes: set[str]) -> list[rec.District]:
    wanted = {area.code: area for code in codes for area in areas.lineage(code)}
    districts = []
    for code, area in sorted(wanted.items()):
        name_ko, name_en = areas.unambiguous_names(area)
        districts.append(
            rec.District(
                code=code,
                name_ko=name_ko,
                name_en=name_en,
                origin=Origin(Path("admin-areas.csv")),
                parent=area.parent,
                source=(SOURCE_ID,),
            )
        )
    return districts


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _table_csv(table: Table, records: Sequence[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in table.columns])
    for record in records:
        writer.writerow([_cell(getattr(record, column.field)) for column in table.columns])
    return buffer.getvalue()


def _check_replaceable(folder: Path, dataset_id: str) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    ours = {"dataset.toml", *(table.filename for table in TABLES)}
    foreign = sorted(p.name for p in folder.iterdir() if p.name not in ours)
    if foreign:
        raise UsageError(
            f"{folder}: holds files that are not part of a dataset ({', '.join(foreign[:3])}); "
            "choose an empty or new folder"
        )
    if any(folder.iterdir()):
        with reading_earlier_output():
            existing = read_dataset_info(folder).id
        if existing != dataset_id:
            raise UsageError(
                f"{folder}: holds the dataset '{existing}', not an earlier '{dataset_id}'; "
                "choose a new folder"
            )


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_dataset(dataset: rec.Dataset, folder: str | Path) -> list[Path]:
    """Write ``dataset`` as a dataset folder (``dataset.toml`` and one CSV per non-empty table).

    The folder is created when missing and replaced as a whole
    (:func:`segraph._util.atomic.atomic_folder`): a failed or interrupted write leaves the previous
    version complete. An existing folder is
    replaced only when it holds an earlier version of the same dataset (the same ``id`` in its
    ``dataset.toml``), so table files the new version has no records for disappear. A folder
    holding another dataset, or files that are not a dataset's, is refused, so that an import
    never overwrites data it did not write.

    Returns
    -------
    The paths written, sorted.
    """
    folder = Path(folder)
    _check_replaceable(folder, dataset.info.id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    info = dataset.info
    lines = [f"id = {_toml_string(info.id)}", f"title = {_toml_string(info.title)}"]
    for key in ("title_ko", "source", "source_url", "licence", "description"):
        value = getattr(info, key)
        if value:
            lines.append(f"{key} = {_toml_string(value)}")
    if info.year:
        lines.append(f"year = {info.year}")
    files = {"dataset.toml": "\n".join(lines) + "\n"}
    for table in TABLES:
        records = getattr(dataset, table.dataset_attr)
        if records or table.dataset_attr == "organisations":  # a dataset needs this file
            files[table.filename] = _table_csv(table, records)
    with atomic_folder(folder) as staging:
        for name, text in files.items():
            write_text_atomic(staging / name, text)
    return sorted(folder / name for name in files)
