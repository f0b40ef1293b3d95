"""``segraph cq``: list, run, check and record the competency questions."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from segraph._util.atomic import write_text_atomic
from segraph._util.text_table import format_table
from segraph.errors import UsageError
from segraph.sparql.competency import (
    OUTCOMES,
    CompetencyQuestion,
    check_answer,
    find_question,
    load_questions,
    missing_requirements,
    run_question,
)
from segraph.sparql.competency_docs import questions_markdown
from segraph.sparql.formats import format_rows
from segraph.sparql.query import QueryTarget

from .options import obtain_target, target_options


def _show(target: QueryTarget, cq: CompetencyQuestion) -> None:
    click.echo(f"== {cq.name}\n{cq.question_en}\n{cq.question_ko}\n\n{cq.sparql}")
    missing = missing_requirements(target, cq)
    if missing:
        click.echo(f"(skipped: the graph lacks {', '.join(missing)}; see segraph build --help)\n")
        return
    click.echo(format_rows(run_question(target, cq), "table"))


def _check(target: QueryTarget, questions: list[CompetencyQuestion], record: bool) -> int:
    """Run the questions, compare with (or record) their answers; return the number that differ."""
    counts = dict.fromkeys(OUTCOMES, 0)
    started = time.perf_counter()
    for cq in questions:
        outcome = check_answer(target, cq, record)
        counts[outcome] += 1
        click.echo(f"{outcome:<10}  {cq.name}", err=True)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    click.echo(f"{len(questions)} questions: {summary} in {elapsed:.2f} s", err=True)
    return counts["different"] + counts["unrecorded"]


@click.command()
@click.argument("names", nargs=-1)
@target_options
@click.option("--all", "run_all", is_flag=True, help="Run every question.")
@click.option(
    "--check",
    is_flag=True,
    help="Run the questions (all, or NAMES) and compare with the recorded answers; "
    "exit 1 if any differs.",
)
@click.option(
    "--record",
    is_flag=True,
    help="Run the questions (all, or NAMES) and record their answers as the expected ones.",
)
@click.option(
    "--markdown",
    is_flag=True,
    help="Write the documentation page: each question, its SPARQL and its recorded answer.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File for --markdown (default: standard output).",
)
@click.option(
    "--questions",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of .rq questions to use instead of the bundled ones.",
)
def cq(
    names: tuple[str, ...],
    data: tuple[Path, ...],
    rdf: tuple[Path, ...],
    graph_file: Path | None,
    store: str,
    endpoint: str | None,
    timeout: float,
    run_all: bool,
    check: bool,
    record: bool,
    markdown: bool,
    output: Path | None,
    folder: Path | None,
) -> None:
    """The competency questions: what a researcher asks of the graph, with recorded answers.

    \b
    segraph cq                       list the questions
    segraph cq NAME...               show the question, its SPARQL and its answer
    segraph cq --all                 the same for every question
    segraph cq --check               compare every answer with the recorded one
    segraph cq --check --endpoint URL   the same against a SPARQL server
    segraph cq --record              record the answers on the bundled data
    segraph cq --markdown -o docs/competency-questions.md

    NAME is the file name without .rq, or its number (e.g. 03).
    """
    if sum((check, record, markdown)) > 1:
        raise UsageError("give only one of --check, --record and --markdown")
    questions = load_questions(folder)
    chosen = [find_question(questions, name) for name in names] or questions
    if markdown:
        page = questions_markdown(chosen)
        if output is None:
            click.echo(page, nl=False)
        else:
            write_text_atomic(output, page)
            click.echo(f"wrote {len(chosen)} questions to {output}", err=True)
        return
    if not (names or run_all or check or record):
        rows = [[q.name, q.question_en, " ".join(q.requires)] for q in questions]
        click.echo(format_table(["name", "question", "needs"], rows))
        return
    target = obtain_target(data, rdf, graph_file, store, endpoint, timeout)
    if check or record:
        if _check(target, chosen, record):
            sys.exit(1)
        return
    for question in chosen:
        _show(target, question)
