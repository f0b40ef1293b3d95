"""How the ``segraph`` command reports failures: one line on stderr and an exit code.

=====  ==================================================================================
exit   meaning
=====  ==================================================================================
0      done (with ``--lenient``, also when rows were skipped; they are listed on stderr)
1      bad data: a file segraph was given is wrong (the message names file, line, field)
2      wrong usage: an option, a path that does not exist, an output that cannot be written
70     a bug in segraph (the message says how to see the traceback: ``SEGRAPH_DEBUG=1``)
130    interrupted (Ctrl-C); outputs being written are left as they were
141    the reader of the output went away (``segraph build | head``)
143    terminated (SIGTERM, e.g. ``kill`` or a time limit); outputs are left as they were
=====  ==================================================================================

Warnings of the library (a CSV read as CP949, rows skipped by ``--lenient``) are logged by the
``segraph`` logger and shown on stderr, one per line.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from segraph._util.inputs import guard_inputs
from segraph.errors import ArgumentError, DataError, SegraphError, UsageError, one_line

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """Raised in the main thread when the process receives SIGTERM, so that clean-up runs."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


@contextmanager
def _terminable() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` inside the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Failure(click.ClickException):
    """A one-line ``Error: …`` on stderr with a chosen exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(one_line(message))
        self.exit_code = exit_code


@contextmanager
def reported_failures(ctx: click.Context) -> Iterator[None]:
    """Run a command with its failures turned into one-line errors and exit codes.

    Inside, files read are protected from being written over
    (:func:`segraph._util.atomic.guard_inputs`) and the ``segraph`` logger writes its warnings to
    stderr.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("segraph")
    logger.addHandler(handler)
    try:
        with guard_inputs(), _terminable():
            yield
            sys.stdout.flush()
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except DataError as error:
        raise Failure(str(error), EXIT_DATA) from None
    except ArgumentError as error:
        raise Failure(error.render(lambda name: option_flag(ctx, name)), EXIT_USAGE) from None
    except UsageError as error:
        raise Failure(str(error), EXIT_USAGE) from None
    except SegraphError as error:
        raise Failure(str(error), EXIT_DATA) from None
    except KeyboardInterrupt:
        ctx.exit(EXIT_INTERRUPTED)
    except Terminated:
        ctx.exit(EXIT_TERMINATED)
    except BrokenPipeError:
        _discard_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        raise Failure(f"{where}{error.strerror or error}", EXIT_DATA) from None
    except UnicodeEncodeError as error:
        raise Failure(
            f"cannot print {error.object[error.start : error.end]!r} in the {error.encoding} "
            "encoding of this terminal; use a UTF-8 locale or set PYTHONIOENCODING=utf-8",
            EXIT_DATA,
        ) from None
    except Exception as error:
        if os.environ.get("SEGRAPH_DEBUG"):
            raise
        raise Failure(
            f"internal error ({type(error).__name__}: {error}); this is a bug in segraph, please "
            "report it with the output of the same command run with SEGRAPH_DEBUG=1",
            EXIT_BUG,
        ) from None
    finally:
        logger.removeHandler(handler)


def option_flag(ctx: click.Context, argument: str) -> str:
    """The command-line flag of the running command's option that sets ``argument``
    (``size_by`` → ``--size-by``); the argument's own name when no option sets it."""
    command = ctx.command
    if isinstance(command, click.Group) and ctx.invoked_subcommand:
        command = command.get_command(ctx, ctx.invoked_subcommand) or command
    for param in command.params:
        if param.name == argument and param.opts:
            return max(param.opts, key=len)
    return argument


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output in full, or raise (``BrokenPipeError``, ``OSError``).

    A single ``write`` of a large buffer may stop short without an error when the reader goes
    away or the disk fills; this writes the rest until done or until the failure shows.
    """
    stream = sys.stdout.buffer
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if not written:
            raise OSError(errno.EIO, "cannot write to standard output")
        view = view[written:]
    stream.flush()


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
