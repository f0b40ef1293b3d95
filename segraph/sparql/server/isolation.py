"""Run work in a forked child process with a hard time limit and a memory limit.

The child inherits the parent's memory (the graph) without copying it up front, runs the work,
sends back its bytes through a pipe and exits. When time runs out the child is killed, whatever
it was doing (even inside C code such as a regular expression); when the work needs more memory
than allowed, it fails with :class:`MemoryError` in the child only. The parent never runs the
work itself, so a query can neither hang nor exhaust the server.

Only where the operating system can fork (Linux, macOS): see :data:`CAN_FORK`.
"""

from __future__ import annotations

import faulthandler
import io
import json
import os
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from segraph.sparql.server.timelimit import TimeLimitExceeded

#: True where :func:`run_in_child` works.
CAN_FORK = hasattr(os, "fork")


class ChildFailed(Exception):
    """The work failed in the child; ``status`` and ``message`` say how."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _address_space() -> int | None:
    """The bytes of address space this process uses now (Linux), else None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


_OUT_OF_MEMORY = "the query needed more memory than this server allows"


def _aborted(status: int) -> bool:
    """True when a child's wait status says it was ended by SIGABRT."""
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT


def _child(
    work: Callable[[], bytes],
    to_parent: int,
    memory_bytes: int | None,
    classify: Callable[[BaseException], tuple[int, str]],
) -> None:
    """Run in the child: never returns."""
    body = b""
    try:
        # Another thread may have held the parent's stderr at the fork: write nothing there.
        warnings.simplefilter("ignore")
        sys.stderr = io.StringIO()  # a fresh stream: what lands there is dropped at exit
        faulthandler.disable()  # an abort (out of memory in Oxigraph) dumps nothing either
        sys.unraisablehook = lambda _: None
        used = _address_space()
        if memory_bytes is not None and used is not None:
            import resource

            limit = used + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        body = work()
        header = {"status": 200}
    except MemoryError:
        header = {"status": 503, "message": _OUT_OF_MEMORY}
    except BaseException as error:
        status, message = classify(error)
        header = {"status": status, "message": message}
    try:
        data = json.dumps(header).encode("utf-8") + b"\n" + body
        view = memoryview(data)
        while view:
            written = os.write(to_parent, view)
            view = view[written:]
    finally:
        os._exit(0)


def run_in_child(
    work: Callable[[], bytes],
    seconds: float,
    memory_bytes: int | None = None,
    classify: Callable[[BaseException], tuple[int, str]] = lambda e: (500, str(e)),
) -> bytes:
    """Return ``work()`` computed in a forked child.

    Parameters
    ----------
    work : the work, returning bytes.
    seconds : the time limit; the child is killed when it is reached.
    memory_bytes : how much more memory than the parent has the child may take (Linux).
    classify : turns an exception raised by ``work`` into an HTTP-like status and message.

    Raises
    ------
    TimeLimitExceeded
        When the child did not finish in time (it has been killed).
    ChildFailed
        When the work raised (status and message from ``classify``) or ran out of memory (503).
    """
    from_child, to_parent = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded server
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which exits
        os.close(from_child)
        _child(work, to_parent, memory_bytes, classify)
    os.close(to_parent)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise TimeLimitExceeded(f"the query took longer than {seconds:g} s")
            ready, _, _ = select.select([from_child], [], [], left)
            if ready:
                chunk = os.read(from_child, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(from_child)
        _, ended = os.waitpid(pid, 0)
    header_line, _, body = b"".join(chunks).partition(b"\n")
    if not header_line and memory_bytes is not None and _aborted(ended):
        # native code (Oxigraph's engine) aborts the process when an allocation fails
        raise ChildFailed(503, _OUT_OF_MEMORY)
    if not header_line:
        raise ChildFailed(500, "the query process ended without an answer")
    header = json.loads(header_line)
    if header["status"] != 200:
        raise ChildFailed(header["status"], header["message"])
    return body
