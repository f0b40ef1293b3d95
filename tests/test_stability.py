"""Community stability (segraph.network.stability): NMI and ARI against known values and an
independent computation, stable and unstable networks, the command line."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from segraph.cli.main import main
from segraph.network.stability import (
    adjusted_rand_index,
    community_stability,
    normalised_mutual_information,
)


def nmi_by_hand(a: list[int], b: list[int]) -> float:
    """NMI from its definition, with plain loops (arithmetic normalisation)."""
    n = len(a)
    pa, pb, pab = Counter(a), Counter(b), Counter(zip(a, b, strict=True))
    mi = sum(c / n * math.log(c * n / (pa[x] * pb[y])) for (x, y), c in pab.items())
    ha = -sum(c / n * math.log(c / n) for c in pa.values())
    hb = -sum(c / n * math.log(c / n) for c in pb.values())
    return mi / ((ha + hb) / 2)


def test_agreement_measures_match_known_values() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.5714285714)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index([1, 1, 2, 2, 3], [7, 7, 5, 5, 9]) == pytest.approx(1.0)
    assert normalised_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    assert normalised_mutual_information(list("aabbcc"), list("xxyyzz")) == pytest.approx(1.0)
    a, b = [0, 0, 0, 1, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2, 2, 0]
    assert normalised_mutual_information(a, b) == pytest.approx(nmi_by_hand(a, b))
    assert normalised_mutual_information([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)


def two_cliques() -> nx.Graph:
    network = nx.Graph()
    for side in "AB":
        members = [f"{side}{i}" for i in range(6)]
        network.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    network.add_edge("A0", "B0")
    return network


def test_clear_communities_are_the_same_whatever_the_seed() -> None:
    found = community_stability(two_cliques(), seeds=8, resolutions=(0.8,))
    assert [(r.nmi, r.ari) for r in found.runs] == [(1.0, 1.0)] * 8
    assert set(found.node_stability.values()) == {1.0}
    assert found.reference.communities == 2 and found.seed_agreement() == (1.0, 1.0)


def test_a_random_network_has_unstable_communities() -> None:
    network = nx.relabel_nodes(nx.gnp_random_graph(80, 0.06, seed=3), lambda n: f"o{n:02d}")
    found = community_stability(network, seeds=10)
    assert len(found.runs) == 9
    assert min(r.nmi for r in found.runs) < 0.9 and min(r.ari for r in found.runs) < 0.8
    assert min(found.node_stability.values()) < 0.8
    assert all(0 <= v <= 1 for v in found.node_stability.values())
    again = community_stability(network, seeds=10)
    assert again == found  # seeded: the same runs again


def test_stability_on_the_command_line() -> None:
    result = CliRunner().invoke(
        main, ["stability", "--seeds", "3", "--compare-resolution", "2", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["role"], r["seed"], r["resolution"]) for r in rows] == [
        ("reference", "42", "1.0"),
        ("run", "43", "1.0"),
        ("run", "44", "1.0"),
        ("run", "42", "2.0"),
    ]
    assert rows[0]["nmi"] == "1.0" and all(0 <= float(r["ari"]) <= 1 for r in rows)
    by_org = CliRunner().invoke(
        main, ["stability", "--seeds", "3", "--organisations", "--format", "csv"]
    )
    organisations = list(csv.DictReader(io.StringIO(by_org.stdout)))
    assert len(organisations) == 187
    values = [float(r["stability"]) for r in organisations]
    assert values == sorted(values)  # least stable first


def test_the_consensus_keeps_what_most_runs_agree_on() -> None:
    clear = community_stability(two_cliques(), seeds=6)
    assert sorted(map(sorted, clear.consensus)) == [
        [f"A{i}" for i in range(6)],
        [f"B{i}" for i in range(6)],
    ]
    assert clear.consensus_nmi == pytest.approx(1.0)
    network = nx.relabel_nodes(nx.gnp_random_graph(80, 0.06, seed=3), lambda n: f"o{n:02d}")
    noisy = community_stability(network, seeds=10)
    members = sorted(node for community in noisy.consensus for node in community)
    assert members == sorted(network)  # a partition of every organisation
    assert 0 < noisy.consensus_nmi < 1
