"""``segraph push``: upload the built graph to a SPARQL server."""

from __future__ import annotations

import time
from pathlib import Path

import click

from segraph.sparql.graph_store import push_graph

from .options import graph_options, obtain_graph


@click.command()
@graph_options
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="The server's Graph Store Protocol URL "
    "(Oxigraph: http://localhost:7878/store; Fuseki: http://localhost:3030/DATASET/data).",
)
@click.option(
    "--update-endpoint",
    "update_endpoint",
    metavar="URL",
    help="The server's SPARQL Update URL (Oxigraph: http://localhost:7878/update). With it, a "
    "replacement that takes several requests is uploaded to a staging graph and moved over the "
    "target once complete, so the target never holds a partial copy.",
)
@click.option(
    "--graph-iri",
    "graph_iri",
    metavar="IRI",
    help="Named graph to write (default: the server's default graph).",
)
@click.option(
    "--replace/--add",
    default=True,
    show_default=True,
    help="Replace what the target graph holds, or add to it.",
)
@click.option(
    "--chunk-triples",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Most triples sent in one request.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=300.0,
    show_default=True,
    help="Seconds to wait for each request.",
)
def push(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str,
    update_endpoint: str | None,
    graph_iri: str | None,
    replace: bool,
    chunk_triples: int,
    timeout: float,
) -> None:
    """Upload the graph to a SPARQL 1.1 Graph Store Protocol server (progress on stderr).

    Blank nodes travel as skolem IRIs (…/.well-known/genid/…), the same for the same graph, so
    that adding a graph twice adds nothing the second time.

    \b
    Example (Oxigraph: pip install oxigraph; oxigraph serve --location db):
      segraph push --endpoint http://localhost:7878/store \\
                   --update-endpoint http://localhost:7878/update
      segraph query --endpoint http://localhost:7878/query 'SELECT ...'
    """
    graph = obtain_graph(data, rdf, graph_file, store)
    started = time.perf_counter()

    def progress(sent: int, total: int) -> None:
        click.echo(f"pushed {sent}/{total} triples ({sent * 100 // max(total, 1)}%)", err=True)

    sent = push_graph(
        graph, endpoint, graph_iri, replace, chunk_triples, timeout, progress, update_endpoint
    )
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    action = "replaced" if replace else "added to"
    elapsed = time.perf_counter() - started
    click.echo(f"{action} {where} at {endpoint}: {sent} triples in {elapsed:.2f} s", err=True)
