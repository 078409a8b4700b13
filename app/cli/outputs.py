"""Writing the command line's outputs: checked targets, atomic files, standard output.

A target is checked before any work (it exists, it is a folder, it is the
input itself); a file is written by the storage's one atomic writer, a
worksheet file is built beside its target and put in place in one step,
and a named pipe or device is written into, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.cli.refusal import STDIO, Refusal

if TYPE_CHECKING:
    from app.domain.model import Worksheet


def check_target(name: str, force: bool, source: str | None = None) -> Path:
    from app.storage.local.special_files import WRITABLE, output_kind  # start-up

    path = Path(name)
    if source not in (None, STDIO) and path.exists() and path.samefile(source):
        raise Refusal(f"{name} is the input itself; write the output to another file")
    if path.is_dir():
        raise Refusal(f"{name} is a folder; give the name of the file to write")
    folder = path.parent
    if not folder.is_dir():
        raise Refusal(f"cannot write {name}: the folder {folder} does not exist")
    special = output_kind(path)
    if special in WRITABLE:
        return path  # written into, as a shell's ">" would: nothing is replaced
    if special is not None:
        raise Refusal(f"{name} is {special}; give the name of a file to write")
    if (path.exists() or path.is_symlink()) and not force:
        raise Refusal(f"{name} already exists; add --force to replace it")
    return path


def _special_target(target: Path) -> bool:
    """A named pipe or a device (``/dev/null``, ``/dev/stdout``): written into, never replaced."""
    from app.storage.local.special_files import WRITABLE, output_kind  # start-up

    return output_kind(target) in WRITABLE


def _write_into(target: Path, data: BinaryIO | bytes) -> None:
    from app.storage.local import files  # start-up
    from app.storage.local.special_files import OutputRefused, write_into  # start-up

    try:
        write_into(target, data)
    except OutputRefused as e:
        raise Refusal(str(e)) from None
    except OSError as e:
        raise files.target_error(e, target) from e


def check_stdout() -> None:
    """Refuse before any work when standard output, where the result goes, is closed."""
    if sys.stdout is None:  # started with it closed (`>&-`): Python sets sys.stdout to None
        raise Refusal("standard output is closed, so there is nowhere to write the result")


def write_stdout(data: bytes | str) -> None:
    """``data`` on standard output; a failure is one sentence naming standard output."""
    check_stdout()
    try:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            out = getattr(sys.stdout, "buffer", None)
            if out is None:  # stdout replaced by a text stream (an embedding program, a test)
                sys.stdout.write(data.decode("utf-8"))
            else:
                out.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:  # `> /dev/full`: the disk is full
        from app.storage.local.files import reason  # start-up

        silence_stdout()  # what is still buffered is dropped, not written again at exit
        raise Refusal(f"standard output could not be written ({reason(e)})") from None


def say(line: str) -> None:
    """A line of report on standard output; none when it is closed (the exit status tells)."""
    if sys.stdout is not None:
        write_stdout(line + "\n")


def write_bytes(name: str, data: bytes, force: bool) -> None:
    """Write ``data`` to ``name`` with the storage's one atomic writer, or to stdout for -."""
    if name == STDIO:
        write_stdout(data)
        return
    from app.storage.local.files import write_bytes_atomically  # start-up

    target = check_target(name, force)
    try:
        write_bytes_atomically(target, data, overwrite=force)
    except FileExistsError:  # appeared since the check: without --force it stays
        raise Refusal(f"{name} already exists; add --force to replace it") from None


def write_worksheet_file(ws: Worksheet, name: str, force: bool) -> None:
    """Write a worksheet file atomically; without ``force`` never replace an existing file."""
    from app.storage.achw.worksheet_file import write_worksheet  # start-up
    from app.storage.local import files, leftovers  # start-up
    from app.storage.local.lock import check_not_locked  # start-up
    from app.storage.local.special_files import real_target  # start-up

    target = check_target(name, force)
    if _special_target(target):
        _write_worksheet_into(ws, target)
        return
    target = real_target(target)  # through a symbolic link: the link stays
    if force:
        check_not_locked(target)  # refused while someone has the file open
    leftovers.remove_leftover_writes(target.parent)
    # Built in a private folder beside the target (its name short and hidden, whatever
    # the target is called, and locked while it lives), then put in place: without
    # --force a file that appeared meanwhile is never overwritten.
    try:
        work, held = leftovers.locked_folder(target)
    except OSError as e:
        raise files.folder_error(e, target) from e
    try:
        tmp = work / target.name
        write_worksheet(ws, tmp)
        try:
            os.chmod(tmp, _new_file_mode(target))
            if force:
                os.replace(tmp, target)
            else:
                files.publish_new(tmp, target)  # never over a file that appeared meanwhile
        except FileExistsError:
            raise Refusal(f"{target} already exists; add --force to replace it") from None
        except OSError as e:
            raise files.target_error(e, target) from e
        with contextlib.suppress(OSError):  # some file systems cannot flush a folder
            files.fsync_dir(target.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(held)


def _new_file_mode(target: Path) -> int:
    """The mode an ordinary new file would get, or target's own."""
    from app.storage.local.files import existing_mode  # start-up

    mode = existing_mode(target)
    if mode is not None:
        return mode
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_worksheet_into(ws: Worksheet, target: Path) -> None:
    """A worksheet file into a named pipe or a device: built in private, then streamed."""
    from app.storage.achw.worksheet_file import write_worksheet  # start-up
    from app.storage.local.session import new_scratch  # start-up

    work = new_scratch()
    try:
        built = work / "new.achw"
        write_worksheet(ws, built)
        with open(built, "rb") as f:
            _write_into(target, f)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass
