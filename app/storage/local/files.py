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
import re
import sqlite3
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from app.storage import names
from app.storage.errors import NotAWorksheetError, WorksheetError, os_reason, quoted
from app.storage.local import leftovers, special_files
from app.storage.local.session import Fingerprint


class FolderError(OSError):
    """No file could be made beside the target: its folder refused one.

    ``filename`` is the target (never a temporary name), ``strerror`` says
    why in the words of :func:`reason` ("the folder cannot be written to").
    """


_FOLDER_REASONS = {
    errno.EACCES: "the folder cannot be written to",
    errno.EPERM: "the folder cannot be written to",
}


def folder_error(e: OSError, target: Path) -> FolderError:
    """``e``, raised making a file beside ``target``, as a :class:`FolderError` naming it."""
    if isinstance(e, FolderError):
        return e
    why = _FOLDER_REASONS.get(e.errno or 0) or reason(e)
    if e.errno in (errno.ENOENT, errno.ENOTDIR) and target.parent.is_dir():
        # The folder is there but refuses a new file by name (/proc, /sys): not "missing".
        why = "its folder takes no new files, so it cannot be written there"
    return FolderError(e.errno, why, str(target))


def target_error(e: OSError, target: Path) -> OSError:
    """``e`` naming ``target`` instead of a temporary file made for it (same errno and class)."""
    if isinstance(e, FolderError) or e.filename == str(target):
        return e
    new = OSError(e.errno, e.strerror or reason(e), str(target))  # OSError picks the subclass
    new.__cause__ = e
    return new


def _unwrapped(e: BaseException) -> BaseException:
    """The sqlite3 error inside one of SQLAlchemy's, else ``e`` itself."""
    # Only a program that has imported SQLAlchemy can have raised its error.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(e, sa_exc.DBAPIError):
        orig = e.orig
        if isinstance(orig, BaseException):
            return orig
    return e


def reason(e: BaseException) -> str:
    """A few words on why an operating-system or SQLite operation failed."""
    e = _unwrapped(e)
    if isinstance(e, FolderError) and e.strerror:
        return e.strerror
    if isinstance(e, OSError):
        return os_reason(e)
    text = str(e)
    if "disk is full" in text:
        return "the disk is full"
    if text.startswith("unable to open database"):
        # SQLite names the file it tried (often a temporary one): say it in words instead.
        return "the file could not be opened"
    return text or type(e).__name__


def absolute(path: Path | str) -> Path:
    """``path`` made absolute, its symbolic links resolved where they lead somewhere."""
    try:
        return Path(path).expanduser().resolve()
    except (RuntimeError, OSError):  # a link that leads round in a circle; "~nobody"
        return Path(os.path.abspath(path))


def _sibling_exists(path: Path) -> bool:
    """Whether ``path`` exists; a name too long for the file system cannot exist."""
    try:
        os.lstat(path)
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG):
            return False
        raise
    return True


def precheck(target: Path) -> None:
    """Refuse ``target`` before anything copies it: missing, not a regular file, being
    written by another program, or not a worksheet by its first 100 bytes.

    A named pipe or a device is never opened (reading one would hang or never
    end), and a 2 GB file of anything but a worksheet is refused by its
    header, not after a copy of all of it.
    """
    q = quoted(target)
    try:
        try:
            os.lstat(target)
        except FileNotFoundError:
            raise NotAWorksheetError(f"{q} does not exist.", path=target) from None
        if target.is_dir():
            raise NotAWorksheetError(f"{q} is a folder, not a worksheet file.", path=target)
        special_files.stat_regular(target)
        for suffix in ("-journal", "-wal"):
            journal = target.with_name(target.name + suffix)
            if _sibling_exists(journal):
                # Another program is writing it (or died doing so): the file alone is not the
                # whole worksheet, and this program never writes there itself.
                raise WorksheetError(
                    f"{q} is being changed by another program (its journal "
                    f"\u201c{journal.name}\u201d is beside it); close that program and try again.",
                    path=target,
                )
        _check_header(target)
    except OSError as e:
        raise copy_error(target, e) from e


def _check_header(target: Path) -> None:
    """The checks of the first 100 bytes that validation makes on the copy, made on ``target``."""
    from app.storage.achw.validate import check_header, read_header

    check_header(read_header(target, shown=target), shown=target)


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


SAVE = "ach-save"
"""The mark of a save's temporary file: only a save, which holds the target's lock, makes one."""
WRITE = leftovers.WRITE
"""The mark of an export's or an import's temporary file or folder: no worksheet lock, but
a lock of its own while it lives, so that one a kill left is removed later (:mod:`leftovers`)."""
NEW = "ach-new"
"""The mark of :func:`~app.storage.achw.oneshot.write_worksheet`'s temporary file beside its
target: an SQLite file, which cannot take :mod:`leftovers`' lock, so nobody removes it."""


def temp_beside(target: Path, kind: str = WRITE) -> Path:
    """A new name for a temporary file beside ``target``: hidden, short, tied to ``target``.

    ``.<start of the name>~<hash of the name>.<random>.<kind>.tmp``: at most
    about 90 bytes whatever ``target`` is called, so SQLite's ``-journal``
    beside it fits as well.
    """
    return target.with_name(f".{names.tag(target.name)}.{uuid.uuid4().hex[:12]}.{kind}.tmp")


