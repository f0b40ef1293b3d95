"""How collaboration changed from one year to another: who entered and left, which ties formed,
were kept or dissolved, and how each organisation's position moved.

A year's network is the co-participation network of that year's participations (two
organisations are tied when they take part in one program that year). Direct ties and
memberships carry no year in the data, so they are left out: they would be "kept" between any
two years. An organisation is *in* a year when it takes part in a program that year.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from segraph.network.centrality import organisation_measures
from segraph.network.filters import network_filter
from segraph.network.frames import rows_frame
from segraph.network.views import read_networks
from segraph.sparql.query import QueryTarget

#: The measures compared between the two years.
COMPARED_MEASURES: tuple[str, ...] = ("degree", "betweenness")

Pair = tuple[str, str]


@dataclass
class YearNetwork:
    """One year's organisations (those taking part in a program that year) and its network."""

    year: int
    organisations: set[str]
    network: nx.Graph
    measures: dict[Hashable, dict[str, float | int]]


@dataclass
class YearComparison:
    """The change from ``first`` to ``second``; every collection is sorted."""

    first: YearNetwork
    second: YearNetwork
    entered: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    stayed: list[str] = field(default_factory=list)
    formed: list[Pair] = field(default_factory=list)
    kept: list[Pair] = field(default_factory=list)
    dissolved: list[Pair] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The counts: organisations of each year, entered, left, stayed; ties of each year,
        formed, kept, dissolved; and the share of the first year's ties kept."""
        first_ties = len(self.kept) + len(self.dissolved)
        return {
            "first_year": self.first.year,
            "second_year": self.second.year,
            "organisations_first": len(self.first.organisations),
            "organisations_second": len(self.second.organisations),
            "entered": len(self.entered),
            "left": len(self.left),
            "stayed": len(self.stayed),
            "ties_first": first_ties,
            "ties_second": len(self.kept) + len(self.formed),
            "formed": len(self.formed),
            "kept": len(self.kept),
            "dissolved": len(self.dissolved),
            "kept_share": round(len(self.kept) / first_ties, 4) if first_ties else None,
        }

    def to_frame(self) -> Any:
        """:meth:`position_rows` as a pandas DataFrame indexed by ``id`` (the ``frames`` extra)."""
        return rows_frame(self.position_rows())

    def position_rows(self) -> list[dict[str, Any]]:
        """One row per organisation in both years: its label and each compared measure in
        each year with the change, sorted by the largest change in betweenness, then id."""
        labels = nx.get_node_attributes(self.second.network, "label_ko")
        rows = []
        for org in self.stayed:
            row: dict[str, Any] = {"id": _short(org), "label_ko": labels.get(org, "")}
            for name in COMPARED_MEASURES:
                before = self.first.measures[org][name]
                after = self.second.measures[org][name]
                row[f"{name}_{self.first.year}"] = before
                row[f"{name}_{self.second.year}"] = after
                row[f"{name}_change"] = round(after - before, 6)
            rows.append(row)
        rows.sort(key=lambda r: (-abs(r["betweenness_change"]), r["id"]))
        return rows


def year_network(graph: QueryTarget, year: int, **options: Any) -> YearNetwork:
    """The co-participation network of ``year`` (``options``: the other filters of
    :func:`segraph.network.filters.network_filter`) with its organisations and measures."""
    flt = network_filter(graph, years=[year], **options)
    networks = read_networks(graph, flt, layer="coparticipation")
    two_mode = networks.two_mode
    taking_part = {n for n, d in two_mode.nodes(data=True) if d.get("bipartite") == 0}
    network = networks.collaboration.subgraph(taking_part).copy()
    measures = organisation_measures(network, names=COMPARED_MEASURES) if len(network) else {}
    return YearNetwork(year, taking_part, network, measures)


def compare_years(graph: QueryTarget, first: int, second: int, **options: Any) -> YearComparison:
    """Compare the collaboration of year ``first`` with that of year ``second``.

    Parameters
    ----------
    graph : the knowledge graph (or a SPARQL endpoint) holding both years.
    first, second : the years (each must have participations).
    options : ``districts``, ``kinds``, ``programs``: filters as for ``segraph metrics``.

    Examples
    --------
    >>> change = compare_years(graph, 2021, 2022)  # doctest: +SKIP
    >>> change.summary()["kept_share"]  # doctest: +SKIP
    """
    before = year_network(graph, first, **options)
    after = year_network(graph, second, **options)
    ties_before, ties_after = _ties(before.network), _ties(after.network)
    return YearComparison(
        first=before,
        second=after,
        entered=sorted(after.organisations - before.organisations),
        left=sorted(before.organisations - after.organisations),
        stayed=sorted(before.organisations & after.organisations),
        formed=sorted(ties_after - ties_before),
        kept=sorted(ties_before & ties_after),
        dissolved=sorted(ties_before - ties_after),
    )


def _ties(network: nx.Graph) -> set[Pair]:
    return {(a, b) if a < b else (b, a) for a, b in network.edges()}


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]
