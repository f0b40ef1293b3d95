"""The community level of `segraph map` (one node per community, drill-down data), the rule that
switches to it on large networks, and the scalable force layout. Expected values come from
segraph.network.communities and networkx, computed here independently of the map code."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from rdflib import Graph

import segraph
from segraph.cli.main import main
from segraph.drawing import MapSpec, make_map
from segraph.errors import UsageError
from segraph.network.communities import detect_communities
from segraph.network.layout import force_layout
from segraph.network.views import collaboration_network
from tests.conftest import FIXTURES, MINI

COMMUNITY = "community:"


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="segraph-data">(.*?)</script>', html)
    assert match, "the page has no data element"
    return json.loads(match.group(1))


def members_of(data: dict) -> dict[str, set[str]]:
    """Community key → the organisation IRIs its drill-down holds."""
    drill = data["drill"]
    return {
        key: {drill["prefix"] + m[0] for m in community["members"]}
        for key, community in drill["communities"].items()
    }


@pytest.mark.parametrize("dataset", ["seoul", "mini", "extra"])
def test_one_node_per_community_of_segraph_communities(
    dataset: str, seoul_graph: Graph, mini_graph: Graph, merged_graph: Graph
) -> None:
    graph = {"seoul": seoul_graph, "mini": mini_graph, "extra": merged_graph}[dataset]
    network = collaboration_network(graph)
    communities = detect_communities(network).communities
    real = [set(c) for c in communities if len(c) > 1]
    alone = {node for c in communities if len(c) == 1 for node in c}
    page = make_map(graph, MapSpec(level="community"))
    data = page_data(page.html)
    assert page.level == "community" and data["level"] == "community"
    # every community of two or more is a node; the organisations on their own share one more
    assert page.nodes == len(data["nodes"]) == len(real) + (1 if alone else 0)
    members = members_of(data)
    assert [members[str(i)] for i in range(1, len(real) + 1)] == real
    if alone:
        assert members["alone"] == alone
    sizes = {n["id"]: n["members"] for n in data["nodes"]}
    assert sum(sizes.values()) == network.number_of_nodes() == page.organisations
    assert all(sizes[COMMUNITY + key] == len(m) for key, m in members.items())


def test_ties_inside_and_between_communities_add_up(seoul_graph: Graph) -> None:
    network = collaboration_network(seoul_graph)
    data = page_data(make_map(seoul_graph, MapSpec(level="community")).html)
    members = members_of(data)
    inside = {
        key: len(community["edges"]) for key, community in data["drill"]["communities"].items()
    }
    assert inside == {key: network.subgraph(m).number_of_edges() for key, m in members.items()}
    between = {(e["from"], e["to"]): e["count"] for e in data["edges"]}  # edges of the overview
    for a, b in combinations(sorted(members), 2):
        ties = nx.cut_size(network, members[a], members[b])
        pair = (COMMUNITY + a, COMMUNITY + b)
        assert between.get(pair, between.get(pair[::-1], 0)) == ties
    assert sum(inside.values()) + sum(between.values()) == network.number_of_edges()


def test_drill_down_members_carry_names_programs_and_positions(mini_graph: Graph) -> None:
    data = page_data(make_map(mini_graph, MapSpec(level="community")).html)
    drill = data["drill"]
    programs = [row[0] for row in data["programs"]]
    members = {
        drill["prefix"] + m[0]: m for c in drill["communities"].values() for m in c["members"]
    }
    beta = members["https://w3id.org/segraph/id/org/beta"]
    assert beta[1] == "(주)미션잇" and beta[2] == "Mission It"
    # beta takes part in care-strategy and youth (tests/fixtures/mini/participations.csv)
    taken = {programs[i].rsplit("/", 1)[1] for i, _, _ in beta[9]}
    assert taken == {"care-strategy", "youth"}
    # a program's parent is listed too, so the program filter can include sub-programs
    for _, _, _, parent in data["programs"]:
        assert parent == -1 or 0 <= parent < len(programs)
    positions = {(m[7], m[8]) for c in drill["communities"].values() for m in c["members"][:1]}
    assert all(isinstance(x, float) for point in positions for x in point)


def test_the_community_page_escapes_every_name_and_loads_nothing() -> None:
    graph = segraph.build_graph(data=[FIXTURES / "xss"])
    page = make_map(graph, MapSpec(level="community", title="<b>제목</b>"))
    for raw in ("<img src=x", "<svg onload", "<b onmouseover", "</script><script>"):
        assert raw not in page.html
    data = page_data(page.html)
    names = {m[1] for c in data["drill"]["communities"].values() for m in c["members"]}
    assert "<img src=x onerror=alert(1)>" in names  # kept as text, shown with textContent
    for node in data["nodes"]:
        assert "<img" not in node["title"] and "<svg" not in node["title"]
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc\s*=", page.html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page.html, re.IGNORECASE)


def test_auto_draws_communities_above_the_threshold(
    mini_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert make_map(mini_graph).level == "organisation"  # 7 organisations
    monkeypatch.setattr("segraph.drawing.view.COMMUNITY_LEVEL_THRESHOLD", 6)
    page = make_map(mini_graph)
    assert page.level == "community"
    assert "--level organisation" in page_data(page.html)["note"]["en"]
    assert make_map(mini_graph, MapSpec(level="organisation")).level == "organisation"
    # the two-mode view and the district layout have no community level: auto keeps them
    assert make_map(mini_graph, MapSpec(network="two-mode")).level == "organisation"
    assert make_map(mini_graph, MapSpec(layout="district")).level == "organisation"
    monkeypatch.setattr("segraph.drawing.view.COMMUNITY_LEVEL_THRESHOLD", 7)
    assert make_map(mini_graph).level == "organisation"


def test_cli_level_option_and_the_auto_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "c.html"
    runner = CliRunner()
    result = runner.invoke(main, ["map", "--data", str(MINI), "--level", "community", "-o", out])
    assert result.exit_code == 0, result.output
    assert re.match(r"wrote .*c\.html: \d+ communities of 7 organisations", result.stdout)
    assert result.stderr == ""
    monkeypatch.setattr("segraph.drawing.view.COMMUNITY_LEVEL_THRESHOLD", 6)
    result = runner.invoke(main, ["map", "--data", str(MINI), "-o", str(out)])
    assert result.exit_code == 0
    assert "7 organisations (more than 6): one node per community" in result.stderr
    assert "--level organisation" in result.stderr
    for extra in (["--network", "two-mode"], ["--layout", "district"]):
        args = ["map", "--data", str(MINI), "--level", "community", *extra, "-o", str(out)]
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "--level 'community'" in result.stderr
        assert f"drop {extra[0]}" in result.stderr


def test_spec_checks_the_level(mini_graph: Graph) -> None:
    with pytest.raises(UsageError, match="level 'district': choose one of auto, organisation"):
        make_map(mini_graph, MapSpec(level="district"))


def mean_lengths(graph: nx.Graph, positions: dict) -> tuple[float, float]:
    """Mean drawn length of the edges, and mean distance between all pairs of nodes."""
    edges = [math.dist(positions[a], positions[b]) for a, b in graph.edges()]
    points = np.array([positions[n] for n in graph])
    pairs = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    return float(np.mean(edges)), float(pairs.sum() / (len(points) * (len(points) - 1)))


@pytest.mark.parametrize("limit", [10_000, 50])  # exact repulsion, then sampled repulsion
def test_the_force_layout_draws_neighbours_together(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("segraph.network.layout.EXACT_REPULSION_LIMIT", limit)
    monkeypatch.setattr("segraph.network.layout.REPULSION_SAMPLE", 40)
    # four cliques of 30 joined in a ring by single edges
    graph = nx.ring_of_cliques(4, 30)
    positions = force_layout(graph)
    assert positions == force_layout(graph)  # seeded: the same picture every time
    assert len(set(positions.values())) == graph.number_of_nodes()
    edge, pair = mean_lengths(graph, positions)
    assert edge < pair / 2
    # each clique sits together: its centre is nearer its own members than the others' centres
    centres = [
        np.mean([positions[n] for n in range(c * 30, c * 30 + 30)], axis=0) for c in range(4)
    ]
    for c in range(4):
        spread = max(math.dist(positions[n], centres[c]) for n in range(c * 30, c * 30 + 30))
        assert all(math.dist(centres[c], centres[o]) > spread / 2 for o in range(4) if o != c)


def test_communities_are_named_by_what_their_members_share_with_the_share(
    seoul_graph: Graph,
) -> None:
    page = make_map(seoul_graph, MapSpec(level="community"))
    data = page_data(page.html)
    level = page.view.communities
    assert level is not None
    network = page.view.network
    for community in level.communities:
        if community.profile is None:
            continue
        size = len(community.members)
        shares = re.findall(r"(\d+)%", community.name[0])
        assert 1 <= len(shares) <= 2
        kinds = Counter(network.nodes[m]["kind"] for m in community.members)
        kind, count = kinds.most_common(1)[0]
        kind_name = page.view.terms.name("kind", kind)[0]
        if kind_name in community.name[0]:  # the share shown is the share of all members
            assert f"{kind_name} {round(100 * count / size)}%" in community.name[0]
    legend = data["overviewLegend"]
    colours = [entry["colour"] for entry in legend if entry["key"] != "community:alone"]
    assert len(colours) == len(set(colours))  # every community its own colour
    assert [n["color"] for n in data["nodes"]] == [entry["colour"] for entry in legend]
