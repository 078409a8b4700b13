"""Offering back the unsaved edits of a program that died.

Every edit is committed to the working copy at once, so after a crash, a
power cut or a killed process the working copy holds everything that was
on screen.  On the next start the window asks :func:`recoverable_sessions`
and offers each one; :func:`recover` reopens it as a modified worksheet
whose :attr:`~WorksheetFile.path` is the original file, :func:`discard`
throws it away.

Working copies of programs that still run are never offered, and working
copies without unsaved edits (and read-only ones) are removed quietly,
together with the stale lock their program left beside the original.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.storage.achw.connection import connect_raw
from app.storage.achw.loader import settle
from app.storage.achw.worksheet_file import WorksheetFile, read_worksheet
from app.storage.errors import WorksheetError
from app.storage.local.lock import remove_stale_lock
from app.storage.local.session import Session, all_sessions, clean_scratch

__all__ = ["RecoverableSession", "discard", "recover", "recover_as_copy", "recoverable_sessions"]


@dataclass(frozen=True)
class RecoverableSession:
    original: Path | None
    """The file the working copy was opened from (or last saved to); ``None`` if untitled."""
    title: str
    """The worksheet's title as last edited ("" if it has none)."""
    modified: datetime
    """When the last edit was committed."""
    working_copy: Path


def _peek_title(path: Path) -> str:
    """The worksheet title in a working copy (rolling back a half-done transaction)."""
    try:
        raw = connect_raw(path)
    except sqlite3.Error:
        return ""
    try:
        row = raw.execute("SELECT title FROM worksheet WHERE id = 1").fetchone()
    except sqlite3.Error:
        return ""
    finally:
        raw.close()
    if row is None or not isinstance(row[0], str):
        return ""
    return row[0][:200]


def _settle_dead_copy(path: Path) -> None:
    """Roll back what a killed program left half-written in its working copy, journal and all.

    SQLite rolls back a hot journal when the file is next read, but leaves a
    cold one where it is: one killed before its header was written (empty,
    or a first byte of zero).  Such a journal holds nothing to roll back; it
    is removed here because the working copy is this program's own and its
    program is dead, where beside a file the analyst chose it would mean
    another program at work (and the file is refused).
    """
    settle(path)
    journal = path.with_name(path.name + "-journal")
    try:
        with journal.open("rb") as f:
            first = f.read(1)
    except OSError:
        return  # no journal (or none to read): nothing to do
    if first in (b"", b"\0"):
        with contextlib.suppress(OSError):
            journal.unlink()


def _forget(session: Session) -> None:
    original = session.original
    if original is not None and not session.info.read_only:
        remove_stale_lock(original, session.info.pid, session.info.host)
    session.remove()


def recoverable_sessions() -> list[RecoverableSession]:
    """Working copies with unsaved edits whose program no longer runs (newest first)."""
    clean_scratch()
    found = []
    for session in all_sessions():
        if session.owner_alive():
            continue
        if session.info.read_only or not session.info.modified:
            _forget(session)
            continue
        copy = session.working_copy
        try:
            mtime = copy.stat().st_mtime
        except OSError:
            _forget(session)
            continue
        found.append(
            RecoverableSession(
                original=session.original,
                title=_peek_title(copy),
                modified=datetime.fromtimestamp(mtime).astimezone(),
                working_copy=copy,
            )
        )
    found.sort(key=lambda s: s.modified, reverse=True)
    return found


def _session_of(recoverable: RecoverableSession) -> Session:
    session = Session.load(recoverable.working_copy.parent)
    if session is None or not session.working_copy.is_file():
        raise WorksheetError("The unsaved changes to recover are no longer there.")
    if session.owner_alive():
        raise WorksheetError(
            "These unsaved changes belong to an ACH Workbench that is still running."
        )
    return session


def recover(session: RecoverableSession, *, break_lock: bool = False) -> WorksheetFile:
    """Reopen a dead program's working copy: modified, with ``path`` = the original."""
    return WorksheetFile._recover(_session_of(session), break_lock=break_lock)


def recover_as_copy(session: RecoverableSession) -> WorksheetFile:
    """A dead program's unsaved work as a new untitled worksheet, when its file is taken.

    For when someone else now has the original open: the work cannot go
    back into it, but it need not wait either.  The copy is validated like
    any file, becomes a working copy of its own (itself recoverable), and
    only then is the dead program's working copy removed.
    """
    found = _session_of(session)
    _settle_dead_copy(found.working_copy)
    worksheet = read_worksheet(found.working_copy)
    copy = WorksheetFile.create(worksheet)
    with contextlib.suppress(OSError):  # if it stays, it is offered again and can be discarded
        _forget(found)
    return copy


def discard(session: RecoverableSession) -> None:
    """Throw away a dead program's unsaved changes."""
    found = Session.load(session.working_copy.parent)
    if found is None:
        return
    if found.owner_alive():
        raise WorksheetError(
            "These unsaved changes belong to an ACH Workbench that is still running."
        )
    _forget(found)
