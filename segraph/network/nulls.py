"""Null models of the collaboration network: would a network with the same degrees, tied at
random, show the same homophily, brokerage, clustering and community structure?

Two nulls, each sampled ``samples`` times from one seeded generator:

- ``affiliation`` (the right null for affiliation data): the organisation × program network is
  rewired by degree-preserving swaps — two participations ``(a, p)``, ``(b, q)`` become
  ``(a, q)``, ``(b, p)`` when neither exists — so every organisation keeps its number of
  programs and every program its number of participants; each sample is then projected as the
  observed network was (same layer, weighting, program-size bound and filter; formal ties kept
  as they are);
- ``projected``: the organisation network itself is rewired by degree-preserving double-edge
  swaps (networkx's ``double_edge_swap``), every organisation keeping its number of ties.

Each null makes ``swaps`` × (number of edges) swap attempts per sample. The statistics
(:data:`STATISTICS`) are unweighted, on the observed network and on every sample alike: the
E–I index and assortativity of district and kind (organisations without the value left out),
the network totals of the Gould–Fernandez brokerage roles by district, average clustering, and
the modularity of the Louvain communities (seeded). For each, :class:`NullComparison` gives the
null's mean and standard deviation, z = (observed − mean) / sd and a two-sided empirical p:
(1 + samples at least as far from the mean as the observed value) / (1 + samples).
"""

from __future__ import annotations

import contextlib
import math
import random
import statistics
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from segraph._util.seed import SEED
from segraph.errors import ArgumentError
from segraph.network.analysis import AnalysisSettings
from segraph.network.brokerage import ROLES, brokerage
from segraph.network.communities import detect_communities
from segraph.network.filters import NetworkFilter
from segraph.network.frames import rows_frame
from segraph.network.mixing import assortativity, ei_index
from segraph.network.projection import MAX_PROGRAM_SIZE, project
from segraph.network.summary import coverage
from segraph.network.views import Networks

#: The null models (see the module doc).
MODELS: tuple[str, ...] = ("affiliation", "projected")

#: Swap attempts per edge and sample.
SWAPS_PER_EDGE = 10


#: The statistics compared, in the order they are reported.
STATISTICS: tuple[str, ...] = (
    "ei_district",
    "ei_kind",
    "assortativity_district",
    "assortativity_kind",
    *(f"brokerage_district_{role}" for role in ROLES),
    "average_clustering",
    "modularity",
)


def network_statistics(
    network: nx.Graph, method: str = "louvain", seed: int = SEED, resolution: float = 1.0
) -> dict[str, float | None]:
    """Every statistic of :data:`STATISTICS` for ``network`` (None where one is undefined, as
    E–I with no tie between known organisations); the modularity is that of the communities
    ``method`` finds with ``seed`` and ``resolution``. The brokerage by district is computed
    once for its five role totals."""
    roles = brokerage(network, "district").network_counts
    modularity = None
    if network.number_of_edges():
        found = detect_communities(network, method, strength=None, seed=seed, resolution=resolution)
        modularity = found.modularity
    return {
        "ei_district": ei_index(network, "district"),
        "ei_kind": ei_index(network, "kind"),
        "assortativity_district": assortativity(network, "district"),
        "assortativity_kind": assortativity(network, "kind"),
        **{f"brokerage_district_{role}": float(roles[role]) for role in ROLES},
        "average_clustering": float(nx.average_clustering(network)) if len(network) else None,
        "modularity": modularity,
    }


