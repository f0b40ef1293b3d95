"""Gould–Fernandez brokerage on small graphs whose two-paths are enumerated by hand."""

from __future__ import annotations

import copy
import math
import random
from itertools import combinations, permutations, product
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from rdflib import Graph

from segraph.network import brokerage as brokerage_module
from segraph.network.analysis import analyse, organisation_rows
from segraph.network.brokerage import (
    EVERY_NODE,
    ROLES,
    brokerage,
    brokerage_by,
    brokerage_counts,
)
from segraph.readwrite.report import write_report


def path() -> nx.Graph:
    return nx.Graph([("a", "v"), ("v", "b")])


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        # a – v – b undirected: two ordered two-paths, a→v→b and b→v→a
        ({"a": 1, "v": 1, "b": 1}, {"coordinator": 2}),
        ({"a": 1, "v": 2, "b": 1}, {"itinerant": 2}),
        ({"a": 1, "v": 1, "b": 2}, {"representative": 1, "gatekeeper": 1}),
        ({"a": 1, "v": 2, "b": 3}, {"liaison": 2}),
    ],
)
def test_each_role_on_an_undirected_path(groups: dict[str, int], expected: dict[str, int]) -> None:
    counts = brokerage_counts(path(), groups)["v"]
    assert {role: counts[role] for role in ROLES} == {role: expected.get(role, 0) for role in ROLES}
    assert counts["total"] == 2
    assert brokerage_counts(path(), groups)["a"]["total"] == 0


def test_direction_tells_representative_from_gatekeeper() -> None:
    g = nx.DiGraph([("a", "v"), ("v", "b")])
    out = brokerage_counts(g, {"a": 1, "v": 1, "b": 2})["v"]  # own group → other group
    assert out["representative"] == 1 and out["gatekeeper"] == 0 and out["total"] == 1
    into = brokerage_counts(g, {"a": 2, "v": 1, "b": 1})["v"]  # other group → own group
    assert into["gatekeeper"] == 1 and into["representative"] == 0


def test_a_closed_triad_brokers_nothing_and_direction_of_the_closing_tie_matters() -> None:
    assert brokerage_counts(nx.complete_graph(3), dict.fromkeys(range(3), 1))[0]["total"] == 0
    g = nx.DiGraph([("a", "v"), ("v", "b"), ("b", "a")])  # a→v→b open: no a→b tie
    assert brokerage_counts(g, {"a": 1, "v": 1, "b": 1})["v"]["coordinator"] == 1
    g.add_edge("a", "b")
    assert brokerage_counts(g, {"a": 1, "v": 1, "b": 1})["v"]["coordinator"] == 0


def hand_census(g: nx.Graph, groups: dict, broker) -> dict[str, int]:
    """Every ordered pair a → broker → b of other nodes, a ≠ b, not tied a → b, classified as
    written in the paper."""
    directed = g.is_directed()
    into = set(g.predecessors(broker) if directed else g.neighbors(broker)) - {broker}
    out = set(g.successors(broker) if directed else g.neighbors(broker)) - {broker}
    tally = dict.fromkeys(ROLES, 0)
    for a, b in product(into, out):
        if a == b or g.has_edge(a, b):
            continue
        ga, gv, gb = groups[a], groups[broker], groups[b]
        if ga == gv == gb:
            tally["coordinator"] += 1
        elif ga == gb != gv:
            tally["itinerant"] += 1
        elif ga == gv != gb:
            tally["representative"] += 1
        elif gb == gv != ga:
            tally["gatekeeper"] += 1
        else:
            tally["liaison"] += 1
    return tally


