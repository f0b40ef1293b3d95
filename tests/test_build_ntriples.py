"""``segraph build -o X.nt``: the triples written straight to N-Triples, without a store."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import segraph
from segraph.cli.main import main
from segraph.rdf.build import build_ntriples
from segraph.rdf.serialize import write_graph

FIXTURES = Path(__file__).parent / "fixtures"


def lines(path: Path) -> list[bytes]:
    return sorted(path.read_bytes().splitlines())


def test_the_file_holds_what_the_store_holds(tmp_path: Path) -> None:
    for data in ([], [FIXTURES / "mini", FIXTURES / "extra"]):
        direct, stored = tmp_path / "direct.nt", tmp_path / "stored.nt"
        count = build_ntriples(direct, data)
        write_graph(segraph.build_graph(data=data or None), stored)
        assert lines(direct) == lines(stored)
        assert count == len(lines(direct)) == len(set(lines(direct)))


def test_decimals_and_language_tags_are_written_as_oxigraph_stores_them(tmp_path: Path) -> None:
    build_ntriples(tmp_path / "g.nt")
    text = (tmp_path / "g.nt").read_bytes()
    assert b'"6018836000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert b'.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' not in text
    assert b"@ko-latn ." in text and b"@ko-Latn" not in text


def test_the_command_writes_the_same_triples_as_through_an_on_disk_store(tmp_path: Path) -> None:
    mini = str(FIXTURES / "mini")
    direct, stored = tmp_path / "direct.nt", tmp_path / "stored.nt"
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--data", mini, "-o", str(direct)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"triples to {direct}")
    store = tmp_path / "store"
    result = runner.invoke(
        main, ["build", "--data", mini, "--store-path", str(store), "-o", str(stored)]
    )
    assert result.exit_code == 0, result.output
    assert lines(direct) == lines(stored)
