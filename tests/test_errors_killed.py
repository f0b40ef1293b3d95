"""A run killed or interrupted while writing leaves the previous output byte-identical.

A real ``segraph build`` of a large generated dataset is stopped while its temporary output file
is being written: with SIGKILL (no clean-up possible: the documented ``.<name>.<pid>.*.tmp`` is
left and the next write of the same output removes it), with SIGINT (Ctrl-C: exit 130) and with
SIGTERM (exit 143), the temporary file then removed at once.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

import segraph
from tests.conftest import MINI
from tests.errors_support import SEGRAPH, write_synthetic_dataset

OLD = b"<http://example.org/old> <http://example.org/output> <http://example.org/kept> .\n"
#: Big enough that serialising takes about a second here (73,681 triples for 4,000).
ORGANISATIONS = 3000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_dataset(tmp_path_factory.mktemp("big") / "big", ORGANISATIONS)


def _temporaries(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.*.tmp"))


def _stop_while_writing(big: Path, output: Path, signum: int) -> tuple[int, str, int]:
    """Build to ``output``, send ``signum`` once its temporary file has content.

    Returns the exit status, the standard error and the process id.
    """
    process = subprocess.Popen(
        [str(SEGRAPH), "build", "--data", str(big), "-o", str(output), "--format", "nt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        partial = [p for p in _temporaries(output.parent, output.name) if p.stat().st_size > 0]
        if partial:
            process.send_signal(signum)
            break
        time.sleep(0.002)
    else:
        process.kill()
        pytest.fail("the build ended before its output could be interrupted")
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr, process.pid


def test_sigkill_while_writing_leaves_the_old_output(big: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.nt"
    output.write_bytes(OLD)
    status, _, pid = _stop_while_writing(big, output, signal.SIGKILL)
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
    big: Path, tmp_path: Path, signum: int, code: int
) -> None:
    output = tmp_path / "out.nt"
    output.write_bytes(OLD)
    status, stderr, _ = _stop_while_writing(big, output, signum)
    assert status == code
    assert "Traceback" not in stderr
    assert stderr == ""
    assert output.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]
