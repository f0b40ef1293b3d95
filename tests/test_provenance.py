"""Every analysis output says what produced it: segraph's version, the datasets and the
settings (GraphML graph attributes, the GEXF description, the report)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from segraph import __version__
from segraph.cli.main import main

SEOUL = "https://w3id.org/segraph/id/dataset/seoul-2021"


def run(*arguments: str) -> None:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output


def test_graphml_and_gexf_record_the_version_datasets_and_settings(tmp_path: Path) -> None:
    options = ["--layer", "coparticipation", "--weighting", "newman"]
    run("export", "-o", str(tmp_path / "n.graphml"), *options)
    attributes = nx.read_graphml(tmp_path / "n.graphml").graph
    assert attributes["segraph_version"] == __version__
    assert attributes["datasets"] == SEOUL
    assert (attributes["layer"], attributes["weighting"]) == ("coparticipation", "newman")
    assert (attributes["communities"], attributes["seed"]) == ("louvain", "42")
    assert (attributes["coverage_district"], attributes["coverage_kind"]) == ("61/187", "187/187")
    run("export", "-o", str(tmp_path / "n.gexf"), *options)
    meta = ET.parse(tmp_path / "n.gexf").getroot().find("{http://www.gexf.net/1.2draft}meta")
    description = meta.find("{http://www.gexf.net/1.2draft}description").text
    assert f"segraph_version={__version__}" in description
    assert f"datasets={SEOUL}" in description and "weighting=newman" in description
    run("export", "-o", str(tmp_path / "stored.graphml"), "--no-metrics")
    stored = nx.read_graphml(tmp_path / "stored.graphml").graph
    assert stored["segraph_version"] == __version__ and stored["datasets"] == SEOUL
    assert stored["measures"].startswith("as stored in the graph")


def test_the_report_names_version_datasets_settings_and_selection(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    run("report", "--no-charts", "--seed", "7", "--district", "마포구", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("segraph "))
    assert line.startswith(f"segraph {__version__}; datasets: {SEOUL};")
    assert "communities: louvain (seed 7, resolution 1)" in line
    assert "selection: districts" in line


def test_unweighted_measures_count_every_tie_once_and_say_so() -> None:
    result = CliRunner().invoke(main, ["metrics", "--unweighted", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(float(r["weighted_degree"]) == float(r["degree"]) for r in rows)
    assert {r["measures"] for r in rows} == {"unweighted"}
    weighted = list(
        csv.DictReader(io.StringIO(CliRunner().invoke(main, ["metrics", "--format", "csv"]).stdout))
    )
    assert any(float(r["weighted_degree"]) > float(r["degree"]) for r in weighted)
    assert {r["measures"] for r in weighted} == {"weighted"}


def test_the_metrics_run_in_the_graph_names_the_segraph_version(tmp_path: Path) -> None:
    from segraph import build_graph, select
    from segraph.network.writeback import enrich_graph

    graph = build_graph()
    enrich_graph(graph)
    rows = select(graph, "SELECT ?label WHERE { ?run a seg:MetricsRun ; rdfs:label ?label }")
    assert len(rows) == 1
    assert str(rows[0]["label"]).startswith(f"network metrics (segraph {__version__}):")


def test_the_report_in_korean_has_the_same_numbers_as_in_english(tmp_path: Path) -> None:
    from segraph.readwrite.report_text import TEXT

    korean, english = tmp_path / "ko.md", tmp_path / "en.md"
    for lang, path in (("ko", korean), ("en", english)):
        run("report", "--no-charts", "--null-samples", "10", "--lang", lang, "-o", str(path))
    ko, en = korean.read_text(encoding="utf-8"), english.read_text(encoding="utf-8")
    headings = [line for line in ko.splitlines() if line.startswith("## ")]
    assert headings == [
        TEXT["ko"][key]
        for key in ("size", "bridges", "central", "brokers", "communities", "across", "chance")
    ] + [TEXT["ko"]["charts"]]
    assert not any(TEXT["en"][key] in ko for key in ("size", "bridges", "communities", "chance"))
    numbers = re.compile(r"-?\d+\.\d{3}")
    assert numbers.findall(ko) == numbers.findall(en)  # the same measures, in the same order
    assert "서울시사회적경제지원센터 (Seoul Social Economy Center)" in ko
    assert "Seoul Social Economy Center (서울시사회적경제지원센터)" in en
    result = CliRunner().invoke(main, ["report", "--lang", "fr", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2 and "fr" in result.output


def test_every_analysis_csv_ends_with_the_version_and_the_datasets() -> None:
    for command in (
        ["nulls", "--samples", "2"],
        ["stability", "--seeds", "2"],
        ["stability", "--seeds", "2", "--organisations"],
        ["programs"],
        ["core"],
    ):
        result = CliRunner().invoke(main, [*command, "--format", "csv"])
        assert result.exit_code == 0, (command, result.output)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and list(rows[0])[-2:] == ["segraph_version", "datasets"], command
        assert {(r["segraph_version"], r["datasets"]) for r in rows} == {(__version__, SEOUL)}
