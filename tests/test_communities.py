"""Community detection: known partitions, modularity checked with igraph, stable ids."""

from __future__ import annotations

import copy

import igraph
import networkx as nx
import pytest
from rdflib import Graph

from segraph.errors import UsageError
from segraph.network import communities
from segraph.network.analysis import Analysis, analyse
from segraph.network.communities import (
    METHODS,
    Partition,
    available_methods,
    describe_communities,
    detect_communities,
)
from segraph.network.views import collaboration_network, two_mode_network

ORG = "https://w3id.org/segraph/id/org/"


def two_cliques(order: list[str] | None = None) -> nx.Graph:
    """Two K4 (a…d, e…h) joined by d–e, plus the isolate z; nodes added in ``order``."""
    g = nx.Graph()
    g.add_nodes_from(order or sorted("abcdefghz"))
    for clique in ("abcd", "efgh"):
        g.add_edges_from((x, y) for i, x in enumerate(clique) for y in clique[i + 1 :])
    g.add_edge("d", "e")
    nx.set_edge_attributes(g, 1.0, "strength")
    return g


@pytest.mark.parametrize("method", [m for m in METHODS if m in available_methods()])
def test_every_method_finds_the_two_cliques_with_stable_ids(method: str) -> None:
    partition = detect_communities(two_cliques(), method)
    assert partition.communities == (tuple("abcd"), tuple("efgh"), ("z",))
    assert partition.membership() == {
        **dict.fromkeys("abcd", 1),
        **dict.fromkeys("efgh", 2),
        "z": 3,
    }
    # 13 ties; each clique holds 6 and has total degree 13
    assert partition.modularity == pytest.approx(2 * (6 / 13 - (13 / 26) ** 2))


@pytest.mark.parametrize("method", [m for m in METHODS if m in available_methods()])
def test_results_do_not_depend_on_node_order_and_inputs_are_untouched(method: str) -> None:
    ordered = two_cliques()
    shuffled = two_cliques(order=list("zhgfedcba"))
    before = [copy.deepcopy(d) for _, _, d in shuffled.edges(data=True)]
    assert detect_communities(ordered, method) == detect_communities(shuffled, method)
    assert [d for _, _, d in shuffled.edges(data=True)] == before


def test_modularity_agrees_with_igraph_on_a_weighted_network() -> None:
    g = nx.karate_club_graph()
    for a, b in g.edges():
        g[a][b]["strength"] = 1.0 + (a + b) % 3
    partition = detect_communities(g, "louvain")
    ig = igraph.Graph(n=len(g), edges=list(g.edges()))
    weights = [g[a][b]["strength"] for a, b in g.edges()]
    membership = partition.membership()
    assert partition.modularity == pytest.approx(
        ig.modularity([membership[n] for n in range(len(g))], weights=weights)
    )
    assert partition.modularity > 0.3
    assert detect_communities(g, "louvain") == partition  # fixed seed


def test_ids_are_ordered_by_size_then_smallest_member() -> None:
    g = nx.Graph([("x", "y"), ("b", "c"), ("p", "q"), ("q", "r")])
    partition = detect_communities(g, "greedy-modularity", strength=None)
    assert partition.communities == (("p", "q", "r"), ("b", "c"), ("x", "y"))


def test_unknown_method_and_missing_leiden_backend_are_usage_errors(monkeypatch) -> None:
    with pytest.raises(UsageError, match="method 'walktrap': choose one of louvain"):
        detect_communities(two_cliques(), "walktrap")
    monkeypatch.setattr(communities, "_leiden_backend", lambda: None)
    assert "leiden" not in available_methods()
    with pytest.raises(UsageError, match="leiden"):
        detect_communities(two_cliques(), "leiden")


def test_a_network_without_ties_gives_singletons() -> None:
    partition = detect_communities(nx.empty_graph(["b", "a"]), "louvain")
    assert partition == Partition("louvain", (("a",), ("b",)), 0.0)


def test_communities_are_described_by_programs_districts_and_kinds(mini_graph: Graph) -> None:
    network = collaboration_network(mini_graph, layer="coparticipation")
    partition = detect_communities(network, "greedy-modularity")
    profiles = describe_communities(partition, network, two_mode_network(mini_graph))
    by_members = {frozenset(p.members): p for p in profiles}
    care = by_members[frozenset(ORG + x for x in ("beta", "cons", "gamma"))]
    # all three take part in care-strategy; beta also in the youth program
    assert care.top_programs == (
        ("지역 통합돌봄 전략사업", 3),
        ("청년이 만드는 사회적경제 혁신사업", 1),
    )
    assert care.top_districts == (("성북구", 2),)  # beta has no district
    assert care.top_kinds == (("enterprise", 2), ("consortium", 1))
    assert [p.id for p in profiles] == list(range(1, len(profiles) + 1))


@pytest.fixture(scope="module")
def seoul_analysis(seoul_graph: Graph) -> Analysis:
    return analyse(seoul_graph)


def test_the_bundled_network_has_clear_communities(
    seoul_graph: Graph, seoul_analysis: Analysis
) -> None:
    analysis = seoul_analysis
    groups = [c for c in analysis.partition.communities if len(c) > 1]
    assert len(groups) >= 5
    assert analysis.partition.modularity > 0.3
    assert analyse(seoul_graph).partition == analysis.partition


def test_organisations_bridging_programs_rank_high_on_betweenness(
    seoul_analysis: Analysis,
) -> None:
    analysis = seoul_analysis
    two_mode = analysis.two_mode
    programs = {o: two_mode.degree(o) if o in two_mode else 0 for o in analysis.network}
    formal = {org for a, b, tied in analysis.network.edges(data="formal") if tied for org in (a, b)}
    ranked = sorted(analysis.measures, key=lambda n: (-analysis.measures[n]["betweenness"], str(n)))
    for org in ranked[:10]:
        assert programs[org] >= 2 or org in formal, org
    multi = [analysis.measures[o]["betweenness"] for o in programs if programs[o] >= 2]
    single = [analysis.measures[o]["betweenness"] for o in programs if programs[o] <= 1]
    assert sum(multi) / len(multi) > 10 * (sum(single) / len(single))
