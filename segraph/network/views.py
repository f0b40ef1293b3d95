"""networkx views of the ecosystem, read from the RDF graph with SPARQL SELECT.

* :func:`two_mode_network` — organisations × programs (bipartite), edges carrying roles and years;
* :func:`collaboration_network` — organisation × organisation: co-participation in programs
  (raw count of shared programs, or Newman's collaboration weighting) and the direct formal ties
  (membership, partnership, support, operation, funding, agreement), kept typed.

Nodes are keyed by IRI (strings) and carry ``id``, ``label_ko``, ``label_en``, ``kind``,
``legal_form``, ``district`` (code), ``district_ko``, ``district_en`` and ``designations``.

The projection is bounded: a program with more than ``max_program_size`` participants is not
turned into a clique (that would be n(n-1)/2 edges); it stays in the two-mode network and is listed
in ``graph.graph["unprojected_programs"]``. Newman's weighting gives each pair in a program of n
participants 1/(n-1), so large programs weigh little even below the bound.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph.errors import UsageError
from segraph.sparql.query import select

ORGANISATIONS = """
SELECT ?org ?id ?label_ko ?label_en ?kind ?legal_form ?district ?district_ko ?district_en WHERE {
  ?org a org:Organization ; rdfs:label ?label_ko . FILTER(LANG(?label_ko) = "ko")
  OPTIONAL { ?org seg:identifier ?id }
  OPTIONAL { ?org rdfs:label ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?org org:classification ?k . BIND(STRAFTER(STR(?k), "#kind-") AS ?kind) }
  OPTIONAL { ?org rov:orgType ?l . BIND(STRAFTER(STR(?l), "#legal-") AS ?legal_form) }
  OPTIONAL { ?org seg:locatedIn ?place . ?place skos:notation ?district .
             OPTIONAL { ?place rdfs:label ?district_ko FILTER(LANG(?district_ko) = "ko") }
             OPTIONAL { ?place rdfs:label ?district_en FILTER(LANG(?district_en) = "en") } }
} ORDER BY ?org
"""

DESIGNATIONS = """
SELECT ?org ?designation WHERE {
  ?org a org:Organization ; seg:designation ?d .
  BIND(STRAFTER(STR(?d), "#designation-") AS ?designation)
} ORDER BY ?org ?designation
"""

PROGRAMS = """
SELECT ?program ?id ?label_ko ?label_en ?level ?parent WHERE {
  ?program a seg:Program ; rdfs:label ?label_ko . FILTER(LANG(?label_ko) = "ko")
  OPTIONAL { ?program seg:identifier ?id }
  OPTIONAL { ?program rdfs:label ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?program seg:level ?level }
  OPTIONAL { ?program seg:subProgramOf ?parent }
} ORDER BY ?program ?parent
"""

PARTICIPATIONS = """
SELECT ?org ?program ?role ?year ?stage WHERE {
  ?p a seg:Participation ; seg:participant ?org ; seg:program ?program .
  OPTIONAL { ?p seg:role ?r . BIND(STRAFTER(STR(?r), "#role-") AS ?role) }
  OPTIONAL { ?p seg:year ?year }
  OPTIONAL { ?p seg:stage ?stage }
} ORDER BY ?org ?program ?role
"""

FORMAL_TIES = """
SELECT ?a ?b ?type ?program WHERE {
  {
    ?tie a seg:Tie ; seg:tieFrom ?a ; seg:tieTo ?b ; seg:tieType ?t .
    BIND(STRAFTER(STR(?t), "#tie-") AS ?type)
    OPTIONAL { ?tie seg:program ?program }
  } UNION {
    ?m a org:Membership ; org:member ?a ; org:organization ?b .
    BIND("member" AS ?type)
    OPTIONAL { ?m seg:program ?program }
  }
} ORDER BY ?a ?b ?type
"""

YEARS = """
SELECT DISTINCT ?year WHERE { ?p a seg:Participation ; seg:year ?year } ORDER BY ?year
"""

#: The networks segraph builds: organisation x organisation, or organisation x program.
NETWORKS: tuple[str, ...] = ("collaboration", "two-mode")
LAYERS: tuple[str, ...] = ("coparticipation", "formal", "both")
WEIGHTINGS: tuple[str, ...] = ("count", "newman")


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


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in row.items()}


def organisation_attributes(graph: Graph) -> dict[str, dict[str, Any]]:
    """Return the attributes of every organisation, keyed by IRI."""
    designations: dict[str, list[str]] = defaultdict(list)
    for row in select(graph, DESIGNATIONS):
        designations[row["org"]].append(row["designation"])
    result = {}
    for row in select(graph, ORGANISATIONS):
        row = _clean(row)
        iri = row.pop("org")
        if iri in result:  # several labels in one language: keep the first in order
            continue
        row["id"] = row["id"] or iri
        row["district"] = str(row["district"])
        row["designations"] = ";".join(designations[iri])
        result[iri] = row
    return result


def program_attributes(graph: Graph) -> dict[str, dict[str, Any]]:
    """Return the attributes of every program (``area`` is its strategic area's IRI: the
    program itself or its nearest ancestor of level ``area``, following the first parent)."""
    result: dict[str, dict[str, Any]] = {}
    for row in select(graph, PROGRAMS):
        row = _clean(row)
        iri = row.pop("program")
        if iri in result:  # several parents: keep the first
            continue
        row["id"] = row["id"] or iri
        result[iri] = row
    for iri, attrs in result.items():
        attrs["area"] = _area(result, iri)
    return result


def _area(programs: dict[str, dict[str, Any]], iri: str) -> str:
    """The IRI of the strategic area of program ``iri``: itself or its nearest ancestor of level
    ``area`` (following first parents), "" if there is none."""
    seen: set[str] = set()
    while iri in programs and iri not in seen:
        if programs[iri]["level"] == "area":
            return iri
        seen.add(iri)
        iri = programs[iri]["parent"]
    return ""


def _descendants(programs: dict[str, dict[str, Any]], roots: Iterable[str]) -> set[str]:
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


def fold_typed_name(text: str) -> str:
    """Fold a name for matching what a user typed: Unicode NFC, case-folded, without spaces.

    Examples
    --------
    >>> fold_typed_name("Mapo- GU") == fold_typed_name("mapo-gu")
    True
    """
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def close_names(name: str, candidates: Iterable[str]) -> list[str]:
    """Return up to five of ``candidates`` (IRIs left out) that contain ``name`` (compared
    normalised), or else the closest spellings difflib finds."""
    names = sorted({c for c in candidates if "://" not in c})  # IRIs are no help to a reader
    wanted = fold_typed_name(name)
    containing = [c for c in names if wanted and wanted in fold_typed_name(c)]
    return containing[:5] or difflib.get_close_matches(name, names, n=5, cutoff=0.5)


def _unknown(what: str, name: str, candidates: Iterable[str]) -> UsageError:
    """Return the error for a filter value that matches nothing, naming the closest values."""
    close = close_names(name, candidates)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    return UsageError(f"no {what} '{name}'{hint}")


def _lookup(what: str, name: str, names: dict[str, str]) -> str:
    """Return the value ``names`` (name as printed → value) gives for ``name``, compared
    normalised."""
    table: dict[str, str] = {}
    for printed, value in names.items():
        table.setdefault(fold_typed_name(printed), value)
    found = table.get(fold_typed_name(name))
    if found is None:
        raise _unknown(what, name, names)
    return found


def _program_iris(programs: dict[str, dict[str, Any]], wanted: Iterable[str]) -> set[str]:
    names: dict[str, str] = {}
    for iri, attrs in programs.items():
        for name in (attrs["label_en"], attrs["label_ko"], attrs["id"], iri):
            if name:
                names[str(name)] = iri
    return _descendants(programs, {_lookup("program", name, names) for name in wanted})


def network_filter(
    graph: Graph,
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

    Names are compared without regard to case and spaces (:func:`fold_typed_name`).
    years : years of participation.

    Raises
    ------
    UsageError
        When a value matches nothing in the graph; the message lists the closest values.

    Examples
    --------
    >>> flt = network_filter(graph, districts=["마포구"], kinds=["enterprise"])  # doctest: +SKIP
    """
    orgs = organisation_attributes(graph)
    district_names: dict[str, str] = {}
    for attrs in orgs.values():
        ko, en = str(attrs["district_ko"]), str(attrs["district_en"])
        for name in (en, ko, attrs["district"], ko.removesuffix("구"), en.removesuffix("-gu")):
            if name:
                district_names[str(name)] = attrs["district"]
    codes = {_lookup("district", name, district_names) for name in districts}
    known_kinds = {attrs["kind"]: attrs["kind"] for attrs in orgs.values() if attrs["kind"]}
    wanted_kinds = {_lookup("organisation kind", kind, known_kinds) for kind in kinds}
    wanted_programs = frozenset(programs)
    if wanted_programs:
        _program_iris(program_attributes(graph), wanted_programs)
    wanted_years = frozenset(int(y) for y in years)
    if wanted_years:
        known_years = {_year_text(row["year"]) for row in select(graph, YEARS)}
        for year in sorted(wanted_years):
            if str(year) not in known_years:
                listed = ", ".join(sorted(filter(None, known_years))) or "none"
                raise UsageError(f"no participation in {year} (years in the data: {listed})")
    return NetworkFilter(
        districts=frozenset(codes),
        kinds=frozenset(wanted_kinds),
        programs=wanted_programs,
        years=wanted_years,
    )


