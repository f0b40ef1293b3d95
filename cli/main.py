"""The ``segraph`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from segraph import __version__
from segraph.enrich import enrich_graph
from segraph.errors import DataError, SegraphError, UsageError
from segraph.export import FORMATS, serialize_graph, write_graph
from segraph.stats import graph_stats
from segraph.store import triple_count
from segraph.table import format_table
from segraph.validate import validate_graph

from .analytics import metrics, report
from .export import export_command
from .importing import import_command
from .options import graph_options, obtain_graph
from .resolve import resolve
from .synth import synth


class SegraphGroup(click.Group):
    """A click group that turns segraph's errors into one-line messages without a traceback.

    Bad data exits with 1, wrong usage with 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as error:
            raise click.ClickException(str(error)) from None
        except UsageError as error:
            raise click.UsageError(str(error), ctx) from None
        except SegraphError as error:
            raise click.ClickException(str(error)) from None


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
    graph = obtain_graph(data, rdf, graph_file, store)
    if with_metrics:
        enrich_graph(graph)
    if output is None:
        sys.stdout.buffer.write(serialize_graph(graph, fmt or "ttl"))
        return
    if output.resolve() in {p.resolve() for p in (*rdf, *((graph_file,) if graph_file else ()))}:
        raise UsageError(f"{output}: refusing to overwrite an input file")
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
@graph_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def stats(
    data: tuple[Path, ...], rdf: tuple[Path, ...], graph_file: Path | None, store: str, fmt: str
) -> None:
    """Count what the graph holds: by class, by kind, by district and by program."""
    counts = graph_stats(obtain_graph(data, rdf, graph_file, store))
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
main.add_command(metrics)
main.add_command(report)
main.add_command(synth)
