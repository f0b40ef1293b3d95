"""The SPARQL 1.1 Service Description of ``segraph serve``: what a client learns from a GET of
the endpoint without a query (the query language, result formats, limits of the service)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
#: The W3C's IRIs of result and RDF formats (https://www.w3.org/ns/formats/).
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: Media type → the W3C format IRI a service description names it by.
FORMAT_IRIS: dict[str, URIRef] = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS.RDF_XML,
}


def service_description(endpoint: str, media_types: Iterable[str]) -> Graph:
    """Return the description of the read-only endpoint at ``endpoint``, answering in
    ``media_types``.

    Examples
    --------
    >>> graph = service_description("http://127.0.0.1:7879/sparql", ["text/turtle"])
    >>> (URIRef("http://127.0.0.1:7879/sparql"), RDF.type, None) in graph
    False
    >>> len(list(graph.subjects(SD.endpoint, URIRef("http://127.0.0.1:7879/sparql"))))
    1
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for media_type in sorted(set(media_types)):
        if media_type in FORMAT_IRIS:
            graph.add((service, SD.resultFormat, FORMAT_IRIS[media_type]))
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add(
        (
            service,
            RDFS.comment,
            Literal(
                "segraph serve: a read-only SPARQL 1.1 Query endpoint over the segraph knowledge "
                "graph; updates, SERVICE and FROM are refused.",
                lang="en",
            ),
        )
    )
    return graph
