"""SPARQL on a local graph: select/run_query, query checking, and the `segraph query` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD
from rdflib.query import Result

from segraph.cli.main import main
from segraph.rdf.namespaces import ID, PREFIXES, SEG, with_prologue
from segraph.rdf.stores import new_graph
from segraph.sparql.formats import format_rows, term_json
from segraph.sparql.query import QuerySyntaxError, parse_query, run_query, select
from tests.conftest import MINI

UNIT_IDS = "SELECT ?id WHERE { ?p a seg:UnitProgram ; seg:identifier ?id } ORDER BY ?id"


def mini_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file of the mini fixture, read independently of segraph's loader."""
    with (MINI / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def unit_program_ids() -> list[str]:
    return sorted(row["id"] for row in mini_csv("programs.csv") if row["level"] == "unit")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- the API ---------------------------------------------------------------------------------


def test_select_returns_plain_values_in_query_order(mini_graph: Graph) -> None:
    assert [row["id"] for row in select(mini_graph, UNIT_IDS)] == unit_program_ids()


def test_organisations_in_several_programs_match_the_csv(mini_graph: Graph) -> None:
    programs: dict[str, set[str]] = {}
    for row in mini_csv("participations.csv"):
        programs.setdefault(row["organisation"], set()).add(row["program"])
    expected = sorted(org for org, progs in programs.items() if len(progs) > 1)
    rows = select(
        mini_graph,
        """SELECT ?id WHERE { ?o seg:identifier ?id ; seg:participatesIn ?p }
           GROUP BY ?id HAVING (COUNT(DISTINCT ?p) > 1) ORDER BY ?id""",
    )
    assert [row["id"] for row in rows] == expected


def test_bindings_reach_the_query_as_terms_never_as_text() -> None:
    hostile = 'x" } ; ?s ?p ?o . FILTER(true) <script>\n\\'
    graph = Graph()
    graph.add((URIRef("urn:a"), RDFS.label, Literal(hostile)))
    graph.add((URIRef("urn:b"), RDFS.label, Literal("x")))
    query = "SELECT ?s WHERE { ?s rdfs:label ?name } ORDER BY ?s"
    assert select(graph, query, {"name": Literal(hostile)}) == [{"s": "urn:a"}]
    assert select(graph, query, {"name": Literal("nothing")}) == []


def test_ask_construct_and_describe_give_their_own_result_kinds(mini_graph: Graph) -> None:
    assert run_query(mini_graph, "ASK { ?p a seg:Program }").askAnswer is True
    built = run_query(
        mini_graph, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a seg:UnitProgram ; rdfs:label ?l }"
    )
    assert built.type == "CONSTRUCT"
    assert len(built.graph) == 2 * len(unit_program_ids())  # a Korean and an English label each
    described = run_query(mini_graph, f"DESCRIBE <{ID['org/beta']}>")
    assert (ID["org/beta"], SEG.identifier, Literal("beta")) in described.graph


def test_syntax_errors_name_the_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("SELECT ?x WHERE {\n  ?x ?y\n}", "bad.rq")
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert str(caught.value).startswith("bad.rq: line 2, column 3:")


def test_updates_and_unknown_prefixes_are_refused_with_a_message() -> None:
    with pytest.raises(QuerySyntaxError, match="update"):
        parse_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QuerySyntaxError, match="foo"):
        parse_query("SELECT * WHERE { ?s foo:bar ?o }")


def test_query_shape_checks() -> None:
    assert parse_query(UNIT_IDS + " LIMIT 2").has_order_by
    assert parse_query("SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s").has_order_by
    assert not parse_query("SELECT ?s WHERE { ?s ?p ?o }").has_order_by
    assert parse_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }").reaches_outside
    assert parse_query("SELECT * FROM <http://x/> WHERE { ?s ?p ?o }").reaches_outside
    assert not parse_query(UNIT_IDS).reaches_outside


def test_with_prologue_keeps_line_numbers_and_the_query_s_own_prefixes() -> None:
    query = "PREFIX seg: <urn:mine#>\nSELECT * WHERE {\n ?s ?p ?o }"
    text = with_prologue(query)
    assert text.count("\n") == query.count("\n")
    assert "PREFIX seg: <https://" not in text
    assert f"PREFIX org: <{PREFIXES['org']}>" in text


# -- segraph query ---------------------------------------------------------------------------


def test_query_prints_a_table() -> None:
    code, out, _ = run("query", "--data", str(MINI), UNIT_IDS)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].strip() == "id" and set(lines[1]) == {"-"}
    assert [line.strip() for line in lines[2:]] == unit_program_ids()


def test_query_csv_and_tsv_follow_the_sparql_formats() -> None:
    code, out, _ = run("query", "--data", str(MINI), "--format", "csv", UNIT_IDS)
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["id"], *([i] for i in unit_program_ids())]
    code, out, _ = run("query", "--data", str(MINI), "--format", "tsv", UNIT_IDS)
    assert out.splitlines() == ["?id", *(f'"{i}"' for i in unit_program_ids())]


