"""Outputs: written atomically, never over an input of the run, clear errors when impossible."""

from __future__ import annotations

import ast
import os
import stat
import tempfile
import threading
from pathlib import Path

import pytest
from rdflib import Graph

import segraph
import segraph.importers.convert as importers_dataset
from segraph._util.atomic import atomic_folder, atomic_output, write_bytes_atomic
from segraph._util.inputs import guard_inputs, note_input, reading_earlier_output
from segraph.errors import UsageError
from tests.errors_support import MINI, copy_mini, fails, run, set_cell

OLD = b"previous output\n"


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "out.ttl"
    path.write_bytes(OLD)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_build_replaces_the_output(previous: Path) -> None:
    result = run("build", "--data", MINI, "-o", previous)
    assert result.exit_code == 0, result.stderr
    assert previous.read_bytes() != OLD
    assert len(segraph.load_graph(previous)) > 0
    assert _leftovers(previous.parent) == []


def test_failed_build_leaves_the_previous_output(tmp_path: Path, previous: Path) -> None:
    mine = copy_mini(tmp_path)
    set_cell(mine / "organisations.csv", 1, "kind", "nonsense")
    fails(1, "build", "--data", mine, "-o", previous)
    assert previous.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_output_folder_that_does_not_exist(tmp_path: Path) -> None:
    fails(
        2,
        "build",
        "--data",
        MINI,
        "-o",
        tmp_path / "nope" / "out.ttl",
        contains=["nope does not exist", "create it"],
    )


def test_output_that_is_a_folder(tmp_path: Path) -> None:
    fails(2, "build", "--data", MINI, "-o", tmp_path, contains=["is a folder"])


