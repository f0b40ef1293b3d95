"""A run killed or interrupted while writing leaves the previous output byte-identical.

A real ``segraph build`` is stopped while its temporary output file is complete but not yet in
place: the run is held there (its ``fsync`` of the temporary file waits) until the signal comes,
so the test does not depend on timing. With SIGKILL (no clean-up possible: the documented
``.<name>.<pid>.*.tmp`` is left and the next write of the same output removes it), with SIGINT
(Ctrl-C: exit 130) and with SIGTERM (exit 143), the temporary file then removed at once.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import segraph
from tests.conftest import MINI

OLD = b"<http://example.org/old> <http://example.org/output> <http://example.org/kept> .\n"

#: Runs ``segraph ARGS…`` in a child that, once the temporary output is written, touches the
#: file READY and waits for a signal instead of syncing and renaming it.
HELD_AT_FSYNC = """
import os, sys, time
from pathlib import Path

ready = Path(sys.argv[1])


def held(fd):
    ready.touch()
    time.sleep(120)


os.fsync = held
from segraph.cli.main import main

sys.argv = ["segraph", *sys.argv[2:]]
main()
"""


def _temporaries(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.*.tmp"))


def _stop_while_writing(output: Path, signum: int) -> tuple[int, str, int]:
    """Build to ``output``, send ``signum`` once its temporary file is written.

    Returns the exit status, the standard error and the process id.
    """
    ready = output.parent / "ready"
    args = ["build", "--data", str(MINI), "-o", str(output), "--format", "nt"]
    process = subprocess.Popen(
        [sys.executable, "-c", HELD_AT_FSYNC, str(ready), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the build ended before writing its output: {process.communicate()}")
        time.sleep(0.01)
    ready.unlink()
    partial = _temporaries(output.parent, output.name)
    assert len(partial) == 1 and partial[0].stat().st_size > 0
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr, process.pid


def test_sigkill_while_writing_leaves_the_old_output(tmp_path: Path) -> None:
    output = tmp_path / "out.nt"
    output.write_bytes(OLD)
    status, _, pid = _stop_while_writing(output, signal.SIGKILL)
    assert status == -signal.SIGKILL
    assert output.read_bytes() == OLD
    leftovers = _temporaries(tmp_path, "out.nt")
    assert len(leftovers) == 1
    assert re.fullmatch(rf"\.out\.nt\.{pid}\.[^/]+\.tmp", leftovers[0].name)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.nt", leftovers[0].name])

    segraph.write_graph(segraph.build_graph(data=[MINI], include_ontology=False), output, "nt")
    assert _temporaries(tmp_path, "out.nt") == []
    assert len(segraph.load_graph(output)) > 0


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_while_writing_exits_quietly_and_cleans_up(
    tmp_path: Path, signum: int, code: int
) -> None:
    output = tmp_path / "out.nt"
    output.write_bytes(OLD)
    status, stderr, _ = _stop_while_writing(output, signum)
    assert status == code
    assert "Traceback" not in stderr
    assert stderr == ""
    assert output.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]
