"""Per-organisation measures of the collaboration and two-mode networks: degree, betweenness,
closeness, harmonic, eigenvector, PageRank, Burt's constraint and effective size, k-core.

Every function is pure: it reads the network it is given (a networkx graph from
:mod:`segraph.network.views`, or its :class:`~segraph.network.model.Network` whose array views
are shared) and returns new values; the input graph is never modified.

Tie strength is the edge attribute ``strength`` (shared programs, or Newman's weighting, plus one
per formal tie type). Measures built on shortest paths (betweenness, closeness, harmonic
centrality) read an edge attribute as a *distance*, so they use ``1 / strength``: a strong tie is
a short path.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

import networkx as nx
import numpy as np
from networkx.algorithms import bipartite
from scipy import sparse
from scipy.sparse import csgraph

from segraph._util.progress import step
from segraph._util.seed import SEED
from segraph.errors import ArgumentError
from segraph.network.arrays import NetworkArrays
from segraph.network.model import Network, NetworkLike, as_network
from segraph.network.structural_holes import constraint_values, effective_size_values

#: Above this many nodes, betweenness is estimated from a seeded sample of source nodes.
EXACT_BETWEENNESS_LIMIT = 1000
#: Number of sampled source nodes for approximate betweenness (and sampled distances).
BETWEENNESS_SAMPLES = 256
#: Above this many nodes in a component, closeness and harmonic centrality are estimated from
#: the distances to a seeded sample of BETWEENNESS_SAMPLES nodes (Eppstein & Wang, 2004).
EXACT_DISTANCE_LIMIT = 5000
#: Above this many nodes in a component, eigenvector centrality comes from scipy's sparse
#: eigensolver rather than networkx's power iteration in Python (which may need its 1,000
#: iterations on a loosely knit component: 26 s for 828 nodes, against 0.01 s for the solver).
POWER_ITERATION_LIMIT = 50
#: igraph counts a pair of an undirected graph once per sampled source; networkx's Brandes
#: accumulation counts it from both ends before its normalisation.
IGRAPH_PAIR_FACTOR = 2.0

#: Per-organisation measures of the collaboration network, in column order.
MEASURES: tuple[str, ...] = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "core_number",
)

#: Per-organisation measures of the two-mode network, in column order.
TWO_MODE_MEASURES: tuple[str, ...] = (
    "programs",
    "bipartite_degree",
    "bipartite_betweenness",
    "bipartite_closeness",
)

Values = dict[Hashable, float]


def stable(value: float) -> float:
    """Round ``value`` to 12 significant digits.

    Some networkx measures add floats in the order of a set of nodes, which changes from one
    Python process to the next; the last bits of their sums then differ. Rounding keeps
    results identical across runs.
    """
    return float(f"{float(value):.12g}")


def distance_graph(network: nx.Graph, strength: str = "strength") -> nx.Graph:
    """Return a copy of ``network`` whose edges carry ``distance = 1 / strength``.

    Edges without a positive ``strength`` get distance 1. The input is not modified.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"strength": 4.0})])
    >>> distance_graph(g)["a"]["b"]["distance"]
    0.25
    """
    copy = nx.Graph()
    copy.add_nodes_from(sorted(network.nodes))
    for a, b, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1])):
        value = data.get(strength, 1.0) or 0.0
        copy.add_edge(a, b, distance=1.0 / value if value > 0 else 1.0, strength=value or 1.0)
    return copy


def betweenness(
    network: NetworkLike,
    strength: str | None = "strength",
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = SEED,
) -> Values:
    """Return normalised betweenness centrality, with tie strength read as ``1 / distance``.

    Parameters
    ----------
    network : an undirected graph (or its :class:`~segraph.network.model.Network`).
    strength : edge attribute of tie strength, or None for unweighted shortest paths.
    exact_limit : graphs with more nodes are estimated from ``samples`` source nodes chosen
        with ``seed`` (Brandes & Pich, 2007); below it the value is exact.

    Returns
    -------
    dict of node → betweenness in [0, 1].
    """
    view = as_network(network)
    graph = view.graph
    k = samples if len(graph) > exact_limit else None
    if k is not None and k < len(graph) and _igraph() is not None:
        return _sampled_betweenness_igraph(view.arrays(strength), strength is not None, k, seed)
    work = distance_graph(graph, strength or "__unweighted__")
    weight = "distance" if strength else None
    return dict(nx.betweenness_centrality(work, k=k, weight=weight, normalized=True, seed=seed))


def _igraph() -> Any:
    """The igraph module when installed (``pip install 'segraph[scale]'``), else None."""
    try:
        import igraph
    except ImportError:
        return None
    return igraph


def _sampled_betweenness_igraph(arrays: NetworkArrays, weighted: bool, k: int, seed: int) -> Values:
    """Betweenness estimated from ``k`` source nodes, computed by igraph (C) instead of Python.

    The sources are the ones networkx would sample with the same ``seed`` (``random.Random(seed)
    .sample`` of the node list), and the sum of their dependencies is rescaled as networkx does
    (per source and per possible target), so both give the same estimate up to how ties between
    floating-point path lengths are judged; igraph is tens of times faster at 10⁴–10⁵ nodes.
    """
    nodes = arrays.nodes
    sources = random.Random(seed).sample(range(len(nodes)), k)
    graph = _igraph().Graph(
        n=len(nodes), edges=np.column_stack([arrays.source, arrays.target]).tolist()
    )
    weights = arrays.distances().tolist() if weighted else None
    raw = graph.betweenness(directed=False, weights=weights, sources=sources, targets=None)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    chosen = set(sources)
    # networkx's normalisation of a sampled estimate: the pairs a node can lie between, from
    # k sources (k − 1 when the node is a source itself) to n − 2 targets
    return {
        node: IGRAPH_PAIR_FACTOR * raw[i] / (((k - 1) if i in chosen else k) * (n - 2))
        for i, node in enumerate(nodes)
    }


#: Rows of the distance matrix computed at once (bounds memory to this × n floats).
DISTANCE_CHUNK = 256


def _distance_matrix(arrays: NetworkArrays) -> Any:
    """The sparse matrix of tie lengths (``1 / strength``) between the nodes, each tie once."""
    size = arrays.size
    return sparse.csr_array(
        (arrays.distances(), (arrays.source, arrays.target)), shape=(size, size)
    )


def _hop_lengths(arrays: NetworkArrays) -> bool:
    """Whether every tie has length 1, so that a breadth-first search gives the distances
    (scipy's ``unweighted=True``: the same numbers, without Dijkstra's heap)."""
    return bool(np.all(arrays.distances() == 1.0))


def _distance_rows(arrays: NetworkArrays) -> Iterator[tuple[Hashable, np.ndarray]]:
    """Yield each node (sorted) with its shortest distances to every node, in sorted order.

    Distances are the tie lengths of ``arrays``, computed with scipy's Dijkstra in C a chunk of
    rows at a time; unreachable nodes are ``inf``.
    """
    nodes = arrays.nodes
    matrix = _distance_matrix(arrays)
    hops = _hop_lengths(arrays)
    for start in range(0, len(nodes), DISTANCE_CHUNK):
        chunk = list(range(start, min(start + DISTANCE_CHUNK, len(nodes))))
        distances = csgraph.dijkstra(matrix, directed=False, indices=chunk, unweighted=hops)
        for i, row in zip(chunk, distances, strict=True):
            yield nodes[i], row


def closeness_and_harmonic(
    network: NetworkLike,
    strength: str | None = "strength",
    exact_limit: int = EXACT_DISTANCE_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = SEED,
) -> tuple[Values, Values]:
    """Return :func:`closeness` and :func:`harmonic` from one pass over the distances.

    In a component of more than ``exact_limit`` nodes, both are estimated from the distances to
    ``samples`` nodes of the component drawn with ``seed`` (Eppstein & Wang, 2004): the sum of
    distances (or of their inverses) to the sample, times (r − 1) / sample size, where r is the
    component's size. Smaller components are exact.
    """
    view = as_network(network)
    n = len(view.graph)
    if n <= exact_limit:
        return _exact_closeness_and_harmonic(view.arrays(strength))
    close: Values = {}
    harmonic_sum: Values = {}
    sums = sampled_distance_sums(view, strength, exact_limit, samples, seed)
    for node, (total, inverse_total, r) in sums.items():
        close[node] = ((r - 1) / total) * ((r - 1) / (n - 1)) if total > 0 else 0.0
        harmonic_sum[node] = inverse_total
    return close, harmonic_sum


def sampled_distance_sums(
    network: NetworkLike,
    strength: str | None,
    exact_limit: int = EXACT_DISTANCE_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = SEED,
) -> dict[Hashable, tuple[float, float, int]]:
    """For each node: the sum of its distances and of their inverses to the other nodes of its
    component, and the component's size.

    Components of at most ``exact_limit`` nodes are summed exactly; in larger ones the sums are
    estimated from the distances to ``samples`` nodes of the component drawn with ``seed``,
    scaled by (r − 1) / (samples other than the node itself). Components are visited largest
    first (ties: smallest node first), each drawing from one random generator.
    """
    arrays = as_network(network).arrays(strength)
    lengths = arrays.distances()
    hops = _hop_lengths(arrays)
    components = arrays.components()
    position, component_edges = arrays.component_edges(components)
    result: dict[Hashable, tuple[float, float, int]] = {}
    rng = random.Random(seed)
    for members, edges in zip(components, component_edges, strict=True):
        r = len(members)
        if r == 1:  # an isolated node: nothing to sum
            result[arrays.nodes[members[0]]] = (0.0, 0.0, 1)
            continue
        matrix = arrays.component_matrix(r, edges, position, lengths)
        if r <= exact_limit:
            chosen = list(range(r))
        else:
            chosen = sorted(rng.sample(range(r), min(samples, r)))
        distances = csgraph.dijkstra(
            matrix, directed=False, indices=chosen, unweighted=hops
        )  # k × r
        is_source = np.zeros(r, dtype=bool)
        is_source[chosen] = True
        others = len(chosen) - is_source  # sampled nodes other than the node itself
        total = np.sum(distances, axis=0)
        with np.errstate(divide="ignore"):
            inverse_total = np.sum(np.where(distances > 0, 1.0 / distances, 0.0), axis=0)
        for i, node in enumerate(members):
            factor = (r - 1) / others[i] if others[i] else 0.0
            result[arrays.nodes[node]] = (
                float(total[i]) * factor,
                float(inverse_total[i]) * factor,
                r,
            )
    return result


def _exact_closeness_and_harmonic(arrays: NetworkArrays) -> tuple[Values, Values]:
    n = arrays.size
    close: Values = {}
    harmonic_sum: Values = {}
    for node, row in _distance_rows(arrays):
        reached = row[np.isfinite(row) & (row > 0)]
        total = float(np.sum(reached))
        close[node] = (len(reached) / total) * (len(reached) / (n - 1)) if total > 0 else 0.0
        harmonic_sum[node] = float(np.sum(1.0 / reached))
    return close, harmonic_sum


def closeness(network: NetworkLike, strength: str | None = "strength") -> Values:
    """Return closeness centrality over ``1 / strength`` distances.

    As networkx's ``closeness_centrality`` with the Wasserman–Faust correction: (r − 1) / (sum of
    distances to the r − 1 reachable nodes), multiplied by (r − 1) / (n − 1), so members of small
    components do not look central; 0 for an isolated node.
    """
    return closeness_and_harmonic(network, strength)[0]


def harmonic(network: NetworkLike, strength: str | None = "strength") -> Values:
    """Return harmonic centrality: the sum of ``1 / d(v, u)`` over every other node ``u``.

    Unreachable nodes add 0, so it is well defined on a network of several components. Not
    normalised (divide by n − 1 for a value in [0, 1] on an unweighted graph).
    """
    return closeness_and_harmonic(network, strength)[1]


def eigenvector(network: NetworkLike, strength: str | None = "strength") -> Values:
    """Return eigenvector centrality computed within each connected component.

    The leading eigenvector of a disconnected graph is not unique, so each component of two or
    more nodes is computed on its own, scaled to unit Euclidean norm within the component, then
    multiplied by the component's share of the nodes. A component of more than
    :data:`POWER_ITERATION_LIMIT` nodes uses scipy's sparse eigensolver (ARPACK, as networkx's
    ``eigenvector_centrality_numpy``); smaller ones networkx's power iteration
    (``max_iter=1000``; if that does not converge, the numpy eigensolver). On a connected graph
    this is networkx's ``eigenvector_centrality``. Isolated nodes get 0.
    """
    view = as_network(network)
    graph, arrays = view.graph, view.arrays(strength)
    total = len(graph)
    values: Values = dict.fromkeys(graph, 0.0)
    components = arrays.components()
    position, component_edges = arrays.component_edges(components)
    for members, edges in zip(components, component_edges, strict=True):
        if len(members) < 2:
            continue
        nodes = [arrays.nodes[i] for i in members]
        if len(members) > POWER_ITERATION_LIMIT:
            matrix = arrays.component_matrix(
                len(members), edges, position, arrays.weight, symmetric=True
            )
            _, vector = sparse.linalg.eigs(matrix.T, k=1, which="LR", maxiter=50, tol=0)
            local = dict(zip(nodes, vector.ravel().real.tolist(), strict=True))
        else:
            sub = graph.subgraph(nodes)
            try:
                local = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-10, weight=strength)
            except nx.PowerIterationFailedConvergence:
                local = nx.eigenvector_centrality_numpy(sub, weight=strength)
        norm = math.sqrt(sum(v * v for v in local.values())) or 1.0
        share = len(members) / total
        for node, value in local.items():
            values[node] = abs(value) / norm * share
    return values


def pagerank(
    network: NetworkLike, strength: str | None = "strength", alpha: float = 0.85
) -> Values:
    """Return PageRank (damping ``alpha``) with ties weighted by ``strength``; values sum to 1.

    networkx's ``pagerank`` (power iteration, ``max_iter=100``, ``tol=1e-6``, a node without
    ties spreading its rank uniformly) on the sparse matrix of the network's array view.

    Raises
    ------
    networkx.PowerIterationFailedConvergence
        When 100 iterations do not converge.
    """
    view = as_network(network)
    if len(view.graph) == 0:
        return {}
    arrays = view.arrays(strength)
    n, max_iter, tol = arrays.size, 100, 1.0e-6
    matrix = arrays.adjacency()
    out = np.asarray(matrix.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(out != 0, 1.0 / out, 0.0)
    transition = sparse.csr_array(sparse.diags_array(inverse) @ matrix)
    uniform = np.repeat(1.0 / n, n)
    dangling = np.flatnonzero(out == 0)
    x = uniform
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ transition + sum(x[dangling]) * uniform) + (1 - alpha) * uniform
        if np.absolute(x - last).sum() < n * tol:
            return dict(zip(arrays.nodes, x.tolist(), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


def constraint(network: NetworkLike, strength: str | None = "strength") -> Values:
    """Return Burt's constraint; an isolated node, which has no contacts, gets 1.0.

    1.0 is the value of a node with a single contact: the least room for brokerage. An undirected
    network is computed with sparse matrices
    (:func:`segraph.network.structural_holes.constraint_values`, the values of networkx's
    ``constraint``).
    """
    view = as_network(network)
    if len(view.graph) == 0:
        return {}
    if view.graph.is_directed():
        values = nx.constraint(view.graph, weight=strength)
    else:
        arrays = view.arrays(strength)
        values = dict(zip(arrays.nodes, constraint_values(arrays).tolist(), strict=True))
    return {node: (1.0 if math.isnan(value) else float(value)) for node, value in values.items()}


def effective_size(network: NetworkLike, strength: str | None = "strength") -> Values:
    """Return Burt's effective size (non-redundant contacts); an isolated node gets 0.0.

    An undirected network is computed with sparse matrices
    (:func:`segraph.network.structural_holes.effective_size_values`): networkx's per-node definition
    (``effective_size(G, nodes=..., weight=...)``), in which contact u's tie to a shared contact
    is divided by u's strongest tie. networkx 3.6's whole-graph path differs: it builds a dense
    n × n matrix (20 GB at 50,000 nodes) and divides by the shared contact's strongest tie.
    """
    view = as_network(network)
    graph = view.graph
    if len(graph) == 0:
        return {}
    if not graph.is_directed():
        arrays = view.arrays(strength)
        return dict(zip(arrays.nodes, effective_size_values(arrays).tolist(), strict=True))
    values = nx.effective_size(graph, nodes=list(graph), weight=strength)
    return {node: (0.0 if math.isnan(value) else float(value)) for node, value in values.items()}


def organisation_measures(
    network: NetworkLike,
    strength: str | None = "strength",
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    seed: int = SEED,
    names: Iterable[str] = MEASURES,
) -> dict[Hashable, dict[str, float | int]]:
    """Return the measures ``names`` (by default every one of :data:`MEASURES`) for every node
    of the collaboration network.

    Parameters
    ----------
    network : the collaboration network (undirected; edges carry ``strength``), or its
        :class:`~segraph.network.model.Network` (whose array views the measures share).
    strength : the edge attribute of tie strength; None: every tie counts 1.
    exact_limit, seed : see :func:`betweenness`.
    names : the measures to compute, a subset of :data:`MEASURES` (the others are not computed:
        betweenness takes most of the time on large networks).

    Returns
    -------
    dict of node → {measure: value} in :data:`MEASURES` order; ``degree`` and ``core_number``
    are ints, the rest floats.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"strength": 1.0}), ("b", "c", {"strength": 1.0})])
    >>> organisation_measures(g)["b"]["betweenness"]
    1.0
    >>> organisation_measures(g, names=["degree"])["b"]
    {'degree': 2}
    """
    wanted = [name for name in MEASURES if name in set(names)]
    unknown = sorted(set(names) - set(MEASURES))
    if unknown:
        raise ArgumentError(
            "names",
            f"{', '.join(map(repr, unknown))}: unknown measure; choose from {', '.join(MEASURES)}",
        )
    view = as_network(network)  # one array view, shared by every measure that works on arrays
    graph = view.graph

    @functools.cache
    def distances() -> tuple[Values, Values]:  # closeness and harmonic share one computation
        with step("closeness and harmonic centrality"):
            return closeness_and_harmonic(view, strength, seed=seed)

    compute: dict[str, Callable[[], Mapping[Hashable, Any]]] = {
        "degree": lambda: dict(graph.degree()),
        "weighted_degree": lambda: dict(graph.degree(weight=strength)),
        "betweenness": lambda: betweenness(view, strength, exact_limit, seed=seed),
        "closeness": lambda: distances()[0],
        "harmonic": lambda: distances()[1],
        "eigenvector": lambda: eigenvector(view, strength),
        "pagerank": lambda: pagerank(view, strength),
        "constraint": lambda: constraint(view, strength),
        "effective_size": lambda: effective_size(view, strength),
        "core_number": lambda: nx.core_number(graph),
    }
    columns = {}
    for name in wanted:
        with step(name.replace("_", " ")):
            columns[name] = compute[name]()
    result: dict[Hashable, dict[str, float | int]] = {}
    for node in sorted(graph):
        row: dict[str, float | int] = {}
        for name in wanted:
            value = columns[name][node]
            row[name] = int(value) if name in ("degree", "core_number") else stable(value)
        result[node] = row
    return result


def _bipartite_betweenness(
    view: Network, organisations: list[Hashable], exact_limit: int, seed: int
) -> Values:
    """networkx's ``bipartite.betweenness_centrality`` for the organisations.

    networkx divides by the largest betweenness possible in each node set, which is 0 when the
    other set has a single node (one program, or one organisation); it then fails. In that case
    the organisations' raw betweenness is divided here by their own maximum (Borgatti & Halgin,
    2011), and is 0 where that maximum is 0. Above ``exact_limit`` nodes the raw betweenness is
    estimated from a seeded sample of sources (:func:`betweenness`).
    """
    two_mode = view.graph
    n, m = len(organisations), len(two_mode) - len(organisations)
    if len(two_mode) > exact_limit:
        # networkx's unnormalised betweenness, estimated from a sample of sources
        size = len(two_mode)
        estimate = betweenness(view, None, exact_limit, seed=seed)
        raw = {node: value * (size - 1) * (size - 2) / 2 for node, value in estimate.items()}
    else:
        try:
            return dict(bipartite.betweenness_centrality(two_mode, organisations))
        except ZeroDivisionError:
            raw = nx.betweenness_centrality(two_mode, normalized=False)
    s, t = divmod(n - 1, m)
    largest = (m * m * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2
    return {org: raw[org] / largest if largest > 0 else 0.0 for org in organisations}


def _bipartite_closeness(
    view: Network, organisations: list[Hashable], exact_limit: int, seed: int
) -> Values:
    """networkx's ``bipartite.closeness_centrality`` for the organisations; above
    ``exact_limit`` nodes, from distance sums estimated on a seeded sample."""
    two_mode = view.graph
    if len(two_mode) <= exact_limit:
        return dict(bipartite.closeness_centrality(two_mode, organisations))
    n, m, size = len(organisations), len(two_mode) - len(organisations), len(two_mode)
    sums = sampled_distance_sums(view, None, EXACT_DISTANCE_LIMIT, seed=seed)
    close: Values = {}
    for org in organisations:
        total, _, r = sums[org]
        close[org] = (m + 2 * (n - 1)) / total * (r - 1) / (size - 1) if total > 0 else 0.0
    return close


def two_mode_measures(
    two_mode: nx.Graph, exact_limit: int = EXACT_BETWEENNESS_LIMIT, seed: int = SEED
) -> dict[Hashable, dict[str, float | int]]:
    """Return the bipartite measures of :data:`TWO_MODE_MEASURES` for every organisation.

    ``programs`` is the number of programs the organisation takes part in; the others are
    networkx's ``bipartite.degree_centrality``, ``betweenness_centrality`` and
    ``closeness_centrality``, normalised against the sizes of the two node sets.
    """
    organisations = sorted(n for n, d in two_mode.nodes(data=True) if d.get("bipartite") == 0)
    if not organisations:
        return {}
    degree = bipartite.degree_centrality(two_mode, organisations)
    view = Network(two_mode)  # hop distances: every tie weighs 1
    between = _bipartite_betweenness(view, organisations, exact_limit, seed)
    close = _bipartite_closeness(view, organisations, EXACT_DISTANCE_LIMIT, seed)
    return {
        org: {
            "programs": int(two_mode.degree(org)),
            "bipartite_degree": stable(degree[org]),
            "bipartite_betweenness": stable(between[org]),
            "bipartite_closeness": stable(close[org]),
        }
        for org in organisations
    }
