"""Write files atomically: to a temporary file beside the target, then rename over it.

A run that fails or is interrupted leaves the previous output untouched. The temporary file is
named ``.<name>.<pid>.<random>.tmp`` in the target's folder; it is removed when the write fails,
and a later write of the same target removes those left by processes that no longer exist (a
process killed with SIGKILL cannot clean up after itself).

:func:`atomic_output` refuses to write over a file read in this run
(:mod:`segraph._util.inputs`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from segraph._util.inputs import is_input
from segraph.errors import UsageError

#: Suffix of a previous folder set aside while :func:`atomic_folder` puts the new one in place.
_OLD_SUFFIX = ".previous.tmp"


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def _remove_stale_temporaries(target: Path, folder: Path) -> None:
    """Delete ``.<name>.<pid>.*.tmp`` files and folders beside ``target`` whose process is gone.

    A previous folder set aside by :func:`atomic_folder` (``….previous.tmp``) is put back instead
    when ``target`` is missing: its process died between the two renames.
    """
    # the random part is tempfile's (8 characters of [a-z0-9_]), so that the temporaries of a
    # target named like "<name>.<digits>" are never taken for this target's
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.(?:[a-z0-9_]{{8}}|previous)\.tmp\Z")
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if not match or _process_exists(int(match.group(1))):
            continue
        stale = folder / name
        if name.endswith(_OLD_SUFFIX) and not os.path.lexists(target):
            os.replace(stale, target)
        elif stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def check_output_path(path: str | Path) -> Path:
    """Check that ``path`` can name an output file, before any work is done; return it.

    Raises
    ------
    UsageError
        when ``path`` is a folder or has no file name, or when its folder does not exist.
    """
    given = Path(path)
    if given.is_dir() or given.name in ("", ".", ".."):
        raise UsageError(f"{given}: is a folder; give a file name to write")
    if not given.parent.is_dir():
        raise UsageError(f"{given}: the folder {given.parent} does not exist; create it first")
    return given


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Open a temporary binary file beside ``path``; on success it replaces ``path``.

    If the block raises (or the process dies), ``path`` keeps its previous content and the
    temporary file is removed (after a kill, by the next write of ``path``). A symbolic link is
    written through: the file it points to is replaced and the link kept. A device, named pipe
    or terminal (``/dev/null``, ``/dev/stdout``) is written directly, since there is no file to
    keep.

    Raises
    ------
    UsageError
        when the folder does not exist or cannot be written, when ``path`` is a folder, or
        when ``path`` is one of the files read in this run (:mod:`segraph._util.inputs`).
    """
    given = check_output_path(path)
    if is_input(given):
        raise UsageError(f"{given}: refusing to overwrite an input file of this run")
    if given.exists() and not given.is_file():
        with open(given, "wb") as stream:
            yield stream
        return
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"{given}: the folder {folder} does not exist; create it first")
    _remove_stale_temporaries(target, folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"{given}: cannot write in {folder}: {error.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(path: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; on success it replaces the folder ``path``.

    Fill the yielded folder; when the block ends without error, the previous ``path`` (if any) is
    moved aside, the new folder renamed into place and the previous one deleted. If the block
    raises, ``path`` is untouched and the temporary folder deleted. A process killed between the
    two renames leaves the previous folder as ``.<name>.<pid>.previous.tmp``; the next write of
    ``path`` puts it back before anything else.

    Raises
    ------
    UsageError
        when the parent folder does not exist or cannot be written, when ``path`` is a file,
        or when the folder holds a file read in this run (:mod:`segraph._util.inputs`).
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{target}: the folder {parent} does not exist; create it first")
    _remove_stale_temporaries(target, parent)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is a file, not a folder")
    if target.is_dir() and any(is_input(p) for p in target.iterdir()):
        raise UsageError(f"{target}: refusing to replace a folder holding an input of this run")
    try:
        staging = Path(
            tempfile.mkdtemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=parent)
        )
    except OSError as error:
        raise UsageError(f"{target}: cannot write in {parent}: {error.strerror}") from None
    try:
        yield staging
        os.chmod(staging, target.stat().st_mode & 0o777 if target.is_dir() else 0o755)
        if target.is_dir():
            aside = parent / f"{_temporary_prefix(target)}{_OLD_SUFFIX.lstrip('.')}"
            os.replace(target, aside)
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(aside, target)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(path) as handle:
        handle.write(data)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_with_atomic(path: str | Path, writer: Callable[[BinaryIO], None]) -> None:
    """Call ``writer`` with a binary file that atomically becomes ``path`` when it returns."""
    with atomic_output(path) as handle:
        writer(handle)
