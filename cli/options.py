"""Options shared by several commands, declared once, and the graph they select."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from segraph._util.atomic import write_text_atomic
from segraph.errors import UsageError
from segraph.network.projection import LAYERS, WEIGHTINGS
from segraph.network.views import NETWORKS
from segraph.rdf.open import open_graph
from segraph.rdf.stores import DEFAULT_STORE, STORES
from segraph.sparql.client import Endpoint
from segraph.sparql.query import QueryTarget

if TYPE_CHECKING:
    from rdflib import Graph

F = Callable[..., Any]


def with_options(command: F, decorators: list[Callable[[F], F]]) -> F:
    """Apply option decorators to ``command`` so that ``--help`` lists them in the given order."""
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


STORE_PATH_KEY = "segraph.store_path"


def _remember_store_path(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    # Kept in the context rather than passed to every command, so commands need no new argument.
    ctx.meta[STORE_PATH_KEY] = value


#: Where ``--lenient`` is kept in the click context (it reaches :func:`obtain_graph` from there,
#: so that commands need no parameter for it).
LENIENT = "segraph.lenient"


def _remember_lenient(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[LENIENT] = value
    return value


#: ``--lenient``, for any command that loads datasets; read it with :func:`lenient_requested`.
lenient_option = click.option(
    "--lenient",
    is_flag=True,
    expose_value=False,
    callback=_remember_lenient,
    help="Load what is valid: skip rows with problems (and the records that then point "
    "at nothing) and list every skipped row on stderr, instead of stopping at the first.",
)


#: ``--format table|json``, for the commands that print a summary.
table_or_json_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def lenient_requested() -> bool:
    """Whether ``--lenient`` was given to the command being run."""
    context = click.get_current_context(silent=True)
    return bool(context and context.meta.get(LENIENT))


def graph_options(command: F) -> F:
    """Add ``--data``, ``--rdf``, ``--graph``, ``--store`` and ``--lenient`` to a command."""
    decorators = [
        click.option(
            "--data",
            "data",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Dataset folder in the segraph CSV format, or the name of a bundled dataset "
            "(seoul-2021); repeatable. Default: the bundled Seoul 2021 dataset.",
        ),
        click.option(
            "--rdf",
            "rdf",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Extra RDF file merged into the graph (repeatable).",
        ),
        click.option(
            "--graph",
            "graph_file",
            type=click.Path(path_type=Path),
            help="Read an already exported RDF file instead of building from --data.",
        ),
        click.option(
            "--store",
            type=click.Choice(STORES),
            default=DEFAULT_STORE,
            show_default=True,
            help="Triple store: Oxigraph (fast, the default) or rdflib's pure-Python memory store.",
        ),
        click.option(
            "--store-path",
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_remember_store_path,
            help="Keep the graph in an on-disk Oxigraph store in this folder, refilled only when "
            "the inputs or options change.",
        ),
        lenient_option,
    ]
    return with_options(command, decorators)


def obtain_graph(
    data: tuple[Path, ...], rdf: tuple[Path, ...], graph_file: Path | None, store: str
) -> Graph:
    """Return the graph the shared options select (:func:`segraph.rdf.open.open_graph`), with
    ``--store-path`` and ``--lenient`` read from the current click context."""
    ctx = click.get_current_context(silent=True)
    store_path = ctx.meta.get(STORE_PATH_KEY) if ctx is not None else None
    graph = open_graph(data, rdf, graph_file, store, store_path, lenient_requested())
    if store_path is not None and ctx is not None:
        ctx.call_on_close(graph.close)  # release the on-disk store's lock when the command ends
    return graph


def target_options(command: F) -> F:
    """Add the graph options plus ``--endpoint URL`` and ``--timeout`` to a command.

    Use it with :func:`obtain_target` in commands that only read the graph with SPARQL (through
    :func:`segraph.sparql.query.select` and friends), so they work unchanged on a SPARQL server.
    """
    decorators = [
        graph_options,
        click.option(
            "--endpoint",
            metavar="URL",
            help="Read from this SPARQL 1.1 query endpoint instead of building the graph "
            "(e.g. http://localhost:7878/query).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=60.0,
            show_default=True,
            help="Seconds to wait for each answer of --endpoint.",
        ),
    ]
    return with_options(command, decorators)


def obtain_target(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float = 60.0,
) -> QueryTarget:
    """Return what the target options select: an :class:`Endpoint` for ``--endpoint``, else the
    graph of :func:`obtain_graph`."""
    if endpoint is None:
        return obtain_graph(data, rdf, graph_file, store)
    if data or rdf or graph_file is not None:
        raise UsageError(
            "--endpoint reads from a server: do not combine it with --data/--rdf/--graph"
        )
    return Endpoint(endpoint, timeout)


def network_option(name: str = "network") -> Callable[[F], F]:
    """``--network collaboration|two-mode``, passed to the command as ``name``."""
    return click.option(
        "--network",
        name,
        type=click.Choice(NETWORKS),
        default="collaboration",
        show_default=True,
        help="collaboration: organisations tied by shared programs and direct ties; "
        "two-mode: organisations and the programs they take part in.",
    )


#: ``--layer``: which ties make the collaboration network.
layer_option = click.option(
    "--layer",
    type=click.Choice(LAYERS),
    default="both",
    show_default=True,
    help="Collaboration ties: shared programs (coparticipation), direct formal ties, or both.",
)

#: ``--weighting``: how a shared-program tie is weighted.
weighting_option = click.option(
    "--weighting",
    type=click.Choice(WEIGHTINGS),
    default="count",
    show_default=True,
    help="Strength of a shared-program tie: number of programs, or Newman's 1/(n-1).",
)


def write_output(output: Path | None, text: str, written: str) -> None:
    """Print ``text``, or write it atomically to ``output`` and say ``wrote <written> to …``."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text)
        click.echo(f"wrote {written} to {output}", err=True)
