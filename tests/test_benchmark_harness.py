"""A smoke run of benchmarks/run.py at a tiny size, so the harness cannot rot (no timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_harness_runs_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "40",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = output.read_text(encoding="utf-8")
    for step in (
        "build oxigraph",
        "build memory",
        "floor: pyoxigraph bulk load",
        "naive: rdflib parse",
        "reopen persistent store",
        "query: ",
        "collaboration network",
    ):
        assert step in text, step
    assert "failed" not in text
    assert "## Machine" in text and "Python " in text and "pyoxigraph " in text
    assert "Build of " in text and "× the raw pyoxigraph bulk load" in text
