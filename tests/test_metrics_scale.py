"""Measures at national scale: sampled estimates checked against exact values and networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from segraph import metrics

igraph = pytest.importorskip("igraph")


def weighted_graph(n: int, seed: int = 3) -> nx.Graph:
    """A connected small-world graph with random tie strengths and string node ids."""
    graph = nx.connected_watts_strogatz_graph(n, 6, 0.1, seed=seed)
    rng = random.Random(seed)
    for a, b in graph.edges():
        graph[a][b]["strength"] = rng.uniform(0.5, 3.0)
    return nx.relabel_nodes(graph, {i: f"n{i:05d}" for i in graph})


def test_igraph_estimate_is_networkx_estimate() -> None:
    graph = weighted_graph(600)
    fast = metrics.betweenness(graph, exact_limit=100, samples=40, seed=5)
    work = metrics.distance_graph(graph)
    slow = nx.betweenness_centrality(work, k=40, weight="distance", normalized=True, seed=5)
    assert fast.keys() == slow.keys()
    assert max(abs(fast[n] - slow[n]) for n in graph) < 1e-12
    assert max(slow.values()) > 0.01


def test_sampling_every_node_gives_the_exact_distances() -> None:
    graph = weighted_graph(300)
    graph.add_edge("z1", "z2", strength=2.0)  # a second, small component
    graph.add_node("z3")  # and an isolate
    exact_close, exact_harmonic = metrics.closeness_and_harmonic(graph, exact_limit=10_000)
    close, harmonic = metrics.closeness_and_harmonic(graph, exact_limit=100, samples=400)
    for node in graph:
        assert close[node] == pytest.approx(exact_close[node], rel=1e-9, abs=1e-12)
        assert harmonic[node] == pytest.approx(exact_harmonic[node], rel=1e-9, abs=1e-12)


def test_sampled_distances_are_close_to_exact() -> None:
    graph = weighted_graph(1200)
    exact_close, exact_harmonic = metrics.closeness_and_harmonic(graph, exact_limit=10_000)
    close, harmonic = metrics.closeness_and_harmonic(graph, exact_limit=100, samples=200)
    close_error = [abs(close[n] - exact_close[n]) / exact_close[n] for n in graph]
    harmonic_error = [abs(harmonic[n] - exact_harmonic[n]) / exact_harmonic[n] for n in graph]
    assert sum(close_error) / len(graph) < 0.03
    assert sum(harmonic_error) / len(graph) < 0.05
    top_exact = sorted(graph, key=exact_close.get, reverse=True)[:20]
    top_sampled = sorted(graph, key=close.get, reverse=True)[:20]
    assert len(set(top_exact) & set(top_sampled)) >= 12


def test_eigenvector_from_the_sparse_solver_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = weighted_graph(400)
    power = metrics.eigenvector(graph)
    monkeypatch.setattr(metrics, "POWER_ITERATION_LIMIT", 10)
    solver = metrics.eigenvector(graph)
    assert max(abs(power[n] - solver[n]) for n in graph) < 1e-6
