"""Shared fixtures: the small hand-written datasets and graphs built from them."""

from __future__ import annotations

import csv
import itertools
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

import segraph

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
EXTRA = FIXTURES / "extra"


@pytest.fixture(scope="session")
def mini_graph() -> Graph:
    """The graph of the tiny fixture dataset (do not mutate: shared by the session)."""
    return segraph.build_graph(data=[MINI])


@pytest.fixture(scope="session")
def merged_graph() -> Graph:
    """The tiny fixture dataset merged with a second folder that adds to it."""
    return segraph.build_graph(data=[MINI, EXTRA])


@pytest.fixture(scope="session")
def seoul_graph() -> Graph:
    """The graph of the bundled Seoul 2021 dataset (do not mutate: shared by the session)."""
    return segraph.build_graph()


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file, as dicts by column."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def participation_facts(folder: Path, year: int) -> set[tuple[str, str, str, str]]:
    """(organisation, program, role, year) of each participation row of a dataset folder whose
    year is ``year`` unless its row says otherwise."""
    return {
        (row["organisation"], row["program"], row["role"], row["year"] or str(year))
        for row in csv_rows(folder / "participations.csv")
    }


def coparticipation_pairs(facts: set[tuple[str, str, str, str]], year: str) -> set[tuple[str, str]]:
    """The organisation pairs (sorted ids) that share a program in ``year``."""
    by_program: dict[str, set[str]] = {}
    for org, program, _, fact_year in facts:
        if fact_year == year:
            by_program.setdefault(program, set()).add(org)
    return {(a, b) for orgs in by_program.values() for a in orgs for b in orgs if a < b}


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled data and a generated second year: 20 participations gone, 5 new, the first
    indicator's result changed."""
    first = segraph.bundled_dataset()
    second = tmp_path_factory.mktemp("years") / "seoul-2022"
    shutil.copytree(first, second)
    toml = (second / "dataset.toml").read_text(encoding="utf-8")
    (second / "dataset.toml").write_text(
        toml.replace('id = "seoul-2021"', 'id = "seoul-2022"').replace(
            "year = 2021", "year = 2022"
        ),
        encoding="utf-8",
    )
    rows = csv_rows(second / "participations.csv")
    kept = [row for row in rows[20:] if not row["year"]]
    taken = {(row["organisation"], row["program"]) for row in rows}
    orgs = sorted({row["organisation"] for row in rows})
    programs = sorted({row["program"] for row in rows})
    new = [
        {**rows[0], "organisation": org, "program": program, "role": "participant", "year": ""}
        for org, program in itertools.islice(
            ((o, p) for o in orgs[::7] for p in programs[::11] if (o, p) not in taken), 5
        )
    ]
    _write_rows(second / "participations.csv", kept + new)
    indicators = csv_rows(second / "indicators.csv")
    indicators[0]["actual"] = "2"
    _write_rows(second / "indicators.csv", indicators)
    return first, second


#: Test modules that drive Debian's chromium through playwright.
BROWSER_MODULES = frozenset({"test_map_browser", "test_serve_editor"})
#: Test modules that start real SPARQL servers (``oxigraph serve``, ``segraph serve``).
SERVER_MODULES = frozenset(
    {
        "test_sparql_servers",
        "test_serve",
        "test_serve_editor",
        "test_push_servers",
        "test_errors_hostile",
    }
)
#: Tests that take 3 s or more on a 2-core machine (``pytest --durations=40``), by module, or
#: by test name within a module.
SLOW_TESTS: dict[str, frozenset[str] | None] = {
    "test_metrics_scale": None,
    "test_benchmark_harness": None,
    "test_competency": frozenset({"test_cq_lists_runs_and_checks"}),
    "test_synth": frozenset({"test_small_ecosystem_conforms_to_the_shapes"}),
    "test_romanize": frozenset({"test_a_run_romanised_in_pieces_equals_the_whole_run"}),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser, server and slow tests in one place (``-m "not browser"`` skips them)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if module in SERVER_MODULES:
            item.add_marker(pytest.mark.server)
        if module in SLOW_TESTS:
            names = SLOW_TESTS[module]
            if names is None or item.originalname in names:
                item.add_marker(pytest.mark.slow)
