"""The network object: a networkx graph with the array views derived from it, each made once.

Converting a network of 10⁵–10⁶ edges to arrays costs a second of Python. A :class:`Network`
makes each view once, on first use, and keeps it with the edge weight it was built with, so
every measure asking for the same weight shares one conversion and a measure asking for another
weight can never be handed the wrong one.

Every measure of :mod:`segraph.network` takes a :class:`Network` or a plain ``networkx.Graph``
(wrapped for the call). :func:`segraph.network.analysis.analyse` builds one per network and
freezes its graph (``networkx.freeze``), so the cached views cannot go stale.
"""

from __future__ import annotations

from typing import TypeAlias

import networkx as nx

from segraph.network.arrays import NetworkArrays


class Network:
    """A networkx graph and its cached array views.

    Parameters
    ----------
    graph : the graph; it must not change while the views are in use (see :meth:`frozen`).

    Examples
    --------
    >>> net = Network(nx.Graph([("a", "b", {"strength": 2.0})]))
    >>> net.arrays("strength") is net.arrays("strength")
    True
    >>> net.arrays("strength").weight.tolist(), net.arrays(None).weight.tolist()
    ([2.0], [1.0])
    """

    __slots__ = ("_views", "graph")

    def __init__(self, graph: nx.Graph):
        self.graph = graph
        self._views: dict[str | None, NetworkArrays] = {}

    @classmethod
    def frozen(cls, graph: nx.Graph) -> Network:
        """Wrap ``graph`` after freezing it (``networkx.freeze``: adding or removing a node or
        an edge then raises), for a graph the caller owns and keeps using through the views."""
        return cls(nx.freeze(graph))

    def arrays(self, strength: str | None = "strength") -> NetworkArrays:
        """The array view whose weights are the edge attribute ``strength`` (every tie 1.0 when
        None), made on first use."""
        view = self._views.get(strength)
        if view is None:
            view = self._views[strength] = NetworkArrays.from_network(self.graph, strength)
        return view

    def structure(self) -> NetworkArrays:
        """An array view for measures that read only which nodes are tied, not how strongly:
        any view already made, else the unweighted one."""
        return next(iter(self._views.values()), None) or self.arrays(None)


#: What the measures accept: a :class:`Network`, or a plain graph wrapped for one call.
NetworkLike: TypeAlias = "nx.Graph | Network"


def as_network(network: nx.Graph | Network) -> Network:
    """Return ``network`` itself when it is a :class:`Network`, else a new one wrapping it."""
    return network if isinstance(network, Network) else Network(network)
