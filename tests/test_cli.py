"""The command line, through click's runner and as the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from segraph import build_graph, graph_stats, load_graph
from segraph.cli.main import main
from segraph.rdf.namespaces import SEG
from tests.conftest import EXTRA, MINI


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_graph_the_api_builds(tmp_path: Path) -> None:
    out = tmp_path / "mini.ttl"
    code, _, err = run("build", "--data", str(MINI), "-o", str(out))
    assert code == 0
    assert f"to {out}" in err
    assert isomorphic(load_graph(out), build_graph(data=[MINI]))


def test_build_prints_to_stdout_in_the_chosen_format() -> None:
    code, out, _ = run("build", "--data", str(MINI), "--format", "nt")
    assert code == 0
    graph = Graph().parse(data=out, format="nt")
    assert isomorphic(graph, build_graph(data=[MINI]))


def test_build_merges_folders_and_extra_rdf(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> 'c' .\n", encoding="utf-8")
    out = tmp_path / "all.nt"
    code, _, _ = run(
        "build", "--data", str(MINI), "--data", str(EXTRA), "--rdf", str(extra), "-o", str(out)
    )
    assert code == 0
    expected = build_graph(data=[MINI, EXTRA], rdf=[extra])
    assert isomorphic(load_graph(out), expected)


def test_build_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> 'c' .\n", encoding="utf-8")
    before = extra.read_bytes()
    code, _, err = run("build", "--data", str(MINI), "--rdf", str(extra), "-o", str(extra))
    assert code == 2
    assert "refusing to overwrite an input file" in err
    assert extra.read_bytes() == before


def test_stats_json_matches_the_api() -> None:
    code, out, _ = run("stats", "--data", str(MINI), "--format", "json")
    assert code == 0
    counts = json.loads(out)
    expected = json.loads(json.dumps(graph_stats(build_graph(data=[MINI])), default=str))
    assert counts == expected
    districts = {row["code"]: row["organisations"] for row in counts["districts"]}
    assert districts["11290"] == 2  # gamma and the consortium


def test_stats_table_and_graph_option(tmp_path: Path) -> None:
    exported = tmp_path / "mini.ttl"
    run("build", "--data", str(MINI), "-o", str(exported))
    code, out, _ = run("stats", "--graph", str(exported))
    assert code == 0
    assert "By district" in out and "성북구" in out


def test_bad_data_is_one_line_exit_1_without_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(MINI, folder)
    path = folder / "participations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "nobody,care,participant\n", "utf-8")
    code, _, err = run("build", "--data", str(folder))
    assert code == 1
    assert "participations.csv:10: column 'organisation': no organisation with id 'nobody'" in err
    assert "Traceback" not in err


def test_graph_and_data_together_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("stats", "--graph", str(tmp_path / "x.ttl"), "--data", str(MINI))
    assert code == 2
    assert "either --graph or --data" in err


@pytest.mark.skipif(
    shutil.which("segraph") is None and not Path(sys.executable).with_name("segraph").exists(),
    reason="the segraph console script is not installed",
)
def test_installed_console_script_runs_from_another_folder(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("segraph")
    command = str(script) if script.exists() else "segraph"
    result = subprocess.run(
        [command, "build", "--data", str(MINI), "-o", "out.ttl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert isomorphic(load_graph(tmp_path / "out.ttl"), build_graph(data=[MINI]))
    stats = subprocess.run(
        [command, "stats", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["triples"] > 1000  # the bundled dataset, found from anywhere


def test_a_bundled_dataset_can_be_named_in_data(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "dataset.toml").write_text('id = "mine"\ntitle = "Mine"\n', encoding="utf-8")
    (mine / "organisations.csv").write_text(
        "id,name_ko,kind\nnew-coop,새협동조합,enterprise\n", encoding="utf-8"
    )
    (mine / "participations.csv").write_text(
        "organisation,program,role\nnew-coop,area-strategy,participant\n"
        "seoul-se-center,area-strategy,organiser\n",
        encoding="utf-8",
    )
    out = tmp_path / "both.nt"
    code, _, err = run("build", "--data", str(mine), "--data", "seoul-2021", "-o", str(out))
    assert code == 0, err
    graph = load_graph(out)
    assert isomorphic(graph, build_graph(data=[mine, "seoul-2021"]))
    # the user's folder adds a participation to a bundled organisation, by its id
    center = URIRef("https://w3id.org/segraph/id/org/seoul-se-center")
    strategy = URIRef("https://w3id.org/segraph/id/program/area-strategy")
    assert (center, SEG.participatesIn, strategy) in graph
    assert (center, SEG.participatesIn, strategy) not in build_graph(data=["seoul-2021"])
