"""segraph: a knowledge graph of the social economy ecosystem.

The Python API mirrors the command line, one function (or two) per command::

    import segraph
    graph = segraph.build_graph()                  # segraph build (the bundled Seoul 2021 data)
    graph = segraph.build_graph(data=["mine/", segraph.bundled_dataset()])
    segraph.write_graph(graph, "seoul.ttl")
    report = segraph.validate_graph(graph)         # segraph validate
    counts = segraph.graph_stats(graph)            # segraph stats
    analysis = segraph.analyse(graph)              # segraph metrics
    segraph.write_map(graph, "map.html")           # segraph map
    segraph.export(graph, "seoul.gexf")            # segraph export

The names below are loaded on first use, so ``import segraph`` stays quick and loads neither
rdflib, networkx, scipy nor pyshacl until a function that needs them is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it (the curated API, in the order of the flow).
_API: dict[str, str] = {
    "ArgumentError": "segraph.errors",
    "DataError": "segraph.errors",
    "SegraphError": "segraph.errors",
    "UsageError": "segraph.errors",
    "bundled_dataset": "segraph._util.resources",
    "bundled_datasets": "segraph._util.resources",
    "load_dataset": "segraph.dataset.read",
    "Ecosystem": "segraph.dataset.assemble",
    "assemble": "segraph.dataset.assemble",
    "load_ecosystem": "segraph.dataset.load",
    "resolution_rows": "segraph.dataset.load",
    "near_miss_rows": "segraph.dataset.load",
    "conflict_rows": "segraph.dataset.load",
    "write_synthetic": "segraph.dataset.synthetic",
    "import_list": "segraph.importers",
    "write_dataset": "segraph.importers",
    "build_graph": "segraph.rdf.build",
    "open_graph": "segraph.rdf.open",
    "new_graph": "segraph.rdf.stores",
    "load_graph": "segraph.rdf.reader",
    "serialize_graph": "segraph.rdf.serialize",
    "write_graph": "segraph.rdf.serialize",
    "ValidationReport": "segraph.rdf.shacl",
    "validate_graph": "segraph.rdf.shacl",
    "run_query": "segraph.sparql.query",
    "select": "segraph.sparql.query",
    "graph_stats": "segraph.sparql.stats",
    "check_answer": "segraph.sparql.competency",
    "load_questions": "segraph.sparql.competency",
    "make_server": "segraph.sparql.server.http",
    "push_graph": "segraph.sparql.graph_store",
    "network_filter": "segraph.network.filters",
    "collaboration_network": "segraph.network.views",
    "two_mode_network": "segraph.network.views",
    "AnalysisSettings": "segraph.network.analysis",
    "analyse": "segraph.network.analysis",
    "organisation_rows": "segraph.network.analysis",
    "compare_years": "segraph.network.change",
    "NullSettings": "segraph.network.nulls",
    "compare_with_null": "segraph.network.nulls",
    "read_networks": "segraph.network.views",
    "community_stability": "segraph.network.stability",
    "program_network": "segraph.network.programs",
    "core_periphery": "segraph.network.core_periphery",
    "program_rows": "segraph.network.programs",
    "export": "segraph.readwrite.export",
    "write_report": "segraph.readwrite.report",
    "MapSpec": "segraph.drawing",
    "write_map": "segraph.drawing",
}

__all__ = [
    "AnalysisSettings",
    "ArgumentError",
    "DataError",
    "Ecosystem",
    "MapSpec",
    "NullSettings",
    "SegraphError",
    "UsageError",
    "ValidationReport",
    "__version__",
    "analyse",
    "assemble",
    "build_graph",
    "bundled_dataset",
    "bundled_datasets",
    "check_answer",
    "collaboration_network",
    "community_stability",
    "compare_with_null",
    "compare_years",
    "conflict_rows",
    "core_periphery",
    "export",
    "graph_stats",
    "import_list",
    "load_dataset",
    "load_ecosystem",
    "load_graph",
    "load_questions",
    "make_server",
    "near_miss_rows",
    "network_filter",
    "new_graph",
    "open_graph",
    "organisation_rows",
    "program_network",
    "program_rows",
    "push_graph",
    "read_networks",
    "resolution_rows",
    "run_query",
    "select",
    "serialize_graph",
    "two_mode_network",
    "validate_graph",
    "write_dataset",
    "write_graph",
    "write_map",
    "write_report",
    "write_synthetic",
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
    from segraph.dataset.load import (
        conflict_rows,
        load_ecosystem,
        near_miss_rows,
        resolution_rows,
    )
    from segraph.dataset.read import load_dataset
    from segraph.dataset.synthetic import write_synthetic
    from segraph.drawing import MapSpec, write_map
    from segraph.errors import ArgumentError, DataError, SegraphError, UsageError
    from segraph.importers import import_list, write_dataset
    from segraph.network.analysis import AnalysisSettings, analyse, organisation_rows
    from segraph.network.change import compare_years
    from segraph.network.filters import network_filter
    from segraph.network.views import collaboration_network, two_mode_network
    from segraph.rdf.build import build_graph
    from segraph.rdf.open import open_graph
    from segraph.rdf.reader import load_graph
    from segraph.rdf.serialize import serialize_graph, write_graph
    from segraph.rdf.shacl import ValidationReport, validate_graph
    from segraph.rdf.stores import new_graph
    from segraph.readwrite.export import export
    from segraph.readwrite.report import write_report
    from segraph.sparql.competency import check_answer, load_questions
    from segraph.sparql.graph_store import push_graph
    from segraph.sparql.query import run_query, select
    from segraph.sparql.server.http import make_server
    from segraph.sparql.stats import graph_stats
