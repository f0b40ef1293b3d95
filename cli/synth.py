"""``segraph synth``: write a seeded synthetic ecosystem in the CSV format."""

from __future__ import annotations

from pathlib import Path

import click

from segraph.dataset.synthetic import DEFAULT_YEARS, SynthConfig, write_synthetic
from segraph.errors import UsageError


def parse_years(text: str) -> tuple[int, ...]:
    """Parse ``2021-2023`` or ``2019,2021,2023`` into a sorted tuple of years."""
    years: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        first, _, last = part.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise UsageError(f"--years: '{part}' is not a year or a range like 2021-2023") from None
        if not (1000 <= low <= high <= 9999):
            raise UsageError(f"--years: '{part}' is not a year or an increasing range")
        years.update(range(low, high + 1))
    return tuple(sorted(years))


@click.command()
@click.option("--orgs", type=int, required=True, help="Number of organisations (at least 20).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write the dataset into (created if missing; its files are replaced).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--years",
    default=f"{DEFAULT_YEARS[0]}-{DEFAULT_YEARS[-1]}",
    show_default=True,
    help="Years the programs run in: a range (2019-2023) or a list (2019,2021).",
)
def synth(orgs: int, output: Path, seed: int, years: str) -> None:
    """Write a synthetic ecosystem of ORGS organisations (NOT real data) for tests and benchmarks.

    The dataset has the 17 provinces with placeholder districts, heavy-tailed program sizes and
    organisation activity, consortia, networks, ties, indicators and a program hierarchy, in the
    same CSV format as the bundled data. The same --orgs, --seed and --years always give
    byte-identical files.
    """
    counts = write_synthetic(SynthConfig(orgs=orgs, seed=seed, years=parse_years(years)), output)
    summary = ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
    click.echo(f"wrote {output}: {summary}", err=True)
