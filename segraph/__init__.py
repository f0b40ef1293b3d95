"""segraph: a knowledge graph of the social economy ecosystem.

The Python API mirrors the command line::

    import segraph
    graph = segraph.build_graph()                  # the bundled Seoul 2021 dataset
    graph = segraph.build_graph(data=["mine/", segraph.bundled_dataset()])
    segraph.write_graph(graph, "seoul.ttl")
    report = segraph.validate_graph(graph)
    counts = segraph.graph_stats(graph)

The names below are loaded on first use, so ``import segraph`` stays quick and loads neither
networkx, scipy nor pyshacl until a function that needs them is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it (the curated API, in the order of the flow).
_API: dict[str, str] = {
    "DataError": "segraph.errors",
    "SegraphError": "segraph.errors",
    "UsageError": "segraph.errors",
    "bundled_dataset": "segraph._util.resources",
    "bundled_datasets": "segraph._util.resources",
    "load_dataset": "segraph.dataset.read",
    "Ecosystem": "segraph.dataset.assemble",
    "assemble": "segraph.dataset.assemble",
    "load_ecosystem": "segraph.dataset.load",
    "build_graph": "segraph.rdf.build",
    "new_graph": "segraph.rdf.stores",
    "load_graph": "segraph.rdf.stores",
    "serialize_graph": "segraph.rdf.serialize",
    "write_graph": "segraph.rdf.serialize",
    "ValidationReport": "segraph.rdf.shacl",
    "validate_graph": "segraph.rdf.shacl",
    "select": "segraph.sparql.query",
    "graph_stats": "segraph.sparql.stats",
}

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


def __getattr__(name: str) -> Any:
    """Load a name of the curated API from its module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'segraph' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from segraph._util.resources import bundled_dataset, bundled_datasets
    from segraph.dataset.assemble import Ecosystem, assemble
    from segraph.dataset.load import load_ecosystem
    from segraph.dataset.read import load_dataset
    from segraph.errors import DataError, SegraphError, UsageError
    from segraph.rdf.build import build_graph
    from segraph.rdf.serialize import serialize_graph, write_graph
    from segraph.rdf.shacl import ValidationReport, validate_graph
    from segraph.rdf.stores import load_graph, new_graph
    from segraph.sparql.query import select
    from segraph.sparql.stats import graph_stats
