"""The file system side of the worksheet file: checks before reading, and atomic writes.

:func:`write_atomically` makes a new file beside the target, flushes it,
and puts it in place with ``os.replace``, so the target is at every instant
the old file or the new one.  Each step is a function of its own
(:func:`vacuum_into`, :func:`fsync_file`, :func:`replace`,
:func:`fsync_dir`), looked up at call time, so tests can make each one fail.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from app.storage.errors import NotAWorksheetError, WorksheetError, quoted
from app.storage.session import Fingerprint


def reason(e: BaseException) -> str:
    """A few words on why an operating-system or SQLite operation failed."""
    # Only a program that has imported SQLAlchemy can have raised its error.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(e, sa_exc.DBAPIError) and e.orig is not None:
        e = e.orig
    if isinstance(e, OSError):
        known = {
            errno.ENOSPC: "the disk is full",
            errno.EDQUOT: "the disk quota is used up",
            errno.EACCES: "permission was denied",
            errno.EPERM: "permission was denied",
            errno.EROFS: "the disk is read-only",
            errno.ENOENT: "the folder does not exist",
            errno.ENOTDIR: "the folder does not exist",
            errno.EISDIR: "it is a folder",
        }
        return known.get(e.errno or 0) or (e.strerror or str(e)).lower()
    text = str(e)
    if "disk is full" in text:
        return "the disk is full"
    return text or type(e).__name__


def absolute(path: Path | str) -> Path:
    return Path(path).expanduser().resolve()


def precheck(target: Path) -> None:
    q = quoted(target)
    if not target.exists():
        raise NotAWorksheetError(f"{q} does not exist.", path=target)
    if target.is_dir():
        raise NotAWorksheetError(f"{q} is a folder, not a worksheet file.", path=target)
    if not target.is_file():
        raise NotAWorksheetError(f"{q} is not a regular file.", path=target)
    for suffix in ("-journal", "-wal"):
        journal = target.with_name(target.name + suffix)
        if journal.exists():
            # Another program is writing it (or died doing so): the file alone is not the
            # whole worksheet, and this program never writes there itself.
            raise WorksheetError(
                f"{q} is being changed by another program (its journal "
                f"\u201c{journal.name}\u201d is beside it); close that program and try again.",
                path=target,
            )


def copy_error(target: Path, e: OSError) -> WorksheetError:
    return WorksheetError(f"{quoted(target)} could not be read ({reason(e)}).", path=target)


def vacuum_into(raw: sqlite3.Connection, dest: Path) -> None:
    raw.execute("VACUUM INTO ?", (str(dest),))


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to flush; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(source: Path, dest: Path) -> None:
    os.replace(source, dest)


def temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")


def write_atomically(target: Path, fill: Callable[[Path], None]) -> Fingerprint:
    """Make a new file with ``fill(temp)`` beside ``target``, flush it, put it in place.

    On any failure the temporary file is removed and ``target`` is as it was.
    """
    tmp = temp_beside(target)
    try:
        fill(tmp)
        fsync_file(tmp)
        fingerprint = Fingerprint.of(tmp)
        replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # some file systems cannot flush a folder
        fsync_dir(target.parent)
    return fingerprint


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Exports (JSON, CSV, the brief): all of ``data`` at ``target``, or ``target`` as it was.

    The temporary file is made like any new file (the user's umask applies),
    so an export is as readable as a file saved by any other program.
    """

    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomically(target, fill)