def test_counts_agree_with_a_census_of_every_ordered_pair() -> None:
    g = nx.Graph()
    g.add_edges_from(
        [("v", x) for x in "abcdef"] + [("a", "b"), ("c", "d"), ("e", "w"), ("w", "f")]
    )
    groups = {"v": 1, "a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 1, "w": 2}
    counts = brokerage_counts(g, groups)
    for node in g:
        assert {r: counts[node][r] for r in ROLES} == hand_census(g, groups, node)
    # v: 6 neighbours → 30 ordered pairs, minus the closed a–b and c–d pairs (both ways)
    assert counts["v"]["total"] == 30 - 4


def test_expected_values_and_z_scores_follow_sna() -> None:
    # a – v – b plus an isolate c, one group: N = 4, m = 4 ordered ties, d = 1/3
    g = nx.Graph([("a", "v"), ("v", "b")])
    g.add_node("c")
    result = brokerage(g, dict.fromkeys("avbc", "g"))
    d = 1 / 3
    p = d * d * (1 - d)  # 2/27
    mean = p * 3 * 2  # (n-1)(n-2) = 4/9
    variance = mean * (1 - p) + 2 * 3 * 2 * 1 * d**3 * (1 - d) ** 3  # = 396/729
    assert result.expected["v"]["coordinator"] == pytest.approx(4 / 9)
    assert mean == pytest.approx(4 / 9) and variance == pytest.approx(396 / 729)
    assert result.sd["v"]["coordinator"] == pytest.approx(math.sqrt(396) / 27)
    assert result.z["v"]["coordinator"] == pytest.approx((2 - 4 / 9) / (math.sqrt(396) / 27))
    assert result.z["c"]["coordinator"] == pytest.approx((0 - 4 / 9) / (math.sqrt(396) / 27))
    # one group: no itinerant, representative or liaison is possible, and none is expected
    for role in ("itinerant", "representative", "gatekeeper", "liaison"):
        assert result.expected["v"][role] == 0.0 and result.z["v"][role] == 0.0
    assert result.network_counts["coordinator"] == 2
    assert result.network_expected["total"] == pytest.approx(p * 4 * 3 * 2)


def test_liaison_expectation_for_four_singleton_groups() -> None:
    g = nx.Graph([("a", "v"), ("v", "b")])
    g.add_node("c")
    result = brokerage(g, {"a": 1, "v": 2, "b": 3, "c": 4})
    p = (1 / 3) ** 2 * (2 / 3)
    # other groups have sizes 1, 1, 1: (sum)^2 - sum of squares = 9 - 3
    assert result.expected["v"]["liaison"] == pytest.approx(p * 6)
    assert result.counts["v"]["liaison"] == 2


def test_a_missing_value_is_no_group_and_the_graph_is_not_mutated() -> None:
    g = nx.Graph([("a", "v"), ("v", "b"), ("v", "c"), ("c", "d")])
    nx.set_node_attributes(g, {"a": "", "v": "x", "b": None, "c": "y", "d": "x"}, "district")
    before = (copy.deepcopy(dict(g.nodes(data=True))), list(g.edges(data=True)))
    result = brokerage(g, "district")
    assert result.groups == {"v": "x", "c": "y", "d": "x"}  # a and b are in no group
    assert result.coverage == (3, 5)
    assert set(result.counts) == {"v", "c", "d"}
    assert result.counts["v"]["total"] == 0  # a – v – b would be a two-path, but of unknowns
    assert result.counts["c"]["itinerant"] == 2  # v – c – d: x, y, x
    assert result.expected == brokerage(g.subgraph(["v", "c", "d"]), "district").expected
    assert (dict(g.nodes(data=True)), list(g.edges(data=True))) == before
    assert brokerage(g, "district") == result


def test_expected_values_match_a_simulation_of_random_directed_graphs() -> None:
    """sna's moments assume each ordered tie is present with probability d: simulate that."""
    rng = np.random.default_rng(2)
    groups = dict(enumerate([0, 0, 0, 0, 1, 1, 1, 2, 2]))
    n, draws = 9, 1500
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    reference = nx.DiGraph()  # a graph of density 18 / 72 = 0.25: the moments depend on d only
    reference.add_nodes_from(range(n))
    reference.add_edges_from(pairs[:18])
    result = brokerage(reference, groups)
    observed: dict[tuple, list[int]] = {}
    for _ in range(draws):
        ties = rng.random((n, n)) < 0.25
        np.fill_diagonal(ties, False)
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(*np.nonzero(ties), strict=True))
        counts = brokerage_counts(g, groups)
        for node in (0, 4, 7):
            for role in (*ROLES, "total"):
                observed.setdefault((node, role), []).append(counts[node][role])
    for (node, role), values in observed.items():
        sample = np.array(values, dtype=float)
        mean, sd = result.expected[node][role], result.sd[node][role]
        assert sample.mean() == pytest.approx(mean, abs=4 * sd / np.sqrt(draws) + 1e-12)
        assert sample.std() == pytest.approx(sd, rel=0.15, abs=1e-12)


