"""``segraph map``: the ecosystem as one self-contained, offline, searchable HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from segraph.drawing import (
    COLOUR_SCHEMES,
    COMMUNITY_LEVEL_THRESHOLD,
    ISOLATES,
    LANGUAGES,
    LAYOUTS,
    LEVELS,
    SIZE_MEASURES,
    MapSpec,
    write_map,
)

from .options import network_option, obtain_target, target_options


@click.command("map")
@target_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("segraph-map.html"),
    show_default=True,
    help="HTML file to write.",
)
@network_option()
@click.option(
    "--color-by",
    type=click.Choice(COLOUR_SCHEMES),
    default="kind",
    show_default=True,
    help="What node colours show (community: Louvain communities of the network shown; area: "
    "an organisation's main program area).",
)
@click.option(
    "--size-by",
    type=click.Choice(SIZE_MEASURES),
    default="degree",
    show_default=True,
    help="The measure node sizes show, computed on the network shown (see segraph metrics).",
)
@click.option(
    "--district",
    "districts",
    multiple=True,
    metavar="NAME|CODE",
    help="Only organisations of this district: 마포구, 마포, Mapo-gu or 11440 (repeatable).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only organisations of this kind: enterprise, network, team, consortium, "
    "support-institution, public-agency, private-company, media, civil-society (repeatable).",
)
@click.option(
    "--program",
    "programs",
    multiple=True,
    metavar="PROGRAM",
    help="Only organisations taking part in this program or its sub-programs: id, Korean or "
    "English name (repeatable).",
)
@click.option(
    "--year",
    "years",
    multiple=True,
    type=int,
    help="Only participations of this year: a map of one year (repeatable).",
)
@click.option(
    "--ego", metavar="NAME", help="Only this organisation and its neighbours (see --radius)."
)
@click.option(
    "--radius", type=click.IntRange(min=0), default=1, show_default=True, help="Steps for --ego."
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="ko",
    show_default=True,
    help="Language of the labels when the page opens (the page has a switch).",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="force",
    show_default=True,
    help="force: nodes arranged by their ties; district: around their district on a "
    "schematic map of Seoul.",
)
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="auto",
    show_default=True,
    help="What a node is: organisation (every organisation), community (one node per Louvain "
    "community, as segraph metrics reports them; click one to see its members) or auto "
    f"(communities above {COMMUNITY_LEVEL_THRESHOLD:,} organisations).",
)
@click.option(
    "--isolates",
    type=click.Choice(ISOLATES),
    default="apart",
    show_default=True,
    help="Organisations with no tie in the map: apart (in a block beside the others), hide, "
    "or in-layout (where the layout puts them). The page can hide them too.",
)
@click.option("--title", help="Title of the page.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
def map_command(
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    output: Path,
    network: str,
    color_by: str,
    size_by: str,
    districts: tuple[str, ...],
    kinds: tuple[str, ...],
    programs: tuple[str, ...],
    years: tuple[int, ...],
    ego: str | None,
    radius: int,
    lang: str,
    layout: str,
    level: str,
    isolates: str,
    title: str | None,
    open_page: bool,
) -> None:
    """Draw the ecosystem as an interactive HTML map that works offline.

    The page is one file (open it from a USB stick, no internet needed) with a search box,
    filters by district, kind and program, a legend, a Korean/English switch and tooltips.
    """
    spec = MapSpec(
        network=network,
        color_by=color_by,
        size_by=size_by,
        districts=districts,
        kinds=kinds,
        programs=programs,
        years=years,
        ego=ego,
        radius=radius,
        lang=lang,
        layout=layout,
        title=title,
        level=level,
        isolates=isolates,
    )
    target = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    page = write_map(target, output, spec)
    if page.level == "organisation":
        click.echo(f"wrote {output}: {page.nodes} nodes, {page.edges} edges")
    else:
        if page.view.level_note:  # --level auto chose communities: say why
            click.echo(page.view.level_note[1], err=True)
        click.echo(
            f"wrote {output}: {page.nodes} communities of {page.organisations} organisations, "
            f"{page.edges} ties between communities"
        )
    if open_page:
        click.launch(str(output.resolve()))
