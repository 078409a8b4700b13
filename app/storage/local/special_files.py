"""Files that are not regular files: named pipes, devices, sockets, symbolic-link loops.

Reading one as a worksheet or an evidence list would hang (a named pipe no
program writes to), never end (``/dev/zero``) or fail with a puzzling error;
replacing one by a rename (``--force``) would put a regular file where the
system had ``/dev/null``.  So every reader checks with ``os.stat`` before it
opens anything, opens with ``O_NONBLOCK`` and checks the open file again
(``fstat``), so that a file swapped for a pipe in between cannot hang it
either; and every writer asks :func:`output_kind` before it renames.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from app.storage import limits
from app.storage.errors import NotAWorksheetError, quoted

LOOP = "a symbolic link that leads round in a circle"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | _NONBLOCK


class NotARegularFileError(NotAWorksheetError):
    """A named pipe, a device, a socket or a symbolic-link loop where a file was expected."""


def kind(mode: int) -> str | None:
    """What a file of ``mode`` is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a disk device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"  # pragma: no cover - doors, whiteouts: other systems


def refusal(path: Path | str, what: str) -> NotARegularFileError:
    end = "" if what == LOOP else ", not a regular file"
    return NotARegularFileError(f"{quoted(path)} is {what}{end}.", path=Path(path))


def stat_regular(path: Path | str) -> os.stat_result:
    """``os.stat(path)``, refusing anything but a regular file (a folder too)."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise refusal(path, LOOP) from None
        raise
    what = kind(st.st_mode)
    if what is not None:
        raise refusal(path, what)
    return st


def open_regular(path: Path | str) -> io.BufferedReader:
    """``path`` opened for reading, if it is a regular file; never blocks on opening."""
    stat_regular(path)  # devices are not even opened: opening some has side effects
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise refusal(path, LOOP) from None
        raise
    try:
        what = kind(os.fstat(fd).st_mode)  # swapped for something else since the stat?
        if what is not None:
            raise refusal(path, what)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int) -> bytes:
    """At most ``limit`` bytes from the start of the regular file ``path``."""
    with open_regular(path) as f:
        return f.read(limit)


def read_whole(path: Path | str) -> bytes:
    """All of the regular file ``path`` (the window's imports: JSON, CSV).

    Never more than an import takes: a larger file (a 2 GB sparse file named
    ``.json``) is refused before its bytes are read into memory.
    """
    with open_regular(path) as f:
        # Its size first (nothing read); the read is bounded too, for a file that grows.
        large = os.fstat(f.fileno()).st_size > limits.MAX_FILE_BYTES
        data = b"" if large else f.read(limits.MAX_FILE_BYTES + 1)
    if large or len(data) > limits.MAX_FILE_BYTES:
        raise NotAWorksheetError(
            f"{quoted(path)} is larger than {limits.MAX_FILE_BYTES // 1_000_000} MB, "
            "the limit for an imported file.",
            path=Path(path),
        )
    return data


# -- outputs ----------------------------------------------------------------------------

WRITABLE = ("a named pipe (FIFO)", "a device")
"""What an output may be besides a regular file: written into, never replaced."""


def output_kind(path: Path) -> str | None:
    """What ``path`` is if it is not a regular file nor missing (links followed), else ``None``.

    A symbolic link that leads nowhere counts as missing; one that leads
    round in a circle is :data:`LOOP`.
    """
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return LOOP
        return None
    return kind(st.st_mode)


def real_target(path: Path) -> Path:
    """Where a write to ``path`` must go: through symbolic links to the file they lead to.

    A link to a regular file is kept and the file it leads to is replaced,
    as editors do; a link that leads to no file yet is kept and the file is
    made where it leads.  Links the kernel makes up (``/dev/stdout`` leads to
    ``/proc/self/fd/1``, which names "pipe:[…]" or a deleted file) do not
    always name a real path; then ``path`` itself is returned and the caller
    writes into it (it is not a regular file) or refuses.
    """
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    try:
        os.stat(path)
    except FileNotFoundError:
        # A link to a file not there yet: the file is made where the link leads (as a
        # shell's ">" makes it), the link stays, as for a link to a file that exists.
        return real
    except OSError:
        return path
    try:
        if os.path.samefile(real, path) and stat.S_ISREG(os.lstat(real).st_mode):
            return real
    except OSError:
        pass
    return path


class OutputRefused(Exception):
    """``str()``: one sentence saying why nothing can be written into a special file."""


def write_into(path: Path, chunks: BinaryIO | bytes) -> None:
    """Write into a named pipe or a device (``/dev/null``, ``/dev/stdout``) without replacing it.

    A pipe that no program reads from is refused at once rather than
    waited for.  Raises :class:`OutputRefused`, or ``OSError`` naming ``path``.
    """
    q = quoted(path)
    try:
        fd = os.open(path, os.O_WRONLY | _OPEN_FLAGS)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise OutputRefused(f"{q} is a named pipe that no program is reading from") from None
        raise
    try:
        what = kind(os.fstat(fd).st_mode)
        if what not in WRITABLE:  # swapped for a regular file (or worse) since the check
            raise OutputRefused(f"{q} changed while it was being written; nothing was written")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=False) as out:
            if isinstance(chunks, bytes):
                out.write(chunks)
            else:
                while block := chunks.read(1 << 20):
                    out.write(block)
    except BrokenPipeError:
        raise OutputRefused(f"the program reading {q} stopped before it had read it all") from None
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


class DestinationError(OSError):
    """Writing the copy failed (its disk, not the file copied): same errno, names the copy."""


def copy_regular(source: Path, dest: Path) -> os.stat_result:
    """Copy the regular file ``source`` to a new ``dest``; return what ``source`` was.

    Reads from the file it checked, so a file swapped for a named pipe or a
    device meanwhile is refused rather than read.  Never copies more than
    :data:`~app.storage.limits.MAX_WORKSHEET_FILE_BYTES` (a file that grows
    after its size was checked is refused).  A failure to make or write
    ``dest`` is a :class:`DestinationError`, so that the caller can blame the
    right disk.
    """
    limit = limits.MAX_WORKSHEET_FILE_BYTES
    with open_regular(source) as src:
        st = os.fstat(src.fileno())
        try:
            out = open(dest, "xb")  # noqa: SIM115 - closed by the with below; its errors apart
        except OSError as e:
            raise DestinationError(e.errno, e.strerror, str(dest)) from e
        with out:
            copied = 0
            while block := src.read(1 << 20):
                copied += len(block)
                if copied > limit:
                    raise NotAWorksheetError(
                        f"{quoted(source)} grew larger than {limit // 1_000_000} MB, the limit "
                        "for a worksheet file, while it was being read.",
                        path=source,
                    )
                try:
                    out.write(block)
                except OSError as e:
                    raise DestinationError(e.errno, e.strerror, str(dest)) from e
            try:
                out.flush()
            except OSError as e:
                raise DestinationError(e.errno, e.strerror, str(dest)) from e
    return st
