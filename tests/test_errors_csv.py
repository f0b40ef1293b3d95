"""Bad CSV input gives one line naming file, line, field, problem and remedy (exit 1 or 2)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

import segraph
from segraph.dataset.read import MAX_CELL
from tests.errors_support import (
    append_row,
    copy_mini,
    fails,
    read_rows,
    run,
    set_cell,
    write_rows,
)


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    return copy_mini(tmp_path)


def test_the_mini_fixture_builds(mine: Path) -> None:
    result = run("build", "--data", mine)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_missing_required_column(mine: Path) -> None:
    rows = read_rows(mine / "organisations.csv")
    kind = rows[0].index("kind")
    write_rows(mine / "organisations.csv", [r[:kind] + r[kind + 1 :] for r in rows])
    fails(1, "build", "--data", mine, contains=["organisations.csv:1:", "missing", "kind"])


def test_unknown_column_suggests_the_close_name(mine: Path) -> None:
    rows = read_rows(mine / "organisations.csv")
    rows[0][rows[0].index("homepage")] = "hompage"
    write_rows(mine / "organisations.csv", rows)
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:1:", "unknown column", "'hompage'", "did you mean 'homepage'"],
    )


def test_column_named_twice(mine: Path) -> None:
    rows = read_rows(mine / "sources.csv")
    write_rows(mine / "sources.csv", [[*r, r[1]] for r in rows])
    fails(1, "build", "--data", mine, contains=["sources.csv:1:", "title", "more than once"])


def test_text_where_a_number_is_due(mine: Path) -> None:
    set_cell(mine / "programs.csv", 2, "budget", "1,000원")
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["programs.csv:3:", "column 'budget'", "'1,000원' is not a number", "digits"],
    )


@pytest.mark.parametrize("year", ["21", "2O21", "20211", "0999"])
def test_bad_year(mine: Path, year: str) -> None:
    line = append_row(
        mine / "participations.csv",
        {"organisation": "alpha", "program": "youth", "role": "executor", "year": year},
    )
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=[f"participations.csv:{line}:", "column 'year'", f"'{year}' is not a year"],
    )


def test_unknown_kind_suggests_the_close_kind(mine: Path) -> None:
    set_cell(mine / "organisations.csv", 3, "kind", "enterprize")
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:4:", "column 'kind'", "did you mean 'enterprise'"],
    )


def test_unknown_district_suggests_close_names(mine: Path) -> None:
    set_cell(mine / "organisations.csv", 3, "district", "Mapo-ku")
    set_cell(mine / "organisations.csv", 3, "district_basis", "stated")
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:4:", "column 'district'", "'Mapo-ku'", "'Mapo-gu'"],
    )


@pytest.mark.parametrize("code", ["1144", "114400", "11440a"])
def test_an_administrative_code_of_the_wrong_length_is_refused(mine: Path, code: str) -> None:
    set_cell(mine / "districts.csv", 1, "code", code)
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["districts.csv:2:", "column 'code'", f"'{code}'", "5 digits for a 시군구"],
    )


def test_duplicate_id(mine: Path) -> None:
    line = append_row(
        mine / "organisations.csv", {"id": "alpha", "name_ko": "다른 조직", "kind": "team"}
    )
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=[f"organisations.csv:{line}:", "duplicate id alpha", "first defined at line 3"],
    )


def test_reference_to_a_missing_id_suggests_the_close_id(mine: Path) -> None:
    line = append_row(
        mine / "participations.csv",
        {"organisation": "alpah", "program": "youth", "role": "participant"},
    )
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=[
            f"participations.csv:{line}:",
            "column 'organisation'",
            "no organisation with id 'alpah'",
            "did you mean 'alpha'",
        ],
    )


def test_reference_to_a_missing_source(mine: Path) -> None:
    set_cell(mine / "programs.csv", 1, "source", "s3")
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["programs.csv:2:", "column 'source'", "'s3'", "known: s1, s2"],
    )


def test_missing_required_value(mine: Path) -> None:
    set_cell(mine / "organisations.csv", 2, "name_ko", "  ")
    fails(1, "build", "--data", mine, contains=["organisations.csv:3:", "'name_ko'", "required"])


def test_too_many_cells(mine: Path) -> None:
    rows = read_rows(mine / "sources.csv")
    rows[1].append("stray")
    write_rows(mine / "sources.csv", rows)
    fails(1, "build", "--data", mine, contains=["sources.csv:2:", "5 cells", "4 columns", "quote"])


def test_value_under_a_column_without_name(mine: Path) -> None:
    rows = read_rows(mine / "sources.csv")
    write_rows(mine / "sources.csv", [[*rows[0], ""], [*rows[1], "x"], *rows[2:]])
    fails(1, "build", "--data", mine, contains=["sources.csv:2:", "cell 5", "no name"])


def test_trailing_empty_columns_are_ignored(mine: Path) -> None:
    rows = read_rows(mine / "sources.csv")
    write_rows(mine / "sources.csv", [[*r, "", ""] for r in rows])
    assert run("build", "--data", mine).exit_code == 0


def test_empty_file(mine: Path) -> None:
    (mine / "ties.csv").write_bytes(b"")
    fails(1, "build", "--data", mine, contains=["ties.csv:1:", "empty", "from,to,type"])


def test_file_of_blank_lines_is_empty(mine: Path) -> None:
    (mine / "ties.csv").write_bytes(b"\r\n\r\n")
    fails(1, "build", "--data", mine, contains=["ties.csv:1:", "empty"])


def test_header_only_file_is_an_empty_table(mine: Path) -> None:
    (mine / "ties.csv").write_text("from,to,type\n", encoding="utf-8")
    assert run("build", "--data", mine).exit_code == 0


def test_folder_without_dataset_lists_the_datasets_inside(tmp_path: Path) -> None:
    copy_mini(tmp_path, "inner")
    fails(
        1,
        "build",
        "--data",
        tmp_path,
        contains=[str(tmp_path), "no dataset.toml", "inside it are: inner"],
    )


def test_empty_folder(tmp_path: Path) -> None:
    fails(1, "build", "--data", tmp_path, contains=["no dataset.toml", "data-format.md"])


def test_dataset_without_organisations(mine: Path) -> None:
    (mine / "organisations.csv").unlink()
    fails(1, "build", "--data", mine, contains=["no organisations.csv"])


def test_file_given_as_data_folder(mine: Path) -> None:
    fails(1, "build", "--data", mine / "organisations.csv", contains=["not a folder"])


def test_nonexistent_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    fails(2, "build", "--data", tmp_path / "nope", contains=["nope: no such folder"])


def test_bad_dataset_toml(mine: Path) -> None:
    (mine / "dataset.toml").write_text('id = "mini"\ntitle = \n', encoding="utf-8")
    fails(1, "build", "--data", mine, contains=["dataset.toml", "not valid TOML", "line 2"])


def _graph_of(folder: Path) -> object:
    return segraph.build_graph(data=[folder], include_ontology=False)


def test_cp949_is_detected_and_loaded(mine: Path, tmp_path: Path) -> None:
    for name in ("organisations.csv", "participations.csv"):
        path = mine / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp949"))
    result = run("build", "--data", mine)
    assert result.exit_code == 0, result.stderr
    notices = result.stderr.splitlines()
    assert len(notices) == 2
    assert all("read as CP949" in line for line in notices)
    assert all("iconv -f CP949 -t UTF-8" in line for line in notices)
    assert isomorphic(_graph_of(mine), _graph_of(copy_mini(tmp_path, "utf8")))


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_the_suggested_conversion_command_works(mine: Path, tmp_path: Path) -> None:
    path = mine / "organisations.csv"
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").encode("cp949"))
    notice = run("build", "--data", mine).stderr
    command = notice.split("To convert it once for all: ", 1)[1].strip()
    subprocess.run(command, shell=True, check=True, cwd=Path.cwd())
    assert path.read_bytes() == original
    result = run("build", "--data", mine)
    assert result.exit_code == 0 and result.stderr == ""


def test_nonexistent_data_folder_names_the_bundled_datasets(tmp_path: Path) -> None:
    fails(2, "build", "--data", tmp_path / "seoul-2012", contains=["bundled datasets: seoul-2021"])


def test_euc_kr_file_is_read_as_cp949(mine: Path, tmp_path: Path) -> None:
    path = mine / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("euc-kr"))
    assert isomorphic(_graph_of(mine), _graph_of(copy_mini(tmp_path, "utf8")))


def test_latin1_file_says_how_to_convert(mine: Path) -> None:
    (mine / "sources.csv").write_bytes("id,title\nsX,Café crème\n".encode("latin-1"))
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["sources.csv:2:", "not UTF-8", "0xe9", "file -i", "iconv -f ENCODING -t UTF-8"],
    )


def test_utf16_file_says_how_to_convert(mine: Path) -> None:
    path = mine / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    fails(1, "build", "--data", mine, contains=["UTF-16", "iconv -f UTF-16 -t UTF-8"])


def test_bom_and_crlf_just_work(mine: Path, tmp_path: Path) -> None:
    for path in mine.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run("build", "--data", mine)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert isomorphic(_graph_of(mine), _graph_of(copy_mini(tmp_path, "plain")))


def test_cell_over_the_limit(mine: Path) -> None:
    set_cell(mine / "organisations.csv", 1, "note", "가" * (MAX_CELL + 1))
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:2:", "column 'note'", str(MAX_CELL + 1), "limit"],
    )


def test_cell_over_the_csv_module_limit(mine: Path) -> None:
    size = csv.field_size_limit() + 10
    set_cell(mine / "organisations.csv", 1, "note", "x" * size)
    fails(1, "build", "--data", mine, contains=["organisations.csv:2:", "limit", "stray quote"])


def test_stray_quote_running_to_the_end_of_the_file(mine: Path) -> None:
    path = mine / "organisations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",enterprise,", ',"enterprise,', 1)
    filler = "".join(f"filler,{'x' * 2000}\n" for _ in range(60))
    path.write_text("".join(lines) + filler, encoding="utf-8")
    fails(1, "build", "--data", mine, contains=["organisations.csv:3:"])


def test_cell_with_a_control_character(mine: Path) -> None:
    set_cell(mine / "organisations.csv", 1, "name_en", "Seoul\x0bCenter")
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:2:", "column 'name_en'", "U+000B", "remove it"],
    )


def test_long_valid_cell_is_kept(mine: Path) -> None:
    note = "긴 메모 " * 5000
    set_cell(mine / "organisations.csv", 1, "note", note)
    graph = _graph_of(mine)
    assert any(str(o) == note.strip() for o in graph.objects())


def test_unknown_tie_type_suggests_the_close_type(mine: Path) -> None:
    set_cell(mine / "ties.csv", 1, "type", "partnr")
    fails(1, "build", "--data", mine, contains=["ties.csv:2:", "did you mean 'partner'"])


def test_tie_of_an_organisation_with_itself(mine: Path) -> None:
    line = append_row(mine / "ties.csv", {"from": "alpha", "to": "alpha", "type": "partner"})
    fails(
        1, "build", "--data", mine, contains=[f"ties.csv:{line}:", "column 'to'", "two different"]
    )


def test_membership_of_an_organisation_in_itself(mine: Path) -> None:
    line = append_row(mine / "memberships.csv", {"member": "cons", "organisation": "cons"})
    fails(1, "build", "--data", mine, contains=[f"memberships.csv:{line}:", "member of itself"])


@pytest.mark.parametrize("value", ["2021-02-30", "2021/06/30", "30.06.2021", "2021-6-30"])
def test_bad_date(mine: Path, value: str) -> None:
    write_rows(
        mine / "registrations.csv",
        [["organisation", "designation", "date"], ["beta", "social-enterprise", value]],
    )
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=[
            "registrations.csv:2:",
            "column 'date'",
            f"'{value}' is not a date",
            "YYYY-MM-DD",
        ],
    )


def test_unknown_organisation_in_a_registration(mine: Path) -> None:
    write_rows(
        mine / "registrations.csv",
        [["organisation", "designation", "date"], ["betta", "social-enterprise", "2021-06-30"]],
    )
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["registrations.csv:2:", "no organisation with id 'betta'", "'beta'"],
    )


def test_a_header_of_many_unknown_columns_gives_a_short_line(mine: Path) -> None:
    columns = [f"extra{n}" for n in range(100_000)]
    (mine / "ties.csv").write_text(
        ",".join(["from", "to", "type", *columns]) + "\n", encoding="utf-8"
    )
    message = fails(1, "build", "--data", mine, contains=["'extra0'", "and 99995 more"])
    assert len(message) < 1000


def test_column_repeated_in_the_header(mine: Path) -> None:
    (mine / "ties.csv").write_text("from,to,type,to\n", encoding="utf-8")
    fails(1, "build", "--data", mine, contains=["ties.csv:1:", "'to' appear more than once"])


def test_a_value_under_a_column_without_a_name(mine: Path) -> None:
    rows = read_rows(mine / "organisations.csv")
    rows[0].insert(2, "")
    for row in rows[1:]:
        row.insert(2, "")
    rows[2][2] = "stray"
    write_rows(mine / "organisations.csv", rows)
    fails(
        1,
        "build",
        "--data",
        mine,
        contains=["organisations.csv:3:", "cell 3 holds 'stray'", "column has no name"],
    )
