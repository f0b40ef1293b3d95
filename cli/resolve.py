"""``segraph resolve``: show which printed names became one organisation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from segraph._util.text_table import format_table
from segraph.dataset.load import load_ecosystem, resolution_rows

from .options import lenient_option, lenient_requested, table_or_json_option


@click.command()
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Dataset folder or bundled dataset name (repeatable). Default: the bundled dataset.",
)
@table_or_json_option
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every organisation, not only those printed in more than one way.",
)
@lenient_option
def resolve(data: tuple[Path, ...], fmt: str, show_all: bool) -> None:
    """Report name resolution: merged ids and every printed form of each organisation.

    Organisations printed differently (spacing, (주)/주식회사, (사), 사회적협동조합 before or after
    the name) are one node; this lists what was merged and the spellings kept as skos:altLabel.
    """
    eco = load_ecosystem(list(data), lenient=lenient_requested())
    rows = resolution_rows(eco, every=show_all)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{len(eco.resolution.groups)} group(s) of ids merged; "
        f"{sum(1 for r in rows if len(r['printed_forms']) > 1)} organisation(s) "
        "printed in more than one way.\n"
    )
    click.echo(
        format_table(
            ["id", "merged ids", "printed forms"],
            [[r["id"], ", ".join(r["merged_ids"]), " | ".join(r["printed_forms"])] for r in rows],
        )
    )
