"""``segraph export``: the networks for Gephi, Cytoscape, Kumu and spreadsheets; JSON-LD."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib.namespace import RDF

from segraph.errors import UsageError
from segraph.network.writeback import enrich_graph
from segraph.rdf.namespaces import SEG
from segraph.rdf.serialize import serialize_graph, write_graph
from segraph.readwrite.network_files import FOLDER_FORMATS, WRITERS, export_network

from .options import graph_options, layer_option, network_option, obtain_graph, weighting_option

FORMATS = (*WRITERS, "jsonld")

#: Output suffix → the format it implies when --format is not given.
SUFFIX_FORMATS: dict[str, str] = {".graphml": "graphml", ".gexf": "gexf", ".jsonld": "jsonld"}


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
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower()) if output else None
        if fmt is None:
            raise UsageError(f"give --format ({', '.join(FORMATS)})")
    graph = obtain_graph(data, rdf, graph_file, store)
    if fmt == "jsonld":
        if output is None:
            sys.stdout.buffer.write(serialize_graph(graph, "jsonld"))
        else:
            write_graph(graph, output, "jsonld")
            click.echo(f"wrote {len(graph)} triples to {output}", err=True)
        return
    if output is None:
        if fmt in FOLDER_FORMATS:
            raise UsageError(f"--format {fmt} writes two files: give a folder with -o")
        raise UsageError(f"--format {fmt}: give the file to write with -o")
    if with_metrics and (None, RDF.type, SEG.MetricsRun) not in graph:
        enrich_graph(graph)
    exported = export_network(graph, network, layer=layer, weighting=weighting)
    WRITERS[fmt](exported, output)
    click.echo(
        f"wrote {exported.number_of_nodes()} nodes and {exported.number_of_edges()} edges "
        f"to {output}",
        err=True,
    )
