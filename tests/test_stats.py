"""Counts of the graph, checked against the CSV files read independently."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal

from rdflib import Graph

from segraph import bundled_dataset, graph_stats
from segraph._util.text_table import display_width, format_table


def read_csv(name: str) -> list[dict[str, str]]:
    with (bundled_dataset() / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_kind_counts_match_the_csv(seoul_graph: Graph) -> None:
    counts = {row["kind"]: row["organisations"] for row in graph_stats(seoul_graph)["kinds"]}
    assert counts == dict(Counter(row["kind"] for row in read_csv("organisations.csv")))


def test_district_counts_match_the_csv(seoul_graph: Graph) -> None:
    districts = {row["name_ko"]: row["code"] for row in read_csv("districts.csv")}
    short = {name[:-1]: code for name, code in districts.items()}
    located = Counter(
        districts.get(row["district"]) or short.get(row["district"]) or row["district"]
        for row in read_csv("organisations.csv")
        if row["district"]
    )
    stats = graph_stats(seoul_graph)["districts"]
    assert len(stats) == 25
    assert {row["code"]: row["organisations"] for row in stats if row["organisations"]} == dict(
        located
    )


def test_unit_program_money_matches_the_csv(seoul_graph: Graph) -> None:
    expected = {
        row["id"]: (Decimal(row["budget"]), Decimal(row["spent"]) if row["spent"] else None)
        for row in read_csv("programs.csv")
        if row["level"] == "unit"
    }
    units = [row for row in graph_stats(seoul_graph)["programs"] if row["level"] == "unit"]
    assert {row["id"]: (row["budget"], row["spent"]) for row in units} == expected
    assert len(units) == 11


def test_tables_line_up_korean_and_latin_text() -> None:
    assert display_width("마포구") == 6
    assert display_width("Mapo-gu") == 7
    text = format_table(["name", "n"], [["마포구", 12], ["Jung-gu", 3], ["중구", None]])
    lines = text.splitlines()
    assert [display_width(line) for line in lines[2:4]] == [display_width(lines[1])] * 2
    assert lines[2].endswith(" 12") and lines[3].endswith("  3")
    assert lines[4] == "중구"
    assert format_table(["x"], [[Decimal("150000000.0")], [Decimal("94.25")]]).split()[2:] == [
        "150000000",
        "94.25",
    ]
