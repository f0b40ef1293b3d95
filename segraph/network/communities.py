"""Communities of the collaboration network: detection with stable ids, and their description.

Methods (:data:`METHODS`):

* ``louvain`` — Louvain modularity optimisation with a fixed seed (the default);
* ``greedy-modularity`` — Clauset–Newman–Moore agglomeration (deterministic);
* ``label-propagation`` — semi-synchronous label propagation (Cordasco & Gargano), run on a copy
  whose nodes are inserted in sorted order, so it is deterministic;
* ``leiden`` — only when an installed backend provides it (a networkx backend that implements
  ``leiden_communities``, or the ``leidenalg`` package with ``igraph``); see
  :func:`available_methods`;
* ``multilevel`` — igraph's implementation of Louvain (in C: seconds where networkx's takes
  tens of seconds at 50,000 organisations), seeded; needs ``igraph`` (``segraph[scale]``) and
  never falls back to another method. Its partition differs from ``louvain``'s (another
  visiting order and random generator), its modularity is computed the same way.

Communities are numbered from 1 by decreasing size, ties broken by the smallest member (IRI), so
the same network always gives the same ids. Isolated organisations form communities of one.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import random
from collections import Counter
from collections.abc import Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import networkx as nx
import numpy as np

from segraph._util.seed import SEED
from segraph.errors import ArgumentError, UsageError
from segraph.network.arrays import NetworkArrays
from segraph.network.model import NetworkLike, as_network

METHODS: tuple[str, ...] = (
    "louvain",
    "greedy-modularity",
    "label-propagation",
    "leiden",
    "multilevel",
)


@dataclass(frozen=True)
class Partition:
    """Communities found by one method.

    Attributes
    ----------
    method : the method's name (one of :data:`METHODS`).
    communities : tuples of sorted members; ``communities[0]`` has id 1.
    modularity : the modularity of the partition (weighted by the strength used).
    """

    method: str
    communities: tuple[tuple[Hashable, ...], ...]
    modularity: float

    def membership(self) -> dict[Hashable, int]:
        """Return node → community id (1-based)."""
        return {node: i for i, members in enumerate(self.communities, 1) for node in members}


@dataclass(frozen=True)
class CommunityProfile:
    """What a community is made of: its most frequent programs, districts and kinds.

    Each ``top_…`` is a tuple of ``(label, number of members)``, most frequent first.
    """

    id: int
    size: int
    members: tuple[Hashable, ...]
    top_programs: tuple[tuple[str, int], ...]
    top_districts: tuple[tuple[str, int], ...]
    top_kinds: tuple[tuple[str, int], ...]


def _canonical(arrays: NetworkArrays) -> nx.Graph:
    """A networkx graph with nodes and edges inserted in sorted order, carrying only the
    strength (so that the methods visit them in the same order on every run)."""
    low, high, weight = _sorted_ties(arrays)
    nodes = arrays.nodes
    copy = nx.Graph()
    copy.add_nodes_from(nodes)
    copy.add_edges_from(
        (nodes[a], nodes[b], {"strength": w})
        for a, b, w in zip(low.tolist(), high.tolist(), weight.tolist(), strict=True)
    )
    return copy


def _sorted_ties(arrays: NetworkArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tie's smaller and larger end index and its strength, sorted by the two ends."""
    low = np.minimum(arrays.source, arrays.target)
    high = np.maximum(arrays.source, arrays.target)
    order = np.lexsort((high, low))
    return low[order], high[order], arrays.weight[order]


