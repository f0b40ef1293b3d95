"""How nodes and edges look: colour palettes, node sizes, shapes and the styles of typed ties."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

#: Colours of the organisation kinds (Okabe-Ito based, readable by most colour-blind readers).
KIND_COLOURS: dict[str, str] = {
    "enterprise": "#0072B2",
    "consortium": "#E69F00",
    "network": "#009E73",
    "support-institution": "#D55E00",
    "public-agency": "#CC79A7",
    "private-company": "#56B4E9",
    "media": "#B8A200",
    "civil-society": "#8C564B",
    "team": "#7F7F7F",
}
#: Colour of program nodes (two-mode view) when they are not coloured by area, and of nodes
#: whose group is unknown.
PROGRAM_COLOUR = "#34495E"
UNKNOWN_COLOUR = "#BDBDBD"

ORGANISATION_SHAPE = "dot"
PROGRAM_SHAPE = "diamond"

#: Edge colours: co-participation (shared programs) and each type of direct tie, with a dash
#: pattern so that ties stay distinguishable in print and for colour-blind readers.
COPARTICIPATION_COLOUR = "rgba(130, 145, 160, 0.4)"
TIE_STYLES: dict[str, tuple[str, list[int] | bool]] = {
    "member": ("#6A3D9A", [10, 4]),
    "partner": ("#1F78B4", [3, 4]),
    "supports": ("#33A02C", [12, 4, 3, 4]),
    "operates": ("#E31A1C", [6, 6]),
    "funds": ("#FF7F00", [2, 3]),
    "agreement": ("#B15928", [16, 5]),
}
PARTICIPATION_COLOUR = "#9AA5B1"

MIN_NODE_SIZE = 8.0
MAX_NODE_SIZE = 30.0
#: Largest node in the district layout, where nodes sit on a fixed grid around their district.
DISTRICT_MAX_NODE_SIZE = 18.0
MIN_EDGE_WIDTH = 1.0
MAX_EDGE_WIDTH = 8.0
#: Widest edge in the district layout, where edges run across the whole map.
DISTRICT_MAX_EDGE_WIDTH = 3.0


def node_sizes(
    values: Mapping[Hashable, float], largest: float = MAX_NODE_SIZE
) -> dict[Hashable, float]:
    """Map measure values to node sizes so that a node's area grows with its value.

    The largest value gets ``largest``, zero gets :data:`MIN_NODE_SIZE`.
    """
    top = max((v for v in values.values() if v > 0), default=0.0)
    span = largest - MIN_NODE_SIZE
    return {
        node: round(MIN_NODE_SIZE + span * math.sqrt(max(v, 0.0) / top), 2)
        if top
        else MIN_NODE_SIZE
        for node, v in values.items()
    }


def edge_width(weight: float, max_weight: float, widest: float = MAX_EDGE_WIDTH) -> float:
    """Return the drawn width of an edge of ``weight`` when the heaviest edge weighs
    ``max_weight`` and is drawn ``widest``."""
    if max_weight <= 0:
        return MIN_EDGE_WIDTH
    share = max(weight, 0.0) / max_weight
    return round(MIN_EDGE_WIDTH + (widest - MIN_EDGE_WIDTH) * share, 2)


def tie_style(ties: list[str]) -> tuple[str, list[int] | bool]:
    """Return the colour and dash pattern of an edge carrying the given direct ties.

    An edge with no direct tie (co-participation only) is solid grey; with several types, the
    first in :data:`TIE_STYLES` order decides.
    """
    for tie in TIE_STYLES:
        if tie in ties:
            return TIE_STYLES[tie]
    if ties:  # a tie type this map has no style for
        return UNKNOWN_COLOUR, [4, 4]
    return COPARTICIPATION_COLOUR, False
