"""``segraph metrics`` and ``segraph report``: collaboration analytics from the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from segraph import __version__
from segraph._util.seed import SEED
from segraph._util.text_table import format_table
from segraph.errors import UsageError
from segraph.network.analysis import (
    COLLABORATION_COLUMNS,
    PROVENANCE_COLUMNS,
    TWO_MODE_COLUMNS,
    AnalysisSettings,
    analyse,
    organisation_rows,
)
from segraph.network.communities import METHODS
from segraph.network.core_periphery import CORE_COLUMNS, core_periphery, core_rows
from segraph.network.filters import network_filter
from segraph.network.nulls import MODELS, SWAPS_PER_EDGE, NullSettings, compare_with_null
from segraph.network.programs import (
    LEVELS,
    PROGRAM_COLUMNS,
    area_mixing,
    program_network,
    program_rows,
)
from segraph.network.read import dataset_iris, program_attributes
from segraph.network.stability import community_stability
from segraph.network.views import collaboration_network, read_networks, two_mode_network
from segraph.readwrite.report import (
    NULL_AUTO_LIMIT,
    NULL_SAMPLES,
    charts_available,
    write_report,
)
from segraph.readwrite.report_text import LANGUAGES

from .options import (
    layer_option,
    network_option,
    obtain_target,
    target_options,
    weighting_option,
    with_options,
    write_output,
)

F = Callable[..., Any]

#: The columns ``--format table`` shows (csv and json have every column).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "collaboration": (
        "id",
        "label_ko",
        "kind",
        "district_ko",
        "community",
        "degree",
        "weighted_degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "constraint",
        "core_number",
        "brokerage",
        "liaison_district",
        "liaison_kind",
    ),
    "two-mode": (
        "id",
        "label_ko",
        "kind",
        "district_ko",
        "community",
        "programs",
        "bipartite_degree",
        "bipartite_betweenness",
        "bipartite_closeness",
    ),
}


#: The options that keep some organisations and participations (districts, kinds, programs).
FILTER_OPTIONS = [
    click.option(
        "--district",
        "districts",
        multiple=True,
        help="Keep organisations of this district: code, Korean or English name (repeatable).",
    ),
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        help="Keep organisations of this kind, e.g. enterprise (repeatable).",
    ),
    click.option(
        "--program",
        "programs",
        multiple=True,
        help="Keep participations in this program and its sub-programs: id or name (repeatable).",
    ),
]


YEAR_OPTION = click.option(
    "--year",
    "years",
    multiple=True,
    type=int,
    help="Keep participations of this year (repeatable).",
)


#: The output options of the commands that print rows.
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table for reading (the main columns); csv and json have every column, the settings "
    "and what produced them.",
)
TOP_OPTION = click.option("--top", type=click.IntRange(min=1), help="Only the first N rows.")
OUTPUT_OPTION = click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)


def selection_options(command: F) -> F:
    """Add the district, kind, program and year filters to a command."""
    return with_options(command, [*FILTER_OPTIONS, YEAR_OPTION])


def filter_options(command: F) -> F:
    """Add the district, kind and program filters of ``segraph metrics`` to a command."""
    return with_options(command, FILTER_OPTIONS)


def analysis_options(command: F) -> F:
    """Add the options that choose and filter the analysed network."""
    decorators = [
        layer_option,
        weighting_option,
        click.option(
            "--communities",
            "method",
            type=click.Choice(METHODS),
            default="louvain",
            show_default=True,
            help="Community detection method (leiden needs leidenalg or a networkx backend).",
        ),
        click.option(
            "--resolution",
            type=click.FloatRange(min=0.0, min_open=True),
            default=1.0,
            show_default=True,
            help="Resolution of community detection: above 1 gives smaller communities "
            "(louvain, greedy-modularity, multilevel, leiden).",
        ),
        click.option(
            "--unweighted",
            is_flag=True,
            help="Centralities count every tie as 1 (default: weighted by tie strength).",
        ),
        click.option(
            "--seed",
            type=int,
            default=SEED,
            show_default=True,
            help="Seed of community detection and of sampled measures (the same seed gives "
            "the same output).",
        ),
        *FILTER_OPTIONS,
        YEAR_OPTION,
    ]
    return with_options(command, decorators)


def _settings(graph: Any, options: dict[str, Any]) -> AnalysisSettings:
    return AnalysisSettings(
        layer=options["layer"],
        weighting=options["weighting"],
        method=options["method"],
        seed=options["seed"],
        resolution=options["resolution"],
        weighted=not options["unweighted"],
        filter=network_filter(
            graph,
            districts=options["districts"],
            kinds=options["kinds"],
            programs=options["programs"],
            years=options["years"],
        ),
    )


#: The columns every CSV and JSON row of ``nulls``, ``stability``, ``programs`` and ``core``
#: ends with (their settings are columns of their own or fixed).
SOURCE_COLUMNS: tuple[str, ...] = ("segraph_version", "datasets")


def render_sourced(
    graph: Any, rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str
) -> str:
    """:func:`render_rows`, with the segraph version and the graph's datasets at the end of
    every CSV and JSON row (a table has them in no column)."""
    if fmt == "table":
        return render_rows(rows, columns, fmt)
    source = {"segraph_version": __version__, "datasets": ";".join(dataset_iris(graph))}
    return render_rows([{**row, **source} for row in rows], (*columns, *SOURCE_COLUMNS), fmt)


def render_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Render rows as csv (every column), json (a list of objects) or an aligned table."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    return format_table(columns, [[row[c] for c in columns] for row in rows]) + "\n"


@click.command()
@target_options
@analysis_options
@network_option("network_kind")
@FORMAT_OPTION
@TOP_OPTION
@click.option(
    "--sort",
    "sort_by",
    default=None,
    help="Column to sort by, largest first (default: betweenness, or bipartite_betweenness).",
)
@OUTPUT_OPTION
def metrics(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    network_kind: str,
    fmt: str,
    top: int | None,
    sort_by: str | None,
    output: Path | None,
    **options: Any,
) -> None:
    """One row per organisation: centralities, brokerage, core number and community.

    Columns are explained in docs/analytics.md. Example:

        segraph metrics --district 마포구 --format csv -o mapo.csv
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    columns = COLLABORATION_COLUMNS if network_kind == "collaboration" else TWO_MODE_COLUMNS
    sort_by = sort_by or (
        "betweenness" if network_kind == "collaboration" else "bipartite_betweenness"
    )
    if sort_by not in columns:
        raise UsageError(f"cannot sort by '{sort_by}' (columns: {', '.join(columns)})")
    analysis = analyse(graph, _settings(graph, options))
    rows = organisation_rows(analysis, network_kind)
    numeric = all(isinstance(row[sort_by], int | float) for row in rows)
    rows.sort(key=lambda row: row["iri"])
    rows.sort(key=lambda row: row[sort_by], reverse=numeric)
    rows = rows[:top] if top else rows
    if fmt == "table":
        text = render_rows(rows, TABLE_COLUMNS[network_kind], fmt)
    else:  # every row says what produced it
        provenance = analysis.provenance()
        rows = [{**row, **provenance} for row in rows]
        text = render_rows(rows, (*columns, *PROVENANCE_COLUMNS), fmt)
    write_output(output, text, f"{len(rows)} organisations")


