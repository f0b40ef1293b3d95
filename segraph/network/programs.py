"""The program side of the two-mode network: programs tied by the organisations they share, at a
chosen level of the program hierarchy, and which programs bridge strategic areas.

A participation counts for the program at the chosen level above the program taken part in
(``project`` < ``subprogram`` < ``unit`` < ``area``): the program itself if it is at that level
or coarser, else its nearest ancestor that is (following first parents; a project directly under
a unit counts for the unit at the ``subprogram`` level). Two programs are tied when an
organisation takes part in both; ``weight`` is the number of such organisations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from segraph.errors import ArgumentError
from segraph.network.mixing import ei_index

#: Program levels, finest first.
LEVELS: tuple[str, ...] = ("project", "subprogram", "unit", "area")

#: The columns of :func:`program_rows`, in order.
PROGRAM_COLUMNS: tuple[str, ...] = (
    "id",
    "label_ko",
    "label_en",
    "level",
    "area",
    "organisations",
    "degree",
    "weighted_degree",
    "betweenness",
    "areas_bridged",
    "cross_area_share",
)


def rolled_up(programs: Mapping[str, Mapping[str, Any]], iri: str, level: str) -> str:
    """The program ``iri`` counts for at ``level`` (see the module doc)."""
    wanted = LEVELS.index(level)
    seen: set[str] = set()
    current = iri
    while current in programs and current not in seen:
        attrs = programs[current]
        if attrs.get("level") in LEVELS and LEVELS.index(attrs["level"]) >= wanted:
            return current
        seen.add(current)
        if not attrs.get("parent"):
            break
        current = attrs["parent"]
    return current if current in programs else iri


def program_network(
    two_mode: nx.Graph,
    programs: Mapping[str, Mapping[str, Any]],
    level: str = "unit",
    roles: Collection[str] = (),
    without_roles: Collection[str] = (),
) -> nx.Graph:
    """Return the program × program network of ``two_mode`` at ``level``.

    Parameters
    ----------
    two_mode : the organisation × program network (``roles`` on its edges).
    programs : every program's attributes (:func:`segraph.network.read.program_attributes`).
    level : one of :data:`LEVELS`.
    roles : keep only participations with one of these roles (``participant``…); empty: all.
    without_roles : leave out participations whose roles are all among these (``operator``:
        the operator of every program, in the bundled data the Seoul Center, otherwise ties
        every program to every other).

    Nodes carry the program's attributes, ``area_id`` (its strategic area's id) and
    ``organisations`` (how many take part); edges
    ``weight``, the number of organisations the two programs share. ``graph.graph`` records the
    ``level``, ``roles`` and ``without_roles``. The inputs are not modified.
    """
    if level not in LEVELS:
        raise ArgumentError("level", f"'{level}': choose one of {', '.join(LEVELS)}")
    wanted, unwanted = set(roles), set(without_roles)
    members: dict[str, set[Hashable]] = defaultdict(set)
    for node, data in two_mode.nodes(data=True):
        if data.get("bipartite") != 1:
            continue
        for organisation in two_mode[node]:
            taken = set(filter(None, two_mode[node][organisation].get("roles", "").split(";")))
            if (not wanted or taken & wanted) and not (unwanted and taken <= unwanted):
                members[rolled_up(programs, node, level)].add(organisation)
    network = nx.Graph(
        level=level, roles=";".join(sorted(wanted)), without_roles=";".join(sorted(unwanted))
    )
    for program in sorted(members):
        attrs = programs.get(program, {})
        area = programs.get(attrs.get("area", ""), {})
        network.add_node(
            program, **attrs, area_id=area.get("id", ""), organisations=len(members[program])
        )
    by_organisation: dict[Hashable, list[str]] = defaultdict(list)
    for program in sorted(members):
        for organisation in members[program]:
            by_organisation[organisation].append(program)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for taken in by_organisation.values():
        for pair in combinations(sorted(taken), 2):
            weights[pair] += 1
    network.add_edges_from((a, b, {"weight": w}) for (a, b), w in sorted(weights.items()))
    return network


def program_rows(network: nx.Graph) -> list[dict[str, Any]]:
    """One row per program of :func:`program_network` (:data:`PROGRAM_COLUMNS`), sorted by id;
    ``area`` is the id of its strategic area.

    ``betweenness`` is unweighted and normalised; ``areas_bridged`` counts the strategic areas,
    other than its own, of the programs it shares organisations with; ``cross_area_share`` is
    the share of its shared organisations (edge weights) that go to programs of another area,
    over the ties whose two ends have an area (empty when there is none).
    """
    betweenness = nx.betweenness_centrality(network) if len(network) > 2 else {}
    rows = []
    for program, data in sorted(network.nodes(data=True), key=lambda item: str(item[0])):
        own = data.get("area", "")
        other_areas = {network.nodes[n].get("area", "") for n in network[program]} - {own, ""}
        known = [
            (n, network[program][n]["weight"])
            for n in network[program]
            if own and network.nodes[n].get("area")
        ]
        total = sum(w for _, w in known)
        across = sum(w for n, w in known if network.nodes[n]["area"] != own)
        rows.append(
            {
                "id": data.get("id", program),
                "label_ko": data.get("label_ko", ""),
                "label_en": data.get("label_en", ""),
                "level": data.get("level", ""),
                "area": data.get("area_id", ""),
                "organisations": data.get("organisations", 0),
                "degree": network.degree(program),
                "weighted_degree": network.degree(program, weight="weight"),
                "betweenness": betweenness.get(program, 0.0),
                "areas_bridged": len(other_areas),
                "cross_area_share": across / total if total else None,
            }
        )
    return rows


def area_mixing(network: nx.Graph) -> float | None:
    """The E–I index of strategic area over the program network's ties (programs without an
    area left out): +1 when every shared organisation links programs of different areas."""
    return ei_index(network, "area")
