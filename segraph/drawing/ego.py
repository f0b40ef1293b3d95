"""Find the organisation a user names for ``--ego``, and its neighbourhood."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from segraph._util.close_match import did_you_mean, fold_typed_name
from segraph.errors import ArgumentError


def find_node(network: nx.Graph, name: str) -> Hashable:
    """Return the node of ``network`` whose IRI, id, Korean or English name is ``name``.

    Names are compared normalised (:func:`segraph._util.close_match.fold_typed_name`). An exact
    match wins; otherwise a name contained in exactly one node's names.

    Raises
    ------
    ArgumentError
        when nothing matches (listing close matches) or several nodes contain the name.
    """
    wanted = fold_typed_name(name)
    names: dict[Hashable, list[str]] = {
        node: [str(node), *(str(attrs.get(k) or "") for k in ("id", "label_ko", "label_en"))]
        for node, attrs in network.nodes(data=True)
    }
    exact = [node for node, texts in names.items() if wanted in map(fold_typed_name, texts)]
    if exact:
        return exact[0]
    partial = [n for n, texts in names.items() if any(wanted in fold_typed_name(t) for t in texts)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = sorted(_label(network.nodes[n]) for n in partial)
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        raise ArgumentError("ego", f"'{name}': matches {len(shown)}: {', '.join(shown[:8])}{more}")
    hint = did_you_mean(name, (_label(attrs) for _, attrs in network.nodes(data=True)), listed=0)
    raise ArgumentError("ego", f"'{name}': no organisation of that name in the map{hint}")


def ego_network(network: nx.Graph, name: str, radius: int) -> tuple[nx.Graph, Hashable]:
    """Return the organisation named ``name`` and every node at most ``radius`` steps away,
    with the edges among them (a new graph; ``network`` is not changed), and that
    organisation's node."""
    centre = find_node(network, name)
    return nx.ego_graph(network, centre, radius=radius), centre


def _label(attrs: Mapping[str, Any]) -> str:
    return str(attrs.get("label_ko") or attrs.get("id") or "")
