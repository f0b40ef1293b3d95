"""The collaboration network the measures run on: weighting, strength, layers, bound, filters."""

from __future__ import annotations

import math

import pytest
from rdflib import Graph

from segraph.errors import UsageError
from segraph.network.analysis import analyse, organisation_rows
from segraph.network.filters import network_filter
from segraph.network.views import collaboration_network, two_mode_network

ORG = "https://w3id.org/segraph/id/org/"
PROGRAM = "https://w3id.org/segraph/id/program/"


def edge(network, a: str, b: str) -> dict:
    return network[ORG + a][ORG + b]


def test_newman_weighting_and_tie_strength_by_hand(mini_graph: Graph) -> None:
    network = collaboration_network(mini_graph, weighting="newman")
    # care-strategy has three participants (beta, cons, gamma): 1/(3-1) per pair
    assert edge(network, "beta", "cons")["weight"] == pytest.approx(0.5)
    # beta is also a member of the consortium cons: strength adds 1 per formal tie type
    assert edge(network, "beta", "cons")["ties"] == "member"
    assert edge(network, "beta", "cons")["strength"] == pytest.approx(1.5)
    # care has two participants (alpha, center), who also have an agreement
    assert edge(network, "alpha", "center")["weight"] == pytest.approx(1.0)
    assert edge(network, "alpha", "center")["strength"] == pytest.approx(2.0)
    # alpha supports delta, with no shared program: a formal-only tie
    assert edge(network, "alpha", "delta")["weight"] == 0.0
    assert edge(network, "alpha", "delta")["strength"] == 1.0
    counted = collaboration_network(mini_graph, weighting="count")
    assert edge(counted, "beta", "cons")["strength"] == pytest.approx(2.0)


def test_layers_keep_ties_typed(mini_graph: Graph) -> None:
    formal = collaboration_network(mini_graph, layer="formal")
    coparticipation = collaboration_network(mini_graph, layer="coparticipation")
    assert all(tied for _, _, tied in formal.edges(data="formal"))
    assert not any(ties for _, _, ties in coparticipation.edges(data="ties"))
    assert not formal.has_edge(ORG + "delta", ORG + "team1")  # they only share a program
    assert coparticipation.has_edge(ORG + "delta", ORG + "team1")
    assert set(formal) == set(coparticipation)  # isolates kept in both


def test_large_programs_are_not_projected(mini_graph: Graph) -> None:
    network = collaboration_network(mini_graph, layer="coparticipation", max_program_size=2)
    assert network.graph["unprojected_programs"] == f"{PROGRAM}care-strategy;{PROGRAM}youth"
    assert sorted(network.edges()) == [(ORG + "alpha", ORG + "center")]
    assert two_mode_network(mini_graph).has_edge(ORG + "beta", PROGRAM + "youth")


def test_network_filter_checks_every_name(mini_graph: Graph) -> None:
    flt = network_filter(mini_graph, districts=["Mapo-gu"], kinds=["enterprise"], years=[2021])
    assert flt.districts == {"11440"} and flt.kinds == {"enterprise"} and flt.years == {2021}
    with pytest.raises(
        UsageError,
        match=r"kinds 'enterprize': no organisation kind .* \(did you mean 'enterprise'\?\)",
    ):
        network_filter(mini_graph, kinds=["enterprize"])
    with pytest.raises(UsageError, match=r"programs 'nothing-like-it': no program of that name$"):
        network_filter(mini_graph, programs=["nothing-like-it"])


def test_network_filter_takes_names_as_users_type_them(mini_graph: Graph) -> None:
    for name in ("성북구", "성북", "Seongbuk-gu", "seongbuk", " SEONGBUK - GU", "11290"):
        assert network_filter(mini_graph, districts=[name]).districts == {"11290"}
    assert network_filter(mini_graph, kinds=["Enterprise"]).kinds == {"enterprise"}
    youth = "청년이만드는 사회적경제 혁신사업"  # spaces do not matter
    assert two_mode_network(mini_graph, network_filter(mini_graph, programs=[youth])).has_node(
        PROGRAM + "youth"
    )
    with pytest.raises(
        UsageError, match=r"programs '청년': no program .* \(did you mean '청년이 만드는"
    ):
        network_filter(mini_graph, programs=["청년"])  # names that contain it are suggested


def test_an_analysis_and_a_comparison_as_pandas_frames(seoul_graph: Graph) -> None:
    pytest.importorskip("pandas")
    analysis = analyse(seoul_graph)
    frame = analysis.to_frame()
    rows = organisation_rows(analysis)
    assert len(frame) == len(rows) and frame.index.name == "id"
    first = rows[0]
    for column, value in first.items():
        if column == "id":
            continue
        cell = frame.loc[first["id"], column]
        assert (value is None and math.isnan(cell)) or cell == value, column
    assert frame["betweenness"].dtype.kind == "f" and frame["degree"].dtype.kind == "i"
    assert frame["itinerant_district"].isna().sum() == sum(
        1 for row in rows if row["itinerant_district"] is None
    )
