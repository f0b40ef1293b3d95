"""The program side (segraph.network.programs): roll-up to a level, shared organisations,
bridging of strategic areas, role filters; checked by hand and against the two-mode network."""

from __future__ import annotations

import csv
import io
from itertools import combinations

import networkx as nx
import pytest
from click.testing import CliRunner

import segraph
from segraph.cli.main import main
from segraph.network.programs import area_mixing, program_network, program_rows, rolled_up
from segraph.network.read import program_attributes
from segraph.network.views import read_networks

PROGRAMS = {
    "A": {"id": "A", "level": "area", "parent": "", "area": "A"},
    "B": {"id": "B", "level": "area", "parent": "", "area": "B"},
    "uA": {"id": "uA", "level": "unit", "parent": "A", "area": "A"},
    "sA": {"id": "sA", "level": "subprogram", "parent": "uA", "area": "A"},
    "pA1": {"id": "pA1", "level": "project", "parent": "sA", "area": "A"},
    "pA2": {"id": "pA2", "level": "project", "parent": "uA", "area": "A"},  # no subprogram
    "uB": {"id": "uB", "level": "unit", "parent": "B", "area": "B"},
    "pB1": {"id": "pB1", "level": "project", "parent": "uB", "area": "B"},
}


def two_mode(*participations: tuple[str, str, str]) -> nx.Graph:
    network = nx.Graph()
    for org, program, role in participations:
        network.add_node(org, bipartite=0)
        network.add_node(program, bipartite=1)
        network.add_edge(org, program, roles=role)
    return network


def test_a_participation_counts_for_the_program_at_the_level_above_it() -> None:
    assert rolled_up(PROGRAMS, "pA1", "unit") == "uA"
    assert rolled_up(PROGRAMS, "pA1", "subprogram") == "sA"
    assert rolled_up(PROGRAMS, "pA2", "subprogram") == "uA"  # the first coarser one
    assert rolled_up(PROGRAMS, "pA1", "project") == "pA1"
    assert rolled_up(PROGRAMS, "uB", "project") == "uB"  # coarser already: itself
    assert rolled_up(PROGRAMS, "pB1", "area") == "B"


def test_programs_are_tied_by_shared_organisations_and_bridging_is_counted() -> None:
    network = program_network(
        two_mode(
            ("o1", "pA1", "participant"),
            ("o1", "pB1", "operator"),
            ("o2", "pA1", "participant"),
            ("o2", "pA2", "participant"),
            ("o3", "pA2", "participant"),
        ),
        PROGRAMS,
        "project",
    )
    assert sorted(network.edges(data="weight")) == [("pA1", "pA2", 1), ("pA1", "pB1", 1)]
    assert network.nodes["pA1"]["organisations"] == 2 and network.nodes["pA2"]["organisations"] == 2
    assert area_mixing(network) == pytest.approx(0.0)  # one tie across areas, one inside
    rows = {row["id"]: row for row in program_rows(network)}
    assert rows["pA1"]["areas_bridged"] == 1 and rows["pA1"]["cross_area_share"] == 0.5
    assert rows["pA2"]["areas_bridged"] == 0 and rows["pA2"]["cross_area_share"] == 0.0
    assert rows["pA1"]["betweenness"] == 1.0  # on the only path from pA2 to pB1
    assert rows["pA1"]["area"] == "A"
    without = program_network(
        two_mode(("o1", "pA1", "participant"), ("o1", "pB1", "operator")),
        PROGRAMS,
        "project",
        without_roles=("operator",),
    )
    assert list(without) == ["pA1"] and without.number_of_edges() == 0
    only = program_network(
        two_mode(("o1", "pA1", "participant"), ("o1", "pB1", "operator")),
        PROGRAMS,
        "project",
        roles=("operator",),
    )
    assert list(only) == ["pB1"]


@pytest.fixture(scope="module")
def seoul() -> tuple[nx.Graph, dict[str, dict[str, object]]]:
    graph = segraph.build_graph()
    return read_networks(graph).two_mode, program_attributes(graph)


@pytest.mark.parametrize("level", ["project", "subprogram", "unit", "area"])
def test_every_tie_counts_the_organisations_both_programs_share(
    seoul: tuple[nx.Graph, dict[str, dict[str, object]]], level: str
) -> None:
    two_mode_network, programs = seoul
    members: dict[str, set[str]] = {}
    for node, side in two_mode_network.nodes(data="bipartite"):
        if side == 1:
            members.setdefault(rolled_up(programs, node, level), set()).update(
                two_mode_network[node]
            )
    network = program_network(two_mode_network, programs, level)
    expected = {
        (a, b): len(members[a] & members[b])
        for a, b in combinations(sorted(members), 2)
        if members[a] & members[b]
    }
    assert {tuple(sorted((a, b))): w for a, b, w in network.edges(data="weight")} == expected


def test_the_operator_ties_every_unit_of_the_bundled_data(
    seoul: tuple[nx.Graph, dict[str, dict[str, object]]],
) -> None:
    two_mode_network, programs = seoul
    every_role = program_network(two_mode_network, programs, "unit")
    n = every_role.number_of_nodes()
    assert every_role.number_of_edges() == n * (n - 1) // 2  # complete
    without = program_network(two_mode_network, programs, "unit", without_roles=("operator",))
    assert without.number_of_edges() < every_role.number_of_edges()


def test_programs_on_the_command_line() -> None:
    result = CliRunner().invoke(main, ["programs", "--level", "unit", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10 and {r["level"] for r in rows} == {"unit"}
    table = CliRunner().invoke(main, ["programs", "--without-role", "operator"])
    assert table.exit_code == 0
    assert table.stdout.startswith(
        "7 programs at level unit, 1 tie (every role except only operator)"
    )
