"""Borgatti and Everett's core–periphery models of the collaboration network (unweighted ties).

- **Continuous**: a coreness c_i ≥ 0 for every organisation such that c_i·c_j best fits the
  ties (least squares over the pairs i ≠ j), found by the fixed-point iteration
  c_i ← Σ_j a_ij c_j / Σ_{j≠i} c_j² from the degrees, then scaled to a largest value of 1.
- **Discrete**: the core is the set of organisations whose ideal pattern — a tie wherever one
  end is in the core, none between two peripheral organisations — correlates best with the
  ties. Organisations enter the core in order of continuous coreness, then degree; every core
  size that does not separate two organisations of the same coreness and degree is tried and
  the best correlation kept, each in O(1) from the ties still among the periphery, so the whole
  search is O(nodes + ties).

Reference: S. P. Borgatti and M. G. Everett, "Models of core/periphery structures", Social
Networks 21 (1999) 375–395.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from segraph.network.model import NetworkLike, as_network

#: Iterations and tolerance of the continuous model.
ITERATIONS, TOLERANCE = 500, 1e-10


@dataclass(frozen=True)
class CorePeriphery:
    """The result of :func:`core_periphery`."""

    #: organisation → continuous coreness in [0, 1]
    coreness: dict[Hashable, float]
    #: the organisations of the discrete core, in the order they entered it
    core: tuple[Hashable, ...]
    #: correlation of the ties with the discrete model's ideal pattern (None: undefined)
    fit: float | None


def _adjacency(network: NetworkLike) -> tuple[list[Hashable], sp.csr_array]:
    graph = as_network(network).graph
    nodes = sorted(graph, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    rows, cols = [], []
    for a, b in graph.edges():
        if a != b:
            rows += [index[a], index[b]]
            cols += [index[b], index[a]]
    n = len(nodes)
    matrix = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    matrix.data[:] = 1.0  # parallel entries summed: one tie
    return nodes, matrix


def continuous_coreness(nodes: list[Hashable], adjacency: sp.csr_array) -> np.ndarray:
    """The continuous coreness of each node (see the module doc), largest 1, all 0 without ties."""
    c = np.asarray(adjacency.sum(axis=1)).ravel().astype(float)
    if not c.any():
        return c
    c /= np.linalg.norm(c)
    for _ in range(ITERATIONS):
        squares = (c * c).sum() - c * c
        nxt = np.divide(adjacency @ c, squares, out=np.zeros_like(c), where=squares > 0)
        nxt /= np.linalg.norm(nxt) or 1.0
        if np.abs(nxt - c).max() < TOLERANCE:
            c = nxt
            break
        c = nxt
    return c / c.max()


def _correlation(pairs: int, ties: int, ideal: int, hits: int) -> float | None:
    """Pearson correlation of two 0/1 vectors over ``pairs`` items: ``ties`` and ``ideal``
    ones, ``hits`` where both are 1."""
    spread = ties * (pairs - ties) * ideal * (pairs - ideal)
    return (pairs * hits - ties * ideal) / math.sqrt(spread) if spread > 0 else None


def core_periphery(network: NetworkLike) -> CorePeriphery:
    """Return the continuous and the discrete core–periphery models of ``network``.

    Examples
    --------
    >>> g = nx.complete_graph(4)
    >>> g.add_edges_from((core, leaf) for core in range(4) for leaf in range(4, 10))
    >>> found = core_periphery(g)
    >>> sorted(found.core), found.fit
    ([0, 1, 2, 3], 1.0)
    """
    nodes, adjacency = _adjacency(network)
    coreness = continuous_coreness(nodes, adjacency)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()

    def rank(i: int) -> tuple[float, float]:
        return (-round(float(coreness[i]), 9), -float(degree[i]))

    order = sorted(range(len(nodes)), key=lambda i: (*rank(i), str(nodes[i])))
    n, ties = len(nodes), int(adjacency.sum()) // 2
    pairs = n * (n - 1) // 2
    in_core = np.zeros(n, dtype=bool)
    peripheral_ties = ties  # ties with both ends in the periphery
    best, best_size = None, 0
    for size, i in enumerate(order, start=1):
        neighbours = adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]]
        peripheral_ties -= int((~in_core[neighbours]).sum())
        in_core[i] = True
        if size < n and rank(order[size]) == rank(i):
            continue  # the next one has the same coreness and degree: no cut between them
        ideal = pairs - (n - size) * (n - size - 1) // 2
        value = _correlation(pairs, ties, ideal, ties - peripheral_ties)
        if value is not None and (best is None or value > best + 1e-12):
            best, best_size = value, size
    return CorePeriphery(
        coreness={node: float(coreness[i]) for i, node in enumerate(nodes)},
        core=tuple(nodes[i] for i in order[:best_size]),
        fit=best,
    )


#: The columns of :func:`core_rows`.
CORE_COLUMNS: tuple[str, ...] = ("id", "label_ko", "coreness", "core", "core_number", "degree")


def core_rows(network: nx.Graph, found: CorePeriphery) -> list[dict[str, object]]:
    """One row per organisation (:data:`CORE_COLUMNS`), most core first (then by id), with its
    k-core number beside the Borgatti–Everett values of ``found``."""
    members = set(found.core)
    simple = nx.Graph(network.edges())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    k_core = nx.core_number(simple)
    rows = [
        {
            "id": attrs.get("id", node),
            "label_ko": attrs.get("label_ko", ""),
            "coreness": found.coreness[node],
            "core": node in members,
            "core_number": k_core.get(node, 0),
            "degree": network.degree(node),
        }
        for node, attrs in network.nodes(data=True)
    ]
    return sorted(rows, key=lambda row: (-float(row["coreness"]), str(row["id"])))
