"""Gould–Fernandez brokerage on small graphs whose two-paths are enumerated by hand."""

from __future__ import annotations

import copy
import math
from itertools import permutations

import networkx as nx
import numpy as np
import pytest

from segraph.brokerage import ROLES, UNKNOWN_GROUP, brokerage, brokerage_counts


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
    """Every ordered pair of the broker's neighbours, classified as written in the paper."""
    tally = dict.fromkeys(ROLES, 0)
    for a, b in permutations(g[broker], 2):
        if g.has_edge(a, b):
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


def test_attribute_groups_put_missing_values_together_and_do_not_mutate() -> None:
    g = nx.Graph([("a", "v"), ("v", "b")])
    nx.set_node_attributes(g, {"a": "", "v": "x", "b": None}, "district")
    before = (copy.deepcopy(dict(g.nodes(data=True))), list(g.edges(data=True)))
    result = brokerage(g, "district")
    assert result.groups == {"a": UNKNOWN_GROUP, "v": "x", "b": UNKNOWN_GROUP}
    assert result.counts["v"]["itinerant"] == 2
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
