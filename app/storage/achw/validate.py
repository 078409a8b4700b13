"""Deciding whether a file may be read at all, before anything reads it.

:func:`validate_copy` is run on the private copy of a file, never on the
analyst's original.  In order:

1. the first 100 bytes: SQLite's magic string, a sane page size, the
   ``application_id`` of ACH Workbench, a ``user_version`` this program
   knows (newer: :class:`NewerVersionError` naming it), and a file length
   that is a whole number of pages (else it is truncated);
2. a connection with the defences of :mod:`app.storage.achw.connection`;
3. ``PRAGMA quick_check``;
4. ``sqlite_master`` holds exactly the tables and indexes this program
   creates for that version, compared by their normalised SQL: no trigger,
   no view, no other table, index or column.

Only then are rows read (by :mod:`app.storage.achw.rows`, which distrusts every
value it reads).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.storage import limits
from app.storage.achw.connection import Database, connect_raw
from app.storage.achw.migrations import REGISTRY, Registry, read_master
from app.storage.errors import (
    CorruptWorksheetError,
    NewerVersionError,
    NotAWorksheetError,
    UnsafeWorksheetError,
    one_line,
    quoted,
    sqlite_damage,
)
from app.storage.stored import APPLICATION_ID, SQLITE_HEADER

HEADER_SIZE = 100
FAR_LARGER = 1 << 20
"""Bytes: a file longer than its header declares by more than this (and more than the
declared size itself) is refused as damaged."""


def megabytes(size: int) -> str:
    """A file size in words for a message: "45 KB", "8,590 MB"."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000)):,} KB"
    return f"{round(size / 1_000_000):,} MB"


_LOOKS_LIKE = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
)


@dataclass(frozen=True)
class Header:
    page_size: int
    pages_in_header: int | None
    application_id: int
    user_version: int
    file_size: int


def _describe(start: bytes) -> str:
    for magic, what in _LOOKS_LIKE:
        if start.startswith(magic):
            return what
    if start.lstrip().startswith((b"{", b"[")):
        return "a JSON file; use Import to read an exported worksheet"
    return "a text file" if _looks_like_text(start) else "not a database file"


