"""Which organisations and programs a network keeps: the filter, and the names users type for
it (districts, kinds, programs, years) checked against the graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from segraph._util.close_match import did_you_mean, fold_typed_name
from segraph.errors import ArgumentError
from segraph.network.read import organisation_attributes, participation_years, program_attributes
from segraph.sparql.query import QueryTarget


@dataclass(frozen=True)
class NetworkFilter:
    """Which organisations and programs a network keeps. Empty means no restriction.

    ``districts`` are codes; ``programs`` are program IRIs or ids and include their
    sub-programs; ``years`` restrict participations.
    """

    districts: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    programs: frozenset[str] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    def keeps_organisation(self, attrs: Mapping[str, Any]) -> bool:
        """Whether an organisation with these attributes passes the district and kind filters."""
        if self.districts and attrs["district"] not in self.districts:
            return False
        return not (self.kinds and attrs["kind"] not in self.kinds)

    def chosen(self) -> list[tuple[str, list[str]]]:
        """The restrictions in force, as (``districts``/``kinds``/``programs``/``years``, their
        sorted values), in that order; empty when the filter keeps everything."""
        return [
            (what, sorted(map(str, values)))
            for what, values in (
                ("districts", self.districts),
                ("kinds", self.kinds),
                ("programs", self.programs),
                ("years", self.years),
            )
            if values
        ]

    def keeps_year(self, year: str) -> bool:
        """Whether a participation of ``year`` (four-digit text, "" when unknown) is kept."""
        return not self.years or (bool(year) and int(year) in self.years)


def descendants(programs: Mapping[str, Mapping[str, Any]], roots: Iterable[str]) -> set[str]:
    """The programs ``roots`` and all their sub-programs (``programs``: program attributes)."""
    children: dict[str, list[str]] = defaultdict(list)
    for iri, attrs in programs.items():
        if attrs["parent"]:
            children[attrs["parent"]].append(iri)
    found: set[str] = set()
    stack = list(roots)
    while stack:
        iri = stack.pop()
        if iri not in found:
            found.add(iri)
            stack.extend(children[iri])
    return found


def _lookup(argument: str, what: str, name: str, names: Mapping[str, str]) -> str:
    """Return the value ``names`` (name as printed → value) gives for ``name``, compared folded;
    an :class:`ArgumentError` naming the closest names when there is none."""
    table: dict[str, str] = {}
    for printed, value in names.items():
        table.setdefault(fold_typed_name(printed), value)
    found = table.get(fold_typed_name(name))
    if found is None:
        raise ArgumentError(
            argument, f"'{name}': no {what} of that name{did_you_mean(name, names)}"
        )
    return found


def program_iris(programs: Mapping[str, Mapping[str, Any]], wanted: Iterable[str]) -> set[str]:
    """The IRIs of the programs named ``wanted`` (ids, IRIs, Korean or English names) and of
    all their sub-programs."""
    names: dict[str, str] = {}
    for iri, attrs in programs.items():
        for name in (attrs["label_en"], attrs["label_ko"], attrs["id"], iri):
            if name:
                names[str(name)] = iri
    return descendants(programs, {_lookup("programs", "program", name, names) for name in wanted})


def network_filter(
    graph: QueryTarget,
    districts: Iterable[str] = (),
    kinds: Iterable[str] = (),
    programs: Iterable[str] = (),
    years: Iterable[int] = (),
) -> NetworkFilter:
    """Return a :class:`NetworkFilter` from the names a user typed, checked against the graph.

    Parameters
    ----------
    districts : district codes, Korean or English names, with or without 구/-gu (``11440``,
        ``마포구``, ``마포``, ``Mapo-gu``).
    kinds : organisation kind codes (``enterprise``, ``consortium``, …).
    programs : program ids, IRIs or names (Korean or English); sub-programs are included.
    years : years of participation.

    Names are compared without regard to case and spaces (:func:`fold_typed_name`).

    Raises
    ------
    ArgumentError
        When a value matches nothing in the graph; the message names the argument and the
        closest values.

    Examples
    --------
    >>> flt = network_filter(graph, districts=["마포구"], kinds=["enterprise"])  # doctest: +SKIP
    """
    districts, kinds = tuple(districts), tuple(kinds)
    orgs = organisation_attributes(graph) if districts or kinds else {}
    district_names: dict[str, str] = {}
    for attrs in orgs.values():
        ko, en = str(attrs["district_ko"]), str(attrs["district_en"])
        for name in (en, ko, attrs["district"], ko.removesuffix("구"), en.removesuffix("-gu")):
            if name:
                district_names[str(name)] = attrs["district"]
    codes = {_lookup("districts", "district", name, district_names) for name in districts}
    known_kinds = {attrs["kind"]: attrs["kind"] for attrs in orgs.values() if attrs["kind"]}
    wanted_kinds = {_lookup("kinds", "organisation kind", kind, known_kinds) for kind in kinds}
    wanted_programs = frozenset(programs)
    if wanted_programs:
        program_iris(program_attributes(graph), wanted_programs)
    wanted_years = frozenset(int(y) for y in years)
    if wanted_years:
        known_years = participation_years(graph)
        for year in sorted(wanted_years):
            if str(year) not in known_years:
                listed = ", ".join(sorted(known_years)) or "none"
                raise ArgumentError(
                    "years", f"{year}: no participation in that year (years in the data: {listed})"
                )
    return NetworkFilter(
        districts=frozenset(codes),
        kinds=frozenset(wanted_kinds),
        programs=wanted_programs,
        years=wanted_years,
    )
