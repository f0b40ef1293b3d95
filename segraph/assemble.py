"""Merge loaded datasets into one checked ecosystem: ids resolved, references verified.

Ids are global across datasets (see ``docs/data-format.md``): a record with an id already seen
is merged into the first one, and organisations with different ids but the same normalised name
are resolved into one (:mod:`segraph.resolve`). Every reference (organisation, program, district,
source) must point at something that exists; otherwise a :class:`DataError` names the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from segraph import records as rec
from segraph.errors import DataError, Origin
from segraph.resolve import Resolution, resolve_organisations


@dataclass
class Ecosystem:
    """Every record of the loaded datasets, merged and checked, ready to become a graph.

    ``source`` tuples of the records are qualified as ``"<dataset>/<source id>"``.
    """

    datasets: list[rec.DatasetInfo] = field(default_factory=list)
    sources: dict[str, rec.SourceSection] = field(default_factory=dict)
    districts: dict[str, rec.District] = field(default_factory=dict)
    organisations: dict[str, rec.Organisation] = field(default_factory=dict)
    programs: dict[str, rec.Program] = field(default_factory=dict)
    participations: list[rec.Participation] = field(default_factory=list)
    memberships: list[rec.Membership] = field(default_factory=list)
    ties: list[rec.Tie] = field(default_factory=list)
    sites: dict[str, rec.Site] = field(default_factory=dict)
    indicators: dict[str, rec.Indicator] = field(default_factory=dict)
    budget_lines: dict[str, rec.BudgetLine] = field(default_factory=dict)
    registrations: list[rec.Registration] = field(default_factory=list)
    resolution: Resolution = field(default_factory=Resolution)
    district_lookup: dict[str, str] = field(default_factory=dict)

    def district_code(self, reference: str) -> str | None:
        """Return the code of the district named by ``reference`` (code, ko, short ko or en)."""
        return self.district_lookup.get(_district_key(reference))


def _district_key(reference: str) -> str:
    return "".join(reference.split()).lower()


def _district_index(districts: dict[str, rec.District]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, district in districts.items():
        names = {code, district.name_ko, district.name_en}
        if district.name_ko.endswith(("구", "군", "시")) and len(district.name_ko) > 2:
            names.add(district.name_ko[:-1])
        for name in names:
            index[_district_key(name)] = code
    return index


def _qualify(record: Any) -> Any:
    dataset = record.origin.dataset
    qualified = object.__new__(type(record))  # a shallow copy, much cheaper than replace()
    qualified.__dict__.update(record.__dict__)
    qualified.source = tuple(f"{dataset}/{s}" for s in record.source)
    return qualified


def _renamed(record: Any, resolve: Resolution, *attrs: str) -> Any:
    """``record`` with the organisation ids in ``attrs`` resolved; the same object if none move."""
    changes = {a: resolve(getattr(record, a)) for a in attrs if getattr(record, a) is not None}
    if all(getattr(record, a) == v for a, v in changes.items()):
        return record
    return replace(record, **changes)


def merge_organisation(first: rec.Organisation, other: rec.Organisation) -> rec.Organisation:
    """Merge two records of one organisation: ``first`` wins for single values, names of
    ``other`` become alternative names, lists are united."""
    names = [*first.alt_names]
    for name in (other.name_ko, *other.alt_names):
        if name != first.name_ko and name not in names:
            names.append(name)
    return replace(
        first,
        name_en=first.name_en or other.name_en,
        alt_names=tuple(names),
        legal_form=first.legal_form or other.legal_form,
        designations=tuple(dict.fromkeys(first.designations + other.designations)),
        district=first.district or other.district,
        district_basis=first.district_basis if first.district else other.district_basis,
        homepage=first.homepage or other.homepage,
        business_number=first.business_number or other.business_number,
        address=first.address or other.address,
        activity=first.activity or other.activity,
        representative=first.representative or other.representative,
        source=tuple(dict.fromkeys(first.source + other.source)),
        note="; ".join(n for n in (first.note, other.note) if n) or None,
    )


def _merge_by_key(target: dict[str, Any], records: Iterable[Any], key: str) -> None:
    for record in records:
        record = _qualify(record)
        existing = target.get(getattr(record, key))
        if existing is None:
            target[getattr(record, key)] = record
        else:
            target[getattr(record, key)] = replace(
                existing, source=tuple(dict.fromkeys(existing.source + record.source))
            )


def assemble(datasets: Iterable[rec.Dataset]) -> Ecosystem:
    """Merge datasets (in order: the first one wins for single values) and check references."""
    eco = Ecosystem()
    raw_orgs: dict[str, rec.Organisation] = {}
    for dataset in datasets:
        eco.datasets.append(dataset.info)
        for source in dataset.sources:
            eco.sources[f"{dataset.info.id}/{source.id}"] = source
        _merge_by_key(eco.districts, dataset.districts, "code")
        for org in dataset.organisations:
            org = _qualify(org)
            raw_orgs[org.id] = (
                merge_organisation(raw_orgs[org.id], org) if org.id in raw_orgs else org
            )
        for program in dataset.programs:
            program = _qualify(program)
            if program.year is None:
                program = replace(program, year=dataset.info.year)
            eco.programs.setdefault(program.id, program)
        eco.participations.extend(_qualify(p) for p in dataset.participations)
        eco.memberships.extend(_qualify(m) for m in dataset.memberships)
        eco.ties.extend(_qualify(t) for t in dataset.ties)
        eco.registrations.extend(_qualify(r) for r in dataset.registrations)
        _merge_by_key(eco.sites, dataset.sites, "id")
        _merge_by_key(eco.indicators, dataset.indicators, "id")
        for line in dataset.budget_lines:
            eco.budget_lines[f"{dataset.info.id}/{line.id}"] = _qualify(line)
    eco.district_lookup = _district_index(eco.districts)
    eco.resolution = resolve_organisations(
        raw_orgs.values(),
        district_of=lambda org: eco.district_code(org.district) if org.district else None,
    )
    for org in raw_orgs.values():
        canonical = eco.resolution(org.id)
        if canonical == org.id:
            eco.organisations[org.id] = eco.organisations.get(org.id, org)
        else:
            base = eco.organisations.get(canonical, raw_orgs[canonical])
            eco.organisations[canonical] = merge_organisation(base, org)
    _resolve_references(eco)
    _check(eco)
    return eco


def _resolve_references(eco: Ecosystem) -> None:
    resolve = eco.resolution
    eco.participations = _dedupe(
        [_renamed(p, resolve, "organisation") for p in eco.participations],
        ("organisation", "program", "role"),
    )
    eco.memberships = _dedupe(
        [_renamed(m, resolve, "member", "organisation") for m in eco.memberships],
        ("member", "organisation"),
    )
    eco.ties = _dedupe(
        [_renamed(t, resolve, "from_id", "to_id") for t in eco.ties],
        ("type", "from_id", "to_id"),
    )
    eco.registrations = _dedupe(
        [_renamed(r, resolve, "organisation") for r in eco.registrations],
        ("organisation", "designation", "date"),
    )
    eco.sites = {k: _renamed(s, resolve, "operator") for k, s in eco.sites.items()}


def _dedupe(records: list[Any], key: tuple[str, ...]) -> list[Any]:
    merged: dict[tuple[Any, ...], Any] = {}
    for record in records:
        k = tuple(getattr(record, a) for a in key)
        if k in merged:
            first = merged[k]
            merged[k] = replace(first, source=tuple(dict.fromkeys(first.source + record.source)))
        else:
            merged[k] = record
    return list(merged.values())


def _require(
    kind: str, ref: str | None, known: dict[str, Any], origin: Origin, column: str
) -> None:
    if ref is not None and ref not in known:
        raise DataError(origin, f"no {kind} with id '{ref}'", column)


def _check(eco: Ecosystem) -> None:
    orgs, programs = eco.organisations, eco.programs
    canonical = {**orgs, **{alias: orgs[c] for alias, c in eco.resolution.canonical.items()}}
    for record in _all_records(eco):
        for source in record.source:
            if source not in eco.sources:
                raise DataError(
                    record.origin,
                    f"no source with id '{source.split('/', 1)[1]}' in sources.csv",
                    "source",
                )
    for org in orgs.values():
        _check_district(eco, org.district, org.origin)
        if org.district and not org.district_basis:
            raise DataError(
                org.origin,
                "say how the district is known: 'stated' or 'inferred-from-name'",
                "district_basis",
            )
    for program in programs.values():
        _require("program", program.parent, programs, program.origin, "parent")
        _check_no_cycle(program, programs)
    for p in eco.participations:
        _require("organisation", p.organisation, canonical, p.origin, "organisation")
        _require("program", p.program, programs, p.origin, "program")
    for m in eco.memberships:
        _require("organisation", m.member, canonical, m.origin, "member")
        _require("organisation", m.organisation, canonical, m.origin, "organisation")
        _require("program", m.program, programs, m.origin, "program")
        if m.member == m.organisation:
            raise DataError(m.origin, "an organisation cannot be a member of itself", "member")
    for t in eco.ties:
        _require("organisation", t.from_id, canonical, t.origin, "from")
        _require("organisation", t.to_id, canonical, t.origin, "to")
        _require("program", t.program, programs, t.origin, "program")
        if t.from_id == t.to_id:
            raise DataError(t.origin, "a tie needs two different organisations", "to")
    for r in eco.registrations:
        _require("organisation", r.organisation, canonical, r.origin, "organisation")
    for site in eco.sites.values():
        _check_district(eco, site.district, site.origin)
        _require("organisation", site.operator, canonical, site.origin, "operator")
        _require("program", site.program, programs, site.origin, "program")
    for indicator in eco.indicators.values():
        _require("program", indicator.program, programs, indicator.origin, "program")
    for line in eco.budget_lines.values():
        _require("program", line.program, programs, line.origin, "program")


def _all_records(eco: Ecosystem) -> Iterable[Any]:
    yield from eco.districts.values()
    yield from eco.organisations.values()
    yield from eco.programs.values()
    yield from eco.participations
    yield from eco.memberships
    yield from eco.ties
    yield from eco.sites.values()
    yield from eco.indicators.values()
    yield from eco.budget_lines.values()
    yield from eco.registrations


def _check_district(eco: Ecosystem, reference: str | None, origin: Origin) -> None:
    if reference and eco.district_code(reference) is None:
        raise DataError(
            origin,
            f"unknown district '{reference}' (give a code, Korean or English name from "
            "districts.csv)",
            "district",
        )


def _check_no_cycle(program: rec.Program, programs: dict[str, rec.Program]) -> None:
    seen = {program.id}
    parent = program.parent
    while parent is not None and parent in programs:
        if parent in seen:
            raise DataError(
                program.origin, f"program hierarchy has a cycle through '{parent}'", "parent"
            )
        seen.add(parent)
        parent = programs[parent].parent
