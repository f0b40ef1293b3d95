"""Gould–Fernandez brokerage roles, with the expected values and z-scores of R's ``sna::brokerage``.

A node ``v`` brokers for ``a`` and ``b`` when ``a → v → b`` and there is no tie ``a → b``. With
nodes split into groups (districts, organisation kinds), the group of ``a``, ``v`` and ``b``
names the role (Gould & Fernandez, 1989):

=============== =============== ==============================================================
role            sna name        two-path (groups of a → v → b)
=============== =============== ==============================================================
coordinator     ``w_I``         A → A → A: all three in one group
itinerant       ``w_O``         A → B → A: the ends share a group the broker is not in
representative  ``b_IO``        A → A → B: from the broker's own group out to another
gatekeeper      ``b_OI``        A → B → B: from another group into the broker's own
liaison         ``b_O``         A → B → C: three different groups
=============== =============== ==============================================================

Two-paths are ordered, as in ``sna``: in an undirected graph every tie runs both ways, so each
open pair ``{a, b}`` around a broker counts twice (``a → v → b`` and ``b → v → a``), and the
representative and gatekeeper counts are equal. Expected counts and standard deviations are
those of ``sna::brokerage`` under a random graph of the same density ``d = m / (N (N − 1))``
(``m`` ordered ties); where the standard deviation is 0 the count is necessarily 0 and its
z-score is reported as 0.

References
----------
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from math import comb

import networkx as nx
import numpy as np
import scipy.sparse as sp

#: The five roles, in sna's column order (w_I, w_O, b_IO, b_OI, b_O).
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: The partition of :func:`brokerage_by` that puts every node in one group: its totals are the
#: open two-paths around each node, whatever the groups.
EVERY_NODE = "all"
#: Entries of the two-path product computed at once (about 12 bytes each): bounds the memory of
#: :func:`brokerage_counts` on networks with large cliques and hubs.
BLOCK_ENTRIES = 1 << 23

Scores = dict[str, float]


@dataclass(frozen=True)
class Brokerage:
    """The result of :func:`brokerage`.

    Attributes
    ----------
    counts : node → {role: count, "total": count}
    expected, sd, z : node → {role: value, "total": value}, from the broker's group size
    network_counts, network_expected, network_sd, network_z : the same for the whole network
    groups : node → its group, for the nodes that have one (the others are left out: a missing
        value is no group, and the counts, expected values and z-scores cover the known nodes
        and the ties among them)
    coverage : (nodes with a group, nodes of the graph)
    """

    counts: dict[Hashable, dict[str, int]]
    expected: dict[Hashable, Scores]
    sd: dict[Hashable, Scores]
    z: dict[Hashable, Scores]
    network_counts: dict[str, int]
    network_expected: Scores
    network_sd: Scores
    network_z: Scores
    groups: dict[Hashable, Hashable]
    coverage: tuple[int, int] = (0, 0)


def _z(observed: float, expected: float, sd: float) -> float:
    return (observed - expected) / sd if sd > 0 else 0.0


def brokerage_counts(
    graph: nx.Graph, groups: Mapping[Hashable, Hashable]
) -> dict[Hashable, dict[str, int]]:
    """Count the open two-paths each node brokers, by role (see the module doc).

    The ordered pairs of a broker's contacts are counted by role from the group counts of its
    contacts; the closed pairs (``a → b`` tied) are then taken away, counted for every tie from
    the common contacts of its two ends by a sparse matrix product (:func:`_closed_pairs`).
    Time is that of the product, about half of Σ in-degree × out-degree steps in compiled code;
    memory is O(nodes + ties) plus one block of the product, whatever the degrees.

    Parameters
    ----------
    graph : a directed or undirected graph (self-loops, edge weights and parallel edges are
        ignored).
    groups : node → group.

    Returns
    -------
    node → {role: count, "total": count}, for every node.

    Raises
    ------
    ValueError
        If a node has 2,097,152 (2²¹) incoming contacts or more: the product packs three counts
        into 64 bits.

    Examples
    --------
    >>> g = nx.path_graph(["a", "v", "b"])
    >>> brokerage_counts(g, {"a": 1, "v": 1, "b": 1})["v"]["coordinator"]
    2
    """
    nodes = list(graph)
    return _counts(nodes, _ties(graph, nodes), groups)


def _counts(
    nodes: list[Hashable], ties: sp.csr_array, groups: Mapping[Hashable, Hashable]
) -> dict[Hashable, dict[str, int]]:
    """:func:`brokerage_counts` from the adjacency matrix ``ties`` of ``nodes`` (:func:`_ties`)."""
    codes: dict[Hashable, int] = {}
    group_of = np.fromiter(
        (codes.setdefault(groups[node], len(codes)) for node in nodes),
        dtype=np.int64,
        count=len(nodes),
    )
    table = _all_pairs(ties, group_of, len(codes)) - _closed_pairs(ties, group_of)
    counts: dict[Hashable, dict[str, int]] = {}
    for node, row in zip(nodes, table.tolist(), strict=True):
        counts[node] = dict(zip(ROLES, row, strict=True))
        counts[node]["total"] = sum(row)
    return counts


def _ties(graph: nx.Graph, nodes: list[Hashable]) -> sp.csr_array:
    """The 0/1 adjacency matrix of ``graph`` in the order of ``nodes``: entry (a, b) is 1 when
    ``a → b`` (both ways for an undirected tie), without self-loops."""
    index = {node: position for position, node in enumerate(nodes)}
    adjacency = dict(graph.adjacency())
    contacts = [adjacency[node] for node in nodes]
    lengths = np.fromiter(map(len, contacts), dtype=np.int64, count=len(nodes))
    rows = np.repeat(np.arange(len(nodes)), lengths)
    columns = np.fromiter(
        map(index.__getitem__, chain.from_iterable(contacts)), dtype=np.int64, count=len(rows)
    )
    keep = rows != columns
    size = (len(nodes), len(nodes))
    ties = sp.coo_array(
        (np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], columns[keep])), size
    )
    return ties.tocsr()


def _same_group(ties: sp.csr_array, group_of: np.ndarray) -> np.ndarray:
    """For each stored entry (row, column) of a CSR matrix: do its two nodes share a group?"""
    rows = np.repeat(np.arange(ties.shape[0]), np.diff(ties.indptr))
    return group_of[rows] == group_of[ties.indices]


def _row_sums(indptr: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Exact integer sums of ``values`` over the rows of a CSR structure."""
    running = np.concatenate([[0], np.cumsum(values, dtype=np.int64)])
    return running[indptr[1:]] - running[indptr[:-1]]


