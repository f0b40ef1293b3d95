"""A pool of forked worker processes that do the server's queries, each with hard limits.

Each worker is a fork of the server taken when the pool starts: it shares the graph's memory
without copying it, then answers one job at a time, sent through a pipe. A job that runs out of
time gets its worker killed, whatever it was doing (even inside C code such as a regular
expression), and a fresh fork takes its place; a job that needs more memory than allowed fails
with :class:`MemoryError` in its worker only. The server never runs a query itself, so a query
can neither hang nor exhaust it, and as many queries run at once as there are workers.

Only where the operating system can fork (Linux, macOS): see :data:`CAN_FORK`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import json
import os
import queue
import select
import signal
import stat
import struct
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from segraph.sparql.server.timelimit import NoFreeSlot, TimeLimitExceeded

#: True where :class:`WorkerPool` works.
CAN_FORK = hasattr(os, "fork")

#: Jobs a worker does before a fresh fork replaces it (memory a long life may have fragmented).
JOBS_PER_WORKER = 1000

_OUT_OF_MEMORY = "the query needed more memory than this server allows"
_LENGTH = struct.Struct("!Q")


class ChildFailed(Exception):
    """The work failed in the worker; ``status`` and ``message`` say how."""

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


def _aborted(status: int) -> bool:
    """True when a child's wait status says it was ended by SIGABRT."""
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    """``size`` bytes from ``fd``; None when the pipe ends first.

    Raises :class:`TimeLimitExceeded` when ``deadline`` (a ``time.monotonic()``) passes first.
    """
    chunks, left = [], size
    while left:
        if deadline is not None:
            # an answer already waiting in the pipe is in time, however late this thread reads it
            wait = max(deadline - time.monotonic(), 0.0)
            if not select.select([fd], [], [], wait)[0]:
                raise TimeLimitExceeded("no answer in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None = None) -> bytes | None:
    """One length-prefixed frame, or None at the end of the pipe."""
    header = _read_exactly(fd, _LENGTH.size, deadline)
    if header is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(header)[0], deadline)


def _close_sockets() -> None:
    """Close the sockets a fork inherited (the listening one, other clients' connections), so
    that a connection ends when the server closes it, not when every worker has."""
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    for name in os.listdir(folder):
        with contextlib.suppress(OSError, ValueError):
            fd = int(name)
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _worker_main(
    work: Callable[[bytes], bytes],
    jobs: int,
    replies: int,
    memory_bytes: int | None,
    classify: Callable[[BaseException], tuple[int, str]],
) -> None:
    """The life of a worker: answer jobs until the pipe closes; never returns."""
    try:
        # Another thread may have held the parent's stderr at the fork: write nothing there.
        warnings.simplefilter("ignore")
        sys.stderr = io.StringIO()  # a fresh stream: what lands there is dropped at exit
        faulthandler.disable()  # an abort (out of memory in Oxigraph) dumps nothing either
        sys.unraisablehook = lambda _: None
        _close_sockets()
        used = _address_space()
        if memory_bytes is not None and used is not None:
            import resource

            limit = used + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        while (job := _read_frame(jobs)) is not None:
            body, out_of_memory = b"", False
            try:
                body = work(job)
                header = {"status": 200}
            except MemoryError:
                out_of_memory = True  # what failed to allocate may have left a poor state
                header = {"status": 503, "message": _OUT_OF_MEMORY, "exiting": True}
            except BaseException as error:
                status, message = classify(error)
                header = {"status": status, "message": message}
            _write_frame(replies, json.dumps(header).encode("utf-8") + b"\n" + body)
            if out_of_memory:
                break
    finally:
        os._exit(0)


@dataclass
class _Worker:
    pid: int
    jobs: int  # the pipe the worker reads jobs from (our end writes)
    replies: int  # the pipe the worker writes answers to (our end reads)
    done: int = 0

    def stop(self) -> int:
        """Kill the worker (idle or not) and return its wait status."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        for fd in (self.jobs, self.replies):
            os.close(fd)
        return os.waitpid(self.pid, 0)[1]


class WorkerPool:
    """``size`` forked workers, each running ``work(job) -> bytes`` on the jobs it is given.

    Parameters
    ----------
    work : the work of one job (bytes in, bytes out); runs in a worker.
    size : how many workers, so how many jobs at once.
    memory_bytes : how much more memory than the server has one worker may take (Linux).
    classify : turns an exception raised by ``work`` into an HTTP-like status and message.
    """

    def __init__(
        self,
        work: Callable[[bytes], bytes],
        size: int,
        memory_bytes: int | None = None,
        classify: Callable[[BaseException], tuple[int, str]] = lambda e: (500, str(e)),
    ):
        self._work, self._memory_bytes, self._classify = work, memory_bytes, classify
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._pipes: set[int] = set()  # this process's ends of every worker's pipes
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        replies_read, replies_write = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded server
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker, which exits
            for fd in (jobs_write, replies_read, *self._pipes):  # the server's ends
                with contextlib.suppress(OSError):
                    os.close(fd)
            _worker_main(self._work, jobs_read, replies_write, self._memory_bytes, self._classify)
        os.close(jobs_read)
        os.close(replies_write)
        self._pipes |= {jobs_write, replies_read}
        return _Worker(pid, jobs_write, replies_read)

    def run(self, job: bytes, seconds: float) -> bytes:
        """Return the work's answer to ``job``, done by the next free worker within ``seconds``
        (after waiting at most ``seconds`` for a free worker).

        Raises
        ------
        NoFreeSlot
            When every worker stayed busy for ``seconds``.
        TimeLimitExceeded
            When the job did not finish in time (its worker has been killed and replaced).
        ChildFailed
            When the work raised (status and message from ``classify``) or ran out of memory.
        """
        try:
            worker = self._idle.get(timeout=seconds)
        except queue.Empty:
            raise NoFreeSlot.after(seconds) from None
        try:
            _write_frame(worker.jobs, job)
            reply = _read_frame(worker.replies, time.monotonic() + seconds)
        except TimeLimitExceeded:
            self._replace(worker)
            raise TimeLimitExceeded.after(seconds) from None
        except OSError:  # the worker had died: its pipe is broken
            reply = None
        except BaseException:
            self._replace(worker)
            raise
        if reply is None:  # died during the job: Oxigraph aborts when an allocation fails
            ended = self._replace(worker)
            if _aborted(ended) and self._memory_bytes is not None:
                raise ChildFailed(503, _OUT_OF_MEMORY)
            raise ChildFailed(500, "the query process ended without an answer")
        header_line, _, body = reply.partition(b"\n")
        header = json.loads(header_line)
        worker.done += 1
        if self._closed or header.get("exiting") or worker.done >= JOBS_PER_WORKER:
            self._replace(worker)
        else:
            self._idle.put(worker)
        if header["status"] != 200:
            raise ChildFailed(header["status"], header["message"])
        return body

    def _replace(self, worker: _Worker) -> int:
        """Kill ``worker``, start a fresh fork in its place; return the old one's wait status."""
        with self._lock:
            self._pipes -= {worker.jobs, worker.replies}
        status = worker.stop()
        with self._lock:
            if not self._closed:
                self._idle.put(self._start())
        return status

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their job ends)."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.stop()
