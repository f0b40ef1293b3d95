"""What the network views read from the RDF graph: organisations, programs, participations
and formal ties, through SPARQL SELECT (so that a SPARQL endpoint works as well as a graph).

Organisations are keyed by IRI (strings) and carry ``id``, ``label_ko``, ``label_en``, ``kind``,
``legal_form``, ``district`` (code), ``district_ko``, ``district_en`` and ``designations``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from segraph.sparql.query import QueryTarget, select

ORGANISATIONS = """
SELECT ?org ?id ?label_ko ?label_en ?kind ?legal_form ?district ?district_ko ?district_en WHERE {
  ?org a org:Organization ; rdfs:label ?label_ko . FILTER(LANG(?label_ko) = "ko")
  OPTIONAL { ?org seg:identifier ?id }
  OPTIONAL { ?org rdfs:label ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?org org:classification ?k . FILTER(STRSTARTS(STR(?k), STR(seg:kind-)))
             BIND(STRAFTER(STR(?k), "#kind-") AS ?kind) }
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


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in row.items()}


def organisation_attributes(graph: QueryTarget) -> dict[str, dict[str, Any]]:
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


def program_attributes(graph: QueryTarget) -> dict[str, dict[str, Any]]:
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


def main_area(programs_taken: Iterable[str], programs: Mapping[str, Mapping[str, Any]]) -> str:
    """The strategic area (IRI) most of these participations' programs fall in, the smallest
    IRI on ties; "" when none of them has an area."""
    areas = Counter(programs[p]["area"] for p in programs_taken if programs[p]["area"])
    return min(areas, key=lambda area: (-areas[area], area)) if areas else ""


def year_text(year: Any) -> str:
    """The four-digit text of a year value from SPARQL (a date, a number or a string)."""
    return str(year.year if hasattr(year, "year") else year)[:4] if year else ""


def participation_rows(graph: QueryTarget) -> list[dict[str, Any]]:
    """Every participation: ``org``, ``program``, ``role``, ``year`` and ``stage``, sorted."""
    return select(graph, PARTICIPATIONS)


def formal_tie_rows(graph: QueryTarget) -> Iterator[tuple[str, str, str]]:
    """Every direct tie and membership as ``(from, to, type)``, sorted (type ``member`` for a
    membership)."""
    for row in select(graph, FORMAL_TIES):
        yield row["a"], row["b"], row["type"]


def participation_years(graph: QueryTarget) -> set[str]:
    """The years of participation the graph holds, as four-digit text."""
    return {year_text(row["year"]) for row in select(graph, YEARS)} - {""}


DATASETS = """
SELECT ?dataset WHERE { ?dataset a dcat:Dataset } ORDER BY ?dataset
"""


def dataset_iris(graph: QueryTarget) -> list[str]:
    """The IRIs of the datasets (``dcat:Dataset``) the graph was built from, sorted."""
    return [row["dataset"] for row in select(graph, DATASETS)]