@click.command()
@target_options
@analysis_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("report.md"),
    show_default=True,
    help="Markdown file; charts are written beside it as <name>-degree.png and "
    "<name>-communities.png.",
)
@click.option("--no-charts", is_flag=True, help="Do not draw charts.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the report (ko: Korean, en: English).",
)
@click.option(
    "--null-samples",
    type=click.IntRange(min=0),
    default=None,
    help=f"Samples of the affiliation null the measures are compared with (0: none). "
    f"Default: {NULL_SAMPLES} up to {NULL_AUTO_LIMIT:,} organisations, else none.",
)
def report(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    output: Path,
    no_charts: bool,
    null_samples: int | None,
    lang: str,
    **options: Any,
) -> None:
    """Write a Markdown summary of the collaboration network for a researcher.

    Size, density, components, the bridging and central organisations with their programs,
    brokers between districts, each community described, ties across districts; PNG charts of
    the degree distribution and community sizes when matplotlib is installed
    (pip install 'segraph[report]').
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    analysis = analyse(graph, _settings(graph, options))
    written = write_report(analysis, output, not no_charts, null_samples, lang)
    if not no_charts and not charts_available():
        click.echo("matplotlib is not installed: the report has no charts", err=True)
    click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)


#: The columns of ``segraph nulls`` (csv and json add the settings of each row).
NULL_COLUMNS: tuple[str, ...] = (
    "statistic",
    "observed",
    "mean",
    "sd",
    "z",
    "p",
    "samples",
    "coverage",
)
NULL_SETTING_COLUMNS: tuple[str, ...] = (
    "model",
    "seed",
    "swaps_per_edge",
    "layer",
    "weighting",
    "communities",
    "resolution",
)


@click.command()
@target_options
@analysis_options
@click.option(
    "--model",
    type=click.Choice(MODELS),
    default="affiliation",
    show_default=True,
    help="affiliation: rewire the organisation × program network (degrees kept) and project "
    "it; projected: rewire the organisation network (degrees kept).",
)
@click.option(
    "--samples", type=click.IntRange(min=1), default=100, show_default=True, help="Null samples."
)
@click.option(
    "--swaps",
    type=click.IntRange(min=1),
    default=SWAPS_PER_EDGE,
    show_default=True,
    help="Swap attempts per edge in each sample.",
)
@FORMAT_OPTION
@OUTPUT_OPTION
def nulls(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    model: str,
    samples: int,
    swaps: int,
    fmt: str,
    output: Path | None,
    **options: Any,
) -> None:
    """Compare homophily, brokerage, clustering and modularity with a degree-preserving null.

    Each statistic of the collaboration network is set against SAMPLES rewired networks with
    the same degrees: the null's mean and sd, z and an empirical two-sided p. Example:

        segraph nulls --model affiliation --samples 200 --seed 1
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    analysis = _settings(graph, options)
    networks = read_networks(
        graph, analysis.filter, analysis.layer, analysis.weighting, analysis.max_program_size
    )
    settings = NullSettings.following(analysis, model=model, samples=samples, swaps=swaps)
    rows = compare_with_null(networks, settings).rows()
    columns = NULL_COLUMNS if fmt == "table" else NULL_COLUMNS + NULL_SETTING_COLUMNS
    text = render_sourced(graph, rows, columns, fmt)
    if fmt == "table":
        text = (
            f"null model: {model}, {samples} samples, seed {analysis.seed}, "
            f"{swaps} swaps per edge; layer {analysis.layer}, weighting {analysis.weighting}\n"
            + text
        )
    write_output(output, text, f"{len(rows)} statistics")