def _year_text(year: Any) -> str:
    """The four-digit text of a year value from SPARQL (a date, a number or a string)."""
    return str(year.year if hasattr(year, "year") else year)[:4] if year else ""


def _keep_org(attrs: dict[str, Any], flt: NetworkFilter) -> bool:
    if flt.districts and attrs["district"] not in flt.districts:
        return False
    return not (flt.kinds and attrs["kind"] not in flt.kinds)


def two_mode_network(
    graph: Graph,
    flt: NetworkFilter | None = None,
    organisations: dict[str, dict[str, Any]] | None = None,
) -> nx.Graph:
    """Return the organisation × program network.

    Organisation nodes have ``bipartite=0`` and ``type="organisation"``; program nodes
    ``bipartite=1``, ``type="program"``, ``level`` and ``area``. An edge joins an organisation
    to each program it takes part in, with ``roles`` and ``years`` (sorted, ``;``-joined).
    ``organisations`` is :func:`organisation_attributes` of ``graph`` when the caller has it.
    """
    flt = flt or NetworkFilter()
    orgs = organisations if organisations is not None else organisation_attributes(graph)
    programs = program_attributes(graph)
    allowed = _program_iris(programs, flt.programs) if flt.programs else set(programs)
    network = nx.Graph()
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    years: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(graph, PARTICIPATIONS):
        org, program = row["org"], row["program"]
        if org not in orgs or program not in allowed or not _keep_org(orgs[org], flt):
            continue
        year_text = _year_text(row["year"])
        if flt.years and (not year_text or int(year_text) not in flt.years):
            continue
        roles[org, program].add(row["role"] or "")
        if year_text:
            years[org, program].add(year_text)
    for org, program in sorted(roles):
        if org not in network:
            network.add_node(org, bipartite=0, type="organisation", **orgs[org])
        if program not in network:
            network.add_node(program, bipartite=1, type="program", **programs[program])
        network.add_edge(
            org,
            program,
            roles=";".join(sorted(filter(None, roles[org, program]))),
            years=";".join(sorted(years[org, program])),
        )
    return network