def _all_pairs(ties: sp.csr_array, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    """Ordered pairs ``a ≠ b`` with ``a → v → b`` for each ``v``, by role, open or closed.

    Returns an array node × role (in :data:`ROLES` order). With ``in_own`` (``out_own``) the
    contacts into (out of) ``v`` in its own group, the pairs are products of group counts; the
    pairs ``a = b`` (a mutual contact, coordinator or itinerant) are taken away.
    """
    n = ties.shape[0]
    same = _same_group(ties, group_of)
    out_all, out_own = np.diff(ties.indptr), _row_sums(ties.indptr, same)
    incoming = ties.T.tocsr()
    in_all = np.diff(incoming.indptr)
    in_own = _row_sums(incoming.indptr, _same_group(incoming, group_of))
    membership = sp.csr_array(
        (np.ones(n, dtype=np.int64), (np.arange(n), group_of)), shape=(n, n_groups)
    )
    # pairs a → v → b with a and b in one group, a = b included: Σ over groups of in × out
    matching = (incoming @ membership).multiply(ties @ membership).sum(axis=1)
    mutual = ties.multiply(incoming).tocsr()
    mutual_all = np.diff(mutual.indptr)
    mutual_own = _row_sums(mutual.indptr, _same_group(mutual, group_of))
    in_other, out_other = in_all - in_own, out_all - out_own
    own_to_own = in_own * out_own
    return np.column_stack(
        [
            own_to_own - mutual_own,  # coordinator
            matching - own_to_own - (mutual_all - mutual_own),  # itinerant
            in_own * out_other,  # representative
            in_other * out_own,  # gatekeeper
            in_other * out_other - (matching - own_to_own),  # liaison
        ]
    )


def _closed_pairs(ties: sp.csr_array, group_of: np.ndarray) -> np.ndarray:
    """Ordered pairs ``a → v → b`` with a tie ``a → b``, for each ``v``, by role.

    For a pair of tied nodes ``v``, ``b``, the product of two weighted adjacency matrices
    counts the nodes ``a`` with ``a → v`` and ``a → b``: ``T`` of them, ``T_v`` in the group of
    ``v``, ``T_b`` in the group of ``b``. The tie ``a → v`` weighs ``1 + K [g(a) = g(v)]`` and
    ``a → b`` weighs ``1 + K² [g(a) = g(b)]``, so the product at (v, b) is
    ``T + K T_v + K² T_b`` plus ``K³`` times a count that unsigned 64-bit arithmetic drops
    above the three fields (``K = 2^bits`` exceeds every in-degree). At (b, v) it holds the
    same counts with ``T_v`` and ``T_b`` swapped, so only pairs ``v < b`` are computed: the
    pair serves ``v`` if ``v → b`` and ``b`` if ``b → v``. Rows go in blocks of at most
    :data:`BLOCK_ENTRIES` entries of the product, so that memory stays bounded.
    """
    n = ties.shape[0]
    incoming = ties.T.tocsr()
    bits = max(1, int(np.diff(incoming.indptr).max(initial=0)).bit_length())
    if 3 * bits > 64:
        raise ValueError("brokerage counts support nodes of fewer than 2,097,152 contacts")
    into = incoming.astype(np.uint64)
    into.data += _same_group(incoming, group_of).astype(np.uint64) << np.uint64(bits)
    out_of = ties.astype(np.uint64)
    out_of.data += _same_group(ties, group_of).astype(np.uint64) << np.uint64(2 * bits)
    forward = sp.triu(ties, k=1, format="csr").astype(np.uint64)  # (v, b): v < b, v → b
    backward = sp.triu(incoming, k=1, format="csr").astype(np.uint64)  # (v, b): v < b, b → v
    tied = (forward + backward).astype(bool).astype(np.uint64)
    field = np.uint64((1 << bits) - 1)
    # entries of each row of the product are at most Σ out-degrees of its in-contacts, and n
    reach = np.minimum(incoming @ np.diff(ties.indptr), n)
    block = (np.cumsum(reach) - reach) // BLOCK_ENTRIES
    bounds = [0, *(np.flatnonzero(np.diff(block)) + 1).tolist(), n]
    closed = np.zeros((n, len(ROLES)), dtype=np.int64)
    for start, stop in pairwise(bounds):
        two_paths = (into[start:stop] @ out_of[:, start:]).multiply(tied[start:stop, start:])
        for direction, swapped in ((forward, False), (backward, True)):
            found = two_paths.multiply(direction[start:stop, start:]).tocoo()
            v, b = found.row + start, found.col + start
            total = (found.data & field).astype(np.int64)
            with_v = ((found.data >> np.uint64(bits)) & field).astype(np.int64)
            with_b = ((found.data >> np.uint64(2 * bits)) & field).astype(np.int64)
            if swapped:
                v, b, with_v, with_b = b, v, with_b, with_v
            same = group_of[v] == group_of[b]
            other = ~same
            per_tie = np.column_stack(
                [
                    with_v * same,  # coordinator
                    with_b * other,  # itinerant
                    with_v * other,  # representative
                    (total - with_v) * same,  # gatekeeper
                    (total - with_v - with_b) * other,  # liaison
                ]
            )
            np.add.at(closed, v, per_tie)
    return closed


def _node_moments(d: float, sizes: dict[Hashable, int], own: Hashable) -> tuple[Scores, Scores]:
    """Expected counts and variances for a broker in group ``own`` (sna's ``exp.grp``)."""
    n_total = sum(sizes.values())
    ni = sizes[own]
    others = [size for group, size in sizes.items() if group != own]
    p = d * d * (1 - d)
    q = d**3 * (1 - d) ** 3
    expected = {
        "coordinator": p * (ni - 1) * (ni - 2),
        "itinerant": p * sum(n * (n - 1) for n in others),
        "representative": p * (n_total - ni) * (ni - 1),
        "liaison": p * (sum(others) ** 2 - sum(n * n for n in others)),
        "total": p * (n_total - 1) * (n_total - 2),
    }
    expected["gatekeeper"] = expected["representative"]
    extra = {
        "coordinator": 2 * (ni - 1) * (ni - 2) * (ni - 3) * q,
        "itinerant": 2 * sum(n * (n - 1) * (n - 2) for n in others) * q,
        "representative": 2
        * ((ni - 1) * comb(int(n_total - ni), 2) + (n_total - ni) * comb(int(ni - 1), 2))
        * q,
        "liaison": 4 * sum(n * comb(int(n_total - n - ni), 2) for n in others) * q,
        "total": 2 * (n_total - 1) * (n_total - 2) * (n_total - 3) * q,
    }
    extra["gatekeeper"] = extra["representative"]
    variance = {key: expected[key] * (1 - p) + extra[key] for key in expected}
    return expected, variance


def _distinct_triples(sizes: list[int]) -> tuple[int, int]:
    """Σ n_i n_j n_k and Σ n_i² n_j n_k over ordered triples of distinct indices, exactly,
    from the power sums (inclusion–exclusion over coinciding indices): O(len(sizes))."""
    p1, p2, p3, p4 = (sum(n**power for n in sizes) for power in range(1, 5))
    return p1**3 - 3 * p1 * p2 + 2 * p3, p1 * p1 * p2 - 2 * p1 * p3 - p2 * p2 + 2 * p4


def _network_moments(d: float, sizes: list[int]) -> tuple[Scores, Scores]:
    """Expected counts and variances for the whole network (sna's ``exp.gli``, ``sd.gli``)."""
    big_n = sum(sizes)
    p = d * d * (1 - d)
    q3 = d**3 * (1 - d) ** 3
    q4 = d**4 * (1 - d) ** 2
    q5 = d**5 * (1 - d)

    def within(n: float) -> float:
        return n * (n - 1) * (n - 2) * ((4 * n - 10) * q3 - 4 * (n - 3) * q4 + (n - 3) * q5)

    expected: Scores = {
        "coordinator": p * sum(n * (n - 1) * (n - 2) for n in sizes),
        "itinerant": p * sum(n * (big_n - n) * (n - 1) for n in sizes),
        "representative": p * sum(n * (big_n - n) * (n - 1) for n in sizes),
        "liaison": p
        * (
            sum(x * y * (big_n - x - y) for x in sizes for y in sizes)
            - sum(n * n * (big_n - 2 * n) for n in sizes)
        ),
        "total": p * big_n * (big_n - 1) * (big_n - 2),
    }
    expected["gatekeeper"] = expected["representative"]
    itinerant_extra = sum(
        x * y * (x - 1) * ((2 * x + 2 * y - 6) * q3 + (big_n - x - 1) * q5)
        for x in sizes
        for y in sizes
    ) - sum(n * n * (n - 1) * ((4 * n - 6) * q3 + (big_n - n - 1) * q5) for n in sizes)
    # Σ over ordered triples of distinct groups of n_i n_j n_k (a + b n_i + c n_j + d n_k), in
    # sna's form, collected: every sum of n_i² n_j n_k over distinct triples is the same
    product, squared_product = _distinct_triples(sizes)
    liaison_extra = (q3 - q4) * ((4 * big_n - 2) * product - 8 * squared_product) + q5 * (
        (big_n - 1) * product - 2 * squared_product
    )
    extra: Scores = {
        "coordinator": sum(within(n) for n in sizes),
        "itinerant": itinerant_extra,
        "representative": sum(
            n * (big_n - n) * (n - 1) * ((big_n - 3) * q3 + (n - 2) * q5) for n in sizes
        ),
        "liaison": liaison_extra,
        "total": within(big_n),
    }
    extra["gatekeeper"] = extra["representative"]
    variance = {key: expected[key] * (1 - p) + extra[key] for key in expected}
    return expected, variance


def brokerage(graph: nx.Graph, groups: Mapping[Hashable, Hashable] | str) -> Brokerage:
    """Return the Gould–Fernandez brokerage analysis of ``graph``.

    Parameters
    ----------
    graph : a directed or undirected graph; not modified.
    groups : node → group, or the name of a node attribute holding the group. Nodes whose
        attribute is missing or empty are left out, with their ties: an unknown value is no
        group (``coverage`` says how many nodes are known).

    Returns
    -------
    Brokerage
        Counts per node and role, their expected values, standard deviations and z-scores as in
        R's ``sna::brokerage`` (``raw.nli``, ``exp.nli``, ``sd.nli``, ``z.nli`` and the ``gli``
        network totals).

    Examples
    --------
    >>> g = nx.path_graph(["a", "v", "b"])
    >>> brokerage(g, {"a": 1, "v": 2, "b": 1}).counts["v"]["itinerant"]
    2
    """
    nodes = list(graph)
    return _brokerage(graph, nodes, _ties(graph, nodes), groups)


def brokerage_by(graph: nx.Graph, partitions: Sequence[str]) -> dict[str, Brokerage]:
    """Return :func:`brokerage` of ``graph`` for each node attribute in ``partitions``, and under
    :data:`EVERY_NODE` with every node in one group (the open two-paths of every node).

    The adjacency matrix is made once and shared by the partitions (a second or more of Python
    per partition on a network of 10⁵–10⁶ ties).
    """
    nodes = list(graph)
    ties = _ties(graph, nodes)
    found = {partition: _brokerage(graph, nodes, ties, partition) for partition in partitions}
    found[EVERY_NODE] = _brokerage(graph, nodes, ties, dict.fromkeys(nodes, EVERY_NODE))
    return found


def _brokerage(
    graph: nx.Graph,
    nodes: list[Hashable],
    ties: sp.csr_array,
    groups: Mapping[Hashable, Hashable] | str,
) -> Brokerage:
    """:func:`brokerage` from the adjacency matrix ``ties`` of ``nodes`` (:func:`_ties`)."""
    if isinstance(groups, str):
        membership = {
            node: value for node, value in graph.nodes(data=groups) if value not in (None, "")
        }
    else:
        membership = {node: groups[node] for node in graph}
    known = graph
    if len(membership) < len(nodes):  # the known nodes and the ties among them
        keep = np.fromiter((node in membership for node in nodes), dtype=bool, count=len(nodes))
        nodes = [node for node, kept in zip(nodes, keep, strict=True) if kept]
        ties = ties[keep][:, keep]
        known = graph.subgraph(nodes)
    counts = _counts(nodes, ties, membership)
    size = len(nodes)
    tie_count = known.number_of_edges() - nx.number_of_selfloops(known)
    ordered_ties = tie_count * (1 if graph.is_directed() else 2)
    d = ordered_ties / (size * (size - 1)) if size > 1 else 0.0
    sizes: dict[Hashable, int] = {}
    for group in membership.values():
        sizes[group] = sizes.get(group, 0) + 1
    by_group = {group: _node_moments(d, sizes, group) for group in sizes}
    group_sd = {
        group: {key: math.sqrt(max(value, 0.0)) for key, value in variance.items()}
        for group, (_, variance) in by_group.items()
    }
    expected: dict[Hashable, Scores] = {}
    sd: dict[Hashable, Scores] = {}
    z: dict[Hashable, Scores] = {}
    for node, row in counts.items():
        mean, spread = by_group[membership[node]][0], group_sd[membership[node]]
        expected[node] = dict(mean)
        sd[node] = dict(spread)
        z[node] = {key: _z(row[key], mean[key], spread[key]) for key in mean}
    network_counts = {key: sum(row[key] for row in counts.values()) for key in (*ROLES, "total")}
    mean, variance = _network_moments(d, list(sizes.values()))
    network_sd = {key: math.sqrt(max(value, 0.0)) for key, value in variance.items()}
    return Brokerage(
        counts=counts,
        expected=expected,
        sd=sd,
        z=z,
        network_counts=network_counts,
        network_expected=mean,
        network_sd=network_sd,
        network_z={key: _z(network_counts[key], mean[key], network_sd[key]) for key in mean},
        groups=membership,
        coverage=(len(membership), len(graph)),
    )
