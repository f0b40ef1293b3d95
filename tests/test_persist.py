"""The persistent Oxigraph store: built once, reused while inputs are unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from segraph import build_graph, select
from segraph.cli.main import main
from segraph.errors import UsageError
from segraph.rdf.persist import FINGERPRINT_FILE, persistent_graph
from segraph.rdf.stores import triple_count

MINI = Path(__file__).parent / "fixtures" / "mini"

COUNT_ORGS = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a org:Organization }"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def fills(store: Path, data: Path) -> tuple[int, bool]:
    """Open the persistent graph of ``data``; return its organisation count and whether it built."""
    calls = []

    def fill(graph):  # type: ignore[no-untyped-def]
        calls.append(1)
        fresh = build_graph(data=[data], store="oxigraph", include_ontology=False)
        graph.addN((s, p, o, graph) for s, p, o in fresh)

    graph, rebuilt = persistent_graph(store, [data], {}, fill)
    count = select(graph, COUNT_ORGS)[0]["n"]
    graph.close()
    assert rebuilt == bool(calls)
    return count, rebuilt


def test_built_once_then_reused_until_an_input_changes(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    assert fills(store, data) == (7, True)
    assert fills(store, data) == (7, False)
    (data / "organisations.csv").touch()  # same contents: still reused
    assert fills(store, data) == (7, False)
    with (data / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write("epsilon,새마을,,,enterprise,,,,,,s1,\n")
    assert fills(store, data) == (8, True)
    assert fills(store, data) == (8, False)


def test_interrupted_build_is_redone(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    fills(store, data)
    (store / FINGERPRINT_FILE).unlink()
    assert fills(store, data) == (7, True)


def test_build_graph_with_store_path_matches_a_fresh_build(tmp_path: Path) -> None:
    options = {"store": "oxigraph", "include_ontology": False}
    first = build_graph(data=[MINI], store_path=tmp_path / "s", **options)
    triples = set(first)
    first.close()
    again = build_graph(data=[MINI], store_path=tmp_path / "s", **options)
    assert set(again) == triples == set(build_graph(data=[MINI], **options))
    assert triple_count(again) == len(triples)
    again.close()


def test_store_path_needs_oxigraph(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        build_graph(data=[MINI], store="memory", store_path=tmp_path / "s")


def test_cli_store_path(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["build", "--data", str(MINI), "--store-path", str(tmp_path / "s")]
    first = runner.invoke(main, [*args, "-o", str(tmp_path / "a.nt")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, [*args, "-o", str(tmp_path / "b.nt")])
    assert second.exit_code == 0, second.output
    a = sorted((tmp_path / "a.nt").read_text(encoding="utf-8").splitlines())
    assert a == sorted((tmp_path / "b.nt").read_text(encoding="utf-8").splitlines())
    assert (tmp_path / "s" / FINGERPRINT_FILE).is_file()
    clash = runner.invoke(main, [*args, "--store", "memory"])
    assert clash.exit_code == 2 and "--store-path" in clash.output
