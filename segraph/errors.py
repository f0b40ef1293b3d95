"""Errors segraph reports to its users: one line naming the file, the line and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Origin:
    """Where a record came from: a file, a 1-based line number (0 when not line-based) and the
    id of the dataset the file belongs to (empty outside a dataset)."""

    file: Path
    line: int = 0
    dataset: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


class SegraphError(Exception):
    """Base class of every error segraph reports; ``str()`` is the one-line message."""


class DataError(SegraphError):
    """Bad input data: a file, a line and, where known, a field, with what is wrong."""

    def __init__(self, origin: Origin | Path | str, problem: str, field: str | None = None):
        self.origin = origin
        self.problem = problem
        self.field = field
        where = str(origin)
        column = f" column '{field}':" if field else ""
        super().__init__(f"{where}:{column} {problem}")


class UsageError(SegraphError):
    """A request segraph cannot carry out as asked (an unknown option value, a missing file)."""
