"""Published lists given to ``segraph import``: hostile cells give one line, never a made-up row."""

from __future__ import annotations

from pathlib import Path

from segraph.loader import load_dataset
from tests.errors_support import fails, run

HEADER = "기관명,인증번호,인증일자\n"


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
