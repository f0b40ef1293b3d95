"""``segraph serve``: a read-only SPARQL endpoint over the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from segraph.rdf.stores import triple_count
from segraph.sparql.server.cors import cors_policy
from segraph.sparql.server.http import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    ServerLimits,
    is_loopback,
    make_server,
)

from .options import graph_options, obtain_graph


@click.command()
@graph_options
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the graph to the network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=ServerLimits.query_seconds,
    show_default=True,
    help="Time limit of one query, in seconds (503 beyond it).",
)
@click.option(
    "--max-answer-mb",
    type=click.IntRange(min=1),
    default=ServerLimits.max_answer_bytes // 1_000_000,
    show_default=True,
    help="Largest answer, in MB, in whatever format it is written (400 beyond it).",
)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1024),
    default=ServerLimits.max_request_bytes,
    show_default=True,
    help="Largest request body or query (413 beyond it).",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(min=10),
    default=ServerLimits.max_memory_bytes // 1_000_000,
    show_default=True,
    help="Memory one query may take beyond the server's own, in MB (503 beyond it; Linux).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=ServerLimits.concurrent_queries,
    show_default=True,
    help="Queries answered at once, each in its own worker process.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from ORIGIN (e.g. https://yasgui.org, http://localhost:8888, or *) "
    "query from a browser (repeatable). Default: none.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request on standard error.")
def serve(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    host: str,
    port: int,
    timeout: float,
    max_answer_mb: int,
    max_request_bytes: int,
    max_memory_mb: int,
    workers: int,
    cors: tuple[str, ...],
    quiet: bool,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (and a query editor) until Ctrl-C.

    Queries go to /sparql by GET or POST (application/sparql-query or a form); answers come in
    the format the Accept header asks for (SPARQL results JSON, XML, CSV, TSV; Turtle,
    N-Triples, JSON-LD, RDF/XML). Updates and SERVICE are refused. The page at / is a query
    editor (YASGUI, served by segraph itself: it works offline).
    """
    policy = cors_policy(cors)
    graph = obtain_graph(data, rdf, graph_file, store)
    limits = ServerLimits(
        query_seconds=timeout,
        max_answer_bytes=max_answer_mb * 1_000_000,
        max_request_bytes=max_request_bytes,
        max_memory_bytes=max_memory_mb * 1_000_000,
        concurrent_queries=workers,
    )
    server = make_server(graph, host, port, limits, policy)
    server.quiet = quiet
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach it can query", err=True)
    click.echo(
        f"serving {triple_count(graph)} triples at {server.url}sparql "
        f"(query editor: {server.url}); Ctrl-C stops",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