def modularity(
    arrays: NetworkArrays,
    communities: Iterable[Iterable[Hashable]],
    resolution: float = 1.0,
) -> float:
    """Return the modularity of ``communities`` on the weighted network of ``arrays``.

    Σ over communities of L_c / m − resolution · (d_c / 2m)², with L_c the weight of the ties
    inside c, d_c the weighted degree of its members (a self-loop counted twice) and m the total
    weight: networkx's ``community.modularity``, summed with numpy.

    Examples
    --------
    >>> arrays = NetworkArrays.from_network(nx.barbell_graph(4, 0), None)
    >>> round(modularity(arrays, [range(4), range(4, 8)]), 4)
    0.4231
    """
    label = np.full(arrays.size, -1, dtype=np.int64)
    index = {node: i for i, node in enumerate(arrays.nodes)}
    count = 0
    for count, members in enumerate(communities, 1):
        label[[index[node] for node in members]] = count - 1
    # ties in sorted order, so that the sums do not depend on how the network was built
    low, high, weight = _sorted_ties(arrays)
    degree = np.bincount(low, weight, arrays.size) + np.bincount(high, weight, arrays.size)
    total = degree.sum()
    inside = label[low] == label[high]
    internal = np.bincount(label[low][inside], weight[inside], count)
    degree_sums = np.bincount(label, degree, count)
    m = total / 2
    return float(np.sum(internal / m - resolution * degree_sums * degree_sums / total**2))


def _leiden_backend() -> str | None:
    """Name the installed Leiden backend, or None."""
    leiden = getattr(nx.community, "leiden_communities", None)
    if leiden is not None and getattr(leiden, "backends", None):
        return "networkx"
    if importlib.util.find_spec("leidenalg") and importlib.util.find_spec("igraph"):
        return "leidenalg"
    return None


def available_methods() -> tuple[str, ...]:
    """Return the methods that can run here (``leiden`` only with a backend installed,
    ``multilevel`` only with igraph)."""
    runnable = {
        "leiden": _leiden_backend() is not None,
        "multilevel": importlib.util.find_spec("igraph") is not None,
    }
    return tuple(m for m in METHODS if runnable.get(m, True))


def _leiden(graph: nx.Graph, seed: int) -> list[set[Hashable]]:
    backend = _leiden_backend()
    if backend == "networkx":
        try:
            return list(nx.community.leiden_communities(graph, weight="strength", seed=seed))
        except NotImplementedError:
            backend = "leidenalg" if importlib.util.find_spec("leidenalg") else None
    if backend == "leidenalg":
        import igraph  # optional backend
        import leidenalg  # optional backend

        nodes = list(graph)
        index = {node: i for i, node in enumerate(nodes)}
        ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
        weights = [data["strength"] for _, _, data in graph.edges(data=True)]
        found = leidenalg.find_partition(
            ig, leidenalg.ModularityVertexPartition, weights=weights, seed=seed
        )
        return [{nodes[i] for i in members} for members in found]
    raise UsageError(
        "community method 'leiden' needs a backend: pip install 'segraph[leiden]' "
        f"(available here: {', '.join(available_methods())})"
    )


