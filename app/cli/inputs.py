"""Reading the command line's inputs: files or standard input, limited, sniffed, loaded.

Nothing here imports storage or the formats at module level: a command
loads what it reads when it reads it (see :mod:`app.cli`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.cli.refusal import STDIO, Refusal, shown
from app.storage.limits import MAX_FILE_BYTES

if TYPE_CHECKING:
    from app.domain.model import Worksheet
    from app.interchange.registry import Format


def read_limited(name: str) -> bytes:
    """The bytes of file ``name`` (or standard input for ``-``), refusing oversize input early."""

    data = read_upto(name, MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Refusal(
            f"{shown(name)} is larger than {MAX_FILE_BYTES // 1_000_000} MB, "
            "the limit for an imported file"
        )
    return data


def read_upto(name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of file ``name`` (or standard input for ``-``)."""
    if name == STDIO:
        return _read_stdin(limit)
    _tidy_beside(name)
    return _read_file(name, limit)


def _read_stdin(limit: int) -> bytes:
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with standard input closed: Python sets sys.stdin to None
        raise Refusal("standard input is closed; give a file name instead of -")
    try:
        data = stream.read(limit)
    except OSError as e:  # a folder (< /), a terminal that went away
        from app.storage.local.files import reason  # start-up

        raise Refusal(f"standard input could not be read ({reason(e)})") from None
    if not data:
        raise Refusal("standard input is empty; give a file name instead of -, or pipe one in")
    return data


def _read_file(name: str, limit: int) -> bytes:
    """The start of the file ``name``: never a named pipe, a device or a folder."""
    from app.storage.local.special_files import read_regular  # start-up

    if Path(name).is_dir():
        raise Refusal(f"{name} is a folder, not a file")
    return read_regular(name, limit)


def _tidy_beside(name: str) -> None:
    """Remove what killed imports and exports of this program left in the folder of ``name``."""
    from app.storage.local.leftovers import remove_leftover_writes  # start-up

    if name != STDIO:
        remove_leftover_writes(Path(name).parent)


def _head(name: str) -> bytes:
    """The first bytes of file ``name`` (none for standard input): enough for the SQLite header."""
    from app.storage.stored import SQLITE_HEADER  # start-up

    if name == STDIO:
        return b""
    return _read_file(name, len(SQLITE_HEADER))


def has_sqlite_header(name: str) -> bool:
    from app.storage.stored import SQLITE_HEADER  # start-up

    return _head(name).startswith(SQLITE_HEADER)


def is_worksheet_file(name: str) -> bool:
    """Named .achw or starting with the SQLite header: opened by the storage, not read here."""
    from app.interchange.registry import native  # start-up

    return name != STDIO and native().sniff(_head(name), name)


def format_of(data: bytes, name: str, among: list[Format] | None = None) -> Format:
    """The registry's one answer on the format of ``data`` (all formats unless ``among``)."""
    from app.interchange.registry import sniff  # start-up

    return sniff(data, "" if name == STDIO else name, among, shown=shown(name))


def load(name: str, *, group: bool = False) -> Worksheet:
    """A worksheet from a worksheet file (.achw), its JSON form or a team server
    (``group``: each cell's consensus of the team's ratings), validated."""
    from app.interchange.registry import whole_worksheets  # start-up
    from app.storage.team.connection import ServerAddress, is_server_address  # start-up

    if is_server_address(name):
        from app.storage.team.worksheets import read_team_worksheet  # start-up

        return read_team_worksheet(ServerAddress.parse(name), group=group)
    if group:
        raise Refusal("--group takes a team worksheet's address (URL#ID), not a file")
    if name != STDIO:
        from app.storage.address import parse_address  # start-up

        address = parse_address(name)  # refuses a kind of address this version lacks
        if is_worksheet_file(name):
            from app.storage.stores import read_stored  # start-up

            return read_stored(address)
    data = read_limited(name)
    fmt = format_of(data, name, whole_worksheets())
    if fmt.reader is None:  # a worksheet file's bytes on standard input
        raise Refusal("a worksheet file cannot be read from standard input; give its file name")
    return read_whole(fmt, data, name, part=None, then="import one with --matrix N first")


def read_whole(
    fmt: Format, data: bytes, name: str, *, part: int | None, then: str = ""
) -> Worksheet:
    """The worksheet ``fmt`` reads from ``data``; ``part``: which one, of a file of several.

    ``then``: what to do about a file of several when none was chosen
    (by default: choose one with --matrix N).
    """
    from app.interchange.format import SeveralParts  # start-up

    source = shown(name)
    if part is not None and fmt.part_reader is None:
        raise Refusal(
            f"--matrix chooses a matrix of a PARC ACH project; {source} is {fmt.described}"
        )
    try:
        return fmt.read(data, source=source, title=title(name), part=part)
    except SeveralParts as several:
        n = len(several.parts)
        advice = then or f"choose one with --matrix N (1 to {n})"
        raise Refusal(f"{source} holds {n} {several.noun}; {advice}") from None


def refuse_worksheet_on_stdin(name: str, data: bytes, wanted: str) -> None:
    """A worksheet file piped in is not an evidence list: say what it is, and where it goes."""
    from app.storage.stored import SQLITE_HEADER  # start-up

    if name == STDIO and data.startswith(SQLITE_HEADER):
        raise Refusal(
            f"standard input holds a worksheet file, which must be given by its file name; {wanted}"
        )


def title(name: str) -> str:
    """The title of a worksheet made from an evidence list: the file's name without suffix."""
    return "" if name == STDIO else Path(name).stem
