"""Failures of the worksheet file that the analyst can be told about.

Every :class:`WorksheetError` carries one sentence for the analyst that names
the file and the problem (``str(error)``); the window shows it as it is, the
command line prints it on stderr.  Anything that is not a
:class:`WorksheetError` is a bug and belongs in a crash report.
"""

from __future__ import annotations

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


class ReadOnlyError(WorksheetError):
    """The worksheet was opened read-only."""


def quoted(path: Path | str | None) -> str:
    """How messages name a file: its name in typographic quotes, without control characters."""
    if path is None:
        return "the untitled worksheet"
    name = Path(path).name or str(path)
    return f"\u201c{shown(name, limit=None)}\u201d"  # a file name is short already
