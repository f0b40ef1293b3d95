"""Network measures, checked against values computed by hand and against igraph."""

from __future__ import annotations

import copy
import math

import igraph
import networkx as nx
import pytest

from segraph.errors import ArgumentError
from segraph.network.centrality import (
    MEASURES,
    betweenness,
    closeness,
    constraint,
    effective_size,
    eigenvector,
    harmonic,
    organisation_measures,
    pagerank,
    two_mode_measures,
)
from segraph.network.mixing import ei_index
from segraph.network.summary import network_summary


def weighted_fixture() -> nx.Graph:
    """Two components and an isolate, with tie strengths and node attributes.

    Component 1: a–b–c–d–a square with the chord a–c and a tail d–e; component 2: f–g; h alone.
    """
    g = nx.Graph()
    attrs = {
        "a": ("11440", "enterprise"),
        "b": ("11440", "enterprise"),
        "c": ("11290", "network"),
        "d": ("11290", "enterprise"),
        "e": ("", "team"),
        "f": ("11740", "network"),
        "g": ("11740", "network"),
        "h": ("11440", "team"),
    }
    for node, (district, kind) in attrs.items():
        g.add_node(node, district=district, kind=kind)
    for a, b, s in [
        ("a", "b", 2.0),
        ("b", "c", 1.0),
        ("c", "d", 3.0),
        ("d", "a", 1.0),
        ("a", "c", 0.5),
        ("d", "e", 1.0),
        ("f", "g", 2.0),
    ]:
        g.add_edge(a, b, strength=s)
    return g


def to_igraph(g: nx.Graph) -> tuple[igraph.Graph, list[str]]:
    nodes = sorted(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(g.edges(data="strength"), key=lambda e: (index[e[0]], index[e[1]]))
    ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _ in edges])
    ig.es["strength"] = [s for _, _, s in edges]
    ig.es["distance"] = [1.0 / s for _, _, s in edges]
    return ig, nodes


def snapshot(g: nx.Graph) -> tuple:
    return (
        copy.deepcopy(dict(g.graph)),
        [(n, copy.deepcopy(d)) for n, d in g.nodes(data=True)],
        [(a, b, copy.deepcopy(d)) for a, b, d in g.edges(data=True)],
    )


def test_strong_ties_are_short_paths_for_betweenness() -> None:
    # a–c is weak (strength 1, distance 1); a–b–c is strong (strength 4 each, distance 0.5).
    g = nx.Graph()
    g.add_edge("a", "b", strength=4.0)
    g.add_edge("b", "c", strength=4.0)
    g.add_edge("a", "c", strength=1.0)
    assert betweenness(g)["b"] == pytest.approx(1.0)
    assert betweenness(g, strength=None)["b"] == 0.0


def test_betweenness_matches_igraph_on_weighted_distances() -> None:
    g = weighted_fixture()
    ig, nodes = to_igraph(g)
    n = len(nodes)
    raw = ig.betweenness(weights="distance")
    ours = betweenness(g)
    for node, value in zip(nodes, raw, strict=True):
        assert ours[node] == pytest.approx(value * 2 / ((n - 1) * (n - 2)))


def test_sampled_betweenness_is_seeded_and_close_to_exact() -> None:
    g = nx.karate_club_graph()
    nx.set_edge_attributes(g, 1.0, "strength")
    exact = betweenness(g)
    first = betweenness(g, exact_limit=10, samples=20, seed=7)
    second = betweenness(g, exact_limit=10, samples=20, seed=7)
    assert first == second
    assert first != exact  # it really sampled
    top_exact = set(sorted(exact, key=exact.get, reverse=True)[:5])
    top_sampled = set(sorted(first, key=first.get, reverse=True)[:5])
    assert len(top_exact & top_sampled) >= 4


def test_closeness_is_igraph_closeness_scaled_by_reach() -> None:
    g = weighted_fixture()
    ig, nodes = to_igraph(g)
    n = len(nodes)
    components = {node: len(nx.node_connected_component(g, node)) for node in g}
    ours = closeness(g)
    for node, value in zip(nodes, ig.closeness(weights="distance"), strict=True):
        reach = components[node]
        expected = 0.0 if reach == 1 else value * (reach - 1) / (n - 1)
        assert ours[node] == pytest.approx(expected)


