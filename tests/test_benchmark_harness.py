"""Smoke runs of the benchmarks at a tiny size, so the harnesses cannot rot (no timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


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


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_browser_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "MAP.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "map_browser.py"),
            "--orgs",
            "300",
            "--searches",
            "2",
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = output.read_text(encoding="utf-8")
    for row in (
        "`segraph map --level organisation`",
        "`segraph map --level community`",
        "| organisation | search to centred (2 organisations) |",
        "| community | open a community (all ",
        "| community | longest task: language switch |",
    ):
        assert row in text, row
