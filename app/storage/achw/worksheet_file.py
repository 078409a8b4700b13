"""The life of an open worksheet: open, edit, save, close (see docs/worksheet-file.md).

* :meth:`WorksheetFile.open` copies the analyst's file into a private
  working copy, validates the copy (:mod:`app.storage.achw.validate`), upgrades
  it if it is an older format (:mod:`app.storage.achw.migrations`), and loads
  the model.  The original is not touched until the analyst saves.
* Every :meth:`WorksheetFile.commit` is one committed transaction in the
  working copy, so a crash loses nothing that was on screen; the working
  copy is offered for recovery on the next start
  (:mod:`app.storage.local.recovery`).
* :meth:`WorksheetFile.save` writes a fresh compact copy (``VACUUM INTO``)
  next to the target, flushes it, and replaces the target atomically
  (``os.replace``), so the target is at every instant the old file or the
  new one, and deleted text does not survive in it.
* A lock file beside the original (:mod:`app.storage.local.lock`) tells others
  who has it open.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.model import META_FIELDS, Worksheet
from app.storage.achw import migrations
from app.storage.achw.connection import Database
from app.storage.achw.loader import settle, validate_and_load
from app.storage.achw.oneshot import check_worksheet, read_worksheet, write_worksheet
from app.storage.address import FileAddress
from app.storage.changes import Change
from app.storage.errors import (
    ChangedOnDiskError,
    CorruptWorksheetError,
    NotAWorksheetError,
    ReadOnlyError,
    UnsafeWorksheetError,
    WorksheetError,
    quoted,
)
from app.storage.json_size import SizeGuard, growth
from app.storage.local import files, leftovers
from app.storage.local.lock import Lock
from app.storage.local.session import (
    Fingerprint,
    PendingFingerprint,
    Session,
    copy_original,
    state_folder_error,
)
from app.storage.local.special_files import DestinationError
from app.storage.store import Listener, WorksheetStore
from app.storage.stored import SAVED_BY, Stored

__all__ = [
    "Change",
    "WorksheetFile",
    "check_worksheet",
    "read_worksheet",
    "write_worksheet",
]


def _has_content(ws: Worksheet) -> bool:
    return bool(
        ws.hypotheses
        or ws.evidence
        or ws.cells
        or ws.milestones
        or any(getattr(ws, name) for name in META_FIELDS)
    )


# ------------------------------------------------------------------ the open worksheet


class WorksheetFile:
    """One open worksheet: its working copy, its lock, and the model loaded from it.

    Mutate :attr:`worksheet`, then call :meth:`commit` with what changed.
    The :class:`~app.storage.store.WorksheetStore` of an ``.achw`` file.
    """

    path: Path | None
    """The file on disk; ``None`` for an untitled worksheet that was never saved."""
    read_only: bool
    worksheet: Worksheet

    def __init__(
        self,
        *,
        session: Session,
        db: Database,
        worksheet: Worksheet,
        stored: Stored,
        path: Path | None,
        read_only: bool,
        lock: Lock | None,
        modified: bool,
        baseline: Fingerprint | None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.worksheet = worksheet
        self._size = SizeGuard()  # what is written here must open, and export, again
        self._session = session
        self._db = db
        self._stored = stored
        self._lock = lock
        self._modified = modified
        self._baseline = baseline
        self._closed = False

    # -------------------------------------------------------------- opening

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, break_lock: bool = False
    ) -> WorksheetFile:
        """Open a worksheet file for editing (or only reading).

        Raises :class:`WorksheetLockedError` when someone else has it open
        (unless ``read_only`` or ``break_lock``), and the other
        :class:`WorksheetError` subclasses when the file may not be read.
        """
        target = files.absolute(path)
        leftovers.remove_leftover_writes(target.parent)  # of killed imports and exports there
        files.precheck(target)
        lock = None if read_only else Lock.acquire(target, break_lock=break_lock)
        session: Session | None = None
        pending: PendingFingerprint | None = None
        try:
            session = Session.create(target, read_only=read_only)
            try:
                pending = copy_original(target, session.working_copy)
            except DestinationError as e:  # the state folder's disk, not the analyst's file
                raise state_folder_error(e) from e
            except OSError as e:
                raise files.copy_error(target, e) from e
            db, ws, stored = validate_and_load(
                session.working_copy, shown=target, before_upgrade=pending.result
            )
            baseline = pending.result()
            session.info.baseline = baseline  # written with the first edit
        except BaseException:
            if pending is not None:
                with contextlib.suppress(Exception):
                    pending.result()  # the copy is still being read: wait before deleting it
            if session is not None:
                session.remove()
            if lock is not None:
                lock.release()
            raise
        return cls(
            session=session,
            db=db,
            worksheet=ws,
            stored=stored,
            path=target,
            read_only=read_only,
            lock=lock,
            modified=False,
            baseline=baseline,
        )

    @classmethod
    def create(cls, worksheet: Worksheet | None = None) -> WorksheetFile:
        """A new untitled worksheet (only a working copy until it is saved)."""
        from app.storage.achw import rows

        ws = worksheet if worksheet is not None else Worksheet()
        session = Session.create(None)
        db: Database | None = None
        try:
            db = Database.open(session.working_copy)
            db.set_journal()
            with db.conn.begin():
                migrations.create_schema(db.conn)
                rows.insert_all(db.conn, ws, SAVED_BY)
            modified = _has_content(ws)
            session.set_modified(modified)
        except BaseException:
            if db is not None:
                db.close()
            session.remove()
            raise
        return cls(
            session=session,
            db=db,
            worksheet=ws,
            stored=Stored.of(ws),
            path=None,
            read_only=False,
            lock=None,
            modified=modified,
            baseline=None,
        )

    @classmethod
    def _recover(cls, session: Session, *, break_lock: bool = False) -> WorksheetFile:
        """Take over the working copy of a program that died (see :mod:`recovery`)."""
        original = session.original
        lock = None
        if original is not None and original.parent.is_dir():
            lock = Lock.acquire(original, break_lock=break_lock)
        dead_owner = (session.info.pid, session.info.host, session.info.process)
        try:
            session.adopt()
            settle(session.working_copy)
            try:
                db, ws, stored = validate_and_load(session.working_copy, shown=original)
            except (NotAWorksheetError, CorruptWorksheetError, UnsafeWorksheetError) as e:
                raise CorruptWorksheetError(
                    f"The unsaved changes to {quoted(original)} cannot be recovered: "
                    "the working copy that held them is damaged.",
                    path=original,
                ) from e
            session.set_modified(True)
        except BaseException:
            # Give it back to its dead owner, so that it can be offered or discarded again.
            session.info.pid, session.info.host, session.info.process = dead_owner
            with contextlib.suppress(OSError):
                session.write()
            if lock is not None:
                lock.release()
            raise
        return cls(
            session=session,
            db=db,
            worksheet=ws,
            stored=stored,
            path=original,
            read_only=False,
            lock=lock,
            modified=True,
            baseline=session.info.baseline,
        )

    # -------------------------------------------------------------- state

    @property
    def is_modified(self) -> bool:
        """The working copy holds edits not yet saved to :attr:`path`."""
        return self._modified

    @property
    def folder_refuses_files(self) -> bool:
        """Opened for editing, but no lock file could be made beside :attr:`path`.

        Its folder takes no new file (read-only media, no permission), so
        saving there will fail too: say so before the analyst does the work.
        """
        return not self.read_only and self.path is not None and self._lock is None

    @property
    def address(self) -> FileAddress | None:
        """The file's address (``None`` until an untitled worksheet is first saved)."""
        return FileAddress(self.path) if self.path is not None else None

    @property
    def name(self) -> str:
        """The file name, or "Untitled" (for window titles)."""
        return self.path.name if self.path is not None else "Untitled"

    @property
    def working_copy(self) -> Path:
        return self._session.working_copy

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the worksheet file is closed")

    # -------------------------------------------------------------- editing

    def commit(self, change: Change) -> None:
        """Write what ``change`` names from :attr:`worksheet` in one committed transaction.

        Raises ``ValueError`` when the change contradicts the model (a bug
        of the caller) and :class:`WorksheetError` when the working copy
        cannot be written (disk full, for example); in both cases nothing of
        the change is in the file.
        """
        self._check_open()
        if self.read_only:
            raise ReadOnlyError(
                f"{quoted(self.path)} was opened read-only; save it as a copy to keep changes.",
                path=self.path,
            )
        if change.is_empty():
            return
        self._size.admit(
            self.worksheet,
            lambda: growth(
                self.worksheet,
                meta=change.meta,
                hypotheses=change.hypotheses,
                evidence=change.evidence,
                cells=change.cells,
                milestones=change.milestones,
                sources=change.sources,
            ),
            lambda problem: WorksheetError(
                f"The edit was not kept: {quoted(self.path)} would grow too large to exchange "
                f"({problem}).",
                path=self.path,
            ),
        )
        from sqlalchemy import exc as sa_exc

        from app.storage.changes import plan, prune_model

        todo = plan(change, self.worksheet, self._stored)
        try:
            self._session.set_modified(True)
            with self._db.conn.begin():
                todo.apply(self._db.conn)
        except (OSError, sa_exc.OperationalError) as e:
            raise WorksheetError(
                f"The edit could not be written to the working copy of {quoted(self.path)} "
                f"({files.reason(e)}).",
                path=self.path,
            ) from e
        self._stored = todo.stored
        prune_model(self.worksheet, todo)
        self._modified = True

    def subscribe(self, listener: Listener, /) -> None:
        """Nothing else writes this working copy (its lock keeps other programs out,
        and it is private to this window), so there is never an outside change to tell."""

    # -------------------------------------------------------------- saving

    def changed_on_disk(self) -> bool:
        """Whether :attr:`path` changed (or vanished) since it was opened or last saved."""
        self._check_open()
        if self.path is None:
            return False
        return self._target_changed(self.path)

    def _target_changed(self, target: Path) -> bool:
        try:
            st = os.stat(target)
        except OSError:
            return True
        base = self._baseline
        if base is None:
            return True
        if base.same_stat(st):
            return False
        try:
            now = Fingerprint.of(target)
        except OSError:
            return True
        if now.sha256 == base.sha256:
            self._baseline = now  # touched, not changed
            return False
        return True

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        """Save to :attr:`path`, or to ``path`` ("save as").

        Raises :class:`ChangedOnDiskError` if the file changed on disk since
        it was opened or last saved (unless ``overwrite``), and
        :class:`WorksheetLockedError` if "save as" names a file someone
        else has open.  Saving as another file moves the lock and
        :attr:`path` there (and makes a read-only worksheet editable).
        """
        self._check_open()
        if path is None:
            if self.path is None:
                raise WorksheetError(
                    "The untitled worksheet has no file yet; choose where to save it."
                )
            target = self.path
        else:
            target = files.absolute(path)
        same = self.path is not None and target == self.path
        q = quoted(target)
        if same and self.read_only:
            raise ReadOnlyError(
                f"{q} was opened read-only; save it under another name to keep a copy.",
                path=target,
            )
        if not target.parent.is_dir():
            raise WorksheetError(
                f"{q} could not be saved (the folder does not exist).", path=target
            )
        from sqlalchemy import exc as sa_exc
        from sqlalchemy import update

        from app.storage.achw.schema import worksheet_table

        new_lock: Lock | None = None
        existed = os.path.exists(target)  # False for a name too long to exist
        if same:
            if not overwrite and existed and self._target_changed(target):
                raise ChangedOnDiskError(
                    f"{q} was changed on disk since you opened or last saved it; "
                    "save your version as a copy, or overwrite the file.",
                    path=target,
                )
        else:
            new_lock = Lock.acquire(target)
        held = new_lock if not same else self._lock
        if held is not None and held.held():
            # No one else saves this file while we hold its lock: any temporary file of a
            # save of it is what a save killed midway left behind.
            files.remove_leftover_saves(target)
        try:
            with self._db.conn.begin():
                self._db.conn.execute(update(worksheet_table).values(saved_by=SAVED_BY))
            fingerprint = files.write_atomically(
                target,
                lambda tmp: files.vacuum_into(self._db.raw, tmp),
                kind=files.SAVE,
                mode=0o644,
            )
        except BaseException as e:
            if new_lock is not None:
                new_lock.release()
            if isinstance(e, OSError | sqlite3.Error | sa_exc.OperationalError):
                unchanged = "; the file on disk is unchanged" if existed else ""
                raise WorksheetError(
                    f"{q} could not be saved ({files.reason(e)}){unchanged}.", path=target
                ) from e
            raise
        if not same:
            if self._lock is not None:
                self._lock.release()
            self._lock = new_lock
            self.path = target
            self.read_only = False
        elif self._lock is None:
            # The folder took the saved file, so it may take the lock now (space freed,
            # permission given); if someone else holds it, the next save's check tells.
            with contextlib.suppress(WorksheetError):
                self._lock = Lock.acquire(target)
        self._baseline = fingerprint
        self._modified = False
        info = self._session.info
        info.original, info.baseline = str(target), fingerprint
        info.modified = info.read_only = False
        with contextlib.suppress(OSError):
            self._session.write()

    # -------------------------------------------------------------- closing

    def close(self) -> None:
        """Release the lock and delete the working copy (unsaved edits are dropped)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._db.close()
        finally:
            try:
                if self._lock is not None:
                    self._lock.release()
            finally:
                self._session.remove()

    def __enter__(self) -> WorksheetFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("modified" if self._modified else "saved")
        return f"<WorksheetFile {self.name!r} {state}>"


if TYPE_CHECKING:  # mypy checks here that the file is a store (no runtime base class needed)

    def _a_store(file: WorksheetFile) -> WorksheetStore:
        return file
