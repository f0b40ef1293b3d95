"""Work shared with a forked child process gives what the same work gives in one process."""

from __future__ import annotations

import os

import networkx as nx
import pytest
from rdflib import Graph

from segraph._util.background import Background
from segraph.network import analysis as analysis_module
from segraph.network import layout
from segraph.network.analysis import analyse, organisation_rows
from segraph.network.groups import edges_within, group_networks


def test_a_background_result_is_computed_in_another_process() -> None:
    here = os.getpid()
    assert Background(os.getpid).result() != here
    assert Background(os.getpid, in_child=False).result() == here
    assert Background(lambda: sorted({3, 1, 2})).result() == [1, 2, 3]


def test_a_background_failure_comes_back_as_raised() -> None:
    def fails() -> None:
        raise ValueError("no such district: 99999")

    with pytest.raises(ValueError, match="no such district") as raised:
        Background(fails).result()
    assert any("fails" in note for note in raised.value.__notes__)  # the child's traceback


def test_an_unpicklable_result_and_a_dead_child_are_reported() -> None:
    with pytest.raises(RuntimeError, match="cannot be sent"):
        Background(lambda: lambda: None).result()
    with pytest.raises(RuntimeError, match="died"):
        Background(lambda: os._exit(3)).result()


def test_the_analysis_on_two_processes_is_the_analysis_on_one(
    seoul_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis_module, "PARALLEL_FROM", 10**9)
    alone = analyse(seoul_graph)
    monkeypatch.setattr(analysis_module, "PARALLEL_FROM", 1)
    shared = analyse(seoul_graph)
    assert organisation_rows(shared) == organisation_rows(alone)
    assert shared.partition.communities == alone.partition.communities
    assert organisation_rows(shared, "two-mode") == organisation_rows(alone, "two-mode")


def test_layouts_shared_with_a_child_are_each_network_s_own_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    networks = [nx.path_graph(n) for n in (5, 40, 3, 120, 1)] + [nx.cycle_graph(60)]
    monkeypatch.setattr(layout, "PARALLEL_COST", 0)
    shared = layout.force_layouts(networks)
    assert shared == [layout.force_layout(network) for network in networks]


def test_a_layout_does_not_depend_on_the_order_the_ties_come_in() -> None:
    ties = list(nx.gnm_random_graph(80, 200, seed=4).edges())
    forward = nx.Graph(ties)
    backward = nx.Graph()
    backward.add_nodes_from(sorted(forward, reverse=True))
    backward.add_edges_from((b, a) for a, b in reversed(ties))
    assert layout.force_layout(forward) == layout.force_layout(backward)


def test_edges_within_groups_are_the_subgraphs_edges() -> None:
    network = nx.gnm_random_graph(60, 240, seed=7)
    nx.set_edge_attributes(network, {e: {"weight": i} for i, e in enumerate(network.edges())})
    groups = [tuple(range(0, 20)), tuple(range(20, 45)), (45,), tuple(range(46, 60))]
    for members, found in zip(groups, edges_within(network, groups), strict=True):
        expected = network.subgraph(members)
        assert {frozenset((a, b)) for a, b, _ in found} == {frozenset(e) for e in expected.edges}
        assert all(attrs == network.edges[a, b] for a, b, attrs in found)
    graphs = group_networks(network, groups)
    assert [list(graph) for graph in graphs] == [list(members) for members in groups]
    assert all(
        nx.utils.graphs_equal(g, network.subgraph(m)) for g, m in zip(graphs, groups, strict=True)
    )
