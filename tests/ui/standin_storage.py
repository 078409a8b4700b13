"""In-memory stand-in for app.storage (worksheet_file, errors, recovery).

Used only while the real storage layer is not in the tree: conftest.py
installs it under the real module names when importing them fails.  It
follows the agreed API exactly, keeps every committed Change for tests to
inspect, and "saves" by remembering a deep copy of the worksheet per path.
"""

from __future__ import annotations

import copy
import types
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.model import Worksheet


class WorksheetError(Exception):
    pass


class NotAWorksheetError(WorksheetError):
    pass


class NewerVersionError(WorksheetError):
    pass


class UnsafeWorksheetError(WorksheetError):
    pass


class CorruptWorksheetError(WorksheetError):
    pass


class WorksheetLockedError(WorksheetError):
    def __init__(self, message: str, owner: str = "", since: str = ""):
        super().__init__(message)
        self.owner, self.since = owner, since


class ChangedOnDiskError(WorksheetError):
    pass


class ReadOnlyError(WorksheetError):
    pass


@dataclass
class Change:
    meta: bool = False
    hypotheses: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    cells: set[tuple[str, str]] = field(default_factory=set)
    milestones: set[str] = field(default_factory=set)
    deleted_hypotheses: set[str] = field(default_factory=set)
    deleted_evidence: set[str] = field(default_factory=set)
    deleted_milestones: set[str] = field(default_factory=set)


SAVED: dict[Path, Worksheet] = {}


class WorksheetFile:
    def __init__(self, worksheet: Worksheet, path: Path | None, read_only: bool = False):
        self.worksheet = worksheet
        self.path = path
        self.read_only = read_only
        self.commits: list[Change] = []
        self._dirty = False
        self.closed = False

    @property
    def is_modified(self) -> bool:
        return self._dirty

    @classmethod
    def open(cls, path, *, read_only=False, break_lock=False):
        path = Path(path)
        if path not in SAVED:
            raise NotAWorksheetError(f"{path.name} is not an ACH worksheet.")
        return cls(copy.deepcopy(SAVED[path]), path, read_only)

    @classmethod
    def create(cls, worksheet: Worksheet | None = None):
        return cls(worksheet or Worksheet(), None)

    def commit(self, change: Change) -> None:
        if self.read_only:
            raise ReadOnlyError("This worksheet is open read-only.")
        self.commits.append(change)
        self._dirty = True

    def save(self, path=None, *, overwrite=False) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("an untitled worksheet needs a path")
        SAVED[target] = copy.deepcopy(self.worksheet)
        target.write_bytes(b"stand-in worksheet")
        self.path = target
        self._dirty = False

    def changed_on_disk(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def recoverable_sessions() -> list:
    return []


def recover(session):  # pragma: no cover - nothing to recover in the stand-in
    raise WorksheetError("Nothing to recover.")


def discard(session) -> None:  # pragma: no cover
    pass


def as_modules() -> dict[str, types.ModuleType]:
    """The stand-in under the real module names."""
    mods = {}
    for name, members in {
        "app.storage.errors": [
            WorksheetError,
            NotAWorksheetError,
            NewerVersionError,
            UnsafeWorksheetError,
            CorruptWorksheetError,
            WorksheetLockedError,
            ChangedOnDiskError,
            ReadOnlyError,
        ],
        "app.storage.worksheet_file": [Change, WorksheetFile],
        "app.storage.recovery": [recoverable_sessions, recover, discard],
    }.items():
        mod = types.ModuleType(name)
        for m in members:
            setattr(mod, m.__name__, m)
        mods[name] = mod
    return mods
