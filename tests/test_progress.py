"""Progress lines of long steps (segraph._util.progress)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest

from segraph._util import progress


class ImmediateTimer:
    """A stand-in for threading.Timer that runs its function at start(): the step is announced
    at once, without a race with a timer thread."""

    def __init__(self, delay: float, function: Callable[[], None]) -> None:
        self.function = function
        self.daemon = False

    def start(self) -> None:
        self.function()

    def cancel(self) -> None:
        pass


def test_counted_hands_every_item_on_in_order_and_reports_the_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEGRAPH_PROGRESS", "1")
    monkeypatch.setattr(progress.threading, "Timer", ImmediateTimer)
    monkeypatch.setattr(progress, "EVERY", 0.0)
    stream = io.StringIO()
    monkeypatch.setattr(progress.sys, "stderr", stream)
    items = [(i, str(i)) for i in range(120_001)]

    passed = list(progress.counted(iter(items), "writing triples", every=50_000))

    assert passed == items
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [
        "segraph: writing triples…",
        "segraph: writing triples… 50,000",
        "segraph: writing triples… 100,000",
    ]
    assert lines[-1].startswith("segraph: writing triples: done in ")
    assert lines[-1].endswith("(120,001)")
    assert progress.FINISHED[-1][0] == "writing triples"


def test_a_step_ended_by_an_error_is_recorded_unfinished(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGRAPH_PROGRESS", "0")

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        list(progress.counted(failing(), "reading"))
    assert progress.FINISHED[-1][0] == "reading (unfinished)"


def test_nothing_is_printed_when_progress_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGRAPH_PROGRESS", "0")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = io.StringIO()
    monkeypatch.setattr(progress.sys, "stderr", stream)
    assert sum(progress.counted(range(10), "counting", every=3)) == 45
    assert stream.getvalue() == ""
