"""The collaboration network projected from the two-mode network, with the direct ties added.

Two organisations are tied when they take part in the same program (co-participation, weighted
by the raw count of shared programs or by Newman's collaboration weighting) or when a direct
formal tie joins them (membership, partnership, support, operation, funding, agreement), kept
typed.

The projection is bounded: a program with more than ``max_program_size`` participants is not
turned into a clique (that would be n(n-1)/2 edges); it stays in the two-mode network and is listed
in ``graph.graph["unprojected_programs"]``. Newman's weighting gives each pair in a program of n
participants 1/(n-1), so large programs weigh little even below the bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from segraph.errors import ArgumentError
from segraph.network.filters import NetworkFilter

#: Which ties make the collaboration network.
LAYERS: tuple[str, ...] = ("coparticipation", "formal", "both")
#: How a shared-program tie is weighted.
WEIGHTINGS: tuple[str, ...] = ("count", "newman")


def check_projection(layer: str, weighting: str) -> None:
    """Raise :class:`ArgumentError` for a layer or weighting this version does not know."""
    if layer not in LAYERS:
        raise ArgumentError("layer", f"'{layer}': choose one of {', '.join(LAYERS)}")
    if weighting not in WEIGHTINGS:
        raise ArgumentError("weighting", f"'{weighting}': choose one of {', '.join(WEIGHTINGS)}")


#: The default bound of the projection: programs with more participants are not turned into
#: cliques (see the module doc).
MAX_PROGRAM_SIZE = 500


def project(
    two_mode: nx.Graph,
    organisations: Mapping[str, Mapping[str, Any]],
    formal_ties: Iterable[tuple[str, str, str]],
    flt: NetworkFilter | None = None,
    layer: str = "both",
    weighting: str = "count",
    max_program_size: int = MAX_PROGRAM_SIZE,
    include_isolates: bool = True,
) -> nx.Graph:
    """Return the organisation × organisation network of ``two_mode`` and ``formal_ties``.

    Parameters
    ----------
    two_mode : the organisation × program network (already filtered by ``flt``).
    organisations : the attributes of every organisation, keyed by IRI.
    formal_ties : ``(from, to, type)`` of every direct tie and membership.
    flt : the filter ``two_mode`` was made with; it also selects the formal ties kept.
    layer : ``"coparticipation"`` (shared programs), ``"formal"`` (direct ties only) or
        ``"both"``.
    weighting : ``"count"`` — ``weight`` is the number of shared programs; ``"newman"`` —
        Newman's collaboration weighting, the sum over shared programs of 1/(n-1).
    max_program_size : programs with more participants are not projected (see module doc).
    include_isolates : keep organisations that have no edge in the chosen layer.

    Returns
    -------
    networkx.Graph
        Edge attributes: ``weight`` (co-participation strength; 0 for a formal-only edge),
        ``shared_programs`` (count), ``programs`` (``;``-joined IRIs), ``ties`` (``;``-joined
        formal tie types, e.g. ``member;partner``), ``formal`` (bool) and ``strength`` — the tie
        strength the measures use: ``weight`` plus 1 for each formal tie type, so it is always
        positive. ``graph.graph`` records the ``layer``, ``weighting`` and
        ``unprojected_programs``. The inputs are not modified.

    References
    ----------
    M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted networks,
    and centrality", Physical Review E 64, 016132 (2001).
    """
    check_projection(layer, weighting)
    flt = flt or NetworkFilter()
    network = nx.Graph(layer=layer, weighting=weighting, unprojected_programs="")
    if include_isolates:
        for iri, attrs in sorted(organisations.items()):
            if flt.keeps_organisation(attrs) and (not flt.programs or iri in two_mode):
                network.add_node(iri, **attrs)
    ties: dict[tuple[str, str], _Tie] = {}  # by sorted pair, in order of first appearance
    skipped: list[str] = []
    if layer in ("coparticipation", "both"):
        for program, data in sorted(two_mode.nodes(data=True)):
            if data["bipartite"] != 1:
                continue
            members = sorted(two_mode[program])
            if len(members) > max_program_size:
                skipped.append(program)
                continue
            share = 1.0 / (len(members) - 1) if len(members) > 1 else 0.0
            added = 1.0 if weighting == "count" else share
            for pair in combinations(members, 2):
                tie = ties.get(pair)
                if tie is None:
                    ties[pair] = tie = _Tie(pair)
                tie.weight += added
                tie.programs.append(program)
    network.graph["unprojected_programs"] = ";".join(skipped)
    if layer in ("formal", "both"):
        for a, b, tie_type in formal_ties:
            if a not in organisations or b not in organisations or a == b:
                continue
            if not (
                flt.keeps_organisation(organisations[a])
                and flt.keeps_organisation(organisations[b])
            ):
                continue
            if flt.programs and (a not in two_mode or b not in two_mode):
                continue
            pair = (a, b) if a < b else (b, a)
            tie = ties.get(pair)
            if tie is None:
                ties[pair] = tie = _Tie((a, b))
            tie.types.add(tie_type)
    network.add_edges_from(tie.edge() for tie in ties.values())
    for node in network:  # nodes that came with a tie when isolates were left out
        if not network.nodes[node]:
            network.nodes[node].update(organisations[node])
    return network


@dataclass
class _Tie:
    """One organisation pair's tie while the network is assembled."""

    ends: tuple[str, str]  # as first met
    weight: float = 0.0
    programs: list[str] = field(default_factory=list)  # each shared program once
    types: set[str] = field(default_factory=set)

    def edge(self) -> tuple[str, str, dict[str, Any]]:
        """The networkx edge with the attributes :func:`project` documents."""
        a, b = self.ends
        return (
            a,
            b,
            {
                "weight": self.weight,
                "shared_programs": len(self.programs),
                "programs": ";".join(sorted(self.programs)),
                "ties": ";".join(sorted(self.types)),
                "strength": self.weight + len(self.types),
                "formal": bool(self.types),
            },
        )
