"""Helpers shared by the tests of bad input, faults and hostile data (tests/test_errors_*.py)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from segraph.cli.main import main
from tests.conftest import MINI

SEGRAPH = Path(sys.executable).parent / "segraph"


def copy_mini(tmp_path: Path, name: str = "mine") -> Path:
    """Copy the mini fixture dataset into ``tmp_path/name`` and return the copy."""
    folder = tmp_path / name
    shutil.copytree(MINI, folder)
    return folder


def read_rows(path: Path) -> list[list[str]]:
    """Return the rows of a UTF-8 CSV file, header first."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(path: Path, rows: Sequence[Sequence[str]]) -> None:
    """Write rows as a UTF-8 CSV file with LF line ends, every cell quoted.

    (Python's csv writer quotes only cells holding characters of its line terminator, so with
    LF line ends a lone CR in a cell would be written bare and read back as a line end.)
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set the cell of data row ``row`` (1 = the row after the header) in ``column``."""
    rows = read_rows(path)
    rows[row][rows[0].index(column)] = value
    write_rows(path, rows)


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append a row (cells by column name) and return its line number."""
    rows = read_rows(path)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(path, rows)
    return len(rows)


def run(*args: str | Path) -> Result:
    """Run the ``segraph`` command in-process."""
    return CliRunner().invoke(main, [str(a) for a in args])


def run_script(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``segraph`` script as a real process."""
    return subprocess.run(
        [str(SEGRAPH), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def assert_one_line_error(stderr: str, exit_code: int, expected_code: int, *fragments: str) -> str:
    """Assert a one-line ``Error: …`` on stderr with the exit code; return the message."""
    assert "Traceback" not in stderr
    assert exit_code == expected_code, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    message = lines[0]
    assert message.startswith("Error: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def fails(expected_code: int, *args: str | Path, contains: Sequence[str] = ()) -> str:
    """Run the command in-process and assert it fails with one line; return the message."""
    result = run(*args)
    return assert_one_line_error(result.stderr, result.exit_code, expected_code, *contains)


def write_synthetic_dataset(folder: Path, organisations: int, programs: int = 50) -> Path:
    """Write a large valid dataset in the segraph CSV format (deterministic) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.toml").write_text(
        'id = "synthetic"\ntitle = "Synthetic dataset for fault tests"\nyear = 2021\n',
        encoding="utf-8",
    )
    write_rows(folder / "sources.csv", [["id", "title"], ["s1", "합성 자료"]])
    write_rows(
        folder / "programs.csv",
        [["id", "name_ko", "name_en", "level", "source"]]
        + [[f"p{i}", f"사업 {i}", f"Program {i}", "unit", "s1"] for i in range(programs)],
    )
    write_rows(
        folder / "organisations.csv",
        [["id", "name_ko", "name_en", "kind", "note", "source"]]
        + [
            [f"o{i}", f"기업{i:06d}", f"Enterprise {i}", "enterprise", f"메모 {i} " * 8, "s1"]
            for i in range(organisations)
        ],
    )
    write_rows(
        folder / "participations.csv",
        [["organisation", "program", "role", "source"]]
        + [[f"o{i}", f"p{i % programs}", "participant", "s1"] for i in range(organisations)],
    )
    return folder


def corrupt(path: Path, transform: Callable[[bytes], bytes]) -> None:
    """Rewrite a file's bytes through ``transform``."""
    path.write_bytes(transform(path.read_bytes()))
