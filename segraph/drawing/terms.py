"""Korean and English names of the controlled terms (kinds, legal forms, roles, ties,
designations) and of the measures, read from the SKOS concepts and the ontology in the graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from segraph.network.writeback import MEASURE_PROPERTIES
from segraph.rdf.namespaces import SEG
from segraph.sparql.query import select

TERM_LABELS = """
SELECT ?concept ?ko ?en WHERE {
  { ?concept a skos:Concept } UNION { ?concept a owl:DatatypeProperty }
  OPTIONAL { ?concept skos:prefLabel|rdfs:label ?ko FILTER(LANG(?ko) = "ko") }
  OPTIONAL { ?concept skos:prefLabel|rdfs:label ?en FILTER(LANG(?en) = "en") }
} ORDER BY ?concept ?ko ?en
"""

#: Membership (org:Membership) is a tie type of the collaboration network with no SKOS concept.
_MEMBER = ("소속", "member")


@dataclass(frozen=True)
class Terms:
    """Names of the controlled terms and measures, keyed by local name (``kind-enterprise``,
    ``betweenness``)."""

    names: dict[str, tuple[str, str]]

    def name(self, scheme: str, code: str) -> tuple[str, str]:
        """Return the (Korean, English) name of ``code`` in ``scheme`` (``kind``, ``legal``,
        ``role``, ``tie``, ``designation``); the code itself when the graph has no label."""
        if scheme == "tie" and code == "member":
            return _MEMBER
        return self.names.get(f"{scheme}-{code}", (code, code))

    def measure(self, name: str) -> tuple[str, str]:
        """Return the (Korean, English) name of a measure of :mod:`segraph.network.centrality`
        (``betweenness`` → 매개 중심성, betweenness centrality); the name itself when unknown."""
        prop = MEASURE_PROPERTIES.get(name)
        return self.names.get(prop[len(SEG) :], (name, name)) if prop else (name, name)


def read_terms(graph: Graph) -> Terms:
    """Return the names of every segraph SKOS concept and datatype property in ``graph``."""
    names: dict[str, tuple[str, str]] = {}
    for row in select(graph, TERM_LABELS):
        iri = row["concept"]
        if not iri.startswith(str(SEG)) or iri[len(SEG) :] in names:
            continue
        ko, en = row["ko"] or "", row["en"] or ""
        names[iri[len(SEG) :]] = (ko or en, en or ko)
    return Terms(names)
