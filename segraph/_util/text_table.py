"""Plain-text tables that line up Korean (double-width) and Latin text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from segraph.errors import one_line


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_text(value: Any) -> str:
    """Render a value for a table cell (None as empty; decimals without exponent or ``.0``).

    Line breaks and other control characters (a terminal escape sequence in a name from someone
    else's RDF) are shown escaped, so that a cell stays on its line and cannot drive the terminal.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, Decimal):
        return format(
            value.to_integral_value() if value == value.to_integral_value() else value, "f"
        )
    return one_line(str(value))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Return an aligned text table with a header rule; numbers are right-aligned."""
    texts = [[cell_text(v) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in texts:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], display_width(text))
    numeric = [
        all(isinstance(row[i], int | float | Decimal) for row in rows if row[i] is not None)
        and any(row[i] is not None for row in rows)
        for i in range(len(headers))
    ]

    def line(cells: Sequence[str], align_numbers: bool) -> str:
        parts = []
        for i, text in enumerate(cells):
            pad = " " * (widths[i] - display_width(text))
            parts.append(pad + text if align_numbers and numeric[i] else text + pad)
        return "  ".join(parts).rstrip()

    out = [line(list(headers), False), "  ".join("-" * w for w in widths)]
    out.extend(line(row, True) for row in texts)
    return "\n".join(out)
