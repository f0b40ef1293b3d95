"""Hostile data: names that look like markup, code or query syntax survive unchanged, and no
SPARQL text in segraph is built by pasting values into it."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

import segraph
from segraph.rdf.iris import org_iri
from tests.errors_support import copy_mini, fails, read_rows, run, write_rows

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = {
    "alpha": '<script>alert("x")</script> & <b>',
    "beta": "Quote \" apostrophe ' backslash \\ end\\",
    "gamma": "brace } and {{ }} \\u0041 \\n",
    "delta": "first line\nsecond line\r\nthird",
    "cons": '"""; DROP ALL ; """ } UNION { ?s ?p ?o } #',
}


@pytest.fixture
def hostile_dataset(tmp_path: Path) -> Path:
    mine = copy_mini(tmp_path)
    rows = read_rows(mine / "organisations.csv")
    header = rows[0]
    for row in rows[1:]:
        org_id = row[header.index("id")]
        if org_id in HOSTILE:
            row[header.index("name_ko")] = HOSTILE[org_id]
            row[header.index("name_en")] = HOSTILE[org_id] + " (en)"
            row[header.index("alt_names")] = HOSTILE[org_id].replace(";", ",") + " alt"
            row[header.index("note")] = HOSTILE[org_id]
    write_rows(mine / "organisations.csv", rows)
    return mine


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_hostile_names_round_trip_through_export(
    hostile_dataset: Path, tmp_path: Path, fmt: str, parser: str
) -> None:
    output = tmp_path / f"graph.{fmt}"
    result = run("build", "--data", hostile_dataset, "-o", output, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(output, format=parser)
    for org_id, name in HOSTILE.items():
        node = org_iri(org_id)
        labels = set(graph.objects(node, RDFS.label))
        assert Literal(name, lang="ko") in labels
        assert Literal(name + " (en)", lang="en") in labels
        alt = Literal(name.replace(";", ",") + " alt", lang="ko")
        assert alt in set(graph.objects(node, SKOS.altLabel))
        assert Literal(name) in set(graph.objects(node, SKOS.editorialNote))


def test_hostile_names_reach_sparql_only_as_bound_terms(hostile_dataset: Path) -> None:
    graph = segraph.build_graph(data=[hostile_dataset], include_ontology=False)
    query = "SELECT ?org WHERE { ?org rdfs:label ?name } ORDER BY ?org"
    for org_id, name in HOSTILE.items():
        rows = segraph.select(graph, query, bindings={"name": Literal(name, lang="ko")})
        assert rows == [{"org": str(org_iri(org_id))}]


SPARQL_WORDS = re.compile(
    r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WHERE|FILTER|VALUES|BIND)\b"
)


#: Functions whose job is to write RDF terms into SPARQL text with proper escaping: the bindings
#: of a query sent to a server become a VALUES block of terms written by rdflib's ``n3()``
#: (hostile values are checked against a real server in tests/test_sparql_servers.py).
TERM_WRITERS = {("segraph/sparql/query.py", "_values_block")}


def _pasted_queries(path: Path, root: Path = ROOT) -> list[str]:
    """Places in ``path`` where SPARQL text is combined with values by string formatting."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(root).as_posix()
    allowed = {
        id(inner)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and (relative, function.name) in TERM_WRITERS
        for inner in ast.walk(function)
    }
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        text = None
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(v, ast.FormattedValue) for v in node.values
        ):
            text = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            sides = [node.left, node.right]
            constants = [
                s for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)
            ]
            if constants and len(constants) < 2:
                text = constants[0].value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            text = node.func.value.value
        if text and SPARQL_WORDS.search(text):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_the_checker_finds_pasted_values(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text(
        "q1 = f'SELECT ?x WHERE {{ ?x rdfs:label \"{name}\" }}'\n"
        "q2 = 'SELECT ?x WHERE { ?x ?p \"%s\" }' % name\n"
        "q3 = 'ASK { ?x ?p \"{}\" }'.format(name)\n"
        "q4 = 'SELECT ?x WHERE { ?x ?p ' + name + ' }'\n"
        "ok = sparql_prologue() + query\n"
        "ok2 = f'PREFIX {p}: <{ns}>'\n",
        encoding="utf-8",
    )
    assert _pasted_queries(path, tmp_path) == [f"sample.py:{n}" for n in (1, 2, 3, 4)]


def test_no_sparql_is_built_by_pasting_values() -> None:
    sources = sorted((ROOT / "segraph").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))
    assert sources
    pasted = [place for path in sources for place in _pasted_queries(path)]
    assert pasted == [], "SPARQL built by string formatting; use select(..., bindings=...)"


def test_terminal_tables_escape_control_characters(tmp_path: Path) -> None:
    hostile = "evil\x1b[2J\x1b]0;title\x07 name\nsecond line"
    graph = segraph.build_graph(data=[copy_mini(tmp_path)], include_ontology=False)
    node = org_iri("alpha")
    graph.remove((node, RDFS.label, None))
    graph.add((node, RDFS.label, Literal(hostile, lang="ko")))
    path = tmp_path / "hostile.nt"
    segraph.write_graph(graph, path)
    result = run("metrics", "--graph", path, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.output and "\x07" not in result.output
    lines = [line for line in result.output.splitlines() if "evil" in line]
    assert len(lines) == 1
    assert "evil\\x1b[2J\\x1b]0;title\\x07 name\\nsecond line" in lines[0]


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_hold_names_with_control_characters(
    tmp_path: Path, fmt: str, reader: Any
) -> None:
    graph = segraph.build_graph(data=[copy_mini(tmp_path)], include_ontology=False)
    node = org_iri("alpha")
    graph.remove((node, RDFS.label, None))
    graph.add((node, RDFS.label, Literal("a\x01b\x0bc <&>", lang="ko")))
    source = tmp_path / "hostile.nt"
    segraph.write_graph(graph, source)
    output = tmp_path / f"network.{fmt}"
    result = run("export", "--graph", source, "--format", fmt, "-o", output)
    assert result.exit_code == 0, result.stderr
    labels = {data.get("label") for _, data in reader(output).nodes(data=True)}
    assert any(str(label).startswith("a\ufffdb\ufffdc <&>") for label in labels), labels


def test_rdfxml_refuses_what_it_cannot_carry(tmp_path: Path) -> None:
    graph = segraph.build_graph(data=[copy_mini(tmp_path)], include_ontology=False)
    graph.add((org_iri("alpha"), RDFS.comment, Literal("bell\x07")))
    source = tmp_path / "hostile.nt"
    segraph.write_graph(graph, source)
    output = tmp_path / "out.rdf"
    fails(
        1,
        "build",
        "--graph",
        source,
        "--format",
        "xml",
        "-o",
        output,
        contains=[str(org_iri("alpha")), "U+0007", "RDF/XML cannot carry", "Turtle"],
    )
    assert not output.exists()
