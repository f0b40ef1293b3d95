"""``segraph metrics``, ``segraph report``, ``build --with-metrics`` and the write-back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from segraph import __version__, build_graph, load_graph, select, validate_graph
from segraph.cli.main import main
from segraph.network.analysis import (
    COLLABORATION_COLUMNS,
    PROVENANCE_COLUMNS,
    TWO_MODE_COLUMNS,
    AnalysisSettings,
    analyse,
    annotated_network,
)
from segraph.network.filters import network_filter
from segraph.network.writeback import decimal_literal, enrich_graph
from segraph.readwrite import report
from tests.conftest import MINI

ORG = "https://w3id.org/segraph/id/org/"
MINI_ORGS = {"alpha", "beta", "center", "cons", "delta", "gamma", "team1"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_metrics_csv_has_one_row_per_organisation_with_every_documented_column() -> None:
    code, out, _ = run("metrics", "--data", str(MINI), "--format", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert list(rows[0]) == [*COLLABORATION_COLUMNS, *PROVENANCE_COLUMNS]
    assert {row["id"] for row in rows} == MINI_ORGS
    assert {(row["segraph_version"], row["layer"], row["seed"]) for row in rows} == {
        (__version__, "both", "42")
    }
    betweenness = [float(row["betweenness"]) for row in rows]
    assert betweenness == sorted(betweenness, reverse=True)
    beta = next(row for row in rows if row["id"] == "beta")
    # beta shares a program with cons, gamma, delta and team1
    assert beta["degree"] == "4"
    documented = Path(__file__).parent.parent / "docs" / "analytics.md"
    text = documented.read_text(encoding="utf-8")
    for column in COLLABORATION_COLUMNS + TWO_MODE_COLUMNS + PROVENANCE_COLUMNS:
        assert f"`{column}`" in text, column


def test_metrics_json_top_sort_and_output_file(tmp_path: Path) -> None:
    out_file = tmp_path / "m.json"
    code, _, err = run(
        "metrics", "--data", str(MINI), "--format", "json", "--top", "2", "--sort", "degree",
        "-o", str(out_file),
    )  # fmt: skip
    assert code == 0 and "wrote 2 organisations" in err
    rows = json.loads(out_file.read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == ["beta", "delta"]  # degrees 4 and 3
    assert all(isinstance(row["degree"], int) for row in rows)


def test_metrics_on_the_two_mode_network_and_in_a_table() -> None:
    code, out, _ = run("metrics", "--data", str(MINI), "--network", "two-mode", "--format", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert list(rows[0]) == [*TWO_MODE_COLUMNS, *PROVENANCE_COLUMNS]
    assert next(r for r in rows if r["id"] == "beta")["programs"] == "2"
    code, out, _ = run("metrics", "--data", str(MINI))
    assert code == 0 and "betweenness" in out.splitlines()[0] and "성북 컨소시엄" in out


def test_metrics_filters_by_district_and_layer() -> None:
    code, out, _ = run(
        "metrics", "--data", str(MINI), "--district", "Seongbuk-gu", "--layer", "formal",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = csv_rows(out)
    assert {row["id"] for row in rows} == {"cons", "gamma"}
    assert all(row["degree"] == "1" for row in rows)  # gamma is a member of cons


@pytest.mark.parametrize(
    ("option", "value", "suggestion"),
    [
        ("--district", "마퍼구", "마포구"),  # "마포" itself is accepted
        ("--kind", "enterprize", "enterprise"),
        ("--program", "care-strateg", "care-strategy"),
    ],
)
def test_options_matching_nothing_name_close_matches(
    option: str, value: str, suggestion: str
) -> None:
    code, _, err = run("metrics", "--data", str(MINI), option, value)
    assert code == 2
    assert f"'{value}'" in err and suggestion in err and "Traceback" not in err


def test_unknown_sort_column_is_a_usage_error() -> None:
    code, _, err = run("metrics", "--data", str(MINI), "--sort", "fame")
    assert code == 2 and "cannot sort by 'fame'" in err


def test_report_writes_markdown_and_png_charts(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    code, _, _ = run("report", "--data", str(MINI), "-o", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    for heading in ("## Size and shape", "## Bridges", "## Communities", "## Ties across"):
        assert heading in text
    assert "Organisations: **7**" in text
    assert "Mission It ((주)미션잇)" in text  # the English name first in English
    for chart in ("report-degree.png", "report-communities.png"):
        assert f"]({chart})" in text
        assert (tmp_path / chart).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_report_without_matplotlib_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(report, "charts_available", lambda: False)
    target = tmp_path / "r.md"
    analysis = analyse(build_graph(data=[MINI]))
    assert report.write_report(analysis, target) == [target]
    assert "matplotlib is not installed" in target.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.png"))


def test_markdown_escapes_names_from_the_data() -> None:
    assert report.md("a|b <script>*x*") == "a\\|b &lt;script&gt;\\*x\\*"


def test_annotated_network_has_plain_attributes_that_graph_writers_accept(
    mini_graph: Graph, tmp_path: Path
) -> None:
    network = annotated_network(analyse(mini_graph))
    for _, data in network.nodes(data=True):
        assert all(type(v) in (str, int, float, bool) for v in data.values())
        assert "betweenness" in data and "community" in data
    for _, _, data in network.edges(data=True):
        assert all(type(v) in (str, int, float, bool) for v in data.values())
    nx.write_graphml(network, tmp_path / "n.graphml")
    nx.write_gexf(network, tmp_path / "n.gexf")
    back = nx.read_graphml(tmp_path / "n.graphml")
    assert back.nodes[ORG + "beta"]["degree"] == 4


def test_analysis_is_identical_across_runs_and_leaves_the_rdf_graph_alone(
    mini_graph: Graph,
) -> None:
    before = len(mini_graph)
    first = analyse(mini_graph)
    second = analyse(mini_graph)
    assert first.measures == second.measures and first.partition == second.partition
    assert first.brokerage == second.brokerage
    assert len(mini_graph) == before


def test_filters_resolve_names_to_codes(mini_graph: Graph) -> None:
    flt = network_filter(
        mini_graph, districts=["마포구", "11290"], programs=["지역 통합돌봄 전략사업"]
    )
    assert flt.districts == {"11440", "11290"}
    settings = AnalysisSettings(filter=flt)
    assert set(analyse(mini_graph, settings).network) == {ORG + "cons", ORG + "gamma"}


MEASURE_QUERY = """
SELECT ?org ?degree ?betweenness ?community ?size WHERE {
  ?org seg:degree ?degree ; seg:betweenness ?betweenness ; seg:community ?community .
  ?community a seg:Community ; seg:communitySize ?size ; prov:wasGeneratedBy ?run .
  ?run a seg:MetricsRun , prov:Activity .
} ORDER BY ?org
"""


def test_build_with_metrics_writes_queryable_triples(tmp_path: Path) -> None:
    out = tmp_path / "mini.ttl"
    code, _, _ = run("build", "--data", str(MINI), "--with-metrics", "-o", str(out))
    assert code == 0
    graph = load_graph(out)
    rows = select(graph, MEASURE_QUERY)
    analysis = analyse(build_graph(data=[MINI]))
    assert {row["org"] for row in rows} == {ORG + org for org in MINI_ORGS}
    membership = analysis.partition.membership()
    for row in rows:
        measures = analysis.measures[row["org"]]
        assert row["degree"] == measures["degree"]
        assert float(row["betweenness"]) == pytest.approx(measures["betweenness"], abs=1e-9)
        assert row["community"].endswith(f"/community/louvain/{membership[row['org']]}")
        size = len(analysis.partition.communities[membership[row["org"]] - 1])
        assert row["size"] == size
    runs = select(graph, "SELECT ?m WHERE { ?r a seg:MetricsRun ; seg:modularity ?m }")
    assert float(runs[0]["m"]) == pytest.approx(analysis.partition.modularity, abs=1e-9)


def test_enriching_twice_leaves_one_set_of_values(mini_graph: Graph) -> None:
    graph = Graph()
    for triple in mini_graph:
        graph.add(triple)
    enrich_graph(graph)
    once = len(graph)
    enrich_graph(graph)
    assert len(graph) == once
    assert len(select(graph, "SELECT ?r WHERE { ?r a seg:MetricsRun }")) == 1


def test_decimal_literals_have_no_exponent() -> None:
    assert decimal_literal(1e-7) == Literal("0.0000001", datatype=XSD.decimal)
    assert decimal_literal(3) == Literal("3", datatype=XSD.decimal)
    assert Decimal(str(decimal_literal(2 / 3))) == Decimal("0.666666667")


def test_sparql_finds_the_strongest_brokers_of_a_district(seoul_graph: Graph) -> None:
    graph = Graph()
    for triple in seoul_graph:
        graph.add(triple)
    enrich_graph(graph)
    rows = select(
        graph,
        """
        SELECT ?org ?b WHERE {
          ?org seg:locatedIn ?d ; seg:betweenness ?b . ?d rdfs:label "마포구"@ko .
        } ORDER BY DESC(?b) ?org LIMIT 5
        """,
    )
    assert rows and all(r["org"].startswith(ORG) for r in rows)
    values = [r["b"] for r in rows]
    assert values == sorted(values, reverse=True) and values[0] > 0


def test_metrics_are_identical_across_processes_with_different_hash_seeds() -> None:
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", "from segraph.cli.main import main; main()", "metrics",
             "--format", "csv"],
            capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
        )  # fmt: skip
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert len(csv_rows(outputs.pop().decode("utf-8"))) > 100


def test_a_year_without_participations_and_an_empty_selection_are_usage_errors() -> None:
    code, _, err = run("metrics", "--data", str(MINI), "--year", "1999")
    assert (
        code == 2 and "--year 1999: no participation in that year (years in the data: 2021)" in err
    )
    code, _, err = run("metrics", "--data", str(MINI), "--program", "intl")  # nobody takes part
    assert code == 2 and "no organisation matches the filters" in err


def test_metrics_of_a_network_without_ties_are_defined() -> None:
    code, out, _ = run("metrics", "--data", str(MINI), "--kind", "team", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["id"] == "team1" and row["degree"] == 0 and row["constraint"] == 1.0
    assert row["community"] == 1


def test_report_states_the_selection(tmp_path: Path) -> None:
    target = tmp_path / "enterprises.md"
    code, _, err = run(
        "report", "--data", str(MINI), "--kind", "enterprise", "--no-charts", "-o", str(target)
    )
    assert code == 0 and "matplotlib" not in err
    text = target.read_text(encoding="utf-8")
    assert "- Selection: kinds enterprise." in text
    assert "Organisations: **4**" in text  # alpha, beta, gamma, delta
    assert "Charts were not drawn: not requested (--no-charts)." in text


def test_an_enriched_graph_still_conforms_to_the_shapes(mini_graph: Graph) -> None:
    graph = Graph()
    for triple in mini_graph:
        graph.add(triple)
    enrich_graph(graph)
    report_ = validate_graph(graph)
    assert report_.conforms, report_.text()


def test_seed_and_resolution_are_options_recorded_in_the_report(tmp_path: Path) -> None:
    def communities(*extra: str) -> int:
        code, out, err = run("metrics", "--format", "csv", *extra)
        assert code == 0, err
        return len({row["community"] for row in csv_rows(out)})

    coarse, fine = communities("--resolution", "0.3"), communities("--resolution", "3")
    assert coarse < fine
    assert communities("--seed", "7") == communities("--seed", "7")
    code, _, err = run("metrics", "--resolution", "0")
    assert code == 2 and "--resolution" in err
    code, _, err = run("report", "--seed", "7", "--resolution", "2", "-o", str(tmp_path / "r.md"))
    assert code == 0, err
    assert "(seed 7, resolution 2)" in (tmp_path / "r.md").read_text(encoding="utf-8")
