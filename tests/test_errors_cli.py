"""The command never shows a traceback: interrupts, closed pipes, bugs and real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import segraph.cli.options as options
from segraph.errors import ArgumentError
from tests.errors_support import (
    MINI,
    SEGRAPH,
    assert_one_line_error,
    copy_mini,
    run,
    run_script,
    set_cell,
    write_synthetic_dataset,
)


def _raise(error: BaseException):  # type: ignore[no-untyped-def]
    def open_graph(*_args: object, **_kwargs: object) -> None:
        raise error

    return open_graph


def test_keyboard_interrupt_exits_130_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "open_graph", _raise(KeyboardInterrupt()))
    result = run("stats", "--data", MINI)
    assert result.exit_code == 130
    assert result.stderr == ""


def test_a_bug_is_one_line_with_how_to_see_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "open_graph", _raise(TypeError("boom")))
    result = run("stats", "--data", MINI)
    assert_one_line_error(
        result.stderr, result.exit_code, 70, "internal error (TypeError: boom)", "SEGRAPH_DEBUG=1"
    )


def test_segraph_debug_shows_the_real_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "open_graph", _raise(TypeError("boom")))
    monkeypatch.setenv("SEGRAPH_DEBUG", "1")
    result = run("stats", "--data", MINI)
    assert isinstance(result.exception, TypeError)


def test_unreadable_input_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        options, "open_graph", _raise(PermissionError(13, "Permission denied", "x.csv"))
    )
    result = run("stats", "--data", MINI)
    assert_one_line_error(result.stderr, result.exit_code, 1, "x.csv: Permission denied")


def test_an_argument_error_names_the_commands_option(monkeypatch: pytest.MonkeyPatch) -> None:
    # The library speaks of arguments (size_by, {layout}); the command line of its flags.
    error = ArgumentError("radius", "-1: must be 0 or more with {lang} and {no_such_option}")
    monkeypatch.setattr(options, "open_graph", _raise(error))
    result = run("map", "--data", MINI)
    assert_one_line_error(
        result.stderr,
        result.exit_code,
        2,
        "--radius -1: must be 0 or more with --lang and no_such_option",
    )
    assert str(error) == "radius -1: must be 0 or more with lang and no_such_option"


def test_click_usage_errors_keep_exit_code_2() -> None:
    result = run("build", "--format", "nonsense")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "nonsense" in result.stderr


# Real processes of the installed ``segraph`` script.


def test_script_bad_data(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    set_cell(mine / "programs.csv", 1, "year", "twenty")
    done = run_script("build", "--data", mine)
    assert_one_line_error(
        done.stderr, done.returncode, 1, "programs.csv:2:", "column 'year'", "'twenty'"
    )
    assert done.stdout == ""


def test_script_nonexistent_path(tmp_path: Path) -> None:
    done = run_script("stats", "--data", tmp_path / "missing")
    assert_one_line_error(done.stderr, done.returncode, 2, "missing: no such folder")


def test_script_malformed_turtle(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text("<http://e/a> <http://e/b> .\n", encoding="utf-8")
    done = run_script("stats", "--graph", path)
    assert_one_line_error(done.stderr, done.returncode, 1, f"{path}:1:", "not valid Turtle")


def test_script_output_over_its_input(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    before = (mine / "ties.csv").read_bytes()
    done = run_script("build", "--data", mine, "-o", mine / "ties.csv", "--format", "nt")
    assert_one_line_error(done.stderr, done.returncode, 2, "refusing to overwrite an input")
    assert (mine / "ties.csv").read_bytes() == before


def test_script_reads_cp949_and_says_so(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    path = mine / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp949"))
    done = run_script("build", "--data", mine, "-o", tmp_path / "out.nt")
    assert done.returncode == 0, done.stderr
    assert "read as CP949" in done.stderr
    assert "Traceback" not in done.stderr
    assert "사회적협동조합 함께강동" in (tmp_path / "out.nt").read_text(encoding="utf-8")


def test_script_terminal_that_cannot_show_korean(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SEGRAPH), "stats", "--data", str(MINI)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=120,
        check=False,
    )
    assert_one_line_error(
        done.stderr, done.returncode, 1, "latin-1 encoding", "PYTHONIOENCODING=utf-8"
    )


def test_script_closed_pipe_is_quiet(tmp_path: Path) -> None:
    big = write_synthetic_dataset(tmp_path / "big", organisations=3000)
    process = subprocess.Popen(
        [str(SEGRAPH), "build", "--data", str(big), "--format", "nt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


@pytest.mark.skipif(
    not (shutil.which("head") and os.path.exists("/bin/bash")), reason="needs head and bash"
)
def test_script_piped_to_head(tmp_path: Path) -> None:
    big = write_synthetic_dataset(tmp_path / "big", organisations=3000)
    done = subprocess.run(
        f"set -o pipefail; '{SEGRAPH}' build --data '{big}' --format nt | head -n 2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr == ""
    assert done.returncode == 141
