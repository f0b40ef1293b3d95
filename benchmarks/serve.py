"""``segraph serve`` against ``oxigraph serve`` on the same data, in one run.

Both servers hold the graph in memory (Oxigraph's server loaded by a PUT of the N-Triples file)
and answer the same query mix: the competency questions that need no network measures, plus
queries whose answers are easy to get wrong (unbound rows, ``0``/``false`` literals, an empty
result, ``GRAPH ?g``). For each server, ``--clients`` threads send queries for ``--seconds``
seconds, each on a new connection, in the mix's order from a different starting point; every
answer is compared with Oxigraph's answer to the same query, read once before the load (SPARQL
JSON results, rows compared as multisets). Then
``--slow`` connections trickle a request to ``segraph serve`` one byte a second while a normal
query is timed.

Usage::

    python benchmarks/serve.py                      # 2,000 synthetic organisations
    python benchmarks/serve.py --orgs 20000 --clients 50 --seconds 20 -o benchmarks/SERVE.md

Targets: throughput at least half of Oxigraph's, no wrong answer, and the normal query answered
within 2 s while the slow connections are open.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "tests"))

from sparql_servers import free_port, oxigraph_command, running  # noqa: E402

from segraph.rdf.namespaces import with_prologue  # noqa: E402
from segraph.sparql.competency import load_questions  # noqa: E402

TRICKY = {
    "unbound rows": "SELECT ?x WHERE { VALUES ?x { UNDEF 1 UNDEF } }",
    "optional unbound": (
        "SELECT ?p ?spent WHERE { ?p a seg:Program OPTIONAL { ?p seg:spent ?spent } }"
    ),
    "zero and false": 'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { (0 0.0 false) ("" 1 true) } }',
    "empty result": "SELECT ?s WHERE { ?s a <http://example.org/Nothing> }",
    "named graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ask": "ASK { ?p a seg:Program }",
}
JSON_RESULTS = "application/sparql-results+json"


def query_mix() -> dict[str, str]:
    """Name → query text (segraph's prefixes declared, so that Oxigraph reads it too)."""
    mix = {cq.name: cq.query.text for cq in load_questions() if not cq.requires}
    mix.update(TRICKY)
    return {name: with_prologue(text) for name, text in mix.items()}


def ask(url: str, query: str, timeout: float = 60) -> bytes:
    """POST ``query`` to ``url`` and return the JSON results body."""
    request = urllib.request.Request(
        url,
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def canonical(body: bytes) -> object:
    """A JSON answer as something equal for equal answers whatever the row order."""
    answer = json.loads(body)
    if "boolean" in answer:
        return answer["boolean"]
    rows = answer["results"]["bindings"]
    cells = [json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows]
    return sorted(answer["head"].get("vars", [])), sorted(cells)


@dataclass
class Load:
    """What one server did under load."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    wrong: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


def load(
    url: str, mix: dict[str, str], expected: dict[str, object], clients: int, seconds: float
) -> Load:
    """``clients`` threads querying ``url`` for ``seconds``."""
    names = list(mix)
    result = Load(seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(start: int) -> None:
        index = start
        while time.monotonic() < stop:
            name = names[index % len(names)]
            index += 1
            began = time.monotonic()
            try:
                body = ask(url, mix[name])
            except (OSError, urllib.error.HTTPError) as error:
                with lock:
                    result.failed[f"{name}: {error}"] += 1
                continue
            took = time.monotonic() - began
            with lock:
                result.latencies.append(took)
                if canonical(body) != expected[name]:
                    result.wrong[name] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


@contextmanager
def slow_connections(host: str, port: int, count: int) -> Iterator[None]:
    """Open ``count`` connections that send a request one byte a second until the block ends."""
    sockets = []
    for _ in range(count):
        connection = socket.create_connection((host, port))
        connection.sendall(b"G")
        sockets.append(connection)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(1.0):
            for connection in sockets:
                with suppress(OSError):
                    connection.sendall(b"E")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for connection in sockets:
            connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def build_data(folder: Path, orgs: int) -> Path:
    """Write a synthetic dataset of ``orgs`` organisations and its graph as N-Triples."""
    segraph = str(Path(sys.executable).with_name("segraph"))
    data, graph = folder / "data", folder / "graph.nt"
    subprocess.run([segraph, "synth", "--orgs", str(orgs), "-o", str(data)], check=True)
    subprocess.run([segraph, "build", "--data", str(data), "-o", str(graph)], check=True)
    return graph


@contextmanager
def both_servers(folder: Path, graph: Path) -> Iterator[tuple[str, str]]:
    """Oxigraph's and segraph's query URLs, both serving ``graph`` from memory."""
    oxigraph = oxigraph_command()
    if oxigraph is None:
        raise SystemExit("the oxigraph command is not installed (pip install -e '.[test]')")
    oxigraph_port, segraph_port = free_port(), free_port()
    oxigraph_base = f"http://127.0.0.1:{oxigraph_port}"
    segraph_url = f"http://127.0.0.1:{segraph_port}/sparql"
    segraph = str(Path(sys.executable).with_name("segraph"))
    with ExitStack() as stack:
        stack.enter_context(
            running(
                [oxigraph, "serve", "--bind", f"127.0.0.1:{oxigraph_port}"],  # in memory
                oxigraph_base + "/query?query=ASK%7B%7D",
                folder / "oxigraph.log",
            )
        )
        upload = urllib.request.Request(
            oxigraph_base + "/store?default",
            data=graph.read_bytes(),
            headers={"Content-Type": "application/n-triples"},
            method="PUT",
        )
        urllib.request.urlopen(upload, timeout=600).close()
        stack.enter_context(
            running(
                [segraph, "serve", "--graph", str(graph), "--port", str(segraph_port), "--quiet"],
                segraph_url + "?query=ASK%7B%7D",
                folder / "segraph.log",
            )
        )
        yield oxigraph_base + "/query", segraph_url


def describe(name: str, run: Load) -> str:
    latencies = run.latencies
    return (
        f"| {name} | {len(latencies)} | {run.throughput:.1f} | "
        f"{statistics.median(latencies) if latencies else float('nan'):.3f} | "
        f"{percentile(latencies, 0.95):.3f} | {sum(run.wrong.values())} | "
        f"{sum(run.failed.values())} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--slow", type=int, default=100)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    mix = query_mix()
    lines = [
        "# `segraph serve` vs `oxigraph serve`",
        "",
        f"`python benchmarks/serve.py --orgs {args.orgs} --clients {args.clients} "
        f"--seconds {args.seconds:g} --slow {args.slow}`, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{len(mix)} queries in the mix.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        graph = build_data(folder, args.orgs)
        triples = sum(1 for _ in graph.open("rb"))
        lines.append(f"Data: {args.orgs:,} synthetic organisations, {triples:,} triples.")
        lines.append("")
        with both_servers(folder, graph) as (oxigraph_url, segraph_url):
            expected = {name: canonical(ask(oxigraph_url, text)) for name, text in mix.items()}
            runs = {}
            for name, url in (("oxigraph serve", oxigraph_url), ("segraph serve", segraph_url)):
                runs[name] = load(url, mix, expected, args.clients, args.seconds)
            port = int(urllib.parse.urlsplit(segraph_url).port or 0)
            normal: list[float] = []
            refused: list[str] = []
            with slow_connections("127.0.0.1", port, args.slow):
                time.sleep(2)
                for _ in range(5):
                    began = time.monotonic()
                    try:
                        canonical(ask(segraph_url, mix["ask"], timeout=30))
                    except OSError as error:
                        refused.append(str(error))
                    normal.append(time.monotonic() - began)
                    time.sleep(0.5)
    ratio = runs["segraph serve"].throughput / runs["oxigraph serve"].throughput
    lines += [
        "| server | answers | per second | median s | 95th percentile s | wrong | failed |",
        "|---|---|---|---|---|---|---|",
        *(describe(name, run) for name, run in runs.items()),
        "",
        f"Throughput ratio segraph / oxigraph: {ratio:.2f} (target ≥ 0.5: "
        f"{'met' if ratio >= 0.5 else 'missed'}).",
        f"With {args.slow} connections trickling a request, a normal query took "
        f"{max(normal):.3f} s at most over {len(normal)} tries (target ≤ 2 s, answered: "
        f"{'met' if max(normal) <= 2 and not refused else 'missed'})"
        + (f"; {len(refused)} refused: {refused[0]}." if refused else "."),
    ]
    for name, run in runs.items():
        for problem, count in sorted((run.wrong | run.failed).items()):
            lines.append(f"- {name}: {count} × {problem}")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