def _looks_like_text(start: bytes) -> bool:
    for cut in range(4):  # the first bytes may end inside a multi-byte character
        try:
            text = start[: len(start) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\t\n\r" for ch in text)
    return False


def read_header(path: Path, *, shown: Path | None) -> Header:
    """Parse the SQLite header of ``path``; errors name ``shown``."""
    q = quoted(shown)
    with open(path, "rb") as f:
        start = f.read(HEADER_SIZE)
        f.seek(0, 2)
        size = f.tell()
    if size == 0:
        raise NotAWorksheetError(f"{q} is empty, so it is not a worksheet.", path=shown)
    if not start.startswith(SQLITE_HEADER):
        raise NotAWorksheetError(
            f"{q} is not an ACH Workbench worksheet (it is {_describe(start)}).", path=shown
        )
    if len(start) < HEADER_SIZE:
        raise CorruptWorksheetError(
            f"{q} is incomplete: it ends inside its header (was it copied only in part?).",
            path=shown,
        )
    raw_page = int.from_bytes(start[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptWorksheetError(f"{q} is damaged (its page size is invalid).", path=shown)
    if start[21:24] != b"\x40\x20\x20":  # payload fractions: fixed by the file format
        raise CorruptWorksheetError(f"{q} is damaged (its header is invalid).", path=shown)
    if int.from_bytes(start[56:60], "big") not in (1, 2, 3):
        raise CorruptWorksheetError(
            f"{q} is damaged (its header names no text encoding SQLite knows).", path=shown
        )
    if int.from_bytes(start[44:48], "big") not in (1, 2, 3, 4):
        raise CorruptWorksheetError(
            f"{q} is damaged (its header names a schema format SQLite does not know).",
            path=shown,
        )
    application_id = int.from_bytes(start[68:72], "big")
    user_version = int.from_bytes(start[60:64], "big", signed=True)
    change_counter = int.from_bytes(start[24:28], "big")
    valid_for = int.from_bytes(start[92:96], "big")
    pages = int.from_bytes(start[28:32], "big")
    pages_in_header = pages if pages and change_counter == valid_for else None
    return Header(page_size, pages_in_header, application_id, user_version, size)


def check_header(header: Header, *, shown: Path | None, registry: Registry = REGISTRY) -> None:
    q = quoted(shown)
    if header.application_id != APPLICATION_ID:
        if header.application_id == 0:
            what = "an SQLite database"
        else:
            what = "a database made by another program"
        raise NotAWorksheetError(f"{q} is {what}, not an ACH Workbench worksheet.", path=shown)
    declared = None if header.pages_in_header is None else header.pages_in_header * header.page_size
    if declared is not None and header.file_size > declared + max(declared, FAR_LARGER):
        # Bytes after the last page are not the worksheet (SQLite never reads them): a file
        # that is mostly such bytes, a sparse 8 GB one, is refused before it is copied.
        raise CorruptWorksheetError(
            f"{q} is damaged: it is {megabytes(header.file_size)} long, far longer than "
            f"the {megabytes(declared)} its header declares.",
            path=shown,
        )
    if header.file_size > limits.MAX_WORKSHEET_FILE_BYTES:
        raise NotAWorksheetError(
            f"{q} is {megabytes(header.file_size)} long, larger than "
            f"{limits.MAX_WORKSHEET_FILE_BYTES // 1_000_000} MB, the limit for a worksheet file.",
            path=shown,
        )
    if header.file_size % header.page_size or (
        declared is not None and header.file_size < declared
    ):
        raise CorruptWorksheetError(
            f"{q} is incomplete: the file ends before its last page "
            "(was it copied or downloaded only in part?).",
            path=shown,
        )


def _saved_by(path: Path) -> str | None:
    """Best effort: which program wrote a (newer) worksheet, for the message.

    The file is not validated yet (its format is unknown to this version), so
    the one value is read only from a plain stored table in a file with no
    triggers, views or virtual tables, after an integrity check: nothing in
    the file's schema can run while it is read.
    """
    try:
        raw = connect_raw(path)
    except sqlite3.Error:
        return None
    try:
        if raw.execute("PRAGMA quick_check(1)").fetchone() != ("ok",):
            return None
        unsafe = raw.execute(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view') "
            "OR sql LIKE 'CREATE VIRTUAL%'"
        ).fetchone()
        tables = raw.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'worksheet'"
        ).fetchall()
        if unsafe != (0,) or len(tables) != 1:
            return None
        sql = str(tables[0][0]).upper()
        if not sql.startswith("CREATE TABLE") or "SAVED_BY" not in sql or "GENERATED" in sql:
            return None
        row = raw.execute("SELECT saved_by FROM worksheet LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        raw.close()
    if row is None or not isinstance(row[0], str):
        return None
    text: str = row[0]
    if not text.startswith("ACH Workbench ") or len(text) > 60 or not text.isprintable():
        return None
    return text


def check_version(
    header: Header, path: Path, *, shown: Path | None, registry: Registry = REGISTRY
) -> int:
    q = quoted(shown)
    version = header.user_version
    if version > registry.current:
        by = _saved_by(path) or "a newer version of ACH Workbench"
        raise NewerVersionError(
            f"{q} was saved by {by} in worksheet format {version}, which this version "
            f"(ACH Workbench {__version__}, format {registry.current}) cannot read; "
            "please update ACH Workbench to open it.",
            path=shown,
            version=version,
        )
    if not registry.knows(version):
        raise CorruptWorksheetError(
            f"{q} has worksheet format {version}, which no version of ACH Workbench makes.",
            path=shown,
        )
    return version


def check_schema(
    raw: sqlite3.Connection, version: int, *, shown: Path | None, registry: Registry = REGISTRY
) -> None:
    """Refuse anything in ``sqlite_master`` that this program did not create."""
    q = quoted(shown)
    found = read_master(raw)
    expected = registry.expected_master(version)
    expected_by_name = {(t, n): entry for entry in expected for t, n in [entry[:2]]}
    for kind, what in (("trigger", "a trigger"), ("view", "a view")):
        for entry in found:
            if entry[0] == kind:
                raise UnsafeWorksheetError(
                    f"{q} contains {what} (\u201c{entry[1]}\u201d), something a worksheet "
                    "never has, so it was not opened.",
                    path=shown,
                )
    for entry in found:
        if (entry[0], entry[1]) not in expected_by_name:
            kind = entry[0] if entry[0] in ("table", "index") else "schema entry"
            raise UnsafeWorksheetError(
                f"{q} contains {'an' if kind == 'index' else 'a'} {kind} \u201c{entry[1]}\u201d "
                "that ACH Workbench does not make, so it was not opened.",
                path=shown,
            )
    for entry in found:
        if entry != expected_by_name[(entry[0], entry[1])]:
            raise UnsafeWorksheetError(
                f"{q} has a {entry[0]} \u201c{entry[1]}\u201d whose columns or rules differ "
                "from those ACH Workbench makes, so it was not opened.",
                path=shown,
            )
    found_names = {(t, n) for t, n, _tb, _s in found}
    for kind, name in sorted(expected_by_name, key=lambda e: (e[0] != "table", e)):
        if (kind, name) not in found_names:
            raise CorruptWorksheetError(
                f"{q} is damaged: it lacks the {kind} \u201c{name}\u201d every worksheet has.",
                path=shown,
            )


QUICK_CHECK_ROWS = 100
"""How many problems ``quick_check`` may report before it stops (SQLite's default)."""


def check_quick(raw: sqlite3.Connection, *, shown: Path | None) -> None:
    """``PRAGMA quick_check``, its findings summed up in one sentence.

    SQLite reports each problem on a line of its own, up to a hundred of
    them, and quotes the file's names in them: the analyst gets how many
    there were and the first, on one line.
    """
    rows = raw.execute(f"PRAGMA quick_check({QUICK_CHECK_ROWS})").fetchall()
    if rows == [("ok",)]:
        return
    problems = [
        line
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("*** in database")  # a heading, not a problem
    ]
    if not problems:
        detail = "SQLite's check gave no answer"
    elif len(problems) == 1:
        detail = f"SQLite's check found: {one_line(problems[0])}"
    else:
        # SQLite stops at QUICK_CHECK_ROWS problems, which it may give in one row or in many.
        capped = len(problems) >= QUICK_CHECK_ROWS or len(rows) >= QUICK_CHECK_ROWS
        many = f"at least {len(problems)}" if capped else str(len(problems))
        detail = f"{many} problems found by SQLite's check, first: {one_line(problems[0])}"
    raise CorruptWorksheetError(f"{quoted(shown)} is damaged ({detail}).", path=shown)


def _damaged(shown: Path | None, e: sqlite3.Error) -> CorruptWorksheetError:
    return CorruptWorksheetError(f"{quoted(shown)} is damaged ({sqlite_damage(e)}).", path=shown)


def validate_copy(
    path: Path, *, shown: Path | None, registry: Registry = REGISTRY
) -> tuple[Database, int]:
    """Validate the private copy ``path``; return a connection to it and its schema version.

    Errors name ``shown`` (the analyst's file).  On success the caller owns
    the returned :class:`Database` and must close it.
    """
    header = read_header(path, shown=shown)
    check_header(header, shown=shown, registry=registry)
    version = check_version(header, path, shown=shown, registry=registry)
    try:
        raw = connect_raw(path)  # the pragmas read the header and the schema already
    except sqlite3.DatabaseError as e:
        raise _damaged(shown, e) from e
    try:
        try:
            pragma_app = raw.execute("PRAGMA application_id").fetchone()
            pragma_version = raw.execute("PRAGMA user_version").fetchone()
            if pragma_app != (APPLICATION_ID,) or pragma_version != (version,):
                raise CorruptWorksheetError(
                    f"{quoted(shown)} is damaged (its header contradicts itself).", path=shown
                )
            check_quick(raw, shown=shown)
            check_schema(raw, version, shown=shown, registry=registry)
            raw.execute("PRAGMA journal_mode = DELETE").fetchall()
        except sqlite3.DatabaseError as e:
            raise _damaged(shown, e) from e
        return Database(raw), version
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            raw.close()
        raise