def test_harmonic_matches_igraph() -> None:
    g = weighted_fixture()
    ig, nodes = to_igraph(g)
    ours = harmonic(g)
    values = ig.harmonic_centrality(weights="distance", normalized=False)
    for node, value in zip(nodes, values, strict=True):
        assert ours[node] == pytest.approx(value)
    # by hand: f and g are 1/2 apart (strength 2), so each reaches the other at 2
    assert ours["f"] == pytest.approx(2.0)
    assert ours["h"] == 0.0


def test_eigenvector_is_computed_per_component_and_scaled_by_its_share() -> None:
    g = weighted_fixture()
    ours = eigenvector(g)
    n = len(g)
    for component in nx.connected_components(g):
        nodes = sorted(component)
        if len(nodes) == 1:
            assert ours[nodes[0]] == 0.0
            continue
        sub, names = to_igraph(g.subgraph(nodes))
        values = sub.eigenvector_centrality(weights="strength")
        norm = math.sqrt(sum(v * v for v in values))
        for node, value in zip(names, values, strict=True):
            assert ours[node] == pytest.approx(value / norm * len(nodes) / n, rel=1e-6)


def test_eigenvector_of_a_connected_graph_is_networkx_s() -> None:
    g = nx.karate_club_graph()
    nx.set_edge_attributes(g, 1.0, "strength")
    expected = nx.eigenvector_centrality(g, max_iter=1000, tol=1e-10)
    for node, value in eigenvector(g).items():
        assert value == pytest.approx(expected[node], rel=1e-6)


def test_pagerank_matches_igraph_and_sums_to_one() -> None:
    g = weighted_fixture()
    ig, nodes = to_igraph(g)
    ours = pagerank(g)
    assert sum(ours.values()) == pytest.approx(1.0)
    for node, value in zip(nodes, ig.pagerank(weights="strength", damping=0.85), strict=True):
        assert ours[node] == pytest.approx(value, abs=1e-6)


def test_constraint_and_effective_size_by_hand() -> None:
    star = nx.star_graph(4)  # centre 0 with four leaves that share no tie
    star.add_node(9)  # an isolate
    nx.set_edge_attributes(star, 1.0, "strength")
    c = constraint(star)
    assert c[0] == pytest.approx(4 * (1 / 4) ** 2)  # sum over contacts of p_ij^2
    assert c[1] == pytest.approx(1.0)
    assert c[9] == 1.0  # documented value for an isolate
    e = effective_size(star)
    assert e[0] == pytest.approx(4.0)
    assert e[9] == 0.0
    triangle = nx.complete_graph(3)
    nx.set_edge_attributes(triangle, 1.0, "strength")
    # n - 2t/n with n = 2 contacts and t = 1 tie between them
    assert effective_size(triangle)[0] == pytest.approx(1.0)
    # p = 1/2 to each contact, plus 1/2 * 1/2 indirect: (1/2 + 1/4)^2 * 2
    assert constraint(triangle)[0] == pytest.approx(2 * 0.75**2)


def test_constraint_matches_igraph_unweighted() -> None:
    g = nx.karate_club_graph()
    ig = igraph.Graph(n=len(g), edges=list(g.edges()))
    for node, value in enumerate(ig.constraint()):
        assert constraint(g, strength=None)[node] == pytest.approx(value)


def test_organisation_measures_rows_and_core_numbers() -> None:
    g = weighted_fixture()
    ig, nodes = to_igraph(g)
    rows = organisation_measures(g)
    assert list(rows) == sorted(g)
    for node, core in zip(nodes, ig.coreness(), strict=True):
        assert rows[node]["core_number"] == core
    assert rows["a"]["degree"] == 3
    assert rows["a"]["weighted_degree"] == pytest.approx(2.0 + 1.0 + 0.5)
    for row in rows.values():
        assert list(row) == list(MEASURES)
        assert all(type(v) in (int, float) and not math.isnan(v) for v in row.values())


def test_organisation_measures_computes_only_the_names_asked_for() -> None:
    g = weighted_fixture()
    everything = organisation_measures(g)
    some = organisation_measures(g, names=["pagerank", "harmonic", "degree"])
    for node, row in some.items():
        assert list(row) == ["degree", "harmonic", "pagerank"]  # in MEASURES order
        assert row == {name: everything[node][name] for name in row}
    with pytest.raises(ArgumentError, match="names 'fame': unknown measure; choose from degree"):
        organisation_measures(g, names=["fame"])


