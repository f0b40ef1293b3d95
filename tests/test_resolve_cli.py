"""``segraph resolve``: what was merged, and every printed form."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from segraph.cli.main import main
from tests.conftest import EXTRA, MINI
from tests.test_merge_datasets import write_dataset


def test_resolve_lists_merged_ids_and_printed_forms() -> None:
    result = CliRunner().invoke(
        main, ["resolve", "--data", str(MINI), "--data", str(EXTRA), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)["merges"]}
    assert rows["alpha"]["merged_ids"] == ["alpha-2022"]
    assert rows["alpha"]["reasons"] == {"alpha-2022": "함께강동"}
    assert rows["alpha"]["datasets"] == ["extra", "mini"]
    assert rows["alpha"]["printed_forms"] == [
        "사회적협동조합 함께강동",
        "사회적협동조합함께강동",
        "사회적협동조합  함께강동",
    ]
    assert "gamma" not in rows  # printed one way only, merged with nothing


def test_resolve_on_the_bundled_data_shows_the_report_variants() -> None:
    result = CliRunner().invoke(main, ["resolve"])
    assert result.exit_code == 0
    assert "마포구고용복지지원센터 | 마포구고용복지 지원센터" in result.stdout
    assert result.stdout.startswith("0 group(s) of ids merged")
    assert "0 near miss(es)" in result.stdout and "0 conflicting value(s)" in result.stdout


def test_resolve_lists_near_misses_and_conflicts_by_dataset(tmp_path: Path) -> None:
    other = write_dataset(
        tmp_path / "other",
        "other",
        [
            "alpha,사회적협동조합 함께강동,enterprise,cooperative,,,,s",  # same id, other form
            "far,(주)미션잇,enterprise,,,,,s",  # beta's name, area unknown: kept apart
        ],
    )
    args = ["resolve", "--data", str(MINI), "--data", str(other), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert set(found) == {"merges", "near_misses", "conflicts"}
    [miss] = found["near_misses"]
    assert (miss["first"], miss["second"]) == ("beta", "far")
    assert miss["datasets"] == [["mini"], ["other"]]
    assert "area unknown" in miss["reason"]
    [conflict] = found["conflicts"]
    assert conflict["id"] == "alpha" and conflict["field"] == "legal_form"
    assert conflict["kept"] == "social-cooperative"
    assert conflict["values"][1] == {"value": "cooperative", "sources": ["other/s"]}
    table = CliRunner().invoke(main, ["resolve", "--data", str(MINI), "--data", str(other)])
    assert "1 near miss(es)" in table.stdout
    assert (
        "legal_form  social-cooperative (mini/s1, mini/s2) | cooperative (other/s)" in table.stdout
    )
    assert "1 value(s) differ between merged records" in table.stderr