def collaboration_network(
    graph: Graph,
    flt: NetworkFilter | None = None,
    layer: str = "both",
    weighting: str = "count",
    max_program_size: int = 500,
    include_isolates: bool = True,
    two_mode: nx.Graph | None = None,
    organisations: dict[str, dict[str, Any]] | None = None,
) -> nx.Graph:
    """Return the organisation × organisation collaboration network.

    Parameters
    ----------
    layer : ``"coparticipation"`` (shared programs), ``"formal"`` (direct ties only) or
        ``"both"``.
    weighting : ``"count"`` — ``weight`` is the number of shared programs; ``"newman"`` —
        Newman's collaboration weighting, the sum over shared programs of 1/(n-1).
    max_program_size : programs with more participants are not projected (see module doc).
    include_isolates : keep organisations that have no edge in the chosen layer.
    two_mode : the :func:`two_mode_network` of the same graph and filter, when the caller
        already has it (it is then not queried again).
    organisations : :func:`organisation_attributes` of ``graph``, when the caller has it.

    Edge attributes: ``weight`` (co-participation strength; 0 for a formal-only edge),
    ``shared_programs`` (count), ``programs`` (``;``-joined IRIs), ``ties`` (``;``-joined formal tie
    types, e.g. ``member;partner``), ``formal`` (bool) and ``strength`` — the tie strength the
    measures use: ``weight`` plus 1 for each formal tie type, so it is always positive.
    ``graph.graph`` records the ``layer``, ``weighting`` and ``unprojected_programs``.
    """
    if layer not in LAYERS:
        raise UsageError(f"unknown layer '{layer}' (choose one of: {', '.join(LAYERS)})")
    if weighting not in WEIGHTINGS:
        raise UsageError(
            f"unknown weighting '{weighting}' (choose one of: {', '.join(WEIGHTINGS)})"
        )
    flt = flt or NetworkFilter()
    orgs = organisations if organisations is not None else organisation_attributes(graph)
    two_mode = two_mode if two_mode is not None else two_mode_network(graph, flt, orgs)
    network = nx.Graph(layer=layer, weighting=weighting, unprojected_programs="")
    if include_isolates:
        for iri, attrs in sorted(orgs.items()):
            if _keep_org(attrs, flt) and (not flt.programs or iri in two_mode):
                network.add_node(iri, **attrs)
    ties: dict[tuple[str, str], _Tie] = {}  # by sorted pair, in order of first appearance
    skipped: list[str] = []
    if layer in ("coparticipation", "both"):
        for program, data in sorted(two_mode.nodes(data=True)):
            if data["bipartite"] != 1:
                continue
            members = sorted(two_mode[program])
            if len(members) > max_program_size:
                skipped.append(program)
                continue
            share = 1.0 / (len(members) - 1) if len(members) > 1 else 0.0
            added = 1.0 if weighting == "count" else share
            for pair in combinations(members, 2):
                tie = ties.get(pair)
                if tie is None:
                    ties[pair] = tie = _Tie(pair)
                tie.weight += added
                tie.programs.append(program)
    network.graph["unprojected_programs"] = ";".join(skipped)
    if layer in ("formal", "both"):
        for row in select(graph, FORMAL_TIES):
            a, b = row["a"], row["b"]
            if a not in orgs or b not in orgs or a == b:
                continue
            if not (_keep_org(orgs[a], flt) and _keep_org(orgs[b], flt)):
                continue
            if flt.programs and (a not in two_mode or b not in two_mode):
                continue
            pair = (a, b) if a < b else (b, a)
            tie = ties.get(pair)
            if tie is None:
                ties[pair] = tie = _Tie((a, b))
            tie.types.add(row["type"])
    network.add_edges_from(tie.edge() for tie in ties.values())
    for node in network:  # nodes that came with a tie when isolates were left out
        if not network.nodes[node]:
            network.nodes[node].update(orgs[node])
    return network


@dataclass
class _Tie:
    """One organisation pair's tie while the network is assembled."""

    ends: tuple[str, str]  # as first met
    weight: float = 0.0
    programs: list[str] = field(default_factory=list)  # each shared program once
    types: set[str] = field(default_factory=set)

    def edge(self) -> tuple[str, str, dict[str, Any]]:
        """The networkx edge with the attributes :func:`collaboration_network` documents."""
        a, b = self.ends
        return (
            a,
            b,
            {
                "weight": self.weight,
                "shared_programs": len(self.programs),
                "programs": ";".join(sorted(self.programs)),
                "ties": ";".join(sorted(self.types)),
                "strength": self.weight + len(self.types),
                "formal": bool(self.types),
            },
        )
