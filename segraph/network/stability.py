"""How stable the communities are: the same method run with other seeds and other resolutions,
compared with the reference run by normalised mutual information and the adjusted Rand index,
and how often each organisation stays with the members of its reference community.

- NMI is the mutual information of two partitions divided by the mean of their entropies
  (the arithmetic normalisation, scikit-learn's default): 1 for the same partition, 0 for
  independent ones.
- ARI is Hubert and Arabie's adjusted Rand index: 1 for the same partition, about 0 for random
  ones, negative when they agree less than chance.
- An organisation's stability is the mean, over the other runs, of the Jaccard similarity of its
  community there and its community in the reference run (1: it always sits with exactly the
  same organisations).
- The consensus communities hold together the organisations joined by ties that stay inside
  one community in at least half of the runs at the reference resolution (the connected
  components of those ties; co-assignment is counted on the ties, not on every pair, so it
  costs O(ties × runs)).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from segraph._util.seed import SEED
from segraph.network.communities import Partition, detect_communities
from segraph.network.frames import rows_frame
from segraph.network.model import NetworkLike, as_network


def _contingency(a: Sequence[Hashable], b: Sequence[Hashable]) -> np.ndarray:
    _, rows = np.unique(np.asarray(a, dtype=object).astype(str), return_inverse=True)
    _, cols = np.unique(np.asarray(b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((rows.max() + 1, cols.max() + 1), dtype=np.int64)
    np.add.at(table, (rows, cols), 1)
    return table


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def normalised_mutual_information(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """NMI of two labellings of the same items (arithmetic normalisation).

    Examples
    --------
    >>> normalised_mutual_information([0, 0, 1, 1], [5, 5, 7, 7])
    1.0
    """
    table = _contingency(a, b)
    n = table.sum()
    ha, hb = _entropy(table.sum(axis=1)), _entropy(table.sum(axis=0))
    if ha == 0.0 and hb == 0.0:
        return 1.0
    nonzero = table > 0
    outer = np.outer(table.sum(axis=1), table.sum(axis=0))
    mi = float((table[nonzero] / n * np.log(table[nonzero] * n / outer[nonzero])).sum())
    return max(0.0, min(1.0, mi / ((ha + hb) / 2)))


def adjusted_rand_index(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items.

    Examples
    --------
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 4)
    0.5714
    """
    table = _contingency(a, b)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) // 2).sum())

    index, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = pairs(np.array([table.sum()]))
    expected = rows * cols / total if total else 0.0
    largest = (rows + cols) / 2
    if largest == expected:
        return 1.0
    return (index - expected) / (largest - expected)


@dataclass(frozen=True)
class Run:
    """One run of community detection, compared with the reference run."""

    seed: int
    resolution: float
    communities: int
    modularity: float
    nmi: float
    ari: float


@dataclass(frozen=True)
class Stability:
    """The result of :func:`community_stability`."""

    method: str
    reference: Run
    #: other seeds at the reference resolution, then other resolutions at the reference seed
    runs: tuple[Run, ...]
    #: organisation → mean Jaccard similarity of its community in the runs and in the reference
    node_stability: dict[Hashable, float]
    #: organisation → its community id in the reference run
    membership: dict[Hashable, int]
    #: the consensus communities (largest first, then by smallest member): the groups that
    #: ties kept inside one community in at least half of the seed runs hold together
    consensus: tuple[tuple[Hashable, ...], ...] = ()
    #: NMI of the consensus communities and the reference
    consensus_nmi: float = 1.0

    def seed_agreement(self) -> tuple[float, float] | None:
        """Mean NMI and ARI with the reference of the runs at the reference resolution."""
        same = [r for r in self.runs if r.resolution == self.reference.resolution]
        if not same:
            return None
        return statistics.fmean(r.nmi for r in same), statistics.fmean(r.ari for r in same)

    def to_frame(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (needs the ``frames`` extra), one row per run."""
        rows = [{"run": i, **row} for i, row in enumerate(self.rows())]
        return rows_frame(rows, index="run")

    def rows(self) -> list[dict[str, object]]:
        """One row per run, the reference first (for tables, CSV and JSON)."""
        return [
            {"role": role, "method": self.method, **run.__dict__}
            for role, run in [("reference", self.reference)] + [("run", r) for r in self.runs]
        ]


def _labels(partition: Partition, nodes: Sequence[Hashable]) -> list[int]:
    membership = partition.membership()
    return [membership[node] for node in nodes]


def community_stability(
    network: NetworkLike,
    method: str = "louvain",
    seed: int = SEED,
    seeds: int = 10,
    resolution: float = 1.0,
    resolutions: Sequence[float] = (),
) -> Stability:
    """Run ``method`` with ``seed`` and ``resolution`` (the reference), then with the ``seeds``
    − 1 next seeds and with each of ``resolutions``, and compare every run with the reference.

    Parameters
    ----------
    network : the collaboration network (not modified).
    method : one of :data:`segraph.network.communities.METHODS`.
    seed, resolution : the reference run's.
    seeds : runs at the reference resolution, the reference included (seeds ``seed``,
        ``seed + 1``…).
    resolutions : other resolutions, each run with ``seed``.

    Returns
    -------
    Stability
    """
    view = as_network(network)
    nodes = sorted(view.graph, key=str)

    def run(run_seed: int, run_resolution: float) -> tuple[Partition, list[int]]:
        found = detect_communities(view, method, seed=run_seed, resolution=run_resolution)
        return found, _labels(found, nodes)

    reference, labels = run(seed, resolution)
    ref_sets = {c: set(members) for c, members in enumerate(reference.communities, start=1)}
    membership = reference.membership()
    similarity: dict[Hashable, list[float]] = {node: [] for node in nodes}
    edges = sorted(((a, b) if str(a) <= str(b) else (b, a) for a, b in view.graph.edges()), key=str)
    together = Counter(e for e in edges if membership[e[0]] == membership[e[1]])
    seed_runs = 1
    runs: list[Run] = []
    settings = [(seed + k, resolution) for k in range(1, seeds)]
    settings += [(seed, r) for r in resolutions if r != resolution]
    for run_seed, run_resolution in settings:
        found, other = run(run_seed, run_resolution)
        runs.append(
            Run(
                run_seed,
                run_resolution,
                len(found.communities),
                found.modularity,
                normalised_mutual_information(labels, other),
                adjusted_rand_index(labels, other),
            )
        )
        if run_resolution == resolution:
            seed_runs += 1
            other_membership = found.membership()
            together.update(e for e in edges if other_membership[e[0]] == other_membership[e[1]])
            for community in found.communities:
                members = set(community)
                for node in community:
                    mine = ref_sets[membership[node]]
                    similarity[node].append(len(mine & members) / len(mine | members))
    reference_run = Run(
        seed, resolution, len(reference.communities), reference.modularity, 1.0, 1.0
    )
    kept = nx.Graph()
    kept.add_nodes_from(nodes)
    kept.add_edges_from(e for e in edges if 2 * together[e] >= seed_runs)
    consensus = sorted(
        (tuple(sorted(c, key=str)) for c in nx.connected_components(kept)),
        key=lambda c: (-len(c), str(c[0])),
    )
    of = {node: i for i, community in enumerate(consensus) for node in community}
    return Stability(
        method=method,
        reference=reference_run,
        runs=tuple(runs),
        node_stability={
            node: statistics.fmean(values) if values else 1.0 for node, values in similarity.items()
        },
        membership=membership,
        consensus=tuple(consensus),
        consensus_nmi=normalised_mutual_information(labels, [of[node] for node in nodes]),
    )
