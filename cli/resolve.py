"""``segraph resolve``: which records became one organisation, which stayed apart, and where
merged records disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from segraph._util.text_table import format_table
from segraph.dataset.load import conflict_rows, load_ecosystem, near_miss_rows, resolution_rows

from .options import lenient_option, lenient_requested, table_or_json_option

#: What ``--show`` can list.
SECTIONS = ("merges", "near-misses", "conflicts")


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
    "--show",
    type=click.Choice([*SECTIONS, "all"]),
    default="all",
    show_default=True,
    help="merges: organisations made of several records; near-misses: names that read alike "
    "but were kept apart, and why; conflicts: values merged records disagree on.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="With merges: list every organisation, not only those printed in more than one way.",
)
@lenient_option
def resolve(data: tuple[Path, ...], fmt: str, show: str, show_all: bool) -> None:
    """Report identity resolution: merges, near misses and conflicting values, by dataset.

    Records are one organisation when they share an id or a business registration number, or
    when their names read alike (spacing, (주)/주식회사, (사), 사회적협동조합 before or after the
    name) and nothing contradicts it: two business numbers, legal forms, or areas apart (a name
    alone never merges records of two datasets whose area is unknown). Where merged records
    state different values, the first dataset's (by year, then id) is kept and every value is
    in the graph with its sources.
    """
    eco = load_ecosystem(list(data), lenient=lenient_requested())
    wanted = SECTIONS if show == "all" else (show,)
    found: dict[str, list[dict[str, Any]]] = {
        "merges": resolution_rows(eco, every=show_all) if "merges" in wanted else [],
        "near-misses": near_miss_rows(eco) if "near-misses" in wanted else [],
        "conflicts": conflict_rows(eco) if "conflicts" in wanted else [],
    }
    if fmt == "json":
        click.echo(
            json.dumps(
                {section.replace("-", "_"): found[section] for section in wanted},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    parts = []
    if "merges" in wanted:
        rows = found["merges"]
        parts.append(
            f"{len(eco.resolution.groups)} group(s) of ids merged; "
            f"{sum(1 for r in rows if len(r['printed_forms']) > 1)} organisation(s) "
            "printed in more than one way."
            + _table(
                ["id", "merged ids (why)", "datasets", "printed forms"],
                [
                    [
                        r["id"],
                        ", ".join(f"{i} ({why})" for i, why in r["reasons"].items()),
                        ", ".join(r["datasets"]),
                        " | ".join(r["printed_forms"]),
                    ]
                    for r in rows
                ],
            )
        )
    if "near-misses" in wanted:
        rows = found["near-misses"]
        parts.append(
            f"{len(rows)} near miss(es): names that read alike, kept apart."
            + _table(
                ["first", "second", "datasets", "reason"],
                [
                    [
                        f"{r['first']} ({r['names'][0]})",
                        f"{r['second']} ({r['names'][1]})",
                        " / ".join(", ".join(d) for d in r["datasets"]),
                        r["reason"],
                    ]
                    for r in rows
                ],
            )
        )
    if "conflicts" in wanted:
        rows = found["conflicts"]
        parts.append(
            f"{len(rows)} conflicting value(s): the first is kept; every value is in the graph "
            "with its sources."
            + _table(
                ["record", "field", "values (sources)"],
                [
                    [
                        f"{r['kind']} {r['id']}",
                        r["field"],
                        " | ".join(
                            f"{v['value']} ({', '.join(v['sources'])})" for v in r["values"]
                        ),
                    ]
                    for r in rows
                ],
            )
        )
    click.echo("\n\n".join(parts))


def _table(columns: list[str], rows: list[list[str]]) -> str:
    """The rows as an aligned table below a line break; nothing when there are none."""
    return "\n" + format_table(columns, rows) if rows else ""
