"""Published lists given to ``segraph import``: hostile cells give one line, never a made-up row."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from segraph.dataset.read import load_dataset
from segraph.errors import SegraphError
from segraph.importers import LAYOUTS, import_list, write_dataset
from tests.errors_support import fails, run

HEADER = "기관명,인증번호,인증일자\n"


def test_nonexistent_list_is_a_usage_error(tmp_path: Path) -> None:
    fails(
        2,
        "import",
        "social-enterprises",
        tmp_path / "nope.csv",
        contains=["nope.csv: no such file"],
    )


def test_cell_over_the_csv_limit_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        HEADER + "가나다,2020-001,2020-01-01\n" + "x" * 140_000 + ",2020-002,2020-01-02\n",
        encoding="utf-8",
    )
    fails(
        1,
        "import",
        "social-enterprises",
        path,
        "-o",
        tmp_path / "out",
        contains=["list.csv:3:", "limit"],
    )
    assert not (tmp_path / "out").exists()


def test_unicode_line_separator_inside_a_name_does_not_split_the_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        HEADER + "가나\u2028다,2020-001,2020-01-01\n라마\x85바,2020-002,2020-01-02\n",
        encoding="utf-8",
    )
    result = run("import", "social-enterprises", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    names = sorted(org.name_ko for org in load_dataset(tmp_path / "out").organisations)
    assert len(names) == 2
    assert names[0].startswith("가나") and names[0].endswith("다")
    assert names[1].startswith("라마") and names[1].endswith("바")


@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(sorted(LAYOUTS)))
def test_any_bytes_give_a_list_or_a_one_line_error(body: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.csv"
        path.write_bytes(HEADER.encode("utf-8") + body)
        try:
            result = import_list(kind, path)
        except SegraphError as error:
            assert "\n" not in str(error)
            return
        write_dataset(result.dataset, Path(tmp) / "out")
        load_dataset(Path(tmp) / "out")
