"""The vocabulary terms the triple generators write, each a plain ``str`` looked up once.

The generators (:mod:`segraph.rdf.triples`, :mod:`segraph.rdf.registers`) write every IRI as a
plain string (see :class:`segraph.rdf.terms.PlainTerms`): instance IRIs are formatted from their
ids (:mod:`segraph.rdf.iris`), vocabulary terms taken from here.
"""

from __future__ import annotations

from rdflib import namespace as rdflib_namespaces

from segraph.rdf import namespaces
from segraph.rdf.terms import PlainTerms

DCAT, DCTERMS, PROV, RDF, RDFS, SKOS = map(
    PlainTerms,
    (
        rdflib_namespaces.DCAT,
        rdflib_namespaces.DCTERMS,
        rdflib_namespaces.PROV,
        rdflib_namespaces.RDF,
        rdflib_namespaces.RDFS,
        rdflib_namespaces.SKOS,
    ),
)
ADMS, ORG, ROV, SCHEMA, SEG = map(
    PlainTerms,
    (namespaces.ADMS, namespaces.ORG, namespaces.ROV, namespaces.SCHEMA, namespaces.SEG),
)
#: The segraph ontology namespace, for terms formed from codes (``seg:idscheme-<code>``).
SEG_NAMESPACE = str(namespaces.SEG)
