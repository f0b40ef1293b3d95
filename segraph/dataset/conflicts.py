"""Single values that merged records disagree on: every value kept, with the sources stating it.

When records of one organisation (or program, site, indicator) from several datasets or rows are
merged, a field that holds one value (a district, a homepage, a budget) may be stated differently.
The merged record takes the value of the first record (datasets in order of id); a
:class:`Conflict` keeps every value with the sources of the records that state it, so that
nothing is overwritten silently: ``segraph resolve --conflicts`` lists them and the graph holds
each value as an ``rdf:Statement`` with its sources (``docs/vocabulary.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Conflict:
    """One field of one record stated with different values.

    ``values`` maps each value, in the order first stated, to the sources stating it (qualified
    ``dataset/source`` ids); the first value is the one the merged record holds.
    """

    kind: str
    id: str
    field: str
    values: dict[Any, tuple[str, ...]]

    def describe(self) -> str:
        """One line: the record, the field and each value with its sources."""
        stated = "; ".join(
            f"'{value}' ({', '.join(sources) or 'no source'})"
            for value, sources in self.values.items()
        )
        return f"{self.kind} '{self.id}': {self.field} differs: {stated}; kept: '{self.first}'"

    @property
    def first(self) -> Any:
        """The value the merged record holds."""
        return next(iter(self.values))


@dataclass
class Conflicts:
    """Every conflict found while assembling, sorted by kind, id and field when iterated."""

    found: list[Conflict] = field(default_factory=list)

    def check(
        self, kind: str, record_id: str, records: Sequence[Any], fields: Iterable[str]
    ) -> None:
        """Note each of ``fields`` that ``records`` (one record's versions, first one first)
        state with more than one value; an empty value disagrees with nothing."""
        if len(records) < 2:
            return
        for name in fields:
            values: dict[Any, tuple[str, ...]] = {}
            for record in records:
                value = getattr(record, name)
                if value is None or value == "" or value == ():
                    continue
                values[value] = tuple(dict.fromkeys(values.get(value, ()) + record.source))
            if len(values) > 1:
                self.found.append(Conflict(kind, record_id, name, values))

    def __iter__(self) -> Iterator[Conflict]:
        return iter(sorted(self.found, key=lambda c: (c.kind, c.id, c.field)))

    def __len__(self) -> int:
        return len(self.found)

    def about(self, kind: str) -> dict[str, list[Conflict]]:
        """The conflicts of records of ``kind``, by record id."""
        grouped: dict[str, list[Conflict]] = {}
        for conflict in self:
            if conflict.kind == kind:
                grouped.setdefault(conflict.id, []).append(conflict)
        return grouped
