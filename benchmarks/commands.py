"""Whole ``segraph`` commands at national scale, on the default store, beside their floor.

Each command runs as its own process, as a user runs it, timed by the wall clock from start to
exit (interpreter start, imports and the build from CSV included). The floor is pyoxigraph's
bulk load of the same N-Triples file, timed in a child process of this script in the same run:
``build -o X.ttl`` and ``build -o X.nt`` are reported as a ratio to it.

Usage::

    python benchmarks/commands.py --build-orgs 50000 --orgs 20000 -o benchmarks/COMMANDS.md

Targets: each build ≤ 1.5× the bulk load; ``stats``, ``metrics`` and ``map`` on ``--orgs``
organisations ≤ 15 s each.
"""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEGRAPH = str(Path(sys.executable).with_name("segraph"))


def timed(command: list[str]) -> float:
    """Seconds ``command`` took, start to exit; it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _bulk_load(path: str, conn: object) -> None:
    import pyoxigraph

    started = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES)
    conn.send((time.perf_counter() - started, len(store)))  # type: ignore[attr-defined]


def bulk_load(path: Path) -> tuple[float, int]:
    """Seconds pyoxigraph takes to bulk-load ``path`` into memory, and the triples loaded."""
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_bulk_load, args=(str(path), child))
    process.start()
    result = parent.recv()
    process.join()
    return result


def synth(orgs: int, folder: Path) -> Path:
    data = folder / f"synth-{orgs}"
    subprocess.run(
        [SEGRAPH, "synth", "--orgs", str(orgs), "-o", str(data)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-orgs", type=int, default=50_000)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = synth(args.build_orgs, folder)
        nt, ttl = folder / "g.nt", folder / "g.ttl"
        build_nt = timed([SEGRAPH, "build", "--data", str(big), "-o", str(nt)])
        floor, triples = bulk_load(nt)
        build_ttl = timed([SEGRAPH, "build", "--data", str(big), "-o", str(ttl)])
        for name, seconds in (
            ("`segraph build -o X.nt`", build_nt),
            ("`segraph build -o X.ttl`", build_ttl),
        ):
            ratio = seconds / floor
            verdict = "met" if ratio <= 1.5 else "missed"
            rows.append((name, seconds, f"{ratio:.2f}× the bulk load (≤ 1.5×: {verdict})"))
        rows.append(("floor: pyoxigraph bulk load", floor, f"{triples:,} triples"))
        data = synth(args.orgs, folder)
        html = folder / "map.html"
        for name, command in (
            ("`segraph stats`", [SEGRAPH, "stats", "--data", str(data)]),
            ("`segraph metrics`", [SEGRAPH, "metrics", "--data", str(data), "--top", "10"]),
            ("`segraph map`", [SEGRAPH, "map", "--data", str(data), "-o", str(html)]),
        ):
            seconds = timed(command)
            rows.append((name, seconds, f"≤ 15 s: {'met' if seconds <= 15 else 'missed'}"))
    lines = [
        "# Whole commands at national scale",
        "",
        f"`python benchmarks/commands.py --build-orgs {args.build_orgs} --orgs {args.orgs}`, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Builds on "
        f"{args.build_orgs:,} synthetic organisations; stats, metrics and map on {args.orgs:,}; "
        "the default (Oxigraph) store; each command a whole process, wall clock.",
        "",
        "| command | seconds | note |",
        "|---|---|---|",
        *(f"| {name} | {seconds:.2f} | {note} |" for name, seconds, note in rows),
    ]
    publish(lines, args.output)
    return 0


def publish(lines: list[str], output: Path | None) -> None:
    """Print the Markdown ``lines`` of a benchmark run, and write them to ``output`` if given."""
    text = "\n".join(lines) + "\n"
    print(text)
    if output:
        output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
