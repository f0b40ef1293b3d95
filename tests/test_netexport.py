"""Network and JSON-LD exports, each read back with an independent reader."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF, RDFS

import segraph
from segraph._util.colours import palette, rgb
from segraph.cli.main import main
from segraph.network.views import collaboration_network
from segraph.rdf.namespaces import PREFIXES, SEG
from segraph.rdf.serialize import jsonld_context, serialize_graph
from segraph.readwrite.gephi import write_gexf, write_graphml
from segraph.readwrite.kumu import write_kumu_csv, write_kumu_json
from segraph.readwrite.network_files import clean_network, export_network
from segraph.readwrite.tables import write_csv

MINI = Path(__file__).parent / "fixtures" / "mini"
ORG = "https://w3id.org/segraph/id/org/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = segraph.build_graph(data=[MINI])
    # measures and communities as `segraph build --with-metrics` writes them
    for org_id, betweenness, community in (("center", 0.5, "c1"), ("beta", 0.25, "c1"),
                                           ("alpha", 0.0, "c2")):  # fmt: skip
        g.add((URIRef(ORG + org_id), SEG.betweenness, Literal(betweenness)))
        g.add(
            (
                URIRef(ORG + org_id),
                SEG.community,
                URIRef(f"https://w3id.org/segraph/id/community/{community}"),
            )
        )
    return g


@pytest.fixture(scope="module")
def network(graph) -> nx.Graph:
    return export_network(graph)


def test_measures_community_colour_and_size(network):
    center, beta, alpha = (network.nodes[ORG + i] for i in ("center", "beta", "alpha"))
    assert center["betweenness"] == 0.5 and center["community"] == "c1"
    assert (center["r"], center["g"], center["b"]) == (beta["r"], beta["g"], beta["b"])
    assert (center["r"], center["g"], center["b"]) != (alpha["r"], alpha["g"], alpha["b"])
    assert center["size"] == 30.0 and beta["size"] == 17.5 and alpha["size"] == 5.0
    assert center["label"] == "서울시사회적경제지원센터"


def test_layout_is_reproducible(graph, network):
    again = export_network(graph)
    assert [(d["x"], d["y"]) for _, d in sorted(again.nodes(data=True))] == [
        (d["x"], d["y"]) for _, d in sorted(network.nodes(data=True))
    ]


def test_clean_network_does_not_touch_its_input():
    original = nx.Graph()
    original.add_node("a", missing=None, items=["x", "y"], tags={"b", "a"})
    cleaned = clean_network(original)
    assert cleaned.nodes["a"] == {"missing": "", "items": "x;y", "tags": "a;b"}
    assert original.nodes["a"]["missing"] is None


def test_graphml_reads_back_in_networkx_and_igraph(tmp_path, graph, network):
    path = tmp_path / "net.graphml"
    write_graphml(network, path)
    back = nx.read_graphml(path)
    expected = collaboration_network(graph)
    assert set(back.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in expected.edges}
    node = back.nodes[ORG + "alpha"]
    assert node["label_ko"] == "사회적협동조합 함께강동" and node["district"] == "11740"
    assert node["segraph_id"] == "alpha"
    assert {"r", "g", "b", "x", "y", "size"} <= set(node)
    igraph = pytest.importorskip("igraph")
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert sorted(ig.vs["kind"]) == sorted(d["kind"] for _, d in expected.nodes(data=True))


def test_gexf_reads_back_with_viz(tmp_path, network):
    path = tmp_path / "net.gexf"
    write_gexf(network, path)
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(network.nodes)
    viz = back.nodes[ORG + "center"]["viz"]
    assert viz["size"] == 30.0
    assert {k: viz["color"][k] for k in "rgb"} == {
        k: network.nodes[ORG + "center"][k] for k in "rgb"
    }
    assert viz["position"]["x"] == network.nodes[ORG + "center"]["x"]
    assert back.nodes[ORG + "center"]["segraph_id"] == "center"
    assert back.nodes[ORG + "center"]["label"] == "서울시사회적경제지원센터"


def test_two_mode_gexf(tmp_path, graph):
    two_mode = export_network(graph, "two-mode")
    path = tmp_path / "two.gexf"
    write_gexf(two_mode, path)
    back = nx.read_gexf(path)
    kinds = {d.get("type") for _, d in back.nodes(data=True)}
    assert kinds == {"organisation", "program"}
    assert back.number_of_edges() == two_mode.number_of_edges()


def test_kumu_json(tmp_path, network):
    path = tmp_path / "kumu.json"
    write_kumu_json(network, path)
    blueprint = json.loads(path.read_text(encoding="utf-8"))
    labels = [e["label"] for e in blueprint["elements"]]
    assert len(labels) == len(set(labels)) == network.number_of_nodes()
    assert len(blueprint["connections"]) == network.number_of_edges()
    for connection in blueprint["connections"]:
        assert connection["from"] in labels and connection["to"] in labels
    by_label = {e["label"]: e for e in blueprint["elements"]}
    assert by_label["성북 컨소시엄"]["type"] == "consortium"
    assert by_label["마을유희"]["tags"] == ["village-enterprise", "village-enterprise-new"]
    assert by_label["마을유희"]["segraph id"] == "delta"
    # Kumu's "id" key would make it read from/to as ids rather than labels
    assert not any("id" in e for e in blueprint["elements"])


def test_kumu_and_plain_csv(tmp_path, network):
    write_kumu_csv(network, tmp_path / "kumu")
    with (tmp_path / "kumu" / "elements.csv").open(encoding="utf-8") as handle:
        elements = list(csv.DictReader(handle))
    with (tmp_path / "kumu" / "connections.csv").open(encoding="utf-8") as handle:
        connections = list(csv.DictReader(handle))
    assert list(elements[0])[:4] == ["Label", "Type", "Tags", "segraph id"]
    delta = next(e for e in elements if e["segraph id"] == "delta")
    assert delta["Tags"] == "village-enterprise|village-enterprise-new"
    assert list(connections[0])[:3] == ["From", "To", "Type"]
    assert {c["From"] for c in connections} <= {e["Label"] for e in elements}
    write_csv(network, tmp_path / "plain")
    with (tmp_path / "plain" / "nodes.csv").open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "plain" / "edges.csv").open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert sorted(n["node"] for n in nodes) == sorted(network.nodes)
    assert len(edges) == network.number_of_edges()


def test_jsonld_expands_back_to_the_same_triples():
    pyld = pytest.importorskip("pyld")
    graph = segraph.build_graph(data=[MINI])
    document = json.loads(serialize_graph(graph, "jsonld"))
    assert document["@context"] == jsonld_context()
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads"})
    back = Graph().parse(data=nquads, format="nt")
    assert len(back) == len(graph)
    # canonical blank-node labelling on both sides (the ontology's OWL lists are blank nodes)
    _, only_original, only_back = graph_diff(to_isomorphic(graph), to_isomorphic(back))
    assert not only_original and not only_back


def test_published_context_holds_every_prefix():
    assert jsonld_context() == {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def test_cli_export(tmp_path):
    runner = CliRunner()
    out = tmp_path / "mini.gexf"
    result = runner.invoke(
        main, ["export", "--data", str(MINI), "--format", "gexf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_nodes() == 7
    graphml = tmp_path / "mini.graphml"  # the format follows the suffix
    assert runner.invoke(main, ["export", "--data", str(MINI), "-o", str(graphml)]).exit_code == 0
    assert nx.read_graphml(graphml).number_of_nodes() == 7
    result = runner.invoke(main, ["export", "--data", str(MINI), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "--format missing: give --format (graphml" in result.output
    result = runner.invoke(main, ["export", "--data", str(MINI), "--format", "csv"])
    assert (
        result.exit_code == 2
        and "--output missing: --format csv writes two files; give a folder" in result.output
    )
    result = runner.invoke(main, ["export", "--data", str(MINI), "--format", "jsonld"])
    assert result.exit_code == 0 and json.loads(result.stdout_bytes)["@context"]["seg"]


def test_largest_groups_get_the_first_colours():
    g = Graph()
    for i in range(25):  # one community of 3, then 22 singletons
        org = URIRef(f"{ORG}o{i}")
        g.add((org, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
        g.add((org, RDFS.label, Literal(f"조직{i}", lang="ko")))
        community = "big" if i < 3 else f"s{i:02d}"
        g.add((org, SEG.community, URIRef(f"https://w3id.org/segraph/id/community/{community}")))
    network = export_network(g)
    colour = {n: (d["r"], d["g"], d["b"]) for n, d in network.nodes(data=True)}
    assert colour[f"{ORG}o0"] == colour[f"{ORG}o2"] == rgb(palette(1)[0])
    singles = [colour[f"{ORG}o{i}"] for i in range(3, 25)]
    assert colour[f"{ORG}o0"] not in singles and len(set(singles)) == 22  # every group its own


def test_network_export_computes_measures_and_communities_unless_told_not_to(
    tmp_path: Path,
) -> None:
    with_metrics, without = tmp_path / "with.gexf", tmp_path / "without.gexf"
    for path, flag in ((with_metrics, "--metrics"), (without, "--no-metrics")):
        result = CliRunner().invoke(
            main, ["export", "--data", str(MINI), "--format", "gexf", flag, "-o", str(path)]
        )
        assert result.exit_code == 0, result.output
    measured = nx.read_gexf(with_metrics)
    plain = nx.read_gexf(without)
    assert all(
        "betweenness" in data and "community" in data for _, data in measured.nodes(data=True)
    )
    assert not any("betweenness" in data for _, data in plain.nodes(data=True))
    # the centre of the tiny network: beta co-participates with most and is a partner and member
    ranked = sorted(measured.nodes(data=True), key=lambda item: -item[1]["degree"])
    assert ranked[0][1]["label_ko"] in {"(주)미션잇", "사회적협동조합 함께강동"}


def test_two_file_formats_refuse_a_file_as_their_folder(tmp_path: Path) -> None:
    taken = tmp_path / "nodes"
    taken.write_text("kept\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["export", "--data", str(MINI), "--format", "csv", "-o", taken]
    )
    assert result.exit_code == 2
    assert f"--output {taken}: a file; this format writes two files in a folder" in result.output
    assert taken.read_text(encoding="utf-8") == "kept\n"


def test_formal_only_ties_keep_a_weight_that_weighted_tools_use(graph: Graph) -> None:
    exported = export_network(graph, layer="formal")
    assert exported.number_of_edges() > 0
    for _, _, edge in exported.edges(data=True):
        assert edge["weight"] == edge["strength"] >= 1  # never 0, which Gephi and igraph drop
        assert edge["coparticipation_weight"] == 0
    both = export_network(graph)
    assert all(
        edge["weight"]
        == edge["coparticipation_weight"] + len([t for t in edge["ties"].split(";") if t])
        for _, _, edge in both.edges(data=True)
    )


@pytest.mark.parametrize("layer", ["both", "coparticipation", "formal"])
@pytest.mark.parametrize("weighting", ["count", "newman"])
def test_export_and_metrics_with_the_same_options_give_the_same_measures(
    tmp_path: Path, layer: str, weighting: str
) -> None:
    options = ["--data", str(MINI), "--layer", layer, "--weighting", weighting]
    runner = CliRunner()
    out = tmp_path / "nodes"
    result = runner.invoke(main, ["export", *options, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    metrics = runner.invoke(main, ["metrics", *options, "--format", "json"])
    assert metrics.exit_code == 0, metrics.output
    expected = {row["iri"]: row for row in json.loads(metrics.stdout)}
    with (out / "nodes.csv").open(encoding="utf-8") as handle:
        nodes = {row["node"]: row for row in csv.DictReader(handle)}
    with (out / "edges.csv").open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert set(nodes) == set(expected)
    for iri, row in nodes.items():
        for column, attribute in (
            ("degree", "degree"),
            ("betweenness", "betweenness"),
            ("pagerank", "pagerank"),
            ("community", "community"),
        ):
            assert float(row[attribute]) == pytest.approx(float(expected[iri][column])), (
                iri,
                column,
            )
        ends = sum(iri in (edge["source"], edge["target"]) for edge in edges)
        assert float(row["degree"]) == ends  # the degree counts the exported ties
