"""Load dataset folders (paths or bundled names) and assemble them into one ecosystem."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def resolution_rows(ecosystem: Ecosystem, every: bool = False) -> list[dict[str, Any]]:
    """What name resolution merged, one row per organisation printed in more than one way or
    merged from several ids (``every``: one row per organisation), sorted by id.

    Each row has ``id``, ``name``, ``merged_ids`` (the other ids merged into it) and
    ``printed_forms`` (the name, then the spellings kept as ``skos:altLabel``).
    """
    groups = ecosystem.resolution.groups
    merged = {group[0]: [i for i in group if i != group[0]] for group in groups if group}
    return [
        {
            "id": org.id,
            "name": org.name_ko,
            "merged_ids": sorted(merged.get(org.id, [])),
            "printed_forms": [org.name_ko, *org.alt_names],
        }
        for org in sorted(ecosystem.organisations.values(), key=lambda o: o.id)
        if every or org.alt_names or org.id in merged
    ]
