"""Counts that describe a built graph: by class, by kind, by district and by program.

Everything is asked with SPARQL, so the same queries serve a local graph and a server.
"""

from __future__ import annotations

from typing import Any

from segraph._util.text_table import format_table
from segraph.rdf.namespaces import prefixed
from segraph.sparql.query import QueryTarget, select

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(seg:)) || ?class IN (org:Organization, org:Membership))
} GROUP BY ?class ORDER BY ?class
"""

KIND_COUNTS = """
SELECT ?kind (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?org) AS ?organisations) WHERE {
  ?org a org:Organization ; org:classification ?concept .
  FILTER(STRSTARTS(STR(?concept), STR(seg:kind-)))
  ?concept skos:notation ?kind .
  OPTIONAL { ?concept skos:prefLabel ?label FILTER(LANG(?label) = "en") }
} GROUP BY ?kind ORDER BY DESC(?organisations) ?kind
"""

DISTRICT_COUNTS = """
SELECT ?code ?name_ko ?name_en (COUNT(DISTINCT ?org) AS ?organisations) WHERE {
  ?district a seg:District ; skos:notation ?code ;
            rdfs:label ?name_ko , ?name_en .
  FILTER(LANG(?name_ko) = "ko" && LANG(?name_en) = "en")
  OPTIONAL { ?org a org:Organization ; seg:locatedIn ?district }
} GROUP BY ?code ?name_ko ?name_en ORDER BY DESC(?organisations) ?code
"""

PROGRAM_COUNTS = """
SELECT ?id ?level ?name_ko ?name_en ?budget ?spent
       (COUNT(DISTINCT ?org) AS ?organisations) WHERE {
  ?program a seg:Program ; seg:identifier ?id ; seg:level ?level ;
           rdfs:label ?name_ko , ?name_en .
  FILTER(LANG(?name_ko) = "ko" && LANG(?name_en) = "en")
  FILTER(?level IN ("area", "unit"))
  OPTIONAL { ?program seg:budget ?budget }
  OPTIONAL { ?program seg:spent ?spent }
  OPTIONAL { ?org seg:participatesIn/seg:subProgramOf* ?program }
} GROUP BY ?id ?level ?name_ko ?name_en ?budget ?spent ORDER BY ?level ?id
"""

TRIPLE_COUNT = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


def graph_stats(graph: QueryTarget) -> dict[str, Any]:
    """Return the counts of a graph or an endpoint as plain data (ready for JSON).

    Keys: ``triples``; ``classes`` (class, instances); ``kinds`` (kind, name, organisations);
    ``districts`` (code, name_ko, name_en, organisations); ``programs`` (strategic areas and unit
    programs with budget, spent and the organisations taking part in them or their sub-programs).
    """
    classes = select(graph, CLASS_COUNTS)
    for row in classes:
        row["class"] = prefixed(row["class"])
    return {
        "triples": select(graph, TRIPLE_COUNT)[0]["triples"],
        "classes": classes,
        "kinds": select(graph, KIND_COUNTS),
        "districts": select(graph, DISTRICT_COUNTS),
        "programs": select(graph, PROGRAM_COUNTS),
    }


def stats_text(counts: dict[str, Any]) -> str:
    """The counts of :func:`graph_stats` as text: the triple count, then a table per grouping."""
    parts = [f"{counts['triples']} triples\n"]
    for title, key in (
        ("By class", "classes"),
        ("By kind", "kinds"),
        ("By district", "districts"),
        ("By program", "programs"),
    ):
        rows = counts[key]
        parts.append(title)
        if rows:
            headers = list(rows[0])
            parts.append(format_table(headers, [[row[h] for h in headers] for row in rows]))
        parts.append("")
    return "\n".join(parts) + "\n"
