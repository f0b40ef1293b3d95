"""The vectorised measures (shared array view, sparse structural holes, mixing, modularity,
PageRank, eigenvector), checked against networkx and igraph on seeded random graphs that are
weighted, have isolates and several components."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from segraph.network import centrality as metrics
from segraph.network import mixing as mixed
from segraph.network import structural_holes as holes
from segraph.network.arrays import NetworkArrays
from segraph.network.communities import _canonical, detect_communities, modularity


def random_network(
    seed: int, self_loops: bool = False, zero_ties: bool = False, continuous: bool = False
) -> nx.Graph:
    """A weighted random graph: a large component, small ones, isolates, string node ids
    inserted in shuffled order, districts and kinds (some empty). Strengths are drawn from a few
    values (many shortest paths of equal length), or from an interval when ``continuous``."""
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(150, 450, seed=seed)
    graph.add_edges_from([(200, 201), (201, 202), (203, 204)])  # small components
    graph.add_nodes_from([300, 301, 302])  # isolates
    if self_loops:
        graph.add_edges_from((v, v) for v in rng.sample(range(150), 8))
        graph.add_edge(205, 205)  # a node whose only tie is a self-loop
    network = nx.Graph()
    nodes = [f"n{v:03d}" for v in graph]
    rng.shuffle(nodes)
    for node in nodes:
        network.add_node(
            node,
            district=rng.choice(["11440", "11290", "11740", ""]),
            kind=rng.choice(["enterprise", "network", "team"]),
        )
    for a, b in graph.edges():
        strength = rng.uniform(0.5, 3.0) if continuous else rng.choice([0.5, 1.0, 2.0, 3.5])
        if zero_ties and rng.random() < 0.05:
            strength = 0.0
        network.add_edge(f"n{a:03d}", f"n{b:03d}", strength=strength)
    return network


def test_array_view_of_a_network() -> None:
    network = nx.Graph([("c", "a", {"strength": 2.0}), ("b", "b", {"strength": 4.0})])
    network.add_edge("a", "b")  # no strength: 1.0
    network.add_node("d")
    arrays = NetworkArrays.from_network(network)
    assert arrays.nodes == ["a", "b", "c", "d"]
    dense = arrays.adjacency().toarray()
    expected = nx.to_numpy_array(network, nodelist=arrays.nodes, weight="strength")
    np.testing.assert_array_equal(dense, expected)
    assert [m.tolist() for m in arrays.components()] == [[0, 1, 2], [3]]
    unweighted = NetworkArrays.from_network(network, None)
    assert unweighted.weight.tolist() == [1.0, 1.0, 1.0]


def test_components_largest_first_then_smallest_node() -> None:
    network = random_network(1)
    arrays = NetworkArrays.from_network(network)
    found = [[arrays.nodes[i] for i in members] for members in arrays.components()]
    expected = sorted(
        (sorted(c) for c in nx.connected_components(network)), key=lambda c: (-len(c), c[0])
    )
    assert found == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("self_loops", [False, True])
def test_constraint_is_networkx_constraint(seed: int, self_loops: bool) -> None:
    network = random_network(seed, self_loops=self_loops)
    for strength in ("strength", None):
        expected = nx.constraint(network, weight=strength)
        found = metrics.constraint(network, strength)
        for node in network:
            if math.isnan(expected[node]):
                assert found[node] == 1.0
            else:
                assert found[node] == pytest.approx(expected[node], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("zero_ties", [False, True])
def test_effective_size_is_networkx_per_node_effective_size(seed: int, zero_ties: bool) -> None:
    network = random_network(seed, zero_ties=zero_ties)
    for strength in ("strength", None):
        expected = nx.effective_size(network, nodes=list(network), weight=strength)
        found = metrics.effective_size(network, strength)
        for node in network:
            if network.degree(node, weight=strength) == 0:  # no tie strength: no contact counts
                assert found[node] == 0.0
                continue
            assert found[node] == pytest.approx(expected[node], rel=1e-12, abs=1e-12)


def test_structural_holes_do_not_depend_on_the_row_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    arrays = NetworkArrays.from_network(random_network(6, self_loops=True))
    whole = holes.constraint_values(arrays), holes.effective_size_values(arrays)
    monkeypatch.setattr(holes, "BLOCK_WORK", 50)  # many blocks of a few rows
    adjacency = arrays.adjacency()
    blocks = list(holes._row_blocks(adjacency))
    assert len(blocks) > 20
    assert [b.start for b in blocks[1:]] == [b.stop for b in blocks[:-1]]
    assert blocks[0].start == 0 and blocks[-1].stop == arrays.size
    structure = adjacency.copy()
    structure.data[:] = 1.0
    paths = structure @ structure  # two-step paths counted by the product itself
    for rows in blocks:
        if rows.stop - rows.start > 1:
            assert paths[rows].sum() <= 50
    pieces = holes.constraint_values(arrays), holes.effective_size_values(arrays)
    for a, b in zip(whole, pieces, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-13, equal_nan=True)


@pytest.mark.parametrize("seed", [7, 8])
def test_pagerank_is_networkx_pagerank(seed: int) -> None:
    network = random_network(seed, self_loops=True)
    for strength in ("strength", None):
        expected = nx.pagerank(network, weight=strength)
        found = metrics.pagerank(network, strength)
        assert found.keys() == expected.keys()
        for node in network:
            assert found[node] == pytest.approx(expected[node], rel=1e-9)
        assert sum(found.values()) == pytest.approx(1.0)


def test_eigenvector_per_component_with_the_sparse_solver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    network = random_network(9)
    largest = max(nx.connected_components(network), key=len)
    reference = nx.eigenvector_centrality_numpy(network.subgraph(largest), weight="strength")
    monkeypatch.setattr(metrics, "POWER_ITERATION_LIMIT", 10)  # the large one by ARPACK
    found = metrics.eigenvector(network)
    share = len(largest) / len(network)
    for node in largest:
        assert found[node] == pytest.approx(abs(reference[node]) * share, rel=1e-9)
    for component in nx.connected_components(network):  # the small ones by power iteration
        if len(component) == 1:
            assert found[next(iter(component))] == 0.0
        elif component is not largest:
            local = nx.eigenvector_centrality(
                network.subgraph(component), max_iter=1000, tol=1e-10, weight="strength"
            )
            norm = math.sqrt(sum(v * v for v in local.values()))
            for node in component:
                expected = local[node] / norm * len(component) / len(network)
                assert found[node] == pytest.approx(expected, rel=1e-6)


def test_sampled_betweenness_on_several_components_is_networkx_estimate() -> None:
    pytest.importorskip("igraph")
    # igraph and networkx judge ties between float path lengths differently: no ties here
    network = random_network(10, continuous=True)
    fast = metrics.betweenness(network, exact_limit=50, samples=40, seed=3)
    slow = nx.betweenness_centrality(
        metrics.distance_graph(network), k=40, weight="distance", seed=3
    )
    assert fast.keys() == slow.keys()
    for node in network:
        assert fast[node] == pytest.approx(slow[node], rel=1e-9, abs=1e-15)


def test_closeness_and_harmonic_of_small_components_are_exact() -> None:
    network = random_network(11)
    close, harmonic = metrics.closeness_and_harmonic(network, exact_limit=100, samples=500)
    work = metrics.distance_graph(network)
    expected_close = nx.closeness_centrality(work, distance="distance")
    expected_harmonic = nx.harmonic_centrality(work, distance="distance")
    for node in network:
        assert close[node] == pytest.approx(expected_close[node], rel=1e-12)
        assert harmonic[node] == pytest.approx(expected_harmonic[node], rel=1e-12)


def test_hop_distances_by_breadth_first_search_are_networkx_values() -> None:
    network = random_network(19)
    for limit in (100, 10_000):  # per component, and over the whole network at once
        close, harmonic = metrics.closeness_and_harmonic(
            network, None, exact_limit=limit, samples=500
        )
        expected_close = nx.closeness_centrality(network)
        expected_harmonic = nx.harmonic_centrality(network)
        for node in network:
            assert close[node] == pytest.approx(expected_close[node], rel=1e-12)
            assert harmonic[node] == pytest.approx(expected_harmonic[node], rel=1e-12)


@pytest.mark.parametrize("seed", [12, 13])
def test_mixing_assortativity_and_ei_index_are_networkx_values(seed: int) -> None:
    network = random_network(seed, self_loops=True)
    for attribute in ("district", "kind"):
        known = [n for n, value in network.nodes(data=attribute) if value]
        sub = network.subgraph(known)
        mixing = nx.attribute_mixing_dict(sub, attribute)
        counts = mixed.mixing_counts(network, attribute)
        values = sorted({network.nodes[n][attribute] for n in known})
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                assert counts[i, j] == mixing.get(a, {}).get(b, 0)
        expected = nx.attribute_assortativity_coefficient(sub, attribute)
        assert mixed.assortativity(network, attribute) == pytest.approx(expected, rel=1e-12)
        internal = sum(row.get(value, 0) for value, row in mixing.items())
        total = sum(sum(row.values()) for row in mixing.values())
        assert mixed.ei_index(network, attribute) == (total - 2 * internal) / total


def test_assortativity_undefined_within_one_value() -> None:
    network = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(network, {"a": "x", "b": "x", "c": "x", "d": ""}, "kind")
    assert mixed.assortativity(network, "kind") is None
    assert mixed.ei_index(network, "kind") == -1.0
    assert mixed.ei_index(nx.Graph(), "kind") is None


@pytest.mark.parametrize("seed", [14, 15])
def test_modularity_is_networkx_modularity(seed: int) -> None:
    network = random_network(seed, self_loops=True)
    rng = random.Random(seed)
    nodes = sorted(network)
    labels = {node: rng.randrange(5) for node in nodes}
    communities = [{n for n in nodes if labels[n] == c} for c in range(5)]
    communities = [c for c in communities if c]
    arrays = NetworkArrays.from_network(network)
    for resolution in (1.0, 0.5):
        expected = nx.community.modularity(
            network, communities, weight="strength", resolution=resolution
        )
        assert modularity(arrays, communities, resolution) == pytest.approx(expected, abs=1e-12)


def test_louvain_runs_on_the_graph_in_sorted_order() -> None:
    network = random_network(16)
    canonical = nx.Graph()  # built independently: nodes, then ties by their sorted ends
    canonical.add_nodes_from(sorted(network))
    for a, b, s in sorted(
        ((min(a, b), max(a, b), s) for a, b, s in network.edges(data="strength")),
    ):
        canonical.add_edge(a, b, strength=s)
    made = _canonical(NetworkArrays.from_network(network))
    assert list(made.nodes) == list(canonical.nodes)
    assert list(made.edges(data=True)) == list(canonical.edges(data=True))
    expected = nx.community.louvain_communities(canonical, weight="strength", seed=4)
    found = detect_communities(network, seed=4)
    assert sorted(map(sorted, expected)) == sorted(map(list, found.communities))
    assert detect_communities(network, seed=4) == found  # reproducible
    assert found.modularity == pytest.approx(
        nx.community.modularity(canonical, expected, weight="strength"), abs=1e-12
    )


def planted_network(order_seed: int) -> tuple[nx.Graph, list[set[str]]]:
    """Four dense groups of 25 joined by a few ties, nodes and ties inserted in a shuffled
    order; also returns the groups."""
    graph = nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=3)
    strengths = random.Random(3)
    nodes = [f"g{v:03d}" for v in graph]
    edges = [(f"g{a:03d}", f"g{b:03d}", strengths.uniform(1, 2)) for a, b in graph.edges()]
    rng = random.Random(order_seed)
    weights = {frozenset(e[:2]): e[2] for e in edges}
    rng.shuffle(nodes)
    rng.shuffle(edges)
    network = nx.Graph()
    network.add_nodes_from(nodes)
    network.add_node("alone")
    for a, b, _ in edges:
        network.add_edge(a, b, strength=weights[frozenset((a, b))])
    groups = [{f"g{v:03d}" for v in block} for block in graph.graph["partition"]]
    return network, groups


def test_multilevel_finds_planted_groups_reproducibly() -> None:
    pytest.importorskip("igraph")
    network, groups = planted_network(1)
    found = detect_communities(network, "multilevel", seed=5)
    expected = {frozenset(group) for group in groups} | {frozenset({"alone"})}
    assert set(map(frozenset, found.communities)) == expected
    reference = nx.community.modularity(network, found.communities, weight="strength")
    assert found.modularity == pytest.approx(reference, abs=1e-12)
    louvain = detect_communities(network, "louvain", seed=5)
    assert found.modularity == pytest.approx(louvain.modularity, abs=1e-9)
    again = detect_communities(planted_network(2)[0], "multilevel", seed=5)
    assert again == found  # same seed: same partition, whatever the insertion order


def test_multilevel_seed_and_random_generator() -> None:
    pytest.importorskip("igraph")
    network = random_network(17)
    first = detect_communities(network, "multilevel", seed=1)
    state = random.getstate()
    assert detect_communities(network, "multilevel", seed=1) == first
    assert random.getstate() == state  # Python's global generator is left alone
    members = {node for community in first.communities for node in community}
    assert members == set(network)


def test_multilevel_leaves_igraphs_generator_in_this_process_alone() -> None:
    igraph = pytest.importorskip("igraph")

    class Counting(random.Random):
        draws = 0

        def random(self) -> float:
            Counting.draws += 1
            return super().random()

    igraph.set_random_number_generator(Counting(3))
    try:
        detect_communities(random_network(17), "multilevel", seed=1)
        assert Counting.draws == 0  # the seeded run drew from a generator of its own
        igraph.Graph.Erdos_Renyi(n=20, p=0.5)
        assert Counting.draws > 0  # and this process's generator is still the one set here
    finally:
        igraph.set_random_number_generator(random)


def test_multilevel_without_igraph_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from segraph.errors import UsageError
    from segraph.network import communities

    real = communities.importlib.util.find_spec
    monkeypatch.setattr(
        communities.importlib.util,
        "find_spec",
        lambda name, *args: None if name == "igraph" else real(name, *args),
    )
    assert "multilevel" not in communities.available_methods()
    with pytest.raises(UsageError, match=r"needs igraph: pip install 'segraph\[scale\]'"):
        detect_communities(random_network(18), "multilevel")
