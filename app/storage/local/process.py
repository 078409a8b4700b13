"""Who we are, and whether a process that left a lock or a working copy still runs."""

from __future__ import annotations

import getpass
import os
import socket
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def host_name() -> str:
    return socket.gethostname() or "localhost"


@lru_cache(maxsize=1)
def user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers, services)
        return "unknown"


def _boot_id() -> str | None:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            return f.read().strip() or None
    except OSError:
        return None


def process_token(pid: int) -> str | None:
    """A string that tells this process from a later one that reuses its pid.

    On Linux: the boot id and the process's start time; elsewhere ``None``
    (then only the pid is compared).
    """
    boot = _boot_id()
    if boot is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return f"{boot}/{fields[19]}"


def started_at(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch); ``None`` where it cannot be told.

    On Linux: the boot time of ``/proc/stat`` plus the start of ``/proc/PID/stat``, in
    clock ticks; precise to about a second.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read()
        with open("/proc/stat", encoding="ascii", errors="replace") as f:
            boot = next((line.split()[1] for line in f if line.startswith("btime ")), None)
        ticks = int(fields[fields.rfind(")") + 2 :].split()[19])
        if boot is None:
            return None
        return int(boot) + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@lru_cache(maxsize=1)
def own_token() -> str | None:
    return process_token(os.getpid())


PID_MAX = 2**31 - 1
"""No system gives a process a larger id (a lock file may say anything)."""


def _pid_exists(pid: int) -> bool:
    if not 0 < pid <= PID_MAX:  # os.kill would raise OverflowError; -1 means "everyone"
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return bool(code.value == 259)  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def is_alive(pid: int, token: str | None) -> bool:
    """Whether the process ``pid`` (started as ``token``) still runs on this host."""
    if pid == os.getpid():
        mine = own_token()
        return token is None or mine is None or token == mine
    if not _pid_exists(pid):
        return False
    if token is not None:
        now = process_token(pid)
        if now is not None and now != token:
            return False  # the pid now belongs to another process
    return True
