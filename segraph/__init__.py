"""segraph: a knowledge graph of the social economy ecosystem.

The Python API mirrors the command line::

    import segraph
    graph = segraph.build_graph()                  # the bundled Seoul 2021 dataset
    graph = segraph.build_graph(data=["mine/", segraph.bundled_dataset()])
    segraph.write_graph(graph, "seoul.ttl")
    report = segraph.validate_graph(graph)
    counts = segraph.graph_stats(graph)
"""

from segraph.assemble import Ecosystem, assemble
from segraph.build import build_graph, load_ecosystem
from segraph.errors import DataError, SegraphError, UsageError
from segraph.export import serialize_graph, write_graph
from segraph.loader import load_dataset
from segraph.resources import bundled_dataset, bundled_datasets
from segraph.sparql import select
from segraph.stats import graph_stats
from segraph.store import load_graph, new_graph
from segraph.validate import ValidationReport, validate_graph

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Ecosystem",
    "SegraphError",
    "UsageError",
    "ValidationReport",
    "__version__",
    "assemble",
    "build_graph",
    "bundled_dataset",
    "bundled_datasets",
    "graph_stats",
    "load_dataset",
    "load_ecosystem",
    "load_graph",
    "new_graph",
    "select",
    "serialize_graph",
    "validate_graph",
    "write_graph",
]
