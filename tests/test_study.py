"""The worked study of docs/analytics.md is what docs/study/seoul_2021.py prints."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_page_holds_what_the_study_script_prints_now() -> None:
    spec = importlib.util.spec_from_file_location(
        "study", ROOT / "docs" / "study" / "seoul_2021.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (ROOT / "docs" / "analytics.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- study:begin -->\n(.*?)<!-- study:end -->", page, re.DOTALL)
    assert found is not None
    assert found.group(1) == module.study()