def test_query_json_is_sparql_results_json() -> None:
    code, out, _ = run("query", "--data", str(MINI), "--format", "json", UNIT_IDS)
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == ["id"]
    values = [b["id"]["value"] for b in document["results"]["bindings"]]
    assert values == unit_program_ids()
    parsed = Result.parse(io.StringIO(out), format="json")
    assert [str(row[0]) for row in parsed] == unit_program_ids()
    code, out, _ = run("query", "--data", str(MINI), "--format", "json", "ASK { ?s ?p ?o }")
    assert json.loads(out) == {"head": {}, "boolean": True}


def test_query_construct_prints_rdf(tmp_path: Path) -> None:
    query = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a seg:UnitProgram ; rdfs:label ?l }"
    code, out, _ = run("query", "--data", str(MINI), "--format", "nt", query)
    assert code == 0
    expected = Graph()
    for row in mini_csv("programs.csv"):
        if row["level"] == "unit":
            expected.add(
                (ID[f"program/{row['id']}"], RDFS.label, Literal(row["name_ko"], lang="ko"))
            )
            expected.add(
                (ID[f"program/{row['id']}"], RDFS.label, Literal(row["name_en"], lang="en"))
            )
    assert isomorphic(Graph().parse(data=out, format="nt"), expected)
    target = tmp_path / "labels.ttl"
    code, _, _ = run("query", "--data", str(MINI), query, "-o", str(target))
    assert code == 0 and isomorphic(Graph().parse(target), expected)


def test_query_reads_a_rq_file(tmp_path: Path) -> None:
    path = tmp_path / "units.rq"
    path.write_text(UNIT_IDS, encoding="utf-8")
    code, out, _ = run("query", "--data", str(MINI), "--format", "csv", str(path))
    assert code == 0 and out.split()[1:] == unit_program_ids()
    code, _, err = run("query", str(tmp_path / "missing.rq"))
    assert code == 2 and "no such query file" in err


def test_query_syntax_error_is_one_line_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x WHERE {\n  ?x seg:identifier\n}\n", encoding="utf-8")
    code, out, err = run("query", "--data", str(MINI), str(path))
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        f"Error: {path}: line 2, column 3: syntax error near '?x seg:identifier'"
    ]


def test_query_refuses_what_it_cannot_do() -> None:
    code, _, err = run("query", "--data", str(MINI), "DELETE WHERE { ?s ?p ?o }")
    assert code == 1 and "read-only" in err and "Traceback" not in err
    code, _, err = run("query", "--data", str(MINI), "--format", "ttl", UNIT_IDS)
    assert code == 2 and "returns rows" in err
    code, _, err = run("query", "--data", str(MINI), "--endpoint", "http://127.0.0.1:9/q", UNIT_IDS)
    assert code == 2 and "--endpoint" in err
    code, _, err = run("query", "--endpoint", "file:///etc/passwd", UNIT_IDS)
    assert code == 2 and "not an http" in err
    code, _, err = run("query")
    assert code == 2


def test_query_on_an_unreachable_endpoint_is_one_line() -> None:
    from tests.sparql_servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    code, _, err = run("query", "--endpoint", url, "--timeout", "5", UNIT_IDS)
    assert code == 1
    assert err.strip().splitlines() == [
        f"Error: {url}: cannot reach the server: [Errno 111] Connection refused"
    ]


def test_query_prefixes_lists_every_predeclared_prefix() -> None:
    code, out, _ = run("query", "--prefixes")
    assert code == 0
    for prefix, namespace in PREFIXES.items():
        assert any(line.split() == [prefix, str(namespace)] for line in out.splitlines())


def test_query_reads_an_exported_graph_file(tmp_path: Path, mini_graph: Graph) -> None:
    exported = tmp_path / "mini.nt"
    mini_graph.serialize(exported, format="nt", encoding="utf-8")
    code, out, _ = run("query", "--graph", str(exported), "--format", "csv", UNIT_IDS)
    assert code == 0 and out.split()[1:] == unit_program_ids()


def test_tsv_keeps_every_term_as_rdflib_reads_it_back(mini_graph: Graph) -> None:
    query = """SELECT ?p ?name ?budget (COUNT(?x) AS ?n) WHERE {
        ?p a seg:UnitProgram ; rdfs:label ?name . OPTIONAL { ?p seg:budget ?budget }
        OPTIONAL { ?p seg:hasIndicator ?x } } GROUP BY ?p ?name ?budget ORDER BY ?p STR(?name)"""
    code, out, _ = run("query", "--data", str(MINI), "--format", "tsv", query)
    assert code == 0
    parsed = Result.parse(io.StringIO(out), format="tsv")
    expected = run_query(mini_graph, query)
    assert [tuple(row) for row in parsed] == [tuple(row) for row in expected]


