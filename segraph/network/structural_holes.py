"""Burt's structural holes (constraint, effective size) with sparse matrices.

Both measures sum, for each tie (v, u), products of ties over the contacts w that v and u share:
the entries of a matrix product ``X @ Y`` at the positions of the ties. The product is computed
a block of rows at a time (each block's work, Σ of its rows' two-step paths, bounded by
:data:`BLOCK_WORK`), so memory stays bounded at 10⁵ nodes and 10⁶ ties while the arithmetic runs
in scipy's C code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from scipy import sparse

from segraph.network.arrays import NetworkArrays

#: The most two-step paths (multiply-adds of the sparse product) one block of rows may hold.
BLOCK_WORK = 5_000_000


def _row_blocks(adjacency: sparse.csr_array) -> Iterator[slice]:
    """Yield slices of consecutive rows whose two-step paths add up to at most BLOCK_WORK
    (a single row may exceed it)."""
    degree = np.diff(adjacency.indptr).astype(float)
    # two-step paths from each row: the sum of its contacts' degrees
    work = np.add.reduceat(np.append(degree[adjacency.indices], 0.0), adjacency.indptr[:-1])
    work[degree == 0] = 0.0
    start, n = 0, adjacency.shape[0]
    while start < n:
        cumulative = np.cumsum(work[start:])
        stop = start + max(1, int(np.searchsorted(cumulative, BLOCK_WORK, side="right")))
        yield slice(start, stop)
        start = stop


def _masked_row_sums(
    left: sparse.csr_array,
    right: sparse.csr_array,
    combine: Callable[[slice, sparse.csr_array], np.ndarray],
) -> np.ndarray:
    """For each block of rows, compute ``left[rows] @ right`` masked to the structure of
    ``left[rows]`` (the ties), and return the concatenated row values ``combine`` makes of it.

    ``combine(rows, shared)`` receives the rows and the masked product, whose stored entries
    are at tie positions only (a tie whose ends share no contact may be absent)."""
    out = []
    for rows in _row_blocks(left):
        block = left[rows]
        mask = block.copy()
        mask.data = np.ones_like(mask.data)
        shared = sparse.csr_array((block @ right).multiply(mask))
        out.append(combine(rows, shared))
    return np.concatenate(out) if out else np.zeros(0)


def constraint_values(arrays: NetworkArrays) -> np.ndarray:
    """Return Burt's constraint of each node (in ``arrays.nodes`` order); NaN for a node whose
    ties weigh nothing (an isolated node), as networkx.

    With p(v, u) = w(v, u) / Σ_x w(v, x), constraint(v) = Σ over contacts u with p(v, u) > 0 of
    (p(v, u) + Σ_w p(v, w) · p(w, u))², as networkx's ``constraint`` computes it for a whole
    undirected graph.
    """
    weights = arrays.adjacency()
    total = np.asarray(weights.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(total > 0, 1.0 / total, 0.0)
    p = sparse.csr_array(sparse.diags_array(inverse) @ weights)

    def combine(rows: slice, shared: sparse.csr_array) -> np.ndarray:
        direct = p[rows]
        local = sparse.csr_array((direct + shared).multiply(direct > 0))
        return np.asarray(local.power(2).sum(axis=1)).ravel()

    values = _masked_row_sums(p, p, combine)
    # networkx's test of isolation, which also holds for a node whose only tie is a self-loop
    # of weight 1
    values[(total == 0) | (2 * total - 2 * p.diagonal() == 0)] = np.nan
    return values


def effective_size_values(arrays: NetworkArrays) -> np.ndarray:
    """Return Burt's weighted effective size of each node (in ``arrays.nodes`` order); 0 for a
    node without ties (or whose ties all weigh 0).

    For each contact u ≠ v: 1 − Σ over shared contacts w ∉ {u, v} of w(v, w) · w(u, w), divided
    by v's total tie strength and by u's strongest tie; summed over the contacts.
    """
    weights = arrays.adjacency()
    total = np.asarray(weights.sum(axis=1)).ravel()
    largest = np.asarray(weights.max(axis=1).toarray()).ravel()
    with np.errstate(divide="ignore"):
        inverse_largest = np.where(largest > 0, 1.0 / largest, 0.0)
    loops = weights.diagonal()
    looped = np.zeros(arrays.size, dtype=bool)
    looped[arrays.source[arrays.source == arrays.target]] = True

    def combine(rows: slice, shared: sparse.csr_array) -> np.ndarray:
        block = weights[rows]
        # the middle steps w = u and w = v go through a self-loop; they are not shared contacts
        through_loops = block @ sparse.diags_array(loops) + sparse.diags_array(loops[rows]) @ block
        redundancy = sparse.csr_array(
            (shared - through_loops) @ sparse.diags_array(inverse_largest)
        )
        # a node is not its own contact: drop the diagonal (row r of the block is node start + r)
        sums = np.asarray(redundancy.sum(axis=1)).ravel() - redundancy.diagonal(k=rows.start)
        contacts = np.diff(block.indptr) - looped[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total[rows] > 0, contacts - sums / total[rows], 0.0)

    return _masked_row_sums(weights, weights, combine)
