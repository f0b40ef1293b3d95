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
    if eco.resolution.groups:
        log.warning(
            "%d organisation(s) merged from records with different ids (same business number, "
            "or the same name where nothing contradicts it); 'segraph resolve' lists them",
            len(eco.resolution.groups),
        )
    if eco.conflicts:
        log.warning(
            "%d value(s) differ between merged records: the first dataset's is kept, every "
            "value is in the graph with its sources; 'segraph resolve --show conflicts' lists them",
            len(eco.conflicts),
        )
    return eco


def _datasets(record: Any) -> list[str]:
    """The datasets a (merged) record's sources belong to, sorted."""
    return sorted({source.split("/", 1)[0] for source in record.source})


def resolution_rows(ecosystem: Ecosystem, every: bool = False) -> list[dict[str, Any]]:
    """What resolution merged, one row per organisation printed in more than one way or
    merged from several ids (``every``: one row per organisation), sorted by id.

    Each row has ``id``, ``name``, ``merged_ids`` (the other ids merged into it), ``reasons``
    (for each merged id, what matched: a name core or a business number), ``datasets`` (those
    its records come from) and ``printed_forms`` (the name, then the spellings kept as
    ``skos:altLabel``).
    """
    resolution = ecosystem.resolution
    merged = {group[0]: [i for i in group if i != group[0]] for group in resolution.groups}
    return [
        {
            "id": org.id,
            "name": org.name_ko,
            "merged_ids": sorted(merged.get(org.id, [])),
            "reasons": {i: resolution.reasons.get(i, "") for i in sorted(merged.get(org.id, []))},
            "datasets": _datasets(org),
            "printed_forms": [org.name_ko, *org.alt_names],
        }
        for org in sorted(ecosystem.organisations.values(), key=lambda o: o.id)
        if every or org.alt_names or org.id in merged
    ]


def near_miss_rows(ecosystem: Ecosystem) -> list[dict[str, Any]]:
    """Organisations whose names read alike but that were kept apart, one row per pair, sorted:
    ``first``, ``second`` (ids), their ``names``, the ``datasets`` of each, the name ``core``
    they share and the ``reason`` they stay apart."""
    orgs, resolve = ecosystem.organisations, ecosystem.resolution
    rows = []
    for miss in ecosystem.resolution.near_misses:
        first, second = orgs.get(resolve(miss.first)), orgs.get(resolve(miss.second))
        if first is None or second is None:  # left out by a lenient load
            continue
        rows.append(
            {
                "first": miss.first,
                "second": miss.second,
                "names": [first.name_ko, second.name_ko],
                "datasets": [_datasets(first), _datasets(second)],
                "core": miss.core,
                "reason": miss.reason,
            }
        )
    return rows


def conflict_rows(ecosystem: Ecosystem) -> list[dict[str, Any]]:
    """Every value merged records disagree on, one row per record and field, sorted: ``kind``,
    ``id``, ``field``, ``kept`` (the value the record holds) and ``values`` (each with the
    ``sources`` stating it)."""
    return [
        {
            "kind": conflict.kind,
            "id": conflict.id,
            "field": conflict.field,
            "kept": str(conflict.first),
            "values": [
                {"value": str(value), "sources": list(sources)}
                for value, sources in conflict.values.items()
            ],
        }
        for conflict in ecosystem.conflicts
    ]
