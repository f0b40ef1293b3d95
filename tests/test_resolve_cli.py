"""``segraph resolve``: what was merged, and every printed form."""

from __future__ import annotations

import json

from click.testing import CliRunner

from segraph.cli.main import main
from tests.conftest import EXTRA, MINI


def test_resolve_lists_merged_ids_and_printed_forms() -> None:
    result = CliRunner().invoke(
        main, ["resolve", "--data", str(MINI), "--data", str(EXTRA), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["alpha"]["merged_ids"] == ["alpha-2022"]
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
