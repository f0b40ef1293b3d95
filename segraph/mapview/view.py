"""What a map shows: the network selected by the user's options, with a colour group, a size,
measures, programs and (where computed here) a position for every node."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph.errors import UsageError
from segraph.mapview.ego import ego_network
from segraph.mapview.layout import (
    LAYOUT_SEED,
    PYTHON_LAYOUT_THRESHOLD,
    Anchor,
    Position,
    district_layout,
    force_layout,
)
from segraph.mapview.measures import SIZE_MEASURES, community_ids, node_measures
from segraph.mapview.seoul import SEOUL_DISTRICTS
from segraph.mapview.style import (
    DISTRICT_MAX_NODE_SIZE,
    KIND_COLOURS,
    MAX_NODE_SIZE,
    PROGRAM_COLOUR,
    UNKNOWN_COLOUR,
    categorical_palette,
    node_sizes,
)
from segraph.mapview.terms import Terms, read_terms
from segraph.network import (
    NETWORKS,
    collaboration_network,
    network_filter,
    program_attributes,
    two_mode_network,
)
from segraph.sparql import select

ROMANISED = """
SELECT ?org ?label WHERE {
  ?org a org:Organization ; rdfs:label ?label . FILTER(langMatches(LANG(?label), "ko-Latn"))
} ORDER BY ?org ?label
"""

COLOUR_SCHEMES: tuple[str, ...] = ("kind", "community", "district", "area")
LAYOUTS: tuple[str, ...] = ("force", "district")
LANGUAGES: tuple[str, ...] = ("ko", "en")
#: Colour-group key of program nodes, and of nodes that have no value for the scheme.
PROGRAM_GROUP = "program"
UNKNOWN_GROUP = ""
#: Measures the organisation tooltips show besides the one that sizes the nodes; above
#: PYTHON_LAYOUT_THRESHOLD nodes only the degree (betweenness takes long on large networks).
TOOLTIP_MEASURES: tuple[str, ...] = ("degree", "betweenness", "pagerank")
#: Legend name of the nodes that form a community on their own.
ALONE = ("홀로 (다른 조직과 묶이지 않음)", "on its own (no community)")


@dataclass(frozen=True)
class MapSpec:
    """The options of a map (the ``segraph map`` options, as a library user passes them).

    ``districts``, ``kinds`` and ``programs`` are names as a user types them (codes, ids,
    Korean or English names); ``ego`` names an organisation whose neighbourhood of ``radius``
    steps is shown.
    """

    network: str = "collaboration"
    color_by: str = "kind"
    size_by: str = "degree"
    districts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    ego: str | None = None
    radius: int = 1
    lang: str = "ko"
    layout: str = "force"
    title: str | None = None

    def check(self) -> None:
        """Raise :class:`UsageError` for an option value this version does not know."""
        for option, value, allowed in (
            ("--network", self.network, NETWORKS),
            ("--color-by", self.color_by, COLOUR_SCHEMES),
            ("--size-by", self.size_by, SIZE_MEASURES),
            ("--layout", self.layout, LAYOUTS),
            ("--lang", self.lang, LANGUAGES),
        ):
            if value not in allowed:
                raise UsageError(f"{option} {value}: choose one of {', '.join(allowed)}")
        if self.radius < 0:
            raise UsageError(f"--radius {self.radius}: must be 0 or more")


@dataclass(frozen=True)
class LegendEntry:
    """One colour of the legend: its group key, names and how many nodes it colours."""

    key: str
    name_ko: str
    name_en: str
    colour: str
    count: int


@dataclass
class MapView:
    """Everything a page needs to draw one map."""

    network: nx.Graph
    spec: MapSpec
    #: the page title in Korean and in English (the same text when the user gave one)
    title: tuple[str, str]
    terms: Terms
    programs: dict[str, dict[str, Any]]
    #: organisation → its romanised name (``@ko-Latn``), for those with no English name
    romanised: dict[str, str]
    #: organisation → [(program IRI, role codes)] of its participations in the map's programs
    participations: dict[Hashable, list[tuple[str, list[str]]]]
    groups: dict[Hashable, str]
    legend: list[LegendEntry]
    #: measure name → node → value: the size measure first, then :data:`TOOLTIP_MEASURES`
    measures: dict[str, dict[Hashable, float]]
    sizes: dict[Hashable, float]
    positions: dict[Hashable, Position] = field(default_factory=dict)
    anchors: list[Anchor] = field(default_factory=list)
    #: True when the page runs its physics simulation to place the nodes
    physics: bool = True

    def program_path(self, iri: str) -> list[str]:
        """Return ``iri`` and the IRIs of the programs above it, nearest first."""
        path = []
        while iri and iri in self.programs and iri not in path:
            path.append(iri)
            iri = self.programs[iri]["parent"]
        return path


def select_network(graph: Graph, spec: MapSpec) -> nx.Graph:
    """Return the network ``spec`` asks for: filtered, then cut to the ego neighbourhood.

    Raises
    ------
    UsageError
        for a name that matches nothing, or when no organisation is left to show.
    """
    flt = network_filter(graph, spec.districts, spec.kinds, spec.programs)
    if spec.network == "two-mode":
        network = two_mode_network(graph, flt)
    else:
        network = collaboration_network(graph, flt)
    if spec.ego:
        network = ego_network(network, spec.ego, spec.radius)
    if network.number_of_nodes() == 0:
        raise UsageError("nothing to map: no organisation matches the options given")
    return network


def map_view(graph: Graph, spec: MapSpec | None = None) -> MapView:
    """Return the map ``spec`` describes of the knowledge graph ``graph``.

    Examples
    --------
    >>> import segraph
    >>> view = map_view(segraph.build_graph(), MapSpec(color_by="district"))
    >>> view.network.number_of_nodes() > 100
    True
    """
    spec = spec or MapSpec()
    spec.check()
    network = select_network(graph, spec)
    programs = program_attributes(graph)
    terms = read_terms(graph)
    participations = _participations(graph, spec, network)
    groups, legend = _colour_groups(network, spec.color_by, participations, programs, terms)
    shown = TOOLTIP_MEASURES if len(network) <= PYTHON_LAYOUT_THRESHOLD else ("degree",)
    measures = node_measures(network, (spec.size_by, *shown))
    view = MapView(
        network=network,
        spec=spec,
        title=(spec.title, spec.title) if spec.title else _default_title(spec),
        terms=terms,
        programs=programs,
        romanised=romanised_names(graph),
        participations=participations,
        groups=groups,
        legend=legend,
        measures=measures,
        sizes=node_sizes(
            measures[spec.size_by],
            DISTRICT_MAX_NODE_SIZE if spec.layout == "district" else MAX_NODE_SIZE,
        ),
    )
    if spec.layout == "district":
        view.positions, view.anchors = district_layout(network)
        view.physics = False
    elif network.number_of_nodes() > PYTHON_LAYOUT_THRESHOLD:
        view.positions = force_layout(network, LAYOUT_SEED)
        view.physics = False
    return view


def romanised_names(graph: Graph) -> dict[str, str]:
    """Return organisation IRI → romanised name (the ``@ko-Latn`` label the build writes for
    organisations with no English name)."""
    names: dict[str, str] = {}
    for row in select(graph, ROMANISED):
        names.setdefault(row["org"], row["label"])
    return names


def _default_title(spec: MapSpec) -> tuple[str, str]:
    if spec.network == "two-mode":
        return (
            "사회적경제 생태계: 조직과 사업",
            "Social economy ecosystem: organisations and programs",
        )
    return "사회적경제 생태계: 협력망", "Social economy ecosystem: collaboration network"


def _participations(
    graph: Graph, spec: MapSpec, network: nx.Graph
) -> dict[Hashable, list[tuple[str, list[str]]]]:
    """Every program each organisation of the map takes part in, with its roles (all of the
    organisation's programs, not only those the options selected)."""
    two_mode = (
        network if spec.network == "two-mode" and not spec.programs else two_mode_network(graph)
    )
    found: dict[Hashable, list[tuple[str, list[str]]]] = {}
    for org in network:
        if org in two_mode and two_mode.nodes[org].get("type") == "organisation":
            found[org] = [
                (program, [r for r in two_mode[org][program]["roles"].split(";") if r])
                for program in sorted(two_mode[org])
            ]
    return found


def _colour_groups(
    network: nx.Graph,
    scheme: str,
    participations: dict[Hashable, list[tuple[str, list[str]]]],
    programs: dict[str, dict[str, Any]],
    terms: Terms,
) -> tuple[dict[Hashable, str], list[LegendEntry]]:
    """Return each node's colour group under ``scheme`` and the legend of the groups used."""
    groups: dict[Hashable, str] = {}
    community = _communities(network) if scheme == "community" else {}
    for node, attrs in network.nodes(data=True):
        if scheme == "community":
            groups[node] = community[node]
        elif attrs.get("type") == "program":
            groups[node] = programs[node]["area"] if scheme == "area" else PROGRAM_GROUP
        elif scheme == "kind":
            groups[node] = attrs.get("kind") or UNKNOWN_GROUP
        elif scheme == "district":
            groups[node] = attrs.get("district") or UNKNOWN_GROUP
        else:
            groups[node] = _main_area(participations.get(node, []), programs)
    counts = Counter(groups.values())
    names: dict[str, tuple[str, str]] = {
        UNKNOWN_GROUP: ALONE if scheme == "community" else ("정보 없음", "unknown"),
        PROGRAM_GROUP: ("사업", "program"),
    }
    if scheme == "kind":
        order = [k for k in KIND_COLOURS if k in counts]
        colours = dict(KIND_COLOURS)
        names.update({k: terms.name("kind", k) for k in order})
    else:
        order = sorted(k for k in counts if k not in (UNKNOWN_GROUP, PROGRAM_GROUP))
        if scheme == "community":
            order.sort(key=int)  # community 1 (the largest) first
        colours = dict(zip(order, categorical_palette(len(order)), strict=True))
        if scheme == "community":
            names.update({k: (f"공동체 {k}", f"community {k}") for k in order})
        elif scheme == "district":
            names.update({code: _district_name(network, code) for code in order})
        else:
            names.update({iri: _program_name(programs, iri) for iri in order})
    order += [k for k in (UNKNOWN_GROUP, PROGRAM_GROUP) if k in counts]
    colours.update({UNKNOWN_GROUP: UNKNOWN_COLOUR, PROGRAM_GROUP: PROGRAM_COLOUR})
    legend = [LegendEntry(k, *names[k], colours[k], counts[k]) for k in order]
    return groups, legend


def _communities(network: nx.Graph) -> dict[Hashable, str]:
    """Each node's community id as text; members of one-node communities get
    :data:`UNKNOWN_GROUP`, shown once in the legend as :data:`ALONE`."""
    ids = community_ids(network)
    sizes = Counter(ids.values())
    return {node: str(i) if sizes[i] > 1 else UNKNOWN_GROUP for node, i in ids.items()}


def _main_area(
    participations: list[tuple[str, list[str]]], programs: dict[str, dict[str, Any]]
) -> str:
    """The strategic area most of an organisation's participations fall in (ties: by IRI)."""
    areas = Counter(programs[p]["area"] for p, _ in participations if programs[p]["area"])
    if not areas:
        return UNKNOWN_GROUP
    return min(areas, key=lambda area: (-areas[area], area))


def _district_name(network: nx.Graph, code: str) -> tuple[str, str]:
    for _, attrs in network.nodes(data=True):
        if attrs.get("district") == code and attrs.get("district_ko"):
            return attrs["district_ko"], attrs.get("district_en") or attrs["district_ko"]
    known = SEOUL_DISTRICTS.get(code)
    return (known.name_ko, known.name_en) if known else (code, code)


def _program_name(programs: dict[str, dict[str, Any]], iri: str) -> tuple[str, str]:
    attrs = programs.get(iri, {})
    ko = attrs.get("label_ko") or iri
    return ko, attrs.get("label_en") or ko
