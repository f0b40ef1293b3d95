"""One array view of an undirected networkx graph, shared by the vectorised measures.

Converting a network of 10⁵–10⁶ edges costs a second of Python; :class:`NetworkArrays` does it
once per analysis, and every measure that can work on arrays (scipy's sparse matrices, igraph)
starts from it instead of walking the networkx graph again.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class NetworkArrays:
    """The nodes of an undirected graph (sorted) and its edges as index arrays.

    Attributes
    ----------
    nodes : the nodes, sorted; node ``nodes[i]`` has index ``i``.
    source, target : the two end indices of each edge (each undirected edge once, a self-loop
        with ``source == target``), in the order networkx lists the edges.
    weight : each edge's ``strength`` (1.0 where the attribute is missing or when no strength
        attribute is used).
    strength : the name of that edge attribute, None when every tie weighs 1.
    """

    nodes: list[Hashable]
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    #: The edge attribute the weights were read from; None when every tie weighs 1.
    strength: str | None = None

    @classmethod
    def from_network(cls, network: nx.Graph, strength: str | None = "strength") -> NetworkArrays:
        """Convert ``network`` (undirected); ``strength`` is the edge attribute of tie strength,
        None for every tie weighing 1.

        Examples
        --------
        >>> arrays = NetworkArrays.from_network(nx.Graph([("b", "a", {"strength": 2.0})]))
        >>> arrays.nodes, arrays.source.tolist(), arrays.target.tolist(), arrays.weight.tolist()
        (['a', 'b'], [1], [0], [2.0])
        """
        if network.is_directed():
            raise ValueError("NetworkArrays needs an undirected graph")
        nodes = sorted(network)
        index = {node: i for i, node in enumerate(nodes)}
        m = network.number_of_edges()
        source = np.empty(m, dtype=np.int64)
        target = np.empty(m, dtype=np.int64)
        weight = np.ones(m, dtype=float)
        if strength is None:
            for k, (a, b) in enumerate(network.edges()):
                source[k] = index[a]
                target[k] = index[b]
        else:
            for k, (a, b, value) in enumerate(network.edges(data=strength, default=1.0)):
                source[k] = index[a]
                target[k] = index[b]
                weight[k] = value
        return cls(nodes=nodes, source=source, target=target, weight=weight, strength=strength)

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.nodes)

    def adjacency(self, values: np.ndarray | None = None) -> sparse.csr_array:
        """Return the symmetric n × n matrix holding ``values`` (by default the weights) at
        both ends of each edge, a self-loop once on the diagonal. Zero values stay stored, so
        the matrix's structure is the graph's."""
        values = self.weight if values is None else values
        loop = self.source == self.target
        rows = np.concatenate([self.source, self.target[~loop]])
        cols = np.concatenate([self.target, self.source[~loop]])
        data = np.concatenate([values, values[~loop]])
        n = self.size
        matrix = sparse.csr_array((data, (rows, cols)), shape=(n, n))
        matrix.sort_indices()
        return matrix

    def components(self) -> list[np.ndarray]:
        """Return the connected components as sorted index arrays, largest first, ties broken
        by the smallest node."""
        _, labels = sparse.csgraph.connected_components(
            self.adjacency(np.ones(len(self.source))), directed=False
        )
        order = np.argsort(labels, kind="stable")
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        groups = np.split(order, bounds)
        return sorted(groups, key=lambda members: (-len(members), members[0]))

    def component_edges(self, components: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Return each node's position within its component (of ``components``, from
        :meth:`components`) and, for each component, the indices of its edges."""
        position = np.empty(self.size, dtype=np.int64)
        label = np.empty(self.size, dtype=np.int64)
        for number, members in enumerate(components):
            position[members] = np.arange(len(members))
            label[members] = number
        edge_label = label[self.source]
        order = np.argsort(edge_label, kind="stable")
        bounds = np.searchsorted(edge_label[order], np.arange(len(components) + 1))
        return position, [order[bounds[i] : bounds[i + 1]] for i in range(len(components))]

    def component_matrix(
        self,
        size: int,
        edges: np.ndarray,
        position: np.ndarray,
        values: np.ndarray,
        symmetric: bool = False,
    ) -> sparse.csr_array:
        """Return the ``size`` × ``size`` matrix of one component (``edges`` and ``position``
        from :meth:`component_edges`) holding ``values[edge]`` at each edge: once, or at both
        ends (a self-loop once) when ``symmetric``."""
        rows, cols, data = position[self.source[edges]], position[self.target[edges]], values[edges]
        if symmetric:
            loop = rows == cols
            rows, cols = np.concatenate([rows, cols[~loop]]), np.concatenate([cols, rows[~loop]])
            data = np.concatenate([data, data[~loop]])
        return sparse.csr_array((data, (rows, cols)), shape=(size, size))

    def distances(self) -> np.ndarray:
        """Each edge's length ``1 / weight`` (1 where the weight is not positive)."""
        with np.errstate(divide="ignore"):
            return np.where(self.weight > 0, 1.0 / self.weight, 1.0)


def node_codes(network: nx.Graph, nodes: list[Hashable], attribute: str) -> tuple[np.ndarray, Any]:
    """Return each node's value of ``attribute`` as an integer code (−1 where it is missing or
    empty) and the sorted distinct values the codes index."""
    raw = [network.nodes[node].get(attribute) for node in nodes]
    values = sorted({value for value in raw if value not in (None, "")}, key=str)
    code = {value: i for i, value in enumerate(values)}
    return np.array([code.get(value, -1) for value in raw], dtype=np.int64), values
