"""The competency questions: SPARQL queries with their question in Korean and English and their
expected answer on the bundled data, in ``ontology/competency/``.

Each question is a ``<name>.rq`` file whose first comment lines are::

    # question-en: Which organisations take part in more than one program?
    # question-ko: 둘 이상의 사업에 참여한 조직은 어디인가?
    # requires: metrics        (only for questions on the measures of build --with-metrics)

and its expected answer is ``<name>.expected.json`` beside it, in the SPARQL 1.1 Query Results
JSON format, written by :func:`record_answer` (``segraph cq --record``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from segraph._util.atomic import write_text_atomic
from segraph._util.resources import ontology_file
from segraph.errors import DataError, UsageError
from segraph.sparql.formats import format_rows, result_header, result_rows
from segraph.sparql.query import ParsedQuery, QueryTarget, parse_query, run_query

_HEADER = re.compile(r"^#\s*(question-en|question-ko|requires)\s*:\s*(.*?)\s*$")

#: Extra data a question may need, and the ASK query that tells whether a graph has it.
REQUIREMENTS: dict[str, str] = {
    "metrics": "ASK { ?org seg:betweenness ?value }",
}


@dataclass(frozen=True)
class CompetencyQuestion:
    """One competency question: its name, its question in both languages and its query."""

    name: str
    path: Path
    question_en: str
    question_ko: str
    requires: tuple[str, ...]
    query: ParsedQuery

    @property
    def expected_path(self) -> Path:
        """Where the expected answer is recorded."""
        return self.path.with_name(f"{self.name}.expected.json")

    @property
    def sparql(self) -> str:
        """The query without its header comment lines."""
        lines = self.query.text.splitlines()
        body = [line for line in lines if not _HEADER.match(line)]
        return "\n".join(body).strip() + "\n"


def competency_folder() -> Path:
    """The folder of the bundled competency questions."""
    return ontology_file("competency")


def read_question(path: Path) -> CompetencyQuestion:
    """Read one ``.rq`` file as a competency question (its header lines are required)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(path, f"cannot read the query: {error}") from None
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2))
    for key in ("question-en", "question-ko"):
        if not fields.get(key):
            raise DataError(path, f"the header line '# {key}: …' is missing")
    requires = tuple(r for line in fields.get("requires", []) for r in line.split())
    unknown = [r for r in requires if r not in REQUIREMENTS]
    if unknown:
        raise DataError(
            path, f"unknown requirement {unknown[0]!r} (known: {', '.join(REQUIREMENTS)})"
        )
    name = path.name.removesuffix(".rq")
    return CompetencyQuestion(
        name,
        path,
        fields["question-en"][0],
        fields["question-ko"][0],
        requires,
        parse_query(text, str(path)),
    )


def load_questions(folder: Path | None = None) -> list[CompetencyQuestion]:
    """Return every competency question of ``folder`` (the bundled ones by default), by name."""
    root = folder or competency_folder()
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder of competency questions")
    return [read_question(path) for path in sorted(root.glob("*.rq"))]


def find_question(questions: list[CompetencyQuestion], wanted: str) -> CompetencyQuestion:
    """Return the question named ``wanted`` (its file name, its name, or its number prefix)."""
    wanted = wanted.removesuffix(".rq")
    for cq in questions:
        if wanted in (cq.name, cq.name.split("-", 1)[0]):
            return cq
    names = ", ".join(cq.name for cq in questions)
    raise UsageError(f"no competency question '{wanted}' (known: {names})")


def missing_requirements(target: QueryTarget, cq: CompetencyQuestion) -> list[str]:
    """The requirements of ``cq`` that ``target`` does not meet (e.g. ``["metrics"]``)."""
    return [r for r in cq.requires if not run_query(target, REQUIREMENTS[r]).askAnswer]


def run_question(target: QueryTarget, cq: CompetencyQuestion) -> Result:
    """Run a competency question on a graph or an endpoint."""
    return run_query(target, cq.query)


def read_expected(cq: CompetencyQuestion) -> Result | None:
    """The recorded answer of ``cq`` (None when none is recorded)."""
    if not cq.expected_path.is_file():
        return None
    try:
        return Result.parse(io.BytesIO(cq.expected_path.read_bytes()), format="json")
    except Exception as error:  # rdflib's JSON parser raises bare exceptions
        raise DataError(cq.expected_path, f"not SPARQL results JSON: {error}") from None


def record_answer(cq: CompetencyQuestion, answer: Result) -> Path:
    """Write ``answer`` as the expected answer of ``cq`` (atomically) and return the path."""
    write_text_atomic(cq.expected_path, format_rows(answer, "json"))
    return cq.expected_path


def _canonical(term: Identifier | None) -> tuple[object, ...]:
    """A comparison key for a term that two SPARQL engines agree on: numbers by value (to 12
    significant digits), language tags in lower case, blank nodes all alike."""
    if term is None:
        return ("unbound",)
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    assert isinstance(term, Literal)
    if term.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long):
        try:
            number = Decimal(str(term))
        except InvalidOperation:
            return ("literal", str(term), str(term.datatype))
        return ("number", f"{float(number):.12g}")
    if term.datatype == XSD.boolean:
        return ("boolean", str(term).strip().lower() in ("true", "1"))
    datatype = "" if term.datatype in (None, XSD.string) else str(term.datatype)
    return ("literal", str(term), (term.language or "").lower(), datatype)


def canonical_answer(result: Result) -> tuple[list[str], list[tuple[tuple[object, ...], ...]]]:
    """Header and rows of a result as comparison keys (see :func:`same_answer`)."""
    rows = [tuple(_canonical(t) for t in row) for row in result_rows(result)]
    return result_header(result), rows


def same_answer(expected: Result, actual: Result, ordered: bool) -> bool:
    """True when two results have the same header and rows (in the same order if ``ordered``)."""
    header_a, rows_a = canonical_answer(expected)
    header_b, rows_b = canonical_answer(actual)
    if header_a != header_b:
        return False
    if not ordered:
        rows_a, rows_b = sorted(rows_a, key=repr), sorted(rows_b, key=repr)
    return rows_a == rows_b


#: The outcomes :func:`check_answers` gives, in the order summaries list them.
OUTCOMES: tuple[str, ...] = ("same", "different", "skipped", "recorded", "unrecorded")


def check_answer(target: QueryTarget, cq: CompetencyQuestion, record: bool = False) -> str:
    """Run ``cq`` on ``target`` and compare its answer with the recorded one (or, with
    ``record``, record it); return the outcome, one of :data:`OUTCOMES`.

    ``skipped``: the graph lacks what the question needs; ``unrecorded``: no answer recorded.
    """
    if missing_requirements(target, cq):
        return "skipped"
    answer = run_question(target, cq)
    if record:
        record_answer(cq, answer)
        return "recorded"
    expected = read_expected(cq)
    if expected is None:
        return "unrecorded"
    return "same" if same_answer(expected, answer, cq.query.has_order_by) else "different"
