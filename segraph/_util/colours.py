"""The one categorical palette segraph colours groups with (communities, kinds, districts), in
the map and in the files written for Gephi and Kumu."""

from __future__ import annotations

import colorsys

#: Tableau 20: ten strong colours, then their lighter companions. Groups get them in order.
TABLEAU_20: tuple[str, ...] = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
    "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
    "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5",
    "#C49C94", "#F7B6D2", "#C7C7C7", "#DBDB8D", "#9EDAE5",
)  # fmt: skip

#: Turn of the hue wheel between generated colours (the golden angle), so neighbours differ.
_GOLDEN_TURN = 0.381966
_LIGHTNESS = (0.35, 0.5, 0.65)


def _generated(number: int) -> str:
    hue = (number * _GOLDEN_TURN) % 1.0
    red, green, blue = colorsys.hls_to_rgb(hue, _LIGHTNESS[number % len(_LIGHTNESS)], 0.7)
    return f"#{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"


def palette(count: int) -> list[str]:
    """Return ``count`` distinct ``#RRGGBB`` colours: Tableau 20 first, then generated hues.

    Give the largest group the first colour: the first ten are the most distinct.

    Examples
    --------
    >>> palette(2)
    ['#1F77B4', '#FF7F0E']
    >>> len(set(palette(200)))
    200
    """
    colours = list(TABLEAU_20[:count])
    seen = set(colours)
    number = 0
    while len(colours) < count:
        colour = _generated(number)
        number += 1
        if colour not in seen:
            seen.add(colour)
            colours.append(colour)
    return colours


def rgb(colour: str) -> tuple[int, int, int]:
    """Return the red, green and blue of a ``#RRGGBB`` colour.

    Examples
    --------
    >>> rgb("#1F77B4")
    (31, 119, 180)
    """
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
