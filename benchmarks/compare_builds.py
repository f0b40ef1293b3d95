"""Two segraph versions' Oxigraph builds side by side with the floor, in one run.

For each dataset folder and each repetition, three fresh processes run one after the other:
the build (``build_graph(data=[folder], store="oxigraph")``) of the *old* and of the *new*
segraph, each with its own Python and source tree, and the floor: raw ``pyoxigraph``
bulk-loading the N-Triples dump of that graph (the faster of strict and lenient, as in
``benchmarks/run.py``). Each reports its wall time and its CPU time (all threads). On a shared
machine absolute times drift, so compare the ratios within a repetition.

Usage::

    python benchmarks/compare_builds.py --old /work/main/.venv/bin/python:/work/main \\
        --new .venv/bin/python:. --repeat 3 synth-25000/ synth-50000/
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUILD = """
import json, resource, sys, time
from segraph import build_graph
from segraph.rdf.stores import oxigraph_of, triple_count
start, cpu = time.perf_counter(), time.process_time()
graph = build_graph(data=[sys.argv[1]], store="oxigraph")
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
if len(sys.argv) > 2:
    import pyoxigraph
    oxigraph_of(graph).dump(
        sys.argv[2], pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
    )
import segraph
print(json.dumps({"wall": wall, "cpu": cpu, "triples": triple_count(graph),
                  "module": segraph.__file__}))
"""

FLOOR = """
import json, sys, time
import pyoxigraph
best = None
for lenient in (False, True):
    store = pyoxigraph.Store()
    start, cpu = time.perf_counter(), time.process_time()
    store.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=lenient)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    if best is None or wall < best["wall"]:
        best = {"wall": wall, "cpu": cpu, "triples": len(store)}
    del store
print(json.dumps(best))
"""


def run(python: str, root: str, script: str, *args: str) -> dict[str, float]:
    """Run ``script`` in a fresh ``python`` with segraph from ``root``; return its figures.

    It runs in ``root``: ``python -c`` puts the working folder first on the module path, ahead
    of ``PYTHONPATH``.
    """
    env = {**os.environ, "PYTHONPATH": root, "SEGRAPH_PROGRESS": "0"}
    done = subprocess.run(
        [python, "-c", script, *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if "module" in figures and not figures.pop("module").startswith(root):
        sys.exit(f"{python} did not run the segraph of {root}")
    return figures


def version(spec: str) -> tuple[str, str]:
    """``PYTHON:ROOT`` → (python, absolute root)."""
    python, _, root = spec.partition(":")
    return str(Path(python).absolute()), str(Path(root or ".").resolve())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="dataset folders (segraph synth)")
    parser.add_argument("--old", required=True, type=version, help="PYTHON:ROOT of the old one")
    parser.add_argument("--new", required=True, type=version, help="PYTHON:ROOT of the new one")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for folder in (f.resolve() for f in options.folders):
            dump = str(Path(work) / f"{folder.name}.nt")
            for repeat in range(1, options.repeat + 1):
                old = run(*options.old, BUILD, str(folder))
                new = run(*options.new, BUILD, str(folder), *([dump] if repeat == 1 else []))
                floor = run(*options.new, FLOOR, dump)
                if not old["triples"] == new["triples"] == floor["triples"]:
                    sys.exit(f"{folder}: triple counts differ: {old}, {new}, {floor}")
                rows.append((folder.name, repeat, old, new, floor))
                print(line(folder.name, str(repeat), old, new, floor), flush=True)
            mine = [r for r in rows if r[0] == folder.name]
            median = {
                key: {
                    measure: statistics.median(r[index][measure] for r in mine)
                    for measure in ("wall", "cpu", "triples")
                }
                for index, key in ((2, "old"), (3, "new"), (4, "floor"))
            }
            print(line(folder.name, "median", median["old"], median["new"], median["floor"]))


def line(name: str, repeat: str, old: dict, new: dict, floor: dict) -> str:
    """One row: wall and CPU seconds of each, and the ratios to the floor."""
    return (
        f"{name} {repeat:>6} ({new['triples']:,} triples): "
        f"old {old['wall']:.2f} s (cpu {old['cpu']:.2f}) = {old['wall'] / floor['wall']:.2f}x, "
        f"new {new['wall']:.2f} s (cpu {new['cpu']:.2f}) = {new['wall'] / floor['wall']:.2f}x, "
        f"floor {floor['wall']:.2f} s (cpu {floor['cpu']:.2f}); "
        f"cpu ratios old {old['cpu'] / floor['cpu']:.2f}x new {new['cpu'] / floor['cpu']:.2f}x"
    )


if __name__ == "__main__":
    main()
