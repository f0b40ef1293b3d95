"""One analysis of the collaboration network: measures, brokerage, communities, in one place.

:func:`analyse` builds the networks from the RDF graph (through SPARQL, see
:mod:`segraph.network.views`), computes every measure of :mod:`segraph.network.centrality`, the
brokerage roles of :mod:`segraph.network.brokerage` by district and by kind, and the communities
of :mod:`segraph.network.communities`. :func:`organisation_rows` turns it into one row per
organisation (what ``segraph metrics`` prints); :func:`annotated_network` returns a copy of the
network whose nodes carry every value as a plain attribute, ready for GraphML/GEXF writers.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph import __version__
from segraph._util.background import Background
from segraph._util.bulk import gc_paused
from segraph._util.progress import step
from segraph._util.seed import SEED
from segraph.errors import UsageError
from segraph.network.brokerage import EVERY_NODE, ROLES, Brokerage, brokerage_by
from segraph.network.centrality import (
    EXACT_BETWEENNESS_LIMIT,
    MEASURES,
    TWO_MODE_MEASURES,
    organisation_measures,
    two_mode_measures,
)
from segraph.network.communities import Partition, detect_communities
from segraph.network.filters import NetworkFilter
from segraph.network.frames import rows_frame
from segraph.network.model import Network
from segraph.network.projection import MAX_PROGRAM_SIZE
from segraph.network.read import dataset_iris
from segraph.network.summary import network_summary
from segraph.network.views import read_networks

#: Networks of at least this many organisations are analysed on two processes (see
#: :class:`~segraph._util.background.Background`); smaller ones in this process alone, where a
#: fork would cost more than it saves.
PARALLEL_FROM = 2_000

#: The node attributes that brokerage is computed by.
PARTITIONS: tuple[str, ...] = ("district", "kind")

#: Descriptive columns that start every row.
ID_COLUMNS: tuple[str, ...] = (
    "id",
    "label_ko",
    "label_en",
    "kind",
    "district",
    "district_ko",
    "community",
)


def brokerage_columns(partition: str) -> tuple[str, ...]:
    """Return the brokerage columns for one partition: the role counts (``coordinator_district``,
    …) then their z-scores (``coordinator_district_z``, …)."""
    return (
        *(f"{role}_{partition}" for role in ROLES),
        *(f"{role}_{partition}_z" for role in ROLES),
    )


#: Columns of a collaboration-network row, in order (``iri`` comes last).
COLLABORATION_COLUMNS: tuple[str, ...] = (
    *ID_COLUMNS,
    *MEASURES,
    "brokerage",
    "brokerage_z",
    *(column for partition in PARTITIONS for column in brokerage_columns(partition)),
    "iri",
)
#: Columns of a two-mode row, in order.
TWO_MODE_COLUMNS: tuple[str, ...] = (*ID_COLUMNS, *TWO_MODE_MEASURES, "iri")


@dataclass(frozen=True)
class AnalysisSettings:
    """What to analyse and how (defaults: every tie, shared-program counts, Louvain)."""

    layer: str = "both"
    weighting: str = "count"
    method: str = "louvain"
    seed: int = SEED
    #: Resolution of modularity-based community detection: above 1 smaller communities.
    resolution: float = 1.0
    max_program_size: int = MAX_PROGRAM_SIZE
    exact_betweenness_limit: int = EXACT_BETWEENNESS_LIMIT
    filter: NetworkFilter = field(default_factory=NetworkFilter)
    #: False: the centralities count every tie as 1 (tie strength ignored)
    weighted: bool = True


#: The keys of :meth:`Analysis.provenance`, the columns ``segraph metrics`` adds to CSV and JSON.
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "segraph_version",
    "datasets",
    "layer",
    "weighting",
    "measures",
    "communities",
    "seed",
    "resolution",
    "selection",
    "coverage_district",
    "coverage_kind",
)


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyse`; every part is keyed by organisation IRI."""

    settings: AnalysisSettings
    network: nx.Graph
    two_mode: nx.Graph
    measures: dict[Hashable, dict[str, float | int]]
    two_mode_measures: dict[Hashable, dict[str, float | int]]
    brokerage: dict[str, Brokerage]
    partition: Partition
    summary: dict[str, Any]

    def provenance(self) -> dict[str, str]:
        """What produced this analysis, as text: the segraph version, the datasets of the
        graph, the settings (layer, weighting, community method, seed, resolution), the
        selection, and how many organisations the measures by district and by kind speak for
        (``coverage_district``, ``coverage_kind``: "with the value/all"). Reports, metrics rows
        and network exports carry it."""
        s = self.settings
        chosen = [f"{what} {','.join(values)}" for what, values in s.filter.chosen()]
        return {
            "segraph_version": __version__,
            "datasets": ";".join(self.summary.get("datasets", [])),
            "layer": s.layer,
            "weighting": s.weighting,
            "measures": "weighted" if s.weighted else "unweighted",
            "communities": s.method,
            "seed": str(s.seed),
            "resolution": f"{s.resolution:g}",
            "selection": "; ".join(chosen) or "everything",
            **{
                f"coverage_{attribute}": "{}/{}".format(*self.summary[f"coverage_{attribute}"])
                for attribute in ("district", "kind")
            },
        }

    def community_of(self) -> dict[Hashable, int]:
        """Return organisation IRI → community id."""
        return self.partition.membership()

    def to_frame(self, network: str = "collaboration") -> Any:
        """The rows of :func:`organisation_rows` as a pandas DataFrame indexed by ``id`` (needs
        the ``frames`` extra); an unknown role is a missing value."""
        return rows_frame(organisation_rows(self, network))