def seeded_network(seed: int, kind: type[nx.Graph]) -> nx.Graph:
    """A random network with every case the counting has to get right: groups with unknowns,
    isolated nodes, weighted and parallel edges, self-loops, a large clique (common contacts
    counted in the tens) and a node whose contacts are all tied to each other."""
    rng = random.Random(seed)
    directed = kind().is_directed()
    g = kind()
    g.add_nodes_from(range(60))
    pairs = permutations(range(60), 2) if directed else combinations(range(60), 2)
    g.add_edges_from(pair for pair in pairs if rng.random() < 0.08)
    clique = range(40, 60)
    g.add_edges_from(permutations(clique, 2) if directed else combinations(clique, 2))
    g.add_edges_from(("closed", member) for member in clique[:6])  # its contacts: all tied
    g.add_edges_from((member, "closed") for member in clique[:6] if rng.random() < 0.5)
    g.add_nodes_from(["alone", ("alone", 2)])
    g.add_edges_from([(0, 0), (1, 1)])
    if g.is_multigraph():
        g.add_edges_from(rng.sample(list(g.edges()), 30))
    for *_, data in g.edges(data=True):
        data["weight"] = rng.choice([0.5, 1.0, 3.0])
    always_known = {"closed", *clique[:6]}  # so that the clique and "closed" are counted
    for node in g:
        choices = ["north", "south", "east", "west"]
        choice = rng.choice(choices if node in always_known else [*choices, "", None, "missing"])
        if choice != "missing":
            g.nodes[node]["district"] = choice
    return g


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_agree_with_a_census_on_seeded_random_networks(
    seed: int, kind: type[nx.Graph], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = seeded_network(seed, kind)
    groups = {
        node: district for node, district in g.nodes(data="district") if district not in (None, "")
    }
    known = g.subgraph(groups)  # a missing value is no group: those nodes and ties are left out
    census = {node: hand_census(known, groups, node) for node in known}
    assert census["closed"] == dict.fromkeys(ROLES, 0)
    assert sum(census[40].values()) > 0
    for block_entries in (brokerage_module.BLOCK_ENTRIES, 1, 50):  # one block, one per row, some
        monkeypatch.setattr(brokerage_module, "BLOCK_ENTRIES", block_entries)
        result = brokerage(g, "district")
        assert result.groups == groups
        by_role = {node: {role: row[role] for role in ROLES} for node, row in result.counts.items()}
        assert by_role == census
        assert all(
            row["total"] == sum(census[node].values()) for node, row in result.counts.items()
        )
        assert result.network_counts == {
            key: sum(row[key] for row in result.counts.values()) for key in (*ROLES, "total")
        }


def test_network_liaison_variance_is_sna_triple_sum() -> None:
    """sna's sd.gli sums the liaison term over ordered triples of distinct groups; segraph sums
    it in closed form."""
    sizes = [5, 1, 3, 3, 8, 2]
    g = nx.gnp_random_graph(sum(sizes), 0.3, seed=4)
    groups = dict(enumerate(group for group, size in enumerate(sizes) for _ in range(size)))
    result = brokerage(g, groups)
    big_n, d = sum(sizes), 2 * g.number_of_edges() / (sum(sizes) * (sum(sizes) - 1))
    p = d * d * (1 - d)
    q3, q4, q5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    extra = 0.0
    for ni, nj, nk in permutations(sizes, 3):  # distinct positions, not distinct sizes
        extra += (
            ni
            * nj
            * nk
            * (
                (4 * (big_n - nj) - 2 * (ni + nk + 1)) * q3
                - (4 * (big_n - nk) - 2 * (ni + nj + 1)) * q4
                + (big_n - (ni + nk + 1)) * q5
            )
        )
    mean = p * (
        sum(x * y * (big_n - x - y) for x in sizes for y in sizes)
        - sum(n * n * (big_n - 2 * n) for n in sizes)
    )
    assert result.network_expected["liaison"] == pytest.approx(mean, rel=1e-12)
    assert result.network_sd["liaison"] == pytest.approx(
        math.sqrt(mean * (1 - p) + extra), rel=1e-12
    )


def test_brokerage_by_several_partitions_equals_one_partition_at_a_time() -> None:
    rng = random.Random(5)
    graph = nx.gnp_random_graph(60, 0.12, seed=5)
    for node in graph:
        graph.nodes[node]["district"] = rng.choice(["a", "b", "c", ""])
        graph.nodes[node]["kind"] = rng.choice(["x", "y"])
    together = brokerage_by(graph, ("district", "kind"))
    assert set(together) == {"district", "kind", EVERY_NODE}
    assert together[EVERY_NODE].coverage == (60, 60)
    for partition in ("district", "kind"):
        result = together[partition]
        alone = brokerage(graph, partition)
        assert result.counts == alone.counts
        assert result.z == alone.z
        assert result.network_z == alone.network_z


def test_an_unknown_district_is_no_group_in_the_analysis_and_its_coverage_is_reported(
    seoul_graph: Graph, tmp_path: Path
) -> None:
    analysis = analyse(seoul_graph)
    districts = {node: analysis.network.nodes[node].get("district") for node in analysis.network}
    known = sum(1 for value in districts.values() if value)
    assert analysis.summary["coverage_district"] == (known, len(districts)) and known < len(
        districts
    )
    assert analysis.brokerage["district"].coverage == (known, len(districts))
    rows = {row["iri"]: row for row in organisation_rows(analysis)}
    for node, district in districts.items():
        assert (rows[node]["itinerant_district"] is None) == (not district)
        assert isinstance(rows[node]["brokerage"], int)  # the open two-paths, whatever the groups
    center = next(row for row in rows.values() if row["id"] == "seoul-se-center")
    # its partners of unknown district no longer make it an "itinerant" between two of them
    assert center["itinerant_district"] == 0 < center["brokerage"]
    write_report(analysis, tmp_path / "report.md", charts=False)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"the district is known for {known} of {len(districts)} organisations" in report