def new_temp(target: Path, kind: str = WRITE, mode: int = 0o666) -> Path:
    """Make an empty temporary file beside ``target`` (:func:`temp_beside`), return its path.

    Raises :class:`FolderError`, naming ``target``, when the folder takes no new file.
    """
    for _attempt in range(10):
        tmp = temp_beside(target, kind)
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode
            )
        except FileExistsError:
            continue
        except OSError as e:
            raise folder_error(e, target) from e
        os.close(fd)
        return tmp
    raise folder_error(OSError(errno.EEXIST, "the file exists"), target)  # pragma: no cover


def _remove_temp(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            path.unlink()


def _unable_to_open(e: BaseException) -> bool:
    """SQLite's "unable to open database file" (it hides the operating system's reason)."""
    e = _unwrapped(e)
    return isinstance(e, sqlite3.OperationalError) and str(e).startswith("unable to open database")


def _folder_refusal(target: Path) -> FolderError | None:
    """Why the folder of ``target`` takes no new file now, or ``None`` if it does."""
    try:
        probe = new_temp(target, WRITE, 0o600)
    except FolderError as e:
        return e
    _remove_temp(probe)
    return None


def write_atomically(
    target: Path,
    fill: Callable[[Path], None],
    *,
    kind: str = WRITE,
    mode: int = 0o666,
    publish: Callable[[Path, Path], None] | None = None,
) -> Fingerprint:
    """Make a new file with ``fill(temp)`` beside ``target``, flush it, put it in place.

    ``temp`` exists (empty) when ``fill`` is called; ``mode`` is its mode
    before the umask.  On any failure the temporary file is removed and
    ``target`` is as it was; an :class:`OSError` names ``target``, never the
    temporary file, and SQLite's "unable to open" is replaced by the
    folder's reason when the folder refuses new files.  ``publish(temp,
    target)`` puts it in place (:func:`replace` unless given).
    """
    tmp = new_temp(target, kind, mode)
    try:
        fill(tmp)
        fsync_file(tmp)
        fingerprint = Fingerprint.of(tmp)
        (publish or replace)(tmp, target)
    except BaseException as e:
        _remove_temp(tmp)
        if _unable_to_open(e):
            why = _folder_refusal(target)
            if why is not None:
                raise why from e
        if isinstance(e, OSError):
            raise target_error(e, target) from e
        raise
    with contextlib.suppress(OSError):  # some file systems cannot flush a folder
        fsync_dir(target.parent)
    return fingerprint


_LEFTOVER = r"[0-9a-f]{12}\." + SAVE + r"\.tmp(?:-journal)?"


def remove_leftover_saves(target: Path) -> list[str]:
    """Remove the temporary files that saves of ``target`` left when killed midway.

    Call only while holding ``target``'s lock (:mod:`app.storage.local.lock`): only
    a save makes such a file, a save holds the lock, so no one else is
    writing one now.  Removes nothing but regular files named as
    :func:`temp_beside` names a save's file for exactly this ``target``;
    the temporary files of exports and other writes (which hold no lock)
    are never touched.  Returns the names removed.
    """
    pattern = re.compile(re.escape(f".{names.tag(target.name)}.") + _LEFTOVER)
    return leftovers.remove_files_named(target.parent, pattern)


class OutputRefusedError(WorksheetError):
    """Nothing could be written into a named pipe or a device; ``str()`` says why."""


def existing_mode(target: Path) -> int | None:
    """The permission bits of ``target``, or ``None`` if there is no such file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return None


def publish_new(tmp: Path, target: Path) -> None:
    """Put the finished ``tmp`` at ``target`` in one step, never replacing a file there.

    Raises :class:`FileExistsError` if ``target`` exists (even one that
    appeared a moment ago: the hard link fails rather than overwrite it).
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "the file exists", str(target)) from None
        os.replace(tmp, target)
    else:
        tmp.unlink()


def write_bytes_atomically(target: Path, data: bytes, *, overwrite: bool = True) -> None:
    """The one writer of outputs (JSON, CSV, the brief; the window's and the command line's):
    all of ``data`` at ``target``, or ``target`` as it was.

    * A named pipe or a device (``/dev/null``, ``/dev/stdout``) is written
      into, never replaced; :class:`OutputRefusedError` when nobody reads it.
    * Through a symbolic link, the file it leads to is replaced; the link stays.
    * ``overwrite=False``: a file at ``target``, even one that appeared
      meanwhile, is never replaced (:class:`FileExistsError` naming ``target``).
    * A replaced file keeps its mode; a new one is made like any new file (the
      user's umask applies), so an export is as readable as any other document.
    * The temporary file is locked while it lives, so one that a kill left
      is removed by a later write (:mod:`leftovers`).
    """
    if special_files.output_kind(target) in special_files.WRITABLE:
        try:
            special_files.write_into(target, data)
        except special_files.OutputRefused as e:
            raise OutputRefusedError(str(e), path=target) from None
        except OSError as e:
            raise target_error(e, target) from e
        return
    target = special_files.real_target(target)
    leftovers.remove_leftover_writes(target.parent)
    mode = existing_mode(target)
    held: list[int] = []

    def fill(tmp: Path) -> None:
        held.append(leftovers.hold(tmp))  # until it is in place: not a leftover
        with open(held[0], "wb", closefd=False) as f:
            f.write(data)

    def put(tmp: Path, dest: Path) -> None:
        if mode is not None:  # after the flush: a read-only file's mode would forbid it
            os.chmod(tmp, mode)
        if overwrite:
            replace(tmp, dest)
        else:
            publish_new(tmp, dest)

    try:
        write_atomically(target, fill, publish=put)
    finally:
        for fd in held:
            os.close(fd)
