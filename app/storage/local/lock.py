"""The lock file beside an open worksheet (the office-suite convention).

Opening ``report.achw`` for editing creates ``.~lock.report.achw#`` beside
it, holding a small JSON object: who (user and host), which process, since
when.  A second program that wants to edit the file reads it and tells its
analyst who has the file open.  A lock left by a process that no longer
runs on this host is stale and is taken over; a lock from another host
cannot be checked and holds until its owner closes the file or someone
chooses to break it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.storage import names
from app.storage.errors import WorksheetLockedError, quoted
from app.storage.local import leftovers, special_files
from app.storage.local.process import host_name, is_alive, own_token, user_name


def lock_path(target: Path) -> Path:
    """``.~lock.NAME#`` beside ``target``; for a name too long for that, a short one of its own.

    Office suites name their locks the same way, so a file shared with their
    users shows the same lock.  When ``.~lock.NAME#`` would be longer than a
    file name may be, ``NAME`` is replaced by its :func:`~app.storage.names.tag`.
    """
    name = f".~lock.{target.name}#"
    if not names.fits(name):
        name = f".~lock.{names.tag(target.name)}#"
    return target.with_name(name)


OWNER_PART = 64
"""The most characters of a lock's user name, and of its host name, that are shown."""


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    process: str | None
    since: datetime

    @property
    def owner(self) -> str:
        """``user@host`` as shown to the analyst: another program wrote it, so no control
        characters, and not longer than a line."""
        return f"{names.shown(self.user, OWNER_PART)}@{names.shown(self.host, OWNER_PART)}"

    @classmethod
    def mine(cls) -> LockInfo:
        return cls(user_name(), host_name(), os.getpid(), own_token(), datetime.now().astimezone())

    def is_mine(self) -> bool:
        return (
            self.host == host_name()
            and self.pid == os.getpid()
            and (self.process is None or self.process == own_token())
        )

    def is_stale(self) -> bool:
        """Left by a process of this host that no longer runs."""
        return self.host == host_name() and self.pid > 0 and not is_alive(self.pid, self.process)

    def to_json(self) -> str:
        return json.dumps(
            {
                "program": f"ACH Workbench {__version__}",
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "process": self.process,
                "since": self.since.isoformat(timespec="seconds"),
            }
        )

    @classmethod
    def from_json(cls, text: str, *, fallback_since: datetime) -> LockInfo:
        """Parse a lock file; anything unreadable is a lock by someone unknown."""
        try:
            data: Any = json.loads(text)
            user, host, pid = data["user"], data["host"], data["pid"]
            process = data.get("process")
            if not (isinstance(user, str) and isinstance(host, str) and type(pid) is int):
                raise TypeError
            if process is not None and not isinstance(process, str):
                raise TypeError
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return cls("someone", "an unknown computer", 0, None, fallback_since)
        since = _moment(data.get("since"))  # unknown (out of range, not a time): the file's
        return cls(user[:100], host[:100], pid, process, since or fallback_since)


def _moment(value: object) -> datetime | None:
    """The time a lock's ``since`` names, if it is one this computer can show; else ``None``.

    ``0001-01-01T00:00:00+14:00`` parses, but is before the first moment that
    exists in local time: converting it overflows.
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        since = datetime.fromisoformat(value)
        if since.tzinfo is None:
            since = since.astimezone()
        since.astimezone()  # as locked_error shows it
    except (ValueError, OverflowError, OSError):
        return None
    return since


def _file_time(mtime: float) -> datetime:
    """A lock file's change time; now if the file says a time this computer cannot show."""
    try:
        moment = datetime.fromtimestamp(mtime).astimezone()
    except (ValueError, OverflowError, OSError):
        return datetime.now().astimezone()
    return moment


def _lock_file(path: Path) -> tuple[bytes, datetime] | None:
    """The start of the lock file at ``path`` and its change time, or None if there is none.

    Something there that cannot be read (a named pipe) holds nothing: b"".
    """
    try:
        # Other programs write locks on shared drives: a named pipe there must not hang us.
        with special_files.open_regular(path) as f:
            data = f.read(4096)
            mtime = os.fstat(f.fileno()).st_mtime
    except FileNotFoundError:
        return None
    except (OSError, special_files.NotARegularFileError):
        data, mtime = b"", 0.0
        with contextlib.suppress(OSError):
            mtime = os.lstat(path).st_mtime
    return data, _file_time(mtime)


def _parse(data: bytes, since: datetime) -> LockInfo:
    return LockInfo.from_json(data.decode("utf-8", "replace"), fallback_since=since)


def read_lock(target: Path) -> LockInfo | None:
    """The lock on ``target``, or ``None`` when there is none."""
    found = _lock_file(lock_path(target))
    return None if found is None else _parse(*found)


