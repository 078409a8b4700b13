"""One SQLite connection to a private copy of a worksheet, and its SQLAlchemy face.

Every connection this program makes to a worksheet is set up here, with
the defences SQLite's "Defense Against The Dark Arts" recommends for files
of unknown origin: ``trusted_schema`` off (no functions with side effects
from the schema), ``cell_size_check`` on, no memory-mapped I/O, a cap on
the size of any value, and foreign keys enforced.  Working copies also get
``secure_delete`` (deleted text is overwritten, not left in free pages),
a rollback journal (``DELETE`` mode: no write-ahead log keeps old pages
around) and ``synchronous = FULL`` so that a committed edit survives a
power cut.

Writes go through SQLAlchemy: ``with db.conn.begin():`` emits ``BEGIN
IMMEDIATE`` and ``COMMIT`` (the sqlite3 module's own implicit transactions
are off, as SQLAlchemy's SQLite documentation recommends for Python before
3.12).  Reading a file to open it needs none of that and uses
:attr:`Database.raw` (see :mod:`app.storage.achw.loader`), so SQLAlchemy, a third
of the program's start, is imported only when :attr:`Database.conn` is
first used.  Statements that must run outside a transaction (``VACUUM
INTO``, most pragmas) also go to :attr:`Database.raw`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

MAX_VALUE_BYTES = 64 * 1024 * 1024
"""No text in a worksheet is anywhere near this; a file claiming one is refused."""

_SAFETY = (
    "PRAGMA trusted_schema = OFF",
    "PRAGMA cell_size_check = ON",
    "PRAGMA mmap_size = 0",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA cache_size = -65536",
    "PRAGMA temp_store = MEMORY",
)


def connect_raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the defences on; does not read the file yet."""
    # check_same_thread off: a large import makes its new worksheet on a worker
    # thread and hands it to the window's (app/ui/dialogs/busy.py).  A connection is
    # used by one thread at a time, never by two at once.
    raw = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        for pragma in _SAFETY:
            raw.execute(pragma)
    except BaseException:
        raw.close()
        raise
    return raw


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """A raw connection, and one SQLAlchemy connection on top of it made when first needed."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self._engine: Engine | None = None
        self._conn: Connection | None = None

    @property
    def conn(self) -> Connection:
        """The SQLAlchemy connection (on the same sqlite3 connection as :attr:`raw`)."""
        if self._conn is None:
            from sqlalchemy import create_engine, event
            from sqlalchemy.pool import StaticPool

            raw = self.raw
            engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
            event.listen(engine, "begin", _begin)
            self._engine, self._conn = engine, engine.connect()
        return self._conn

    @classmethod
    def open(cls, path: Path) -> Database:
        return cls(connect_raw(path))

    def set_journal(self) -> None:
        """Make the file a rollback-journal database (reads the file)."""
        self.raw.execute("PRAGMA journal_mode = DELETE").fetchall()

    def close(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
            if self._engine is not None:
                self._engine.dispose()
        finally:
            self.raw.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
