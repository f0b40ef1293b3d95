"""`segraph map` without a browser: what the page holds, escaping, offline-ness, UTF-8 files,
layouts and the command line. Expected values are worked out by hand from tests/fixtures/mini."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph, URIRef

import segraph
from segraph._util.colours import palette
from segraph.cli.main import main
from segraph.drawing import MapSpec, make_map, map_view, write_map
from segraph.drawing.layout import sunflower
from segraph.drawing.page import script_json
from segraph.drawing.seoul import SEOUL_DISTRICTS
from segraph.drawing.style import (
    MAX_NODE_SIZE,
    MIN_NODE_SIZE,
    TIE_STYLES,
)
from segraph.drawing.view import select_network
from segraph.errors import UsageError
from segraph.network.centrality import betweenness
from segraph.network.communities import detect_communities
from segraph.network.views import collaboration_network
from tests.conftest import FIXTURES, MINI

XSS = FIXTURES / "xss"
ORG = "https://w3id.org/segraph/id/org/"
PROGRAM = "https://w3id.org/segraph/id/program/"


@pytest.fixture(scope="module")
def xss_graph() -> Graph:
    return segraph.build_graph(data=[XSS])


def page_data(html: str) -> dict:
    """The JSON the page script reads (the only place the data sits in the page)."""
    match = re.search(r'<script type="application/json" id="segraph-data">(.*?)</script>', html)
    assert match, "the page has no data element"
    return json.loads(match.group(1))


def test_the_collaboration_map_of_the_mini_dataset(mini_graph: Graph) -> None:
    page = make_map(mini_graph)
    # 7 organisations; co-participation: care {alpha, center}, care-strategy {gamma, cons, beta},
    # youth {beta, team1, delta} = 1 + 3 + 3 edges; direct ties add alpha–delta only.
    assert (page.nodes, page.edges) == (7, 8)
    data = page_data(page.html)
    assert {n["id"] for n in data["nodes"]} == {
        ORG + o for o in ("center", "alpha", "beta", "gamma", "delta", "cons", "team1")
    }
    assert len(data["edges"]) == 8
    kinds = Counter(n["kind"] for n in data["nodes"])
    assert kinds == {"enterprise": 4, "support-institution": 1, "consortium": 1, "team": 1}
    legend = {entry["en"]: entry["count"] for entry in data["legend"]}
    assert sum(legend.values()) == 7
    assert legend["social economy enterprise"] == 4


def test_node_size_grows_with_degree(mini_graph: Graph) -> None:
    nodes = {n["id"]: n for n in page_data(make_map(mini_graph).html)["nodes"]}
    # beta shares programs with gamma, cons, team1 and delta: the highest degree (4).
    assert nodes[ORG + "beta"]["size"] == MAX_NODE_SIZE
    # center is tied to alpha only (1 of 4): its area is a quarter of beta's range.
    expected = MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * math.sqrt(1 / 4)
    assert nodes[ORG + "center"]["size"] == pytest.approx(expected, abs=0.01)
    assert nodes[ORG + "delta"]["size"] > nodes[ORG + "alpha"]["size"]  # 3 ties against 2


def test_typed_ties_are_drawn_dashed_in_their_colour(mini_graph: Graph) -> None:
    data = page_data(make_map(mini_graph).html)
    pairs = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    supports = pairs[frozenset((ORG + "alpha", ORG + "delta"))]
    assert (supports["color"], supports["dashes"]) == tuple(TIE_STYLES["supports"])
    shared_only = pairs[frozenset((ORG + "team1", ORG + "delta"))]
    assert shared_only["dashes"] is False
    legend = {style["en"] for style in data["edgeStyles"]}
    assert {"member", "shared programs (width: how many)"} <= legend


def test_organisations_carry_programs_roles_years_and_measures(mini_graph: Graph) -> None:
    data = page_data(make_map(mini_graph).html)
    nodes = {n["id"]: n for n in data["nodes"]}
    gamma = nodes[ORG + "gamma"]
    assert gamma["label_ko"] == "성북의료복지사회적협동조합" and gamma["district"] == "11290"
    taken = {data["programs"][i][1]: (roles, years) for i, roles, years in gamma["taken"]}
    roles, years = taken["지역 통합돌봄 전략사업"]  # its program, role and year
    assert "consortium-lead" in roles.split(";") and years == "2021"
    measures = dict(zip((m[1] for m in data["measures"]), gamma["measures"], strict=True))
    assert measures["degree"] == 2  # tied to cons and beta
    assert {"betweenness centrality", "PageRank"} <= set(measures)
    assert data["terms"]["role"]["consortium-lead"][0]  # the role's Korean name travels along
    assert "title" not in gamma  # the page script makes the tooltip, as text


def test_every_data_string_is_escaped(xss_graph: Graph) -> None:
    page = make_map(xss_graph, MapSpec(title="<b>제목</b>"))
    for raw in ("<img src=x", "<svg onload", "<b onmouseover", "</script><script>", "<i>분야"):
        assert raw not in page.html
    assert "<title>&lt;b&gt;제목&lt;/b&gt;</title>" in page.html
    nodes = {n["id"]: n for n in page_data(page.html)["nodes"]}
    assert nodes[ORG + "img"]["label_ko"] == "<img src=x onerror=alert(1)>"  # text, not markup
    two_mode = make_map(xss_graph, MapSpec(network="two-mode"))
    for raw in ("<img src=x", "<svg onload", "<b onmouseover", "<i>분야"):
        assert raw not in two_mode.html
    titles = [n["title"] for n in page_data(two_mode.html)["nodes"] if "title" in n]
    assert titles and all("<img" not in t and "<svg" not in t for t in titles)


def test_script_json_cannot_close_its_element() -> None:
    value = {"a": "</script><!-- & \u2028 \u2029 >"}
    text = script_json(value)
    assert json.loads(text) == value
    assert not re.search(r"[<>&\u2028\u2029]", text)


def test_the_page_loads_nothing_from_the_network(mini_graph: Graph) -> None:
    html = make_map(mini_graph).html
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref\s*=", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"@import", html)
    for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert host not in html.lower()
    assert "vis.Network" in html and "DataSet" in html  # vis-network is inlined instead


def test_the_file_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    code = "from segraph.cli.main import main; main()"
    args = [sys.executable, "-c", code, "map", "--data", str(MINI), "-o", str(out)]
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    content = out.read_bytes().decode("utf-8")  # strict: raises on anything else
    assert '<meta charset="utf-8">' in content
    assert "사회적협동조합 함께강동" in content


def test_writing_is_atomic(mini_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old", "utf-8")
    with pytest.raises(UsageError):
        write_map(mini_graph, out, MapSpec(districts=("없는구",)))
    assert out.read_text("utf-8") == "old"
    page = write_map(mini_graph, out, MapSpec())
    assert out.read_text("utf-8") == page.html
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left
    with pytest.raises(UsageError, match="does not exist"):
        write_map(mini_graph, tmp_path / "missing" / "map.html")


def test_two_mode_view_shows_programs_as_diamonds(mini_graph: Graph) -> None:
    page = make_map(mini_graph, MapSpec(network="two-mode", color_by="area"))
    # 7 organisations and the 3 programs with participants (care, care-strategy, youth); one
    # edge per participation (8).
    assert (page.nodes, page.edges) == (10, 8)
    shapes = Counter(n["shape"] for n in page_data(page.html)["nodes"])
    assert shapes == {"dot": 7, "diamond": 3}


def test_filters_ego_and_names_as_users_type_them(mini_graph: Graph) -> None:
    for name in ("성북구", "성북", "Seongbuk-gu", "seongbuk", "11290"):
        network = select_network(mini_graph, MapSpec(districts=(name,)))
        assert set(network) == {ORG + "gamma", ORG + "cons"}
    network = select_network(mini_graph, MapSpec(kinds=("Enterprise",)))
    assert set(network) == {ORG + o for o in ("alpha", "beta", "gamma", "delta")}
    network = select_network(mini_graph, MapSpec(programs=("청년이 만드는 사회적경제 혁신사업",)))
    assert set(network) == {ORG + o for o in ("beta", "team1", "delta")}
    # beta's neighbourhood: gamma, cons, team1, delta and the 6 edges among the five.
    network = select_network(mini_graph, MapSpec(ego="미션잇", radius=1))
    assert set(network) == {ORG + o for o in ("beta", "gamma", "cons", "team1", "delta")}
    assert network.number_of_edges() == 6
    assert set(select_network(mini_graph, MapSpec(ego="Mission It", radius=0))) == {ORG + "beta"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            MapSpec(districts=("성북고",)),
            "districts '성북고': no district of that name (did you mean '성북' or '성북구'?)",
        ),
        (MapSpec(kinds=("entreprise",)), "(did you mean 'enterprise'?)"),
        (MapSpec(programs=("청년",)), "(did you mean '청년이 만드는 사회적경제 혁신사업'?)"),
        (MapSpec(ego="협동조합"), "ego '협동조합': matches 2:"),
        (MapSpec(ego="마을유히"), "(did you mean '마을유희'?)"),
        (MapSpec(size_by="fame"), "size_by 'fame': choose one of degree"),
    ],
)
def test_names_that_match_nothing_list_close_matches(
    mini_graph: Graph, spec: MapSpec, message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        map_view(mini_graph, spec)
    assert message in str(raised.value)


def test_district_layout_puts_each_organisation_nearest_its_own_district(
    seoul_graph: Graph,
) -> None:
    view = map_view(seoul_graph, MapSpec(layout="district"))
    assert not view.physics
    assert set(view.positions) == set(view.network)
    checked = 0
    for node, attrs in view.network.nodes(data=True):
        x, y = view.positions[node]
        if attrs["district"] not in SEOUL_DISTRICTS:
            continue
        nearest = min(
            SEOUL_DISTRICTS.values(),
            key=lambda d: math.dist((x, y), d.anchor),
        )
        assert nearest.code == attrs["district"], (attrs["label_ko"], nearest.name_ko)
        checked += 1
    assert checked >= 25
    # geography: 강서 lies west of 강동, 도봉 north of 서초 (y grows southwards)
    anchors = {a.key: a for a in view.anchors}
    assert anchors["11500"].x < anchors["11740"].x
    assert anchors["11320"].y < anchors["11650"].y


def test_sunflower_points_are_distinct_and_spread() -> None:
    points = sunflower(50, (100.0, 100.0), spacing=30.0)
    assert points == sunflower(50, (100.0, 100.0), spacing=30.0)
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 30.0


def test_large_graphs_are_laid_out_in_python(
    mini_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("segraph.drawing.view.PYTHON_LAYOUT_THRESHOLD", 5)
    page = make_map(mini_graph)
    data = page_data(page.html)
    assert data["physics"] is False
    assert "computed in Python" in data["note"]["en"]
    # the organisations and ties come in the compact form the page script expands
    members = data["drill"]["communities"]["all"]["members"]
    assert {data["drill"]["prefix"] + m[0] for m in members} == set(page.view.network)
    assert len(data["drill"]["communities"]["all"]["edges"]) == page.edges == 8
    assert all(isinstance(m[7], float) and isinstance(m[8], float) for m in members)
    again = page_data(make_map(mini_graph).html)
    assert again["drill"] == data["drill"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_writes_segraph_map_html_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("map", "--data", str(MINI))
    assert code == 0
    assert out.strip() == "wrote segraph-map.html: 7 nodes, 8 edges"
    assert (tmp_path / "segraph-map.html").is_file()


def test_cli_options(tmp_path: Path) -> None:
    out = tmp_path / "two.html"
    code, stdout, _ = run(
        "map", "--data", str(MINI), "--network", "two-mode", "--district", "마포", "--lang", "en",
        "--layout", "district", "--title", "Mapo", "-o", str(out),
    )  # fmt: skip
    assert code == 0
    assert stdout.strip() == f"wrote {out}: 2 nodes, 1 edges"  # delta and youth
    data = page_data(out.read_text("utf-8"))
    assert data["lang"] == "en" and data["title"] == {"ko": "Mapo", "en": "Mapo"}


def test_cli_unknown_name_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        "map", "--data", str(MINI), "--district", "Mapo-g", "-o", str(tmp_path / "m")
    )
    assert code == 2
    assert "--district 'Mapo-g': no district of that name (did you mean 'Mapo-gu'?)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "m").exists()


def test_palettes_give_distinct_colours() -> None:
    for count in (4, 12, 25, 60):
        colours = palette(count)
        assert len(set(colours)) == count
        assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)


def test_the_same_data_gives_the_same_page_in_every_process(tmp_path: Path) -> None:
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"map-{seed}.html"
        code = "from segraph.cli.main import main; main()"
        args = [sys.executable, "-c", code, "map", "--data", str(MINI), "--network", "two-mode"]
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([*args, "--color-by", "area", "-o", str(out)], env=env, check=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_colour_by_community_follows_segraph_communities(mini_graph: Graph) -> None:
    view = map_view(mini_graph, MapSpec(color_by="community"))
    expected = detect_communities(collaboration_network(mini_graph)).communities
    for members in expected:
        assert len({view.groups[node] for node in members}) == 1
    real = [members for members in expected if len(members) > 1]
    assert len({view.groups[members[0]] for members in real}) == len(real)
    assert sum(entry.count for entry in view.legend) == 7
    numbered = [entry.key for entry in view.legend if entry.key]
    assert numbered == [str(i) for i in range(1, len(real) + 1)]  # largest first


def test_size_by_a_measure_of_segraph_metrics(mini_graph: Graph) -> None:
    view = map_view(mini_graph, MapSpec(size_by="betweenness"))
    values = betweenness(collaboration_network(mini_graph))
    top = max(values.values())
    assert top > 0
    for node, value in values.items():
        assert (view.sizes[node] == MAX_NODE_SIZE) == (value == top)
    legend = page_data(make_map(mini_graph, MapSpec(size_by="pagerank")).html)["sizeBy"]
    assert legend == {"ko": "페이지랭크", "en": "PageRank"}  # the ontology's labels


def test_cli_open_hands_the_page_to_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **_: opened.append(url) or 0)
    out = tmp_path / "m.html"
    code, _, _ = run("map", "--data", str(MINI), "-o", str(out), "--open")
    assert code == 0
    assert opened == [str(out.resolve())]


def test_english_labels_fall_back_to_the_romanised_name(mini_graph: Graph) -> None:
    nodes = {n["id"]: n for n in page_data(make_map(mini_graph, MapSpec(lang="en")).html)["nodes"]}
    latin = [
        str(label)
        for label in mini_graph.objects(URIRef(ORG + "gamma"), RDFS.label)
        if label.language and label.language.lower() == "ko-latn"
    ]
    assert nodes[ORG + "gamma"]["label"] == nodes[ORG + "gamma"]["label_en"] == latin[0]
    assert nodes[ORG + "beta"]["label"] == "Mission It"  # a real English name wins


def test_directed_ties_say_which_way_they_run(mini_graph: Graph) -> None:
    data = page_data(make_map(mini_graph).html)
    pairs = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    # alpha supports delta (ties.csv): marked > when the edge runs alpha → delta, < otherwise
    supports = pairs[frozenset((ORG + "alpha", ORG + "delta"))]
    assert supports["ties"] == ("supports>" if supports["from"] == ORG + "alpha" else "supports<")
    # gamma and beta are members of cons, a directed tie; a partnership has no direction
    member = pairs[frozenset((ORG + "gamma", ORG + "cons"))]
    assert member["ties"] == ("member>" if member["from"] == ORG + "gamma" else "member<")
    partner = pairs[frozenset((ORG + "gamma", ORG + "beta"))]
    assert partner["ties"] == "partner"
    agreement = pairs[frozenset((ORG + "center", ORG + "alpha"))]
    assert agreement["ties"] == "agreement"


def test_isolated_organisations_can_be_left_out(seoul_graph: Graph) -> None:
    network = collaboration_network(seoul_graph)
    alone = {n for n in network if network.degree(n) == 0}
    assert alone
    page = make_map(seoul_graph, MapSpec(isolates="hide"))
    assert page.nodes == network.number_of_nodes() - len(alone)
    assert not {n["id"] for n in page_data(page.html)["nodes"]} & alone
    assert page_data(make_map(seoul_graph).html)["isolates"] == "apart"  # the default
    with pytest.raises(UsageError, match="isolates"):
        make_map(seoul_graph, MapSpec(isolates="ring"))


def test_the_ego_organisation_is_marked(mini_graph: Graph) -> None:
    data = page_data(make_map(mini_graph, MapSpec(ego="gamma")).html)
    assert data["ego"] == ORG + "gamma"
    assert data["ego"] in {n["id"] for n in data["nodes"]}
    assert page_data(make_map(mini_graph).html)["ego"] is None


def test_the_loading_indicator_comes_before_the_data_and_scripts(mini_graph: Graph) -> None:
    html = make_map(mini_graph).html
    assert html.index('id="loading"') < html.index('id="segraph-data"') < html.index("<script>")
