"""Smoke runs of the benchmarks at a tiny size, so the harnesses cannot rot (no timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def run_benchmark(script: str, output: Path, *options: str) -> str:
    """Run ``benchmarks/<script>`` with ``options`` then ``output``; it must succeed. Returns
    the Markdown it wrote."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *options, str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return output.read_text(encoding="utf-8")


def test_benchmark_harness_runs_at_a_tiny_size(tmp_path: Path) -> None:
    text = run_benchmark("run.py", tmp_path / "RESULTS.md", "--sizes", "40", "--output")
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


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_browser_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    text = run_benchmark(
        "map_browser.py", tmp_path / "MAP.md", "--orgs", "300", "--searches", "2", "-o"
    )
    for row in (
        "`segraph map --level organisation`",
        "`segraph map --level community`",
        "| organisation | search to centred (2 organisations) |",
        "| community | open a community (all ",
        "| community | longest task: language switch |",
    ):
        assert row in text, row
