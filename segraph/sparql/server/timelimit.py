"""Run a function with a time limit and a bound on how many run at once.

The function runs in a worker thread. When it overruns, :class:`TimeLimitExceeded` is raised in the
caller at once and a :class:`QueryInterrupted` exception is raised *inside* the worker (CPython's
``PyThreadState_SetAsyncExc``), which stops pure-Python work such as rdflib's query evaluation at
its next bytecode. Work inside a long C call (a native store, a regular expression) stops only when
that call returns — and a regular expression holds the interpreter until then; until the work stops
it keeps its slot, so overruns cannot pile up beyond ``slots``.
:mod:`segraph.sparql.server.workers` (worker processes) is the stronger limit where the system can
fork.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class QueryInterrupted(BaseException):
    """Raised inside a worker that ran out of time (a BaseException, so that code catching
    ``Exception`` does not swallow it)."""


class TimeLimitExceeded(Exception):
    """The function did not finish within its time limit."""

    @classmethod
    def after(cls, seconds: float) -> TimeLimitExceeded:
        """The error of work that ran past a limit of ``seconds``."""
        return cls(f"the query took longer than {seconds:g} s")


class NoFreeSlot(Exception):
    """Every slot stayed busy for the whole time limit."""

    @classmethod
    def after(cls, seconds: float) -> NoFreeSlot:
        """The error of a wait of ``seconds`` for a slot that did not come."""
        return cls(f"all query slots stayed busy for {seconds:g} s")


def _interrupt(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(QueryInterrupted)
    )


def call_with_time_limit(fn: Callable[[], T], seconds: float, slots: threading.Semaphore) -> T:
    """Return ``fn()``, or raise :class:`TimeLimitExceeded` after ``seconds``.

    Parameters
    ----------
    fn : the work, without arguments.
    seconds : the time limit; also how long to wait for a free slot.
    slots : a semaphore bounding how many calls run at once (held until the work has really
        stopped, even after the caller gave up on it).

    Raises
    ------
    TimeLimitExceeded, NoFreeSlot, or whatever ``fn`` raised.
    """
    if not slots.acquire(timeout=seconds):
        raise NoFreeSlot.after(seconds)
    guard = threading.Lock()
    state: dict[str, Any] = {"finished": False, "outcome": None}

    def work() -> None:
        try:
            try:
                outcome: tuple[bool, Any] = (True, fn())
            except BaseException as error:
                outcome = (False, error)
            with guard:
                state["finished"], state["outcome"] = True, outcome
        except QueryInterrupted:
            pass  # delivered after the work ended: nothing left to stop
        finally:
            slots.release()

    worker = threading.Thread(target=work, name="segraph-query", daemon=True)
    worker.start()
    worker.join(seconds)
    with guard:
        if not state["finished"]:
            assert worker.ident is not None
            _interrupt(worker.ident)
            raise TimeLimitExceeded.after(seconds)
        succeeded, value = state["outcome"]
    if succeeded:
        return value
    if isinstance(value, QueryInterrupted):  # pragma: no cover - interrupted yet finished
        raise TimeLimitExceeded.after(seconds)
    raise value
