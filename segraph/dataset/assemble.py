"""Merge loaded datasets into one checked ecosystem: ids resolved, references verified.

Ids are global across datasets (see ``docs/data-format.md``): a record with an id already seen is
merged into the first one, and organisations with different ids that are one organisation (the
same business registration number, or the same normalised name where nothing contradicts it) are
resolved into one (:mod:`segraph.dataset.identity`). Every reference (organisation, program,
district, source) must point at something that exists; otherwise a :class:`DataError` names the line
and suggests close matches. When assembling leniently, such records are left out instead (and so are
the records that then point at nothing), each noted in ``Ecosystem.skipped``.

The result depends neither on the order of rows within a file nor on the order the datasets are
given in: datasets are taken in order of year, then id, a district name is looked up first among the
districts of the record's own dataset, and where merged records disagree on a single value the
first dataset's is the value and every value is kept, with its sources, in
``Ecosystem.conflicts`` (:mod:`segraph.dataset.conflicts`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from segraph._util.close_match import did_you_mean
from segraph.dataset import records as rec
from segraph.dataset.conflicts import Conflicts
from segraph.dataset.identity import Resolution, registered_numbers, resolve_organisations
from segraph.errors import DataError, Origin, Problems


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
    publications: dict[str, rec.Publication] = field(default_factory=dict)
    indicators: dict[str, rec.Indicator] = field(default_factory=dict)
    budget_lines: dict[str, rec.BudgetLine] = field(default_factory=dict)
    registrations: list[rec.Registration] = field(default_factory=list)
    resolution: Resolution = field(default_factory=Resolution)
    district_lookup: dict[str, str] = field(default_factory=dict)
    #: Single values merged records disagree on, every value with its sources.
    conflicts: Conflicts = field(default_factory=Conflicts)
    #: Dataset id → the code of the area its ``dataset.toml`` says it covers (or None).
    dataset_areas: dict[str, str | None] = field(default_factory=dict)
    #: Rows left out by a lenient load or assembly, each with its problem.
    skipped: list[DataError] = field(default_factory=list)

    def area_of(self, org: rec.Organisation) -> str | None:
        """The code of the area an organisation is known to lie in: its district, else the area
        its dataset covers (for telling organisations apart; not a fact of the graph)."""
        return org.district or self.dataset_areas.get(org.origin.dataset)

    def district_code(self, reference: str) -> str | None:
        """Return the code of the district named by ``reference`` (code, ko, short ko or en)."""
        return self.district_lookup.get(_district_key(reference))


def _district_key(reference: str) -> str:
    return "".join(reference.split()).lower()


def _district_names(district: rec.District) -> set[str]:
    names = {district.code, district.name_ko, district.name_en}
    if district.name_ko.endswith(("구", "군", "시")) and len(district.name_ko) > 2:
        names.add(district.name_ko[:-1])
    return {_district_key(name) for name in names}


def _district_index(districts: Iterable[rec.District]) -> dict[str, str]:
    """Every name of ``districts`` → its code; a name two codes share (``강서구`` of Seoul and of
    Busan) is left out, so that it is never read as either."""
    codes: dict[str, set[str]] = {}
    for district in districts:
        for name in _district_names(district):
            codes.setdefault(name, set()).add(district.code)
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


def _qualify(record: Any) -> Any:
    qualified = object.__new__(type(record))  # a shallow copy, much cheaper than replace()
    qualified.__dict__.update(record.__dict__)
    qualified.source = _qualified_sources(record.origin.dataset, record.source)
    return qualified


@functools.lru_cache(maxsize=4096)
def _qualified_sources(dataset: str, sources: tuple[str, ...]) -> tuple[str, ...]:
    # a dataset's rows cite a handful of source combinations over and over
    return tuple(f"{dataset}/{s}" for s in sources)


def _renamed(record: Any, resolve: Resolution, *attrs: str) -> Any:
    """``record`` with the organisation ids in ``attrs`` resolved; the same object if none move."""
    canonical = resolve.canonical
    changes = {a: canonical[v] for a in attrs if (v := getattr(record, a)) in canonical}
    return replace(record, **changes) if changes else record


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
        corporate_number=first.corporate_number or other.corporate_number,
        address=first.address or other.address,
        activity=first.activity or other.activity,
        representative=first.representative or other.representative,
        source=tuple(dict.fromkeys(first.source + other.source)),
        note="; ".join(n for n in (first.note, other.note) if n) or None,
    )


#: The single-valued fields of each kind of merged record, compared for conflicts.
ORGANISATION_FIELDS = (
    "kind",
    "name_en",
    "legal_form",
    "district",
    "homepage",
    "business_number",
    "corporate_number",
    "address",
    "activity",
    "representative",
)
#: (a program's ``year`` is no conflict: a program recurs, and its years are all kept)
PROGRAM_FIELDS = ("name_ko", "name_en", "level", "parent", "budget", "spent", "status")
SITE_FIELDS = ("name_ko", "name_en", "district", "address", "operator", "program")
PUBLICATION_FIELDS = ("title_ko", "title_en", "category", "number", "publisher", "program", "year")
INDICATOR_FIELDS = ("program", "name_ko", "name_en", "unit", "target", "actual", "rate")


def _merge_versions(
    versions: dict[str, list[Any]], conflicts: Conflicts, kind: str, fields: tuple[str, ...]
) -> dict[str, Any]:
    """One record per id: the first version, with the sources of every version; the fields the
    versions disagree on noted in ``conflicts``."""
    merged = {}
    for record_id, found in versions.items():
        conflicts.check(kind, record_id, found, fields)
        first = found[0]
        sources = tuple(dict.fromkeys(s for version in found for s in version.source))
        merged[record_id] = replace(first, source=sources) if len(found) > 1 else first
    return merged


def _priority(dataset: rec.Dataset) -> tuple[int, str]:
    """Datasets in order of year (the earliest first, those without a year last), then of id:
    the order every merge takes them in, whatever order they are given in."""
    year = dataset.info.year
    return (year if year is not None else 10_000, dataset.info.id)


def _distinct_ids(datasets: list[rec.Dataset]) -> None:
    """Refuse two datasets with one id: their records and sources would be mixed up."""
    first: dict[str, rec.DatasetInfo] = {}
    for dataset in datasets:
        seen = first.setdefault(dataset.info.id, dataset.info)
        if seen is not dataset.info:
            raise DataError(
                dataset.info.origin,
                f"dataset id '{seen.id}' is also the id of {seen.origin}; give each dataset its "
                "own id (or the same folder only once)",
                "id",
            )


def assemble(datasets: Iterable[rec.Dataset], lenient: bool = False) -> Ecosystem:
    """Merge datasets and check references; the result does not depend on their order.

    Parameters
    ----------
    datasets : loaded datasets; they are taken in order of year, then id (:func:`_priority`):
        the first one's id and value are kept where records merge or disagree, and every value
        is noted in ``Ecosystem.conflicts``.
    lenient : leave out records whose references point at nothing (and the records that then
        point at them) instead of raising :class:`DataError` for the first one; every record
        left out is noted in ``Ecosystem.skipped``, after the rows the datasets skipped.
    """
    loaded = sorted(datasets, key=_priority)
    _distinct_ids(loaded)
    eco = Ecosystem()
    problems = Problems(lenient, eco.skipped)
    left_out: dict[str, set[str]] = {}
    for dataset in loaded:
        eco.datasets.append(dataset.info)
        eco.skipped.extend(dataset.skipped)
        for kind, ids in dataset.left_out.items():
            left_out.setdefault(kind, set()).update(ids)
        for source in dataset.sources:
            eco.sources[f"{dataset.info.id}/{source.id}"] = source
    districts = _versions(_qualify(d) for dataset in loaded for d in dataset.districts)
    eco.districts = {
        code: replace(found[0], source=_sources(found)) for code, found in districts.items()
    }
    eco.district_lookup = _district_index(d for found in districts.values() for d in found)
    own = {dataset.info.id: _district_index(dataset.districts) for dataset in loaded}

    def located(records: Iterable[Any], kind: str) -> Iterator[Any]:
        """Each record with its district reference as a code, read with its own dataset's
        districts first (a name shared by two districts is only ever read there); a record
        whose district is unknown is a problem (left out when lenient)."""
        for record in records:
            if record.district:
                key = _district_key(record.district)
                code = own[record.origin.dataset].get(key) or eco.district_lookup.get(key)
                if code is None:
                    error = _district_problem(eco, record.district, record.origin)
                    problems.add(error, kind, record.id)
                    continue
                if code != record.district:
                    record = replace(record, district=code)
            yield record

    organisations = _versions(
        located((_qualify(o) for d in loaded for o in d.organisations), "organisations")
    )
    programs = _versions(_dated(_qualify(p), d.info.year) for d in loaded for p in d.programs)
    eco.programs = {
        program_id: replace(
            program,
            years=tuple(sorted({v.year for v in programs[program_id] if v.year is not None})),
        )
        for program_id, program in _merge_versions(
            programs, eco.conflicts, "program", PROGRAM_FIELDS
        ).items()
    }
    for dataset in loaded:
        eco.participations.extend(
            _dated(_qualify(p), dataset.info.year) for p in dataset.participations
        )
        eco.memberships.extend(_qualify(m) for m in dataset.memberships)
        eco.ties.extend(_qualify(t) for t in dataset.ties)
        eco.registrations.extend(_qualify(r) for r in dataset.registrations)
        for line in dataset.budget_lines:
            eco.budget_lines[f"{dataset.info.id}/{line.id}"] = _qualify(line)
    sites = _versions(located((_qualify(s) for d in loaded for s in d.sites), "sites"))
    eco.sites = _merge_versions(sites, eco.conflicts, "site", SITE_FIELDS)
    publications = _versions(_qualify(p) for d in loaded for p in d.publications)
    eco.publications = _merge_versions(
        publications, eco.conflicts, "publication", PUBLICATION_FIELDS
    )
    indicators = _versions(_qualify(i) for d in loaded for i in d.indicators)
    eco.indicators = _merge_versions(indicators, eco.conflicts, "indicator", INDICATOR_FIELDS)
    _resolve_organisations(eco, loaded, organisations)
    _resolve_references(eco)
    problems.left_out = left_out
    _check(eco, problems)
    return eco


def _versions(records: Iterable[Any]) -> dict[str, list[Any]]:
    """Records by id (a district's code), each id's versions in the order given."""
    found: dict[str, list[Any]] = {}
    for record in records:
        found.setdefault(getattr(record, "code", None) or record.id, []).append(record)
    return found


def _sources(records: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for record in records for s in record.source))


def _dated(record: Any, year: int | None) -> Any:
    """A program or participation with the year of its dataset where its row gives none."""
    return record if record.year is not None or year is None else replace(record, year=year)


def _dataset_area(eco: Ecosystem, info: rec.DatasetInfo) -> str | None:
    """The code of the area ``dataset.toml`` says the dataset covers (a district's code or name,
    or an area code such as ``11`` that its districts lie in)."""
    if not info.area:
        return None
    code = eco.district_code(info.area)
    if code is None and not info.area.isdigit():
        raise DataError(
            info.origin,
            f"area '{info.area}' names no district of the datasets; give a code such as 11",
            "area",
        )
    return code or info.area


def _resolve_organisations(
    eco: Ecosystem, loaded: list[rec.Dataset], versions: dict[str, list[rec.Organisation]]
) -> None:
    """Merge the organisations that are one (by id, business number or name) and note the
    values their records disagree on."""
    eco.dataset_areas = {dataset.info.id: _dataset_area(eco, dataset.info) for dataset in loaded}
    parents = {code: district.parent for code, district in eco.districts.items()}
    firsts = [found[0] for found in versions.values()]
    rank = {dataset.info.id: n for n, dataset in enumerate(loaded)}
    ordered = sorted(firsts, key=lambda org: (rank[org.origin.dataset], org.id))
    eco.resolution = resolve_organisations(
        ordered,
        district_of=eco.area_of,
        parents=parents,
        numbers={org_id: registered_numbers(found) for org_id, found in versions.items()},
    )
    groups: dict[str, list[rec.Organisation]] = {}
    for org in ordered:
        groups.setdefault(eco.resolution(org.id), []).extend(versions[org.id])
    for canonical, found in groups.items():
        eco.conflicts.check("organisation", canonical, found, ORGANISATION_FIELDS)
        merged = found[0]
        for other in found[1:]:
            merged = merge_organisation(merged, other)
        eco.organisations[canonical] = merged


def _resolve_references(eco: Ecosystem) -> None:
    resolve = eco.resolution
    eco.participations = _dedupe(
        [_renamed(p, resolve, "organisation") for p in eco.participations],
        ("organisation", "program", "role", "year"),
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
    eco.publications = {k: _renamed(p, resolve, "publisher") for k, p in eco.publications.items()}


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


class _References:
    """What references may point at, and what was left out (to say so when a reference fails)."""

    #: Close-match hints are worked out for this many distinct unknown ids at most (each costs a
    #: comparison with every known id), so that a lenient load of a file full of bad references
    #: stays fast; later messages go without a hint.
    MAX_HINTS = 50

    def __init__(self, kind: str, known: dict[str, Any], dropped: set[str]):
        self.kind = kind
        self.known = known
        self.dropped = set(dropped)
        self.hints: dict[str, str] = {}

    def hint(self, ref: str) -> str:
        """Close matches of ``ref`` among the known ids, as :func:`did_you_mean` words them."""
        if ref not in self.hints:
            within_budget = len(self.hints) < self.MAX_HINTS
            self.hints[ref] = did_you_mean(ref, self.known) if within_budget else ""
        return self.hints[ref]

    def problem(self, ref: str | None, origin: Origin, column: str) -> DataError | None:
        """Return the error for ``ref`` when it points at nothing, else None."""
        if ref is None or ref in self.known:
            return None
        if ref in self.dropped:
            return DataError(
                origin, f"{self.kind} '{ref}' was left out (see above), so this row is too", column
            )
        return DataError(
            origin,
            f"no {self.kind} with id '{ref}'{self.hint(ref)}; fix the id or add the {self.kind}",
            column,
        )


def _keep(records: Iterable[Any], problems: Problems, *checks: Any) -> tuple[list[Any], list[Any]]:
    """Split ``records`` into those every check accepts and the rest (noted in ``problems``).

    Each check maps a record to a :class:`DataError` or None.
    """
    kept, dropped = [], []
    for record in records:
        for check in checks:
            error = check(record)
            if error is not None:
                problems.add(error)
                dropped.append(record)
                break
        else:
            kept.append(record)
    return kept, dropped


def _check(eco: Ecosystem, problems: Problems) -> None:
    """Check every reference; leave out (lenient) or raise for (strict) the records that fail."""

    def cited(record: Any) -> DataError | None:
        for source in record.source:
            if source not in eco.sources:
                dataset, local = source.split("/", 1)
                known = [s.split("/", 1)[1] for s in eco.sources if s.startswith(f"{dataset}/")]
                return DataError(
                    record.origin,
                    f"no source with id '{local}' in sources.csv{did_you_mean(local, known)}; "
                    "fix the id or add the source",
                    "source",
                )
        return None

    kept, _ = _keep(eco.districts.values(), problems, cited)
    eco.districts = {d.code: d for d in kept}
    eco.district_lookup = {n: c for n, c in eco.district_lookup.items() if c in eco.districts}

    def located(record: Any) -> DataError | None:
        if record.district and record.district not in eco.districts:
            return DataError(
                record.origin,
                f"district '{record.district}' was left out (see above), so this row is too",
                "district",
            )
        return None

    def basis(org: rec.Organisation) -> DataError | None:
        if org.district and not org.district_basis:
            return DataError(
                org.origin,
                "say how the district is known: 'stated' or 'inferred-from-name'",
                "district_basis",
            )
        return None

    kept, dropped = _keep(eco.organisations.values(), problems, cited, located, basis)
    eco.organisations = {o.id: o for o in kept}
    orgs = _References(
        "organisation", dict(eco.organisations), problems.left_out.get("organisations", set())
    )
    for alias, canonical in eco.resolution.canonical.items():
        if canonical in eco.organisations:
            orgs.known[alias] = eco.organisations[canonical]
    orgs.dropped |= {o.id for o in dropped} | {
        alias for alias, c in eco.resolution.canonical.items() if c not in eco.organisations
    }
    programs = _References("program", eco.programs, problems.left_out.get("programs", set()))
    _check_programs(eco, problems, programs, cited)
    eco.participations, _ = _keep(
        eco.participations,
        problems,
        cited,
        lambda p: orgs.problem(p.organisation, p.origin, "organisation"),
        lambda p: programs.problem(p.program, p.origin, "program"),
    )
    eco.memberships, _ = _keep(
        eco.memberships,
        problems,
        cited,
        lambda m: orgs.problem(m.member, m.origin, "member"),
        lambda m: orgs.problem(m.organisation, m.origin, "organisation"),
        lambda m: programs.problem(m.program, m.origin, "program"),
        _distinct(
            "member", "organisation", "member", "an organisation cannot be a member of itself"
        ),
    )
    eco.ties, _ = _keep(
        eco.ties,
        problems,
        cited,
        lambda t: orgs.problem(t.from_id, t.origin, "from"),
        lambda t: orgs.problem(t.to_id, t.origin, "to"),
        lambda t: programs.problem(t.program, t.origin, "program"),
        _distinct("from_id", "to_id", "to", "a tie needs two different organisations"),
    )
    eco.registrations, _ = _keep(
        eco.registrations,
        problems,
        cited,
        lambda r: orgs.problem(r.organisation, r.origin, "organisation"),
        _validity_in_order,
    )
    kept, _ = _keep(
        eco.sites.values(),
        problems,
        cited,
        located,
        lambda s: orgs.problem(s.operator, s.origin, "operator"),
        lambda s: programs.problem(s.program, s.origin, "program"),
    )
    eco.sites = {s.id: s for s in kept}
    kept, _ = _keep(
        eco.publications.values(),
        problems,
        cited,
        lambda p: orgs.problem(p.publisher, p.origin, "publisher"),
        lambda p: programs.problem(p.program, p.origin, "program"),
    )
    eco.publications = {p.id: p for p in kept}
    kept, _ = _keep(
        eco.indicators.values(),
        problems,
        cited,
        lambda i: programs.problem(i.program, i.origin, "program"),
    )
    eco.indicators = {i.id: i for i in kept}
    eco.budget_lines = dict(
        _keep_items(
            eco.budget_lines,
            problems,
            cited,
            lambda b: programs.problem(b.program, b.origin, "program"),
        )
    )


def _distinct(first: str, second: str, column: str, problem: str) -> Any:
    """A check that the attributes ``first`` and ``second`` of a record differ."""

    def check(record: Any) -> DataError | None:
        same = getattr(record, first) == getattr(record, second)
        return DataError(record.origin, problem, column) if same else None

    return check


def _keep_items(
    records: dict[str, Any], problems: Problems, *checks: Any
) -> Iterable[tuple[str, Any]]:
    kept, _ = _keep(records.items(), problems, *(lambda kv, c=c: c(kv[1]) for c in checks))
    return kept


def _validity_in_order(registration: rec.Registration) -> DataError | None:
    """A registration cannot end before it starts (ISO dates compare as text)."""
    start, end = registration.valid_from, registration.valid_until
    if start and end and end < start:
        return DataError(
            registration.origin,
            f"the registration ends ({end}) before it is valid from {start}",
            "valid_until",
        )
    return None


def _check_programs(eco: Ecosystem, problems: Problems, programs: _References, cited: Any) -> None:
    """Check programs' sources, parents and hierarchy, until no more program is left out."""
    kept, dropped = _keep(eco.programs.values(), problems, cited)
    while True:
        eco.programs = {p.id: p for p in kept}
        programs.known = eco.programs
        programs.dropped |= {p.id for p in dropped}
        kept, dropped = _keep(
            eco.programs.values(),
            problems,
            lambda p: programs.problem(p.parent, p.origin, "parent"),
            lambda p: _cycle_problem(p, eco.programs),
        )
        if not dropped:
            return


def _district_problem(eco: Ecosystem, reference: str, origin: Origin) -> DataError:
    """The error for a district ``reference`` that names no district, or several."""
    key = _district_key(reference)
    several = sorted(code for code, d in eco.districts.items() if key in _district_names(d))
    if len(several) > 1:
        return DataError(
            origin,
            f"district '{reference}' names more than one district ({', '.join(several)}); give "
            "its code, or list it in this dataset's districts.csv",
            "district",
        )
    names = [n for d in eco.districts.values() for n in (d.name_ko, d.name_en, d.code)]
    return DataError(
        origin,
        f"unknown district '{reference}'{did_you_mean(reference, names)}; give a code, Korean "
        "or English name from districts.csv",
        "district",
    )


def _cycle_problem(program: rec.Program, programs: dict[str, rec.Program]) -> DataError | None:
    seen = {program.id}
    parent = program.parent
    while parent is not None and parent in programs:
        if parent in seen:
            return DataError(
                program.origin, f"program hierarchy has a cycle through '{parent}'", "parent"
            )
        seen.add(parent)
        parent = programs[parent].parent
    return None