def test_unwritable_output_folder(
    tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    fails(
        2,
        "build",
        "--data",
        MINI,
        "-o",
        previous,
        contains=["cannot write in", "Permission denied"],
    )
    assert previous.read_bytes() == OLD


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in read-only folders")
def test_read_only_output_folder(tmp_path: Path, previous: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        fails(2, "build", "--data", MINI, "-o", previous, contains=["Permission denied"])
    finally:
        tmp_path.chmod(0o700)
    assert previous.read_bytes() == OLD


def test_disk_full_while_writing_is_one_line(
    tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    fails(1, "build", "--data", MINI, "-o", previous, contains=["No space left on device"])
    assert previous.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["organisations.csv", "dataset.toml", "ties.csv"])
def test_build_refuses_to_write_over_a_dataset_file(tmp_path: Path, name: str) -> None:
    mine = copy_mini(tmp_path)
    before = (mine / name).read_bytes()
    fails(
        2,
        "build",
        "--data",
        mine,
        "-o",
        mine / name,
        "--format",
        "ttl",
        contains=[name, "refusing to overwrite an input file"],
    )
    assert (mine / name).read_bytes() == before


def test_build_refuses_to_write_over_an_rdf_input(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    before = extra.read_bytes()
    fails(2, "build", "--data", MINI, "--rdf", extra, "-o", extra, contains=["input file"])
    assert extra.read_bytes() == before


def test_build_refuses_to_write_over_the_graph_through_another_name(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    (tmp_path / "link.ttl").symlink_to(graph)
    os.link(graph, tmp_path / "hard.ttl")
    before = graph.read_bytes()
    for alias in ("link.ttl", "hard.ttl", "./graph.ttl"):
        fails(2, "build", "--graph", graph, "-o", tmp_path / alias, contains=["input file"])
    assert graph.read_bytes() == before


def test_new_file_in_the_data_folder_is_allowed(tmp_path: Path) -> None:
    mine = copy_mini(tmp_path)
    result = run("build", "--data", mine, "-o", mine / "graph.ttl")
    assert result.exit_code == 0, result.stderr


def test_the_python_api_may_write_back_a_graph_it_read(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    graph = segraph.load_graph(path)
    segraph.write_graph(graph, path)
    assert len(segraph.load_graph(path)) == 1


def test_guard_applies_only_inside_its_block(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"x")
    with guard_inputs():
        note_input(path)
        with pytest.raises(UsageError, match="input file"):
            write_bytes_atomic(path, b"y")
    write_bytes_atomic(path, b"y")
    assert path.read_bytes() == b"y"


def test_an_earlier_output_read_to_check_it_may_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dataset.toml"
    path.write_bytes(b"x")
    with guard_inputs():
        with reading_earlier_output():
            note_input(path)
        write_bytes_atomic(path, b"y")
    assert path.read_bytes() == b"y"


def test_exception_inside_atomic_output_keeps_old_content(previous: Path) -> None:
    with pytest.raises(RuntimeError), atomic_output(previous) as handle:
        handle.write(b"half")
        raise RuntimeError("stop")
    assert previous.read_bytes() == OLD
    assert _leftovers(previous.parent) == []


def test_stale_temporary_files_of_dead_processes_are_removed(previous: Path) -> None:
    folder = previous.parent
    dead = folder / ".out.ttl.999999999.abcd1234.tmp"
    alive = folder / f".out.ttl.{os.getppid()}.efgh5678.tmp"
    other = folder / ".other.ttl.999999999.ijkl9012.tmp"
    # a temporary of the target "out.ttl.999999999", written by a live process
    lookalike = folder / f".out.ttl.999999999.{os.getppid()}.mnop3456.tmp"
    for path in (dead, alive, other, lookalike):
        path.write_bytes(b"partial")
    write_bytes_atomic(previous, b"new")
    assert previous.read_bytes() == b"new"
    assert _leftovers(folder) == sorted([alive.name, other.name, lookalike.name])


def test_output_keeps_the_mode_of_the_file_it_replaces(previous: Path) -> None:
    previous.chmod(0o600)
    write_bytes_atomic(previous, b"new")
    assert previous.stat().st_mode & 0o777 == 0o600


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(OLD)
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    result = run("build", "--data", MINI, "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert len(segraph.load_graph(real)) > 0


def test_a_named_pipe_is_written_directly(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.nt"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = run("build", "--data", MINI, "-o", pipe, "--format", "nt")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert len(Graph().parse(data=received[0].decode("utf-8"), format="nt")) > 0
    assert _leftovers(tmp_path) == []


WRITING_METHODS = {"write_text", "write_bytes", "write_html", "save_graph", "to_csv"}


def _direct_writes(path: Path, root: Path) -> list[str]:
    """Places in ``path`` that write a file without :mod:`segraph._util.atomic`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            modes = list(node.args[1:2]) + [k.value for k in node.keywords if k.arg == "mode"]
            writes = any(
                isinstance(m, ast.Constant)
                and isinstance(m.value, str)
                and set(m.value) & set("wax+")
                for m in modes
            )
        elif isinstance(func, ast.Attribute):
            writes = func.attr in WRITING_METHODS or (
                func.attr == "serialize"
                and any(k.arg == "destination" for k in node.keywords)
                and not _is_handle(node)
            )
        else:
            writes = False
        if writes:
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def _is_handle(call: ast.Call) -> bool:
    """Whether ``serialize(destination=…)`` writes into an open handle (a plain name)."""
    destination = next(k.value for k in call.keywords if k.arg == "destination")
    return isinstance(destination, ast.Name) and destination.id in {"handle", "stream"}


def test_the_write_checker_finds_direct_writes(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text(
        "open(p, 'w').write(x)\n"
        "open(p, mode='ab')\n"
        "Path(p).write_text(x)\n"
        "graph.serialize(destination='out.ttl', format='turtle')\n"
        "net.write_html('map.html')\n"
        "open(p).read()\n"
        "open(p, 'rb').read()\n"
        "graph.serialize(destination=handle, format='turtle')\n"
        "graph.serialize(format='turtle')\n",
        encoding="utf-8",
    )
    assert sorted(_direct_writes(path, tmp_path)) == [f"sample.py:{n}" for n in range(1, 6)]


def test_every_output_goes_through_segraph_atomic() -> None:
    root = Path(__file__).resolve().parent.parent
    sources = sorted((root / "segraph").rglob("*.py")) + sorted((root / "cli").rglob("*.py"))
    sources = [p for p in sources if p.name != "atomic.py"]
    assert sources
    direct = [place for path in sources for place in _direct_writes(path, root)]
    assert direct == [], "write outputs with segraph._util.atomic.atomic_output (docs/errors.md)"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"old a\n")
    (folder / "b.csv").write_bytes(b"old b\n")
    return folder


def test_atomic_folder_replaces_the_whole_folder(earlier: Path) -> None:
    with atomic_folder(earlier) as staging:
        (staging / "a.csv").write_bytes(b"new a\n")
    assert _tree(earlier) == {"a.csv": b"new a\n"}
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["out"]


def test_atomic_folder_failure_keeps_the_previous_folder(earlier: Path) -> None:
    before = _tree(earlier)
    with pytest.raises(RuntimeError), atomic_folder(earlier) as staging:
        (staging / "a.csv").write_bytes(b"half")
        raise RuntimeError("stop")
    assert _tree(earlier) == before
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["out"]


def test_atomic_folder_puts_back_a_folder_left_aside_by_a_killed_run(earlier: Path) -> None:
    before = _tree(earlier)
    aside = earlier.parent / ".out.999999999.previous.tmp"
    staged = earlier.parent / ".out.999999999.abcdefgh.tmp"
    earlier.rename(aside)
    staged.mkdir()
    (staged / "a.csv").write_bytes(b"new a\n")
    with pytest.raises(RuntimeError), atomic_folder(earlier):
        raise RuntimeError("stop")
    assert _tree(earlier) == before
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["out"]


def test_atomic_folder_refuses_a_folder_holding_an_input(earlier: Path) -> None:
    with guard_inputs():
        note_input(earlier / "b.csv")
        with pytest.raises(UsageError, match="holding an input"), atomic_folder(earlier):
            pass
    assert (earlier / "b.csv").read_bytes() == b"old b\n"


def test_failed_import_keeps_the_previous_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "list.csv"
    published.write_text("기관명,인증번호,인증일자\n가나다,2020-001,2020-01-01\n", encoding="utf-8")
    out = tmp_path / "dataset"
    assert run("import", "social-enterprises", published, "-o", out).exit_code == 0
    before = _tree(out)
    published.write_text("기관명,인증번호,인증일자\n라마바,2020-002,2020-01-02\n", encoding="utf-8")
    written: list[Path] = []

    def fail_on_second_file(path: Path, text: str) -> None:
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        Path(path).write_text(text, encoding="utf-8")

    monkeypatch.setattr(importers_dataset, "write_text_atomic", fail_on_second_file)
    fails(1, "import", "social-enterprises", published, "-o", out, contains=["No space left"])
    assert len(written) == 2
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "list.csv"]


def test_build_checks_its_output_before_reading_anything(tmp_path: Path) -> None:
    fails(
        2,
        "build",
        "--data",
        tmp_path / "no-such-data",
        "-o",
        tmp_path / "no-such-folder" / "out.ttl",
        contains=["no-such-folder does not exist"],
    )


@pytest.mark.parametrize("name", [".", ".."])
def test_report_to_a_folder_name_is_a_usage_error(tmp_path: Path, name: str) -> None:
    fails(2, "report", "--data", MINI, "-o", tmp_path / name, contains=["is a folder"])
