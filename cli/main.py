"""The ``segraph`` command: a thin layer over the Python API.

Subcommands are imported only when run (or asked for ``--help``), so that ``segraph --help``
starts without loading rdflib, networkx, scipy or pyshacl.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from segraph import __version__

from .failures import reported_failures

#: Subcommand → (module of segraph.cli, function, the one-line help ``segraph --help`` shows).
#: A test checks that each summary is the command's own short help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": (
        "graph",
        "build",
        "Build the knowledge graph and write it as RDF.",
    ),
    "validate": (
        "graph",
        "validate",
        "Check the data and validate the graph against the SHACL shapes.",
    ),
    "stats": (
        "graph",
        "stats",
        "Count what the graph (or the --endpoint server) holds: by class, kind, district, program.",
    ),
    "compare": (
        "change",
        "compare",
        "Compare two years: who entered and left, ties formed, kept and dissolved, positions.",
    ),
    "resolve": (
        "resolve",
        "resolve",
        "Report identity resolution: merges, near misses and conflicting values, by dataset.",
    ),
    "import": (
        "importing",
        "import_command",
        "Import a published list of organisations as a segraph dataset folder.",
    ),
    "export": (
        "export",
        "export_command",
        "Export the collaboration network (or the RDF graph) for other tools.",
    ),
    "query": (
        "query",
        "query",
        "Run a SPARQL query: QUERY is a .rq file or the query itself.",
    ),
    "cq": (
        "cq",
        "cq",
        "The competency questions: what a researcher asks of the graph, with recorded answers.",
    ),
    "serve": (
        "serve",
        "serve",
        "Serve the graph as a read-only SPARQL 1.1 endpoint (and a query editor) until Ctrl-C.",
    ),
    "push": (
        "push",
        "push",
        "Upload the graph to a SPARQL 1.1 Graph Store Protocol server (progress on stderr).",
    ),
    "metrics": (
        "analytics",
        "metrics",
        "One row per organisation: centralities, brokerage, core number and community.",
    ),
    "report": (
        "analytics",
        "report",
        "Write a Markdown summary of the collaboration network for a researcher.",
    ),
    "nulls": (
        "analytics",
        "nulls",
        "Compare homophily, brokerage, clustering and modularity with a degree-preserving null.",
    ),
    "stability": (
        "analytics",
        "stability",
        "How stable the communities are across seeds and resolutions (NMI, ARI, per organisation).",
    ),
    "programs": (
        "analytics",
        "programs",
        "Programs tied by the organisations they share, at a level of the hierarchy.",
    ),
    "core": (
        "analytics",
        "core",
        "Core and periphery (Borgatti–Everett): coreness, the discrete core and its fit.",
    ),
    "map": (
        "map",
        "map_command",
        "Draw the ecosystem as an interactive HTML map that works offline.",
    ),
    "synth": (
        "synth",
        "synth",
        "Write a synthetic ecosystem of ORGS organisations (NOT real data) for tests and "
        "benchmarks.",
    ),
}


def load_command(name: str) -> click.Command:
    """Import and return the click command of the subcommand ``name``."""
    module, function, _ = COMMANDS[name]
    return getattr(importlib.import_module(f"segraph.cli.{module}"), function)


class SegraphGroup(click.Group):
    """A click group whose subcommands load on first use and that reports every failure as one
    line on stderr, never a traceback.

    Exit codes: 1 bad data, 2 wrong usage, 130 interrupted, 141 output pipe closed, 70 a bug
    (see :mod:`segraph.cli.failures`).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
