"""``segraph compare``: how collaboration changed from one year to another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from segraph._util.text_table import format_table
from segraph.network.change import COMPARED_MEASURES, compare_years

from .analytics import filter_options, render_rows
from .options import obtain_target, target_options, write_output


@click.command()
@click.argument("first", type=int)
@click.argument("second", type=int)
@target_options
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: the counts, who entered and left, the largest moves; json: everything; csv: "
    "one row per organisation in both years.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Organisations shown in the table of moves.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
def compare(
    first: int,
    second: int,
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    districts: tuple[str, ...],
    kinds: tuple[str, ...],
    programs: tuple[str, ...],
    fmt: str,
    top: int,
    output: Path | None,
) -> None:
    """Compare two years: who entered and left, ties formed, kept and dissolved, positions.

    FIRST and SECOND are years of participation. A year's network ties the organisations that
    take part in one program that year (direct ties carry no year, so they are left out); an
    organisation is in a year when it takes part in a program then. Load the years' datasets
    together: segraph compare 2021 2022 --data seoul-2021 --data my-2022/.
    """
    target = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    change = compare_years(
        target, first, second, districts=districts, kinds=kinds, programs=programs
    )
    positions = change.position_rows()
    if fmt == "csv":
        columns = list(positions[0]) if positions else ["id"]
        write_output(output, render_rows(positions, columns, "csv"), f"{len(positions)} rows")
        return
    if fmt == "json":
        everything: dict[str, Any] = {
            "summary": change.summary(),
            "entered": [_short(o) for o in change.entered],
            "left": [_short(o) for o in change.left],
            "formed": [[_short(a), _short(b)] for a, b in change.formed],
            "kept": [[_short(a), _short(b)] for a, b in change.kept],
            "dissolved": [[_short(a), _short(b)] for a, b in change.dissolved],
            "positions": positions,
        }
        text = json.dumps(everything, ensure_ascii=False, indent=2) + "\n"
        write_output(output, text, "the comparison")
        return
    write_output(output, _table(change.summary(), change, positions[:top]), "the comparison")


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _table(summary: dict[str, Any], change: Any, positions: list[dict[str, Any]]) -> str:
    a, b = summary["first_year"], summary["second_year"]
    share = summary["kept_share"]
    lines = [
        f"{a} -> {b}: organisations {summary['organisations_first']} -> "
        f"{summary['organisations_second']} (entered {summary['entered']}, left "
        f"{summary['left']}, stayed {summary['stayed']}); co-participation ties "
        f"{summary['ties_first']} -> {summary['ties_second']} (formed {summary['formed']}, kept "
        f"{summary['kept']}, dissolved {summary['dissolved']}"
        + (f"; {share:.1%} of {a}'s ties kept)" if share is not None else ")"),
        f"entered: {', '.join(_short(o) for o in change.entered) or '-'}",
        f"left: {', '.join(_short(o) for o in change.left) or '-'}",
    ]
    if positions:
        columns = ["id", "label_ko"] + [
            f"{name}_{suffix}" for name in COMPARED_MEASURES for suffix in (a, b, "change")
        ]
        lines += ["", f"largest moves (betweenness), top {len(positions)}:"]
        lines.append(format_table(columns, [[row[c] for c in columns] for row in positions]))
    return "\n".join(lines) + "\n"
