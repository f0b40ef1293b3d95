"""Errors segraph reports to its users: one line naming the file, the line and the problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Characters that would break a one-line message, shown escaped instead.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Return ``text`` with line breaks and other control characters shown as escapes.

    Examples
    --------
    >>> one_line("a\\nb")
    'a\\\\nb'
    """
    return _LINE_BREAKING.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: str, limit: int = 60) -> str:
    """Quote a value from the data for a message, shortened to ``limit`` characters.

    Examples
    --------
    >>> shown("2O21")
    "'2O21'"
    >>> shown("x" * 100, limit=5)
    "'xxxxx…' (100 characters)"
    """
    if len(value) <= limit:
        return f"'{value}'"
    return f"'{value[:limit]}…' ({len(value)} characters)"


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

    def __init__(self, message: str):
        super().__init__(one_line(message))


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


#: A reference to an argument inside an :class:`ArgumentError`'s problem: ``{size_by}``.
_ARGUMENT_REFERENCE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class ArgumentError(UsageError):
    """A function argument with a value segraph cannot use, worded in terms of the argument.

    ``problem`` may name other arguments as ``{name}``. The message of the Python API shows
    them as the argument names (``size_by 'fame': unknown measure``); the command line shows
    the option each argument comes from (``--size-by 'fame': unknown measure``), through
    :meth:`render`.

    Examples
    --------
    >>> str(ArgumentError("level", "'community' draws its own layout: drop {layout}"))
    "level 'community' draws its own layout: drop layout"
    >>> ArgumentError("radius", "-1: must be 0 or more").render(lambda name: "--" + name)
    '--radius -1: must be 0 or more'
    """

    def __init__(self, argument: str, problem: str):
        self.argument = argument
        self.problem = problem
        super().__init__(self.render(str))

    def render(self, name_of: Callable[[str], str]) -> str:
        """The message with every argument named by ``name_of`` (e.g. its command-line flag)."""
        problem = _ARGUMENT_REFERENCE.sub(lambda m: name_of(m.group(1)), self.problem)
        return f"{name_of(self.argument)} {problem}"


@dataclass
class Problems:
    """Where data problems go while loading: raised at once, or kept when loading leniently.

    In strict mode (the default) :meth:`add` raises the error it is given, so the first problem
    stops the load. In lenient mode it records the error and the caller skips the bad row.
    """

    lenient: bool = False
    skipped: list[DataError] = field(default_factory=list)
    #: Ids of the records skipped, by kind (``"organisations"``, ``"programs"``…), so that
    #: references to them can say why they point at nothing.
    left_out: dict[str, set[str]] = field(default_factory=dict)

    def add(self, error: DataError, kind: str = "", record_id: str = "") -> None:
        """Raise ``error`` (strict) or record it as a skipped row (lenient).

        ``kind`` and ``record_id`` name the record left out, where it has an id.
        """
        if not self.lenient:
            raise error
        self.skipped.append(error)
        if record_id:
            self.left_out.setdefault(kind, set()).add(record_id)
