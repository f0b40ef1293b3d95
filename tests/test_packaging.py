"""A non-editable install finds the bundled ontology and data through the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from segraph.sparql.server.editor import ASSETS

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the project, built without network access."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("segraph-*.whl"))


def test_wheel_carries_ontology_data_and_cli(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "segraph/cli/main.py" in names
    assert "segraph/ontology/segraph.ttl" in names
    assert "segraph/ontology/shapes.ttl" in names
    assert "segraph/data/seoul-2021/dataset.toml" in names
    assert "segraph/data/seoul-2021/organisations.csv" in names
    for asset in ASSETS:  # the query editor of segraph serve
        assert f"segraph/sparql/server/editor/{asset}" in names, asset
    assert not any(name.startswith("tests/") for name in names)


def test_installed_package_builds_the_bundled_graph_from_elsewhere(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import segraph, sys\n"
        "assert segraph.__file__.startswith(sys.argv[1]), segraph.__file__\n"
        "graph = segraph.build_graph()\n"
        "print(len(graph), segraph.validate_graph(graph).conforms)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    triples, conforms = result.stdout.split()
    assert int(triples) > 1000
    assert conforms == "True"
