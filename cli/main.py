"""The ``segraph`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from segraph import __version__
from segraph._util.atomic import check_output_path
from segraph._util.text_table import format_table
from segraph.network.writeback import enrich_graph
from segraph.rdf.serialize import FORMATS, serialize_graph, write_graph
from segraph.rdf.shacl import validate_graph
from segraph.rdf.stores import triple_count
from segraph.sparql.stats import graph_stats

from .analytics import metrics, report
from .cq import cq
from .export import export_command
from .failures import reported_failures, write_stdout
from .importing import import_command
from .map import map_command
from .options import graph_options, obtain_graph, obtain_target, target_options
from .push import push
from .query import query
from .resolve import resolve
from .serve import serve
from .synth import synth


class SegraphGroup(click.Group):
    """A click group that reports every failure as one line on stderr, never a traceback.

    Exit codes: 1 bad data, 2 wrong usage, 130 interrupted, 141 output pipe closed, 70 a bug
    (see :mod:`segraph.cli.failures`).
    """

    def invoke(self, ctx: click.Context) -> Any:
        with reported_failures(ctx):
            return super().invoke(ctx)


@click.group(cls=SegraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="segraph")
def main() -> None:
    """segraph: a knowledge graph of the social economy ecosystem.

    With no --data, every command works on the bundled Seoul 2021 dataset (curated from the
    Seoul Social Economy Center's 2021 performance report).
    """


@main.command()
@graph_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="RDF format (default: from the output suffix, else Turtle).",
)
@click.option(
    "--with-metrics",
    is_flag=True,
    help="Also write network measures and communities as triples (see docs/analytics.md).",
)
def build(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    output: Path | None,
    fmt: str | None,
    with_metrics: bool,
) -> None:
    """Build the knowledge graph and write it as RDF."""
    if output is not None:
        check_output_path(output)
    graph = obtain_graph(data, rdf, graph_file, store)
    if with_metrics:
        enrich_graph(graph)
    if output is None:
        write_stdout(serialize_graph(graph, fmt or "ttl"))
        return
    write_graph(graph, output, fmt)
    click.echo(f"wrote {triple_count(graph)} triples to {output}", err=True)


@main.command()
@graph_options
def validate(
    data: tuple[Path, ...], rdf: tuple[Path, ...], graph_file: Path | None, store: str
) -> None:
    """Check the data and validate the graph against the SHACL shapes.

    Exits with 1 when the graph does not conform.
    """
    graph = obtain_graph(data, rdf, graph_file, store)
    report = validate_graph(graph)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@target_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def stats(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    fmt: str,
) -> None:
    """Count what the graph (or the --endpoint server) holds: by class, kind, district, program."""
    counts = graph_stats(obtain_target(data, rdf, graph_file, store, endpoint, timeout))
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{counts['triples']} triples\n")
    for title, key in (
        ("By class", "classes"),
        ("By kind", "kinds"),
        ("By district", "districts"),
        ("By program", "programs"),
    ):
        rows = counts[key]
        click.echo(title)
        if rows:
            headers = list(rows[0])
            click.echo(format_table(headers, [[row[h] for h in headers] for row in rows]))
        click.echo()


main.add_command(resolve)
main.add_command(import_command)
main.add_command(export_command)
main.add_command(query)
main.add_command(cq)
main.add_command(serve)
main.add_command(push)
main.add_command(metrics)
main.add_command(report)
main.add_command(map_command)
main.add_command(synth)
