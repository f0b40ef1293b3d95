"""The RDF namespaces segraph writes and reads, declared once."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

SEG = Namespace("https://w3id.org/segraph/ontology#")
ID = Namespace("https://w3id.org/segraph/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
SCHEMA = Namespace("https://schema.org/")
ESS = Namespace("http://purl.org/essglobal/vocab/")

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
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind segraph's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """Return ``PREFIX`` declarations for every segraph prefix, one per line."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def prefixed(iri: str) -> str:
    """Return ``iri`` as ``prefix:local`` when it is in a segraph namespace, else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri
