"""segraph at national scale: one benchmark run, every figure measured side by side.

For each size (organisations of a synthetic ecosystem from ``segraph synth``) it measures, in the
same run:

* ``build oxigraph`` — ``build_graph(store="oxigraph")``: CSV → records → triples → Oxigraph;
* ``build memory`` — ``build_graph(store="memory")``: the same into rdflib's default store;
* ``floor`` — the N-Triples dump of that very graph bulk-loaded by raw ``pyoxigraph``
  (``Store().bulk_load``, the faster of strict and lenient): the floor any build can reach;
* ``naive`` — the same N-Triples parsed into rdflib's default store (``Graph().parse``);
* ``reopen`` — opening a persistent store (``--store-path``) whose inputs did not change;
* ``query`` — each competency question of ``ontology/competency/`` on the oxigraph store, each in
  its own forked process stopped after ``--query-limit`` seconds; the questions that need the
  network measures (``requires: metrics``) run in the metrics step, once the measures are
  written into the graph;
* ``network``, ``metrics``, ``map`` — the collaboration network, the analytics and the map, when
  those parts are installed.

Every step runs in a fresh forked child process, so its peak memory (``ru_maxrss`` of that child:
Python and Oxigraph's Rust allocations alike, not tracemalloc) is its own. Ratios are taken
between steps of the same run, because absolute times on a shared machine drift.

Usage::

    python benchmarks/run.py                      # 1k, 10k, 25k (~1 M triples) and 50k
    python benchmarks/run.py --sizes 1000,10000   # a subset
    python benchmarks/run.py --sizes 60 --output /tmp/r.md --no-naive   # a smoke run

It prints the table and writes it, with the machine described, to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from segraph._util.atomic import write_text_atomic
from segraph._util.text_table import format_table

#: Steps that --only can select (synth and the oxigraph build always run).
STEP_GROUPS: tuple[str, ...] = (
    "floor",
    "memory",
    "naive",
    "reopen",
    "queries",
    "network",
    "metrics",
    "map",
)
DEFAULT_SIZES = (1000, 10_000, 25_000, 50_000)
MILLION = 1_000_000

#: Targets of the national-scale issue.
BUILD_RATIO_TARGET = 2.0
QUERY_SECONDS_TARGET = 1.0
METRICS_SECONDS_TARGET = 60.0
PEAK_MB_TARGET = 4096.0


@dataclass
class Row:
    """One measured step."""

    orgs: int
    step: str
    seconds: float | None
    peak_mb: float | None
    note: str = ""
    triples: int | None = None


@dataclass
class Run:
    """Every row of a run, with what is needed to judge the targets."""

    rows: list[Row] = field(default_factory=list)
    triples: dict[int, int] = field(default_factory=dict)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    wall: float = 0.0
    command: str = ""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = fn(*args)
        conn.send(("ok", result, peak_mb()))
    except BaseException:
        conn.send(("error", traceback.format_exc(limit=3), peak_mb()))
    finally:
        conn.close()


def in_child(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """Run ``fn(*args)`` in a forked process; return its result and the child's peak MB."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args))
    process.start()
    sender.close()
    try:
        status, result, peak = receiver.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the step died (exit code {process.exitcode})") from None
    process.join()
    if status != "ok":
        raise RuntimeError(result)
    return result, peak


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn()`` took, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# ---- steps (each runs in its own child process) ------------------------------------------------


def step_synth(orgs: int, folder: Path) -> dict[str, Any]:
    from segraph.dataset.synthetic import SynthConfig, write_synthetic

    seconds, _ = timed(lambda: write_synthetic(SynthConfig(orgs=orgs, seed=1), folder))
    return {"seconds": seconds}


def step_build(folder: Path, store: str, dump: Path | None) -> dict[str, Any]:
    from segraph import build_graph
    from segraph.rdf.stores import oxigraph_of, triple_count

    seconds, graph = timed(lambda: build_graph(data=[folder], store=store))
    result = {"seconds": seconds, "triples": triple_count(graph)}
    if dump is not None:
        import pyoxigraph

        oxigraph_of(graph).dump(
            str(dump), pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
        )
    return result


def step_floor(dump: Path) -> dict[str, Any]:
    import pyoxigraph

    times = {}
    for lenient in (False, True):
        store = pyoxigraph.Store()
        times[lenient], _ = timed(
            lambda s=store, le=lenient: s.bulk_load(
                path=str(dump), format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=le
            )
        )
        count = len(store)
        del store
    best = min(times.values())
    return {
        "seconds": best,
        "triples": count,
        "note": f"strict {times[False]:.2f} s, lenient {times[True]:.2f} s",
    }


def step_naive(dump: Path) -> dict[str, Any]:
    from rdflib import Graph

    graph = Graph()
    seconds, _ = timed(lambda: graph.parse(str(dump), format="nt"))
    return {"seconds": seconds, "triples": len(graph)}


def step_persistent(folder: Path, store_path: Path) -> dict[str, Any]:
    from segraph import build_graph
    from segraph.rdf.stores import triple_count

    first, graph = timed(
        lambda: build_graph(data=[folder], store="oxigraph", store_path=store_path)
    )
    graph.close()
    seconds, graph = timed(
        lambda: build_graph(data=[folder], store="oxigraph", store_path=store_path)
    )
    count = triple_count(graph)
    graph.close()
    return {"seconds": seconds, "triples": count, "note": f"first build {first:.2f} s"}


def _answer(conn: Any, graph: Any, text: str) -> None:
    start = time.perf_counter()
    rows = sum(1 for _ in graph.query(text))
    conn.send((time.perf_counter() - start, rows))
    conn.close()


def time_question(graph: Any, text: str, limit: float) -> tuple[float | None, int | None]:
    """Seconds and rows of one query on ``graph``, run in a forked process (the graph is shared,
    not rebuilt) and stopped after ``limit`` seconds: (None, None) when it did not finish."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(sender, graph, text))
    process.start()
    sender.close()
    finished = receiver.poll(limit)
    if finished:
        try:
            seconds, rows = receiver.recv()
        except EOFError:
            finished = False
    if not finished:
        process.kill()
    process.join()
    return (seconds, rows) if finished else (None, None)


def time_questions(graph: Any, needing_metrics: bool, limit: float) -> dict[str, Any]:
    """Time the competency questions that need the network measures (or those that do not)."""
    from segraph.rdf.namespaces import sparql_prologue
    from segraph.sparql.competency import load_questions

    questions = [cq for cq in load_questions() if bool(cq.requires) == needing_metrics]
    return {cq.name: time_question(graph, sparql_prologue() + cq.sparql, limit) for cq in questions}


def step_queries(folder: Path, store: str, limit: float) -> dict[str, Any]:
    from segraph import build_graph

    graph = build_graph(data=[folder], store=store)
    return {"queries": time_questions(graph, needing_metrics=False, limit=limit)}


def query_rows(orgs: int, answers: dict[str, Any], peak: float, when: str = "") -> list[Row]:
    """One row per timed question; a question stopped at the limit has no time."""
    rows = []
    for name, (seconds, count) in answers.items():
        note = f"{count} rows" if seconds is not None else "STOPPED at the query limit"
        rows.append(Row(orgs, f"query: {name}", seconds, peak, note + when))
    return rows


def step_network(folder: Path) -> dict[str, Any]:
    from segraph import build_graph
    from segraph.network.views import collaboration_network

    graph = build_graph(data=[folder], store="oxigraph")
    seconds, network = timed(lambda: collaboration_network(graph))
    return {
        "seconds": seconds,
        "note": f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges",
    }


class StepTimeout(Exception):
    """A step ran past its time limit."""


def within(limit: float, fn: Callable[[], Any]) -> tuple[float, Any, bool]:
    """Run ``fn()`` for at most ``limit`` seconds (in a step's own process): seconds, its
    result (None when stopped) and whether it finished."""
    import signal

    def stop(_signum: int, _frame: Any) -> None:
        raise StepTimeout

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        result, finished = fn(), True
    except StepTimeout:
        result, finished = None, False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, result, finished


def breakdown(prefix: str) -> str:
    """The longest sub-steps recorded by :mod:`segraph._util.progress`, after ``prefix``."""
    from segraph._util.progress import FINISHED

    parts = sorted(FINISHED, key=lambda part: -part[1])[:8]
    return prefix + ", ".join(f"{label} {elapsed:.1f} s" for label, elapsed in parts)


def step_metrics(folder: Path, limit: float, query_limit: float) -> dict[str, Any]:
    from segraph import build_graph
    from segraph._util.progress import FINISHED
    from segraph.network.analysis import analyse
    from segraph.network.writeback import metrics_triples

    graph = build_graph(data=[folder], store="oxigraph")
    FINISHED.clear()
    seconds, analysis, finished = within(limit, lambda: analyse(graph))
    if not finished:
        note = f"STOPPED at the {limit:.0f} s limit, unfinished; "
        return {"seconds": seconds, "note": breakdown(note)}
    network = analysis.network
    note = breakdown(f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges; ")
    # the questions on the measures, once they are in the graph (as build --with-metrics does)
    graph.addN((s, p, o, graph) for s, p, o in metrics_triples(analysis))
    answers = time_questions(graph, needing_metrics=True, limit=query_limit)
    return {"seconds": seconds, "note": note, "queries": answers}


def step_map(folder: Path, html: Path, limit: float, level: str) -> dict[str, Any]:
    from segraph import build_graph
    from segraph._util.progress import FINISHED
    from segraph.drawing import MapSpec, write_map

    graph = build_graph(data=[folder], store="oxigraph")
    FINISHED.clear()
    spec = MapSpec(level=level)
    seconds, page, finished = within(limit, lambda: write_map(graph, html, spec))
    if finished:
        shown = f"{page.nodes} communities" if page.level == "community" else f"{page.nodes} nodes"
        size = html.stat().st_size
        return {
            "seconds": seconds,
            "note": breakdown(f"HTML {size / 1e6:.1f} MB ({size:,} bytes), {shown}; "),
        }
    return {"seconds": seconds, "note": breakdown(f"STOPPED at the {limit:.0f} s limit; ")}


def available(module: str) -> bool:
    """True when a segraph part is installed (the benchmark extends itself as parts land)."""
    import importlib.util

    return importlib.util.find_spec(module) is not None


# ---- the run --------------------------------------------------------------------------------


def measure_size(
    orgs: int,
    work: Path,
    run: Run,
    naive: bool,
    memory: bool,
    limit: float,
    metrics_at: set[int],
    only: frozenset[str] = frozenset(STEP_GROUPS),
    query_limit: float = 60.0,
) -> None:
    folder = work / f"synth-{orgs}"
    dump = work / f"synth-{orgs}.nt"

    def record(step: str, fn: Callable[..., Any], *args: Any) -> dict[str, Any] | None:
        log(f"{orgs} organisations: {step}")
        try:
            result, peak = in_child(fn, *args)
        except RuntimeError as error:
            last = str(error).strip().splitlines()[-1]
            run.rows.append(Row(orgs, step, None, None, f"failed: {last}"))
            log(f"  failed: {last}")
            return None
        if "seconds" in result:
            row = Row(orgs, step, result["seconds"], peak, result.get("note", ""))
            row.triples = result.get("triples")
            run.rows.append(row)
            log(f"  {result['seconds']:.2f} s, peak {peak:.0f} MB {row.note}")
        result["peak"] = peak
        return result

    record("synth (write CSV)", step_synth, orgs, folder)
    built = record("build oxigraph", step_build, folder, "oxigraph", dump)
    if built is not None:
        run.triples[orgs] = built["triples"]
    if dump.is_file() and "floor" in only:
        record("floor: pyoxigraph bulk load", step_floor, dump)
    if memory and "memory" in only:
        record("build memory", step_build, folder, "memory", None)
    if naive and dump.is_file() and "naive" in only:
        record("naive: rdflib parse", step_naive, dump)
    if "reopen" in only:
        record("reopen persistent store", step_persistent, folder, work / f"store-{orgs}")
    if "queries" in only:
        result = record("queries", step_queries, folder, "oxigraph", query_limit)
        if result is not None:
            run.rows.extend(query_rows(orgs, result["queries"], result["peak"]))
    if "network" in only:
        record("collaboration network", step_network, folder)
    if available("segraph.network.analysis") and orgs in metrics_at and "metrics" in only:
        result = record("metrics (analyse)", step_metrics, folder, limit, query_limit)
        if result is not None and "queries" in result:
            when = " (on the graph with the measures)"
            run.rows.extend(query_rows(orgs, result["queries"], result["peak"], when))
    if available("segraph.drawing") and "map" in only:
        # every organisation (what --level organisation draws), then one node per community
        # (what the default, --level auto, draws above 3,000 organisations)
        for level, step in (
            ("organisation", "map (write HTML)"),
            ("community", "map: communities"),
        ):
            record(step, step_map, folder, work / f"map-{orgs}-{level}.html", limit, level)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(work / f"store-{orgs}", ignore_errors=True)
    dump.unlink(missing_ok=True)


def find(run: Run, orgs: int, step: str) -> Row | None:
    """The row of ``step`` at ``orgs`` organisations, if it was measured."""
    for row in run.rows:
        if row.orgs == orgs and row.step == step and row.seconds is not None:
            return row
    return None


def ratio_to_floor(run: Run, row: Row) -> str:
    """How many times the floor of the same size the step took."""
    floor = find(run, row.orgs, "floor: pyoxigraph bulk load")
    building = row.step.startswith(("build", "naive", "reopen"))
    if floor is None or not building or row.seconds is None or not floor.seconds:
        return ""
    return f"{row.seconds / floor.seconds:.2f}×"


def table(run: Run) -> str:
    """The results as an aligned text table."""
    headers = ["orgs", "triples", "step", "seconds", "peak MB", "vs floor", "note"]
    lines = []
    for row in run.rows:
        lines.append(
            [
                row.orgs,
                run.triples.get(row.orgs, ""),
                row.step,
                None if row.seconds is None else round(row.seconds, 3),
                None if row.peak_mb is None else round(row.peak_mb),
                ratio_to_floor(run, row),
                row.note,
            ]
        )
    return format_table(headers, lines)


def million_size(run: Run) -> int | None:
    """The measured size whose triple count is nearest one million."""
    if not run.triples:
        return None
    return min(run.triples, key=lambda n: abs(run.triples[n] - MILLION))


def query_verdict(run: Run, size: int) -> str | None:
    """The competency questions at ``size`` against the target: the slowest, and every one over
    it (a question stopped at the query limit counts as over)."""
    timed = [r for r in run.rows if r.orgs == size and r.step.startswith("query: ")]
    if not timed:
        return None
    over = [r for r in timed if r.seconds is None or r.seconds > QUERY_SECONDS_TARGET]
    finished = [r for r in timed if r.seconds is not None]
    slowest = max(finished, key=lambda r: r.seconds or 0.0, default=None)
    head = (
        f"- Competency questions at that size on the oxigraph store ({len(timed)} timed): "
        + (f"slowest {slowest.step[7:]!r} {slowest.seconds:.2f} s; " if slowest else "")
        + f"target ≤ {QUERY_SECONDS_TARGET:g} s each: "
    )
    if not over:
        return head + "**met**"

    def shown(row: Row) -> str:
        return f"{row.step[7:]!r} " + (
            "stopped at the query limit" if row.seconds is None else f"{row.seconds:.2f} s"
        )

    return head + f"**missed** by {len(over)} of {len(timed)}: " + ", ".join(map(shown, over))


def verdicts(run: Run) -> list[str]:
    """Each target, met or missed (and by how much)."""
    out = []
    size = million_size(run)
    if size is not None:
        build = find(run, size, "build oxigraph")
        floor = find(run, size, "floor: pyoxigraph bulk load")
        if build and floor and build.seconds and floor.seconds:
            ratio = build.seconds / floor.seconds
            out.append(
                f"- Build of {run.triples[size]:,} triples ({size:,} organisations): "
                f"{build.seconds:.2f} s = {ratio:.2f}× the raw pyoxigraph bulk load "
                f"({floor.seconds:.2f} s); target ≤ {BUILD_RATIO_TARGET:g}×: "
                + (
                    "**met**"
                    if ratio <= BUILD_RATIO_TARGET
                    else f"**missed** by {ratio / BUILD_RATIO_TARGET:.2f}×"
                )
            )
        verdict = query_verdict(run, size)
        if verdict:
            out.append(verdict)
    largest = max(run.triples, default=None)
    if largest is not None:
        metrics = find(run, largest, "metrics (analyse)")
        if metrics is not None and metrics.note.startswith("STOPPED"):
            out.append(
                f"- All metrics on the {largest:,}-organisation collaboration network: stopped "
                f"after {metrics.seconds:.0f} s unfinished; target ≤ {METRICS_SECONDS_TARGET:g} s: "
                f"**missed** by more than {metrics.seconds / METRICS_SECONDS_TARGET:.1f}× "
                "(see the note of that step for where the time went)"
            )
        elif metrics is not None and metrics.seconds is not None:
            out.append(
                f"- All metrics on the {largest:,}-organisation collaboration network: "
                f"{metrics.seconds:.1f} s; target ≤ {METRICS_SECONDS_TARGET:g} s: "
                + (
                    "**met**"
                    if metrics.seconds <= METRICS_SECONDS_TARGET
                    else f"**missed** by {metrics.seconds / METRICS_SECONDS_TARGET:.2f}×"
                )
            )
        else:
            out.append("- Metrics: not measured in this run.")
    ours = [
        r
        for r in run.rows
        if r.peak_mb is not None and not r.step.startswith(("naive", "build memory"))
    ]
    if ours:
        worst = max(ours, key=lambda r: r.peak_mb or 0)
        out.append(
            f"- Peak memory of segraph's own steps: {worst.peak_mb:.0f} MB ({worst.step}, "
            f"{worst.orgs:,} organisations); target ≤ {PEAK_MB_TARGET:.0f} MB: "
            + ("**met**" if (worst.peak_mb or 0) <= PEAK_MB_TARGET else "**missed**")
        )
    return out


def machine() -> list[str]:
    """A description of the machine and the software versions."""
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = []
    for package in ("segraph", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "pyvis"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {cpu}, {cores} cores available ({os.cpu_count()} online)",
        f"- Memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- {', '.join(versions)}",
    ]


def report(run: Run) -> str:
    """RESULTS.md."""
    lines = [
        "# segraph at national scale: benchmark results",
        "",
        f"Produced by `{run.command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"in {run.wall / 60:.1f} minutes.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- Load average before / after the run: {run.load_before[0]:.2f} / "
        f"{run.load_after[0]:.2f} (a shared machine: absolute times drift, ratios between "
        "steps of the same run are what to read)",
        "",
        "## Targets",
        "",
        *verdicts(run),
        "",
        "## Every step",
        "",
        "Synthetic ecosystems from `segraph synth --orgs N --seed 1` (years 2021–2023). Each step "
        "runs in its own forked process; `peak MB` is that process's `ru_maxrss` (resident "
        "memory, Python and Oxigraph alike). `vs floor` divides by the raw pyoxigraph bulk load "
        "of the same triples in the same run. `query:` rows are the competency questions of "
        "`ontology/competency/` on the in-memory oxigraph store, each in its own process (time "
        "from sending the query to holding every row as rdflib terms); the questions on the "
        "network measures run after the metrics step, which writes the measures into the graph.",
        "",
        "```",
        table(run),
        "```",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of organisations (default: %(default)s)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).with_name("RESULTS.md"),
        help="where to write the results (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--no-naive", action="store_true", help="skip the rdflib parse baseline")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the build into rdflib's memory store"
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=300.0,
        help="stop the metrics and map steps after this many seconds and report how far they "
        "got (default: %(default)s)",
    )
    parser.add_argument(
        "--query-limit",
        type=float,
        default=60.0,
        help="stop a competency question after this many seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--only",
        default=",".join(STEP_GROUPS),
        help="comma-separated steps to run besides synth and the oxigraph build "
        "(default: all of %(default)s)",
    )
    parser.add_argument(
        "--metrics-everywhere",
        action="store_true",
        help="run the metrics at every size (default: only at the largest, where the target is)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(STEP_GROUPS)
    if unknown:
        parser.error(f"--only: unknown step(s) {', '.join(sorted(unknown))}")
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: expected numbers such as 1000,10000, got {args.sizes!r}")
    run = Run(
        command="python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    )
    run.load_before = os.getloadavg()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="segraph-bench-", dir=args.workdir) as scratch:
        for orgs in sizes:
            metrics_at = set(sizes) if args.metrics_everywhere else {max(sizes)}
            measure_size(
                orgs,
                Path(scratch),
                run,
                not args.no_naive,
                not args.no_memory,
                args.limit,
                metrics_at,
                frozenset(args.only.split(",")),
                args.query_limit,
            )
    run.wall = time.perf_counter() - start
    run.load_after = os.getloadavg()
    print(table(run))
    print()
    print("\n".join(verdicts(run)))
    write_text_atomic(args.output, report(run))
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
