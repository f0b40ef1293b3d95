"""``segraph query``: run SPARQL on the built graph, an RDF file or a SPARQL endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from segraph._util.atomic import write_bytes_atomic
from segraph._util.text_table import format_table
from segraph.errors import DataError, UsageError
from segraph.rdf.namespaces import PREFIXES
from segraph.sparql.formats import GRAPH_FORMATS, ROW_FORMATS, format_result
from segraph.sparql.query import parse_query, run_query

from .options import obtain_target, target_options


def read_query(query: str) -> tuple[str, str]:
    """Return ``(text, source name)`` of QUERY: the content of a ``.rq`` file, or QUERY itself."""
    path = Path(query)
    looks_like_file = "\n" not in query and len(query) < 4096
    if looks_like_file and path.is_file():
        try:
            return path.read_text(encoding="utf-8-sig"), str(path)
        except UnicodeDecodeError as error:
            raise DataError(path, f"not UTF-8 text (byte {error.start})") from None
    if looks_like_file and path.suffix.lower() in (".rq", ".sparql"):
        raise UsageError(f"{path}: no such query file")
    return query, "query"


def prefix_table() -> str:
    """The predeclared prefixes as a text table."""
    return format_table(["prefix", "namespace"], [[p, str(ns)] for p, ns in PREFIXES.items()])


@click.command()
@click.argument("query", required=False)
@target_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*ROW_FORMATS, *(f for f in GRAPH_FORMATS if f not in ROW_FORMATS)]),
    default=None,
    help="Rows (SELECT, ASK): table (default), csv, tsv, json (SPARQL 1.1 results JSON), xml. "
    "Graphs (CONSTRUCT, DESCRIBE): ttl (default), nt, jsonld, xml.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)
@click.option("--prefixes", is_flag=True, help="List the predeclared prefixes and exit.")
def query(
    query: str | None,
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    fmt: str | None,
    output: Path | None,
    prefixes: bool,
) -> None:
    """Run a SPARQL query: QUERY is a .rq file or the query itself.

    The query runs on the bundled graph (or --data, --graph), or on a SPARQL server with
    --endpoint. The prefixes of `segraph query --prefixes` are predeclared.

    \b
    Examples:
      segraph query 'SELECT ?p ?name WHERE { ?p a seg:Program ; rdfs:label ?name } ORDER BY ?p'
      segraph query ontology/competency/01-organisations-in-several-programs.rq --format csv
      segraph query my.rq --endpoint http://localhost:7878/query --format json
    """
    if prefixes:
        click.echo(prefix_table())
        return
    if query is None:
        raise UsageError("give a query (a .rq file or the query text), or --prefixes")
    text, source = read_query(query)
    parsed = parse_query(text, source)
    target = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    answer = format_result(run_query(target, parsed), fmt)
    if output is None:
        sys.stdout.buffer.write(answer)
        sys.stdout.buffer.flush()
        return
    inputs = [Path(source), *rdf, *((graph_file,) if graph_file else ())]
    if any(output.resolve() == path.resolve() for path in inputs if path.exists()):
        raise UsageError(f"{output}: refusing to overwrite an input file")
    write_bytes_atomic(output, answer)
