"""Load dataset folders (paths or bundled names) and assemble them into one ecosystem."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from segraph._util.resources import bundled_dataset, bundled_datasets
from segraph.dataset.assemble import Ecosystem, assemble
from segraph.dataset.read import load_dataset

log = logging.getLogger(__name__)


def dataset_folder(reference: str | Path) -> Path:
    """Return the folder ``reference`` names: a path, or else the name of a bundled dataset."""
    path = Path(reference)
    if not path.exists() and str(reference) in bundled_datasets():
        return bundled_dataset(str(reference))
    return path


def load_ecosystem(data: Sequence[str | Path] | None = None, lenient: bool = False) -> Ecosystem:
    """Load and assemble dataset folders (the bundled Seoul 2021 dataset when none are given).

    Each entry is a folder path or the name of a bundled dataset (``"seoul-2021"``). With
    ``lenient``, rows with problems (and the records that then point at nothing) are left out,
    listed in ``Ecosystem.skipped`` and each logged as a warning (logger ``segraph.dataset.load``)
    naming the file, line and problem; by default the first problem raises :class:`DataError`.
    """
    folders = [dataset_folder(ref) for ref in data] if data else [bundled_dataset()]
    eco = assemble((load_dataset(folder, lenient) for folder in folders), lenient)
    for problem in eco.skipped:
        log.warning("skipped %s", problem)
    if eco.skipped:
        log.warning("skipped %d row(s) with problems; the rest is loaded", len(eco.skipped))
    return eco
