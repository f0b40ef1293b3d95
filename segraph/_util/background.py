"""One computation run in a forked child process while this process goes on with another.

An analysis of a national network spends seconds in pure-Python steps (Louvain, brokerage) that
hold the interpreter lock: a thread would not run them beside the centralities, a child process
does. The child is a fork, so it starts with the network already in memory (nothing is pickled
on the way in); only its result comes back, pickled through a pipe.

Where ``fork`` is not available (Windows; macOS by default) the computation runs in this
process when its result is asked for, with the same result.
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``function()`` computed in a forked child, started at once; :meth:`result` waits for it.

    The result (or the exception raised) must pickle. Exceptions come back as raised in the
    child, with the child's traceback text as their ``__notes__``.

    Examples
    --------
    >>> Background(lambda: sum(range(10))).result()
    45
    """

    def __init__(self, function: Callable[[], T], in_child: bool = True) -> None:
        self._function: Callable[[], T] | None = function
        self._process: Any = None
        self._pipe: Any = None
        if in_child and "fork" in multiprocessing.get_all_start_methods():
            receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
            self._process = multiprocessing.get_context("fork").Process(
                target=_run_and_send, args=(function, sender), daemon=True
            )
            self._process.start()
            sender.close()
            self._pipe = receiver

    def result(self) -> T:
        """The function's value; re-raises what it raised."""
        if self._process is None:
            function, self._function = self._function, None
            assert function is not None, "result() is asked for once"
            return function()
        try:
            outcome, value = self._pipe.recv()
        except EOFError:
            raise RuntimeError(
                f"the background computation died (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._pipe.close()
            self._process.join()
        if outcome == "raised":
            raise value
        return value


def _run_and_send(function: Callable[[], Any], sender: Any) -> None:
    try:
        message: tuple[str, Any] = ("returned", function())
    except BaseException as error:  # every failure, interrupts included, goes to the parent
        error.add_note(traceback.format_exc())
        message = ("raised", error)
    try:
        sender.send(message)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        sender.send(("raised", RuntimeError(f"the background result cannot be sent: {error}")))
    sender.close()
