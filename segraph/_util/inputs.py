"""The files a run has read, so that no output of the same run can overwrite one of them.

The command line runs every command inside :func:`guard_inputs`; readers call
:func:`note_input`, and :func:`segraph._util.atomic.atomic_output` refuses to write over a file
noted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

#: (device, inode) of every file read inside :func:`guard_inputs`; None outside it.
_INPUTS: ContextVar[set[tuple[int, int]] | None] = ContextVar("segraph_inputs", default=None)
#: True inside :func:`reading_earlier_output`.
_EARLIER_OUTPUT: ContextVar[bool] = ContextVar("segraph_earlier_output", default=False)


@contextmanager
def guard_inputs() -> Iterator[None]:
    """Within this block, files noted with :func:`note_input` cannot be written over."""
    token = _INPUTS.set(set())
    try:
        yield
    finally:
        _INPUTS.reset(token)


@contextmanager
def reading_earlier_output() -> Iterator[None]:
    """Within this block, files read are an earlier version of an output about to be replaced
    (read to check what it is), not inputs: they are not protected from being written over."""
    token = _EARLIER_OUTPUT.set(True)
    try:
        yield
    finally:
        _EARLIER_OUTPUT.reset(token)


def note_input(path: str | Path) -> None:
    """Record that ``path`` was read (only inside :func:`guard_inputs`)."""
    inputs = _INPUTS.get()
    if inputs is not None and not _EARLIER_OUTPUT.get():
        try:
            status = os.stat(path)
        except OSError:
            return
        inputs.add((status.st_dev, status.st_ino))


def is_input(path: str | Path) -> bool:
    """True when ``path`` was read inside the current :func:`guard_inputs` block."""
    inputs = _INPUTS.get()
    if not inputs:
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return (status.st_dev, status.st_ino) in inputs
