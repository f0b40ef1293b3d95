"""The competency questions: their form, their recorded answers on the bundled data, the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from segraph import build_graph
from segraph.cli.main import main
from segraph.errors import DataError
from segraph.network.writeback import enrich_graph
from segraph.sparql.competency import (
    CompetencyQuestion,
    load_questions,
    missing_requirements,
    read_expected,
    read_question,
    run_question,
    same_answer,
)
from segraph.sparql.competency_docs import questions_markdown
from segraph.sparql.query import select
from tests.conftest import MINI

QUESTIONS = load_questions()
DOCS_PAGE = Path(__file__).parent.parent / "docs" / "competency-questions.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def ids(cq: CompetencyQuestion) -> str:
    return cq.name


def test_at_least_twenty_questions() -> None:
    assert len(QUESTIONS) >= 20


@pytest.mark.parametrize("cq", QUESTIONS, ids=ids)
def test_each_question_is_asked_in_korean_and_english(cq: CompetencyQuestion) -> None:
    assert HANGUL.search(cq.question_ko)
    assert not HANGUL.search(cq.question_en) and cq.question_en.endswith("?")


@pytest.mark.parametrize("cq", QUESTIONS, ids=ids)
def test_each_question_orders_its_rows(cq: CompetencyQuestion) -> None:
    assert cq.query.form in ("SELECT", "ASK")
    assert cq.query.has_order_by or cq.query.form == "ASK"


@pytest.mark.parametrize("cq", QUESTIONS, ids=ids)
def test_each_question_gives_its_recorded_answer_on_the_bundled_data(
    cq: CompetencyQuestion, seoul_graph: Graph, request: pytest.FixtureRequest
) -> None:
    graph = request.getfixturevalue("metrics_graph") if cq.requires else seoul_graph
    assert not missing_requirements(graph, cq)
    expected = read_expected(cq)
    assert expected is not None, f"no recorded answer: segraph cq --record {cq.name}"
    assert len(expected.bindings) > 0 or cq.query.form == "ASK"
    actual = run_question(graph, cq)
    assert same_answer(expected, actual, ordered=cq.query.has_order_by)


def test_the_answers_are_not_all_empty() -> None:
    recorded = [read_expected(cq) for cq in QUESTIONS]
    assert sum(1 for r in recorded if r is not None and len(r.bindings) > 0) >= 20


def test_the_documentation_page_is_up_to_date() -> None:
    page = DOCS_PAGE.read_text(encoding="utf-8")
    assert page == questions_markdown(QUESTIONS), (
        "regenerate it: segraph cq --markdown -o docs/competency-questions.md"
    )


def _result(rows: list[list[Literal | URIRef | None]], names: list[str]) -> Result:
    from rdflib import Variable

    result = Result("SELECT")
    result.vars = [Variable(n) for n in names]
    result.bindings = [
        {Variable(n): t for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    return result


def test_answers_compare_by_value_and_by_order_only_when_ordered() -> None:
    from rdflib.namespace import XSD

    a = _result([[Literal("0.00", datatype=XSD.decimal)], [Literal("x", lang="ko-Latn")]], ["v"])
    b = _result([[Literal("0", datatype=XSD.decimal)], [Literal("x", lang="ko-latn")]], ["v"])
    swapped = _result([[Literal("x", lang="ko-latn")], [Literal("0", datatype=XSD.decimal)]], ["v"])
    assert same_answer(a, b, ordered=True)
    assert not same_answer(a, swapped, ordered=True)
    assert same_answer(a, swapped, ordered=False)
    assert not same_answer(a, _result([[Literal("1", datatype=XSD.decimal)], [None]], ["v"]), False)
    assert not same_answer(a, _result([[None], [None]], ["w"]), ordered=False)


def test_a_question_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# question-en: Which?\nSELECT * WHERE { ?s ?p ?o } ORDER BY ?s\n", "utf-8")
    with pytest.raises(DataError, match="question-ko"):
        read_question(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cq_lists_runs_and_checks() -> None:
    code, out, _ = run("cq")
    assert code == 0
    assert all(cq.name in out for cq in QUESTIONS)
    first = QUESTIONS[0]
    code, out, _ = run("cq", first.name.split("-", 1)[0])
    assert code == 0
    assert first.question_en in out and first.question_ko in out and "SELECT" in out
    code, _, err = run("cq", "--check")
    assert code == 0
    assert f"{len(QUESTIONS)} questions:" in err and "different" not in err
    code, _, err = run("cq", "no-such-question")
    assert code == 2 and "no competency question" in err


def test_cq_record_writes_answers_that_check_then_reports_a_change(tmp_path: Path) -> None:
    folder = tmp_path / "cq"
    folder.mkdir()
    source = QUESTIONS[0].path
    shutil.copy(source, folder / source.name)
    code, _, err = run("cq", "--questions", str(folder), "--record")
    assert code == 0 and "1 recorded" in err
    assert (folder / f"{QUESTIONS[0].name}.expected.json").is_file()
    code, _, err = run("cq", "--questions", str(folder), "--check")
    assert code == 0 and "1 same" in err
    code, _, err = run("cq", "--questions", str(folder), "--check", "--data", str(MINI))
    assert code == 1 and "1 different" in err


def test_the_suite_gives_the_recorded_answers_on_the_oxigraph_store() -> None:
    graph = build_graph(store="oxigraph")
    for cq in QUESTIONS:
        if missing_requirements(graph, cq):
            continue
        expected = read_expected(cq)
        assert expected is not None
        assert same_answer(expected, run_question(graph, cq), cq.query.has_order_by), cq.name


@pytest.fixture(scope="module")
def metrics_graph() -> Graph:
    """The bundled graph with the network measures of `segraph build --with-metrics`."""
    graph = build_graph()
    enrich_graph(graph)
    return graph


def test_the_order_is_total_whatever_order_the_triples_were_loaded_in(seoul_graph: Graph) -> None:
    """Ties left by an ORDER BY would come out in load order; shuffling the load shows them."""
    import random

    triples = sorted(seoul_graph, key=lambda t: tuple(map(str, t)))
    random.Random(2021).shuffle(triples)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    for cq in QUESTIONS:
        if missing_requirements(shuffled, cq):
            continue
        expected = read_expected(cq)
        assert expected is not None
        assert same_answer(expected, run_question(shuffled, cq), ordered=True), cq.name


def test_village_enterprise_questions_follow_the_scheme_not_iri_strings(
    seoul_graph: Graph,
) -> None:
    by_name = {q.name: q for q in load_questions()}
    stages = select(seoul_graph, by_name["08-village-enterprises-by-stage"].sparql)
    listed = select(seoul_graph, by_name["09-village-enterprises"].sparql)
    total = {row["stage"]: row["enterprises"] for row in stages}["village-enterprise"]
    # every designated village enterprise is listed once per stage, and no candidate is
    assert len({row["id"] for row in listed}) == total
    assert not any("preliminary" in (row["stage"] or "") for row in [*stages, *listed])
    preliminary = select(
        seoul_graph,
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE "
        "{ ?o seg:designation seg:designation-village-enterprise-preliminary }",
    )
    assert preliminary[0]["n"] > 0  # the data has candidates the questions leave out