@dataclass(frozen=True)
class NullSettings:
    """Which null, how many samples, which seed; how the observed network was projected; how
    its communities are found (for the modularity)."""

    model: str = "affiliation"
    samples: int = 100
    seed: int = SEED
    swaps: int = SWAPS_PER_EDGE
    method: str = "louvain"
    resolution: float = 1.0
    layer: str = "both"
    weighting: str = "count"
    max_program_size: int = MAX_PROGRAM_SIZE
    filter: NetworkFilter = field(default_factory=NetworkFilter)

    @classmethod
    def following(cls, analysis: AnalysisSettings, **choices: Any) -> NullSettings:
        """The null of a network analysed with ``analysis``: its seed, community method and
        resolution, and the layer, weighting, program-size bound and filter it was projected
        with; ``choices`` set the rest (``model``, ``samples``, ``swaps``)."""
        return cls(
            seed=analysis.seed,
            method=analysis.method,
            resolution=analysis.resolution,
            layer=analysis.layer,
            weighting=analysis.weighting,
            max_program_size=analysis.max_program_size,
            filter=analysis.filter,
            **choices,
        )


@dataclass(frozen=True)
class NullComparison:
    """One statistic against its null distribution (None where undefined)."""

    statistic: str
    observed: float | None
    mean: float | None
    sd: float | None
    z: float | None
    p: float | None
    #: samples in which the statistic was defined
    samples: int
    #: for a statistic by district or kind: "organisations with the value/organisations"
    coverage: str = ""


@dataclass(frozen=True)
class NullReport:
    """The result of :func:`compare_with_null`."""

    settings: NullSettings
    comparisons: tuple[NullComparison, ...]

    def rows(self) -> list[dict[str, object]]:
        """One row per statistic with the settings that produced it (for CSV and JSON)."""
        s = self.settings
        return [
            {
                **c.__dict__,
                "model": s.model,
                "seed": s.seed,
                "swaps_per_edge": s.swaps,
                "layer": s.layer,
                "weighting": s.weighting,
                "communities": s.method,
                "resolution": s.resolution,
            }
            for c in self.comparisons
        ]

    def to_frame(self) -> Any:
        """:meth:`rows` as a pandas DataFrame indexed by ``statistic`` (needs the ``frames``
        extra)."""
        return rows_frame(self.rows(), index="statistic")


def rewire_affiliations(two_mode: nx.Graph, rng: random.Random, swaps: int) -> nx.Graph:
    """Return a copy of the organisation × program network ``two_mode`` rewired by ``swaps`` ×
    (number of edges) swap attempts that keep every node's degree (see the module doc).

    Node attributes are kept; edge attributes (roles, years) are dropped: a rewired
    participation has none.
    """
    edges = sorted(
        (a, b) if two_mode.nodes[a]["bipartite"] == 0 else (b, a) for a, b in two_mode.edges()
    )
    present = set(edges)
    for _ in range(swaps * len(edges)):
        i, j = rng.randrange(len(edges)), rng.randrange(len(edges))
        (a, p), (b, q) = edges[i], edges[j]
        if a == b or p == q or (a, q) in present or (b, p) in present:
            continue
        present -= {(a, p), (b, q)}
        present |= {(a, q), (b, p)}
        edges[i], edges[j] = (a, q), (b, p)
    rewired = nx.Graph()
    rewired.add_nodes_from(two_mode.nodes(data=True))
    rewired.add_edges_from(edges)
    return rewired


def rewire_ties(network: nx.Graph, rng: random.Random, swaps: int) -> nx.Graph:
    """Return a copy of ``network`` rewired by degree-preserving double-edge swaps (``swaps`` ×
    (number of edges) attempts at most); node attributes are kept, edge attributes dropped."""
    rewired = nx.Graph()
    rewired.add_nodes_from(network.nodes(data=True))
    rewired.add_edges_from(sorted(network.edges()))
    edges = rewired.number_of_edges()
    possible = sum(1 for _, d in rewired.degree() if d > 0) >= 4 and edges >= 2
    if possible:
        nswap = swaps * edges
        seed = rng.randrange(2**32)
        # fewer swaps possible than asked: keep those made
        with contextlib.suppress(nx.NetworkXAlgorithmError):
            nx.double_edge_swap(rewired, nswap=nswap, max_tries=nswap * 10, seed=seed)
    return rewired


