"""Measures at national scale: sampled estimates checked against exact values and networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from segraph.network import centrality as metrics
from segraph.network import summary
from segraph.network.model import Network

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
    monkeypatch.setattr(metrics, "POWER_ITERATION_LIMIT", 10_000)
    power = metrics.eigenvector(graph)
    monkeypatch.setattr(metrics, "POWER_ITERATION_LIMIT", 10)
    solver = metrics.eigenvector(graph)
    assert max(abs(power[n] - solver[n]) for n in graph) < 1e-6


def two_mode_graph() -> tuple[nx.Graph, list[str]]:
    """A random connected organisation × program network."""
    rng = random.Random(2)
    graph = nx.Graph()
    organisations = [f"o{i:04d}" for i in range(400)]
    programs = [f"p{i:03d}" for i in range(60)]
    graph.add_nodes_from(organisations, bipartite=0)
    graph.add_nodes_from(programs, bipartite=1)
    for org in organisations:
        for program in rng.sample(programs, rng.randint(1, 3)):
            graph.add_edge(org, program)
    assert nx.is_connected(graph)
    return graph, organisations


def test_bipartite_measures_estimated_above_the_limit() -> None:
    graph, organisations = two_mode_graph()
    exact = metrics.two_mode_measures(graph, exact_limit=10_000)
    every = metrics._bipartite_closeness(Network(graph), organisations, 10, 1)
    for org in organisations:  # with every node sampled, the estimate is the exact value
        assert every[org] == pytest.approx(exact[org]["bipartite_closeness"], rel=1e-9)
    sampled = metrics.two_mode_measures(graph, exact_limit=100)
    error = [
        abs(sampled[o]["bipartite_betweenness"] - exact[o]["bipartite_betweenness"])
        for o in organisations
    ]
    assert sum(error) / len(error) < 0.2 * sum(
        exact[o]["bipartite_betweenness"] for o in organisations
    ) / len(organisations)
    assert all(sampled[o]["programs"] == exact[o]["programs"] for o in organisations)


def test_effective_size_follows_burts_definition() -> None:
    # b's contacts: a (tie 1) and c (tie 3), a and c tied with 2, c also tied to d (1).
    # Contact a: shared contact c, p(b, c) = 3/4, m(a, c) = 2/2 -> redundancy 3/4.
    # Contact c: shared contact a, p(b, a) = 1/4, m(c, a) = 2/3 -> redundancy 1/6.
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        [("a", "b", 1.0), ("a", "c", 2.0), ("b", "c", 3.0), ("c", "d", 1.0)], weight="strength"
    )
    assert metrics.effective_size(graph)["b"] == pytest.approx((1 - 3 / 4) + (1 - 1 / 6))


def test_sparse_effective_size_is_networkx_value() -> None:
    graph = weighted_graph(300)
    graph.add_edge("hub", "n00001", strength=4.0)
    for i in range(2, 60):
        graph.add_edge("hub", f"n{i:05d}", strength=1.0 + i % 3)
    graph.add_node("alone")
    expected = nx.effective_size(graph, nodes=list(graph), weight="strength")
    fast = metrics.effective_size(graph, "strength")
    unweighted = metrics.effective_size(graph, None)
    expected_unweighted = nx.effective_size(graph, nodes=list(graph))
    for node in graph:
        if node == "alone":
            assert fast[node] == 0.0
            continue
        assert fast[node] == pytest.approx(expected[node], rel=1e-12)
        assert unweighted[node] == pytest.approx(expected_unweighted[node], rel=1e-12)


def test_average_clustering_estimated_on_large_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = weighted_graph(3000)
    exact = nx.average_clustering(graph)
    assert summary.average_clustering(graph) == pytest.approx(exact, rel=1e-12)
    monkeypatch.setattr(summary, "EXACT_CLUSTERING_LIMIT", 1000)
    estimate = summary.average_clustering(graph)
    assert estimate != exact and abs(estimate - exact) < 0.02
    assert summary.average_clustering(graph) == estimate  # seeded
