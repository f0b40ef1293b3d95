"""networkx views of the ecosystem read from the RDF graph: the organisation × program network
and the collaboration network projected from it.

* :func:`two_mode_network` — organisations × programs (bipartite), edges carrying roles and years;
* :func:`collaboration_network` — organisation × organisation (:mod:`segraph.network.projection`);
* :func:`read_networks` — both, and the organisations' attributes, read once.

Nodes are keyed by IRI (strings) and carry the attributes of
:func:`segraph.network.read.organisation_attributes` (programs those of
:func:`~segraph.network.read.program_attributes`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from segraph.network.filters import NetworkFilter, program_iris
from segraph.network.projection import MAX_PROGRAM_SIZE, check_projection, project
from segraph.network.read import (
    formal_tie_rows,
    organisation_attributes,
    participation_rows,
    program_attributes,
    year_text,
)
from segraph.sparql.query import QueryTarget

#: The networks segraph builds: organisation x organisation, or organisation x program.
NETWORKS: tuple[str, ...] = ("collaboration", "two-mode")


def two_mode_network(graph: QueryTarget, flt: NetworkFilter | None = None) -> nx.Graph:
    """Return the organisation × program network of ``graph``.

    Organisation nodes have ``bipartite=0`` and ``type="organisation"``; program nodes
    ``bipartite=1``, ``type="program"``, ``level`` and ``area``. An edge joins an organisation
    to each program it takes part in, with ``roles`` and ``years`` (sorted, ``;``-joined).
    """
    return _two_mode(graph, flt or NetworkFilter(), organisation_attributes(graph))


def _two_mode(
    graph: QueryTarget, flt: NetworkFilter, orgs: Mapping[str, Mapping[str, Any]]
) -> nx.Graph:
    programs = program_attributes(graph)
    allowed = program_iris(programs, flt.programs) if flt.programs else set(programs)
    network = nx.Graph()
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    years: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in participation_rows(graph):
        org, program = row["org"], row["program"]
        if org not in orgs or program not in allowed or not flt.keeps_organisation(orgs[org]):
            continue
        year = year_text(row["year"])
        if not flt.keeps_year(year):
            continue
        roles[org, program].add(row["role"] or "")
        if year:
            years[org, program].add(year)
    for org, program in sorted(roles):
        if org not in network:
            network.add_node(org, bipartite=0, type="organisation", **orgs[org])
        if program not in network:
            network.add_node(program, bipartite=1, type="program", **programs[program])
        network.add_edge(
            org,
            program,
            roles=";".join(sorted(filter(None, roles[org, program]))),
            years=";".join(sorted(years[org, program])),
        )
    return network


def collaboration_network(
    graph: QueryTarget,
    flt: NetworkFilter | None = None,
    layer: str = "both",
    weighting: str = "count",
    max_program_size: int = MAX_PROGRAM_SIZE,
    include_isolates: bool = True,
) -> nx.Graph:
    """Return the organisation × organisation collaboration network of ``graph``.

    The parameters and the edge attributes are those of
    :func:`segraph.network.projection.project`.
    """
    return read_networks(
        graph, flt, layer, weighting, max_program_size, include_isolates
    ).collaboration


@dataclass(frozen=True)
class Networks:
    """The networks of one graph and filter, read together (see :func:`read_networks`)."""

    organisations: dict[str, dict[str, Any]]
    two_mode: nx.Graph
    collaboration: nx.Graph
    #: ``(from, to, type)`` of every direct tie and membership (empty for the
    #: ``coparticipation`` layer): the projection keeps their types, this keeps their direction
    formal_ties: tuple[tuple[str, str, str], ...] = ()


def read_networks(
    graph: QueryTarget,
    flt: NetworkFilter | None = None,
    layer: str = "both",
    weighting: str = "count",
    max_program_size: int = MAX_PROGRAM_SIZE,
    include_isolates: bool = True,
) -> Networks:
    """Return the organisations, the two-mode network and the collaboration network of
    ``graph``, each read from it once (parameters as for :func:`collaboration_network`)."""
    check_projection(layer, weighting)
    flt = flt or NetworkFilter()
    orgs = organisation_attributes(graph)
    two_mode = _two_mode(graph, flt, orgs)
    formal = list(formal_tie_rows(graph)) if layer in ("formal", "both") else []
    collaboration = project(
        two_mode, orgs, formal, flt, layer, weighting, max_program_size, include_isolates
    )
    return Networks(
        organisations=orgs,
        two_mode=two_mode,
        collaboration=collaboration,
        formal_ties=tuple(formal),
    )
