"""The worked study of docs/analytics.md: the bundled Seoul 2021 ecosystem, step by step.

Prints the Markdown that docs/analytics.md holds between ``<!-- study:begin -->`` and
``<!-- study:end -->``; tests/test_study.py runs it and checks the page says the same.

Usage::

    python docs/study/seoul_2021.py
"""

from __future__ import annotations

from collections import Counter

import segraph
from segraph.network.read import main_area, program_attributes
from segraph.network.stability import normalised_mutual_information

SAMPLES, SEED = 200, 1


def brokers(analysis: segraph.network.analysis.Analysis) -> list[str]:
    rows = sorted(segraph.organisation_rows(analysis), key=lambda r: (-r["betweenness"], r["id"]))
    lines = [
        "**1. Who brokers?** The five organisations with the highest betweenness (`segraph "
        "metrics --top 5`), with their liaison brokerage by kind (the open two-paths they sit "
        "on between two organisations of two other kinds, neither their own):",
        "",
        "| organisation | kind | betweenness | degree | liaison by kind |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows[:5]:
        lines.append(
            f"| {row['label_ko']} | {row['kind']} | {row['betweenness']:.3f} | {row['degree']} "
            f"| {row['liaison_kind']} |"
        )
    return lines


def homophily(graph: object, analysis: segraph.network.analysis.Analysis) -> list[str]:
    known, total = analysis.summary["coverage_district"]
    networks = segraph.read_networks(graph)
    report = segraph.compare_with_null(networks, segraph.NullSettings(samples=SAMPLES, seed=SEED))
    by_name = {c.statistic: c for c in report.comparisons}
    kind, district = by_name["ei_kind"], by_name["ei_district"]
    return [
        f"**2. Homophily against the null.** Against {SAMPLES} affiliation-null samples (seed "
        f"{SEED}; `segraph nulls --samples {SAMPLES} --seed {SEED}`): the E–I index by kind is "
        f"{kind.observed:.3f} against a null mean of {kind.mean:.3f} (z {kind.z:.1f}, p "
        f"{kind.p:.3f}); by district {district.observed:.3f} against {district.mean:.3f} (z "
        f"{district.z:.1f}, p {district.p:.3f}), over the {known} of {total} organisations "
        "whose district is known.",
    ]


def communities_and_areas(graph: object, analysis: segraph.network.analysis.Analysis) -> list[str]:
    programs = program_attributes(graph)
    membership = analysis.community_of()
    pairs = [
        (membership[node], main_area(analysis.two_mode[node], programs))
        for node in sorted(analysis.network)
        if node in analysis.two_mode
    ]
    pairs = [(c, a) for c, a in pairs if a]
    nmi = normalised_mutual_information([c for c, _ in pairs], [a for _, a in pairs])
    by_community: dict[int, Counter[str]] = {}
    for community, area in pairs:
        by_community.setdefault(community, Counter())[area] += 1
    in_majority = sum(max(areas.values()) for areas in by_community.values())
    return [
        f"**3. Communities and strategic areas.** For the {len(pairs)} of "
        f"{len(analysis.network)} organisations that take part in a program of a strategic area, "
        f"the NMI between their community and their main area (the area most of their "
        f"participations fall in) is {nmi:.3f}; {in_majority} of them ("
        f"{in_majority / len(pairs):.0%}) share the main area of most of their community. "
        f"The {len(analysis.partition.communities)} communities split the 4 areas further more "
        "than they cross them.",
    ]


def core_and_periphery(analysis: segraph.network.analysis.Analysis) -> list[str]:
    found = segraph.core_periphery(analysis.network)
    largest = max(m["core_number"] for m in analysis.measures.values())
    return [
        f"**4. Core and periphery.** The Borgatti–Everett fit is {found.fit:.3f} (discrete core "
        f"of {len(found.core)}), against 1 for a perfect core–periphery structure: there is no "
        f"core. The deepest k-core is {largest}, the clique of one large program.",
    ]


def study() -> str:
    """The study's Markdown."""
    graph = segraph.build_graph()
    analysis = segraph.analyse(graph)
    parts = [
        brokers(analysis),
        homophily(graph, analysis),
        communities_and_areas(graph, analysis),
        core_and_periphery(analysis),
    ]
    return "\n\n".join("\n".join(part) for part in parts) + "\n"


if __name__ == "__main__":
    print(study(), end="")
