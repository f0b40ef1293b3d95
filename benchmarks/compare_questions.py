"""Time the competency questions of two revisions side by side on one Oxigraph store.

Each question's text is read from the working tree ("after") and from a git revision ("before",
default ``main``); both run on the same store, opened once, in the same run. Every query runs in
a forked child of this process (the store is shared, not reloaded) so that a query that does not
finish can be stopped at ``--timeout`` seconds (wall clock). Its time is the CPU time of the child
from sending the query to holding every row as rdflib terms: on a shared machine the wall clock
counts the other processes too, CPU time does not. The answers of
the two versions are compared as ``segraph cq --check`` compares them.

Usage::

    python benchmarks/compare_questions.py --store-path /tmp/store-25k --data synth-25000/
    python benchmarks/compare_questions.py --data synth-25000/ --before v1 --repeat 3

The store is built into ``--store-path`` on the first run (``segraph build --store-path``) and
reopened afterwards; without it the graph is built into an in-memory Oxigraph store. It prints
a Markdown table: question, rows, CPU seconds before and after, and whether the answers agree.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from segraph import build_graph
from segraph.sparql.competency import load_questions, missing_requirements, same_answer
from segraph.sparql.query import parse_query, run_query

REPOSITORY = Path(__file__).resolve().parent.parent


def text_at(revision: str, path: Path) -> str | None:
    """The text of ``path`` (in this repository) at git ``revision``, None when it is absent."""
    relative = path.resolve().relative_to(REPOSITORY)
    shown = subprocess.run(
        ["git", "show", f"{revision}:{relative}"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    return shown.stdout if shown.returncode == 0 else None


def _child(conn: Any, graph: Any, text: str, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = run_query(graph, text)
        rows = [tuple(row) for row in result]
        times.append(time.process_time() - start)
    conn.send_bytes(pickle.dumps((min(times), result.vars, rows)))
    conn.close()


def timed_answer(graph: Any, text: str, timeout: float, repeat: int) -> tuple[float | None, Any]:
    """Best time of ``repeat`` runs of ``text`` and its result (None, None past ``timeout``)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, graph, text, repeat))
    process.start()
    sender.close()
    if not receiver.poll(timeout * repeat):
        process.kill()
        process.join()
        return None, None
    seconds, names, rows = pickle.loads(receiver.recv_bytes())
    process.join()
    from rdflib.query import Result

    result = Result("SELECT")
    result.vars = names
    result.bindings = [
        {name: term for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    return seconds, result


def cell(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:g}" if seconds is None else f"{seconds:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="dataset folder")
    parser.add_argument(
        "--store-path", type=Path, help="persistent store folder (default: an in-memory store)"
    )
    parser.add_argument("--before", default="main", help="git revision of the old questions")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per query")
    parser.add_argument("--repeat", type=int, default=1, help="runs per query (best is kept)")
    parser.add_argument("names", nargs="*", help="questions to time (default: all)")
    args = parser.parse_args()
    graph = build_graph(data=[args.data], store="oxigraph", store_path=args.store_path)
    print("| question | rows | before (CPU s) | after (CPU s) | same answer |")
    print("|---|---:|---:|---:|---|")
    for cq in load_questions():
        if args.names and not any(cq.name.startswith(n) for n in args.names):
            continue
        if missing_requirements(graph, cq):
            print(f"| {cq.name} | | | | skipped: the graph lacks {', '.join(cq.requires)} |")
            continue
        old = text_at(args.before, cq.path)
        before, old_answer = (None, None)
        if old is not None:
            parse_query(old)
            before, old_answer = timed_answer(graph, old, args.timeout, args.repeat)
        after, new_answer = timed_answer(graph, cq.query.text, args.timeout, args.repeat)
        rows = "" if new_answer is None else len(new_answer.bindings)
        if old_answer is None or new_answer is None:
            same = "?"
        else:
            same = "yes" if same_answer(old_answer, new_answer, cq.query.has_order_by) else "NO"
        print(
            f"| {cq.name} | {rows} | {cell(before, args.timeout)} | "
            f"{cell(after, args.timeout)} | {same} |",
            flush=True,
        )
    graph.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