def _multilevel(arrays: NetworkArrays, seed: int, resolution: float) -> list[list[Hashable]]:
    """igraph's multilevel (Louvain) communities of the network of ``arrays``, its ties given
    in sorted order and its random choices drawn from ``random.Random(seed)``.

    igraph draws from one generator for the whole process; the run happens in a fresh child
    process (``spawn``), whose generator is seeded there, so that the caller's process keeps
    its own generator and state untouched.
    """
    if importlib.util.find_spec("igraph") is None:
        raise UsageError(
            "community method 'multilevel' needs igraph: pip install 'segraph[scale]' "
            f"(available here: {', '.join(available_methods())})"
        )
    low, high, weight = _sorted_ties(arrays)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as child:
        labels = child.submit(
            multilevel_labels, arrays.size, low, high, weight, seed, resolution
        ).result()
    groups: dict[int, list[Hashable]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(arrays.nodes[index])
    return list(groups.values())


def multilevel_labels(
    size: int, low: np.ndarray, high: np.ndarray, weight: np.ndarray, seed: int, resolution: float
) -> list[int]:
    """Run igraph's multilevel algorithm on ``size`` nodes and the ties ``low``–``high`` (weights
    ``weight``) with igraph's generator seeded with ``seed``; return each node's community
    label. Meant for a child process of its own (it sets igraph's process-wide generator)."""
    import igraph  # optional dependency, checked by the caller

    graph = igraph.Graph(n=size, edges=np.column_stack([low, high]).tolist())
    igraph.set_random_number_generator(random.Random(seed))
    found = graph.community_multilevel(weights=weight.tolist(), resolution=resolution)
    return list(found.membership)


def _networkx_communities(
    graph: nx.Graph, method: str, seed: int, resolution: float
) -> Iterable[Iterable[Hashable]]:
    """The communities networkx (or the Leiden backend) finds in the canonical ``graph``."""
    if method == "louvain":
        return nx.community.louvain_communities(
            graph, weight="strength", resolution=resolution, seed=seed
        )
    if method == "greedy-modularity":
        return nx.community.greedy_modularity_communities(
            graph, weight="strength", resolution=resolution
        )
    if method == "label-propagation":
        return nx.community.label_propagation_communities(graph)
    return _leiden(graph, seed)


def detect_communities(
    network: NetworkLike,
    method: str = "louvain",
    strength: str | None = "strength",
    seed: int = SEED,
    resolution: float = 1.0,
) -> Partition:
    """Return the communities of ``network`` found by ``method``, with stable ids.

    Parameters
    ----------
    network : an undirected graph (or its :class:`~segraph.network.model.Network`); not
        modified.
    method : one of :data:`METHODS`.
    strength : edge attribute of tie strength (None: every tie weighs 1).
    seed : seed of Louvain, multilevel and Leiden.
    resolution : modularity resolution of Louvain, multilevel and greedy modularity (1: classic
        modularity).

    Returns
    -------
    Partition

    Raises
    ------
    ArgumentError
        For an unknown method.
    UsageError
        For ``leiden`` or ``multilevel`` without its backend.

    Examples
    --------
    >>> g = nx.barbell_graph(4, 0)
    >>> [len(c) for c in detect_communities(g, strength=None).communities]
    [4, 4]
    """
    if method not in METHODS:
        raise ArgumentError("method", f"'{method}': choose one of {', '.join(METHODS)}")
    arrays = as_network(network).arrays(strength)
    found: Iterable[Iterable[Hashable]]
    if len(arrays.source) == 0:
        found = [{node} for node in arrays.nodes]
    elif method == "multilevel":
        found = _multilevel(arrays, seed, resolution)
    else:
        found = _networkx_communities(_canonical(arrays), method, seed, resolution)
    communities = sorted(
        (tuple(sorted(members)) for members in found), key=lambda c: (-len(c), c[0])
    )
    quality = modularity(arrays, communities) if len(arrays.source) else 0.0
    return Partition(method=method, communities=tuple(communities), modularity=quality)


def _top(counter: Counter[str], limit: int) -> tuple[tuple[str, int], ...]:
    ranked = sorted(
        ((label, n) for label, n in counter.items() if label), key=lambda x: (-x[1], x[0])
    )
    return tuple(ranked[:limit])


def describe_communities(
    partition: Partition, network: nx.Graph, two_mode: nx.Graph, limit: int = 3
) -> list[CommunityProfile]:
    """Describe each community by its dominant programs, districts and kinds.

    Parameters
    ----------
    partition : from :func:`detect_communities` on ``network``.
    network : the collaboration network (nodes carry ``district_ko``/``district`` and ``kind``).
    two_mode : the organisation × program network (program nodes carry ``label_ko``).
    limit : how many of each to keep.

    Returns
    -------
    list of CommunityProfile, by community id. A program counts the members taking part in it.
    """
    profiles = []
    for number, members in enumerate(partition.communities, 1):
        programs: Counter[str] = Counter()
        districts: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for member in members:
            attrs = network.nodes[member]
            districts[attrs.get("district_ko") or attrs.get("district") or ""] += 1
            kinds[attrs.get("kind", "")] += 1
            if member in two_mode:
                for program in two_mode[member]:
                    data = two_mode.nodes[program]
                    programs[data.get("label_ko") or data.get("id") or str(program)] += 1
        profiles.append(
            CommunityProfile(
                id=number,
                size=len(members),
                members=members,
                top_programs=_top(programs, limit),
                top_districts=_top(districts, limit),
                top_kinds=_top(kinds, limit),
            )
        )
    return profiles
