"""The community level of a map: one node per community of the collaboration network (the
communities of :func:`segraph.network.communities.detect_communities`, as ``segraph metrics``
reports them) and, for the drill-down, each community's members with a layout of their own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from segraph._util.colours import palette
from segraph.drawing.layout import NODE_SPACING, cluster_radius, sunflower
from segraph.drawing.style import UNKNOWN_COLOUR
from segraph.drawing.terms import Terms
from segraph.network.communities import CommunityProfile, Partition, describe_communities
from segraph.network.groups import group_networks
from segraph.network.layout import Position, force_layout, force_layouts

#: Legend name of the organisations that form a community on their own.
ALONE = ("홀로 (다른 조직과 묶이지 않음)", "on its own (no community)")
#: Key of the one node that gathers the organisations forming a community on their own.
ALONE_KEY = "alone"
#: Distance between community nodes in the overview, in page pixels (they are drawn larger).
COMMUNITY_SPACING = 3 * NODE_SPACING


@dataclass(frozen=True)
class Community:
    """One node of the community level.

    ``key`` is the community id of :mod:`segraph.network.communities` as text (1 is the largest), or
    :data:`ALONE_KEY` for the node gathering every one-member community. ``name`` is a short
    (Korean, English) label naming what most of its members share, with the share
    (:func:`_name`); ``colour`` its own colour (distinct for each community); ``positions`` the
    precomputed layout of its members, shown when the community is opened.
    """

    key: str
    members: tuple[Hashable, ...]
    name: tuple[str, str]
    colour: str
    profile: CommunityProfile | None
    positions: dict[Hashable, Position]


@dataclass
class CommunityLevel:
    """The communities a map draws, the ties between them and where they sit."""

    communities: list[Community]
    #: (key, key) with the smaller first → (organisation ties between them, summed strength)
    ties: dict[tuple[str, str], tuple[int, float]]
    positions: dict[str, Position]
    #: Korean district name → English one (the profiles name districts in Korean)
    districts_en: dict[str, str]

    def community_of(self) -> dict[Hashable, str]:
        """Return organisation → key of the community node that holds it."""
        return {member: c.key for c in self.communities for member in c.members}


def community_level(
    network: nx.Graph,
    two_mode: nx.Graph,
    partition: Partition,
    terms: Terms,
) -> CommunityLevel:
    """Return the community level of ``network`` for ``partition`` (its communities).

    Parameters
    ----------
    network : the collaboration network the map shows.
    two_mode : the organisation × program network of the same filter (for the programs that
        describe a community).
    partition : from :func:`segraph.network.communities.detect_communities` on ``network``.
    terms : names of the organisation kinds.

    Every community of two or more members is one node; the organisations that form a community
    on their own (isolated ones) are gathered in one more node, :data:`ALONE_KEY`.
    """
    districts_en = {
        attrs.get("district_ko"): attrs.get("district_en")
        for _, attrs in network.nodes(data=True)
        if attrs.get("district_ko") and attrs.get("district_en")
    }
    profiles = describe_communities(partition, network, two_mode, limit=3)
    alone = [member for profile in profiles if profile.size == 1 for member in profile.members]
    grouped = [profile for profile in profiles if profile.size > 1]
    layouts = force_layouts(group_networks(network, [p.members for p in grouped]))
    communities = [
        Community(
            key=str(profile.id),
            members=profile.members,
            name=_name(profile, terms, districts_en),
            colour=colour,
            profile=profile,
            positions=positions,
        )
        for profile, positions, colour in zip(grouped, layouts, palette(len(grouped)), strict=True)
    ]
    if alone:
        members = tuple(sorted(alone, key=lambda n: (str(network.nodes[n].get("label_ko")), n)))
        positions = dict(zip(members, sunflower(len(members), (0.0, 0.0)), strict=True))
        communities.append(Community(ALONE_KEY, members, ALONE, UNKNOWN_COLOUR, None, positions))
    level = CommunityLevel(communities, {}, {}, districts_en)
    level.ties = _ties(network, level.community_of())
    level.positions = _overview_layout([c.key for c in communities], level.ties)
    return level


def _overview_layout(
    keys: list[str], ties: dict[tuple[str, str], tuple[int, float]]
) -> dict[str, Position]:
    """Place the communities: those tied to others by a force layout, the rest (largest first)
    on a disc to the right of them, so that unconnected ones do not crowd the connected."""
    placed = force_layout(nx.Graph(list(ties)))
    points = np.array(list(placed.values())).reshape(-1, 2)
    stretch = COMMUNITY_SPACING / NODE_SPACING
    if len(points) > 1:  # most communities at least COMMUNITY_SPACING from their nearest
        gaps = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
        np.fill_diagonal(gaps, np.inf)
        nearest = float(np.percentile(gaps.min(axis=1), 10)) or 1.0
        stretch = max(stretch, COMMUNITY_SPACING / nearest)
    positions = {
        key: (round(x * stretch, 1), round(y * stretch, 1)) for key, (x, y) in placed.items()
    }
    rest = [key for key in keys if key not in positions]
    right = max((x for x, _ in positions.values()), default=0.0)
    if rest:
        radius = cluster_radius(len(rest), COMMUNITY_SPACING)
        centre = (right + radius + 2 * COMMUNITY_SPACING if positions else 0.0, 0.0)
        positions.update(zip(rest, sunflower(len(rest), centre, COMMUNITY_SPACING), strict=True))
    return positions


#: A community is named by at most this many of the district, kind and program most of its
#: members share; program names are cut to :data:`NAME_PART_LENGTH` characters.
NAME_PARTS = 2
NAME_PART_LENGTH = 18


def _name(profile: CommunityProfile, terms: Terms, districts_en: dict[str, str]) -> tuple[str, str]:
    """``1. 사회적경제기업 90% · 은평구 38%``: the community's id and what the largest shares of
    its members have in common (its most common kind, district and program, whichever are
    shared by more members, each with the share of all members that have it)."""
    parts: list[tuple[float, int, str, str]] = []
    if profile.top_kinds:
        code, count = profile.top_kinds[0]
        parts.append((count / profile.size, 0, *terms.name("kind", code)))
    if profile.top_districts:
        district, count = profile.top_districts[0]
        parts.append((count / profile.size, 1, district, districts_en.get(district, district)))
    if profile.top_programs:
        program, count = profile.top_programs[0]
        short = program if len(program) <= NAME_PART_LENGTH else program[:NAME_PART_LENGTH] + "…"
        parts.append((count / profile.size, 2, short, short))
    parts.sort(key=lambda part: (-part[0], part[1]))
    chosen = parts[:NAME_PARTS]
    ko = " · ".join(f"{name} {share:.0%}" for share, _, name, _ in chosen)
    en = " · ".join(f"{name} {share:.0%}" for share, _, _, name in chosen)
    return f"{profile.id}. {ko}".strip(), f"{profile.id}. {en}".strip()


def _ties(
    network: nx.Graph, community_of: dict[Hashable, str]
) -> dict[tuple[str, str], tuple[int, float]]:
    """Organisation ties between communities, counted and their strengths summed."""
    count: dict[tuple[str, str], int] = defaultdict(int)
    strength: dict[tuple[str, str], float] = defaultdict(float)
    for a, b, attrs in network.edges(data=True):
        first, second = community_of[a], community_of[b]
        if first == second:
            continue
        pair = (first, second) if first < second else (second, first)
        count[pair] += 1
        strength[pair] += float(attrs.get("strength", 1.0))
    return {pair: (count[pair], round(strength[pair], 6)) for pair in sorted(count)}