def networks_of(collaboration: nx.Graph, two_mode: nx.Graph) -> Networks:
    """The :class:`~segraph.network.views.Networks` of an analysed collaboration network and its
    two-mode network (as :class:`~segraph.network.analysis.Analysis` holds them): the
    organisations are its nodes, the formal ties the types on its edges (the projection needs
    their types, not their direction)."""
    formal = tuple(
        (a, b, tie)
        for a, b, ties in sorted(collaboration.edges(data="ties"))
        for tie in (ties or "").split(";")
        if tie
    )
    organisations = {node: dict(data) for node, data in collaboration.nodes(data=True)}
    return Networks(organisations, nx.Graph(two_mode), collaboration, formal)


def _sample(networks: Networks, settings: NullSettings, rng: random.Random) -> nx.Graph:
    if settings.model == "projected":
        return rewire_ties(networks.collaboration, rng, settings.swaps)
    rewired = rewire_affiliations(networks.two_mode, rng, settings.swaps)
    return project(
        rewired,
        networks.organisations,
        networks.formal_ties,
        settings.filter,
        settings.layer,
        settings.weighting,
        settings.max_program_size,
    )


def compare(statistic: str, observed: float | None, null: list[float]) -> NullComparison:
    """The comparison of ``observed`` with the ``null`` values of one statistic."""
    if observed is None or not null:
        return NullComparison(statistic, observed, None, None, None, None, len(null))
    mean = statistics.fmean(null)
    sd = statistics.stdev(null) if len(null) > 1 else 0.0
    distance = abs(observed - mean)
    extreme = sum(1 for value in null if abs(value - mean) >= distance - 1e-12)
    z = (observed - mean) / sd if sd > 0 else None
    return NullComparison(
        statistic, observed, mean, sd, z, (1 + extreme) / (1 + len(null)), len(null)
    )


def compare_with_null(networks: Networks, settings: NullSettings | None = None) -> NullReport:
    """Compare the collaboration network of ``networks`` with ``settings.samples`` samples of
    the null model ``settings.model`` (see the module doc).

    ``networks`` comes from :func:`segraph.network.views.read_networks`, read with the same
    filter, layer, weighting and program-size bound as ``settings`` (the affiliation null
    projects its samples with them).

    Examples
    --------
    >>> networks = segraph.read_networks(segraph.build_graph())  # doctest: +SKIP
    >>> report = compare_with_null(networks, NullSettings(samples=200, seed=1))  # doctest: +SKIP
    >>> {c.statistic: round(c.z, 1) for c in report.comparisons}  # doctest: +SKIP
    """
    settings = settings or NullSettings()
    if settings.model not in MODELS:
        raise ArgumentError("model", f"'{settings.model}': choose one of {', '.join(MODELS)}")
    if settings.samples < 1:
        raise ArgumentError("samples", f"{settings.samples}: give 1 or more")

    def measured(network: nx.Graph) -> dict[str, float | None]:
        return network_statistics(network, settings.method, settings.seed, settings.resolution)

    observed = measured(networks.collaboration)
    null: dict[str, list[float]] = {name: [] for name in STATISTICS}
    rng = random.Random(settings.seed)
    for _ in range(settings.samples):
        for name, value in measured(_sample(networks, settings, rng)).items():
            if value is not None and not math.isnan(value):
                null[name].append(float(value))
    covered = {
        attribute: "{}/{}".format(*coverage(networks.collaboration, attribute))
        for attribute in ("district", "kind")
    }
    comparisons = []
    for name in STATISTICS:
        attribute = next((a for a in covered if name.endswith(f"_{a}") or f"_{a}_" in name), "")
        comparison = compare(name, observed[name], null[name])
        comparisons.append(replace(comparison, coverage=covered.get(attribute, "")))
    return NullReport(settings, tuple(comparisons))
