"""Private working copies: one folder per open worksheet under the user's state directory.

``<user_state_dir>/ach-workbench/sessions/<uuid>/`` holds

* ``worksheet.achw`` - the working copy every edit is committed to, and
* ``session.json`` - the sidecar: which file it is a copy of, which process
  owns it, whether it holds edits not yet saved, and a fingerprint of the
  original as it was opened or last saved.

The sidecar's ``modified`` flag is written (and flushed) *before* the first
edit after a save is committed, so a working copy whose owner died is
offered for recovery exactly when it may hold something the original does
not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from app import __version__
from app.storage import names
from app.storage.errors import StateFolderError, os_reason
from app.storage.local.process import host_name, is_alive, own_token, started_at
from app.storage.local.special_files import copy_regular, open_regular

APP_DIR_NAME = "ach-workbench"
WORKING_COPY = "worksheet.achw"
SIDECAR = "session.json"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_DIR_NAME))


def sessions_dir() -> Path:
    return state_dir() / "sessions"


def scratch_dir() -> Path:
    return state_dir() / "scratch"


def _private_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise state_folder_error(e) from e
    return path


def state_folder_error(e: OSError) -> StateFolderError:
    """``e``, raised making or writing something in the state folder, blaming that folder."""
    import errno

    if e.errno in (errno.ENOTDIR, errno.EEXIST):  # XDG_STATE_HOME names a file, say
        why = "part of its path is a file, not a folder"
    else:
        why = os_reason(e)
    folder = state_dir()
    return StateFolderError(
        f"ACH Workbench's state folder {names.shown(str(folder), 300)} cannot be used ({why}).",
        path=folder,
    )


@dataclass(frozen=True)
class Fingerprint:
    """What a file on disk looked like: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        with open_regular(path) as f:  # the analyst's file, now a named pipe: never wait
            st = os.fstat(f.fileno())
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        return cls(st.st_size, st.st_mtime_ns, digest)

    def same_stat(self, st: os.stat_result) -> bool:
        return st.st_size == self.size and st.st_mtime_ns == self.mtime_ns


class PendingFingerprint:
    """The fingerprint of a copy, computed in a thread while the copy is validated.

    :meth:`result` must be called before anything writes to the copy.
    """

    def __init__(self, st: os.stat_result, copy: Path) -> None:
        self._st = st
        self._copy = copy
        self._digest: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fingerprint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with open(self._copy, "rb") as f:
                self._digest = hashlib.file_digest(f, "sha256").hexdigest()
        except BaseException as e:  # handed to the caller by result()
            self._error = e

    def result(self) -> Fingerprint:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return Fingerprint(self._st.st_size, self._st.st_mtime_ns, self._digest)


def copy_original(source: Path, dest: Path) -> PendingFingerprint:
    """Copy ``source`` to ``dest`` and start fingerprinting what was copied."""
    st = copy_regular(source, dest)
    return PendingFingerprint(st, dest)


@dataclass
class SessionInfo:
    original: str | None
    read_only: bool
    modified: bool
    pid: int
    host: str
    process: str | None
    started: str
    baseline: Fingerprint | None
    program: str = f"ACH Workbench {__version__}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> SessionInfo:
        data: Any = json.loads(text)
        base = data.get("baseline")
        baseline = None
        if base is not None:
            baseline = Fingerprint(int(base["size"]), int(base["mtime_ns"]), str(base["sha256"]))
        original = data["original"]
        process = data.get("process")
        info = cls(
            original=None if original is None else str(original),
            read_only=bool(data["read_only"]),
            modified=bool(data["modified"]),
            pid=int(data["pid"]),
            host=str(data["host"]),
            process=None if process is None else str(process),
            started=str(data["started"]),
            baseline=baseline,
            program=str(data.get("program", "")),
        )
        return info


class Session:
    """One working-copy folder and its sidecar."""

    def __init__(self, folder: Path, info: SessionInfo) -> None:
        self.folder = folder
        self.info = info

    @property
    def working_copy(self) -> Path:
        return self.folder / WORKING_COPY

    @property
    def sidecar(self) -> Path:
        return self.folder / SIDECAR

    @property
    def original(self) -> Path | None:
        return None if self.info.original is None else Path(self.info.original)

    @classmethod
    def create(cls, original: Path | None, *, read_only: bool = False) -> Session:
        folder = _private_dir(sessions_dir()) / uuid.uuid4().hex
        try:
            folder.mkdir(mode=0o700)
        except OSError as e:
            raise state_folder_error(e) from e
        info = SessionInfo(
            original=None if original is None else str(original),
            read_only=read_only,
            modified=False,
            pid=os.getpid(),
            host=host_name(),
            process=own_token(),
            started=datetime.now().astimezone().isoformat(timespec="seconds"),
            baseline=None,
        )
        session = cls(folder, info)
        try:
            session.write(flush=False)  # nothing to lose yet: set_modified() flushes
        except OSError as e:
            session.remove()
            raise state_folder_error(e) from e
        return session

    @classmethod
    def load(cls, folder: Path) -> Session | None:
        """The session in ``folder``; ``None`` if its sidecar is missing or unreadable."""
        try:
            text = (folder / SIDECAR).read_text(encoding="utf-8")
            return cls(folder, SessionInfo.from_json(text))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def write(self, *, flush: bool = True) -> None:
        """Replace the sidecar atomically (and flush it to disk)."""
        fd, name = tempfile.mkstemp(prefix=".session-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(self.info.to_json())
                if flush:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(name, self.sidecar)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise

    def set_modified(self, modified: bool) -> None:
        if self.info.modified != modified:
            self.info.modified = modified
            self.write()

    def adopt(self) -> None:
        """Make this process the owner (after recovering a dead process's session)."""
        self.info.pid = os.getpid()
        self.info.host = host_name()
        self.info.process = own_token()
        self.info.read_only = False
        self.write()

    def owner_alive(self) -> bool:
        if self.info.host != host_name():
            return True  # a shared profile: cannot tell, so leave it alone
        return is_alive(self.info.pid, self.info.process)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def all_sessions() -> list[Session]:
    root = sessions_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir():
            session = Session.load(folder)
            if session is not None:
                found.append(session)
    return found


def new_scratch() -> Path:
    """A private folder for a short-lived copy (read_worksheet, check_worksheet)."""
    root = _private_dir(scratch_dir())
    try:
        return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
    except OSError as e:
        raise state_folder_error(e) from e


SCRATCH_SLACK = 5.0
"""Seconds: how far a folder's time and a process's start time may disagree (clock ticks,
a boot time given in whole seconds)."""


def _scratch_owner_gone(folder: os.DirEntry[str]) -> bool:
    """Whether the process that made scratch ``folder`` (its name starts with its pid) is gone.

    Gone when no process has that pid now, or when the process that has it
    started after the folder was last changed: a pid reused by a later
    process, which cannot have made it.
    """
    pid_text = folder.name.split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # not ours
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    if not is_alive(pid, None):
        return True
    start = started_at(pid)
    if start is None:
        return False
    try:
        changed = folder.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    return changed < start - SCRATCH_SLACK


def clean_scratch() -> list[str]:
    """Remove scratch folders of processes that no longer run; return their names.

    Every command and the window's start call it, so a copy that a killed
    check, score or export left is removed by the next run.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(scratch_dir()))
    except OSError:  # no state folder yet, or one that cannot be read
        return removed
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False) or not _scratch_owner_gone(entry):
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.name)
    return removed
