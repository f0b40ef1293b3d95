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
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from math import comb

import networkx as nx

#: The five roles, in sna's column order (w_I, w_O, b_IO, b_OI, b_O).
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: The name of the group of nodes whose attribute is empty.
UNKNOWN_GROUP = "(unknown)"

Scores = dict[str, float]


@dataclass(frozen=True)
class Brokerage:
    """The result of :func:`brokerage`.

    Attributes
    ----------
    counts : node → {role: count, "total": count}
    expected, sd, z : node → {role: value, "total": value}, from the broker's group size
    network_counts, network_expected, network_sd, network_z : the same for the whole network
    groups : node → its group
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


def _role(group_a: Hashable, group_v: Hashable, group_b: Hashable) -> str:
    if group_a == group_v:
        return "coordinator" if group_v == group_b else "representative"
    if group_v == group_b:
        return "gatekeeper"
    return "itinerant" if group_a == group_b else "liaison"


def _z(observed: float, expected: float, sd: float) -> float:
    return (observed - expected) / sd if sd > 0 else 0.0


def brokerage_counts(
    graph: nx.Graph, groups: Mapping[Hashable, Hashable]
) -> dict[Hashable, dict[str, int]]:
    """Count the open two-paths each node brokers, by role (see the module doc).

    Parameters
    ----------
    graph : a directed or undirected graph (self-loops are ignored).
    groups : node → group.

    Returns
    -------
    node → {role: count, "total": count}, for every node.

    Examples
    --------
    >>> g = nx.path_graph(["a", "v", "b"])
    >>> brokerage_counts(g, {"a": 1, "v": 1, "b": 1})["v"]["coordinator"]
    2
    """
    successors: Callable[[Hashable], object]
    predecessors: Callable[[Hashable], object]
    if graph.is_directed():
        successors, predecessors = graph.successors, graph.predecessors
    else:
        successors = predecessors = graph.neighbors
    counts: dict[Hashable, dict[str, int]] = {}
    for broker in graph:
        tally: Counter[str] = Counter()
        for a in predecessors(broker):  # type: ignore[attr-defined]
            if a == broker:
                continue
            for b in successors(broker):  # type: ignore[attr-defined]
                if b in (a, broker) or graph.has_edge(a, b):
                    continue
                tally[_role(groups[a], groups[broker], groups[b])] += 1
        row = {role: tally[role] for role in ROLES}
        row["total"] = sum(tally.values())
        counts[broker] = row
    return counts


def _node_moments(d: float, sizes: dict[Hashable, float], own: Hashable) -> tuple[Scores, Scores]:
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


def _network_moments(d: float, sizes: list[float]) -> tuple[Scores, Scores]:
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
    liaison_extra = 0.0
    k = len(sizes)
    for i in range(k):
        for j in range(k):
            for m in range(k):
                if i != j and j != m and i != m:
                    ni, nj, nk = sizes[i], sizes[j], sizes[m]
                    liaison_extra += (
                        ni
                        * nj
                        * nk
                        * (
                            (4 * (big_n - nj) - 2 * (ni + nk + 1)) * q3
                            - (4 * (big_n - nk) - 2 * (ni + nj + 1)) * q4
                            + (big_n - (ni + nk + 1)) * q5
                        )
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
        attribute is missing or empty form one group, :data:`UNKNOWN_GROUP`.

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
    if isinstance(groups, str):
        attribute = groups
        membership = {
            node: (value if value not in (None, "") else UNKNOWN_GROUP)
            for node, value in graph.nodes(data=attribute)
        }
    else:
        membership = {node: groups[node] for node in graph}
    counts = brokerage_counts(graph, membership)
    size = len(graph)
    ordered_ties = sum(1 for a, b in graph.edges() if a != b) * (1 if graph.is_directed() else 2)
    d = ordered_ties / (size * (size - 1)) if size > 1 else 0.0
    sizes: dict[Hashable, float] = {}
    for group in membership.values():
        sizes[group] = sizes.get(group, 0.0) + 1.0
    by_group = {group: _node_moments(d, sizes, group) for group in sizes}
    expected: dict[Hashable, Scores] = {}
    sd: dict[Hashable, Scores] = {}
    z: dict[Hashable, Scores] = {}
    for node in graph:
        mean, variance = by_group[membership[node]]
        expected[node] = dict(mean)
        sd[node] = {key: math.sqrt(max(value, 0.0)) for key, value in variance.items()}
        z[node] = {key: _z(counts[node][key], mean[key], sd[node][key]) for key in mean}
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
    )
