"""Shared fixtures: the small hand-written datasets and graphs built from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import segraph

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
EXTRA = FIXTURES / "extra"


@pytest.fixture(scope="session")
def mini_graph() -> Graph:
    """The graph of the tiny fixture dataset (do not mutate: shared by the session)."""
    return segraph.build_graph(data=[MINI])


@pytest.fixture(scope="session")
def merged_graph() -> Graph:
    """The tiny fixture dataset merged with a second folder that adds to it."""
    return segraph.build_graph(data=[MINI, EXTRA])


@pytest.fixture(scope="session")
def seoul_graph() -> Graph:
    """The graph of the bundled Seoul 2021 dataset (do not mutate: shared by the session)."""
    return segraph.build_graph()


#: Test modules that drive Debian's chromium through playwright.
BROWSER_MODULES = frozenset({"test_map_browser", "test_serve_editor"})
#: Test modules that start real SPARQL servers (``oxigraph serve``, ``segraph serve``).
SERVER_MODULES = frozenset(
    {
        "test_sparql_servers",
        "test_serve",
        "test_serve_editor",
        "test_push_servers",
        "test_errors_hostile",
    }
)
#: Tests that take 3 s or more on a 2-core machine (``pytest --durations=40``), by module, or
#: by test name within a module.
SLOW_TESTS: dict[str, frozenset[str] | None] = {
    "test_metrics_scale": None,
    "test_benchmark_harness": None,
    "test_competency": frozenset({"test_cq_lists_runs_and_checks"}),
    "test_synth": frozenset({"test_small_ecosystem_conforms_to_the_shapes"}),
    "test_romanize": frozenset({"test_a_run_romanised_in_pieces_equals_the_whole_run"}),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser, server and slow tests in one place (``-m "not browser"`` skips them)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if module in SERVER_MODULES:
            item.add_marker(pytest.mark.server)
        if module in SLOW_TESTS:
            names = SLOW_TESTS[module]
            if names is None or item.originalname in names:
                item.add_marker(pytest.mark.slow)
