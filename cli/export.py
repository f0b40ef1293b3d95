"""``segraph export``: the networks for Gephi, Cytoscape, Kumu and spreadsheets; JSON-LD."""

from __future__ import annotations

from pathlib import Path

import click

from segraph.errors import ArgumentError
from segraph.rdf.serialize import serialize_graph
from segraph.readwrite.export import FOLDER_FORMATS, FORMATS, export, export_format

from .failures import write_stdout
from .options import graph_options, layer_option, network_option, obtain_graph, weighting_option


@click.command("export")
@graph_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="graphml, gexf (Gephi, Cytoscape), kumu-json, kumu-csv (Kumu), csv (node and edge "
    "lists), jsonld (the RDF graph as JSON-LD with segraph's published context). "
    "Default: from the suffix of -o (.graphml, .gexf, .jsonld).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write; a folder for kumu-csv and csv. Default: standard output "
    "(single-file formats only).",
)
@network_option()
@layer_option
@weighting_option
@click.option(
    "--metrics/--no-metrics",
    "with_metrics",
    default=True,
    show_default=True,
    help="Network formats: compute the measures and communities first (as build "
    "--with-metrics) when the graph does not hold them already.",
)
def export_command(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    fmt: str | None,
    output: Path | None,
    network: str,
    layer: str,
    weighting: str,
    with_metrics: bool,
) -> None:
    """Export the collaboration network (or the RDF graph) for other tools.

    Node attributes: labels, kind, legal form, district, designations, the measures and the
    community (computed unless the graph holds them or --no-metrics is given); Gephi colour,
    size and position are added for graphml and gexf.
    """
    fmt = export_format(fmt, output)
    graph = obtain_graph(data, rdf, graph_file, store)
    if output is not None:
        click.echo(export(graph, output, fmt, network, layer, weighting, with_metrics), err=True)
    elif fmt == "jsonld":
        write_stdout(serialize_graph(graph, "jsonld"))
    elif fmt in FOLDER_FORMATS:
        raise ArgumentError("output", f"missing: {{fmt}} {fmt} writes two files; give a folder")
    else:
        raise ArgumentError("output", f"missing: give the file {{fmt}} {fmt} writes")
