"""Null models (segraph.network.nulls): degrees kept, known significant and non-significant
cases, the affiliation null on homophilous programs, reproducibility, the command line."""

from __future__ import annotations

import csv
import io
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from segraph.cli.main import main
from segraph.network.nulls import (
    STATISTICS,
    NullSettings,
    compare_with_null,
    rewire_affiliations,
    rewire_ties,
)
from segraph.network.projection import project
from segraph.network.views import Networks

SAMPLES = 99  # the smallest two-sided p is then 1/100


def organisation(district: str, kind: str = "enterprise") -> dict[str, str]:
    return {"district": district, "kind": kind}


def projected_only(network: nx.Graph) -> Networks:
    """Networks holding only ``network`` (enough for the ``projected`` null)."""
    organisations = {node: dict(data) for node, data in network.nodes(data=True)}
    return Networks(organisations, nx.Graph(), network)


def two_cliques() -> nx.Graph:
    """Two cliques of 8, one district each, joined by a single tie: ties stay in districts."""
    network = nx.Graph()
    for side in ("A", "B"):
        members = [f"{side}{i}" for i in range(8)]
        network.add_nodes_from((m, organisation(side)) for m in members)
        network.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    network.add_edge("A0", "B0")
    return network


def random_network(seed: int) -> nx.Graph:
    """A G(60, 0.1) graph whose districts are drawn at random: no homophily to find."""
    network = nx.gnp_random_graph(60, 0.1, seed=seed)
    rng = random.Random(f"districts {seed}")  # not the stream networkx drew the ties from
    for node in network:
        network.nodes[node].update(organisation(rng.choice("AB")))
    return nx.relabel_nodes(network, {n: f"o{n:02d}" for n in network})


def homophilous_programs() -> Networks:
    """Six programs, each with five organisations of one district (two programs each)."""
    organisations = {f"{d}{i}": organisation(d) for d in "AB" for i in range(8)}
    two_mode = nx.Graph()
    two_mode.add_nodes_from((o, {"bipartite": 0, **a}) for o, a in organisations.items())
    for d in "AB":
        members = [f"{d}{i}" for i in range(8)]
        for k in range(3):
            program = f"p{d}{k}"
            two_mode.add_node(program, bipartite=1)
            for j in range(5):
                two_mode.add_edge(members[(3 * k + j) % 8], program)
    collaboration = project(two_mode, organisations, ())
    return Networks(organisations, two_mode, collaboration)


def by_name(report: object) -> dict[str, object]:
    return {c.statistic: c for c in report.comparisons}  # type: ignore[attr-defined]


def test_rewiring_keeps_every_degree_and_changes_the_edges() -> None:
    bipartite = nx.bipartite.random_graph(30, 12, 0.25, seed=2)
    for node, side in nx.get_node_attributes(bipartite, "bipartite").items():
        bipartite.nodes[node]["bipartite"] = side
    rewired = rewire_affiliations(bipartite, random.Random(1), swaps=10)
    assert dict(rewired.degree()) == dict(bipartite.degree())
    assert all(
        rewired.nodes[a]["bipartite"] != rewired.nodes[b]["bipartite"] for a, b in rewired.edges()
    )
    assert set(map(frozenset, rewired.edges())) != set(map(frozenset, bipartite.edges()))
    network = random_network(4)
    rewired_ties = rewire_ties(network, random.Random(1), swaps=10)
    assert dict(rewired_ties.degree()) == dict(network.degree())
    assert set(map(frozenset, rewired_ties.edges())) != set(map(frozenset, network.edges()))
    assert nx.number_of_selfloops(rewired_ties) == 0


def test_ties_inside_districts_are_significant_against_the_projected_null() -> None:
    report = compare_with_null(
        projected_only(two_cliques()), NullSettings(model="projected", samples=SAMPLES, seed=5)
    )
    ei = by_name(report)["ei_district"]
    assert ei.observed == pytest.approx((2 - 2 * 56) / (2 * 57))  # 1 tie across, 56 inside
    assert ei.mean > ei.observed + 0.3 and ei.z < -3
    assert ei.p == pytest.approx(1 / (SAMPLES + 1))  # no sample as extreme
    assert ei.samples == SAMPLES
    assert by_name(report)["average_clustering"].z > 3  # cliques cluster more than chance


