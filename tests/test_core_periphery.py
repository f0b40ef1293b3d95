"""Core–periphery (segraph.network.core_periphery): the ideal structure found exactly, the
discrete fit checked by enumerating pairs, the continuous model's fixed point, the command."""

from __future__ import annotations

import csv
import io
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from segraph.cli.main import main
from segraph.network.core_periphery import core_periphery


def ideal(core: int, periphery: int) -> nx.Graph:
    """A complete core, every peripheral node tied to every core node, none to each other."""
    graph = nx.complete_graph([f"c{i}" for i in range(core)])
    graph.add_edges_from((f"c{i}", f"p{j}") for i in range(core) for j in range(periphery))
    return graph


def fit_by_enumeration(graph: nx.Graph, core: set[str]) -> float:
    """Pearson correlation of ties and the ideal pattern, over every pair of nodes."""
    pairs = list(combinations(sorted(graph), 2))
    ties = [1.0 if graph.has_edge(a, b) else 0.0 for a, b in pairs]
    pattern = [1.0 if a in core or b in core else 0.0 for a, b in pairs]
    return float(np.corrcoef(ties, pattern)[0, 1])


def test_the_ideal_structure_is_found_exactly() -> None:
    graph = ideal(5, 15)
    found = core_periphery(graph)
    assert set(found.core) == {f"c{i}" for i in range(5)}
    assert found.fit == pytest.approx(1.0)
    assert min(found.coreness[f"c{i}"] for i in range(5)) == 1.0
    assert max(found.coreness[f"p{j}"] for j in range(15)) < 1.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_discrete_fit_is_the_correlation_over_all_pairs(seed: int) -> None:
    graph = nx.relabel_nodes(nx.gnp_random_graph(14, 0.3, seed=seed), lambda n: f"o{n:02d}")
    found = core_periphery(graph)
    assert found.fit == pytest.approx(fit_by_enumeration(graph, set(found.core)))
    nodes = sorted(graph)
    by_coreness = sorted(nodes, key=lambda n: -found.coreness[n])
    best = max(  # no core of any size made of the first nodes by coreness fits better
        fit_by_enumeration(graph, set(by_coreness[:k])) for k in range(1, len(nodes) - 1)
    )
    assert found.fit >= best - 1e-9


def test_the_continuous_coreness_is_a_fixed_point_of_the_least_squares_fit() -> None:
    graph = nx.relabel_nodes(nx.gnp_random_graph(30, 0.2, seed=4), lambda n: f"o{n:02d}")
    found = core_periphery(graph)
    nodes = sorted(graph)
    c = np.array([found.coreness[n] for n in nodes])
    a = nx.to_numpy_array(graph, nodelist=nodes)
    update = a @ c / ((c * c).sum() - c * c)
    assert np.allclose(update / update.max(), c, atol=1e-6)


def test_core_on_the_command_line() -> None:
    result = CliRunner().invoke(main, ["core", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 187
    coreness = [float(r["coreness"]) for r in rows]
    assert coreness == sorted(coreness, reverse=True) and coreness[0] == 1.0
    table = CliRunner().invoke(main, ["core", "--top", "3"])
    assert table.stdout.startswith("discrete core: ")