def analyse(graph: Graph, settings: AnalysisSettings | None = None) -> Analysis:
    """Analyse the collaboration network of ``graph``.

    Parameters
    ----------
    graph : the RDF graph (read with SPARQL SELECT only; not modified).
    settings : layer, weighting, community method, seed and filter.

    Returns
    -------
    Analysis

    Raises
    ------
    UsageError
        When no organisation is left after filtering.

    Examples
    --------
    >>> analysis = analyse(segraph.build_graph())  # doctest: +SKIP
    >>> analysis.partition.modularity  # doctest: +SKIP
    """
    settings = settings or AnalysisSettings()
    with gc_paused():
        with step("networks"):  # read once: the collaboration network is projected from the other
            networks = read_networks(
                graph,
                settings.filter,
                layer=settings.layer,
                weighting=settings.weighting,
                max_program_size=settings.max_program_size,
            )
        if len(networks.collaboration) == 0:
            raise UsageError("no organisation matches the filters")
        view = Network.frozen(networks.collaboration)  # its array views, shared by the measures
        network, two_mode = view.graph, nx.freeze(networks.two_mode)
        # communities and brokerage in a child process beside the centralities and two-mode
        # measures here: on a national network each side takes seconds of pure Python
        side = Background(
            lambda: _side_results(view, settings), in_child=len(network) >= PARALLEL_FROM
        )
        with step("network summary"):
            summary = network_summary(view)
        summary["unprojected_programs"] = network.graph.get("unprojected_programs", "")
        summary["datasets"] = dataset_iris(graph)
        measures = organisation_measures(
            view,
            strength="strength" if settings.weighted else None,
            exact_limit=settings.exact_betweenness_limit,
            seed=settings.seed,
        )
        with step("two-mode measures"):
            bipartite = two_mode_measures(two_mode, settings.exact_betweenness_limit, settings.seed)
        roles, partition = side.result()
    return Analysis(
        settings=settings,
        network=network,
        two_mode=two_mode,
        measures=measures,
        two_mode_measures=bipartite,
        brokerage=roles,
        partition=partition,
        summary=summary,
    )


def _side_results(
    view: Network, settings: AnalysisSettings
) -> tuple[dict[str, Brokerage], Partition]:
    """The brokerage roles and the communities of one analysis."""
    with step("brokerage"):
        roles = brokerage_by(view.graph, PARTITIONS)
    with step("communities"):
        partition = detect_communities(
            view, settings.method, seed=settings.seed, resolution=settings.resolution
        )
    return roles, partition


def _brokerage_values(analysis: Analysis, node: Hashable) -> dict[str, float | int | None]:
    """The node's open two-paths (every node in one group), then its roles by each partition:
    None where its own value of the partition is unknown (no role can be named)."""
    every = analysis.brokerage[EVERY_NODE]
    values: dict[str, float | int | None] = {
        "brokerage": every.counts[node]["total"],
        "brokerage_z": float(every.z[node]["total"]),
    }
    for partition in PARTITIONS:
        result = analysis.brokerage[partition]
        known = node in result.counts
        for role in ROLES:
            values[f"{role}_{partition}"] = result.counts[node][role] if known else None
        for role in ROLES:
            values[f"{role}_{partition}_z"] = float(result.z[node][role]) if known else None
    return values


def organisation_rows(
    analysis: Analysis, network: str = "collaboration"
) -> list[dict[str, str | int | float | None]]:
    """Return one row per organisation, with the columns of :data:`COLLABORATION_COLUMNS` (or
    :data:`TWO_MODE_COLUMNS` for ``network="two-mode"``), sorted by IRI.

    Every value is a plain ``str``, ``int`` or ``float``, or None for the brokerage roles by a
    partition whose value the organisation lacks (its district unknown: no role can be named;
    CSV writes it empty, JSON null). Organisations outside the two-mode
    network (no program) get ``programs`` 0 and bipartite measures 0.0 there.
    """
    community = analysis.community_of()
    rows = []
    for node in sorted(analysis.network):
        attrs = analysis.network.nodes[node]
        row: dict[str, str | int | float | None] = {
            "id": str(attrs.get("id", node)),
            "label_ko": str(attrs.get("label_ko", "")),
            "label_en": str(attrs.get("label_en", "")),
            "kind": str(attrs.get("kind", "")),
            "district": str(attrs.get("district", "")),
            "district_ko": str(attrs.get("district_ko", "")),
            "community": community.get(node, 0),
        }
        if network == "two-mode":
            empty: dict[str, float | int] = {name: 0.0 for name in TWO_MODE_MEASURES}
            empty["programs"] = 0
            row.update(analysis.two_mode_measures.get(node, empty))
        else:
            row.update(analysis.measures[node])
            row.update(_brokerage_values(analysis, node))
        row["iri"] = str(node)
        rows.append(row)
    return rows


def annotated_network(analysis: Analysis) -> nx.Graph:
    """Return a copy of the collaboration network whose nodes carry every measure, the
    brokerage counts and ``community`` as plain attributes (no None, no lists).

    The analysed network itself is not modified.
    """
    copy = analysis.network.copy()
    for row in organisation_rows(analysis):
        node = row["iri"]
        copy.nodes[node].update({k: v for k, v in row.items() if k != "iri" and v is not None})
    return copy