def test_query_never_writes_over_its_inputs(tmp_path: Path) -> None:
    path = tmp_path / "units.rq"
    path.write_text(UNIT_IDS, encoding="utf-8")
    code, _, err = run("query", "--data", str(MINI), str(path), "-o", str(path))
    assert code == 2 and "refusing to overwrite" in err
    assert path.read_text(encoding="utf-8") == UNIT_IDS


XML_RESULTS = "http://www.w3.org/2005/sparql-results#"
TRICKY_ROWS = (
    'SELECT ?x ?y WHERE { VALUES (?x ?y) { (0 false) (0.5 UNDEF) (UNDEF UNDEF) ("a<&\\"" "k"@ko)'
    " (<urn:a> true) } }"
)


def _xml_cells(text: str) -> list[list[dict[str, str] | None]]:
    """The rows of SPARQL XML results as term_json dicts (None where unbound), read with
    ElementTree: rdflib's own reader drops rows with nothing bound."""
    ns = {"r": XML_RESULTS}
    names = [v.get("name") for v in ElementTree.fromstring(text).iterfind("r:head/r:variable", ns)]
    rows = []
    for result in ElementTree.fromstring(text).iterfind("r:results/r:result", ns):
        bound = {}
        for binding in result.iterfind("r:binding", ns):
            term = binding[0]
            kind = {"uri": "uri", "bnode": "bnode", "literal": "literal"}[term.tag.split("}")[1]]
            cell = {"type": kind, "value": term.text or ""}
            if term.get("datatype"):
                cell["datatype"] = term.get("datatype")
            if term.get("{http://www.w3.org/XML/1998/namespace}lang"):
                cell["xml:lang"] = term.get("{http://www.w3.org/XML/1998/namespace}lang")
            bound[binding.get("name")] = cell
        rows.append([bound.get(name) for name in names])
    return rows


def test_xml_and_json_results_keep_zero_false_and_unbound_rows() -> None:
    graph = new_graph()  # Oxigraph: rdflib's own engine drops the row with nothing bound
    expected = [
        [term_json(t) if t is not None else None for t in row[:2]]
        for row in run_query(graph, TRICKY_ROWS)
    ]
    assert len(expected) == 5 and [None, None] in expected
    assert {"type": "literal", "value": "false", "datatype": str(XSD.boolean)} in expected[0]
    as_json = json.loads(format_rows(run_query(graph, TRICKY_ROWS), "json"))
    rows = [[row.get(v) for v in ("x", "y")] for row in as_json["results"]["bindings"]]
    assert rows == expected
    assert _xml_cells(format_rows(run_query(graph, TRICKY_ROWS), "xml")) == expected
    text = format_rows(run_query(graph, "ASK { FILTER(false) }"), "xml")
    assert Result.parse(io.BytesIO(text.encode("utf-8")), format="xml").askAnswer is False


def test_select_gives_the_same_python_values_on_oxigraph_and_on_rdflib() -> None:
    """Oxigraph's rows are read into Python values without rdflib terms; they must be the values
    rdflib's own path gives, for every kind of term and for ill-typed literals."""
    subject = URIRef("https://w3id.org/segraph/id/x")
    values = [
        Literal("이름", lang="ko"),
        Literal("plain"),
        Literal("7", datatype=XSD.integer),
        Literal("-3", datatype=XSD.int),
        Literal("1.50", datatype=XSD.decimal),
        Literal("2.5E0", datatype=XSD.double),
        Literal("NaN", datatype=XSD.double),
        Literal("true", datatype=XSD.boolean),
        Literal("0", datatype=XSD.boolean),
        Literal("2021", datatype=XSD.gYear),
        Literal("2021-03-07", datatype=XSD.date),
        Literal("not a number", datatype=XSD.integer),
        Literal("x", datatype=URIRef("https://example.org/custom")),
        URIRef("https://example.org/other"),
    ]
    query = """SELECT ?i ?value ?none WHERE {
      ?s ?p ?value . BIND(STR(?p) AS ?i) OPTIONAL { ?s seg:nothing ?none } } ORDER BY ?i"""
    answers = []
    for store in ("memory", "oxigraph"):
        graph = new_graph(store)
        for index, value in enumerate(values):
            graph.add((subject, URIRef(f"https://example.org/p{index:02d}"), value))
        answers.append(select(graph, query))
    memory, oxigraph = answers
    assert len(oxigraph) == len(values)
    for left, right in zip(memory, oxigraph, strict=True):
        assert type(left["value"]) is type(right["value"]), left
        assert left["value"] == right["value"] or left["value"] != left["value"]  # NaN
    assert all(row["none"] is None for row in oxigraph)
