"""Where the bundled ontology files and datasets are, found through the installed package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

BUNDLED_DATASET = "seoul-2021"


def ontology_file(name: str) -> Path:
    """Return the path of a bundled ontology file such as ``"segraph.ttl"``."""
    return Path(str(files("segraph.ontology").joinpath(name)))


def bundled_dataset(name: str = BUNDLED_DATASET) -> Path:
    """Return the folder of a bundled dataset (by default the Seoul 2021 dataset)."""
    return Path(str(files("segraph.data").joinpath(name)))


def bundled_datasets() -> list[str]:
    """Return the names of every bundled dataset, sorted."""
    root = Path(str(files("segraph.data")))
    return sorted(p.name for p in root.iterdir() if (p / "dataset.toml").is_file())
