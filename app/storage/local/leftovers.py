"""What writes killed midway leave beside the analyst's files, and its removal.

An export or an import (``kind`` ``ach-write``, see :mod:`app.storage.local.files`)
holds no worksheet lock, and on a shared drive another person's program may
be writing one right now.  So each such write holds an advisory lock
(``flock``) on its temporary file, or on its private folder, for as long as
it lives; the kernel (or the file server) drops that lock when the process
dies, however it dies.  :func:`remove_leftover_writes` removes an entry only
if all of these hold:

* its name is exactly one this program makes (:func:`files.temp_beside
  <app.storage.local.files.temp_beside>` or the import's folder), for a write;
* it is a regular file or a folder of its own (never a symbolic link);
* it is older than :data:`GRACE` (a writer takes its lock just after making
  the file: a few microseconds in which the file is not locked yet);
* no process holds its lock.  Where the file system cannot lock (or on
  Windows, where an open file cannot be deleted anyway), only entries older
  than :data:`UNLOCKABLE_AGE` are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.storage import names

fcntl: Any
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

WRITE = "ach-write"
GRACE = 10.0
"""Seconds: younger entries are left alone, whatever their lock says."""
UNLOCKABLE_AGE = 24 * 3600.0
"""Seconds: where nothing can be locked, entries younger than this are left alone."""

# ".<tag>.<random>.ach-write.tmp": 12 hex digits (a file) or mkdtemp's 8 characters (a folder).
_NAME = re.compile(
    rf"\.(?P<prefix>.+)~(?P<key>[0-9a-f]{{{names.KEY_LENGTH}}})\.[0-9a-z_]{{8,12}}\."
    rf"{re.escape(WRITE)}\.tmp",
    re.DOTALL,
)


def is_write_leftover_name(name: str) -> bool:
    """Whether ``name`` is exactly what this program names a write's temporary file or folder."""
    m = _NAME.fullmatch(name)
    if m is None:
        return False
    prefix = m["prefix"]
    if names.key(prefix) == m["key"]:
        return True  # the whole name of its target: checked to the last digit
    # A long target's name was cut to at most PREFIX_BYTES bytes, between characters.
    return names.PREFIX_BYTES - 4 < len(names.encoded(prefix)) <= names.PREFIX_BYTES


# -- the writer's side -----------------------------------------------------------------


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: the age rule applies
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def hold(path: Path, *, folder: bool = False) -> int:
    """Open and lock the new temporary file or folder ``path``; close the result when done."""
    flags = os.O_RDONLY if folder else os.O_WRONLY
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    _lock(fd)
    return fd


def locked_folder(target: Path) -> tuple[Path, int]:
    """A new private folder beside ``target`` for building it, and the descriptor that locks it."""
    prefix = f".{names.tag(target.name)}."
    work = Path(tempfile.mkdtemp(prefix=prefix, suffix=f".{WRITE}.tmp", dir=target.parent))
    try:
        return work, hold(work, folder=True)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        raise


# -- the cleaner's side ----------------------------------------------------------------


@contextlib.contextmanager
def _unclaimed(path: str, st: os.stat_result) -> Iterator[bool]:
    """Whether no live process holds the lock of ``path`` (kept so while inside)."""
    age = time.time() - st.st_mtime
    if fcntl is None:  # pragma: no cover - Windows: deleting a file a writer has open fails
        yield age > GRACE
        return
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        yield False
        return
    try:
        if (os.fstat(fd).st_ino, os.fstat(fd).st_dev) != (st.st_ino, st.st_dev):
            yield False  # replaced since it was listed
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                yield False  # a live writer holds it
            else:  # this file system cannot lock: only the old are surely dead
                yield age > UNLOCKABLE_AGE
            return
        yield age > GRACE
    finally:
        os.close(fd)


def remove_leftover_writes(folder: Path) -> list[str]:
    """Remove what killed exports and imports left in ``folder``; return the names removed."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_write_leftover_name(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            is_dir = stat.S_ISDIR(st.st_mode)
            if not (is_dir or stat.S_ISREG(st.st_mode)):
                continue  # a link, a pipe: not something this program made
            with _unclaimed(entry.path, st) as free:
                if not free:
                    continue
                if is_dir:
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def remove_leftover_lock_temps(target: Path) -> list[str]:
    """Remove the temporary files of the lock (:mod:`~app.storage.local.lock`) left by a kill.

    Such a file lives for the instant between writing it and linking it as
    the lock, so one older than :data:`GRACE` is surely left over; so does the
    breaker file of a program taking over a stale lock (``lock.breaker_path``).
    """
    tag = re.escape(f".~lock.{names.tag(target.name)}.")
    pattern = re.compile(tag + r"(?:[0-9a-f]{12}\.tmp|breaking)")
    return remove_files_named(target.parent, pattern, older_than=GRACE)


def remove_files_named(
    folder: Path, pattern: re.Pattern[str], *, older_than: float = 0
) -> list[str]:
    """Remove the regular files of ``folder`` whose whole name matches ``pattern``.

    Links, folders and anything else are never touched; with ``older_than``,
    neither is a file changed in the last that many seconds
    (its clock may be ahead: a file from the future counts as new).  Returns the
    names removed; a file that cannot be removed is left as it is.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if pattern.fullmatch(entry.name) is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (older_than and now - st.st_mtime <= older_than):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed
