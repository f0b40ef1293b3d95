"""``segraph build``, ``validate`` and ``stats``: the graph as a whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from segraph._util.atomic import check_output_path
from segraph.network.writeback import enrich_graph
from segraph.rdf.build import build_ntriples
from segraph.rdf.serialize import FORMATS, serialize_graph, serializer_for, write_graph
from segraph.rdf.shacl import validate_graph
from segraph.rdf.stores import triple_count
from segraph.sparql.stats import graph_stats, stats_text

from .failures import write_stdout
from .options import (
    STORE_PATH_KEY,
    graph_options,
    lenient_requested,
    obtain_graph,
    obtain_target,
    table_or_json_option,
    target_options,
)


@click.command()
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
        if _straight_to_ntriples(rdf, graph_file, fmt, output, with_metrics):
            count = build_ntriples(output, list(data), lenient=lenient_requested())
            click.echo(f"wrote {count} triples to {output}", err=True)
            return
    graph = obtain_graph(data, rdf, graph_file, store)
    if with_metrics:
        enrich_graph(graph)
    if output is None:
        write_stdout(serialize_graph(graph, fmt or "ttl"))
        return
    write_graph(graph, output, fmt)
    click.echo(f"wrote {triple_count(graph)} triples to {output}", err=True)


def _straight_to_ntriples(
    rdf: tuple[Path, ...], graph_file: Path | None, fmt: str | None, output: Path, metrics: bool
) -> bool:
    """Whether the build can be written to ``output`` as N-Triples without filling a store: a
    build of datasets only, with no measures to compute and no ``--store-path`` to fill."""
    ctx = click.get_current_context()
    plain = not rdf and graph_file is None and not metrics and ctx.meta.get(STORE_PATH_KEY) is None
    return plain and serializer_for(fmt, output) == "nt"


@click.command()
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


@click.command()
@target_options
@table_or_json_option
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
    else:
        click.echo(stats_text(counts), nl=False)
