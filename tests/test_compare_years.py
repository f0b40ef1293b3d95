"""``segraph compare`` and :func:`segraph.compare_years`: change between two years."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from segraph import build_graph, compare_years
from segraph.cli.main import main
from tests.conftest import coparticipation_pairs, participation_facts


def test_the_change_between_two_years_is_what_the_participations_say(
    two_years: tuple[Path, Path],
) -> None:
    first, second = two_years
    facts = participation_facts(first, 2021) | participation_facts(second, 2022)
    change = compare_years(build_graph([first, second]), 2021, 2022)
    orgs = {year: {f[0] for f in facts if f[3] == year} for year in ("2021", "2022")}
    short = lambda iris: {iri.rsplit("/", 1)[1] for iri in iris}  # noqa: E731
    assert short(change.entered) == orgs["2022"] - orgs["2021"]
    assert short(change.left) == orgs["2021"] - orgs["2022"] and change.left
    assert short(change.stayed) == orgs["2021"] & orgs["2022"]
    ties = {year: coparticipation_pairs(facts, year) for year in ("2021", "2022")}

    def pairs(found: list[tuple[str, str]]) -> set[tuple[str, str]]:
        return {tuple(sorted(short(pair))) for pair in found}  # type: ignore[misc]

    assert pairs(change.kept) == ties["2021"] & ties["2022"]
    assert pairs(change.formed) == ties["2022"] - ties["2021"] and change.formed
    assert pairs(change.dissolved) == ties["2021"] - ties["2022"] and change.dissolved
    summary = change.summary()
    assert summary["kept_share"] == round(len(change.kept) / len(ties["2021"]), 4)
    degrees = nx.Graph(list(ties["2022"]))
    rows = change.position_rows()
    assert len(rows) == len(change.stayed)
    for row in rows[:10]:
        expected = degrees.degree(row["id"]) if row["id"] in degrees else 0
        assert row["degree_2022"] == expected
        assert row["degree_change"] == row["degree_2022"] - row["degree_2021"]
    moves = [abs(row["betweenness_change"]) for row in rows]
    assert moves == sorted(moves, reverse=True)
    frame = change.to_frame()
    assert list(frame.index) == [row["id"] for row in rows]
    assert frame["degree_change"].tolist() == [row["degree_change"] for row in rows]


def test_compare_prints_the_counts_and_writes_json_and_csv(
    two_years: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = two_years
    data = ["--data", str(first), "--data", str(second)]
    table = CliRunner().invoke(main, ["compare", "2021", "2022", *data, "--top", "3"])
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("2021 -> 2022: organisations ")
    assert "largest moves (betweenness), top 3:" in table.stdout
    as_json = CliRunner().invoke(main, ["compare", "2021", "2022", *data, "--format", "json"])
    found = json.loads(as_json.stdout)
    assert found["summary"]["left"] == len(found["left"]) > 0
    assert found["summary"]["kept"] == len(found["kept"])
    out = tmp_path / "moves.csv"
    written = CliRunner().invoke(
        main, ["compare", "2021", "2022", *data, "--format", "csv", "-o", str(out)]
    )
    assert written.exit_code == 0 and "wrote" in written.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "id,label_ko,degree_2021,degree_2022,degree_change,"
        "betweenness_2021,betweenness_2022,betweenness_change"
    )
    missing = CliRunner().invoke(main, ["compare", "2021", "2030", *data])
    assert missing.exit_code != 0 and "2030: no participation in that year" in missing.stderr
