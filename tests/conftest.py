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
