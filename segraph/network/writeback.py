"""Write an analysis back into the RDF graph as triples, so SPARQL users can query it.

Each organisation gets its measures (``seg:degree``, ``seg:betweenness``, …, all ``xsd:decimal``),
its brokerage counts by district (``seg:brokerageCoordinator``, …) and ``seg:community``, a
``seg:Community`` node ``…/id/community/<method>/<n>`` carrying ``seg:communityMethod``,
``seg:communitySize`` and ``seg:modularity``. Community nodes and the ``seg:MetricsRun`` (a
``prov:Activity``) record their provenance: ``prov:wasGeneratedBy`` the run, which ``prov:used``
every dataset of the graph. No timestamp is written, so building twice gives the same triples.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from segraph import __version__
from segraph.network.analysis import Analysis, AnalysisSettings, analyse
from segraph.rdf.namespaces import ID, SEG

#: Measure column → the property written for it.
MEASURE_PROPERTIES: dict[str, URIRef] = {
    "degree": SEG.degree,
    "weighted_degree": SEG.weightedDegree,
    "betweenness": SEG.betweenness,
    "closeness": SEG.closeness,
    "harmonic": SEG.harmonicCentrality,
    "eigenvector": SEG.eigenvector,
    "pagerank": SEG.pagerank,
    "constraint": SEG.constraint,
    "effective_size": SEG.effectiveSize,
    "core_number": SEG.coreNumber,
}
#: Brokerage role → the property written for it.
ROLE_PROPERTIES: dict[str, URIRef] = {
    "coordinator": SEG.brokerageCoordinator,
    "itinerant": SEG.brokerageItinerant,
    "gatekeeper": SEG.brokerageGatekeeper,
    "representative": SEG.brokerageRepresentative,
    "liaison": SEG.brokerageLiaison,
}
#: The partition whose brokerage counts are written (the properties hold one set of roles).
WRITTEN_PARTITION = "district"

#: Every property an earlier run may have written on organisations, removed before writing.
ANALYTICS_PROPERTIES: tuple[URIRef, ...] = (
    *MEASURE_PROPERTIES.values(),
    *ROLE_PROPERTIES.values(),
    SEG.community,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def decimal_literal(value: float) -> Literal:
    """Return ``value`` as an ``xsd:decimal`` literal, rounded to 9 places, without exponent."""
    number = Decimal(repr(float(value))).quantize(Decimal("1e-9")).normalize()
    return Literal(format(number, "f"), datatype=XSD.decimal)


def run_iri(settings: AnalysisSettings) -> URIRef:
    """IRI of the metrics run for these settings (the same settings give the same IRI)."""
    return ID[f"metrics-run/{settings.method}-{settings.layer}-{settings.weighting}"]


def community_iri(method: str, number: int) -> URIRef:
    """IRI of community ``number`` found by ``method``."""
    return ID[f"community/{method}/{number}"]


def analysis_values(analysis: Analysis) -> dict[str, dict[str, float | str]]:
    """Every organisation's measures, brokerage counts and community, under the names
    :func:`metrics_triples` writes them with (``betweenness``, ``weightedDegree``,
    ``brokerageLiaison``…, ``community``), as computed, without a round trip through RDF."""
    values: dict[str, dict[str, float | str]] = {}
    for org, prop, value in _organisation_values(analysis):
        values.setdefault(str(org), {})[str(prop)[len(str(SEG)) :]] = value
    for number, members in enumerate(analysis.partition.communities, 1):
        for member in members:
            values.setdefault(str(member), {})["community"] = str(number)
    return values


def _organisation_values(analysis: Analysis) -> Iterator[tuple[Hashable, URIRef, float]]:
    """(organisation, property, value) of every measure and district brokerage count (none for
    an organisation whose district is unknown: its roles cannot be named)."""
    counts = analysis.brokerage[WRITTEN_PARTITION].counts
    for org, measures in analysis.measures.items():
        for name, prop in MEASURE_PROPERTIES.items():
            yield org, prop, float(measures[name])
        if org in counts:
            for role, prop in ROLE_PROPERTIES.items():
                yield org, prop, float(counts[org][role])


def metrics_triples(analysis: Analysis, datasets: list[str] | None = None) -> Iterator[Triple]:
    """Yield the triples that describe ``analysis`` (see the module doc)."""
    settings = analysis.settings
    run = run_iri(settings)
    modularity = decimal_literal(analysis.partition.modularity)
    yield run, RDF.type, SEG.MetricsRun
    yield run, RDF.type, PROV.Activity
    yield run, SEG.communityMethod, Literal(settings.method)
    yield run, SEG.modularity, modularity
    yield (
        run,
        RDFS.label,
        Literal(
            f"network metrics (segraph {__version__}): {settings.layer} ties, "
            f"{settings.weighting} weighting, {'weighted' if settings.weighted else 'unweighted'} "
            "measures, "
            f"{settings.method} communities (seed {settings.seed}, resolution "
            f"{settings.resolution:g}), brokerage by {WRITTEN_PARTITION}",
            lang="en",
        ),
    )
    for dataset in datasets or ():
        yield run, PROV.used, URIRef(dataset)
    for number, members in enumerate(analysis.partition.communities, 1):
        node = community_iri(settings.method, number)
        yield node, RDF.type, SEG.Community
        yield node, RDF.type, PROV.Entity
        yield node, RDFS.label, Literal(f"{settings.method} community {number}", lang="en")
        yield node, SEG.communityMethod, Literal(settings.method)
        yield node, SEG.communitySize, decimal_literal(len(members))
        yield node, SEG.modularity, modularity
        yield node, PROV.wasGeneratedBy, run
        for member in members:
            yield URIRef(str(member)), SEG.community, node
    for org, prop, value in _organisation_values(analysis):
        yield URIRef(str(org)), prop, decimal_literal(value)


def remove_metrics(graph: Graph) -> None:
    """Remove from ``graph`` the triples an earlier :func:`enrich_graph` wrote."""
    for prop in ANALYTICS_PROPERTIES:
        graph.remove((None, prop, None))
    for cls in (SEG.Community, SEG.MetricsRun):
        for node in list(graph.subjects(RDF.type, cls)):
            graph.remove((node, None, None))


def enrich_graph(graph: Graph, settings: AnalysisSettings | None = None) -> Analysis:
    """Analyse ``graph`` and add the results to it as triples (this modifies ``graph``).

    Triples of an earlier run are removed first, so enriching twice leaves one set of values.

    Parameters
    ----------
    graph : the RDF graph to analyse and enrich.
    settings : the analysis settings (default: every tie, count weighting, Louvain).

    Returns
    -------
    Analysis
        What was written.

    Examples
    --------
    >>> graph = segraph.build_graph()  # doctest: +SKIP
    >>> enrich_graph(graph).partition.modularity  # doctest: +SKIP
    """
    remove_metrics(graph)
    analysis = analyse(graph, settings)
    for triple in metrics_triples(analysis, analysis.summary["datasets"]):
        graph.add(triple)
    return analysis
