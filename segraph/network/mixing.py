"""How ties mix groups of organisations (district, kind): the mixing matrix, Krackhardt and
Stern's E–I index and Newman's attribute assortativity."""

from __future__ import annotations

import math

import numpy as np

from segraph.network.arrays import node_codes
from segraph.network.model import NetworkLike, as_network


def mixing_counts(network: NetworkLike, attribute: str) -> np.ndarray:
    """Return the attribute mixing matrix of ``attribute``: entry (i, j) counts the ties from a
    node of the i-th value to a node of the j-th value (values sorted), each tie from both ends
    (a self-loop once), as networkx's ``attribute_mixing_dict``. Nodes whose value is empty are
    left out.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "group")
    >>> mixing_counts(g, "group").tolist()
    [[2, 1], [1, 0]]
    """
    view = as_network(network)
    arrays = view.structure()
    codes, values = node_codes(view.graph, arrays.nodes, attribute)
    start, end = codes[arrays.source], codes[arrays.target]
    known = (start >= 0) & (end >= 0)
    back = known & (arrays.source != arrays.target)
    counts = np.zeros((len(values), len(values)), dtype=np.int64)
    np.add.at(counts, (start[known], end[known]), 1)
    np.add.at(counts, (end[back], start[back]), 1)
    return counts


def ei_index(network: NetworkLike, attribute: str) -> float | None:
    """Return Krackhardt and Stern's E–I index of ``attribute``: (E − I) / (E + I).

    E counts ties between nodes of different values, I ties within the same value, both read
    from the attribute mixing matrix (:func:`mixing_counts`). Nodes whose value is empty are
    left out. −1: every tie stays inside its group; +1: every tie crosses groups. None when no
    tie is counted.
    """
    counts = mixing_counts(network, attribute)
    internal, total = int(np.trace(counts)), int(counts.sum())
    if total == 0:
        return None
    return (total - 2 * internal) / total


def assortativity(network: NetworkLike, attribute: str) -> float | None:
    """Return Newman's attribute assortativity of ``attribute`` (nodes with an empty value left
    out); None when it is undefined (no tie, or a single value).

    As networkx's ``attribute_assortativity_coefficient``: with M the mixing matrix
    (:func:`mixing_counts`) scaled to sum 1, r = (tr M − ΣM²) / (1 − ΣM²).
    """
    counts = mixing_counts(network, attribute)
    if np.count_nonzero(counts.sum(axis=1)) < 2:  # no tie, or every tie within one value: 0/0
        return None
    mixing = counts / counts.sum()
    if mixing.sum() != 1.0:
        mixing = mixing / mixing.sum()
    square = (mixing @ mixing).sum()
    value = (mixing.trace() - square) / (1 - square)
    return None if math.isnan(value) else float(value)
