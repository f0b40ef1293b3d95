"""The CSV loader: records with their origin, and one-line errors for bad input."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from segraph import DataError, UsageError, load_dataset
from tests.conftest import MINI


def copy_mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture dataset."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def test_records_keep_values_and_origin() -> None:
    dataset = load_dataset(MINI)
    assert dataset.info.id == "mini"
    assert dataset.info.year == 2021
    beta = next(o for o in dataset.organisations if o.id == "beta")
    assert beta.designations == ("social-enterprise",)
    assert beta.alt_names == ("주식회사 미션잇",)
    assert beta.origin.file.name == "organisations.csv"
    assert beta.origin.line == 4
    youth = next(p for p in dataset.programs if p.id == "youth")
    assert youth.budget == Decimal(1000)  # "1,000" in a quoted cell
    care = next(p for p in dataset.programs if p.id == "care")
    assert (care.budget, care.spent) == (Decimal(548475000), Decimal(516951840))
    sources = {s.id: s.title for s in dataset.sources}
    assert sources["s2"] == "테스트 표 2, 쉼표 포함"


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    path = folder / "organisations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    dataset = load_dataset(folder)
    assert [o.id for o in dataset.organisations] == [o.id for o in load_dataset(MINI).organisations]


@pytest.mark.parametrize(
    ("filename", "edit", "expected"),
    [
        (
            "organisations.csv",
            lambda t: t.replace("kind,", "kinds,", 1),
            "unknown column(s) 'kinds'",
        ),
        (
            "organisations.csv",
            lambda t: t.replace("beta,", "Beta!,", 1),
            "organisations.csv:4: column 'id'",
        ),
        ("organisations.csv", lambda t: t.replace(",team,", ",squad,", 1), "'squad' is not one of"),
        ("organisations.csv", lambda t: t + "beta,중복,,,enterprise\n", "duplicate id beta"),
        ("programs.csv", lambda t: t.replace("548475000", "5억", 1), "'5억' is not a number"),
        ("participations.csv", lambda t: t.replace(",2021,", ",21,", 1), "is not a year"),
        ("participations.csv", lambda t: "", "the file is empty"),
    ],
)
def test_bad_input_names_file_line_and_problem(
    tmp_path: Path, filename: str, edit: object, expected: str
) -> None:
    folder = copy_mini(tmp_path)
    path = folder / filename
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    message = str(caught.value)
    assert filename in message
    assert expected in message
    assert "\n" not in message


def test_a_folder_without_dataset_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no dataset\.toml"):
        load_dataset(tmp_path)
    with pytest.raises(UsageError, match="no such folder"):
        load_dataset(tmp_path / "missing")
