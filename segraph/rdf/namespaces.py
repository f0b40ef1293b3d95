"""The RDF namespaces segraph writes and reads, declared once."""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD


class CachedNamespace(Namespace):
    """An rdflib ``Namespace`` that mints each term once.

    A plain ``Namespace`` builds and validates a new ``URIRef`` on every attribute access
    (``SEG.participant``), which costs microseconds per triple in a large build; here the first
    access stores the term as an ordinary attribute, so later ones are plain lookups.
    """

    def __getattr__(self, name: str) -> Any:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


SEG = CachedNamespace("https://w3id.org/segraph/ontology#")
ID = Namespace("https://w3id.org/segraph/id/")
ORG = CachedNamespace("http://www.w3.org/ns/org#")
ROV = CachedNamespace("http://www.w3.org/ns/regorg#")
SCHEMA = CachedNamespace("https://schema.org/")
ESS = CachedNamespace("http://purl.org/essglobal/vocab/")
ADMS = CachedNamespace("http://www.w3.org/ns/adms#")

#: Prefixes bound on every graph segraph builds and predeclared for SPARQL queries.
PREFIXES: dict[str, Namespace] = {
    "seg": SEG,
    "segid": ID,
    "org": ORG,
    "rov": ROV,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "essglobal": ESS,
    "adms": ADMS,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind segraph's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """Return ``PREFIX`` declarations for every segraph prefix, one per line."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


_DECLARED_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


def with_prologue(query: str) -> str:
    """Return ``query`` preceded by the segraph prefixes it does not declare itself.

    The declarations go on the query's first line, so line numbers in a server's error message
    still match the query as written.
    """
    declared = {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(query)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return " ".join(missing) + (" " if missing else "") + query


def prefixed(iri: str) -> str:
    """Return ``iri`` as ``prefix:local`` when it is in a segraph namespace, else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri
