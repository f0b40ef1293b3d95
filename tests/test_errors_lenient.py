"""--lenient: load what is valid, skip bad rows (and what then points at nothing), report each."""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

import segraph
from segraph.dataset.assemble import _References
from segraph.dataset.load import load_ecosystem
from segraph.errors import DataError
from segraph.rdf.namespaces import ID
from tests.errors_support import append_row, copy_mini, read_rows, run, set_cell, write_rows

REPORT_LINE = re.compile(r"^skipped (?P<file>[^:]+):(?P<line>\d+): (?P<problem>.+)$")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The mini dataset with four bad rows, two records depending on them, one bad reference."""
    mine = copy_mini(tmp_path)
    set_cell(mine / "organisations.csv", 3, "kind", "enterprize")  # beta, line 4
    set_cell(mine / "programs.csv", 2, "budget", "n/a")  # line 3
    append_row(mine / "sources.csv", {"id": "s1", "title": "again"})  # duplicate, line 4
    append_row(
        mine / "participations.csv",
        {"organisation": "alpah", "program": "youth", "role": "participant"},
    )
    return mine


def _report(stderr: str) -> list[tuple[str, int, str]]:
    lines = stderr.strip().splitlines()
    assert lines[-1].startswith(f"skipped {len(lines) - 1} row(s)")
    entries = []
    for line in lines[:-1]:
        match = REPORT_LINE.match(line)
        assert match, line
        entries.append((Path(match["file"]).name, int(match["line"]), match["problem"]))
    return entries


def _beta_rows(mine: Path) -> dict[str, list[int]]:
    """Line numbers of the rows naming beta, by file, read independently of segraph."""
    found: dict[str, list[int]] = {}
    for name, columns in (
        ("participations.csv", ("organisation",)),
        ("memberships.csv", ("member", "organisation")),
        ("ties.csv", ("from", "to")),
    ):
        rows = read_rows(mine / name)
        indexes = [rows[0].index(c) for c in columns]
        lines = [n + 1 for n, row in enumerate(rows) if any(row[i] == "beta" for i in indexes)]
        found[name] = lines
    return found


def test_strict_build_stops_at_the_first_problem(broken: Path) -> None:
    result = run("build", "--data", broken)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_lenient_build_reports_every_skipped_row(broken: Path) -> None:
    result = run("build", "--data", broken, "--lenient")
    assert result.exit_code == 0, result.stderr
    entries = _report(result.stderr)
    where = {(name, line) for name, line, _ in entries}
    assert ("organisations.csv", 4) in where
    assert ("programs.csv", 3) in where
    assert ("sources.csv", 4) in where
    appended = len(read_rows(broken / "participations.csv"))
    assert ("participations.csv", appended) in where
    for name, lines in _beta_rows(broken).items():
        for line in lines:
            assert (name, line) in where, (name, line)
    dependent = sum(len(lines) for lines in _beta_rows(broken).values())
    assert len(entries) >= 4 + dependent
    assert len(entries) == len(set(where))
    problems = {(name, line): problem for name, line, problem in entries}
    assert "did you mean 'alpha'" in problems[("participations.csv", appended)]
    first_beta = _beta_rows(broken)["participations.csv"][0]
    assert "'beta' was left out" in problems[("participations.csv", first_beta)]


def test_lenient_graph_holds_the_valid_rows_only(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    result = run("build", "--data", broken, "--lenient", "-o", out)
    assert result.exit_code == 0, result.stderr
    graph = segraph.load_graph(out)
    subjects = set(graph.subjects())
    assert URIRef(ID["org/alpha"]) in subjects
    assert URIRef(ID["org/beta"]) not in subjects
    assert URIRef(ID["program/care"]) not in subjects
    assert URIRef(ID["program/youth"]) in subjects


def test_lenient_on_clean_data_is_the_strict_graph(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    strict = segraph.build_graph(data=[mine])
    lenient = segraph.build_graph(data=[mine], lenient=True)
    assert isomorphic(strict, lenient)
    result = run("build", "--data", mine, "--lenient")
    assert result.exit_code == 0 and result.stderr == ""


def test_lenient_equals_strict_build_without_the_bad_rows(tmp_path: Path) -> None:
    """Skipping a bad row gives the graph of the data without that row."""
    bad = copy_mini(tmp_path, "bad")
    line = append_row(
        bad / "ties.csv", {"from": "alpha", "to": "nobody", "type": "partner", "source": "s1"}
    )
    clean = copy_mini(tmp_path, "clean")
    lenient = segraph.build_graph(data=[bad], lenient=True)
    assert isomorphic(lenient, segraph.build_graph(data=[clean]))
    eco = load_ecosystem([bad], lenient=True)
    assert [(e.origin.file.name, e.origin.line) for e in eco.skipped] == [("ties.csv", line)]


def test_file_level_problems_stop_even_a_lenient_build(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    rows = read_rows(mine / "ties.csv")
    rows[0][0] = "frm"
    write_rows(mine / "ties.csv", rows)
    result = run("build", "--data", mine, "--lenient")
    assert result.exit_code == 1
    assert "unknown column" in result.stderr


def test_python_api_lists_skipped_rows(broken: Path) -> None:
    eco = load_ecosystem([broken], lenient=True)
    assert all(isinstance(e, DataError) for e in eco.skipped)
    assert ("organisations.csv", 4) in {(e.origin.file.name, e.origin.line) for e in eco.skipped}
    with pytest.raises(DataError):
        load_ecosystem([broken])


def test_build_graph_logs_each_skipped_row(broken: Path, caplog: pytest.LogCaptureFixture) -> None:
    skipped = load_ecosystem([broken], lenient=True).skipped
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="segraph"):
        segraph.build_graph(data=[broken], lenient=True)
    messages = [r.getMessage() for r in caplog.records if r.name == "segraph.dataset.load"]
    assert messages[:-1] == [f"skipped {e}" for e in skipped]
    assert messages[-1].startswith(f"skipped {len(skipped)} row(s)")


def test_resolve_accepts_lenient(broken: Path) -> None:
    result = run("resolve", "--data", broken, "--lenient", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(_report(result.stderr)) == len(load_ecosystem([broken], lenient=True).skipped)
    assert run("resolve", "--data", broken).exit_code == 1


def test_lenient_reaches_other_graph_commands(broken: Path) -> None:
    result = run("stats", "--data", broken, "--lenient", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(_report(result.stderr)) == len(load_ecosystem([broken], lenient=True).skipped)


def test_close_match_hints_are_bounded(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    limit = _References.MAX_HINTS
    for n in range(limit + 10):
        append_row(
            mine / "participations.csv",
            {"organisation": f"alpha{n}", "program": "youth", "role": "participant"},
        )
    skipped = load_ecosystem([mine], lenient=True).skipped
    hinted = ["did you mean 'alpha'" in str(e) for e in skipped]
    assert len(hinted) == limit + 10
    assert hinted == [True] * limit + [False] * 10


def test_lenient_skips_a_row_over_the_csv_limit(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    rows = read_rows(mine / "organisations.csv")
    header = rows[0]
    rows[2][header.index("note")] = "x" * (csv.field_size_limit() + 1)
    write_rows(mine / "organisations.csv", rows)
    eco = load_ecosystem([mine], lenient=True)
    skipped_lines = [(e.origin.file.name, e.origin.line) for e in eco.skipped]
    assert skipped_lines[0] == ("organisations.csv", 3)
    assert "limit" in str(eco.skipped[0])
    kept = {row[0] for row in rows[1:]} - {rows[2][0]}
    assert kept <= set(eco.organisations) | set(eco.resolution.canonical)