def test_random_districts_are_not_significant() -> None:
    report = compare_with_null(
        projected_only(random_network(7)), NullSettings(model="projected", samples=SAMPLES, seed=5)
    )
    for statistic in ("ei_district", "assortativity_district"):
        comparison = by_name(report)[statistic]
        assert comparison.p > 0.05, (statistic, comparison)
        assert abs(comparison.z) < 2


def test_the_affiliation_null_mixes_homophilous_programs() -> None:
    networks = homophilous_programs()
    report = compare_with_null(networks, NullSettings(samples=SAMPLES, seed=5))
    ei = by_name(report)["ei_district"]
    assert ei.observed == -1.0  # every shared program stays in a district
    assert ei.mean > -0.6 and ei.p == pytest.approx(1 / (SAMPLES + 1))
    kind = by_name(report)["ei_kind"]  # one kind: E–I of kind is -1 in every sample, sd 0
    assert kind.observed == -1.0 and kind.mean == -1.0 and kind.sd == 0.0 and kind.z is None
    assert kind.p == 1.0
    assert [c.statistic for c in report.comparisons] == list(STATISTICS)


def test_the_same_seed_gives_the_same_report_and_another_seed_another() -> None:
    networks = homophilous_programs()
    first = compare_with_null(networks, NullSettings(samples=20, seed=11))
    again = compare_with_null(networks, NullSettings(samples=20, seed=11))
    other = compare_with_null(networks, NullSettings(samples=20, seed=12))
    assert first == again
    assert by_name(first)["ei_district"].mean != by_name(other)["ei_district"].mean


def test_nulls_on_the_command_line_records_its_settings() -> None:
    result = CliRunner().invoke(
        main, ["nulls", "--samples", "10", "--seed", "3", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["statistic"] for r in rows] == list(STATISTICS)
    assert {(r["model"], r["seed"], r["swaps_per_edge"], r["layer"]) for r in rows} == {
        ("affiliation", "3", "10", "both")
    }
    for row in rows:
        assert row["samples"] == "10" and 0 < float(row["p"]) <= 1
    coverage = {r["statistic"]: r["coverage"] for r in rows}
    assert coverage["ei_district"] == coverage["brokerage_district_liaison"] == "61/187"
    assert coverage["ei_kind"] == "187/187" and coverage["modularity"] == ""
    table = CliRunner().invoke(main, ["nulls", "--samples", "5", "--model", "projected"])
    assert table.exit_code == 0
    assert table.stdout.startswith("null model: projected, 5 samples, seed 42")


def test_nulls_output_is_byte_identical_across_processes() -> None:
    segraph = str(Path(sys.executable).with_name("segraph"))
    command = [segraph, "nulls", "--samples", "5", "--format", "csv"]
    runs = [subprocess.run(command, capture_output=True, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].count(b"\n") == len(STATISTICS) + 1


def test_an_analysis_gives_back_the_networks_it_was_projected_from() -> None:
    import segraph
    from segraph.network.nulls import networks_of

    analysis = segraph.analyse(segraph.build_graph())
    networks = networks_of(analysis.network, analysis.two_mode)
    again = project(networks.two_mode, networks.organisations, networks.formal_ties)
    assert sorted(again.edges(data="strength")) == sorted(analysis.network.edges(data="strength"))
    assert set(again) == set(analysis.network)


def test_the_report_sets_its_measures_against_the_null(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    result = CliRunner().invoke(
        main, ["report", "--no-charts", "--null-samples", "20", "--seed", "3", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    section = text.split("## Against chance", 1)[1].split("## Charts", 1)[0]
    assert "20 samples of the affiliation null (seed 3)" in section
    expected = compare_with_null(segraph_networks(), NullSettings(samples=20, seed=3)).comparisons
    kind = next(c for c in expected if c.statistic == "ei_kind")
    assert (
        f"| E–I index by kind | {kind.observed:.3f} | {kind.mean:.3f} | {kind.z:.3f} |" in section
    )
    none = tmp_path / "none.md"
    CliRunner().invoke(main, ["report", "--no-charts", "--null-samples", "0", "-o", str(none)])
    assert "## Against chance" not in none.read_text(encoding="utf-8")


def segraph_networks() -> Networks:
    import segraph

    return segraph.read_networks(segraph.build_graph())