def locked_error(target: Path, info: LockInfo) -> WorksheetLockedError:
    since = f"{info.since.astimezone():%Y-%m-%d %H:%M}"
    return WorksheetLockedError(
        f"{quoted(target)} is already open by {info.owner} since {since}; "
        "you can open it read-only or as a copy.",
        path=target,
        owner=info.owner,
        since=info.since,
        here=info.host == host_name() and info.user == user_name(),
    )


def check_not_locked(target: Path) -> None:
    """Raise :class:`WorksheetLockedError` if a live program has ``target`` open."""
    info = read_lock(target)
    if info is not None and not info.is_stale():
        raise locked_error(target, info)


def _write_new(path: Path, data: bytes) -> None:
    """Make ``path`` holding ``data``, or nothing at all (a full disk leaves no empty file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def _temporary_name(target: Path) -> Path:
    """A name beside the lock that no other program uses, and that
    :func:`leftovers.remove_leftover_lock_temps` removes if a kill leaves it."""
    return lock_path(target).with_name(
        f".~lock.{names.tag(target.name)}.{uuid.uuid4().hex[:12]}.tmp"
    )


def breaker_path(target: Path) -> Path:
    """The file a program holds while it takes over the lock of ``target``."""
    return lock_path(target).with_name(f".~lock.{names.tag(target.name)}.breaking")


def _take_over(target: Path, seen: bytes, tmp: Path) -> bool:
    """Put this program's lock (``tmp``) in place of the lock that holds ``seen`` (stale,
    or one the analyst chose to break); False if another program is at it.

    Replacing it without more would let two programs that both found the same
    stale lock both think they hold it (each reads back its own after its
    replace).  So only the program that holds the breaker file may replace
    it, and only while it still holds what was seen: no other program changes
    a lock that exists except through the breaker (new locks need it gone).
    A breaker left by a kill is removed as a leftover after a few seconds.
    """
    breaker = breaker_path(target)
    try:
        _write_new(breaker, b"")
    except OSError:
        return False  # another program is taking it over (or the folder refuses files)
    try:
        now = _lock_file(lock_path(target))
        if now is None or now[0] != seen:
            return False  # it changed meanwhile: look again
        os.replace(tmp, lock_path(target))
        return True
    finally:
        with contextlib.suppress(OSError):
            breaker.unlink()


# Tries at taking the lock while other programs take it, or take it over, at once.
_ATTEMPTS = 20


class Lock:
    """A lock file this process holds."""

    def __init__(self, target: Path, info: LockInfo) -> None:
        self.target = target
        self.info = info

    @property
    def path(self) -> Path:
        return lock_path(self.target)

    @classmethod
    def acquire(cls, target: Path, *, break_lock: bool = False) -> Lock | None:
        """Take the lock on ``target``.

        Raises :class:`WorksheetLockedError` when a live program (or one on
        another host) holds it, unless ``break_lock``.  Returns ``None``
        when no lock file can be made there (a read-only folder): the file
        can still be opened, and saving will say why it cannot be written.
        """
        info = LockInfo.mine()
        data = info.to_json().encode("utf-8")
        path = lock_path(target)
        leftovers.remove_leftover_lock_temps(target)  # of acquires killed midway
        tmp = _temporary_name(target)
        try:
            _write_new(tmp, data)
        except OSError:
            return None
        try:
            for attempt in range(_ATTEMPTS):
                try:
                    os.link(tmp, path)
                    return cls(target, info)
                except FileExistsError:
                    pass
                except OSError:  # no hard links on this file system
                    try:
                        _write_new(path, data)
                        return cls(target, info)
                    except FileExistsError:
                        pass
                found = _lock_file(path)
                if found is None:
                    continue  # it went away meanwhile: try again
                seen, existing = found[0], _parse(*found)
                if existing.is_mine():
                    raise locked_error(target, existing)
                if not (break_lock or existing.is_stale()):
                    raise locked_error(target, existing)
                if _take_over(target, seen, tmp):
                    return cls(target, info)
                time.sleep(0.002 * (attempt + 1))  # another program is at it: let it finish
            last = read_lock(target)
            if last is not None:
                raise locked_error(target, last)
            return None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def held(self) -> bool:
        """Whether the lock file is still this process's (nobody broke it meanwhile)."""
        existing = read_lock(self.target)
        return existing is not None and existing.is_mine()

    def release(self) -> None:
        """Remove the lock file, if it is still ours (nobody broke it meanwhile)."""
        if self.held():
            with contextlib.suppress(OSError):
                self.path.unlink()


def remove_stale_lock(target: Path, pid: int, host: str) -> None:
    """Remove the lock on ``target`` if a dead process ``pid`` of ``host`` left it."""
    existing = read_lock(target)
    if (
        existing is not None
        and existing.pid == pid
        and existing.host == host
        and existing.is_stale()
    ):
        with contextlib.suppress(OSError):
            lock_path(target).unlink()
