"""Long steps: progress on stderr.

Nothing is printed for a step that ends within :data:`DELAY` seconds, so small graphs stay
silent. A longer step announces itself once the delay has passed, updates its count at most
every :data:`EVERY` seconds when it has one, and reports its duration when it ends::

    segraph: writing triples… 1,200,000
    segraph: writing triples: done in 6.1 s (2,013,388)

Progress is shown when stderr is a terminal, or always with ``SEGRAPH_PROGRESS=1``; never with
``SEGRAPH_PROGRESS=0``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import TextIO, TypeVar

DELAY = 2.0
EVERY = 0.5

#: (label, seconds) of the latest steps finished in this process, shown or not (benchmarks read
#: them to break a long operation down); a step ended by an exception is "<label> (unfinished)".
FINISHED: deque[tuple[str, float]] = deque(maxlen=200)

T = TypeVar("T")


def enabled(stream: TextIO | None = None) -> bool:
    """Whether progress is shown on ``stream`` (stderr by default)."""
    setting = os.environ.get("SEGRAPH_PROGRESS", "")
    if setting in ("0", "1"):
        return setting == "1"
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """One step: a label, an optional running count, and its start time."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.show = enabled(self.stream)
        self.count: int | None = None
        self.start = time.monotonic()
        self.last = 0.0
        self.lock = threading.Lock()
        self.announced = False
        self.timer: threading.Timer | None = None
        self.interrupted = False
        if self.show:
            self.timer = threading.Timer(DELAY, self._announce)
            self.timer.daemon = True
            self.timer.start()

    def _write(self, text: str) -> None:
        with self.lock:
            self.stream.write(text)
            self.stream.flush()

    def _announce(self) -> None:
        self.announced = True
        count = f" {self.count:,}" if self.count is not None else ""
        self._write(f"segraph: {self.label}…{count}\n")
        self.last = time.monotonic()

    def advance(self, count: int) -> None:
        """Record the running count; shown at most every :data:`EVERY` seconds once announced."""
        self.count = count
        if self.announced and time.monotonic() - self.last >= EVERY:
            self.last = time.monotonic()
            self._write(f"segraph: {self.label}… {count:,}\n")

    def close(self) -> None:
        """End the step; report its duration if it was announced."""
        if self.timer is not None:
            self.timer.cancel()
        label = f"{self.label} (unfinished)" if self.interrupted else self.label
        FINISHED.append((label, time.monotonic() - self.start))
        if self.announced:
            count = f" ({self.count:,})" if self.count is not None else ""
            elapsed = time.monotonic() - self.start
            self._write(f"segraph: {self.label}: done in {elapsed:.1f} s{count}\n")


@contextmanager
def step(label: str) -> Iterator[Progress]:
    """Report a step that may take long (see the module docstring)."""
    progress = Progress(label)
    try:
        yield progress
    except BaseException:
        progress.interrupted = True
        raise
    finally:
        progress.close()


def counted(items: Iterable[T], label: str, every: int = 50_000) -> Iterator[T]:
    """Yield ``items`` while reporting how many have passed under ``label``.

    The items are taken ``every`` at a time and handed on by :func:`itertools.chain`, so that no
    Python code runs per item (a build passes a million triples through here).
    """

    def batches() -> Iterator[list[T]]:
        with step(label) as progress:
            iterator = iter(items)
            count = 0
            while batch := list(islice(iterator, every)):
                yield batch
                count += len(batch)
                progress.advance(count)
            progress.count = count

    return chain.from_iterable(batches())
