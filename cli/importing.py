"""``segraph import``: a national open-data list → a dataset folder in the CSV format."""

from __future__ import annotations

from pathlib import Path

import click

from segraph.importers import LAYOUTS, import_list, write_dataset


@click.command("import")
@click.argument("kind", type=click.Choice(list(LAYOUTS)))
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Dataset folder to write (default: a folder named after KIND).",
)
@click.option(
    "--merge-with",
    "merge_with",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Dataset folder whose organisations the list is matched against, by business "
    "registration number and else by name (repeatable).",
)
@click.option(
    "--include-representatives",
    is_flag=True,
    help="Keep the 대표자 (representative) column. Personal data: left out by default.",
)
@click.option("--id", "dataset_id", help="Id of the new dataset (default: KIND).")
def import_command(
    kind: str,
    file: Path,
    output: Path | None,
    merge_with: tuple[Path, ...],
    include_representatives: bool,
    dataset_id: str | None,
) -> None:
    """Import a published list of organisations as a segraph dataset folder.

    \b
    KIND is the list:
      social-enterprises            고용노동부 사회적기업 목록
      village-enterprises           행정안전부 전국 마을기업 현황
      self-sufficiency-enterprises  한국자활복지개발원 전국자활기업현황
      social-cooperatives           사회적협동조합 설립현황
    FILE is the list as published: .csv (UTF-8 or CP949) or .xlsx.

    Then build with it: segraph build --data FOLDER --data <other folders>.
    """
    result = import_list(
        kind,
        file,
        merge_with=list(merge_with),
        include_representatives=include_representatives,
        dataset_id=dataset_id,
    )
    folder = output or Path(kind)
    write_dataset(result.dataset, folder)
    for origin, reason in result.skipped:
        click.echo(f"skipped: {origin}: {reason}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{result.summary()}; written to {folder}", err=True)
