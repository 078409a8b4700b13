"""Failures of the worksheet file that the analyst can be told about.

Every :class:`WorksheetError` carries one sentence for the analyst that names
the file and the problem (``str(error)``); the window shows it as it is, the
command line prints it on stderr.  Anything that is not a
:class:`WorksheetError` is a bug and belongs in a crash report.
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from app.storage.names import shown


class WorksheetError(Exception):
    """An explainable failure; ``str(e)`` is one clear sentence for the analyst."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotAWorksheetError(WorksheetError):
    """Not a file, empty, not SQLite, or an SQLite database of another program."""


class NewerVersionError(WorksheetError):
    """Made by a newer version of the program (a worksheet format this one does not know)."""

    def __init__(self, message: str, *, path: Path | None = None, version: int = 0) -> None:
        super().__init__(message, path=path)
        self.version = version


class UnsafeWorksheetError(WorksheetError):
    """Holds triggers, views, or tables, indexes or columns this program never makes."""


class CorruptWorksheetError(WorksheetError):
    """Damaged: fails SQLite's check, is truncated, or holds values a worksheet cannot have."""


class TextRefusedError(WorksheetError):
    """A text to be written is longer than its limit or holds control characters."""


class WorksheetLockedError(WorksheetError):
    """Someone else has the worksheet open (their lock file is beside it)."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        owner: str,
        since: datetime,
        here: bool = False,
    ) -> None:
        super().__init__(message, path=path)
        self.owner = owner
        self.since = since
        self.here = here
        """The holder is this user on this computer (another program of theirs, alive)."""


class ChangedOnDiskError(WorksheetError):
    """The file on disk changed since it was opened or last saved."""


class StateFolderError(WorksheetError):
    """The program's own folder for working copies (the state folder) cannot be used.

    Not the analyst's file: its disk is full, or a file stands where the folder should be.
    """


class ReadOnlyError(WorksheetError):
    """The worksheet was opened read-only."""


_OS_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "the folder does not exist",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the file name is too long",
}


def os_reason(e: OSError) -> str:
    """A few words on why an operating-system call failed (see also ``files.reason``)."""
    return _OS_WORDS.get(e.errno or 0) or (e.strerror or str(e)).lower()


def quoted(path: Path | str | None) -> str:
    """How messages name a file: its name in typographic quotes, without control characters."""
    if path is None:
        return "the untitled worksheet"
    name = Path(path).name or str(path)
    return f"\u201c{shown(name, limit=None)}\u201d"  # a file name is short already


# What SQLite says when it refuses a file, in the analyst's words.  SQLite's own
# text may quote bytes of the file (a table name from a damaged schema), so
# anything not listed here is shown only after :func:`one_line` has cleaned it.
_SQLITE_WORDS = (
    ("unsupported file format", "its header names a file format SQLite does not know"),
    ("file is not a database", "its header is not that of a sound SQLite database"),
    ("malformed database schema", "its list of tables is damaged"),
    ("database disk image is malformed", "SQLite found damaged pages in it"),
    ("file is encrypted", "its header is not that of a sound SQLite database"),
)

MAX_DETAIL = 160
"""The most characters of a detail (SQLite's words, a quoted value) a message carries."""


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """``text`` as part of a one-line sentence: no control characters, no runs of spaces, short.

    Text that came from a file may hold line breaks, terminal escape
    sequences or anything else; none of it may reach a terminal or a dialog.
    """
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text[: limit * 4]).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "\u2026"


def sqlite_damage(e: BaseException) -> str:
    """A few words on why SQLite refused to read a file (for "is damaged (...)")."""
    text = str(e)
    for known, words in _SQLITE_WORDS:
        if text.startswith(known):
            return words
    return one_line(text) or "SQLite could not read it"
