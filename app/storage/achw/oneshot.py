"""Reading, checking and writing a worksheet file in one go (the command line's needs).

:func:`read_worksheet` and :func:`check_worksheet` validate exactly as
:meth:`WorksheetFile.open <app.storage.achw.worksheet_file.WorksheetFile.open>`
does, on a private copy that is deleted afterwards.  :func:`write_worksheet`
makes a fresh file atomically.  All three are also importable from
:mod:`app.storage.achw.worksheet_file`.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.domain.model import Worksheet
from app.storage.achw import migrations
from app.storage.achw.connection import Database
from app.storage.achw.loader import validate_and_load
from app.storage.errors import WorksheetError, quoted
from app.storage.local import files, leftovers, special_files
from app.storage.local.lock import check_not_locked
from app.storage.local.session import new_scratch, state_folder_error
from app.storage.stored import SAVED_BY


def read_worksheet(path: Path | str) -> Worksheet:
    """Validate (exactly as :meth:`WorksheetFile.open` does, on a private copy) and load."""
    target = Path(path)
    leftovers.remove_leftover_writes(target.parent)  # of killed imports and exports there
    files.precheck(target)
    folder = new_scratch()
    try:
        copy = folder / "copy.achw"
        try:
            special_files.copy_regular(target, copy)
        except special_files.DestinationError as e:  # the state folder's disk
            raise state_folder_error(e) from e
        except OSError as e:
            raise files.copy_error(target, e) from e
        db, ws, _stored = validate_and_load(copy, shown=target)
        db.close()
        return ws
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_worksheet(path: Path | str) -> None:
    """Raise the :class:`WorksheetError` that opening ``path`` would raise, if any."""
    read_worksheet(path)


def write_worksheet(worksheet: Worksheet, path: Path | str) -> None:
    """Write ``worksheet`` as a fresh file at ``path``, atomically.

    On any failure nothing is left at ``path`` (or the file that was there
    stays as it was).  Raises ``ValueError`` for an inconsistent model and
    :class:`WorksheetLockedError` if someone has ``path`` open.
    """
    from sqlalchemy import exc as sa_exc

    from app.storage.achw import rows

    target = files.absolute(path)
    check_not_locked(target)

    def fill(tmp: Path) -> None:
        db = Database.open(tmp)
        try:
            db.raw.execute("PRAGMA journal_mode = OFF").fetchall()
            db.raw.execute("PRAGMA synchronous = OFF")
            with db.conn.begin():
                migrations.create_schema(db.conn)
                rows.insert_all(db.conn, worksheet, SAVED_BY)
        finally:
            db.close()

    try:
        files.write_atomically(target, fill, kind=files.NEW, mode=0o644)
    except (OSError, sqlite3.Error, sa_exc.OperationalError) as e:
        raise WorksheetError(
            f"{quoted(target)} could not be written ({files.reason(e)}).", path=target
        ) from e