def test_measures_never_mutate_their_input_and_repeat_exactly() -> None:
    g = weighted_fixture()
    before = snapshot(g)
    first = organisation_measures(g)
    network_summary(g)
    assert snapshot(g) == before
    assert organisation_measures(g) == first


def test_two_mode_measures_by_hand() -> None:
    # o1 – p1 – o2 – p2 – o3
    b = nx.Graph()
    for org in ("o1", "o2", "o3"):
        b.add_node(org, bipartite=0)
    for program in ("p1", "p2"):
        b.add_node(program, bipartite=1)
    b.add_edges_from([("o1", "p1"), ("o2", "p1"), ("o2", "p2"), ("o3", "p2")])
    before = snapshot(b)
    rows = two_mode_measures(b)
    assert snapshot(b) == before
    assert rows["o2"]["programs"] == 2
    assert rows["o2"]["bipartite_degree"] == pytest.approx(2 / 2)
    assert rows["o1"]["bipartite_degree"] == pytest.approx(1 / 2)
    # o2 lies on 4 shortest paths; the bipartite maximum for 3 + 2 nodes is 4
    assert rows["o2"]["bipartite_betweenness"] == pytest.approx(1.0)
    assert rows["o1"]["bipartite_betweenness"] == 0.0
    # (m + 2(n - 1)) / sum of distances: o2 is 1, 1, 2, 2 away; o1 is 1, 2, 3, 4
    assert rows["o2"]["bipartite_closeness"] == pytest.approx(6 / 6)
    assert rows["o1"]["bipartite_closeness"] == pytest.approx(6 / 10)


def test_network_summary_by_hand_and_against_igraph() -> None:
    g = weighted_fixture()
    s = network_summary(g)
    assert s["nodes"] == 8 and s["edges"] == 7
    assert s["density"] == pytest.approx(7 / 28)
    assert s["components"] == 3
    assert s["largest_component"] == 5
    assert s["isolates"] == 1
    ig, nodes = to_igraph(g)
    assert s["average_clustering"] == pytest.approx(
        ig.transitivity_avglocal_undirected(mode="zero")
    )
    known = [n for n in nodes if g.nodes[n]["district"]]
    sub, names = to_igraph(g.subgraph(known))
    codes = sorted({g.nodes[n]["district"] for n in names})
    types = [codes.index(g.nodes[n]["district"]) for n in names]
    assert s["assortativity_district"] == pytest.approx(
        sub.assortativity_nominal(types, directed=False)
    )


def test_ei_index_by_hand() -> None:
    g = weighted_fixture()
    # districts known on every edge except d–e: internal a–b, c–d, f–g; external b–c, d–a, a–c
    assert ei_index(g, "district") == pytest.approx((3 - 3) / 6)
    # kinds: internal a–b, a–d, f–g; external b–c, c–d, a–c, d–e
    assert ei_index(g, "kind") == pytest.approx((4 - 3) / 7)
    assert ei_index(nx.empty_graph(3), "kind") is None


def test_two_mode_measures_with_a_single_node_on_one_side() -> None:
    hub = nx.Graph()
    hub.add_node("o", bipartite=0)
    for program in ("x", "y", "z"):
        hub.add_node(program, bipartite=1)
        hub.add_edge("o", program)
    # o lies on the 3 shortest paths between its programs, the most possible
    assert two_mode_measures(hub)["o"]["bipartite_betweenness"] == pytest.approx(1.0)
    star = nx.Graph()
    star.add_node("p", bipartite=1)
    for org in ("a", "b", "c"):
        star.add_node(org, bipartite=0)
        star.add_edge(org, "p")
    assert {v["bipartite_betweenness"] for v in two_mode_measures(star).values()} == {0.0}


def test_closeness_and_harmonic_equal_networkx_s_on_distances() -> None:
    g = weighted_fixture()
    work = nx.Graph()
    for a, b, s in g.edges(data="strength"):
        work.add_edge(a, b, distance=1.0 / s)
    work.add_nodes_from(g)
    expected_closeness = nx.closeness_centrality(work, distance="distance")
    expected_harmonic = nx.harmonic_centrality(work, distance="distance")
    for node in g:
        assert closeness(g)[node] == pytest.approx(expected_closeness[node])
        assert harmonic(g)[node] == pytest.approx(expected_harmonic[node])
    karate = nx.karate_club_graph()
    unweighted = closeness(karate, strength=None)
    for node, value in nx.closeness_centrality(karate).items():
        assert unweighted[node] == pytest.approx(value)
