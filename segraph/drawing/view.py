"""What a map shows: the network selected by the user's options, with a colour group, a size,
measures, programs and (where computed here) a position for every node."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph._util.colours import palette
from segraph._util.progress import step
from segraph.drawing.community import ALONE, CommunityLevel, community_level
from segraph.drawing.ego import ego_network
from segraph.drawing.layout import (
    PYTHON_LAYOUT_THRESHOLD,
    Anchor,
    district_layout,
)
from segraph.drawing.measures import SIZE_MEASURES, node_measures
from segraph.drawing.seoul import SEOUL_DISTRICTS
from segraph.drawing.style import (
    DISTRICT_MAX_NODE_SIZE,
    KIND_COLOURS,
    MAX_NODE_SIZE,
    PROGRAM_COLOUR,
    UNKNOWN_COLOUR,
    node_sizes,
)
from segraph.drawing.terms import Terms, read_terms
from segraph.errors import ArgumentError, UsageError, shown
from segraph.network.communities import Partition, detect_communities
from segraph.network.filters import network_filter
from segraph.network.layout import Position, force_layout
from segraph.network.read import main_area, program_attributes
from segraph.network.views import NETWORKS, read_networks, two_mode_network
from segraph.sparql.query import select

ROMANISED = """
SELECT ?org ?label WHERE {
  ?org a org:Organization ; rdfs:label ?label . FILTER(langMatches(LANG(?label), "ko-Latn"))
} ORDER BY ?org ?label
"""

COLOUR_SCHEMES: tuple[str, ...] = ("kind", "community", "district", "area")
LAYOUTS: tuple[str, ...] = ("force", "district")
LANGUAGES: tuple[str, ...] = ("ko", "en")
#: What one node of the map is: ``auto`` draws organisations up to
#: :data:`COMMUNITY_LEVEL_THRESHOLD` of them and communities above.
LEVELS: tuple[str, ...] = ("auto", "organisation", "community")
#: Where organisations with no tie in the map go: ``apart`` in a block beside the connected
#: ones (so they do not ring and squeeze them), ``hide`` left out, ``in-layout`` where the
#: layout puts them.
ISOLATES: tuple[str, ...] = ("apart", "hide", "in-layout")
#: Tie types whose direction matters (from → to); partnerships and agreements are symmetric.
DIRECTED_TIES: frozenset[str] = frozenset({"member", "supports", "operates", "funds"})
#: Above this many organisations ``--level auto`` draws one node per community: a map of every
#: organisation and tie grows past 20 MB there and a browser struggles to draw it.
COMMUNITY_LEVEL_THRESHOLD = 3000
#: Colour-group key of program nodes, and of nodes that have no value for the scheme.
PROGRAM_GROUP = "program"
UNKNOWN_GROUP = ""
#: Measures the organisation tooltips show besides the one that sizes the nodes; above
#: PYTHON_LAYOUT_THRESHOLD nodes only the degree (betweenness takes long on large networks).
TOOLTIP_MEASURES: tuple[str, ...] = ("degree", "betweenness", "pagerank")


@dataclass(frozen=True)
class MapSpec:
    """The options of a map (the ``segraph map`` options, as a library user passes them).

    ``districts``, ``kinds`` and ``programs`` are names as a user types them (codes, ids,
    Korean or English names); ``years`` keeps the participations of those years (a map of one
    year); ``ego`` names an organisation whose neighbourhood of ``radius`` steps is shown.
    """

    network: str = "collaboration"
    color_by: str = "kind"
    size_by: str = "degree"
    districts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    ego: str | None = None
    radius: int = 1
    lang: str = "ko"
    layout: str = "force"
    title: str | None = None
    level: str = "auto"
    isolates: str = "apart"

    def check(self) -> None:
        """Raise :class:`ArgumentError` for a value this version does not know."""
        for argument, value, allowed in (
            ("network", self.network, NETWORKS),
            ("color_by", self.color_by, COLOUR_SCHEMES),
            ("size_by", self.size_by, SIZE_MEASURES),
            ("layout", self.layout, LAYOUTS),
            ("lang", self.lang, LANGUAGES),
            ("level", self.level, LEVELS),
            ("isolates", self.isolates, ISOLATES),
        ):
            if value not in allowed:
                raise ArgumentError(argument, f"{shown(value)}: choose one of {', '.join(allowed)}")
        if self.radius < 0:
            raise ArgumentError("radius", f"{self.radius}: must be 0 or more")
        if self.level == "community" and self.network != "collaboration":
            raise ArgumentError(
                "level", "'community' draws the collaboration network: drop {network}"
            )
        if self.level == "community" and self.layout == "district":
            raise ArgumentError("level", "'community' has its own layout: drop {layout} district")


@dataclass(frozen=True)
class Participation:
    """One program an organisation takes part in: its IRI, the organisation's roles and the
    years (four-digit text), each sorted."""

    program: str
    roles: tuple[str, ...]
    years: tuple[str, ...]


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
    #: organisation → [(program IRI, role codes, years)] of its participations
    participations: dict[Hashable, list[Participation]]
    groups: dict[Hashable, str]
    legend: list[LegendEntry]
    #: measure name → node → value: the size measure first, then :data:`TOOLTIP_MEASURES`
    measures: dict[str, dict[Hashable, float]]
    sizes: dict[Hashable, float]
    positions: dict[Hashable, Position] = field(default_factory=dict)
    anchors: list[Anchor] = field(default_factory=list)
    #: True when the page runs its physics simulation to place the nodes
    physics: bool = True
    #: the communities and their members, when the map draws one node per community
    communities: CommunityLevel | None = None
    #: why the map is drawn at the level it is, when ``--level auto`` chose communities
    level_note: tuple[str, str] | None = None
    #: True when the page gets the organisations and ties in the compact form of the
    #: drill-down (large collaboration maps: tooltips are then built by the page script)
    compact: bool = False
    #: (from, to) → the types of the directed ties (:data:`DIRECTED_TIES`) from one to the other
    directions: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: the organisation ``--ego`` names, marked on the map
    ego: Hashable | None = None

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
    return _select(graph, spec).network


@dataclass(frozen=True)
class _Selection:
    """The network a map shows, the two-mode network of the same filter (queried once: the
    collaboration network is projected from it), the directed ties and the ego node."""

    network: nx.Graph
    two_mode: nx.Graph
    directions: dict[tuple[str, str], tuple[str, ...]]
    ego: Hashable | None


def _select(graph: Graph, spec: MapSpec) -> _Selection:
    flt = network_filter(graph, spec.districts, spec.kinds, spec.programs, spec.years)
    with step("map: networks"):
        networks = read_networks(graph, flt)
        two_mode = networks.two_mode
        network = two_mode if spec.network == "two-mode" else networks.collaboration
    centre = None
    if spec.ego:
        network, centre = ego_network(network, spec.ego, spec.radius)
    if spec.isolates == "hide":
        network = network.subgraph(n for n in network if network.degree(n) or n == centre).copy()
    if network.number_of_nodes() == 0:
        raise UsageError("nothing to map: no organisation matches the options given")
    return _Selection(network, two_mode, _directions(networks.formal_ties), centre)


def _directions(
    formal_ties: tuple[tuple[str, str, str], ...],
) -> dict[tuple[str, str], tuple[str, ...]]:
    """(from, to) → the sorted types of the directed ties from one organisation to the other."""
    found: dict[tuple[str, str], set[str]] = {}
    for a, b, tie in formal_ties:
        if tie in DIRECTED_TIES and a != b:
            found.setdefault((a, b), set()).add(tie)
    return {pair: tuple(sorted(types)) for pair, types in sorted(found.items())}


def drawn_level(spec: MapSpec, organisations: int) -> str:
    """Return the level a map of ``organisations`` organisations is drawn at under ``spec``:
    ``--level auto`` gives ``community`` above :data:`COMMUNITY_LEVEL_THRESHOLD` organisations of
    the collaboration network, ``organisation`` otherwise."""
    if spec.level != "auto":
        return spec.level
    big = organisations > COMMUNITY_LEVEL_THRESHOLD
    if big and spec.network == "collaboration" and spec.layout == "force":
        return "community"
    return "organisation"


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
    selection = _select(graph, spec)
    network, two_mode = selection.network, selection.two_mode
    level = drawn_level(spec, network.number_of_nodes())
    with step("map: names and programs"):
        programs = program_attributes(graph)
        terms = read_terms(graph)
        participations = _participations(graph, spec, network, two_mode)
        romanised = romanised_names(graph)
    partition = None
    if level == "community" or spec.color_by == "community":
        with step("map: communities"):
            partition = detect_communities(network)
    groups, legend = _colour_groups(
        network, spec.color_by, participations, programs, terms, partition
    )
    large = len(network) > PYTHON_LAYOUT_THRESHOLD or level == "community"
    shown = ("degree",) if large else TOOLTIP_MEASURES
    with step("map: measures"):
        measures = node_measures(network, (spec.size_by, *shown))
    view = MapView(
        network=network,
        spec=spec,
        title=(spec.title, spec.title) if spec.title else _default_title(spec),
        terms=terms,
        programs=programs,
        romanised=romanised,
        participations=participations,
        groups=groups,
        legend=legend,
        measures=measures,
        sizes=node_sizes(
            measures[spec.size_by],
            DISTRICT_MAX_NODE_SIZE if spec.layout == "district" else MAX_NODE_SIZE,
        ),
        directions=selection.directions,
        ego=selection.ego,
    )
    if level == "community" and partition is not None:
        with step("map: community layouts"):
            view.communities = community_level(network, two_mode, partition, terms)
        view.physics = False
        if spec.level == "auto":
            count = network.number_of_nodes()
            view.level_note = (
                f"조직이 {count:,}개로 {COMMUNITY_LEVEL_THRESHOLD:,}개를 넘어 공동체마다 "
                "노드 하나로 그렸습니다. 모든 조직을 그리려면 --level organisation.",
                f"{count:,} organisations (more than {COMMUNITY_LEVEL_THRESHOLD:,}): one node per "
                "community; --level organisation draws every organisation.",
            )
    elif spec.layout == "district":
        view.positions, view.anchors = district_layout(network)
        view.physics = False
    elif network.number_of_nodes() > PYTHON_LAYOUT_THRESHOLD:
        with step("map: layout"):
            view.positions = force_layout(network)
        view.physics = False
        view.compact = spec.network == "collaboration"
    return view


def romanised_names(graph: Graph) -> dict[str, str]:
    """Return organisation IRI → romanised name (the ``@ko-Latn`` label the build writes for
    organisations with no English name)."""
    names: dict[str, str] = {}
    for row in select(graph, ROMANISED):
        names.setdefault(row["org"], row["label"])
    return names


def _default_title(spec: MapSpec) -> tuple[str, str]:
    when = f" ({', '.join(str(year) for year in sorted(spec.years))})" if spec.years else ""
    if spec.network == "two-mode":
        return (
            f"사회적경제 생태계: 조직과 사업{when}",
            f"Social economy ecosystem: organisations and programs{when}",
        )
    return (
        f"사회적경제 생태계: 협력망{when}",
        f"Social economy ecosystem: collaboration network{when}",
    )


def _participations(
    graph: Graph, spec: MapSpec, network: nx.Graph, selected: nx.Graph
) -> dict[Hashable, list[Participation]]:
    """Every program each organisation of the map takes part in, with its roles and years (all
    of the organisation's programs, not only those the options selected). ``selected`` is the
    two-mode network of the map's filter: it holds them all unless ``--program`` narrowed it."""
    two_mode = two_mode_network(graph) if spec.programs else selected
    found: dict[Hashable, list[Participation]] = {}
    for org in network:
        if org in two_mode and two_mode.nodes[org].get("type") == "organisation":
            found[org] = [
                Participation(
                    program,
                    tuple(r for r in two_mode[org][program]["roles"].split(";") if r),
                    tuple(y for y in two_mode[org][program]["years"].split(";") if y),
                )
                for program in sorted(two_mode[org])
            ]
    return found


def _colour_groups(
    network: nx.Graph,
    scheme: str,
    participations: dict[Hashable, list[Participation]],
    programs: dict[str, dict[str, Any]],
    terms: Terms,
    partition: Partition | None = None,
) -> tuple[dict[Hashable, str], list[LegendEntry]]:
    """Return each node's colour group under ``scheme`` and the legend of the groups used
    (``partition``: the communities of ``network``, for the ``community`` scheme)."""
    groups: dict[Hashable, str] = {}
    community = _communities(partition) if partition is not None else {}
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
        colours = dict(zip(order, palette(len(order)), strict=True))
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


def _communities(partition: Partition) -> dict[Hashable, str]:
    """Each node's community id as text; members of one-node communities get
    :data:`UNKNOWN_GROUP`, shown once in the legend as :data:`ALONE`."""
    return {
        node: str(number) if len(members) > 1 else UNKNOWN_GROUP
        for number, members in enumerate(partition.communities, 1)
        for node in members
    }


def _main_area(participations: list[Participation], programs: dict[str, dict[str, Any]]) -> str:
    """The strategic area most of an organisation's participations fall in (ties: by IRI)."""
    return main_area((p.program for p in participations), programs) or UNKNOWN_GROUP


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