#: The columns of ``segraph stability``: one row per run, or one per organisation.
RUN_COLUMNS: tuple[str, ...] = (
    "role",
    "method",
    "seed",
    "resolution",
    "communities",
    "modularity",
    "nmi",
    "ari",
)
STABLE_COLUMNS: tuple[str, ...] = ("id", "label_ko", "community", "stability")


@click.command()
@target_options
@analysis_options
@click.option(
    "--seeds",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Runs at --resolution, the reference (--seed) included: seeds --seed, --seed + 1…",
)
@click.option(
    "--compare-resolution",
    "resolutions",
    multiple=True,
    type=click.FloatRange(min=0.0, min_open=True),
    help="Also run at this resolution with --seed (repeatable).",
)
@click.option(
    "--organisations",
    "by_organisation",
    is_flag=True,
    help="One row per organisation (its reference community and stability), least stable first.",
)
@FORMAT_OPTION
@OUTPUT_OPTION
def stability(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    seeds: int,
    resolutions: tuple[float, ...],
    by_organisation: bool,
    fmt: str,
    output: Path | None,
    **options: Any,
) -> None:
    """How stable the communities are across seeds and resolutions (NMI, ARI, per organisation).

    Each run is compared with the reference run (--seed, --resolution) by normalised mutual
    information and the adjusted Rand index. Example:

        segraph stability --seeds 20 --compare-resolution 0.5 --compare-resolution 2
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    settings = _settings(graph, options)
    network = collaboration_network(
        graph, settings.filter, settings.layer, settings.weighting, settings.max_program_size
    )
    found = community_stability(
        network, settings.method, settings.seed, seeds, settings.resolution, resolutions
    )
    if by_organisation:
        rows = sorted(
            (
                {
                    "id": network.nodes[node].get("id", node),
                    "label_ko": network.nodes[node].get("label_ko", ""),
                    "community": found.membership[node],
                    "stability": value,
                }
                for node, value in found.node_stability.items()
            ),
            key=lambda row: (row["stability"], str(row["id"])),
        )
        text = render_sourced(graph, rows, STABLE_COLUMNS, fmt)
        write_output(output, text, f"{len(rows)} organisations")
        return
    rows = found.rows()
    text = render_sourced(graph, rows, RUN_COLUMNS, fmt)
    agreement = found.seed_agreement()
    if fmt == "table" and agreement is not None:
        text += (
            f"mean over {seeds - 1} other seeds: NMI {agreement[0]:.4f}, ARI {agreement[1]:.4f}\n"
        )
    if fmt == "table":
        text += (
            f"consensus of the {seeds} seed runs: {len(found.consensus)} communities, NMI with "
            f"the reference {found.consensus_nmi:.4f}\n"
        )
    write_output(output, text, f"{len(rows)} runs")


@click.command()
@target_options
@selection_options
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="unit",
    show_default=True,
    help="Count each participation for the program at this level above it.",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    help="Keep only participations with this role, e.g. participant (repeatable).",
)
@click.option(
    "--without-role",
    "without_roles",
    multiple=True,
    help="Leave out participations with only this role, e.g. operator (repeatable).",
)
@FORMAT_OPTION
@TOP_OPTION
@OUTPUT_OPTION
def programs(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    districts: tuple[str, ...],
    kinds: tuple[str, ...],
    programs: tuple[str, ...],
    years: tuple[int, ...],
    level: str,
    roles: tuple[str, ...],
    without_roles: tuple[str, ...],
    fmt: str,
    top: int | None,
    output: Path | None,
) -> None:
    """Programs tied by the organisations they share, at a level of the hierarchy.

    One row per program: its participants, ties, betweenness, and how much it bridges strategic
    areas, most between first. Example:

        segraph programs --level unit --without-role operator
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    flt = network_filter(graph, districts=districts, kinds=kinds, programs=programs, years=years)
    two_mode = two_mode_network(graph, flt)
    network = program_network(two_mode, program_attributes(graph), level, roles, without_roles)
    rows = sorted(program_rows(network), key=lambda row: (-row["betweenness"], str(row["id"])))
    rows = rows[:top] if top else rows
    text = render_sourced(graph, rows, PROGRAM_COLUMNS, fmt)
    if fmt == "table":
        ei, ties = area_mixing(network), network.number_of_edges()
        with_area = sum(1 for _, area in network.nodes(data="area") if area)
        kept = f"roles {', '.join(roles)}" if roles else "every role"
        if without_roles:
            kept += f" except only {', '.join(without_roles)}"
        text = (
            f"{network.number_of_nodes()} programs at level {level}, "
            f"{ties} tie{'' if ties == 1 else 's'} ({kept}); E–I of strategic area: "
            f"{'—' if ei is None else f'{ei:.3f}'} ({with_area} of {len(network)} programs "
            "have an area)\n" + text
        )
    write_output(output, text, f"{len(rows)} programs")


@click.command()
@target_options
@selection_options
@layer_option
@FORMAT_OPTION
@TOP_OPTION
@OUTPUT_OPTION
def core(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    districts: tuple[str, ...],
    kinds: tuple[str, ...],
    programs: tuple[str, ...],
    years: tuple[int, ...],
    layer: str,
    fmt: str,
    top: int | None,
    output: Path | None,
) -> None:
    """Core and periphery (Borgatti–Everett): coreness, the discrete core and its fit.

    One row per organisation, most core first, beside its k-core number. Example:

        segraph core --top 20
    """
    graph = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    flt = network_filter(graph, districts=districts, kinds=kinds, programs=programs, years=years)
    network = collaboration_network(graph, flt, layer=layer)
    found = core_periphery(network)
    rows = core_rows(network, found)
    rows = rows[:top] if top else rows
    text = render_sourced(graph, rows, CORE_COLUMNS, fmt)
    if fmt == "table":
        fit = "undefined" if found.fit is None else f"{found.fit:.4f}"
        text = (
            f"discrete core: {len(found.core)} of {len(network)} organisations, fit "
            f"(correlation with the ideal pattern) {fit}\n" + text
        )
    write_output(output, text, f"{len(rows)} organisations")
